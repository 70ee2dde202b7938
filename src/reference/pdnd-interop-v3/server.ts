import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JSONWebKeySet } from 'jose';
import { stringify } from 'yaml';
import { challengeQuoting, quoteReceived } from '../services/echo.js';
import { headerValues } from '../services/http.js';
import { HttpError, notFound } from './http-error.js';
import { serveV3, type Gateway } from './routes.js';

/** Where the reference publishes its Agid-JWT-Signature keys. */
export const JWKS_PATH = '/.well-known/jwks.json';
/** Under the rate-limited variant, how many requests are answered 429 first. */
const RATE_LIMITED_REQUESTS = 3;

/** A check made before any credential is looked at: true when it answered the request. */
type Front = (g: Gateway, url: URL, req: IncomingMessage, res: ServerResponse) => boolean;

function publish(res: ServerResponse, contentType: string, body: string): true {
  res.writeHead(200, { 'content-type': contentType });
  res.end(body);
  return true;
}

/**
 * In order: the description and the published keys (unsigned, for profiles that give URLs),
 * the rate-limited variant's 429s, then /v2 (gone, or redirected under its fault).
 */
function fronts(jwks: JSONWebKeySet): Front[] {
  return [
    (g, url, req, res) =>
      req.method === 'GET' &&
      url.pathname === '/openapi.yaml' &&
      publish(res, 'application/yaml', stringify(g.doc)),
    (_g, url, req, res) =>
      req.method === 'GET' &&
      url.pathname === JWKS_PATH &&
      publish(res, 'application/json', JSON.stringify(jwks)),
    (g) => {
      if (g.on('gateway.rate-limited') && g.respond.served <= RATE_LIMITED_REQUESTS) {
        throw new HttpError(429, 'Too Many Requests', 'rate limit exceeded', {
          'retry-after': '1',
          'x-rate-limit-remaining': '0',
        });
      }
      return false;
    },
    (g, url, _req, res) => {
      if (url.pathname !== '/v2' && !url.pathname.startsWith('/v2/')) return false;
      if (!g.on('gateway.v2-redirect')) throw notFound('API v2 is not served by this gateway');
      res.writeHead(308, { location: `${g.respond.origin}/v3${url.pathname.slice(3)}${url.search}` });
      res.end();
      return true;
    },
  ];
}

/** Longest problem detail the description allows (Problem.detail pattern ^.{0,1024}$). */
const MAX_DETAIL = 1024;

/**
 * The echo variant's refusal: the voucher received quoted in the problem detail (the title, at
 * most 64 characters by the description, stays), the voucher and DPoP proof in the challenge.
 */
function quoting(e: HttpError, req: IncomingMessage): HttpError {
  const voucher = headerValues(req, 'authorization').join(', ').split(' ').at(-1);
  const inDetail = quoteReceived({ voucher });
  const detail = inDetail ? `${e.message} (${inDetail})` : e.message;
  const challenge = challengeQuoting(
    e.headers['www-authenticate'],
    quoteReceived({ voucher, DPoP: headerValues(req, 'dpop').join(', ') }),
  );
  return new HttpError(e.status, e.title, detail.length <= MAX_DETAIL ? detail : e.message, {
    ...e.headers,
    ...(challenge ? { 'www-authenticate': challenge } : {}),
  });
}

/** The gateway's request handler: every error it refuses with is a signed problem. */
export function gatewayHandler(
  g: Gateway,
  jwks: JSONWebKeySet,
  onRequest?: (method: string, path: string) => void,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const before = fronts(jwks);
  return async (req, res) => {
    g.respond.served++;
    onRequest?.(req.method ?? 'GET', req.url ?? '/');
    // The URL as the client addressed it (Host), so a profile may name the gateway by a host name
    // and connect through its address override; DPoP proofs are checked against that URL.
    const url = new URL(req.url ?? '/', req.headers.host ? `http://${req.headers.host}` : g.respond.origin);
    try {
      if (before.some((answer) => answer(g, url, req, res))) return;
      if (url.pathname !== '/v3' && !url.pathname.startsWith('/v3/'))
        throw notFound(`no resource at ${url.pathname}`);
      await serveV3(g, req, res, url);
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      await g.respond.problem(res, g.on('gateway.echoes-credentials') ? quoting(e, req) : e);
    }
  };
}
