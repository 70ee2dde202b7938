/**
 * A reader for the plaintext part of what a TLS server sends: alerts sent before encryption, the
 * ServerHello (which version the server chose), and in TLS 1.2 and older the Certificate and
 * CertificateRequest messages exactly as they crossed the wire. Node re-links the peer chain and
 * can add roots from the local store, so order and completeness checks must use this instead.
 */

const PROTOCOL_VERSIONS: Record<number, string> = {
  0x0300: 'SSLv3',
  0x0301: 'TLSv1',
  0x0302: 'TLSv1.1',
  0x0303: 'TLSv1.2',
  0x0304: 'TLSv1.3',
};

const ALERTS: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  22: 'record_overflow',
  40: 'handshake_failure',
  41: 'no_certificate',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  109: 'missing_extension',
  110: 'unsupported_extension',
  112: 'unrecognized_name',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

const CONTENT = { changeCipherSpec: 20, alert: 21, handshake: 22 } as const;
const HANDSHAKE = { serverHello: 2, certificate: 11, certificateRequest: 13, serverHelloDone: 14 } as const;
const EXT_SUPPORTED_VERSIONS = 43;

interface ServerHello {
  /** The version the server selected: supported_versions when present (TLS 1.3), else legacy_version. */
  version: string;
  cipherSuite: number;
}

export interface ServerFlight {
  /** Plaintext alerts, in order (TLS 1.3 alerts after the ServerHello are encrypted and not seen here). */
  alerts: string[];
  serverHello?: ServerHello;
  /** DER certificates of the Certificate message, in the order sent (TLS 1.2 and older only). */
  certificates?: Buffer[];
  /** DER distinguished names of the CertificateRequest's certificate_authorities (TLS 1.2 and older). */
  certificateRequest?: { caNames: Buffer[] };
  /** The server finished its TLS 1.2 flight and waits for ours (our certificate comes next). */
  serverHelloDone?: boolean;
  /** Total bytes the server sent, so "the server said nothing" can be told from "we could not read it". */
  bytes: number;
}

/** Accumulates server bytes and parses records until the server switches to encryption. */
export class ServerFlightReader {
  private buffer = Buffer.alloc(0);
  private handshake = Buffer.alloc(0);
  private encrypted = false;
  readonly flight: ServerFlight = { alerts: [], bytes: 0 };

  push(chunk: Buffer): void {
    this.flight.bytes += chunk.length;
    if (this.encrypted) return;
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 5 && !this.encrypted) {
      const type = this.buffer[0]!;
      const length = this.buffer.readUInt16BE(3);
      if (this.buffer.length < 5 + length) return;
      const body = this.buffer.subarray(5, 5 + length);
      this.buffer = this.buffer.subarray(5 + length);
      this.record(type, body);
    }
  }

  private record(type: number, body: Buffer): void {
    if (type === CONTENT.alert && body.length === 2) {
      this.flight.alerts.push(ALERTS[body[1]!] ?? `alert_${body[1]}`);
    } else if (type === CONTENT.handshake) {
      this.handshake = Buffer.concat([this.handshake, body]);
      this.handshakeMessages();
    } else if (type === CONTENT.changeCipherSpec) {
      // TLS 1.3 sends a dummy ChangeCipherSpec; either way, what follows is encrypted.
      this.encrypted = true;
    } else {
      this.encrypted = true;
    }
  }

  private handshakeMessages(): void {
    while (this.handshake.length >= 4) {
      const msgType = this.handshake[0]!;
      const length = this.handshake.readUIntBE(1, 3);
      if (this.handshake.length < 4 + length) return;
      const body = this.handshake.subarray(4, 4 + length);
      this.handshake = this.handshake.subarray(4 + length);
      if (msgType === HANDSHAKE.serverHello) this.serverHello(body);
      else if (msgType === HANDSHAKE.serverHelloDone) this.flight.serverHelloDone = true;
      else if (msgType === HANDSHAKE.certificate) this.flight.certificates = parseCertificateList(body);
      else if (msgType === HANDSHAKE.certificateRequest) {
        this.flight.certificateRequest = parseCertificateRequest(
          body,
          this.flight.serverHello?.version === 'TLSv1.2',
        );
      }
    }
  }

  private serverHello(body: Buffer): void {
    let version = body.readUInt16BE(0);
    let p = 2 + 32;
    const sessionIdLength = body[p]!;
    p += 1 + sessionIdLength;
    const cipherSuite = body.readUInt16BE(p);
    p += 3; // cipher suite, compression method
    if (p + 2 <= body.length) {
      const end = p + 2 + body.readUInt16BE(p);
      p += 2;
      while (p + 4 <= end) {
        const extType = body.readUInt16BE(p);
        const extLength = body.readUInt16BE(p + 2);
        if (extType === EXT_SUPPORTED_VERSIONS && extLength === 2) version = body.readUInt16BE(p + 4);
        p += 4 + extLength;
      }
    }
    this.flight.serverHello = {
      version: PROTOCOL_VERSIONS[version] ?? `0x${version.toString(16)}`,
      cipherSuite,
    };
    // In TLS 1.3 everything after the ServerHello is encrypted.
    if (version === 0x0304) this.encrypted = true;
  }
}

function parseCertificateList(body: Buffer): Buffer[] {
  const certs: Buffer[] = [];
  const end = 3 + body.readUIntBE(0, 3);
  for (let p = 3; p + 3 <= end;) {
    const length = body.readUIntBE(p, 3);
    certs.push(Buffer.from(body.subarray(p + 3, p + 3 + length)));
    p += 3 + length;
  }
  return certs;
}

function parseCertificateRequest(body: Buffer, hasSignatureAlgorithms: boolean): { caNames: Buffer[] } {
  let p = 1 + body[0]!; // certificate_types
  if (hasSignatureAlgorithms) p += 2 + body.readUInt16BE(p);
  const end = p + 2 + body.readUInt16BE(p);
  p += 2;
  const caNames: Buffer[] = [];
  while (p + 2 <= end) {
    const length = body.readUInt16BE(p);
    caNames.push(Buffer.from(body.subarray(p + 2, p + 2 + length)));
    p += 2 + length;
  }
  return { caNames };
}
