/**
 * Certificates, chains and an OCSP responder made by the openssl command line (a third party,
 * not our own code), for the material and revocation self-tests. Every command is bounded in
 * time; the responder answers a bounded number of requests and is killed when the test ends.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const OPENSSL = process.env['ATTESTA_OPENSSL'] ?? 'openssl';

export async function openssl(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(OPENSSL, args, { cwd: dir, timeout: 10_000 });
  return stdout;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
const CA_EXT = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign,digitalSignature\n';

/** A self-signed root CA: `<name>.pem` and `<name>.key` in `dir`. */
export async function opensslRoot(dir: string, name: string, subject: string): Promise<void> {
  await openssl(
    dir,
    'req',
    '-x509',
    ...EC,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
    '-subj',
    subject,
    '-days',
    '400',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
}

export interface LeafOptions {
  /** The serial, hex (the OCSP index names it). */
  serial: string;
  /** A CA certificate (default: a client leaf). */
  ca?: boolean;
  /** An OCSP responder certificate (extendedKeyUsage OCSPSigning) instead of a client leaf. */
  ocspSigning?: boolean;
  ocspUrl?: string;
  /** Days of validity from now (openssl x509 -days). */
  days?: number;
}

/** A certificate signed by `issuer` (`<issuer>.pem`/`.key`): `<name>.pem` and `<name>.key`. */
export async function opensslIssue(
  dir: string,
  name: string,
  subject: string,
  issuer: string,
  o: LeafOptions,
): Promise<void> {
  await openssl(dir, 'req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
  const ext = o.ca
    ? CA_EXT
    : `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=${o.ocspSigning ? 'OCSPSigning' : 'clientAuth'}\n${o.ocspUrl ? `authorityInfoAccess=OCSP;URI:${o.ocspUrl}\n` : ''}`;
  await writeFile(path.join(dir, `${name}.ext`), ext);
  await openssl(
    dir,
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${issuer}.pem`,
    '-CAkey',
    `${issuer}.key`,
    '-set_serial',
    `0x${o.serial}`,
    '-out',
    `${name}.pem`,
    '-days',
    String(o.days ?? 400),
    '-extfile',
    `${name}.ext`,
  );
}

/** One line of an `openssl ca` index: V (valid) or R (revoked, since yesterday). */
export function indexLine(status: 'V' | 'R', serial: string, subject: string): string {
  const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  const expiry = stamp(Date.now() + 400 * 86_400_000);
  return `${status}\t${expiry}\t${status === 'R' ? stamp(Date.now() - 86_400_000) : ''}\t${serial}\tunknown\t${subject}\n`;
}

export interface OpensslResponder {
  url: string;
  stop(): void;
}

/**
 * `openssl ocsp` in responder mode on a free port (openssl 3.0 binds every interface; it is asked
 * on 127.0.0.1 only), signing with the CA `<issuer>` for
 * the certificates of `index` (a serial it does not list is "unknown"). It exits after `requests`
 * answers or 20 s, whichever first, and `stop` kills it.
 */
let responders = 0;

export async function startOpensslResponder(
  dir: string,
  issuer: string,
  index: string,
  requests = 10,
  /** The certificate that signs the answers (default the CA itself): a delegated responder. */
  signer = issuer,
): Promise<OpensslResponder> {
  // One index file per responder: openssl prints ACCEPT before it reads its index, so a shared file
  // rewritten for the next responder could be read half-written by this one.
  const indexFile = `index-${(responders += 1)}.txt`;
  await writeFile(path.join(dir, indexFile), index);
  const child: ChildProcess = spawn(
    'timeout',
    [
      '20',
      OPENSSL,
      'ocsp',
      '-index',
      indexFile,
      '-port',
      '0',
      '-rsigner',
      `${signer}.pem`,
      '-rkey',
      `${signer}.key`,
      '-CA',
      `${issuer}.pem`,
      '-nrequest',
      String(requests),
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const port = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`openssl ocsp did not start: ${seen}`)), 5_000);
    const read = (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /ACCEPT .*:(\d+) PID/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', () => reject(new Error(`openssl ocsp exited: ${seen}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => void child.kill('SIGKILL') };
}
