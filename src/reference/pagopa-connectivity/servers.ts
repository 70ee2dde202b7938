import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket, SecureVersion } from 'node:tls';
import { issuerLooksTrusted } from './issuer-match.js';

/** How an entity endpoint treats client certificates. */
export type ClientAuthMode =
  /** The TLS layer refuses a missing or untrusted certificate (an alert): the conformant default. */
  | 'tls'
  /** Like nginx with ssl_verify_client on: the handshake completes, the server answers 400. */
  | 'terminator'
  /** Like ssl_verify_client optional: no certificate is served, an untrusted one is refused. */
  | 'optional'
  /** A certificate is required but any CA is accepted. */
  | 'any-ca'
  /** The CA is checked but not the validity period: an expired certificate from a trusted CA is served. */
  | 'ignore-expiry'
  /** No refusal at all: a request without a certificate is never answered. */
  | 'silent'
  /** The issuer's name and key id are compared, the signature is never verified (./issuer-match.ts). */
  | 'issuer-name';

export interface EndpointOptions {
  key: string;
  cert: string;
  /** Client CAs the endpoint trusts (also the CA names it sends in its CertificateRequest). */
  clientCas: string[];
  clientAuth: ClientAuthMode;
  minVersion: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
  /** The path served; anything else is 404. */
  path: string;
  /** A path answered 307 to `path` (a same-origin redirect a client follows). */
  redirectFrom?: string;
  /** Headers added to a served answer (the oversized-header variant). */
  servedHeaders?: Record<string, string>;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('tlsClientError', () => undefined);
  return (server.address() as AddressInfo).port;
}

/** An entity endpoint, as pagoPA's payment node calls it. */
export function endpointServer(o: EndpointOptions): Server {
  const tlsRefuses = o.clientAuth === 'tls';
  return createServer(
    {
      key: o.key,
      cert: o.cert,
      ca: o.clientCas,
      requestCert: true,
      rejectUnauthorized: tlsRefuses,
      minVersion: o.minVersion,
      ...(o.maxVersion ? { maxVersion: o.maxVersion } : {}),
      ...(o.ciphers ? { ciphers: o.ciphers } : {}),
    },
    (req: IncomingMessage, res: ServerResponse) => {
      const socket = req.socket as TLSSocket;
      const presented = Object.keys(socket.getPeerCertificate() ?? {}).length > 0;
      if (!tlsRefuses) {
        if (!presented && o.clientAuth === 'silent') return; // the request just hangs
        if (!presented && o.clientAuth !== 'optional')
          return reply(res, 400, 'No required SSL certificate was sent');
        const expiredOnly =
          o.clientAuth === 'ignore-expiry' && String(socket.authorizationError) === 'CERT_HAS_EXPIRED';
        const nameOnly =
          o.clientAuth === 'issuer-name' &&
          presented &&
          issuerLooksTrusted(socket.getPeerX509Certificate()!, o.clientCas);
        if (presented && !socket.authorized && o.clientAuth !== 'any-ca' && !expiredOnly && !nameOnly) {
          return reply(res, 400, 'The SSL certificate error');
        }
      }
      if (o.redirectFrom && req.url === o.redirectFrom) {
        res.writeHead(307, { location: o.path, 'content-length': 0 });
        return res.end();
      }
      if (req.url !== o.path) return reply(res, 404, { error: 'not found' });
      for (const [name, value] of Object.entries(o.servedHeaders ?? {})) res.setHeader(name, value);
      reply(res, 200, { esito: 'OK' });
    },
  );
}

export interface PlatformOptions {
  key: string;
  cert: string;
  minVersion: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
  /** Decides the status for a request's Ocp-Apim-Subscription-Key (undefined: no header). */
  statusFor: (key: string | undefined) => number;
  /** Where a request is redirected before its key is looked at (undefined: not redirected). */
  redirectFor?: (path: string, key: string | undefined) => { status: number; location: string } | undefined;
}

/** The payment node's api-key protected endpoint, answering as Azure API Management does. */
export function platformServer(o: PlatformOptions): Server {
  return createServer(
    {
      key: o.key,
      cert: o.cert,
      minVersion: o.minVersion,
      ...(o.maxVersion ? { maxVersion: o.maxVersion } : {}),
      ...(o.ciphers ? { ciphers: o.ciphers } : {}),
    },
    (req, res) => {
      const raw = req.headers['ocp-apim-subscription-key'];
      const key = Array.isArray(raw) ? raw[0] : raw;
      const redirect = o.redirectFor?.(req.url ?? '/', key);
      if (redirect) {
        res.writeHead(redirect.status, { location: redirect.location, 'content-length': 0 });
        return res.end();
      }
      const status = o.statusFor(key);
      if (status === 401) {
        const message =
          key === undefined
            ? 'Access denied due to missing subscription key.'
            : 'Access denied due to invalid subscription key.';
        return reply(res, 401, {
          statusCode: 401,
          message: `${message} Make sure to include a valid key when making requests to an API.`,
        });
      }
      if (status === 429) {
        res.setHeader('retry-after', '1');
        return reply(res, 429, {
          statusCode: 429,
          message: 'Rate limit is exceeded. Try again in 1 seconds.',
        });
      }
      reply(res, status, status === 200 ? { outcome: 'OK' } : { statusCode: status, message: 'Forbidden' });
    },
  );
}
