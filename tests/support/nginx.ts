/**
 * A real nginx (Debian's nginx-light) on loopback, for the TLS and mTLS self-tests: for a named
 * configuration it generates a test PKI, writes an nginx config and a target profile into a temp
 * dir and starts nginx in the foreground on a free port. Specs get it from the `nginx` and
 * `nginxSites` fixtures of fixtures.ts, which stop it when the test ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { issueCertificate, type Issued } from '../../src/x509/issue.js';
import { parseCertificates, toPem } from '../../src/x509/pem.js';

export const NGINX_BINARY = process.env['ATTESTA_NGINX'] ?? '/usr/sbin/nginx';
/** The FQDN of the entity's service; the profile maps it to 127.0.0.1 with `address`. */
export const FQDN = 'ente.attesta.test';
export const CONTEXT_PATH = '/pagopa/ente/';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** pagoPA's production forwarder chain (leaf, RapidSSL intermediate, DigiCert root), read in place. */
export const FORWARDER_CHAIN = path.resolve(
  REPO_ROOT,
  '..',
  'shared',
  'data',
  'pagopa-forwarder-certs',
  'forwarder.platform.pagopa.it.pem',
);

const DAY = 86_400_000;

/** How one nginx differs from a compliant pagoPA endpoint. */
export interface NginxVariant {
  /** ssl_protocols (default TLSv1.2 TLSv1.3). */
  protocols?: string[];
  /** ssl_ciphers; TLS 1.0/1.1 on Debian's OpenSSL 3 need DEFAULT:@SECLEVEL=0. */
  ciphers?: string;
  /** ssl_verify_client; 'none' leaves the directive (and the client CA list) out. Default on. */
  verifyClient?: 'on' | 'optional' | 'optional_no_ca' | 'none';
  /** The name the server certificate is issued for (CN and SAN); default the FQDN. */
  serverName?: string;
  /** The server leaf's key (default EC P-256). */
  serverKeyType?: 'ec' | 'rsa';
  /** Days until the server leaf expires (default 365; negative: expired that many days ago). */
  serverDaysLeft?: number;
  /** Serve the leaf alone, without its intermediate. */
  withoutIntermediate?: boolean;
  /** Leave the CAs of pagoPA's forwarder chain out of ssl_client_certificate (by default they are in, as they must). */
  withoutPlatformClientCa?: boolean;
  /** Pin the client certificate: serve only the test PKI's client leaf (by its SHA-1 fingerprint), 403 otherwise. */
  pinClient?: boolean;
}

const TLS11 = { protocols: ['TLSv1.1', 'TLSv1.2', 'TLSv1.3'], ciphers: 'DEFAULT:@SECLEVEL=0' };

export const NGINX_CONFIGS = {
  compliant: {},
  'without-platform-client-ca': { withoutPlatformClientCa: true },
  'tls11-enabled': TLS11,
  'tls13-only': { protocols: ['TLSv1.3'] },
  'verify-optional': { verifyClient: 'optional' },
  'verify-optional-no-ca': { verifyClient: 'optional_no_ca' },
  'no-client-verification': { verifyClient: 'none' },
  'other-name': { serverName: 'altro.attesta.test' },
  'wildcard-name': { serverName: '*.attesta.test' },
  'rsa-server-key': { serverKeyType: 'rsa' },
  'expired-server-cert': { serverDaysLeft: -1 },
  'expiring-server-cert': { serverDaysLeft: 10 },
  'leaf-without-intermediate': { withoutIntermediate: true },
  'tls13-only-leaf-without-intermediate': { protocols: ['TLSv1.3'], withoutIntermediate: true },
  'pinned-client': { pinClient: true },
} satisfies Record<string, NginxVariant>;

export type NginxConfigName = keyof typeof NGINX_CONFIGS;

export interface NginxTarget {
  name: NginxConfigName;
  dir: string;
  port: number;
  url: string;
  /** A target profile for the pagopa-connectivity suite, with this nginx as its only (primary) site. */
  profileFile: string;
  files: NginxFiles;
  errorLog(): Promise<string>;
  /** Stops nginx but keeps its files (to probe a site that is down). */
  stopServer(): Promise<void>;
  /** Stops nginx and removes its temp dir. */
  stop(): Promise<void>;
}

/**
 * The test PKI, shared by the instances that play the sites of one entity: root -> intermediate
 * (server leaves are issued per instance); a client CA -> the client leaf and an expired one; an
 * untrusted CA -> a client leaf with the same subject.
 */
export interface TestPki {
  root: Issued;
  intermediate: Issued;
  clientCa: Issued;
  client: Issued;
  expiredClient: Issued;
  untrustedClient: Issued;
}

/** The PEM files one instance uses (paths inside its temp dir). */
export interface NginxFiles {
  root: string;
  serverChain: string;
  serverKey: string;
  clientCas: string;
  /** The client CA itself and its key (a test client CA from which fresh client certificates are issued). */
  clientCa: string;
  clientCaKey: string;
  /** SHA-1 of the client leaf, lower-case hex, as nginx's $ssl_client_fingerprint has it. */
  clientFingerprint: string;
  clientCert: string;
  clientKey: string;
  expiredClientCert: string;
  expiredClientKey: string;
  untrustedClientCert: string;
  untrustedClientKey: string;
}

export async function createTestPki(): Promise<TestPki> {
  const now = Date.now();
  const root = await issueCertificate({ subject: 'CN=Attesta nginx Test Root, O=Attesta', ca: true });
  const intermediate = await issueCertificate({
    subject: 'CN=Attesta nginx Test Intermediate, O=Attesta',
    ca: true,
    issuer: root,
  });
  const clientCa = await issueCertificate({ subject: 'CN=Attesta nginx Client CA, O=Attesta', ca: true });
  const clientSubject = 'CN=client.attesta.test, O=Attesta Ente';
  const untrustedCa = await issueCertificate({
    subject: 'CN=Attesta nginx Untrusted CA, O=Elsewhere',
    ca: true,
  });
  return {
    root,
    intermediate,
    clientCa,
    client: await issueCertificate({ subject: clientSubject, issuer: clientCa, usage: 'client' }),
    expiredClient: await issueCertificate({
      subject: clientSubject,
      issuer: clientCa,
      usage: 'client',
      notBefore: new Date(now - 90 * DAY),
      notAfter: new Date(now - DAY),
    }),
    untrustedClient: await issueCertificate({ subject: clientSubject, issuer: untrustedCa, usage: 'client' }),
  };
}

/** Issues this instance's server leaf and writes every PEM file it needs (keys 0600). */
async function writeFiles(dir: string, pki: TestPki, v: NginxVariant): Promise<NginxFiles> {
  const serverName = v.serverName ?? FQDN;
  const daysLeft = v.serverDaysLeft ?? 365;
  const server = await issueCertificate({
    subject: `CN=${serverName}, O=Attesta`,
    issuer: pki.intermediate,
    usage: 'server',
    dnsNames: [serverName],
    keyType: v.serverKeyType ?? 'ec',
    notBefore: new Date(Date.now() - (daysLeft < 0 ? 90 : 1) * DAY),
    notAfter: new Date(Date.now() + daysLeft * DAY),
  });
  let clientCas = pki.clientCa.certPem;
  if (!v.withoutPlatformClientCa) {
    // What an entity adds so that nginx accepts the payment node: the CAs of the published chain.
    const platformCas = parseCertificates(await readFile(FORWARDER_CHAIN, 'utf8')).filter((c) => c.ca);
    clientCas += platformCas.map((c) => toPem('CERTIFICATE', c.raw)).join('');
  }
  const at = (name: string) => path.join(dir, name);
  const files: NginxFiles = {
    root: at('root.pem'),
    serverChain: at('server-chain.pem'),
    serverKey: at('server.key'),
    clientCas: at('client-cas.pem'),
    clientCa: at('client-ca.pem'),
    clientCaKey: at('client-ca.key'),
    clientFingerprint: createHash('sha1').update(Buffer.from(pki.client.cert.rawData)).digest('hex'),
    clientCert: at('client.pem'),
    clientKey: at('client.key'),
    expiredClientCert: at('client-expired.pem'),
    expiredClientKey: at('client-expired.key'),
    untrustedClientCert: at('client-untrusted.pem'),
    untrustedClientKey: at('client-untrusted.key'),
  };
  const pem = (file: string, text: string) => writeFile(file, text, { mode: 0o644 });
  const key = (file: string, issued: Issued) => writeFile(file, issued.keyPem, { mode: 0o600 });
  await Promise.all([
    pem(files.root, pki.root.certPem),
    pem(files.serverChain, server.certPem + (v.withoutIntermediate ? '' : pki.intermediate.certPem)),
    key(files.serverKey, server),
    pem(files.clientCas, clientCas),
    pem(files.clientCa, pki.clientCa.certPem),
    key(files.clientCaKey, pki.clientCa),
    pem(files.clientCert, pki.client.certPem),
    key(files.clientKey, pki.client),
    pem(files.expiredClientCert, pki.expiredClient.certPem),
    key(files.expiredClientKey, pki.expiredClient),
    pem(files.untrustedClientCert, pki.untrustedClient.certPem),
    key(files.untrustedClientKey, pki.untrustedClient),
  ]);
  return files;
}

/** nginx's request-buffering directories, which default to /var/lib/nginx. */
export const TEMP_PATHS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];

/**
 * The main and http contexts of a test nginx around `servers` (its server blocks).
 * `master_process off` keeps nginx in a single process that never switches to
 * the `nobody` user, so it reads the root-owned temp dir as the tests do; every path that nginx
 * would otherwise take from its compiled-in defaults (/var/lib/nginx, /var/log/nginx) is set.
 */
export function nginxMain(dir: string, servers: string): string {
  const tmp = (name: string) => `${name}_temp_path ${path.join(dir, 'tmp', name)};`;
  return `master_process off;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} info;
events { worker_connections 4096; }
http {
  access_log ${path.join(dir, 'access.log')};
  ${TEMP_PATHS.map(tmp).join('\n  ')}
${servers}}
`;
}

/** One server block, as a pagoPA entity endpoint. */
function nginxConfig(dir: string, port: number, files: NginxFiles, v: NginxVariant): string {
  const verify = v.verifyClient ?? 'on';
  return nginxMain(
    dir,
    `  server {
    listen 127.0.0.1:${port} ssl;
    server_name ${FQDN};
    ssl_certificate ${files.serverChain};
    ssl_certificate_key ${files.serverKey};
    ssl_protocols ${(v.protocols ?? ['TLSv1.2', 'TLSv1.3']).join(' ')};
${v.ciphers ? `    ssl_ciphers ${v.ciphers};\n` : ''}${
      verify === 'none'
        ? ''
        : `    ssl_verify_client ${verify};
    ssl_client_certificate ${files.clientCas};
    ssl_verify_depth 2;
`
    }    location / {
      default_type text/plain;
${v.pinClient ? `      if ($ssl_client_fingerprint != "${files.clientFingerprint}") { return 403; }\n` : ''}      return 200 "ok\\n";
    }
  }
`,
  );
}

/**
 * A pagopa-connectivity profile for one entity whose sites are these instances (primary first).
 * The client identity and trust come from the primary's files: the sites share one test PKI.
 */
export function pagopaProfile(
  name: string,
  sites: readonly Pick<NginxTarget, 'name' | 'url' | 'files'>[],
): Record<string, unknown> {
  const [primary, secondary] = sites;
  if (!primary) throw new Error('a profile needs at least the primary site');
  const f = primary.files;
  const site = (n: { url: string }) => ({ url: n.url, address: '127.0.0.1' });
  return {
    name,
    description: `Debian nginx-light on loopback: ${sites.map((n) => n.name).join(', ')}`,
    pagopa: {
      endpoint: {
        sites: { primary: site(primary), ...(secondary ? { secondary: site(secondary) } : {}) },
        clientCertificate: { cert: f.clientCert, key: `file:${f.clientKey}` },
        serverTrust: { privateCa: f.root },
        invalidClientCertificates: [
          {
            label: 'expired, from the trusted client CA',
            cert: f.expiredClientCert,
            key: `file:${f.expiredClientKey}`,
          },
          { label: 'from an untrusted CA', cert: f.untrustedClientCert, key: `file:${f.untrustedClientKey}` },
        ],
        platformClientChain: FORWARDER_CHAIN,
        expectStatus: [200],
      },
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const STARTUP_MS = 5_000;
const STOP_MS = 3_000;

/** nginx instances of this process, killed if the process exits without tearing them down. */
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/** Starts nginx and waits (bounded) until it accepts connections; rejects with its error log otherwise. */
export async function launch(dir: string, conf: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    NGINX_BINARY,
    ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', conf, '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  child.once('error', (e) => (exited = `could not start: ${e.message} (is Debian's nginx-light installed?)`));
  const deadline = Date.now() + STARTUP_MS;
  while (!exited && Date.now() < deadline) {
    if (await accepts(port)) return child;
    await new Promise((r) => setTimeout(r, 20));
  }
  const why = exited ?? `not listening on 127.0.0.1:${port} within ${STARTUP_MS} ms`;
  await terminate(child);
  const log = await readFile(path.join(dir, 'error.log'), 'utf8').catch(() => '(no error log)');
  throw new Error(
    `nginx ${why}\n--- nginx error log ---\n${log}${stderr ? `--- stderr ---\n${stderr}` : ''}`,
  );
}

/** TERM is nginx's fast shutdown; KILL only if it does not exit in time. */
export async function terminate(child: ChildProcess): Promise<void> {
  // Never spawned (no binary), or already gone.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts one independent nginx (own dir, port, server leaf) in the named configuration, with a
 * fresh test PKI unless it is to share one with the other sites of the same entity.
 */
export async function startNginx(name: NginxConfigName, pki?: TestPki): Promise<NginxTarget> {
  const variant: NginxVariant = NGINX_CONFIGS[name];
  const dir = await mkdtemp(path.join(tmpdir(), `attesta-nginx-${name}-`));
  await Promise.all(TEMP_PATHS.map((t) => mkdir(path.join(dir, 'tmp', t), { recursive: true })));
  try {
    const files = await writeFiles(dir, pki ?? (await createTestPki()), variant);
    const conf = path.join(dir, 'nginx.conf');
    // Another process may take the free port before nginx binds it: try a fresh one, a few times.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      await writeFile(conf, nginxConfig(dir, port, files, variant));
      const url = `https://${FQDN}:${port}${CONTEXT_PATH}`;
      const profileFile = path.join(dir, 'profile.yaml');
      const target = { name, dir, port, url, profileFile, files };
      await writeFile(profileFile, stringify(pagopaProfile(`nginx-${name}`, [target])));
      try {
        const child = await launch(dir, conf, port);
        return {
          ...target,
          errorLog: () => readFile(path.join(dir, 'error.log'), 'utf8'),
          stopServer: () => terminate(child),
          stop: async () => {
            await terminate(child);
            await rm(dir, { recursive: true, force: true });
          },
        };
      } catch (e) {
        if (attempt >= 3 || !/Address already in use/.test((e as Error).message)) throw e;
      }
    }
  } catch (e) {
    console.error(String((e as Error).message));
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
