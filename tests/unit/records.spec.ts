import { test, expect } from '@playwright/test';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ServerFlightReader } from '../../src/tls/records.js';
import { clientHello, rawHelloProbe } from '../../src/tls/raw-hello.js';

/** A handshake record holding one ServerHello of the given legacy version, with an optional supported_versions. */
function serverHello(version: number, supported?: number): Buffer {
  const ext =
    supported === undefined ? Buffer.alloc(0) : Buffer.from([0, 43, 0, 2, supported >> 8, supported & 0xff]);
  const body = Buffer.concat([
    Buffer.from([version >> 8, version & 0xff]),
    Buffer.alloc(32, 7),
    Buffer.from([0]),
    Buffer.from([0x00, 0x2f, 0]),
    Buffer.from([ext.length >> 8, ext.length & 0xff]),
    ext,
  ]);
  const hs = Buffer.concat([Buffer.from([2, 0, body.length >> 8, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([22, 3, 3, hs.length >> 8, hs.length & 0xff]), hs]);
}

test('the ServerHello version comes from supported_versions when present (TLS 1.3), else legacy_version', () => {
  const tls13 = new ServerFlightReader();
  tls13.push(serverHello(0x0303, 0x0304));
  expect(tls13.flight.serverHello?.version).toBe('TLSv1.3');
  const tls11 = new ServerFlightReader();
  tls11.push(serverHello(0x0302));
  expect(tls11.flight.serverHello?.version).toBe('TLSv1.1');
});

test('records split across TCP chunks are reassembled; alerts are named', () => {
  const reader = new ServerFlightReader();
  const alert = Buffer.from([21, 3, 3, 0, 2, 2, 70]);
  reader.push(alert.subarray(0, 3));
  expect(reader.flight.alerts).toEqual([]);
  reader.push(alert.subarray(3));
  expect(reader.flight.alerts).toEqual(['protocol_version']);
  expect(reader.flight.bytes).toBe(7);
});

test('a hand-built SSLv3 hello is well formed', () => {
  const hello = clientHello(0x0300);
  expect(hello[0]).toBe(22);
  expect(hello.readUInt16BE(1)).toBe(0x0300);
  expect(hello.readUInt16BE(3)).toBe(hello.length - 5);
  expect(hello[5]).toBe(1); // ClientHello
  expect(hello.readUInt16BE(9)).toBe(0x0300);
});

test('the raw SSLv3 probe reads acceptance from a server that answers with an SSLv3 ServerHello', async () => {
  // No real server can speak SSLv3 here (OpenSSL 3 has none): this one answers like an old one would.
  const server = createServer((s) => s.once('data', () => s.end(serverHello(0x0300))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const r = await rawHelloProbe({
      address: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      version: 0x0300,
      timeoutMs: 2000,
    });
    expect(r.flight.serverHello?.version).toBe('SSLv3');
  } finally {
    server.close();
  }
});
