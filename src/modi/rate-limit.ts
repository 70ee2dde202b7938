import { headerValue, type HttpResponse } from '../http/client.js';

const RATE_LIMIT_HEADERS = ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-interval'] as const;

/** PDND3-RATE-01: the three headers are non-negative integers and Remaining <= Limit. */
export function rateLimitProblems(response: Pick<HttpResponse, 'headers'>): string[] {
  const problems: string[] = [];
  const values: Record<string, number> = {};
  for (const name of RATE_LIMIT_HEADERS) {
    const v = headerValue(response.headers, name);
    if (v === undefined) problems.push(`no ${name} header`);
    else if (!/^\d+$/.test(v.trim()))
      problems.push(`${name} "${v.slice(0, 40)}" is not a non-negative integer`);
    else values[name] = Number(v.trim());
  }
  const limit = values['x-rate-limit-limit'];
  const remaining = values['x-rate-limit-remaining'];
  if (limit !== undefined && remaining !== undefined && remaining > limit)
    problems.push(`X-Rate-Limit-Remaining ${remaining} exceeds X-Rate-Limit-Limit ${limit}`);
  return problems;
}

/**
 * How long a 429 asks us to wait: Retry-After (seconds or HTTP date), else the rate-limit
 * interval when nothing remains, else a default; always capped, so a run stays bounded.
 */
export function retryDelayMs(
  response: Pick<HttpResponse, 'headers'>,
  fallbackMs: number,
  capMs: number,
  now = Date.now(),
): number {
  const retryAfter = headerValue(response.headers, 'retry-after')?.trim();
  let ms: number | undefined;
  if (retryAfter && /^\d+$/.test(retryAfter)) ms = Number(retryAfter) * 1000;
  else if (retryAfter && !Number.isNaN(Date.parse(retryAfter))) ms = Date.parse(retryAfter) - now;
  else {
    const interval = Number(headerValue(response.headers, 'x-rate-limit-interval'));
    const remaining = Number(headerValue(response.headers, 'x-rate-limit-remaining'));
    if (Number.isFinite(interval) && remaining === 0) ms = interval;
  }
  return Math.min(Math.max(ms ?? fallbackMs, 0), capMs);
}
