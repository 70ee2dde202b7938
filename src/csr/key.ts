import type { CsrKey } from './parse.js';
import type { CsrFinding } from './each.js';

export function describeKey(key: CsrKey): string {
  if (key.type === 'rsa') return `RSA ${key.bits}-bit`;
  if (key.type === 'ec') return `EC on ${key.curve}`;
  return key.name;
}

/** TH-CSR-01: RSA with a 4096-bit modulus, or EC on prime256v1 (P-256). */
export function judgeCsrKey(key: CsrKey): CsrFinding {
  const ok = (key.type === 'rsa' && key.bits === 4096) || (key.type === 'ec' && key.curve === 'prime256v1');
  return { ok, found: `the key is ${describeKey(key)}` };
}
