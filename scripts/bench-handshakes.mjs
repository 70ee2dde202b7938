#!/usr/bin/env node
/**
 * The floor under bench:targets: what the TLS connections alone cost on this machine. It makes N
 * mutual-TLS connections (handshake, one GET, the answer) to the same four local nginx servers as
 * bench:targets, 32 at once, with Node's TLS on the TCP socket and through Attesta's wire tap
 * (src/tls/wire-tap.ts, which every probe uses to read the server's plaintext flight), and prints
 * wall time and this process's CPU time per connection. Times the number of connections a target
 * needs (17 for a one-site pagoPA profile), that is the least a run of that many targets can take
 * before any check or report is written.
 *
 *     npm run bench:handshakes -- 4000     # N connections per mode (default 4000)
 *
 * Not a test: it times nothing against a threshold. It builds dist first (npm run build).
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect as connectTcp } from 'node:net';
import { connect as connectTls, createSecureContext } from 'node:tls';
import path from 'node:path';
import { nginxHelper, ROOT } from './bench-nginx.mjs';

const N = Number(process.argv[2] ?? 4000);
const AT_ONCE = 32;
const SERVERS = 4;

execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
const { WireTap } = await import(path.join(ROOT, 'dist', 'tls', 'wire-tap.js'));
const helper = await nginxHelper();
const pki = await helper.createTestPki();
const servers = [];
try {
  for (let i = 0; i < SERVERS; i++) servers.push(await helper.startNginx('compliant', pki));
  const files = servers[0].files;
  // One context for every connection, as the probes share theirs (src/tls/shared-context.ts).
  const context = createSecureContext({
    cert: await readFile(files.clientCert, 'utf8'),
    key: await readFile(files.clientKey, 'utf8'),
    ca: await readFile(files.root, 'utf8'),
  });
  const request = `GET ${helper.CONTEXT_PATH} HTTP/1.1\r\nhost: ${helper.FQDN}\r\nconnection: close\r\n\r\n`;

  /** One connection: TCP, the TLS handshake, the request, the first bytes of the answer. */
  const connection = (port, tapped) =>
    new Promise((resolve, reject) => {
      const tcp = connectTcp({ host: '127.0.0.1', port }, () => {
        const tls = connectTls({
          socket: tapped ? new WireTap(tcp, () => undefined) : tcp,
          servername: helper.FQDN,
          secureContext: context,
          rejectUnauthorized: false,
        });
        tls.once('secureConnect', () => tls.write(request));
        tls.once('data', () => {
          tls.destroy();
          tcp.destroy();
          resolve();
        });
        tls.once('error', reject);
      });
      tcp.once('error', reject);
    });

  for (const tapped of [false, true]) {
    let next = 0;
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    await Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        while (next < N) await connection(servers[next++ % SERVERS].port, tapped);
      }),
    );
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const { user, system } = process.cpuUsage(cpu);
    const perConnection = wallMs / N;
    console.log(
      `${tapped ? 'through the wire tap' : 'Node TLS on TCP    '}: ${N} connections in ${(wallMs / 1000).toFixed(2)} s, ` +
        `${perConnection.toFixed(2)} ms wall and ${((user + system) / 1000 / N).toFixed(2)} ms CPU each; ` +
        `1,000 targets x 17 connections: at least ${((perConnection * 17_000) / 1000).toFixed(1)} s`,
    );
  }
} finally {
  await Promise.all(servers.map((s) => s.stop()));
}
