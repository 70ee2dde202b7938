import { createHash, randomBytes, type X509Certificate } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, Extension } from '@peculiar/asn1-x509';
import { CertID, Nonce, OCSPRequest, Request, TBSRequest, id_pkix_ocsp_nonce } from '@peculiar/asn1-ocsp';

/** SHA-1, the CertID hash every responder understands (RFC 6960 4.1.1, RFC 5019 2.1.1). */
const SHA1 = '1.3.14.3.2.26';

/** Names the leaf to its issuer's responder: hashes of the issuer's name and key, and the serial. */
export function certIdOf(leaf: X509Certificate, issuer: X509Certificate): CertID {
  const leafAsn = AsnConvert.parse(leaf.raw, Certificate);
  const issuerAsn = AsnConvert.parse(issuer.raw, Certificate);
  const sha1 = (data: ArrayBuffer) => new OctetString(createHash('sha1').update(Buffer.from(data)).digest());
  return new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA1, parameters: null }),
    issuerNameHash: sha1(AsnConvert.serialize(leafAsn.tbsCertificate.issuer)),
    issuerKeyHash: sha1(issuerAsn.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey),
    serialNumber: leafAsn.tbsCertificate.serialNumber,
  });
}

export interface BuiltRequest {
  der: Buffer;
  certId: CertID;
  /** Sent in the nonce extension: an answer that echoes another nonce is a replay. */
  nonce: Buffer;
}

/** An unsigned OCSP request (RFC 6960 4.1) for one certificate, with a fresh nonce. */
export function ocspRequest(leaf: X509Certificate, issuer: X509Certificate): BuiltRequest {
  const certId = certIdOf(leaf, issuer);
  const nonce = randomBytes(16);
  const request = new OCSPRequest({
    tbsRequest: new TBSRequest({
      requestList: [new Request({ reqCert: certId })],
      requestExtensions: [
        new Extension({
          extnID: id_pkix_ocsp_nonce,
          critical: false,
          extnValue: new OctetString(AsnConvert.serialize(new Nonce(nonce))),
        }),
      ],
    }),
  });
  return { der: Buffer.from(AsnConvert.serialize(request)), certId, nonce };
}

/** Whether two CertIDs name the same certificate (same hash algorithm, hashes and serial). */
export function sameCertId(a: CertID, b: CertID): boolean {
  const eq = (x: ArrayBuffer | OctetString, y: ArrayBuffer | OctetString) =>
    Buffer.from(x instanceof OctetString ? x.buffer : x).equals(
      Buffer.from(y instanceof OctetString ? y.buffer : y),
    );
  return (
    a.hashAlgorithm.algorithm === b.hashAlgorithm.algorithm &&
    eq(a.issuerNameHash, b.issuerNameHash) &&
    eq(a.issuerKeyHash, b.issuerKeyHash) &&
    eq(a.serialNumber, b.serialNumber)
  );
}
