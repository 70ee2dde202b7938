import { test, expect } from '@playwright/test';
import { runForTest, verdictOf } from '../support/run.js';
import type { ResultRecord } from '../../src/core/suite.js';
import { CONNECTPAY_FAULTS } from '../../src/reference/connectpay-security/faults.js';

const SUITE = ['connectpay-security'];

/** What the conformant reference gets: CP-CHAIN-04 warns, its root being a declared test anchor. */
export const CONFORMANT: Record<string, [site: string, verdict: ResultRecord['verdict']]> = {
  'CP-MTLS-01': ['platform', 'pass'],
  'CP-HOST-01': ['platform', 'pass'],
  'CP-CHAIN-01': ['material', 'pass'],
  'CP-CHAIN-02': ['material', 'pass'],
  'CP-CHAIN-03': ['material', 'pass'],
  'CP-CHAIN-04': ['material', 'warn'],
  'CP-CHAIN-05': ['material', 'pass'],
  'CP-CHAIN-06': ['material', 'pass'],
  'CP-CHAIN-07': ['material', 'pass'],
  'CP-CHAIN-08': ['two-way', 'pass'],
  'CP-CHAIN-09': ['material', 'pass'],
  'CP-CHAIN-10': ['material', 'pass'],
  'CP-BASIC-01': ['platform', 'pass'],
};

test('the conformant reference meets every ConnectPay requirement (CP-CHAIN-04 warns: its root is a declared test anchor)', async () => {
  const { report, exitCode } = await runForTest({ suites: SUITE });
  for (const [id, [site, verdict]] of Object.entries(CONFORMANT)) {
    const r = verdictOf(report.results, id, site);
    expect(r.verdict, `${id}: ${r.reason}`).toBe(verdict);
  }
  expect(verdictOf(report.results, 'CP-CHAIN-04').reason).toMatch(
    /test anchor declared in connectpay\.certificates\.testTrustAnchors, not a root of the public root store/,
  );
  expect(report.results).toHaveLength(13);
  expect(exitCode).toBe(0);
});

/** Each fault, the requirement it breaks and the words of the reason that show why. */
const FAULTS: [fault: keyof typeof CONNECTPAY_FAULTS, id: string, reason: RegExp][] = [
  ['connectpay.mtls-optional', 'CP-MTLS-01', /served a request with no client certificate/],
  [
    'connectpay.one-way-api-on-two-way-host',
    'CP-HOST-01',
    /Served on the wrong host: 1-way API \/v1\/public\/status on the 2-way host/,
  ],
  ['connectpay.der-file', 'CP-CHAIN-01', /a DER \(binary\) X\.509 certificate, not PEM/],
  ['connectpay.chain-wrong-order', 'CP-CHAIN-02', /is not issued by the certificate after it/],
  ['connectpay.root-missing', 'CP-CHAIN-03', /The root is not included/],
  ['connectpay.self-signed-leaf', 'CP-CHAIN-04', /is self-signed/],
  ['connectpay.lets-encrypt-issued', 'CP-CHAIN-05', /issuer organisation is "Let's Encrypt"/],
  ['connectpay.expired', 'CP-CHAIN-06', /expired on/],
  ['connectpay.revoked', 'CP-CHAIN-07', /is revoked since/],
  ['connectpay.devapp-other-certificate', 'CP-CHAIN-08', /differs from the DevApp certificate: serial/],
  ['connectpay.same-prod-stage', 'CP-CHAIN-09', /the same leaf certificate/],
  ['connectpay.psd2-role-missing', 'CP-CHAIN-10', /lacks the declared role\(s\) PSP_PI/],
  [
    'connectpay.basic-wrong-secret-accepted',
    'CP-BASIC-01',
    /Expected 401 for the ClientKey with a wrong ClientSecret/,
  ],
  [
    'connectpay.basic-lenient-base64',
    'CP-BASIC-01',
    /Expected 401 for the right credentials in malformed Base64 \(a "\*" inserted\): HTTP 200/,
  ],
];

test('every ConnectPay fault has its test, and every CP id a fault', () => {
  expect(FAULTS.map(([f]) => f).sort()).toEqual(Object.keys(CONNECTPAY_FAULTS).sort());
  expect(new Set(FAULTS.map(([, id]) => id))).toEqual(new Set(Object.keys(CONFORMANT)));
});

/** A SHOULD that is not met is a WARN (src/core/verdict.ts). */
const SHOULD = new Set(['CP-CHAIN-09', 'CP-CHAIN-10']);

/**
 * What else a fault changes, where one rule cannot break alone: a DER file leaves no PEM chain
 * to judge; a self-signed leaf has no chain (nothing to order, no root, no issuer to ask OCSP).
 */
const COLLATERAL: Partial<Record<keyof typeof CONNECTPAY_FAULTS, Record<string, ResultRecord['verdict']>>> = {
  'connectpay.der-file': Object.fromEntries(
    [
      'CP-CHAIN-02',
      'CP-CHAIN-03',
      'CP-CHAIN-04',
      'CP-CHAIN-05',
      'CP-CHAIN-06',
      'CP-CHAIN-07',
      'CP-CHAIN-10',
    ].map((id) => [id, 'inconclusive']),
  ),
  'connectpay.self-signed-leaf': {
    'CP-CHAIN-02': 'not-applicable',
    'CP-CHAIN-03': 'fail',
    'CP-CHAIN-07': 'inconclusive',
  },
};

for (const [fault, id, reason] of FAULTS) {
  test(`${fault}: ${id} fails, naming why, and nothing else changes`, async () => {
    const { report } = await runForTest({ suites: SUITE, referenceFaults: [fault] });
    const r = verdictOf(report.results, id);
    expect(r.verdict, r.reason).toBe(SHOULD.has(id) ? 'warn' : 'fail');
    expect(r.reason).toMatch(reason);
    const expected = { ...COLLATERAL[fault], [id]: r.verdict };
    for (const [other, [, verdict]] of Object.entries(CONFORMANT)) {
      const o = verdictOf(report.results, other);
      expect(o.verdict, `${other} under ${fault}: ${o.reason}`).toBe(expected[other] ?? verdict);
    }
  });
}
