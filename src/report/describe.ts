import type { Evidence } from '../core/evidence.js';
import type { ResultRecord } from '../core/suite.js';
import type { Verdict } from '../core/verdict.js';
import { pointerText, sectionPointers } from './source-pointer.js';

/** What each exit status means (DESIGN.md), in words for a reader of the report. */
export const EXIT_MEANING: Record<number, string> = {
  0: 'compliant (no FAIL; warnings allowed)',
  1: 'NOT compliant (at least one FAIL)',
  2: 'unusable configuration or arguments (nothing was run)',
  3: 'compliance could not be established (a MUST requirement is inconclusive, or the run was interrupted)',
};

export function exitMeaning(code: number): string {
  return EXIT_MEANING[code] ?? 'unknown exit status';
}

/** Verdict names as printed: upper case, so a black-and-white print still says it in words. */
export const VERDICT_LABEL: Record<Verdict, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  inconclusive: 'INCONCLUSIVE',
  'not-applicable': 'NOT APPLICABLE',
  manual: 'MANUAL',
};

/** The source of a result as pointers (file, section, point), "; " between two. */
export function sourceLine(r: Pick<ResultRecord, 'source' | 'section'>): string {
  return sectionPointers(r.source, r.section).map(pointerText).join('; ');
}

/** The test name shared by JUnit and Allure. */
export function caseName(r: ResultRecord): string {
  return `${r.id} [${r.site}]`;
}

/** Evidence as plain text (JUnit system-out): one block per item, details as indented JSON. */
export function evidenceText(evidence: readonly Evidence[]): string {
  if (evidence.length === 0) return 'No evidence recorded.';
  return evidence
    .map((e, i) => {
      const head = `${i + 1}. ${e.label}: ${e.outcome}${e.finding ? ` [${e.finding}]` : ''}`;
      const details =
        e.details && Object.keys(e.details).length ? `\n${indent(JSON.stringify(e.details, null, 2))}` : '';
      return head + details;
    })
    .join('\n');
}

/** Groups in first-seen order; every group has at least one item. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, [T, ...T[]]][] {
  const groups = new Map<string, [T, ...T[]]>();
  for (const item of items) {
    const k = key(item);
    const existing = groups.get(k);
    if (existing) existing.push(item);
    else groups.set(k, [item]);
  }
  return [...groups];
}

function indent(text: string): string {
  return text.replace(/^/gm, '   ');
}
