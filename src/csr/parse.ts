import 'reflect-metadata';
import { createPublicKey, createHash, verify, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { Name } from '@peculiar/x509';

/** The public key of a request, as its type and size or curve. */
export type CsrKey =
  { type: 'rsa'; bits: number } | { type: 'ec'; curve: string } | { type: 'other'; name: string };

/** What the CSR judgements read of a PKCS#10 request; never a private key (a CSR holds none). */
export interface ParsedCsr {
  key: CsrKey;
  /** SHA-256 of the SubjectPublicKeyInfo, to compare keys between environments. */
  keyFingerprint: string;
  /** The signature algorithm's name, or its OID when unknown. */
  signatureAlgorithm: string;
  signatureOid: string;
  /** Whether the signature verifies with the request's own key; undefined: the algorithm is one we cannot check. */
  signatureValid?: boolean;
  /** The subject's attributes in order, by short name (CN, C, ST, L, O, OU) or OID. */
  subject: { type: string; value: string }[];
  /** The subject as one line, for evidence. */
  subjectLine: string;
}

/** Signature algorithms by OID: the name a person reads and the hash node:crypto verifies with. */
const SIGNATURE_ALGORITHMS: Readonly<Record<string, { name: string; hash?: string }>> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.3.101.112': { name: 'Ed25519' },
};

const PEM_CSR =
  /^-----BEGIN (NEW )?CERTIFICATE REQUEST-----\r?\n([A-Za-z0-9+/=\r\n\t ]*?)-----END \1CERTIFICATE REQUEST-----$/;

/** The only characters besides printable ASCII that PEM text holds. */
const PRINTABLE = new Set(['\t', '\n', '\r']);

/** Any PEM label, to say what a file holds instead of a request. */
const PEM_LABEL = /-----BEGIN ([A-Z0-9 #]+)-----/;

/** Why a file is not one PEM certificate request, in words a person can act on; undefined when it is one. */
function pemProblem(text: string): string | undefined {
  if (!text.trim()) return 'is empty';
  if ([...text].some((ch) => !PRINTABLE.has(ch) && (ch < ' ' || ch > '~')))
    return 'is not PEM text (binary data: a DER request must be converted with `openssl req -inform DER -outform PEM`)';
  const found = text.match(PEM_LABEL)?.[1];
  if (!found) return 'holds no PEM block (expected -----BEGIN CERTIFICATE REQUEST-----)';
  if (found !== 'CERTIFICATE REQUEST' && found !== 'NEW CERTIFICATE REQUEST')
    return `holds a PEM ${found} block, not a CERTIFICATE REQUEST`;
  if (!/-----END (NEW )?CERTIFICATE REQUEST-----/.test(text))
    return 'is truncated: the CERTIFICATE REQUEST block has no END line';
  if (!PEM_CSR.test(text.trim()))
    return 'must hold exactly one CERTIFICATE REQUEST block and nothing else (found text before or after it, or inside it)';
  return undefined;
}

function keyOf(key: KeyObject): CsrKey {
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return { type: 'rsa', bits: d.modulusLength ?? 0 };
  if (key.asymmetricKeyType === 'ec') return { type: 'ec', curve: d.namedCurve ?? 'unknown curve' };
  return { type: 'other', name: key.asymmetricKeyType ?? 'unknown key type' };
}

function verifies(
  hash: string | undefined,
  tbs: Buffer,
  key: KeyObject,
  signature: Buffer,
): boolean | undefined {
  if (!hash) return undefined;
  try {
    return verify(hash, tbs, key, signature);
  } catch {
    return false;
  }
}

/** The subject, attribute by attribute, with the short names Name knows. */
function subjectOf(name: Name): ParsedCsr['subject'] {
  return name
    .toJSON()
    .flatMap((rdn) =>
      Object.entries(rdn).flatMap(([type, values]) => values.map((value) => ({ type, value }))),
    );
}

/**
 * Reads one PEM certificate request. Throws an Error whose message completes "the file ..." when
 * the text is not exactly one well-formed request: the caller names the file and the field.
 */
export function parseCsrPem(text: string): ParsedCsr {
  const problem = pemProblem(text);
  if (problem) throw new Error(problem);
  const base64 = PEM_CSR.exec(text.trim())![2]!.replace(/\s+/g, '');
  const der = Buffer.from(base64, 'base64');
  let req: CertificationRequest;
  let key: KeyObject;
  try {
    req = AsnConvert.parse(der, CertificationRequest);
    key = createPublicKey({
      key: Buffer.from(AsnConvert.serialize(req.certificationRequestInfo.subjectPKInfo)),
      format: 'der',
      type: 'spki',
    });
  } catch (e) {
    throw new Error(
      `holds a CERTIFICATE REQUEST block that is not a valid PKCS#10 request (${(e as Error).message.split('\n')[0]})`,
      { cause: e },
    );
  }
  const oid = req.signatureAlgorithm.algorithm;
  const alg = SIGNATURE_ALGORITHMS[oid];
  const tbs = Buffer.from(
    req.certificationRequestInfoRaw ?? AsnConvert.serialize(req.certificationRequestInfo),
  );
  const spki = key.export({ format: 'der', type: 'spki' });
  const name = new Name(req.certificationRequestInfo.subject);
  const signatureValid = verifies(alg?.hash, tbs, key, Buffer.from(req.signature));
  return {
    key: keyOf(key),
    keyFingerprint: createHash('sha256').update(spki).digest('hex'),
    signatureAlgorithm: alg?.name ?? oid,
    signatureOid: oid,
    ...(signatureValid === undefined ? {} : { signatureValid }),
    subject: subjectOf(name),
    subjectLine: name.toString(),
  };
}
