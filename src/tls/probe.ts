import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type SecureVersion, type TLSSocket } from 'node:tls';
import type { X509Certificate } from 'node:crypto';
import { currentMeter, httpsOrigin } from '../http/traffic.js';
import { exceeded, LIMITS, timedOut } from '../http/limits.js';
import { certificateOf } from '../x509/pem.js';
import { sharedContext } from './shared-context.js';
import { WireTap } from './wire-tap.js';
import { ServerFlightReader, type ServerFlight } from './records.js';
import { parseResponseHead, serializeRequest, type RequestSpec, type ResponseHead } from './http1.js';

export interface ClientIdentityPem {
  cert: string;
  key: string;
  passphrase?: string;
}

export interface TlsProbeOptions {
  /** Where to connect (an IP address or host name). */
  address: string;
  port: number;
  /** SNI and the name the certificate is for. */
  servername: string;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
  /** Trust anchors for Node's own verification (reported, never enforced: the probe must see refusals). */
  ca?: string[];
  identity?: ClientIdentityPem;
  /** Sent once the handshake completes; the probe then waits for the answer, an alert or the close. */
  request?: Omit<RequestSpec, 'host'>;
  timeoutMs: number;
}

export interface TlsProbeResult {
  /** The TCP connection was established. */
  connected: boolean;
  /** A network error before any TLS byte from the server (refused, unreachable, timed out). */
  networkError?: string;
  /** secureConnect fired. In TLS 1.3 this says nothing about client authentication yet. */
  handshakeCompleted: boolean;
  protocol?: string;
  cipher?: string;
  authorized?: boolean;
  authorizationError?: string;
  /** The certificates the server sent, in the order sent (decrypted in TLS 1.3). */
  peerChain?: X509Certificate[];
  /** What the server sent in plaintext, read off the wire. */
  flight: ServerFlight;
  /** A fatal alert the server sent us (plaintext, or reported by OpenSSL once decrypted). */
  peerAlert?: string;
  /** An error raised by our own TLS stack, not by the peer: never evidence of refusal. */
  clientError?: string;
  requestSent: boolean;
  response?: ResponseHead;
  /** The connection was reset or closed after our request, before any answer. */
  closedAfterRequest?: 'reset' | 'closed';
  /**
   * TLS 1.2: the server asked for a certificate, finished its flight, then reset or closed the
   * connection once it had read ours (Node servers drop an unverified client this way, without an alert).
   */
  closedAfterCertificate?: 'reset' | 'closed';
  timedOut: boolean;
  /** The answer exceeded a limit of our own probe (src/http/limits.ts): never the peer's fault. */
  ownLimit?: string;
  elapsedMs: number;
}

/** OpenSSL reports a fatal alert it received as ..._ALERT_<NAME>; it has no such reason for alerts it sends. */
const RECEIVED_ALERT = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)$/;
const RESET = new Set(['ECONNRESET', 'EPIPE']);
const NETWORK = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
]);

/**
 * The certificates the server sent, in the order sent: the TLS 1.2 Certificate message read off
 * the wire (the same few certificates on every connection, parsed once), else as OpenSSL received
 * them (TLS 1.3 encrypts the message), where Node links each to the next one sent (not to the
 * issuer it finds) and adds none from the trust store - unlike getPeerCertificate(true), which
 * also decodes every field of every certificate on every connection.
 */
function peerChainOf(socket: TLSSocket, flight: ServerFlight): X509Certificate[] {
  if (flight.certificates?.length) return flight.certificates.map(certificateOf);
  const chain: X509Certificate[] = [];
  for (let cert = socket.getPeerX509Certificate(); cert; cert = cert.issuerCertificate) {
    if (chain.some((c) => c.raw.equals(cert!.raw))) break;
    chain.push(cert);
  }
  return chain;
}

/**
 * One TLS connection, one optional request, everything observed. Never reuses a session, never
 * rejects on its own: it reports what happened, and the checks decide what that proves.
 */
export function tlsProbe(opts: TlsProbeOptions): Promise<TlsProbeResult> {
  return new Promise((resolve) => new ProbeRun(opts, resolve).start());
}

/** The state of one probe, from the TCP connect to the single settle that resolves it. */
class ProbeRun {
  private readonly started = Date.now();
  private readonly reader = new ServerFlightReader();
  private readonly result: TlsProbeResult = {
    connected: false,
    handshakeCompleted: false,
    flight: this.reader.flight,
    requestSent: false,
    timedOut: false,
    elapsedMs: 0,
  };
  private received = Buffer.alloc(0);
  private settled = false;
  private readonly meter = currentMeter();
  private readonly origin: string;
  private tcp?: Socket;
  private tls?: TLSSocket;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly opts: TlsProbeOptions,
    private readonly resolve: (result: TlsProbeResult) => void,
  ) {
    this.origin = httpsOrigin(opts.servername, opts.port);
  }

  start(): void {
    this.meter?.connection(this.origin);
    const tcp = connectTcp({ host: this.opts.address, port: this.opts.port });
    this.tcp = tcp;
    this.timer = setTimeout(this.onTimeout, this.opts.timeoutMs);
    tcp.once('connect', this.startTls);
    tcp.on('error', this.onError);
  }

  /** TLS over the TCP socket, through a wire tap so the server's plaintext flight is read as it arrives. */
  private readonly startTls = () => {
    const { opts } = this;
    this.result.connected = true;
    const tls = connectTls({
      socket: new WireTap(this.tcp!, (chunk) => this.reader.push(chunk)) as unknown as Socket,
      servername: opts.servername,
      // Every setting of the handshake itself goes in the context (tls.connect ignores them beside one).
      secureContext: sharedContext({
        minVersion: opts.minVersion,
        maxVersion: opts.maxVersion,
        ciphers: opts.ciphers,
        ca: opts.ca,
        cert: opts.identity?.cert,
        key: opts.identity?.key,
        passphrase: opts.identity?.passphrase,
      }),
      rejectUnauthorized: false,
    });
    this.tls = tls;
    tls.on('error', this.onError);
    tls.once('secureConnect', this.onSecureConnect);
    tls.on('data', this.onData);
    tls.once('end', this.onClosed);
    tls.once('close', this.onClosed);
  };

  /** The handshake completed: record what was negotiated, then send the request if there is one. */
  private readonly onSecureConnect = () => {
    const { result, opts } = this;
    const socket = this.tls!;
    result.handshakeCompleted = true;
    result.protocol = socket.getProtocol() ?? undefined;
    result.cipher = socket.getCipher()?.name;
    result.authorized = socket.authorized;
    result.authorizationError = socket.authorizationError ? String(socket.authorizationError) : undefined;
    result.peerChain = peerChainOf(socket, result.flight);
    if (!opts.request) return this.finish();
    socket.write(serializeRequest({ ...opts.request, host: hostHeader(opts) }));
    result.requestSent = true;
    this.meter?.request(this.origin);
  };

  private readonly onData = (chunk: Buffer) => {
    this.received = Buffer.concat([this.received, chunk]).subarray(0, MAX_RESPONSE_BYTES);
    // The status, headers and start of the body decide; a kept-alive connection need not be waited out.
    if (answered(this.received)) this.finish();
  };

  private readonly onTimeout = () => {
    this.result.timedOut = true;
    if (!this.result.connected)
      this.result.networkError = `no TCP connection within ${this.opts.timeoutMs} ms`;
    this.finish();
  };

  private readOurCertificate(): boolean {
    return Boolean(this.result.flight.certificateRequest && this.result.flight.serverHelloDone);
  }

  private readonly onError = (err: NodeJS.ErrnoException) => {
    // After we gave up (timeout) or finished, our own teardown says nothing about the peer.
    if (this.settled) return;
    const { result } = this;
    const code = err.code ?? err.message;
    const alert = RECEIVED_ALERT.exec(code);
    if (alert) result.peerAlert = alert[1]!.toLowerCase();
    else if (result.flight.alerts.length) result.peerAlert = result.flight.alerts[0];
    else if (RESET.has(code) && result.requestSent) result.closedAfterRequest = 'reset';
    else if (RESET.has(code) && this.readOurCertificate()) result.closedAfterCertificate = 'reset';
    else if (!result.connected || (NETWORK.has(code) && result.flight.bytes === 0))
      result.networkError = code;
    else if (RESET.has(code)) result.networkError = `${code} during the handshake`;
    else result.clientError = `${code}: ${err.message}`;
    this.finish();
  };

  // The peer ended the connection ('end' when it closed its side, 'close' in any case): read why.
  private readonly onClosed = () => {
    if (this.settled) return;
    const { result } = this;
    if (!result.handshakeCompleted && result.flight.alerts.length) {
      result.peerAlert ??= result.flight.alerts[0];
    } else if (
      !result.handshakeCompleted &&
      !result.peerAlert &&
      !result.clientError &&
      this.readOurCertificate()
    ) {
      result.closedAfterCertificate ??= 'closed';
    } else if (!result.handshakeCompleted && !result.clientError && !result.peerAlert) {
      result.networkError ??= result.flight.bytes
        ? 'connection closed during the handshake'
        : 'connection closed before the server answered';
    } else if (result.requestSent && this.received.length === 0) {
      result.closedAfterRequest ??= 'closed';
    }
    this.finish();
  };

  /** Settle once: read the answer received so far, note our own limits, tear both sockets down. */
  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    const { result, received, opts } = this;
    result.response ??= parseResponseHead(received);
    if (!result.response && received.length >= MAX_RESPONSE_BYTES)
      result.ownLimit = exceeded(LIMITS.probeHead);
    else if (!result.response && result.timedOut && result.requestSent)
      result.ownLimit = timedOut(opts.timeoutMs);
    result.elapsedMs = Date.now() - this.started;
    this.tls?.destroy();
    this.tcp?.destroy();
    this.resolve(result);
  }
}

/** Enough of an answer to judge: the head and as much body as it announced, or the cap. */
const MAX_RESPONSE_BYTES = LIMITS.probeHead.bytes;

function answered(received: Buffer): boolean {
  const head = received.indexOf('\r\n\r\n');
  if (head < 0) return received.length >= MAX_RESPONSE_BYTES;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(received.subarray(0, head).toString('latin1'))?.[1];
  const body = received.length - head - 4;
  return received.length >= MAX_RESPONSE_BYTES || (length !== undefined && body >= Number(length));
}

function hostHeader(opts: TlsProbeOptions): string {
  return opts.port === 443 ? opts.servername : `${opts.servername}:${opts.port}`;
}
