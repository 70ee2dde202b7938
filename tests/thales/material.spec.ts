/**
 * The Thales material checks on files made by OpenSSL (the commands of Thales' own instructions,
 * and bad ones), on broken files, and offline: a profile of two CSRs runs with no network and its
 * checks take well under a second.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { mkdtemp, rm, writeFile, readFile, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { test, expect } from '@playwright/test';
import { runForTest, verdictOf } from '../support/run.js';
import type { ResultRecord } from '../../src/core/suite.js';
import { csrFor, ecKey, openssl, rsaKey, thalesSubject } from './openssl.js';

const TSP = 'T123';
let dir: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = await mkdtemp(path.join(tmpdir(), 'attesta-thales-openssl-'));
  // Thales' RSA command, verbatim but for the values; then the ECDSA one.
  await openssl(
    dir,
    'req',
    '-new',
    '-newkey',
    'rsa:4096',
    '-nodes',
    '-keyout',
    'rsa4096.key',
    '-out',
    'rsa4096-ppr.csr',
    '-subj',
    thalesSubject('RSA', TSP, 'PPR'),
  );
  await ecKey(dir, 'p256.key');
  await csrFor(dir, 'p256.key', 'p256-prd.csr', thalesSubject('ECDSA', TSP, 'PRD'));
  await ecKey(dir, 'p256b.key');
  await csrFor(dir, 'p256b.key', 'p256-ppr.csr', thalesSubject('ECDSA', TSP, 'PPR'));
});

test.afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function runCsrs(csrs: Record<string, string>, extra: Record<string, unknown> = {}) {
  const profileFile = path.join(dir, `profile-${Object.values(csrs).join('-')}.yaml`);
  await writeFile(
    profileFile,
    stringify({ name: 'openssl-material', thales: { tspId: TSP, csrs, ...extra } }),
  );
  return runForTest({ targets: [profileFile], suites: ['thales-connectivity'] });
}

const verdict = (results: readonly ResultRecord[], id: string) => verdictOf(results, id).verdict;

test('CSRs made by openssl with Thales commands (RSA 4096, P-256) pass every CSR rule', async () => {
  const { report } = await runCsrs({ PPR: 'rsa4096-ppr.csr', PRD: 'p256-prd.csr' });
  for (const id of ['TH-CSR-01', 'TH-CSR-02', 'TH-CSR-03', 'TH-CSR-04', 'TH-CSR-05'])
    expect(verdict(report.results, id), verdictOf(report.results, id).reason).toBe('pass');
  expect(verdictOf(report.results, 'TH-CSR-01').reason).toContain('RSA 4096-bit');
  expect(verdictOf(report.results, 'TH-CSR-02').reason).toContain('sha256WithRSAEncryption');
});

test('a material-only profile runs offline: live ids NOT APPLICABLE with the reason, checks well under a second', async () => {
  const started = performance.now();
  const { report, exitCode } = await runCsrs({ PPR: 'p256-ppr.csr', PRD: 'p256-prd.csr' });
  const wall = performance.now() - started;
  for (const id of ['TH-OUT-01', 'TH-OUT-02', 'TH-OUT-03', 'TH-OUT-04', 'TH-OUT-05']) {
    const r = verdictOf(report.results, id);
    expect(r.verdict, id).toBe('not-applicable');
    expect(r.reason).toMatch(/no site/);
  }
  expect(verdictOf(report.results, 'TH-IN-01').reason).toContain('thales.client');
  expect(report.run.traffic ?? [], 'no connection was made').toEqual([]);
  const checking =
    Math.max(...report.results.map((r) => Date.parse(r.startedAt) + r.durationMs)) -
    Math.min(...report.results.map((r) => Date.parse(r.startedAt)));
  console.log(
    `material-only run: checks ${checking} ms, whole run (profile read, reports written) ${Math.round(wall)} ms`,
  );
  expect(checking).toBeLessThan(500);
  expect(exitCode).toBe(0);
});

/** Bad CSRs made by openssl, the id each breaks and words of its reason. */
const BAD: [
  title: string,
  make: (d: string) => Promise<string>,
  id: string,
  verdict: string,
  reason: RegExp,
][] = [
  [
    'RSA 2048',
    async (d) => (
      await rsaKey(d, 'rsa2048.key', 2048),
      await csrFor(d, 'rsa2048.key', 'rsa2048.csr', thalesSubject('RSA', TSP, 'PPR')),
      'rsa2048.csr'
    ),
    'TH-CSR-01',
    'fail',
    /RSA 2048-bit/,
  ],
  [
    'EC P-384',
    async (d) => (
      await ecKey(d, 'p384.key', 'secp384r1'),
      await csrFor(d, 'p384.key', 'p384.csr', thalesSubject('ECDSA', TSP, 'PPR')),
      'p384.csr'
    ),
    'TH-CSR-01',
    'fail',
    /EC on secp384r1/,
  ],
  [
    'signed with SHA-1',
    async (d) => (
      await csrFor(d, 'rsa4096.key', 'sha1.csr', thalesSubject('RSA', TSP, 'PPR'), '-sha1'),
      'sha1.csr'
    ),
    'TH-CSR-02',
    'fail',
    /sha1WithRSAEncryption/,
  ],
  [
    'signed with SHA-384',
    async (d) => (
      await csrFor(d, 'p256b.key', 'sha384.csr', thalesSubject('ECDSA', TSP, 'PPR'), '-sha384'),
      'sha384.csr'
    ),
    'TH-CSR-02',
    'fail',
    /ecdsa-with-SHA384/,
  ],
  [
    'an EC key whose CN says RSA',
    async (d) => (await csrFor(d, 'p256b.key', 'word.csr', thalesSubject('RSA', TSP, 'PPR')), 'word.csr'),
    'TH-CSR-03',
    'fail',
    /key-type word "RSA" but the key is EC/,
  ],
  [
    'another tspId',
    async (d) => (await csrFor(d, 'p256b.key', 'tsp.csr', thalesSubject('ECDSA', 'T999', 'PPR')), 'tsp.csr'),
    'TH-CSR-03',
    'fail',
    /tspId "T999"/,
  ],
  [
    'env PRD declared for PPR',
    async (d) => (await csrFor(d, 'p256b.key', 'env.csr', thalesSubject('ECDSA', TSP, 'PRD')), 'env.csr'),
    'TH-CSR-03',
    'fail',
    /declared for PPR/,
  ],
  [
    'env UAT',
    async (d) => (await csrFor(d, 'p256b.key', 'uat.csr', thalesSubject('ECDSA', TSP, 'UAT')), 'uat.csr'),
    'TH-CSR-03',
    'fail',
    /neither PPR nor PRD/,
  ],
  // Thales' own ECDSA example has "TSH." where its pattern says "TSH": copied verbatim, it breaks the pattern.
  [
    "the TSH. typo of Thales' ECDSA example",
    async (d) => (
      await csrFor(
        d,
        'p256b.key',
        'typo.csr',
        `/C=IT/ST=Lazio/L=Roma/O=Acme Issuer/OU=Cards/CN=TLSMA-ECDSA\\/${TSP}\\/TSH.\\/TSP.PPR`,
      ),
      'typo.csr'
    ),
    'TH-CSR-03',
    'fail',
    /does not follow the pattern/,
  ],
  [
    'no OU',
    async (d) => (
      await csrFor(
        d,
        'p256b.key',
        'noou.csr',
        thalesSubject('ECDSA', TSP, 'PPR', '/C=IT/ST=Lazio/L=Roma/O=Acme Issuer'),
      ),
      'noou.csr'
    ),
    'TH-CSR-04',
    'fail',
    /OU is missing/,
  ],
  [
    'an empty L',
    async (d) => (
      await csrFor(
        d,
        'p256b.key',
        'emptyl.csr',
        thalesSubject('ECDSA', TSP, 'PPR', '/C=IT/ST=Lazio/L= /O=Acme Issuer/OU=Cards'),
      ),
      'emptyl.csr'
    ),
    'TH-CSR-04',
    'fail',
    /L is empty/,
  ],
];

for (const [title, make, id, expected, reason] of BAD) {
  test(`an openssl CSR with ${title}: ${id} ${expected}`, async () => {
    const file = await make(dir);
    const { report } = await runCsrs({ PPR: file });
    const r = verdictOf(report.results, id);
    expect(r.verdict, r.reason).toBe(expected);
    expect(r.reason).toMatch(reason);
  });
}

test('the same openssl key in both environments: TH-CSR-05 WARN (SHOULD)', async () => {
  await csrFor(dir, 'p256.key', 'p256-same-ppr.csr', thalesSubject('ECDSA', TSP, 'PPR'));
  const { report } = await runCsrs({ PPR: 'p256-same-ppr.csr', PRD: 'p256-prd.csr' });
  expect(verdict(report.results, 'TH-CSR-05')).toBe('warn');
  const one = await runCsrs({ PRD: 'p256-prd.csr' });
  expect(verdictOf(one.report.results, 'TH-CSR-05').reason).toMatch(/Only the PRD CSR/);
});

/** Broken files: each a configuration error naming the file and the field, never a crash. */
const BROKEN: [title: string, make: (d: string) => Promise<string>, message: RegExp][] = [
  [
    'a DER request',
    async (d) => (
      await csrFor(d, 'p256b.key', 'der.csr', thalesSubject('ECDSA', TSP, 'PPR'), '-outform', 'DER'),
      'der.csr'
    ),
    /der\.csr is not PEM text \(binary data/,
  ],
  [
    'a truncated PEM',
    async (d) => {
      const t = await readFile(path.join(d, 'p256-ppr.csr'), 'utf8');
      await writeFile(path.join(d, 'cut.csr'), t.slice(0, t.length / 2));
      return 'cut.csr';
    },
    /cut\.csr is truncated/,
  ],
  [
    'trailing garbage',
    async (d) => {
      await writeFile(
        path.join(d, 'tail.csr'),
        (await readFile(path.join(d, 'p256-ppr.csr'), 'utf8')) + 'garbage after the block\n',
      );
      return 'tail.csr';
    },
    /tail\.csr must hold exactly one CERTIFICATE REQUEST block and nothing else/,
  ],
  [
    'an empty file',
    async (d) => (await writeFile(path.join(d, 'empty.csr'), ''), 'empty.csr'),
    /empty\.csr is empty/,
  ],
  [
    'a 10 MB file',
    async (d) => {
      await writeFile(path.join(d, 'big.csr'), '');
      await truncate(path.join(d, 'big.csr'), 10 * 1024 * 1024);
      return 'big.csr';
    },
    /big\.csr is 10\.0 MiB, more than the 4\.0 MiB/,
  ],
  ['a private key', async () => 'p256.key', /holds a PEM EC PRIVATE KEY block, not a CERTIFICATE REQUEST/],
  [
    'base64 that is not PKCS#10',
    async (d) => (
      await writeFile(
        path.join(d, 'junk.csr'),
        '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n',
      ),
      'junk.csr'
    ),
    /junk\.csr holds a CERTIFICATE REQUEST block that is not a valid PKCS#10 request/,
  ],
];

for (const [title, make, message] of BROKEN) {
  test(`${title} as a CSR is a configuration error naming the file and the field`, async () => {
    const file = await make(dir);
    const error = await runCsrs({ PPR: file }).then(
      () => undefined,
      (e: unknown) => e as Error & { field?: string; file?: string },
    );
    expect(error?.name).toBe('ConfigError');
    expect(error?.message).toMatch(message);
    expect(error?.field).toBe('/thales/csrs/PPR');
  });
}

test('CSRs with the tspId missing from the profile: a configuration error naming /thales/tspId', async () => {
  const profileFile = path.join(dir, 'no-tspid.yaml');
  await writeFile(profileFile, stringify({ name: 'x', thales: { csrs: { PPR: 'p256-ppr.csr' } } }));
  await expect(runForTest({ targets: [profileFile], suites: ['thales-connectivity'] })).rejects.toMatchObject(
    { field: '/thales/tspId' },
  );
});

/** TH-IN-01 on certificates openssl signed: the configured Thales CA, another CA of the same name, a mismatched key. */
test.describe('TH-IN-01 on openssl certificates', () => {
  test.beforeAll(async () => {
    const o = (...a: string[]) => openssl(dir, ...a);
    await ecKey(dir, 'thales-ca.key');
    await o(
      'req',
      '-x509',
      '-new',
      '-key',
      'thales-ca.key',
      '-out',
      'thales-ca.pem',
      '-subj',
      '/O=Thales Test/CN=Thales TSH Client Signing CA',
      '-days',
      '30',
    );
    await ecKey(dir, 'twin-ca.key');
    await o(
      'req',
      '-x509',
      '-new',
      '-key',
      'twin-ca.key',
      '-out',
      'twin-ca.pem',
      '-subj',
      '/O=Thales Test/CN=Thales TSH Client Signing CA',
      '-days',
      '30',
    );
    for (const [ca, out] of [
      ['thales-ca', 'client.pem'],
      ['twin-ca', 'client-twin.pem'],
    ] as const)
      await o(
        'x509',
        '-req',
        '-in',
        'p256-ppr.csr',
        '-CA',
        `${ca}.pem`,
        '-CAkey',
        `${ca}.key`,
        '-CAcreateserial',
        '-out',
        out,
        '-days',
        '30',
      );
  });

  const client = (cert: string, key: string) => ({
    client: { certificate: { cert, key: `file:${key}` }, thalesCa: 'thales-ca.pem' },
  });

  test('signed by the Thales CA, with its key: PASS', async () => {
    const { report } = await runCsrs({ PPR: 'p256-ppr.csr' }, client('client.pem', 'p256b.key'));
    const r = verdictOf(report.results, 'TH-IN-01');
    expect(r.verdict, r.reason).toBe('pass');
    expect(JSON.stringify(r)).not.toContain('PRIVATE KEY');
  });

  test('signed by another CA with the Thales CA name: FAIL (the signature decides)', async () => {
    const { report } = await runCsrs({ PPR: 'p256-ppr.csr' }, client('client-twin.pem', 'p256b.key'));
    expect(verdictOf(report.results, 'TH-IN-01').reason).toMatch(/does not chain to the Thales CA/);
  });

  test('with another key: FAIL naming the mismatch, never the key', async () => {
    const { report } = await runCsrs({ PPR: 'p256-ppr.csr' }, client('client.pem', 'p256.key'));
    const r = verdictOf(report.results, 'TH-IN-01');
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/does not match the configured private key/);
    expect(JSON.stringify(r)).not.toContain('PRIVATE KEY');
  });
});

test('a CSR with absurd fields (a 10,000-character CN, 300 OUs, a three-letter C, bidi controls) gets verdicts, not a crash', async () => {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const req = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [
      { C: ['ITA'] },
      { ST: ['\u202Egnp.exe\u202C'] },
      { L: ['Roma'] },
      { O: ['Acme'] },
      ...Array.from({ length: 300 }, (_, i) => ({ OU: [`unit ${i}`] })),
      { CN: ['TLSMA-ECDSA/' + 'x'.repeat(10_000) + '/TSH/TSP.PPR'] },
    ],
    keys,
    signingAlgorithm: alg,
  });
  await writeFile(path.join(dir, 'absurd.csr'), req.toString('pem') + '\n');
  const { report } = await runCsrs({ PPR: 'absurd.csr' });
  expect(verdict(report.results, 'TH-CSR-01')).toBe('pass');
  expect(verdict(report.results, 'TH-CSR-02')).toBe('pass');
  expect(verdictOf(report.results, 'TH-CSR-03').reason).toMatch(/is not the configured "T123"/);
  expect(verdictOf(report.results, 'TH-CSR-04').reason).toMatch(/C is "ITA", not two letters/);
});
