import { createServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { issueCertificate } from '../x509/issue.js';
import { unmetered } from '../http/traffic.js';
import { tlsProbe } from './probe.js';
import { rawHelloProbe } from './raw-hello.js';

export type LegacyVersion = 'TLSv1' | 'TLSv1.1';

/** What our own client proved it can offer, against a local server that accepts everything. */
interface ClientCapabilities {
  /** Per legacy version: null when a full handshake completed, else why not. */
  legacy: Record<LegacyVersion, string | null>;
  /** Whether our hand-built ClientHello is answered by a ServerHello (so the raw SSLv3 probe is sound). */
  rawHello: string | null;
}

async function startCanary(): Promise<Server> {
  const cert = await issueCertificate({
    subject: 'CN=canary.attesta.invalid',
    keyType: 'rsa',
    usage: 'server',
    dnsNames: ['canary.attesta.invalid'],
  });
  const server = createServer({
    key: cert.keyPem,
    cert: cert.certPem,
    minVersion: 'TLSv1',
    ciphers: 'ALL@SECLEVEL=0',
  });
  server.on('tlsClientError', () => undefined);
  server.on('secureConnection', (s) => s.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const cache = new Map<string, Promise<ClientCapabilities>>();

/**
 * Proves, before any legacy-version verdict, that this process can complete a TLS 1.0 / 1.1
 * handshake with the cipher string the probes will use. On Node 20 with OpenSSL 3 the defaults
 * cannot (SHA-1 signatures are refused at security level 1), and a probe that cannot offer a
 * version would otherwise read as a server that refuses it.
 */
export function clientCapabilities(legacyCiphers: string, timeoutMs: number): Promise<ClientCapabilities> {
  let found = cache.get(legacyCiphers);
  if (!found) {
    found = unmetered(() => measure(legacyCiphers, timeoutMs));
    cache.set(legacyCiphers, found);
  }
  return found;
}

async function measure(legacyCiphers: string, timeoutMs: number): Promise<ClientCapabilities> {
  const server = await startCanary();
  try {
    const { port } = server.address() as AddressInfo;
    const base = { address: '127.0.0.1', port, servername: 'canary.attesta.invalid', timeoutMs };
    const legacy = async (version: LegacyVersion): Promise<string | null> => {
      const r = await tlsProbe({ ...base, minVersion: version, maxVersion: version, ciphers: legacyCiphers });
      if (r.handshakeCompleted && r.protocol === version) return null;
      return r.clientError ?? r.peerAlert ?? r.networkError ?? `negotiated ${r.protocol ?? 'nothing'}`;
    };
    const [tls10, tls11, raw] = await Promise.all([
      legacy('TLSv1'),
      legacy('TLSv1.1'),
      rawHelloProbe({ address: '127.0.0.1', port, version: 0x0301, timeoutMs }),
    ]);
    const rawHello =
      raw.flight.serverHello?.version === 'TLSv1'
        ? null
        : `the canary answered ${raw.flight.serverHello?.version ?? raw.flight.alerts[0] ?? raw.networkError ?? 'nothing'}`;
    return { legacy: { TLSv1: tls10, 'TLSv1.1': tls11 }, rawHello };
  } finally {
    server.close();
  }
}
