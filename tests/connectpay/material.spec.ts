import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { readCertificateFile } from '../../src/material/certificate-file.js';
import { issueCertificate } from '../../src/x509/issue.js';
import { attesta } from '../support/cli.js';
import { openssl, opensslIssue, opensslRoot } from '../support/openssl.js';
import { SHARED_DATA } from '../support/paths.js';
import { runForTest, verdictOf } from '../support/run.js';

let dir: string;
test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'attesta-material-'));
  await opensslRoot(dir, 'root', '/CN=OpenSSL Material Root/O=Attesta');
  await opensslIssue(dir, 'leaf', '/CN=leaf.openssl.attesta.test/O=Attesta', 'root', { serial: '3001' });
  await openssl(dir, 'x509', '-in', 'leaf.pem', '-outform', 'DER', '-out', 'leaf.der');
  await openssl(dir, 'crl2pkcs7', '-nocrl', '-certfile', 'leaf.pem', '-outform', 'DER', '-out', 'leaf.p7b');
  await openssl(dir, 'crl2pkcs7', '-nocrl', '-certfile', 'leaf.pem', '-out', 'leaf.p7.pem');
});
test.afterAll(async () => rm(dir, { recursive: true, force: true }));

const file = (name: string) => readFileSync(path.join(dir, name));
const read = (name: string, data: Buffer) => readCertificateFile(name, data);

test.describe('a certificate file is read strictly: PEM CERTIFICATE blocks only, anything else named (CP-CHAIN-01)', () => {
  test('openssl PEM chains are read whole', () => {
    const chain = Buffer.concat([file('leaf.pem'), file('root.pem')]);
    const r = read('chain.pem', chain);
    expect(r.problems).toEqual([]);
    expect(r.certificates).toHaveLength(2);
  });

  test('DER, PKCS#7 (DER and PEM) and a private key are named as what they are', () => {
    expect(read('leaf.der', file('leaf.der')).problems).toEqual([
      'a DER (binary) X.509 certificate, not PEM',
    ]);
    expect(read('leaf.p7b', file('leaf.p7b')).problems).toEqual(['a DER (binary) PKCS#7 bundle, not PEM']);
    expect(read('leaf.p7.pem', file('leaf.p7.pem')).problems).toEqual([
      'block #1 is a PKCS#7 bundle (PKCS7)',
    ]);
    const withKey = read('k.pem', Buffer.concat([file('leaf.pem'), file('leaf.key')]));
    expect(withKey.problems).toEqual(['block #2 is a private key (PRIVATE KEY)']);
    expect(withKey.certificates).toHaveLength(1);
  });

  test('garbage, a truncated block, an empty file and text alone are named, never a crash', () => {
    const pem = file('leaf.pem');
    expect(read('g.pem', Buffer.concat([pem, Buffer.from('garbage after\n')])).problems).toEqual([
      'text after the last block (#1): "garbage after" (13 characters)',
    ]);
    expect(read('t.pem', pem.subarray(0, 200)).problems[0]).toMatch(/has no END line \(a truncated file\?\)/);
    const cut = Buffer.from(pem.toString().replace(/(-----BEGIN CERTIFICATE-----\n)(.{10})/, '$1'));
    expect(read('c.pem', cut).problems[0]).toMatch(
      /certificate block #1 (is not valid Base64|does not parse as X\.509)/,
    );
    expect(read('e.pem', Buffer.alloc(0)).problems).toEqual(['the file is empty']);
    expect(read('x.txt', Buffer.from('hello')).problems).toEqual([
      'no PEM block: text only: "hello" (5 characters)',
    ]);
    expect(read('r.bin', Buffer.from([0xff, 0x00, 0x13, 0x37])).problems).toEqual([
      'binary data (first bytes ff001337), not PEM',
    ]);
  });
});

/** A material-only profile for one chain file (OCSP off: no network). */
async function profileFor(chain: string, more: Record<string, unknown> = {}): Promise<string> {
  const p = path.join(dir, `profile-${path.basename(chain)}.yaml`);
  await writeFile(
    p,
    stringify({ name: 'material', connectpay: { certificates: { chain, checkRevocation: false, ...more } } }),
  );
  return p;
}
const judge = async (chain: string, more?: Record<string, unknown>) =>
  (await runForTest({ targets: [await profileFor(chain, more)], suites: ['connectpay-security'] })).report
    .results;

const FORWARDER = (name: string) => path.join(SHARED_DATA, 'pagopa-forwarder-certs', name);

test.describe("pagoPA's published forwarder chains, read in place, get the verdicts that are true of them", () => {
  test('production: PEM, in order, complete, to DigiCert Global Root G2 of the public store, valid', async () => {
    const results = await judge(FORWARDER('forwarder.platform.pagopa.it.pem'));
    for (const id of [
      'CP-CHAIN-01',
      'CP-CHAIN-02',
      'CP-CHAIN-03',
      'CP-CHAIN-04',
      'CP-CHAIN-05',
      'CP-CHAIN-06',
    ])
      expect(verdictOf(results, id).verdict, `${id}: ${verdictOf(results, id).reason}`).toBe('pass');
    expect(verdictOf(results, 'CP-CHAIN-04').reason).toMatch(
      /DigiCert Global Root G2", a root of the public root store/,
    );
  });

  test('UAT: the same public chain, but the leaf expired on 2026-10-17', async () => {
    const results = await judge(FORWARDER('forwarder.uat.platform.pagopa.it.pem'));
    expect(verdictOf(results, 'CP-CHAIN-04').verdict).toBe('pass');
    const validity = verdictOf(results, 'CP-CHAIN-06');
    expect(validity.verdict).toBe('fail');
    expect(validity.reason).toMatch(/forwarder\.uat\.platform\.pagopa\.it" expired on 2026-10-17/);
  });

  test('dev: a private CA whose "Intermediate CA" is not a CA - incomplete and not public', async () => {
    const results = await judge(FORWARDER('forwarder.dev.platform.pagopa.it.pem'));
    expect(verdictOf(results, 'CP-CHAIN-01').verdict).toBe('pass');
    // Name and signature link each certificate to the next: the order rule holds...
    expect(verdictOf(results, 'CP-CHAIN-02').verdict).toBe('pass');
    // ...but an issuer that is not a CA is a missing link.
    const complete = verdictOf(results, 'CP-CHAIN-03');
    expect(complete.verdict).toBe('fail');
    expect(complete.reason).toMatch(/CN=Intermediate CA" signed .* but is not a CA certificate/);
    expect(verdictOf(results, 'CP-CHAIN-04').verdict).toBe('fail');
    expect(verdictOf(results, 'CP-CHAIN-06').verdict).toBe('fail');
  });
});

test.describe('bad material: a clear verdict or a clear configuration error, never a crash', () => {
  test('garbage after the chain fails CP-CHAIN-01 naming it; the certificates that parse are still judged', async () => {
    await writeFile(
      path.join(dir, 'trailing.pem'),
      Buffer.concat([file('leaf.pem'), file('root.pem'), Buffer.from('\u0000\u0001junk')]),
    );
    const results = await judge('trailing.pem');
    const format = verdictOf(results, 'CP-CHAIN-01');
    expect(format.verdict).toBe('fail');
    expect(format.reason).toMatch(
      /trailing\.pem is not PEM certificates only: text after the last block \(#2\)/,
    );
    expect(verdictOf(results, 'CP-CHAIN-02').verdict).toBe('pass');
  });

  test('an empty or a DER file fails CP-CHAIN-01; the chain ids are inconclusive, pointing at it', async () => {
    await writeFile(path.join(dir, 'empty.pem'), '');
    const empty = await judge('empty.pem');
    expect(verdictOf(empty, 'CP-CHAIN-01').reason).toMatch(/the file is empty/);
    for (const results of [empty, await judge('leaf.der')]) {
      expect(verdictOf(results, 'CP-CHAIN-01').verdict).toBe('fail');
      const order = verdictOf(results, 'CP-CHAIN-02');
      expect(order.verdict).toBe('inconclusive');
      expect(order.reason).toMatch(/no PEM certificate that parses.*CP-CHAIN-01 says why/);
    }
  });

  test('a certificate with absurd fields gets verdicts (a 4 KB CN, validity inverted, year 9999)', async () => {
    const root = await issueCertificate({ subject: 'CN=Absurd Root', ca: true });
    const leaf = await issueCertificate({
      subject: `CN=${'x'.repeat(4096)}, O=Absurd`,
      issuer: root,
      notBefore: new Date('9999-12-31T00:00:00Z'),
      notAfter: new Date('2000-01-01T00:00:00Z'),
    });
    await writeFile(path.join(dir, 'absurd.pem'), leaf.certPem + root.certPem);
    const results = await judge('absurd.pem');
    expect(verdictOf(results, 'CP-CHAIN-01').verdict).toBe('pass');
    expect(verdictOf(results, 'CP-CHAIN-06').verdict).toBe('fail');
    expect(verdictOf(results, 'CP-CHAIN-06').reason).toMatch(/is not valid before 9999-12-31/);
    expect(results.every((r) => !/inside the harness/.test(r.reason))).toBe(true);
  });

  test('a 10 MB file is a configuration error: exit 2 naming the file and the field, nothing run', async () => {
    await writeFile(path.join(dir, 'huge.pem'), Buffer.alloc(10 * 1024 * 1024, 'A'));
    const r = await attesta([
      'run',
      '--target',
      await profileFor('huge.pem'),
      '--out',
      path.join(dir, 'out'),
    ]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/huge\.pem is 10\.0 MiB, more than the 4\.0 MiB Attesta reads/);
    expect(r.stderr).toMatch(/\/connectpay\/certificates\/chain/);
  });
});

test('a truncated PEM is a FAIL of CP-CHAIN-01 naming the missing END line', async () => {
  await writeFile(
    path.join(dir, 'truncated.pem'),
    (await readFile(path.join(dir, 'leaf.pem'))).subarray(0, 300),
  );
  const r = verdictOf(await judge('truncated.pem'), 'CP-CHAIN-01');
  expect(r.verdict).toBe('fail');
  expect(r.reason).toMatch(/a BEGIN line has no END line \(a truncated file\?\)/);
});
