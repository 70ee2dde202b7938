import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, Extension } from '@peculiar/asn1-x509';
import {
  BasicOCSPResponse,
  CertID,
  CertStatus,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  ResponderID,
  ResponseBytes,
  ResponseData,
  RevokedInfo,
  SingleResponse,
  id_pkix_ocsp_basic,
  id_pkix_ocsp_nonce,
} from '@peculiar/asn1-ocsp';
import type { Issued } from '../../x509/issue.js';

/** How the responder misbehaves, for the variants that make revocation undecidable. */
export type ResponderMode = 'honest' | 'silent' | 'unsigned' | 'other-certificate';

export interface OcspResponderOptions {
  /** The CAs it answers for, each signing for its own certificates (no delegated responder). */
  issuers: Issued[];
  /** Serial numbers (hex, as node:crypto prints them) answered "revoked"; every other serial of a known CA is "good". */
  revoked: () => ReadonlySet<string>;
  mode: ResponderMode;
}

const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const MINUTE = 60_000;

function keyHash(issuer: Issued): Buffer {
  const spki = AsnConvert.parse(issuer.cert.rawData, Certificate).tbsCertificate.subjectPublicKeyInfo;
  return createHash('sha1').update(Buffer.from(spki.subjectPublicKey)).digest();
}

function single(certID: CertID, revoked: boolean): SingleResponse {
  const now = Date.now();
  return new SingleResponse({
    certID,
    certStatus: new CertStatus(
      revoked
        ? { revoked: new RevokedInfo({ revocationTime: new Date(now - 60 * MINUTE) }) }
        : { good: null },
    ),
    thisUpdate: new Date(now - MINUTE),
    nextUpdate: new Date(now + 60 * MINUTE),
  });
}

/** A signed basic OCSP response (RFC 6960 4.2.1) about `certID`, echoing the request's nonce. */
function answer(request: OCSPRequest, o: OcspResponderOptions): Buffer {
  const certID = request.tbsRequest.requestList[0]!.reqCert;
  const issuer = o.issuers.find((i) => keyHash(i).equals(Buffer.from(certID.issuerKeyHash.buffer)));
  if (!issuer)
    return Buffer.from(
      AsnConvert.serialize(new OCSPResponse({ responseStatus: OCSPResponseStatus.unauthorized })),
    );
  const serial = Buffer.from(certID.serialNumber).toString('hex').replace(/^00/, '').toUpperCase();
  const about =
    o.mode === 'other-certificate'
      ? new CertID({ ...certID, serialNumber: Uint8Array.from(randomBytes(8)).buffer })
      : certID;
  const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === id_pkix_ocsp_nonce);
  const data = new ResponseData({
    responderID: new ResponderID({ byKey: new OctetString(keyHash(issuer)) }),
    producedAt: new Date(),
    responses: [single(about, o.revoked().has(serial))],
    ...(nonce
      ? {
          responseExtensions: [
            new Extension({ extnID: id_pkix_ocsp_nonce, critical: false, extnValue: nonce.extnValue }),
          ],
        }
      : {}),
  });
  const tbs = Buffer.from(AsnConvert.serialize(data));
  // "unsigned": signed by a key of its own, which no CA certified.
  const signer =
    o.mode === 'unsigned'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
      : createPrivateKey(issuer.keyPem);
  const basic = new BasicOCSPResponse({
    tbsResponseData: data,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_SHA256 }),
    signature: Uint8Array.from(sign('sha256', tbs, signer)).buffer,
  });
  return Buffer.from(
    AsnConvert.serialize(
      new OCSPResponse({
        responseStatus: OCSPResponseStatus.successful,
        responseBytes: new ResponseBytes({
          responseType: id_pkix_ocsp_basic,
          response: new OctetString(AsnConvert.serialize(basic)),
        }),
      }),
    ),
  );
}

function respond(req: IncomingMessage, res: ServerResponse, o: OcspResponderOptions): void {
  if (o.mode === 'silent') return; // the connection stays open, unanswered
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= 64 * 1024) chunks.push(c);
  });
  req.on('end', () => {
    let body: Buffer;
    try {
      body = answer(AsnConvert.parse(Buffer.concat(chunks), OCSPRequest), o);
    } catch {
      body = Buffer.from(
        AsnConvert.serialize(new OCSPResponse({ responseStatus: OCSPResponseStatus.malformedRequest })),
      );
    }
    res.writeHead(200, { 'content-type': 'application/ocsp-response', 'content-length': body.length });
    res.end(body);
  });
}

/**
 * An OCSP responder on loopback (RFC 6960, POST), answering for the given CAs: each signs the
 * answers about its own certificates, as a small CA does. Its URL goes into the leaves' AIA.
 */
export async function startOcspResponder(
  o: OcspResponderOptions,
  port = 0,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => respond(req, res, o));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ocsp` };
}
