import type { ParsedCsr } from './parse.js';
import type { CsrFinding, ThalesEnv } from './each.js';

/** Thales' CN pattern, TLSMA-<RSA|ECDSA>/<tspId>/TSH/TSP.<env>, with its parts captured. */
const THALES_CN = /^TLSMA-([^/]*)\/([^/]*)\/TSH\/TSP\.(.*)$/;

/** The key-type word of the CN for the request's real key. */
function keyWord(csr: ParsedCsr): string | undefined {
  if (csr.key.type === 'rsa') return 'RSA';
  if (csr.key.type === 'ec') return 'ECDSA';
  return undefined;
}

/**
 * TH-CSR-03: the CN follows the pattern; its key-type word is the real key's, its tspId the
 * configured one, its env PPR or PRD and the environment the request is declared for.
 */
export function judgeCsrCommonName(csr: ParsedCsr, tspId: string, env: ThalesEnv): CsrFinding {
  const cns = csr.subject.filter((a) => a.type === 'CN').map((a) => a.value);
  if (cns.length !== 1) return { ok: false, found: `the subject has ${cns.length} CN attributes, not one` };
  const cn = cns[0]!;
  const expected = `TLSMA-${keyWord(csr) ?? '<RSA|ECDSA>'}/${tspId}/TSH/TSP.${env}`;
  const m = THALES_CN.exec(cn);
  if (!m)
    return {
      ok: false,
      found: `CN ${JSON.stringify(cn)} does not follow the pattern (expected "${expected}")`,
    };
  const [, word, id, cnEnv] = m;
  const problems = [
    ...(word === keyWord(csr)
      ? []
      : [
          `key-type word "${word}" but the key is ${csr.key.type.toUpperCase()} (${keyWord(csr) ?? 'neither RSA nor ECDSA'})`,
        ]),
    ...(id === tspId ? [] : [`tspId "${id}" is not the configured "${tspId}"`]),
    ...(cnEnv === 'PPR' || cnEnv === 'PRD' ? [] : [`env "${cnEnv}" is neither PPR nor PRD`]),
    ...(cnEnv !== env && (cnEnv === 'PPR' || cnEnv === 'PRD')
      ? [`env "${cnEnv}" but the request is declared for ${env}`]
      : []),
  ];
  return problems.length
    ? { ok: false, found: `CN ${JSON.stringify(cn)}: ${problems.join('; ')} (expected "${expected}")` }
    : { ok: true, found: `CN ${JSON.stringify(cn)}` };
}
