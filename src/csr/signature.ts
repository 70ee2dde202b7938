import type { ParsedCsr } from './parse.js';
import type { CsrFinding } from './each.js';

/** The SHA-256 signature algorithm each key type must use. */
const SHA256_FOR = { rsa: 'sha256WithRSAEncryption', ec: 'ecdsa-with-SHA256' } as const;

/** TH-CSR-02: signed with SHA-256 (the algorithm of the request's key type), and the signature verifies. */
export function judgeCsrSignature(csr: ParsedCsr): CsrFinding {
  const alg = csr.signatureAlgorithm;
  const verified =
    csr.signatureValid === undefined
      ? 'not verified (an algorithm we do not check)'
      : csr.signatureValid
        ? 'verifies with the request key'
        : 'does NOT verify with the request key';
  const found = `signed with ${alg}, the signature ${verified}`;
  const expected = csr.key.type === 'rsa' || csr.key.type === 'ec' ? SHA256_FOR[csr.key.type] : undefined;
  return { ok: alg === expected && csr.signatureValid === true, found };
}
