import { headerValue, type HttpResult } from './client.js';

/** The wait a 429 asks for, from Retry-After (seconds or an HTTP date), capped. */
export function retryAfterMs(result: HttpResult, capMs: number): number {
  if (!result.ok) return 0;
  const value = headerValue(result.response.headers, 'retry-after');
  const seconds = value === undefined ? NaN : Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : value ? Date.parse(value) - Date.now() : 1000;
  return Math.min(Math.max(Number.isFinite(ms) ? ms : 1000, 0), capMs);
}

/**
 * A 429 is the server asking for a later retry, not an answer to judge: wait as it asks (within
 * `capMs`) and send once more. A second 429 is returned as it is, for the check to call undecided.
 */
export async function sendRespectingRateLimit(
  send: () => Promise<HttpResult>,
  capMs: number,
): Promise<HttpResult> {
  const first = await send();
  if (!first.ok || first.response.status !== 429) return first;
  await new Promise((resolve) => setTimeout(resolve, retryAfterMs(first, capMs)));
  return send();
}
