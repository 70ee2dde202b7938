import { setTimeout as sleep } from 'node:timers/promises';
import { headerValue, httpRequest, type HttpRequest, type HttpResponse } from '../../http/client.js';

/** What came back from one request, as evidence needs it (never the body of a success). */
export interface Observation {
  status?: number;
  wwwAuthenticate?: string;
  /** The OAuth error code (WWW-Authenticate or body), or the problem's title. */
  error?: string;
  description?: string;
  /** Our own client could not complete the request: not a verdict on the peer. */
  transportError?: string;
  /** A use_dpop_nonce challenge was answered by one retry with the nonce and a fresh jti. */
  challengeAnswered?: boolean;
  /** The parsed JSON body (token responses); not copied to evidence. */
  json?: Record<string, unknown>;
}

/** The DPoP nonce a server last supplied; `seen` records that it ever supplied one. */
export interface NonceState {
  value?: string;
  seen: boolean;
  /** use_dpop_nonce challenges answered so far. */
  challenges: number;
}

export const newNonceState = (): NonceState => ({ seen: false, challenges: 0 });

export interface ExchangeOptions {
  nonce?: NonceState;
  /** Retry once when challenged with use_dpop_nonce (default true; false for nonce negatives). */
  answerChallenge?: boolean;
  timeoutMs: number;
}

/** Bounds on retries: one nonce challenge, two waits after 429, each wait at most 5 s. */
const MAX_RATE_LIMIT_RETRIES = 2;
const MAX_RATE_LIMIT_WAIT_MS = 5_000;

/**
 * Sends a request built for the current nonce. A use_dpop_nonce challenge (400 at a token
 * endpoint, 401 at a resource server) is answered once with the supplied nonce and a freshly built
 * request (new jti); a 429 is waited out and retried. Neither is a verdict, so neither is returned
 * unless retries run out.
 */
export async function exchange(
  build: (nonce?: string) => Promise<HttpRequest | Omit<HttpRequest, 'timeoutMs'>>,
  o: ExchangeOptions,
): Promise<Observation> {
  let challenged = false;
  let rateLimited = 0;
  for (;;) {
    const req = await build(o.nonce?.value);
    const result = await httpRequest({ ...req, timeoutMs: o.timeoutMs });
    if (!result.ok) return { transportError: result.error };
    const obs = observe(result.response);
    const supplied = headerValue(result.response.headers, 'dpop-nonce');
    if (supplied && o.nonce) {
      o.nonce.value = supplied;
      o.nonce.seen = true;
    }
    if (obs.error === 'use_dpop_nonce' && supplied && !challenged && o.answerChallenge !== false) {
      challenged = true;
      if (o.nonce) o.nonce.challenges += 1;
      continue;
    }
    if (obs.status === 429 && rateLimited < MAX_RATE_LIMIT_RETRIES) {
      rateLimited += 1;
      const after = Number(headerValue(result.response.headers, 'retry-after'));
      await sleep(
        Math.min(Number.isFinite(after) && after > 0 ? after * 1000 : 1000, MAX_RATE_LIMIT_WAIT_MS),
      );
      continue;
    }
    return challenged ? { ...obs, challengeAnswered: true } : obs;
  }
}

function observe(res: HttpResponse): Observation {
  const obs: Observation = { status: res.status };
  const www = headerValue(res.headers, 'www-authenticate');
  if (www) obs.wwwAuthenticate = www;
  const fromHeader = www ? /error="([^"]*)"/.exec(www)?.[1] : undefined;
  let json: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(res.body.toString('utf8')) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      json = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: the status and headers still tell.
  }
  const str = (v: unknown) => (typeof v === 'string' && v.length ? v.slice(0, 200) : undefined);
  const error = fromHeader ?? str(json?.['error']) ?? (res.status >= 400 ? str(json?.['title']) : undefined);
  if (error) obs.error = error;
  const description =
    res.status >= 400 ? (str(json?.['error_description']) ?? str(json?.['detail'])) : undefined;
  if (description) obs.description = description;
  if (json) obs.json = json;
  return obs;
}

/** The observation as evidence details: status, WWW-Authenticate, error (never the body). */
export function responseDetails(obs: Observation): Record<string, unknown> {
  const { status, wwwAuthenticate, error, description, transportError, challengeAnswered } = obs;
  return Object.fromEntries(
    Object.entries({ status, wwwAuthenticate, error, description, transportError, challengeAnswered }).filter(
      ([, v]) => v !== undefined,
    ),
  );
}

/** "401 invalid_token" or the transport error, for one-line outcomes. */
export function statusLine(obs: Observation): string {
  if (obs.transportError) return `no response (${obs.transportError})`;
  return [obs.status, obs.error].filter(Boolean).join(' ');
}
