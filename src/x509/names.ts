import type { X509Certificate } from 'node:crypto';

/** Values of one attribute in a distinguished name as Node prints it ("CN=a\nO=b"). */
export function dnAttribute(dn: string, attr: string): string[] {
  return dn
    .split('\n')
    .filter((line) => line.startsWith(`${attr}=`))
    .map((line) => line.slice(attr.length + 1));
}

export function commonNames(cert: X509Certificate): string[] {
  return dnAttribute(cert.subject, 'CN');
}

/** The dNSName entries of subjectAltName (IP and other entries are not host names). */
export function dnsNames(cert: X509Certificate): string[] {
  const san = cert.subjectAltName;
  if (!san) return [];
  // Node quotes entries that contain separators as JSON strings: DNS:"a, b".
  const entries = san.match(/DNS:(?:"(?:[^"\\]|\\.)*"|[^,]*)/g) ?? [];
  return entries.map((e) => {
    const v = e.slice(4).trim();
    return v.startsWith('"') ? (JSON.parse(v) as string) : v;
  });
}

/** One line per certificate for evidence: subject, issuer, validity. Never the key. */
export function describeCertificate(cert: X509Certificate): Record<string, unknown> {
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    serialNumber: cert.serialNumber,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    ...(cert.subjectAltName ? { subjectAltName: cert.subjectAltName } : {}),
    sha256: cert.fingerprint256,
  };
}
