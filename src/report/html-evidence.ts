import type { Evidence } from '../core/evidence.js';
import { VERDICT_LABEL } from './describe.js';
import { escapeMarkup as h } from './escape.js';
import { stringsOf, tokensIn, type DecodedToken } from './jwt-view.js';
import { badge } from './html-parts.js';

/**
 * A result's evidence in the HTML report: folded on screen (`<details>`), its summary line (how
 * many items, their findings, tokens decoded) all a print shows. Every string is escaped.
 */
export function evidenceBlock(evidence: readonly Evidence[]): string {
  if (evidence.length === 0) return '<p class="ev-none muted">No evidence recorded.</p>';
  const items = evidence.map((e) => ({
    e,
    tokens: tokensIn([...stringsOf([e.label, e.outcome, e.details])].join('\n')),
  }));
  const tokens = items.reduce((n, i) => n + i.tokens.length, 0);
  const findings = new Map<string, number>();
  for (const { e } of items) if (e.finding) findings.set(e.finding, (findings.get(e.finding) ?? 0) + 1);
  const counted = [...findings].map(
    ([f, n]) => `${n} ${f === 'info' ? 'INFO' : VERDICT_LABEL[f as keyof typeof VERDICT_LABEL]}`,
  );
  const summary = `Evidence: ${evidence.length} item${evidence.length === 1 ? '' : 's'}${counted.length ? ` (${counted.join(', ')})` : ''}${tokens ? `, ${tokens} token${tokens === 1 ? '' : 's'} decoded` : ''}`;
  return `<details class="evidence"><summary>${h(summary)}</summary><ol class="evidence">${items
    .map(({ e, tokens: t }) => evidenceItem(e, t))
    .join('')}</ol></details>`;
}

function evidenceItem(e: Evidence, tokens: readonly DecodedToken[]): string {
  const finding = e.finding ? ` ${badge(e.finding)}` : '';
  const details =
    e.details && Object.keys(e.details).length
      ? `<dl class="kv">${Object.entries(e.details).map(detail).join('')}</dl>`
      : '';
  return `<li><div class="ev-head"><strong>${h(e.label)}</strong> &mdash; <span>${h(e.outcome)}</span>${finding}</div>${details}${tokens.map(tokenView).join('')}</li>`;
}

/** A token's header and claims; its signature was cut by the redactor and is not shown. */
function tokenView(t: DecodedToken): string {
  return `<dl class="kv jwt"><dt>JWT header</dt><dd><pre>${h(JSON.stringify(t.header, null, 2))}</pre></dd><dt>JWT claims</dt><dd><pre>${h(JSON.stringify(t.claims, null, 2))}</pre></dd></dl>`;
}

type Scalar = string | number | boolean | null | undefined;

function isScalar(value: unknown): value is Scalar {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

/** Scalars and lists of them inline, flat objects as a nested list, anything deeper as pre-formatted JSON. */
function detail([key, value]: [string, unknown]): string {
  return `<dt>${h(key)}</dt><dd>${detailValue(value)}</dd>`;
}

function detailValue(value: unknown): string {
  if (typeof value === 'string') return value.includes('\n') ? `<pre>${h(value)}</pre>` : h(value);
  if (isScalar(value)) return `<span class="mono">${h(String(value))}</span>`;
  if (
    Array.isArray(value) &&
    value.every(isScalar) &&
    !value.some((v) => typeof v === 'string' && v.includes('\n'))
  ) {
    return value.length ? h(value.map((v) => String(v)).join(', ')) : '<span class="muted">(none)</span>';
  }
  const entries = Array.isArray(value) ? [] : Object.entries(value as Record<string, unknown>);
  if (entries.length && entries.every(([, v]) => isScalar(v)))
    return `<dl class="kv">${entries.map(detail).join('')}</dl>`;
  return `<pre>${h(JSON.stringify(value, null, 2))}</pre>`;
}
