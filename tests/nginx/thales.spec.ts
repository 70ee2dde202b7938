/**
 * The Thales TSH server checks (TH-OUT-01..05) against a real nginx (Debian nginx-light) as the
 * TSP's server that Thales calls: mutual TLS trusting a test client CA, and the ways a TSP gets it
 * wrong - TLS 1.1 left on, verification off or optional, the client certificate pinned, the leaf
 * served without its intermediate. The URL says port 443; the probes reach nginx's loopback port
 * through `connectPort`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Verdict } from '../../src/core/verdict.js';
import { test, expect, runAgainst } from '../support/fixtures.js';
import { FQDN, CONTEXT_PATH, type NginxConfigName, type NginxTarget } from '../support/nginx.js';
import { verdictOf } from '../support/run.js';

const LIVE = ['TH-OUT-01', 'TH-OUT-02', 'TH-OUT-03', 'TH-OUT-04', 'TH-OUT-05'];

/** A Thales profile whose server is this nginx, the URL on `port`, trusting nginx's test PKI. */
async function thalesProfile(nginx: NginxTarget, port = 443): Promise<string> {
  const f = nginx.files;
  const file = path.join(nginx.dir, 'thales-profile.yaml');
  const profile = {
    name: `nginx-${nginx.name}`,
    thales: {
      server: {
        url: `https://${FQDN}:${port}${CONTEXT_PATH}`,
        address: '127.0.0.1',
        connectPort: nginx.port,
        expectStatus: [200],
        clientCertificate: { cert: f.clientCert, key: `file:${f.clientKey}` },
        testClientCa: { cert: f.clientCa, key: `file:${f.clientCaKey}` },
        serverTrust: f.root,
      },
    },
  };
  await writeFile(file, stringify(profile));
  return file;
}

async function liveVerdicts(nginx: NginxTarget, port?: number) {
  const { report } = await runAgainst({ profileFile: await thalesProfile(nginx, port) }, [
    'thales-connectivity',
  ]);
  const results = LIVE.map((id) => verdictOf(report.results, id, 'server'));
  return {
    verdicts: Object.fromEntries(results.map((r) => [r.id, r.verdict])),
    reasons: results.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n'),
  };
}

const COMPLIANT: Record<string, Verdict> = Object.fromEntries(LIVE.map((id) => [id, 'pass']));

const CASES: [config: NginxConfigName, title: string, differs: Record<string, Verdict>][] = [
  ['compliant', 'ssl_verify_client on trusting the test client CA, TLS 1.2 and 1.3', {}],
  ['tls11-enabled', 'TLS 1.1 also enabled', { 'TH-OUT-01': 'fail' }],
  // Without verification nginx asks for no certificate: any client, any CA, is served.
  ['no-client-verification', 'no ssl_verify_client', { 'TH-OUT-02': 'fail', 'TH-OUT-04': 'fail' }],
  // optional: a certificate from an unknown CA is still refused (400), no certificate is served.
  ['verify-optional', 'ssl_verify_client optional', { 'TH-OUT-02': 'fail' }],
  ['pinned-client', 'the client certificate pinned by its fingerprint', { 'TH-OUT-04': 'fail' }],
  ['leaf-without-intermediate', 'the leaf served without its intermediate', { 'TH-OUT-05': 'fail' }],
  // TLS 1.3 encrypts the Certificate message: the order on the wire cannot be read.
  ['tls13-only', 'TLS 1.3 only', { 'TH-OUT-05': 'inconclusive' }],
];

for (const [config, title, differs] of CASES) {
  test.describe(`nginx ${config}`, () => {
    test.use({ nginxConfig: config });
    test(`${title}: ${Object.keys(differs).length ? JSON.stringify(differs) : 'every live TH id passes'}`, async ({
      nginx,
    }) => {
      const { verdicts, reasons } = await liveVerdicts(nginx);
      expect(verdicts, reasons).toEqual({ ...COMPLIANT, ...differs });
    });
  });
}

test('the port rule on the URL Thales calls: 8443 WARN, 9443 FAIL', async ({ nginx }) => {
  expect((await liveVerdicts(nginx, 8443)).verdicts['TH-OUT-03']).toBe('warn');
  expect((await liveVerdicts(nginx, 9443)).verdicts['TH-OUT-03']).toBe('fail');
});
