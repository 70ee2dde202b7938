import { verify as verifySignature, X509Certificate, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  BasicOCSPResponse,
  Nonce,
  OCSPResponse,
  OCSPResponseStatus,
  id_kp_OCSPSigning,
  id_pkix_ocsp_basic,
  id_pkix_ocsp_nonce,
  type CertID,
} from '@peculiar/asn1-ocsp';
import { Certificate, ExtendedKeyUsage, id_ce_extKeyUsage } from '@peculiar/asn1-x509';
import { issuedBy, oneLine } from '../x509/chain.js';
import { sameCertId } from './request.js';

/** What an OCSP answer says about the certificate asked about, once it is shown to count. */
export type OcspReading =
  | {
      kind: 'status';
      status: 'good' | 'revoked' | 'unknown';
      revokedAt?: Date;
      signer: string;
      thisUpdate: Date;
      nextUpdate?: Date;
    }
  /** The answer cannot be relied on (RFC 6960 3.2): the reason names why. */
  | { kind: 'unusable'; reason: string };

/** Signature algorithms by OID, as node:crypto verifies them (digest; null for EdDSA). */
const SIGNATURE_HASH: Readonly<Record<string, string | null>> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null,
};

const unusable = (reason: string): OcspReading => ({ kind: 'unusable', reason });

function hasOcspSigning(cert: X509Certificate): boolean {
  const ext = AsnConvert.parse(cert.raw, Certificate).tbsCertificate.extensions?.find(
    (e) => e.extnID === id_ce_extKeyUsage,
  );
  return !!ext && AsnConvert.parse(ext.extnValue.buffer, ExtendedKeyUsage).includes(id_kp_OCSPSigning);
}

/**
 * Who may sign for the issuer (RFC 6960 4.2.2.2): the issuer itself, or a responder certificate
 * in the answer that the issuer signed with the OCSPSigning purpose.
 */
function signers(basic: BasicOCSPResponse, issuer: X509Certificate): { key: KeyObject; name: string }[] {
  const delegated = (basic.certs ?? []).flatMap((c) => {
    try {
      const cert = new X509Certificate(Buffer.from(AsnConvert.serialize(c)));
      return issuedBy(cert, issuer) && hasOcspSigning(cert)
        ? [{ key: cert.publicKey, name: `responder "${oneLine(cert.subject)}" delegated by the issuer` }]
        : [];
    } catch {
      return [];
    }
  });
  return [{ key: issuer.publicKey, name: `the issuer "${oneLine(issuer.subject)}"` }, ...delegated];
}

function signedBy(basic: BasicOCSPResponse, issuer: X509Certificate): string | undefined {
  const hash = SIGNATURE_HASH[basic.signatureAlgorithm.algorithm];
  if (hash === undefined || !basic.tbsResponseDataRaw) return undefined;
  const data = Buffer.from(basic.tbsResponseDataRaw);
  const signature = Buffer.from(basic.signature);
  return signers(basic, issuer).find((s) => {
    try {
      return verifySignature(hash, data, s.key, signature);
    } catch {
      return false;
    }
  })?.name;
}

function nonceOf(basic: BasicOCSPResponse): Buffer | undefined {
  const ext = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === id_pkix_ocsp_nonce);
  return ext ? Buffer.from(AsnConvert.parse(ext.extnValue.buffer, Nonce).buffer) : undefined;
}

function basicOf(der: Buffer): BasicOCSPResponse | OcspReading {
  let response: OCSPResponse;
  try {
    response = AsnConvert.parse(der, OCSPResponse);
  } catch {
    return unusable(`the answer is not an OCSP response (${der.length} bytes)`);
  }
  if (response.responseStatus !== OCSPResponseStatus.successful)
    return unusable(
      `the responder answered "${OCSPResponseStatus[response.responseStatus] ?? response.responseStatus}", not a status`,
    );
  if (response.responseBytes?.responseType !== id_pkix_ocsp_basic)
    return unusable('the response is not a basic OCSP response');
  try {
    return AsnConvert.parse(response.responseBytes.response.buffer, BasicOCSPResponse);
  } catch {
    return unusable('the basic OCSP response does not parse');
  }
}

const SKEW_MS = 5 * 60_000;

/**
 * Reads an OCSP answer for `certId`: it counts only if its signature verifies with the issuer
 * or a responder the issuer delegated, it names the certificate asked about, it is current, and
 * it does not echo another nonce. `unknown` is a status, never `good`.
 */
export function readOcspResponse(
  der: Buffer,
  certId: CertID,
  issuer: X509Certificate,
  nonce: Buffer,
  now = new Date(),
): OcspReading {
  const basic = basicOf(der);
  if (!(basic instanceof BasicOCSPResponse)) return basic;
  const signer = signedBy(basic, issuer);
  if (!signer)
    return unusable(
      SIGNATURE_HASH[basic.signatureAlgorithm.algorithm] === undefined
        ? `the response is signed with an algorithm we do not verify (${basic.signatureAlgorithm.algorithm})`
        : 'the response signature does not verify with the issuer or a responder it delegated (unsigned or badly signed)',
    );
  const echoed = nonceOf(basic);
  if (echoed && !echoed.equals(nonce))
    return unusable('the response carries another nonce than ours (a replay?)');
  const single = basic.tbsResponseData.responses.find((r) => sameCertId(r.certID, certId));
  if (!single) return unusable('the response is about another certificate, not the leaf asked about');
  if (single.thisUpdate.getTime() > now.getTime() + SKEW_MS)
    return unusable(`the response is dated in the future (${single.thisUpdate.toISOString()})`);
  if (single.nextUpdate && single.nextUpdate.getTime() < now.getTime() - SKEW_MS)
    return unusable(`the response is stale (nextUpdate ${single.nextUpdate.toISOString()})`);
  const s = single.certStatus;
  const status = s.revoked ? 'revoked' : s.good !== undefined ? 'good' : 'unknown';
  return {
    kind: 'status',
    status,
    ...(s.revoked ? { revokedAt: s.revoked.revocationTime } : {}),
    signer,
    thisUpdate: single.thisUpdate,
    ...(single.nextUpdate ? { nextUpdate: single.nextUpdate } : {}),
  };
}
