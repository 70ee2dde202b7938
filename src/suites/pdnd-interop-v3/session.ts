import { createDpopProof, generateDpopKey, type DpopKey } from '../../jose/dpop.js';
import { DPOP_MUTATIONS, type DpopMutationId } from '../../jose/dpop-mutations.js';
import { mutatedToken, type TokenMutationId } from '../../oauth/voucher-mutations.js';
import { headerValue, httpRequest, type HttpRequest, type HttpResponse } from '../../http/client.js';
import {
  exchange,
  newNonceState,
  type Exchanged,
  type ExchangeOptions,
  type NonceState,
} from '../../oauth/exchange.js';
import { limiter } from '../../core/limit.js';
import { ConnectionPool } from '../../http/pool.js';
import type { RunSettings } from '../../core/settings.js';
import { cutSignature } from '../../core/redact.js';
import { matchOperation, type Operation } from '../../openapi/operations.js';
import type { PdndInteropTarget, VoucherCredentials } from './target.js';
import { voucherRequest } from './voucher.js';
import { gatewayConnectionFor, requestOptions } from './connection.js';

export interface Probe {
  /** The campaign the probe belongs to and what it tries, for evidence. */
  campaign: string;
  label: string;
  method: string;
  /** Relative to the v3 base URL, query included (e.g. /users?offset=0&limit=1). */
  path: string;
  /** The v2 probe of PDND3-BASE-01 goes to the sibling /v2 base; its answer is not a v3 response. */
  base?: 'v3' | 'v2';
  /** A row of the DPoP mutation table sent instead of the valid proof (negatives of PDND3-AUTH-01). */
  dpop?: DpopMutationId;
  /** A row of the voucher mutation table sent instead of the voucher (to provoke a 401). */
  voucher?: TokenMutationId;
  /** The DPoP header sent as is instead of a fresh proof: a proof already used (a replay). */
  replayProof?: string;
  identity?: 'admin' | 'nonAdmin';
  body?: unknown;
}

/** One response the gateway gave, kept for the integrity, rate-limit and schema checks. */
export interface Observation {
  seq: number;
  campaign: string;
  label: string;
  method: string;
  path: string;
  operation?: Operation;
  status: number;
  headers: HttpResponse['headers'];
  /** Decoded (content codings removed). */
  body: Buffer;
  /** The content-coded bytes as received, where a coding was applied (the Digest covers them). */
  encodedBody?: Buffer;
  /** False for answers that are not v3 responses (the /v2 probe). */
  v3: boolean;
}

export type ProbeResult =
  | { ok: true; response: HttpResponse; observation: Observation; json?: unknown; proofs: string[] }
  /** Our side could not complete the probe: no verdict can rest on it. */
  | { ok: false; reason: string };

/** The code of an attempt refused because the request budget is spent (not a transport error). */
const BUDGET_SPENT = 'ATTESTA_BUDGET_SPENT';

export type VoucherResult =
  { ok: true; accessToken: string; key: DpopKey; tokenType: string } | { ok: false; reason: string };

/**
 * The suite's connection to one gateway: vouchers, DPoP proofs, the request budget and the
 * concurrency limit, 429 handling, and the log of every response received. One per target and
 * run (memoized), shared by every campaign so the budget and the log cover them all.
 */
export class GatewaySession {
  readonly log: Observation[] = [];
  requestsSent = 0;
  rateLimitWaits = 0;
  private readonly limit: <T>(task: () => Promise<T>) => Promise<T>;
  private readonly vouchers = new Map<string, Promise<VoucherResult>>();
  /** The gateway's latest DPoP nonce, if it issues any (PDND does not): shared by every probe. */
  private readonly gatewayNonce: NonceState = newNonceState();
  /** Keep-alive connections per identity: the campaigns send hundreds of requests, none a TLS negative. */
  private readonly pool = new ConnectionPool();

  constructor(
    readonly target: PdndInteropTarget,
    readonly settings: RunSettings,
  ) {
    this.limit = limiter(target.load.concurrency);
  }

  get remaining(): number {
    return this.target.load.requestBudget - this.requestsSent;
  }

  /** Claims one request of the budget; false when it is spent. */
  private spend(): boolean {
    if (this.requestsSent >= this.target.load.requestBudget) return false;
    this.requestsSent++;
    return true;
  }

  /**
   * One request to another URL of the profile (a JWKS URL), sent like every other: one request of
   * the budget per attempt, under the concurrency limit, 429s waited out. The gateway's address
   * override and trust apply only where the URL is on the gateway's host name.
   */
  request(req: Omit<HttpRequest, 'timeoutMs' | 'address' | 'tls'>): Promise<Exchanged> {
    const connection = requestOptions(gatewayConnectionFor(req.url, this.target.baseUrl, this.target));
    return exchange(async () => ({ ...req, ...connection }), {
      ...this.exchangeOptions(this.settings.probeTimeoutMs, 'anonymous'),
      answerChallenge: false,
    });
  }

  credentials(identity: 'admin' | 'nonAdmin'): VoucherCredentials | undefined {
    return identity === 'admin' ? this.target.admin : this.target.nonAdmin;
  }

  /**
   * A DPoP-bound voucher for the identity, obtained once per run; `unbound` asks for a Bearer voucher
   * of the same client instead (no proof at the token request), for the negatives that present one.
   */
  voucher(identity: 'admin' | 'nonAdmin', unbound = false): Promise<VoucherResult> {
    const name = unbound ? `${identity} unbound` : identity;
    let v = this.vouchers.get(name);
    if (!v) {
      v = this.obtainVoucher(identity, unbound);
      this.vouchers.set(name, v);
    }
    return v;
  }

  private async obtainVoucher(identity: 'admin' | 'nonAdmin', unbound: boolean): Promise<VoucherResult> {
    const c = this.credentials(identity);
    if (!c) return { ok: false, reason: `no ${identity} client is configured` };
    const key = await generateDpopKey('ES256');
    const { tokenEndpoint, tokenConnection, assertionAudience } = this.target;
    const endpoint = { url: tokenEndpoint, ...requestOptions(tokenConnection) };
    const r = await exchange(
      (nonce) => voucherRequest(c, endpoint, assertionAudience, unbound ? undefined : key, nonce),
      this.exchangeOptions(this.settings.probeTimeoutMs, `token request of the ${identity} client`),
    );
    if (!r.ok) {
      return {
        ok: false,
        reason:
          r.code === BUDGET_SPENT
            ? 'the request budget was spent before a voucher could be requested'
            : `the token endpoint ${tokenEndpoint} could not be reached (${r.error})`,
      };
    }
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(r.response.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      /* judged below */
    }
    const token = json['access_token'];
    if (r.response.status === 429)
      return {
        ok: false,
        reason: `the token endpoint was still rate limited (429) after ${r.rateLimitWaits} waits`,
      };
    if (r.response.status !== 200 || typeof token !== 'string') {
      const detail =
        typeof json['detail'] === 'string'
          ? json['detail']
          : typeof json['error'] === 'string'
            ? json['error']
            : '';
      return {
        ok: false,
        reason: `the token endpoint refused a voucher for the ${c.label} (HTTP ${r.response.status}${detail ? `: ${detail.slice(0, 160)}` : ''})`,
      };
    }
    return { ok: true, accessToken: token, key, tokenType: String(json['token_type'] ?? '') };
  }

  /**
   * How every request of the session is sent: each attempt (a retry too) spends one request of
   * the budget and waits its turn under the concurrency limit; 429s are waited out within the
   * profile's bounds and counted; a use_dpop_nonce challenge is answered once (src/oauth/exchange.ts).
   */
  private exchangeOptions(
    timeoutMs: number,
    identity: string,
    onResponse?: (res: HttpResponse) => void,
    nonce?: NonceState,
  ): ExchangeOptions {
    return {
      timeoutMs,
      ...(nonce ? { nonce } : {}),
      rateLimit: {
        maxWaits: this.target.load.maxRateLimitWaits,
        maxWaitMs: this.target.load.maxRateLimitWaitMs,
      },
      send: (req) =>
        this.spend()
          ? this.limit(() => httpRequest({ ...req, keepAlive: { pool: this.pool, identity } }))
          : Promise.resolve({
              ok: false as const,
              error: `the request budget (${this.target.load.requestBudget} requests) was spent`,
              code: BUDGET_SPENT,
            }),
      onRateLimitWait: () => {
        this.rateLimitWaits++;
      },
      ...(onResponse ? { onResponse } : {}),
    };
  }

  url(probe: Pick<Probe, 'path' | 'base'>): string {
    const base = probe.base === 'v2' ? this.target.baseUrl.replace(/\/v3$/, '/v2') : this.target.baseUrl;
    return `${base}${probe.path}`;
  }

  /**
   * Sends one probe, within the budget and the concurrency limit. A 429 is logged (its headers are
   * judged like any response) and answered by waiting as asked, a bounded number of times; a
   * `use_dpop_nonce` challenge is answered once with the nonce. Neither is a verdict.
   */
  async send(probe: Probe): Promise<ProbeResult> {
    const unbound = probe.dpop !== undefined && DPOP_MUTATIONS[probe.dpop].unbound === true;
    const voucher = await this.voucher(probe.identity ?? 'admin', unbound);
    if (!voucher.ok)
      return {
        ok: false,
        reason: `no ${unbound ? 'Bearer' : 'DPoP'} voucher could be obtained: ${voucher.reason}`,
      };
    const url = this.url(probe);
    let observation: Observation | undefined;
    let proofs: string[] = [];
    const connection = requestOptions(this.target);
    const r = await exchange(
      async (nonce) => {
        const headers = await authHeaders(probe, url, voucher, nonce);
        proofs = [headers['dpop'] ?? []].flat();
        const body = probe.body === undefined ? undefined : JSON.stringify(probe.body);
        if (body !== undefined) headers['content-type'] = 'application/json';
        return {
          url,
          method: probe.method,
          headers: { accept: 'application/json, application/problem+json', ...headers },
          ...(body !== undefined ? { body } : {}),
          ...connection,
          // The /v2 probe judges where /v2 redirects to (PDND3-BASE-01): it must see the 3xx itself.
          ...(probe.base === 'v2' ? { maxRedirects: 0 } : {}),
        };
      },
      // Every response is logged, 429s and challenges too: their headers are judged like any other.
      this.exchangeOptions(
        this.settings.probeTimeoutMs,
        probe.identity ?? 'admin',
        (res) => {
          observation = this.observe(probe, res);
        },
        this.gatewayNonce,
      ),
    );
    if (!r.ok)
      return {
        ok: false,
        reason: r.code === BUDGET_SPENT ? r.error : `${probe.method} ${url} failed on our side: ${r.error}`,
      };
    if (r.response.status === 429) {
      return {
        ok: false,
        reason: `${probe.method} ${probe.path} was still rate limited (429) after ${r.rateLimitWaits} waits`,
      };
    }
    return { ok: true, response: r.response, observation: observation!, proofs, ...parseJson(r.response) };
  }

  private observe(probe: Probe, res: HttpResponse): Observation {
    const v3 = probe.base !== 'v2';
    const pathOnly = probe.path.split('?')[0]!;
    const operation = v3 ? matchOperation(this.target.api.operations, probe.method, pathOnly) : undefined;
    const o: Observation = {
      seq: this.log.length + 1,
      campaign: probe.campaign,
      label: probe.label,
      method: probe.method,
      path: probe.path,
      ...(operation ? { operation } : {}),
      status: res.status,
      headers: res.headers,
      body: res.body,
      ...(res.encodedBody ? { encodedBody: res.encodedBody } : {}),
      v3,
    };
    this.log.push(o);
    return o;
  }

  /** A voucher as evidence may show it: header and claims, never the signature. */
  async voucherEvidence(identity: 'admin' | 'nonAdmin'): Promise<string> {
    const v = await this.voucher(identity);
    return v.ok ? `${v.tokenType} voucher ${cutSignature(v.accessToken)}` : v.reason;
  }
}

/**
 * Authorization and DPoP as the probe sends them: a DPoP-bound voucher with a valid proof, unless
 * the probe names a row of the DPoP or voucher mutation tables.
 */
async function authHeaders(
  probe: Probe,
  url: string,
  voucher: Extract<VoucherResult, { ok: true }>,
  nonce: string | undefined,
): Promise<Record<string, string | string[]>> {
  const { accessToken, key } = voucher;
  const dpop = probe.dpop ? DPOP_MUTATIONS[probe.dpop] : undefined;
  const token = probe.voucher ? await mutatedToken(probe.voucher, accessToken) : accessToken;
  // The proof is for the token sent (its ath), so a voucher mutation differs from the control in the voucher only.
  const valid = {
    htm: probe.method,
    htu: url,
    accessToken: token ?? accessToken,
    ...(nonce ? { nonce } : {}),
  };
  const proofs = probe.replayProof
    ? [probe.replayProof]
    : dpop
      ? await dpop.proofs(key, valid)
      : [await createDpopProof(key, valid)];
  return {
    ...(token !== undefined ? { authorization: `${dpop?.scheme ?? 'DPoP'} ${token}` } : {}),
    ...(proofs.length ? { dpop: proofs.length === 1 ? proofs[0]! : proofs } : {}),
  };
}

function parseJson(res: HttpResponse): { json?: unknown } {
  const type = headerValue(res.headers, 'content-type') ?? '';
  if (!/json/i.test(type) || !res.body.length) return {};
  try {
    return { json: JSON.parse(res.body.toString('utf8')) as unknown };
  } catch {
    return {};
  }
}
