import { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { ContentInfoHead, ID_SIGNED_DATA } from './asn1-types.js';

/**
 * A certificate file read strictly, as ConnectPay's portal takes it: X509 ASCII Base64 (PEM)
 * CERTIFICATE blocks and nothing else. What else the file holds is named, never guessed at:
 * the certificates that did parse are still given to the other material checks.
 */
export interface CertificateFile {
  /** The file as the profile names it, for evidence. */
  name: string;
  bytes: number;
  /** The PEM CERTIFICATE blocks that parse as X.509, in file order. */
  certificates: X509Certificate[];
  /** What keeps the file from being PEM certificates only, each in words a person can act on. */
  problems: string[];
}

const BLOCK = /-----BEGIN ([A-Z0-9 #]+)-----([\s\S]*?)-----END ([A-Z0-9 #]+)-----/g;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** What a PEM block of another type is, in a report's words. */
function blockKind(type: string): string {
  if (/PRIVATE KEY/.test(type)) return `a private key (${type})`;
  if (/PKCS7|CMS/.test(type)) return `a PKCS#7 bundle (${type})`;
  if (/CERTIFICATE REQUEST/.test(type)) return `a certificate request (${type})`;
  return `a ${type} block`;
}

/** Names a binary file: a DER certificate, a DER PKCS#7 bundle, or unknown bytes. */
function binaryKind(data: Buffer): string {
  try {
    new X509Certificate(data);
    return 'a DER (binary) X.509 certificate, not PEM';
  } catch {
    // not a DER certificate; maybe a PKCS#7 bundle
  }
  try {
    const info = AsnConvert.parse(data, ContentInfoHead);
    if (info.contentType === ID_SIGNED_DATA) return 'a DER (binary) PKCS#7 bundle, not PEM';
  } catch {
    // not PKCS#7 either
  }
  return `binary data (first bytes ${data.subarray(0, 4).toString('hex')}), not PEM`;
}

/** Text outside the blocks, quoted short, for evidence: only whitespace may stand there. */
function strayText(text: string, where: string): string | undefined {
  const stray = text.trim();
  if (!stray) return undefined;
  const quoted = JSON.stringify(stray.length > 40 ? `${stray.slice(0, 40)}...` : stray);
  return `text ${where}: ${quoted} (${stray.length} characters)`;
}

function certificateOf(body: string, n: number, problems: string[]): X509Certificate | undefined {
  const b64 = body.replace(/\s+/g, '');
  if (!b64 || b64.length % 4 !== 0 || !BASE64.test(b64)) {
    problems.push(`certificate block #${n} is not valid Base64`);
    return undefined;
  }
  try {
    return new X509Certificate(Buffer.from(b64, 'base64'));
  } catch (e) {
    problems.push(`certificate block #${n} does not parse as X.509 (${(e as Error).message.split('\n')[0]})`);
    return undefined;
  }
}

/** Reads a certificate file strictly; never throws on what the file holds. */
export function readCertificateFile(name: string, data: Buffer): CertificateFile {
  const file: CertificateFile = { name, bytes: data.length, certificates: [], problems: [] };
  if (!data.length) return { ...file, problems: ['the file is empty'] };
  const text = data.toString('latin1');
  if (!text.includes('-----BEGIN ')) {
    const printable = /^[\t\n\r\x20-\x7e]*$/.test(text);
    return { ...file, problems: [printable ? `no PEM block: ${strayText(text, 'only')}` : binaryKind(data)] };
  }
  let end = 0;
  let n = 0;
  for (const m of text.matchAll(BLOCK)) {
    const stray = strayText(
      text.slice(end, m.index),
      n ? `between blocks #${n} and #${n + 1}` : 'before the first block',
    );
    if (stray) file.problems.push(stray);
    end = m.index + m[0].length;
    n++;
    const [, type, body, endType] = m;
    if (type !== endType) file.problems.push(`block #${n} begins as ${type} but ends as ${endType}`);
    else if (type !== 'CERTIFICATE') file.problems.push(`block #${n} is ${blockKind(type!)}`);
    else {
      const cert = certificateOf(body!, n, file.problems);
      if (cert) file.certificates.push(cert);
    }
  }
  const rest = text.slice(end);
  if (rest.includes('-----BEGIN '))
    file.problems.push(`a BEGIN line${n ? ` after block #${n}` : ''} has no END line (a truncated file?)`);
  else {
    const stray = strayText(rest, n ? `after the last block (#${n})` : 'with no complete block');
    if (stray) file.problems.push(stray);
  }
  return file;
}
