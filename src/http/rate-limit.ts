import { retryDelayMs } from '../modi/rate-limit.js';
import type { HttpResult } from './client.js';

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
  await new Promise((resolve) => setTimeout(resolve, retryDelayMs(first.response, 1000, capMs)));
  return send();
}
