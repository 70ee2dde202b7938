// @peculiar/x509 needs the Reflect polyfill loaded before it, whoever imports this module first.
import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { decodedCertificate } from '../../x509/decoded.js';
import { issuerOf } from '../../x509/issue.js';

/**
 * The flawed trust decision of the `pagopa.client-issuer-name-only` fault, as servers that verify
 * client certificates by hand get it wrong: the certificate is in its validity period, its issuer
 * DN equals a trusted CA's subject and its authority key id (if any) that CA's subject key id -
 * but the signature is never verified.
 */
export function issuerLooksTrusted(presented: X509Certificate, trustedCas: readonly string[]): boolean {
  const now = Date.now();
  if (now < Date.parse(presented.validFrom) || now > Date.parse(presented.validTo)) return false;
  const { name, keyId } = issuerOf(presented);
  return trustedCas.some((pem) => {
    const ca = decodedCertificate(new X509Certificate(pem));
    const caKeyId = ca.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
    return ca.subjectName.toString() === name.toString() && (!keyId || !caKeyId || keyId === caKeyId);
  });
}
