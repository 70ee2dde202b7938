import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket, SecureVersion } from 'node:tls';
import { challengeQuoting, quoteReceived } from '../services/echo.js';
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
  /** Refusals carry HOSTILE_TEXT and HOSTILE_HEADER (a compliant variant). */
  hostileText?: boolean;
}

/**
 * Control and bidirectional characters as a hostile peer sends them (the hostile-text variant):
 * an override that reverses what follows, an isolate, marks, a bell, a terminal escape that clears
 * the screen, a line break with a forged verdict after it, C1 controls (CSI) and a NUL.
 */
const HOSTILE_TEXT =
  ' \u202Egnp.exe\u202C\u2066x\u2069\u200F\u061C\u0007\u001b[2J\r\nPASS forged\u0085\u009b31m\u0000';

/**
 * The same for a certificate name (the root CA's common name): bidirectional and C1 characters
 * only: Node already writes C0 controls in a name as `\1B`, and a line break loses the name.
 */
export const HOSTILE_NAME = ' \u202Egnp.exe\u202C\u2066x\u2069\u200F\u061C\u0085\u009b31m';

/** The same for a header value, which carries Latin-1 only: C1 controls (CSI, NEL) and a tab. */
const HOSTILE_HEADER = 'Basic realm="pagopa\u009b2J\u0085\tforged"';

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Closes a reference server and every connection it still holds. */
export function close(server: Server | import('node:http').Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
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
      const refuse = (text: string) =>
        o.hostileText
          ? reply(res, 400, text + HOSTILE_TEXT, { 'www-authenticate': HOSTILE_HEADER })
          : reply(res, 400, text);
      if (!tlsRefuses) {
        if (!presented && o.clientAuth === 'silent') return; // the request just hangs
        if (!presented && o.clientAuth !== 'optional') return refuse('No required SSL certificate was sent');
        const expiredOnly =
          o.clientAuth === 'ignore-expiry' && String(socket.authorizationError) === 'CERT_HAS_EXPIRED';
        const nameOnly =
          o.clientAuth === 'issuer-name' &&
          presented &&
          issuerLooksTrusted(socket.getPeerX509Certificate()!, o.clientCas);
        if (presented && !socket.authorized && o.clientAuth !== 'any-ca' && !expiredOnly && !nameOnly) {
          return refuse('The SSL certificate error');
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
  /** Refusals quote the key received, in their detail and in WWW-Authenticate (a compliant variant). */
  echoKey?: boolean;
  /** Refusals carry HOSTILE_TEXT and HOSTILE_HEADER (a compliant variant). */
  hostileText?: boolean;
}

/** A refusal's body and headers, with what the echo and hostile-text variants add. */
function refusal(
  o: PlatformOptions,
  key: string | undefined,
  body: Record<string, unknown>,
): { body: Record<string, unknown>; headers: Record<string, string> } {
  const quote = o.echoKey ? quoteReceived({ 'Ocp-Apim-Subscription-Key': key }) : '';
  const challenge = o.hostileText ? HOSTILE_HEADER : quote ? 'ApiKey realm="pagopa"' : undefined;
  const www = challengeQuoting(challenge, quote);
  return {
    // The quote first: a client that keeps only the start of a body still has it.
    body: { ...(quote ? { detail: `invalid subscription key: ${quote}` } : {}), ...body },
    headers: www ? { 'www-authenticate': www } : {},
  };
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
        const refused = refusal(o, key, {
          statusCode: 401,
          message: `${message} Make sure to include a valid key when making requests to an API.${o.hostileText ? HOSTILE_TEXT : ''}`,
        });
        return reply(res, 401, refused.body, refused.headers);
      }
      if (status === 429) {
        res.setHeader('retry-after', '1');
        return reply(res, 429, {
          statusCode: 429,
          message: 'Rate limit is exceeded. Try again in 1 seconds.',
        });
      }
      if (status === 200) return reply(res, 200, { outcome: 'OK' });
      const refused = refusal(o, key, { statusCode: status, message: 'Forbidden' });
      reply(res, status, refused.body, refused.headers);
    },
  );
}
