import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ConnectPaySwitch } from './faults.js';
import type { ConnectPayPki } from './pki.js';

/** The APIs of the reference platform, each on its host. */
export const API = {
  twoWay: '/v1/accounts',
  oneWay: '/v1/public/status',
  basic: '/v1/merchant/payments',
} as const;

export interface Credentials {
  key: string;
  secret: string;
}

function reply(
  res: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const equal = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * RFC 7617, strictly: one Basic token68 of canonical Base64 holding key:secret. `lenient` decodes
 * as Node's Buffer does, skipping what is not Base64 (the basic-lenient-base64 fault).
 */
function basicAllows(
  header: string | undefined,
  c: Credentials,
  o: { keyOnly: boolean; lenient: boolean },
): boolean {
  const m = (o.lenient ? /^Basic (.+)$/ : /^Basic ([A-Za-z0-9+/]+={0,2})$/).exec(header ?? '');
  if (!m || (!o.lenient && m[1]!.length % 4 !== 0)) return false;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const [key, secret] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  return equal(key, c.key) && (o.keyOnly || equal(secret, c.secret));
}

/** The 2-way host: mutual TLS with the merchant's root as trust anchor, the 2-way APIs only. */
export function twoWayServer(pki: ConnectPayPki, on: ConnectPaySwitch): Server {
  const optional = on('connectpay.mtls-optional');
  return createServer(
    {
      key: pki.server.keyPem,
      cert: pki.server.certPem,
      ca: [pki.root.certPem],
      requestCert: true,
      rejectUnauthorized: !optional,
      minVersion: 'TLSv1.2',
    },
    (req: IncomingMessage, res: ServerResponse) => {
      const socket = req.socket as TLSSocket;
      if (!optional && !socket.authorized) return reply(res, 403, { error: 'client certificate required' });
      const path = req.url ?? '/';
      if (path === API.twoWay) return reply(res, 200, { accounts: [] });
      if (path === API.oneWay && on('connectpay.one-way-api-on-two-way-host'))
        return reply(res, 200, { status: 'up' });
      reply(res, 404, { error: 'not found' });
    },
  );
}

/** The 1-way host: server TLS only; the public APIs and the Basic-auth protected merchant API. */
export function oneWayServer(pki: ConnectPayPki, on: ConnectPaySwitch, credentials: Credentials): Server {
  return createServer(
    { key: pki.server.keyPem, cert: pki.server.certPem, minVersion: 'TLSv1.2' },
    (req: IncomingMessage, res: ServerResponse) => {
      const path = req.url ?? '/';
      if (path === API.oneWay) return reply(res, 200, { status: 'up' });
      if (path !== API.basic) return reply(res, 404, { error: 'not found' });
      const checks = {
        keyOnly: on('connectpay.basic-wrong-secret-accepted'),
        lenient: on('connectpay.basic-lenient-base64'),
      };
      if (basicAllows(req.headers.authorization, credentials, checks))
        return reply(res, 200, { payments: [] });
      reply(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Basic realm="ConnectPay"' });
    },
  );
}
