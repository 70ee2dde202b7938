import type { Verdict } from '../core/verdict.js';
import { VERDICT_LABEL } from './describe.js';

/** Small pieces shared by the parts of the HTML report. */

export function badge(verdict: Verdict | 'info'): string {
  const label = verdict === 'info' ? 'INFO' : VERDICT_LABEL[verdict];
  return `<span class="badge v-${verdict}">${label}</span>`;
}

/** An ISO instant as a reader writes it: "2026-11-23 13:43:01 UTC". */
export function when(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}
