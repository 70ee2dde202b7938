/**
 * Material made by OpenSSL, the tool Thales' own instructions use: keys, CSRs and certificates
 * written into a temp dir, so the suite is judged on a third party's encoding, not only its own.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs openssl in `dir`, bounded in time; rejects with its stderr. */
export async function openssl(dir: string, ...args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir, timeout: 60_000 });
}

/** The subject of Thales' example command, with the CN for this key word, tspId and environment. */
export function thalesSubject(
  word: string,
  tspId: string,
  env: string,
  fields = '/C=IT/ST=Lazio/L=Roma/O=Acme Issuer/OU=Cards',
): string {
  return `${fields}/CN=TLSMA-${word}\\/${tspId}\\/TSH\\/TSP.${env}`;
}

/** A CSR for an existing key (`openssl req -new -key`), with extra options such as -sha1 or -outform DER. */
export function csrFor(
  dir: string,
  key: string,
  out: string,
  subj: string,
  ...extra: string[]
): Promise<void> {
  return openssl(dir, 'req', '-new', '-key', key, '-out', out, '-subj', subj, ...extra);
}

export const ecKey = (dir: string, out: string, curve = 'prime256v1') =>
  openssl(dir, 'ecparam', '-name', curve, '-genkey', '-noout', '-out', out);

export const rsaKey = (dir: string, out: string, bits: number) =>
  openssl(dir, 'genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`, '-out', out);
