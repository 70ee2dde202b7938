import { test, expect } from '@playwright/test';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { expectVerdicts, runForTest, verdictOf } from '../support/run.js';
import {
  indexLine,
  opensslIssue,
  opensslRoot,
  startOpensslResponder,
  type OpensslResponder,
} from '../support/openssl.js';

/**
 * Chains made by openssl, judged by a material-only profile (no host), with the real `openssl
 * ocsp` responder answering good, revoked and unknown for their leaves.
 */
let dir: string;
let responder: OpensslResponder;
/** Delegated responders (RFC 6960 4.2.2.2): one the CA certified for OCSPSigning, one it did not. */
let delegated: OpensslResponder;
let undelegated: OpensslResponder;
const SUBJECT = (n: string) => `/CN=${n}.openssl.attesta.test/O=Attesta`;
const LEAVES = { good: '2001', revoked: '2002', unknown: '2003' } as const;

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'attesta-openssl-'));
  await opensslRoot(dir, 'root', '/CN=OpenSSL Test Root/O=Attesta');
  await opensslIssue(dir, 'int', '/CN=OpenSSL Test Intermediate/O=Attesta', 'root', {
    serial: '1001',
    ca: true,
  });
  // The responder knows "good" and "revoked"; "unknown" is issued but never listed.
  const index =
    indexLine('V', LEAVES.good, SUBJECT('good')) + indexLine('R', LEAVES.revoked, SUBJECT('revoked'));
  responder = await startOpensslResponder(dir, 'int', index);
  await opensslIssue(dir, 'resp-ok', '/CN=OpenSSL OCSP Responder/O=Attesta', 'int', {
    serial: '1101',
    ocspSigning: true,
  });
  await opensslIssue(dir, 'resp-bad', '/CN=OpenSSL Client As Responder/O=Attesta', 'int', { serial: '1102' });
  const both =
    index + indexLine('V', '2005', SUBJECT('delegated')) + indexLine('V', '2006', SUBJECT('undelegated'));
  delegated = await startOpensslResponder(dir, 'int', both, 10, 'resp-ok');
  undelegated = await startOpensslResponder(dir, 'int', both, 10, 'resp-bad');
  await opensslIssue(dir, 'delegated', SUBJECT('delegated'), 'int', {
    serial: '2005',
    ocspUrl: delegated.url,
  });
  await opensslIssue(dir, 'undelegated', SUBJECT('undelegated'), 'int', {
    serial: '2006',
    ocspUrl: undelegated.url,
  });
  for (const [name, serial] of Object.entries(LEAVES))
    await opensslIssue(dir, name, SUBJECT(name), 'int', { serial, ocspUrl: responder.url });
  await opensslIssue(dir, 'no-aia', SUBJECT('no-aia'), 'int', { serial: '2004' });
  const pem = (n: string) => readFile(path.join(dir, `${n}.pem`), 'utf8');
  const [root, int] = [await pem('root'), await pem('int')];
  for (const name of [...Object.keys(LEAVES), 'no-aia', 'delegated', 'undelegated'])
    await writeFile(path.join(dir, `${name}-chain.pem`), (await pem(name)) + int + root);
});

test.afterAll(async () => {
  for (const r of [responder, delegated, undelegated]) r?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A profile with only files: the leaf's chain, the openssl root as a declared test anchor. */
async function materialProfile(chain: string, more: Record<string, unknown> = {}): Promise<string> {
  const file = path.join(dir, `profile-${chain}.yaml`);
  const certificates = { chain: `${chain}-chain.pem`, testTrustAnchors: 'root.pem', ...more };
  await writeFile(file, stringify({ name: `openssl-${chain}`, connectpay: { certificates } }));
  return file;
}

const run = async (profile: string) =>
  (await runForTest({ targets: [profile], suites: ['connectpay-security'] })).report;

test('an openssl chain whose leaf the openssl responder says is good: every material id decided, live ids not applicable', async () => {
  const report = await run(await materialProfile('good'));
  const expected: Record<string, string> = {
    'CP-CHAIN-01': 'pass',
    'CP-CHAIN-02': 'pass',
    'CP-CHAIN-03': 'pass',
    'CP-CHAIN-04': 'warn',
    'CP-CHAIN-05': 'pass',
    'CP-CHAIN-06': 'pass',
    'CP-CHAIN-07': 'pass',
    'CP-CHAIN-09': 'not-applicable',
    'CP-CHAIN-10': 'not-applicable',
  };
  expectVerdicts(report.results, expected);
  for (const id of ['CP-MTLS-01', 'CP-HOST-01', 'CP-BASIC-01']) {
    const r = verdictOf(report.results, id);
    expect(r.verdict).toBe('not-applicable');
    expect(r.reason).toMatch(/The profile names no host/);
  }
  expect(verdictOf(report.results, 'CP-CHAIN-08').verdict).toBe('not-applicable');
});

test('the openssl responder says revoked: CP-CHAIN-07 fails; unknown: inconclusive, never good', async () => {
  const revoked = verdictOf((await run(await materialProfile('revoked'))).results, 'CP-CHAIN-07');
  expect(revoked.verdict, revoked.reason).toBe('fail');
  expect(revoked.reason).toMatch(/is revoked since/);
  const unknown = verdictOf((await run(await materialProfile('unknown'))).results, 'CP-CHAIN-07');
  expect(unknown.verdict, unknown.reason).toBe('inconclusive');
  expect(unknown.reason).toMatch(/status unknown/);
});

test('a leaf without an OCSP responder in its AIA: CP-CHAIN-07 inconclusive, naming that', async () => {
  const r = verdictOf((await run(await materialProfile('no-aia'))).results, 'CP-CHAIN-07');
  expect(r.verdict).toBe('inconclusive');
  expect(r.reason).toMatch(/names no OCSP responder/);
});

test('a material-only run with OCSP off opens no connection and checks its files well under a second', async () => {
  const report = await run(
    await materialProfile('good', {
      checkRevocation: false,
      prod: 'good-chain.pem',
      stage: 'revoked-chain.pem',
    }),
  );
  expect(report.run.traffic ?? []).toEqual([]);
  const material = report.results.filter((r) => r.site === 'material');
  expect(material).toHaveLength(9);
  const total = material.reduce((ms, r) => ms + r.durationMs, 0);
  test
    .info()
    .annotations.push({ type: 'material checks', description: `${total} ms for ${material.length} ids` });
  expect(total).toBeLessThan(1_000);
  expect(verdictOf(report.results, 'CP-CHAIN-09').verdict).toBe('pass');
});

test('an answer signed by a responder the CA delegated (OCSPSigning) counts; one signed by any other certificate of the CA does not', async () => {
  const ok = verdictOf((await run(await materialProfile('delegated'))).results, 'CP-CHAIN-07');
  expect(ok.verdict, ok.reason).toBe('pass');
  expect(ok.reason).toMatch(
    /signed by responder "CN=OpenSSL OCSP Responder, O=Attesta" delegated by the issuer/,
  );
  const bad = verdictOf((await run(await materialProfile('undelegated'))).results, 'CP-CHAIN-07');
  expect(bad.verdict, bad.reason).toBe('inconclusive');
  expect(bad.reason).toMatch(/signature does not verify with the issuer or a responder it delegated/);
});
