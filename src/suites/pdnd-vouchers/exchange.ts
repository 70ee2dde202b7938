import { headerValue, type HttpRequest, type HttpResponse } from '../../http/client.js';
import { describeRedirect, type UnfollowedRedirect } from '../../http/redirect.js';
import {
  exchange as oauthExchange,
  nonceChallenge,
  oauthError,
  type ExchangeOptions as OAuthExchangeOptions,
} from '../../oauth/exchange.js';

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
  /** This response is itself a use_dpop_nonce challenge, with or without the nonce to use. */
  nonceChallenge?: 'with-nonce' | 'without-nonce';
  /** A 3xx left after same-origin following (src/http/redirect.ts): neither served nor refused. */
  redirect?: UnfollowedRedirect;
  /** The parsed JSON body (token responses); not copied to evidence. */
  json?: Record<string, unknown>;
}

export { newNonceState, type NonceState } from '../../oauth/exchange.js';

type ExchangeOptions = Pick<OAuthExchangeOptions, 'nonce' | 'answerChallenge' | 'timeoutMs'>;

/**
 * One request of a campaign, with the shared challenge and 429 handling of src/oauth/exchange.ts
 * (a use_dpop_nonce challenge answered once with a fresh jti, a 429 waited out), as an observation.
 */
export async function exchange(
  build: (nonce?: string) => Promise<HttpRequest | Omit<HttpRequest, 'timeoutMs'>>,
  o: ExchangeOptions,
): Promise<Observation> {
  const result = await oauthExchange(build, o);
  if (!result.ok) return { transportError: result.error };
  const obs = observe(result.response);
  return result.challengeAnswered ? { ...obs, challengeAnswered: true } : obs;
}

function observe(res: HttpResponse): Observation {
  const obs: Observation = { status: res.status };
  if (res.redirect) obs.redirect = res.redirect;
  const www = headerValue(res.headers, 'www-authenticate');
  if (www) obs.wwwAuthenticate = www;
  let json: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(res.body.toString('utf8')) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      json = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: the status and headers still tell.
  }
  const str = (v: unknown) => (typeof v === 'string' && v.length ? v.slice(0, 200) : undefined);
  const error = str(oauthError(res)) ?? (res.status >= 400 ? str(json?.['title']) : undefined);
  if (error) obs.error = error;
  const description =
    res.status >= 400 ? (str(json?.['error_description']) ?? str(json?.['detail'])) : undefined;
  if (description) obs.description = description;
  const challenge = nonceChallenge(res);
  if (challenge) obs.nonceChallenge = challenge;
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
  if (obs.redirect) return describeRedirect(obs.redirect);
  return [obs.status, obs.error].filter(Boolean).join(' ');
}
