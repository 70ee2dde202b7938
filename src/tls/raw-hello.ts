import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { currentMeter, httpsOrigin } from '../http/traffic.js';
import { ServerFlightReader, type ServerFlight } from './records.js';

/**
 * A hand-built ClientHello for protocol versions Node cannot offer at all (SSLv3): OpenSSL 3 has
 * no SSLv3, so the only honest probe is to send the hello ourselves and read what the server
 * answers. It carries the classic suites an SSLv3 server has and the modern ones (with the
 * extensions they need) so that the same bytes sent as TLS 1.2 prove the target would answer it.
 */
const CIPHER_SUITES = [
  0xc02b, 0xc02f, 0xc02c, 0xc030, 0xc009, 0xc013, 0xc00a, 0xc014, 0x009c, 0x009d, 0x0035, 0x002f, 0x000a,
  0x0039, 0x0033, 0x0016, 0x0005, 0x0004, 0x00ff,
];
const GROUPS = [0x001d, 0x0017, 0x0018, 0x0019];
const SIGNATURE_ALGORITHMS = [
  0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201,
];

function u16(n: number): Buffer {
  return Buffer.from([n >> 8, n & 0xff]);
}

function list16(items: readonly number[]): Buffer {
  return Buffer.concat([u16(items.length * 2), ...items.map(u16)]);
}

function extension(type: number, body: Buffer): Buffer {
  return Buffer.concat([u16(type), u16(body.length), body]);
}

export function clientHello(version: number, servername?: string): Buffer {
  const extensions = Buffer.concat([
    ...(servername
      ? [
          extension(
            0,
            Buffer.concat([
              u16(servername.length + 3),
              Buffer.from([0]),
              u16(servername.length),
              Buffer.from(servername, 'ascii'),
            ]),
          ),
        ]
      : []),
    extension(10, list16(GROUPS)),
    extension(11, Buffer.from([1, 0])),
    extension(13, list16(SIGNATURE_ALGORITHMS)),
  ]);
  const body = Buffer.concat([
    u16(version),
    randomBytes(32),
    Buffer.from([0]), // no session id: never resume
    list16(CIPHER_SUITES),
    Buffer.from([1, 0]), // compression: null only
    u16(extensions.length),
    extensions,
  ]);
  const handshake = Buffer.concat([Buffer.from([1, 0]), u16(body.length), body]);
  return Buffer.concat([Buffer.from([22]), u16(version), u16(handshake.length), handshake]);
}

interface RawHelloResult {
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
  /** SNI, so a server with several certificates answers as it would for the target's name. */
  servername?: string;
  timeoutMs: number;
}): Promise<RawHelloResult> {
  const reader = new ServerFlightReader();
  const result: RawHelloResult = { connected: false, flight: reader.flight, closedSilently: false };
  return new Promise((resolve) => {
    currentMeter()?.connection(httpsOrigin(opts.servername ?? opts.address, opts.port));
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
      socket.write(clientHello(opts.version, opts.servername));
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
