/**
 * The pagopa-connectivity suite against a real nginx (Debian nginx-light) in the configurations
 * entities actually deploy: every verdict here is what nginx's behaviour on the wire proves.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestInfo } from '@playwright/test';
import { stringify } from 'yaml';
import type { ResultRecord } from '../../src/core/suite.js';
import type { Verdict } from '../../src/core/verdict.js';
import { verdictOf, type TestRunOutcome } from '../support/run.js';
import { COMPLIANT_ENDPOINT_VERDICTS } from '../support/pagopa.js';
import { test, expect, runAgainst } from '../support/fixtures.js';
import { pagopaProfile, type NginxConfigName, type NginxTarget } from '../support/nginx.js';

/** Runs pagopa-connectivity against a profile and attaches the verdicts to the test. */
async function runAttached(profileFile: string): Promise<TestRunOutcome> {
  const outcome = await runAgainst({ profileFile }, ['pagopa-connectivity']);
  await test
    .info()
    .attach('verdicts', { body: describeResults(outcome.report.results), contentType: 'text/plain' });
  return outcome;
}

async function runSuite(
  nginx: NginxTarget,
  testInfo: TestInfo,
): Promise<{ results: ResultRecord[]; exitCode: number }> {
  const started = performance.now();
  const { report, exitCode } = await runAttached(nginx.profileFile);
  const ms = Math.round(performance.now() - started);
  // The closing note compares this with testssl.sh against the same nginx.
  console.log(`pagopa-connectivity against nginx "${nginx.name}": ${ms} ms`);
  testInfo.annotations.push({ type: 'suite duration', description: `${ms} ms` });
  return { results: report.results, exitCode };
}

function describeResults(results: readonly ResultRecord[]): string {
  return results
    .map((r) => `${r.verdict.padEnd(14)} ${r.id.padEnd(16)} ${r.site.padEnd(9)} ${r.reason}`)
    .join('\n');
}

/** Compares all expected verdicts at once, so a mismatch shows every id with the suite's reason. */
function expectVerdicts(results: readonly ResultRecord[], expected: Record<string, Verdict>): void {
  const actual = Object.fromEntries(
    Object.keys(expected).map((id) => [id, verdictOf(results, id, 'primary').verdict]),
  );
  const reasons = Object.keys(expected)
    .map((id) => `${id}: ${actual[id]} - ${verdictOf(results, id, 'primary').reason}`)
    .join('\n');
  expect(actual, reasons).toEqual(expected);
}

const COMPLIANT = COMPLIANT_ENDPOINT_VERDICTS;

/** Each configuration, and how its verdicts differ from the compliant one. */
const CASES: {
  config: NginxConfigName;
  title: string;
  differs: Record<string, Verdict>;
  exitCode: number;
}[] = [
  {
    config: 'compliant',
    title: 'TLS 1.2 + 1.3, ssl_verify_client on, the forwarder CA trusted',
    differs: {},
    exitCode: 0,
  },
  {
    config: 'without-platform-client-ca',
    title: "the forwarder's CA missing from ssl_client_certificate (SHOULD)",
    differs: { 'PAGOPA-MTLS-03': 'warn' },
    exitCode: 0,
  },
  {
    config: 'tls11-enabled',
    title: 'TLS 1.1 also enabled',
    differs: { 'PAGOPA-TLS-01': 'fail' },
    exitCode: 1,
  },
  {
    config: 'tls13-only',
    title: 'TLS 1.3 only',
    // The acceptable CA names travel encrypted in TLS 1.3: the suite cannot read them.
    differs: { 'PAGOPA-MTLS-03': 'inconclusive' },
    exitCode: 0,
  },
  {
    config: 'verify-optional',
    title: 'ssl_verify_client optional',
    // nginx serves a client without a certificate, but answers 400 to an untrusted one.
    differs: { 'PAGOPA-MTLS-01': 'fail' },
    exitCode: 1,
  },
  {
    config: 'verify-optional-no-ca',
    title: 'ssl_verify_client optional_no_ca',
    differs: { 'PAGOPA-MTLS-01': 'fail', 'PAGOPA-MTLS-02': 'fail' },
    exitCode: 1,
  },
  {
    config: 'no-client-verification',
    title: 'no client verification',
    // No CertificateRequest at all: no CA names to judge.
    differs: { 'PAGOPA-MTLS-01': 'fail', 'PAGOPA-MTLS-02': 'fail', 'PAGOPA-MTLS-03': 'inconclusive' },
    exitCode: 1,
  },
  {
    config: 'other-name',
    title: 'a certificate for another name',
    differs: { 'PAGOPA-CERT-02': 'fail' },
    exitCode: 1,
  },
  {
    config: 'wildcard-name',
    title: 'a wildcard certificate *.attesta.test (RFC 6125)',
    differs: {},
    exitCode: 0,
  },
  { config: 'rsa-server-key', title: 'an RSA server key', differs: {}, exitCode: 0 },
  {
    config: 'expired-server-cert',
    title: 'an expired server certificate',
    differs: { 'PAGOPA-CERT-03': 'fail' },
    exitCode: 1,
  },
  {
    config: 'expiring-server-cert',
    title: 'a server certificate with 10 days left (window 30)',
    differs: { 'PAGOPA-CERT-03': 'warn' },
    exitCode: 0,
  },
  {
    config: 'leaf-without-intermediate',
    title: 'the leaf served without its intermediate',
    differs: { 'PAGOPA-CERT-01': 'fail' },
    exitCode: 1,
  },
  {
    config: 'tls13-only-leaf-without-intermediate',
    title: "TLS 1.3 only, the leaf without its intermediate (the chain seen through Node's view)",
    differs: { 'PAGOPA-CERT-01': 'fail', 'PAGOPA-MTLS-03': 'inconclusive' },
    exitCode: 1,
  },
];

for (const c of CASES) {
  test.describe(c.config, () => {
    test.use({ nginxConfig: c.config });
    test(`${c.title}: ${
      Object.entries(c.differs)
        .map(([id, v]) => `${id} ${v}`)
        .join(', ') || 'compliant'
    }`, async ({ nginx }, testInfo) => {
      const { results, exitCode } = await runSuite(nginx, testInfo);
      expectVerdicts(results, { ...COMPLIANT, ...c.differs });
      expect(exitCode).toBe(c.exitCode);
    });
  });
}

test.describe('two sites', () => {
  test.use({ nginxSiteConfigs: ['compliant', 'tls11-enabled'] });
  test('a compliant primary and a secondary that also accepts TLS 1.1: PAGOPA-DR-01 fail, naming the secondary', async ({
    nginxSites: sites,
  }) => {
    const [primary] = sites;
    const profileFile = path.join(primary!.dir, 'two-sites.yaml');
    await writeFile(profileFile, stringify(pagopaProfile('nginx-two-sites', sites)));
    const { report, exitCode } = await runAttached(profileFile);
    expect(verdictOf(report.results, 'PAGOPA-TLS-01', 'primary').verdict).toBe('pass');
    expect(verdictOf(report.results, 'PAGOPA-TLS-01', 'secondary').verdict).toBe('fail');
    for (const site of ['primary', 'secondary']) {
      expect(verdictOf(report.results, 'PAGOPA-REACH-01', site).verdict).toBe('pass');
    }
    const dr = verdictOf(report.results, 'PAGOPA-DR-01');
    expect(dr.verdict).toBe('fail');
    expect(dr.reason).toContain('secondary fails PAGOPA-TLS-01');
    expect(dr.reason).not.toContain('primary fails');
    expect(exitCode).toBe(1);
  });
});

/**
 * SSLv3 cannot be offered through Node, so the suite sends a hand-built ClientHello, and OpenSSL
 * answers an SSLv3 peer's version with handshake_failure (SSLv3 has no protocol_version alert).
 * That alert is ambiguous on the wire, so the suite first sends the same hello as TLS 1.2 (nginx
 * must answer it with a ServerHello); nginx's own log says why it refused the SSLv3 one.
 */
test.describe('SSLv3', () => {
  test('the refusal the suite reports is the one nginx logs: "version too low"', async ({
    nginx,
  }, testInfo) => {
    const { results } = await runSuite(nginx, testInfo);
    const ssl3 = verdictOf(results, 'PAGOPA-TLS-01', 'primary').evidence.find((e) =>
      e.label.startsWith('SSL 3.0'),
    );
    expect(ssl3?.finding, ssl3?.outcome).toBe('pass');
    expect(ssl3?.details?.['control']).toBe('the same hello as TLS 1.2: TLSv1.2');
    const refusals = (await nginx.errorLog())
      .split('\n')
      .filter((l) => l.includes('SSL_do_handshake() failed'));
    expect(refusals.filter((l) => l.includes('version too low'))).toHaveLength(1);
  });
});

/**
 * The profile's own client certificate is one nginx does not trust, so the positive control gets
 * nginx's "400 The SSL certificate error". A negative answered with the same 400 then proves
 * neither refusal nor service: the mTLS negatives must be INCONCLUSIVE, never PASS or FAIL.
 */
for (const expectStatus of [[200], undefined]) {
  test.describe(`positive control refused, expectStatus ${JSON.stringify(expectStatus ?? 'any')}`, () => {
    test('the mTLS negatives are INCONCLUSIVE, and so is nothing served', async ({ nginx }) => {
      const profile = pagopaProfile('nginx-untrusted-client', [nginx]);
      const endpoint = (profile['pagopa'] as { endpoint: Record<string, unknown> }).endpoint;
      endpoint['clientCertificate'] = {
        cert: nginx.files.untrustedClientCert,
        key: `file:${nginx.files.untrustedClientKey}`,
      };
      if (expectStatus) endpoint['expectStatus'] = expectStatus;
      else delete endpoint['expectStatus'];
      const profileFile = path.join(nginx.dir, 'untrusted-client.yaml');
      await writeFile(profileFile, stringify(profile));
      const { report } = await runAttached(profileFile);
      // With no declared statuses, nginx's certificate-refusal 400 is not a served control either.
      expect(verdictOf(report.results, 'PAGOPA-REACH-01', 'primary').verdict).toBe('fail');
      for (const id of ['PAGOPA-MTLS-01', 'PAGOPA-MTLS-02']) {
        const r = verdictOf(report.results, id, 'primary');
        expect(r.verdict, `${id}: ${r.reason}`).toBe('inconclusive');
      }
    });
  });
}

test.describe('unreachable', () => {
  test('nginx stopped: REACH-01 fail, every probed requirement INCONCLUSIVE, the report still written', async ({
    nginx,
  }) => {
    await nginx.stopServer();
    const { report, outDir } = await runAttached(nginx.profileFile);
    expect(verdictOf(report.results, 'PAGOPA-REACH-01', 'primary').verdict).toBe('fail');
    expect(verdictOf(report.results, 'PAGOPA-URL-01', 'primary').verdict).toBe('pass');
    for (const id of [
      'PAGOPA-TLS-01',
      'PAGOPA-MTLS-01',
      'PAGOPA-MTLS-02',
      'PAGOPA-MTLS-03',
      'PAGOPA-CERT-01',
      'PAGOPA-CERT-02',
      'PAGOPA-CERT-03',
    ]) {
      expect(verdictOf(report.results, id, 'primary').verdict, id).toBe('inconclusive');
    }
    await expect(readFile(path.join(outDir, 'compliance-report.json'), 'utf8')).resolves.toContain(
      'PAGOPA-REACH-01',
    );
  });
});
