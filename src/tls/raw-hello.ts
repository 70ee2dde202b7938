import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { ServerFlightReader, type ServerFlight } from './records.js';

/**
 * A hand-built ClientHello for protocol versions Node cannot offer at all (SSLv3): OpenSSL 3 has
 * no SSLv3, so the only honest probe is to send the hello ourselves and read what the server
 * answers. Without extensions and with classic cipher suites, it is a valid hello for SSLv3 to
 * TLS 1.2 alike.
 */
const CIPHER_SUITES = [
  0x0035, 0x002f, 0x000a, 0x0039, 0x0033, 0x0016, 0xc014, 0xc013, 0xc00a, 0xc009, 0x0005, 0x0004, 0x00ff,
];

export function clientHello(version: number): Buffer {
  const suites = Buffer.alloc(2 + CIPHER_SUITES.length * 2);
  suites.writeUInt16BE(CIPHER_SUITES.length * 2, 0);
  CIPHER_SUITES.forEach((s, i) => suites.writeUInt16BE(s, 2 + i * 2));
  const body = Buffer.concat([
    Buffer.from([version >> 8, version & 0xff]),
    randomBytes(32),
    Buffer.from([0]), // no session id: never resume
    suites,
    Buffer.from([1, 0]), // compression: null only
  ]);
  const handshake = Buffer.concat([
    Buffer.from([1, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]),
    body,
  ]);
  const header = Buffer.from([
    22,
    version >> 8,
    version & 0xff,
    handshake.length >> 8,
    handshake.length & 0xff,
  ]);
  return Buffer.concat([header, handshake]);
}

export interface RawHelloResult {
  connected: boolean;
  networkError?: string;
  flight: ServerFlight;
  /** The server closed without a word. */
  closedSilently: boolean;
}

/** Sends one raw ClientHello and reads the server's first flight (or its alert) until it stops talking. */
export function rawHelloProbe(opts: {
  address: string;
  port: number;
  version: number;
  timeoutMs: number;
}): Promise<RawHelloResult> {
  const reader = new ServerFlightReader();
  const result: RawHelloResult = { connected: false, flight: reader.flight, closedSilently: false };
  return new Promise((resolve) => {
    const socket = connect({ host: opts.address, port: opts.port });
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => {
      if (!result.connected) result.networkError = `no TCP connection within ${opts.timeoutMs} ms`;
      done();
    }, opts.timeoutMs);
    socket.once('connect', () => {
      result.connected = true;
      socket.write(clientHello(opts.version));
    });
    socket.on('data', (chunk: Buffer) => {
      reader.push(chunk);
      // A ServerHello or an alert decides the question; no need to wait for the rest.
      if (reader.flight.serverHello || reader.flight.alerts.length) done();
    });
    socket.once('end', () => {
      result.closedSilently = reader.flight.bytes === 0;
      done();
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      if (!result.connected) result.networkError = e.code ?? e.message;
      else result.closedSilently = reader.flight.bytes === 0;
      done();
    });
  });
}
