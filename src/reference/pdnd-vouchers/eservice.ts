import type { ServerResponse } from 'node:http';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { JtiCache } from '../../jose/jti-cache.js';
import { quoteReceived } from '../services/echo.js';
import { headerValues, listenLoopback, sendJson, sendProblem } from '../services/http.js';
import { authorize, Moved, Refusal, type EServiceRules } from './authorize.js';
import type { EServiceFault } from './faults.js';
import { Nonces } from './nonces.js';

/** An issuer whose vouchers the e-service accepts: PDND, and optionally a producer's test issuer. */
interface TrustedIssuer {
  issuer: string;
  jwks: JSONWebKeySet;
}

interface EServiceOptions {
  faults: ReadonlySet<string>;
  trusted: TrustedIssuer[];
  /** Purposes the e-service serves: a valid voucher for another purpose gets 403. */
  purposes: ReadonlySet<string>;
  voucherType: 'bearer' | 'dpop';
  /** AUDIT_REST_02: the call carries an audit JWT whose SHA-256 is the voucher's digest. */
  audit: boolean;
  /** Issue and require DPoP nonces (PDND does not; a producer may). See Nonces. */
  nonces?: boolean;
  /** The origin the expired-redirected variant sends a call to. */
  elsewhere?: string;
}

export interface ReferenceEService {
  /** The resource a positive control calls. */
  url: string;
  /** The aud its vouchers must carry. */
  audience: string;
  stop(): Promise<void>;
}

const RESOURCE = '/api/v1/status';
const DPOP_ALGS = 'ES256 RS256';

/** `quote`: the credentials received, which the echo variant adds to the description. */
function refuse(res: ServerResponse, scheme: 'DPoP' | 'Bearer', e: Refusal, quote: string): void {
  const detail = quote ? `${e.message} (${quote})` : e.message;
  const params = [`error="${e.error}"`, `error_description="${detail.replace(/"/g, "'")}"`];
  if (scheme === 'DPoP') params.unshift(`algs="${DPOP_ALGS}"`);
  sendProblem(res, e.status, e.error, detail, {
    ...(e.status === 401 ? { 'www-authenticate': `${scheme} ${params.join(', ')}` } : {}),
    ...e.extraHeaders,
  });
}

/**
 * A producer's e-service that enforces PDND vouchers: RS256 signature by a trusted issuer, aud,
 * exp, purpose; for DPoP vouchers the proof per PDND's rules (strict header, htm, htu without
 * query, iat, ath, cnf.jkt, jti replay cache); for AUDIT_REST_02 the audit JWT's digest.
 */
export async function startEService(o: EServiceOptions): Promise<ReferenceEService> {
  const on = (fault: EServiceFault) => o.faults.has(fault);
  const usesNonces = o.nonces || on('vouchers.nonce-not-verified') || on('vouchers.stale-nonce-accepted');
  const rules: EServiceRules = {
    on,
    issuers: new Map(o.trusted.map((t) => [t.issuer, createLocalJWKSet(t.jwks)])),
    audience: '',
    purposes: o.purposes,
    voucherType: o.voucherType,
    audit: o.audit,
    replay: new JtiCache(5 * 60_000),
    ...(usesNonces ? { nonces: new Nonces(on) } : {}),
  };
  const scheme = o.voucherType === 'dpop' ? 'DPoP' : 'Bearer';
  const http = await listenLoopback(async (req, res) => {
    const url = new URL(req.url ?? '/', http.origin);
    try {
      await authorize(rules, req, url);
    } catch (e) {
      if (e instanceof Moved) {
        res
          .writeHead(302, { location: `${o.elsewhere ?? 'https://elsewhere.attesta.invalid'}${RESOURCE}` })
          .end();
        return;
      }
      if (!(e instanceof Refusal)) throw e;
      const quote = on('vouchers.echoes-credentials')
        ? quoteReceived({
            Authorization: headerValues(req, 'authorization').join(', '),
            DPoP: headerValues(req, 'dpop').join(', '),
          })
        : '';
      return refuse(res, scheme, e, quote);
    }
    if (url.pathname !== RESOURCE)
      return sendProblem(res, 404, 'Not found', `no resource at ${url.pathname}`);
    rules.nonces?.rotate();
    sendJson(res, 200, { status: 'ok' }, rules.nonces ? { 'dpop-nonce': rules.nonces.value } : {});
  });
  rules.audience = `${http.origin}/api/v1`;
  return { url: `${http.origin}${RESOURCE}`, audience: rules.audience, stop: http.close };
}
