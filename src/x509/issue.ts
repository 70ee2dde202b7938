import 'reflect-metadata';
import { webcrypto, X509Certificate as NodeX509, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { decodedCertificate } from './decoded.js';
import { toPem } from './pem.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKeyPair = webcrypto.CryptoKeyPair;

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
} as const;

/** A certificate with its private key, as PEM strings ready for node:tls. */
export interface Issued {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  certPem: string;
  keyPem: string;
}

export interface IssueOptions {
  /** Subject DN as a string ("CN=a, O=b") or the DER name of another certificate, to copy it exactly. */
  subject: string | x509.Name;
  /** The issuing CA; absent for a self-signed root. */
  issuer?: Issued;
  ca?: boolean;
  /** dNSName entries of subjectAltName; none means no SAN extension at all. */
  dnsNames?: string[];
  usage?: 'server' | 'client';
  notBefore?: Date;
  notAfter?: Date;
  keyType?: 'ec' | 'rsa';
  /**
   * The subject key identifier (hex) instead of one derived from the new key: a twin of another
   * CA copies that CA's identifier, so that a peer matching key ids alone is fooled as by the name.
   */
  subjectKeyId?: string;
  /** More extensions (Authority Information Access, QCStatements). */
  extensions?: x509.Extension[];
}

const DAY = 86_400_000;

export async function issueCertificate(opts: IssueOptions): Promise<Issued> {
  const alg = opts.keyType === 'rsa' ? RSA : EC;
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const signer = opts.issuer?.keys ?? keys;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(Boolean(opts.ca), undefined, true),
    new x509.KeyUsagesExtension(
      opts.ca
        ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
        : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
    opts.subjectKeyId
      ? new x509.SubjectKeyIdentifierExtension(opts.subjectKeyId)
      : await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await authorityKeyId(opts.issuer, signer),
  ];
  if (opts.usage) {
    extensions.push(
      new x509.ExtendedKeyUsageExtension([
        opts.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
      ]),
    );
  }
  extensions.push(...(opts.extensions ?? []));
  if (opts.dnsNames?.length) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        opts.dnsNames.map((value) => ({ type: 'dns' as const, value })),
      ),
    );
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(12)))
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    subject: opts.subject,
    issuer: opts.issuer ? opts.issuer.cert.subjectName : opts.subject,
    notBefore: opts.notBefore ?? new Date(Date.now() - DAY),
    notAfter: opts.notAfter ?? new Date(Date.now() + 365 * DAY),
    signingAlgorithm: opts.issuer ? algorithmOf(opts.issuer) : alg,
    publicKey: keys.publicKey,
    signingKey: signer.privateKey,
    extensions,
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    cert,
    keys,
    certPem: cert.toString('pem') + '\n',
    keyPem: toPem('PRIVATE KEY', new Uint8Array(pkcs8)),
  };
}

/** The issuer's own subject key identifier where it has one (RFC 5280 4.2.1.1), else one of its key. */
async function authorityKeyId(issuer: Issued | undefined, signer: CryptoKeyPair) {
  const ski = issuer?.cert.getExtension(x509.SubjectKeyIdentifierExtension);
  return ski
    ? new x509.AuthorityKeyIdentifierExtension(ski.keyId)
    : x509.AuthorityKeyIdentifierExtension.create(signer.publicKey);
}

function algorithmOf(issued: Issued): typeof EC | typeof RSA {
  return issued.keys.privateKey.algorithm.name === 'ECDSA' ? EC : RSA;
}

/** The subject DN of a certificate, as a name that reproduces it byte for byte. */
export function subjectOf(cert: NodeX509): x509.Name {
  return decodedCertificate(cert).subjectName;
}

/** The issuer DN of a certificate, byte for byte, and the key id of its authority key identifier if any. */
export function issuerOf(cert: NodeX509): { name: x509.Name; keyId?: string } {
  const parsed = decodedCertificate(cert);
  const keyId = parsed.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
  return { name: parsed.issuerName, ...(keyId ? { keyId } : {}) };
}

/**
 * A CA the profile gives (its certificate and private key) as an issuer for issueCertificate: the
 * test client CA from which fresh client certificates are issued during a run.
 */
export async function issuerFromPem(certPem: string, key: KeyObject): Promise<Issued> {
  const cert = new x509.X509Certificate(certPem);
  const alg =
    key.asymmetricKeyType === 'ec'
      ? { name: 'ECDSA', namedCurve: EC_CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''] ?? 'P-256' }
      : { name: RSA.name, hash: RSA.hash };
  const der = key.export({ format: 'der', type: 'pkcs8' });
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, alg, true, ['sign']);
  const publicKey = await cert.publicKey.export(alg, ['verify']);
  return {
    cert,
    keys: { privateKey, publicKey },
    certPem,
    keyPem: key.export({ format: 'pem', type: 'pkcs8' }) as string,
  };
}

/** Node's curve names as WebCrypto names them. */
const EC_CURVES: Readonly<Record<string, string>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
};
