import { test, expect } from '@playwright/test';
import { expectVerdicts, runForTest, verdictOf } from '../support/run.js';
import { COMPLIANT_ENDPOINT_VERDICTS } from '../support/pagopa.js';
import type { ResultRecord } from '../../src/core/suite.js';

const SUITE = ['pagopa-connectivity'];

test('the conformant reference meets every pagoPA requirement (CERT-01 warns: its CA is a declared private one)', async () => {
  const { report, exitCode } = await runForTest({ suites: SUITE });
  for (const site of ['primary', 'secondary'])
    expectVerdicts(report.results, COMPLIANT_ENDPOINT_VERDICTS, site);
  for (const id of ['PAGOPA-APIKEY-01', 'PAGOPA-APIKEY-02', 'PAGOPA-APIKEY-03', 'PAGOPA-SRV-01']) {
    expect(verdictOf(report.results, id, 'platform').verdict, id).toBe('pass');
  }
  expect(verdictOf(report.results, 'PAGOPA-DR-01', 'all').verdict).toBe('pass');
  expect(report.results).toHaveLength(9 * 2 + 4 + 1);
  expect(exitCode).toBe(0);
});

/**
 * Each fault of the reference, the requirement it breaks, where, the verdict it must get, and -
 * where a requirement is decided by several probes - the probe that must be the one to fail.
 */
const FAULTS: [
  fault: string,
  id: string,
  site: string,
  verdict: ResultRecord['verdict'],
  failing?: RegExp,
][] = [
  ['pagopa.tls11-accepted', 'PAGOPA-TLS-01', 'primary', 'fail', /^TLS 1\.1 handshake$/],
  ['pagopa.secondary-tls11-accepted', 'PAGOPA-TLS-01', 'secondary', 'fail'],
  ['pagopa.client-cert-optional', 'PAGOPA-MTLS-01', 'primary', 'fail', /^no client certificate, TLSv1\.3$/],
  ['pagopa.any-client-ca', 'PAGOPA-MTLS-02', 'primary', 'fail', /from an untrusted CA/],
  // The untrusted CA copies the real issuer's name and key id: only its signature gives it away.
  ['pagopa.client-issuer-name-only', 'PAGOPA-MTLS-02', 'primary', 'fail', /from an untrusted CA/],
  [
    'pagopa.expired-client-accepted',
    'PAGOPA-MTLS-02',
    'primary',
    'fail',
    /^client certificate: expired client certificate/,
  ],
  ['pagopa.no-platform-ca', 'PAGOPA-MTLS-03', 'primary', 'warn'],
  ['pagopa.untrusted-server-ca', 'PAGOPA-CERT-01', 'primary', 'fail'],
  ['pagopa.missing-intermediate', 'PAGOPA-CERT-01', 'primary', 'fail'],
  ['pagopa.wrong-cn', 'PAGOPA-CERT-02', 'primary', 'fail'],
  ['pagopa.no-san', 'PAGOPA-CERT-02', 'primary', 'fail'],
  ['pagopa.expired-certificate', 'PAGOPA-CERT-03', 'primary', 'fail'],
  ['pagopa.expiring-certificate', 'PAGOPA-CERT-03', 'primary', 'warn'],
  ['pagopa.url-without-fqdn', 'PAGOPA-URL-01', 'primary', 'fail'],
  [
    'pagopa.apikey-missing-accepted',
    'PAGOPA-APIKEY-01',
    'platform',
    'fail',
    /^no Ocp-Apim-Subscription-Key header$/,
  ],
  ['pagopa.apikey-revoked-accepted', 'PAGOPA-APIKEY-02', 'platform', 'fail', /^revoked key$/],
  ['pagopa.apikey-empty-accepted', 'PAGOPA-APIKEY-02', 'platform', 'fail', /^empty key$/],
  [
    'pagopa.apikey-prefix-match',
    'PAGOPA-APIKEY-02',
    'platform',
    'fail',
    /^primary key with one character changed$/,
  ],
  ['pagopa.apikey-wrong-403', 'PAGOPA-APIKEY-02', 'platform', 'fail', /^random key$/],
  ['pagopa.apikey-not-checked', 'PAGOPA-APIKEY-01', 'platform', 'fail'],
  ['pagopa.apikey-not-checked', 'PAGOPA-APIKEY-02', 'platform', 'fail'],
  ['pagopa.secondary-key-rejected', 'PAGOPA-APIKEY-03', 'platform', 'fail'],
  ['pagopa.platform-tls11-only', 'PAGOPA-SRV-01', 'platform', 'fail'],
  ['pagopa.secondary-site-down', 'PAGOPA-REACH-01', 'secondary', 'fail'],
  ['pagopa.secondary-site-down', 'PAGOPA-DR-01', 'all', 'fail'],
  ['pagopa.secondary-tls11-accepted', 'PAGOPA-DR-01', 'all', 'fail'],
  ['pagopa.tls-terminator', 'PAGOPA-MTLS-01', 'primary', 'pass'],
  ['pagopa.tls-terminator', 'PAGOPA-MTLS-02', 'primary', 'pass'],
  ['pagopa.silent-without-certificate', 'PAGOPA-MTLS-01', 'primary', 'inconclusive'],
  // A 429 asks for a later retry: it is waited out, not judged.
  ['pagopa.platform-rate-limited', 'PAGOPA-APIKEY-01', 'platform', 'pass'],
  ['pagopa.platform-rate-limited', 'PAGOPA-APIKEY-03', 'platform', 'pass'],
];

for (const [fault, id, site, verdict, failing] of FAULTS) {
  test(`${fault}: ${id}@${site} is ${verdict}`, async () => {
    const { report, exitCode } = await runForTest({ suites: SUITE, referenceFaults: [fault] });
    const result = verdictOf(report.results, id, site);
    expect(result.verdict, result.reason).toBe(verdict);
    if (failing)
      expect(result.evidence.filter((e) => e.finding === 'fail').map((e) => e.label)).toContainEqual(
        expect.stringMatching(failing),
      );
    if (verdict === 'fail') expect(exitCode).toBe(1);
    // The fault breaks its own rule, not the unrelated ones: the primary site still answers.
    expect(verdictOf(report.results, 'PAGOPA-REACH-01', 'primary').verdict).toBe('pass');
  });
}

test('a fault that breaks the secondary site only is named by PAGOPA-DR-01', async () => {
  const { report } = await runForTest({
    suites: SUITE,
    referenceFaults: ['pagopa.secondary-tls11-accepted'],
  });
  expect(verdictOf(report.results, 'PAGOPA-TLS-01', 'primary').verdict).toBe('pass');
  expect(verdictOf(report.results, 'PAGOPA-DR-01', 'all').reason).toMatch(/secondary fails PAGOPA-TLS-01/);
  expect(verdictOf(report.results, 'PAGOPA-DR-01', 'all').reason).not.toMatch(/primary/);
});

test('an unreachable site: REACH-01 fails with the reason, its other checks are inconclusive, the report is written', async () => {
  const { report, outDir } = await runForTest({
    suites: SUITE,
    referenceFaults: ['pagopa.secondary-site-down'],
  });
  expect(verdictOf(report.results, 'PAGOPA-REACH-01', 'secondary').reason).toMatch(/ECONNREFUSED/);
  for (const id of [
    'PAGOPA-TLS-01',
    'PAGOPA-MTLS-01',
    'PAGOPA-MTLS-02',
    'PAGOPA-CERT-01',
    'PAGOPA-CERT-02',
    'PAGOPA-CERT-03',
  ]) {
    const r = verdictOf(report.results, id, 'secondary');
    expect(r.verdict, id).toBe('inconclusive');
    expect(r.reason).toMatch(/unreachable/);
  }
  const { readFile } = await import('node:fs/promises');
  const written = JSON.parse(await readFile(`${outDir}/compliance-report.json`, 'utf8')) as {
    results: unknown[];
  };
  expect(written.results).toHaveLength(report.results.length);
});
