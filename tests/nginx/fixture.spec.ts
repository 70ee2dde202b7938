/**
 * The nginx fixture itself, seen through the raw TLS probe: each configuration behaves as its name
 * says on the wire, so the suite's verdicts in pagopa-connectivity.spec.ts are judged against a
 * server whose behaviour is known.
 */
import { readFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { tlsProbe, type TlsProbeOptions } from '../../src/tls/probe.js';
import { test, expect } from '../support/fixtures.js';
import { FQDN, CONTEXT_PATH, type NginxTarget } from '../support/nginx.js';

async function probe(
  nginx: NginxTarget,
  opts: Partial<TlsProbeOptions> & { client?: 'valid' | 'untrusted' },
) {
  const { client, ...rest } = opts;
  const f = nginx.files;
  const identity =
    client === 'valid'
      ? { cert: await readFile(f.clientCert, 'utf8'), key: await readFile(f.clientKey, 'utf8') }
      : client === 'untrusted'
        ? {
            cert: await readFile(f.untrustedClientCert, 'utf8'),
            key: await readFile(f.untrustedClientKey, 'utf8'),
          }
        : undefined;
  return tlsProbe({
    address: '127.0.0.1',
    port: nginx.port,
    servername: FQDN,
    request: { method: 'GET', path: CONTEXT_PATH },
    timeoutMs: 3_000,
    identity,
    ...rest,
  });
}

test.describe('compliant', () => {
  test('serves the chain, asks for a client certificate naming the client CAs, answers 200 to mTLS', async ({
    nginx,
  }) => {
    const tls12 = await probe(nginx, { maxVersion: 'TLSv1.2', client: 'valid' });
    expect(tls12.protocol).toBe('TLSv1.2');
    expect(tls12.response?.status).toBe(200);
    expect(tls12.flight.certificates).toHaveLength(2);
    const caNames = tls12.flight.certificateRequest?.caNames ?? [];
    // The test client CA plus the RapidSSL intermediate and DigiCert root of pagoPA's forwarder chain.
    expect(caNames).toHaveLength(3);

    const tls13 = await probe(nginx, { client: 'valid' });
    expect(tls13.protocol).toBe('TLSv1.3');
    expect(tls13.response?.status).toBe(200);
    expect(tls13.response?.bodyStart).toBe('ok');

    const [leafDer, intermediateDer] = tls12.flight.certificates ?? [];
    expect(new X509Certificate(leafDer ?? Buffer.alloc(0)).subject).toContain(`CN=${FQDN}`);
    expect(new X509Certificate(intermediateDer ?? Buffer.alloc(0)).subject).toContain('Intermediate');
  });

  test("the probe's peer chain is what the server sent, in order, and never a root from our trust store", async ({
    nginx,
  }) => {
    const ca = [await readFile(nginx.files.root, 'utf8')];
    for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
      const r = await probe(nginx, { maxVersion, client: 'valid', ca });
      expect(r.authorized, maxVersion).toBe(true);
      const subjects = (r.peerChain ?? []).map((c) => c.subject);
      expect(subjects, maxVersion).toHaveLength(2);
      expect(subjects[0], maxVersion).toContain(`CN=${FQDN}`);
      expect(subjects[1], maxVersion).toContain('Intermediate');
    }
  });

  test('refuses a missing or untrusted client certificate with 400', async ({ nginx }) => {
    for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
      const none = await probe(nginx, { maxVersion });
      expect(none.response?.status, maxVersion).toBe(400);
      expect(none.response?.bodyStart).toContain('No required SSL certificate was sent');
      const untrusted = await probe(nginx, { maxVersion, client: 'untrusted' });
      expect(untrusted.response?.status, maxVersion).toBe(400);
      expect(untrusted.response?.bodyStart).toContain('The SSL certificate error');
    }
  });

  test('refuses TLS 1.1 with a protocol_version alert', async ({ nginx }) => {
    const r = await probe(nginx, {
      minVersion: 'TLSv1.1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    expect(r.handshakeCompleted).toBe(false);
    expect(r.peerAlert).toBe('protocol_version');
  });
});

test.describe('without-platform-client-ca', () => {
  test.use({ nginxConfig: 'without-platform-client-ca' });
  test('names only the test client CA', async ({ nginx }) => {
    const r = await probe(nginx, { maxVersion: 'TLSv1.2', client: 'valid' });
    expect(r.flight.certificateRequest?.caNames).toHaveLength(1);
  });
});

test.describe('rsa-server-key', () => {
  test.use({ nginxConfig: 'rsa-server-key' });
  test('serves an RSA leaf', async ({ nginx }) => {
    const r = await probe(nginx, { maxVersion: 'TLSv1.2', client: 'valid' });
    expect(
      new X509Certificate(r.flight.certificates?.[0] ?? Buffer.alloc(0)).publicKey.asymmetricKeyType,
    ).toBe('rsa');
    expect(r.response?.status).toBe(200);
  });
});

test.describe('tls11-enabled', () => {
  test.use({ nginxConfig: 'tls11-enabled' });
  test('completes a TLS 1.1 handshake', async ({ nginx }) => {
    const r = await probe(nginx, {
      minVersion: 'TLSv1.1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0',
      client: 'valid',
    });
    expect(r.protocol).toBe('TLSv1.1');
    expect(r.response?.status).toBe(200);
  });
});

test.describe('tls13-only', () => {
  test.use({ nginxConfig: 'tls13-only' });
  test('refuses TLS 1.2 and serves TLS 1.3', async ({ nginx }) => {
    const tls12 = await probe(nginx, { maxVersion: 'TLSv1.2', client: 'valid' });
    expect(tls12.handshakeCompleted).toBe(false);
    expect(tls12.peerAlert).toBe('protocol_version');
    const tls13 = await probe(nginx, { client: 'valid' });
    expect(tls13.response?.status).toBe(200);
  });
});

test.describe('verify-optional', () => {
  test.use({ nginxConfig: 'verify-optional' });
  test('serves without a client certificate, refuses an untrusted one', async ({ nginx }) => {
    expect((await probe(nginx, {})).response?.status).toBe(200);
    expect((await probe(nginx, { client: 'untrusted' })).response?.status).toBe(400);
  });
});

test.describe('verify-optional-no-ca', () => {
  test.use({ nginxConfig: 'verify-optional-no-ca' });
  test('serves without a client certificate and with an untrusted one', async ({ nginx }) => {
    expect((await probe(nginx, {})).response?.status).toBe(200);
    expect((await probe(nginx, { client: 'untrusted' })).response?.status).toBe(200);
  });
});

test.describe('no-client-verification', () => {
  test.use({ nginxConfig: 'no-client-verification' });
  test('never asks for a client certificate', async ({ nginx }) => {
    const r = await probe(nginx, { maxVersion: 'TLSv1.2' });
    expect(r.flight.certificateRequest).toBeUndefined();
    expect(r.response?.status).toBe(200);
  });
});

test.describe('leaf-without-intermediate', () => {
  test.use({ nginxConfig: 'leaf-without-intermediate' });
  test('sends one certificate', async ({ nginx }) => {
    const r = await probe(nginx, { maxVersion: 'TLSv1.2', client: 'valid' });
    expect(r.flight.certificates).toHaveLength(1);
  });
});
