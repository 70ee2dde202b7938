import { randomUUID } from 'node:crypto';
import { exportJWK } from 'jose';
import { decodeJws, signCompact, tamperSignature, unsecuredJws } from '../jose/jws.js';
import { publicMembers } from '../jose/dpop.js';
import { issueCertificate, type Issued } from '../x509/issue.js';

const OTHER_AUDIENCE = 'https://attesta.invalid/other-eservice';

const now = () => Math.floor(Date.now() / 1000);

/**
 * How a request presents a voucher differently from the valid one: its own token (undefined: no
 * Authorization header), or claims to re-sign with a test signer the resource server trusts.
 */
export type VoucherMutation =
  | { label: string; token(valid: string): string | undefined | Promise<string> }
  | { label: string; resignedClaims(): Record<string, unknown> };

/**
 * The forging key and its self-signed certificate, made once per algorithm and process: every
 * forged row may share it (none is published by any AS), and RSA generation is costly.
 */
const forgers = new Map<'RS256' | 'ES256', Promise<Issued>>();
function forgerOf(alg: 'RS256' | 'ES256'): Promise<Issued> {
  let f = forgers.get(alg);
  if (!f) {
    f = issueCertificate({
      subject: 'CN=Attesta forged voucher signer',
      keyType: alg === 'ES256' ? 'ec' : 'rsa',
    });
    forgers.set(alg, f);
  }
  return f;
}

/**
 * The valid voucher's claims, unchanged (fresh, same issuer and audience), signed by a key the
 * authorization server does not publish: only the key differs, so a resource server that does not
 * verify against the AS's JWKS serves it. `header` gets the valid header and the forged key's
 * public JWK and self-signed certificate (base64 DER), for a forgery that carries its own key.
 */
function forged(header: (valid: Record<string, unknown>, own: { jwk: object; x5c: string }) => object) {
  return async (valid: string): Promise<string> => {
    const decoded = decodeJws(valid);
    const alg = decoded?.header['alg'] === 'ES256' ? 'ES256' : 'RS256';
    const forger = await forgerOf(alg);
    const jwk = publicMembers(await exportJWK(forger.keys.publicKey));
    const x5c = Buffer.from(forger.cert.rawData).toString('base64');
    const h = { ...header(decoded?.header ?? {}, { jwk, x5c }), alg };
    return signCompact(h, decoded?.claims ?? {}, forger.keys.privateKey);
  };
}

const ownKid = () => `attesta-forged-${randomUUID()}`;

/**
 * Every way a request to a resource server may present a voucher wrong, each differing from the
 * valid voucher in exactly one respect; the suite YAML names the ones that decide a requirement.
 */
export const VOUCHER_MUTATIONS = {
  'no-authorization': { label: 'no Authorization header', token: () => undefined },
  'malformed-token': { label: 'a token that is not a JWT', token: () => 'attesta-not-a-voucher' },
  'tampered-signature': { label: 'voucher with one signature byte flipped', token: tamperSignature },
  'alg-none-voucher': {
    label: 'voucher re-encoded with alg none and no signature',
    token: (valid: string) => {
      const decoded = decodeJws(valid);
      return unsecuredJws(decoded?.header ?? {}, decoded?.claims ?? {});
    },
  },
  'forged-unknown-kid': {
    label:
      'voucher forged: unchanged claims signed by a key the authorization server does not publish, with a kid of its own',
    token: forged((h) => ({ ...h, kid: ownKid() })),
  },
  'forged-published-kid': {
    label:
      "voucher forged: unchanged claims signed by a key the authorization server does not publish, under the kid of the AS's key",
    token: forged((h) => h),
  },
  'forged-jwk-header': {
    label:
      'voucher forged: signed by a key the authorization server does not publish, carrying that key in a jwk header',
    token: forged((h, own) => ({ ...h, kid: ownKid(), jwk: own.jwk })),
  },
  'forged-jku-header': {
    label:
      'voucher forged: signed by a key the authorization server does not publish, with a jku header pointing elsewhere',
    token: forged((h) => ({ ...h, kid: ownKid(), jku: 'https://attesta.invalid/forged-jwks.json' })),
  },
  'forged-x5c-header': {
    label:
      'voucher forged: signed by a key the authorization server does not publish, carrying its self-signed certificate in x5c',
    token: forged((h, own) => ({ ...h, kid: ownKid(), x5c: [own.x5c] })),
  },
  'expired-voucher': {
    label: 'voucher expired 10 minutes ago (signed by the test signer)',
    resignedClaims: () => ({ iat: now() - 1200, nbf: now() - 1200, exp: now() - 600 }),
  },
  'other-audience': {
    label: `voucher for another audience, ${OTHER_AUDIENCE} (signed by the test signer)`,
    resignedClaims: () => ({ aud: OTHER_AUDIENCE }),
  },
} satisfies Record<string, VoucherMutation>;

export type VoucherMutationId = keyof typeof VOUCHER_MUTATIONS;

/** The rows that need no test signer: a client can send them to any resource server. */
export type TokenMutationId = {
  [K in VoucherMutationId]: (typeof VOUCHER_MUTATIONS)[K] extends { token: unknown } ? K : never;
}[VoucherMutationId];

/** The token a row sends instead of the valid one (undefined: no Authorization header). */
export async function mutatedToken(id: TokenMutationId, valid: string): Promise<string | undefined> {
  return VOUCHER_MUTATIONS[id].token(valid);
}
