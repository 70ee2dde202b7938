import type { ParsedCsr } from './parse.js';
import type { CsrFinding } from './each.js';

/** The subject attributes the Thales CSR must name, in the order of its openssl example. */
const REQUIRED = ['C', 'ST', 'L', 'O', 'OU'] as const;

/** TH-CSR-04: C, ST, L, O and OU present and non-empty, C two letters. */
export function judgeCsrSubject(csr: ParsedCsr): CsrFinding {
  const values = (type: string) => csr.subject.filter((a) => a.type === type).map((a) => a.value.trim());
  const problems = REQUIRED.flatMap((type) => {
    const v = values(type);
    if (!v.length) return [`${type} is missing`];
    if (v.some((x) => !x)) return [`${type} is empty`];
    if (type === 'C' && !v.every((x) => /^[A-Za-z]{2}$/.test(x)))
      return [`C is ${JSON.stringify(v.join(','))}, not two letters`];
    return [];
  });
  const shown = REQUIRED.map((t) => `${t}=${values(t).join('+') || '(none)'}`).join(', ');
  return problems.length
    ? { ok: false, found: `${problems.join(', ')} (subject ${shown})` }
    : { ok: true, found: `the subject names ${shown}` };
}
