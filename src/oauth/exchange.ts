import {
  headerValue,
  httpRequest,
  type HttpRequest,
  type HttpResponse,
  type HttpResult,
} from '../http/client.js';
import { retryDelayMs } from '../modi/rate-limit.js';

/**
 * The DPoP nonces a server supplied (RFC 9449 section 8/9): the latest, whether it ever supplied
 * one, how many use_dpop_nonce challenges were answered, and the distinct values in the order
 * first seen (bounded), so a nonce the server has since replaced can be sent as a stale one.
 */
export interface NonceState {
  value?: string;
  seen: boolean;
  challenges: number;
  issued: string[];
}

export const newNonceState = (): NonceState => ({ seen: false, challenges: 0, issued: [] });

const MAX_NONCES_KEPT = 16;

function remember(state: NonceState, nonce: string): void {
  state.value = nonce;
  state.seen = true;
  if (!state.issued.includes(nonce) && state.issued.length < MAX_NONCES_KEPT) state.issued.push(nonce);
}

/** Bounds on waiting out 429s: how many waits, and the longest single wait. */
interface RateLimitBounds {
  maxWaits: number;
  maxWaitMs: number;
}

const DEFAULT_BOUNDS: RateLimitBounds = { maxWaits: 2, maxWaitMs: 5_000 };

export interface ExchangeOptions {
  timeoutMs: number;
  /** Nonce state shared between the requests to one server; a fresh one per exchange if absent. */
  nonce?: NonceState;
  /** Retry once when challenged with use_dpop_nonce (default true; false for nonce negatives). */
  answerChallenge?: boolean;
  rateLimit?: RateLimitBounds;
  /** Sends one attempt (default: httpRequest); a caller may throttle or count attempts here. */
  send?: (req: HttpRequest) => Promise<HttpResult>;
  /** Sees every response, challenges and 429s included (a caller's log). */
  onResponse?: (res: HttpResponse) => void;
  /** Called before each wait after a 429. */
  onRateLimitWait?: () => void;
}

export type Exchanged =
  | { ok: true; response: HttpResponse; challengeAnswered: boolean; rateLimitWaits: number }
  | { ok: false; error: string; code?: string };

/** The OAuth error code of a response: WWW-Authenticate's error="...", else the JSON body's error. */
export function oauthError(res: Pick<HttpResponse, 'headers' | 'body'>): string | undefined {
  const www = headerValue(res.headers, 'www-authenticate');
  const fromHeader = www ? /error="([^"]*)"/.exec(www)?.[1] : undefined;
  if (fromHeader) return fromHeader;
  try {
    const json = JSON.parse(res.body.toString('utf8')) as { error?: unknown };
    return typeof json.error === 'string' ? json.error : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How a response asks for a DPoP nonce (RFC 9449 sections 8 and 9): 400 from a token endpoint or
 * 401 from a resource server with error use_dpop_nonce is a challenge; it can be answered only
 * when the nonce to use comes in a DPoP-Nonce header ('with-nonce'), else it cannot ('without-nonce').
 */
export function nonceChallenge(
  res: Pick<HttpResponse, 'status' | 'headers' | 'body'>,
): 'with-nonce' | 'without-nonce' | undefined {
  if ((res.status !== 400 && res.status !== 401) || oauthError(res) !== 'use_dpop_nonce') return undefined;
  return headerValue(res.headers, 'dpop-nonce') !== undefined ? 'with-nonce' : 'without-nonce';
}

/** A use_dpop_nonce challenge that supplies the nonce to use: the one the exchange answers. */
export function isNonceChallenge(res: Pick<HttpResponse, 'status' | 'headers' | 'body'>): boolean {
  return nonceChallenge(res) === 'with-nonce';
}

/**
 * A nonce the server has certainly replaced: the first one seen, once two others have followed.
 * A server may keep the previous nonce valid on purpose (a request in flight during a rotation),
 * so the first nonce is stale only after the second has been replaced too.
 */
export function staleNonce(state: Pick<NonceState, 'issued'>): string | undefined {
  return state.issued.length >= 3 ? state.issued[0] : undefined;
}

/**
 * Sends a request built for the current nonce. A use_dpop_nonce challenge is answered once with
 * the supplied nonce and a freshly built request (new jti); a 429 is waited out as the server
 * asks, a bounded number of times. Neither is a verdict, so neither is returned unless the
 * retries run out - then the last response is returned and the caller judges it.
 */
export async function exchange(
  build: (nonce?: string) => Promise<HttpRequest | Omit<HttpRequest, 'timeoutMs'>>,
  o: ExchangeOptions,
): Promise<Exchanged> {
  const nonce = o.nonce ?? newNonceState();
  const bounds = o.rateLimit ?? DEFAULT_BOUNDS;
  const send = o.send ?? httpRequest;
  let challenged = false;
  let waits = 0;
  for (;;) {
    const req = await build(nonce.value);
    const result = await send({ ...req, timeoutMs: o.timeoutMs });
    if (!result.ok) return result;
    const res = result.response;
    o.onResponse?.(res);
    const supplied = headerValue(res.headers, 'dpop-nonce');
    if (supplied) remember(nonce, supplied);
    if (!challenged && o.answerChallenge !== false && isNonceChallenge(res)) {
      challenged = true;
      nonce.challenges += 1;
      continue;
    }
    if (res.status === 429 && waits < bounds.maxWaits) {
      waits += 1;
      o.onRateLimitWait?.();
      await new Promise((r) => setTimeout(r, retryDelayMs(res, 1000, bounds.maxWaitMs)));
      continue;
    }
    return { ok: true, response: res, challengeAnswered: challenged, rateLimitWaits: waits };
  }
}
