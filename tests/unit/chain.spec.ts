import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { buildPath, publicRootStore } from '../../src/x509/chain.js';
import { parseCertificates } from '../../src/x509/pem.js';
import { issueCertificate, issuerOf } from '../../src/x509/issue.js';
import { untrustedTwin } from '../../src/checks/tls/client-auth.js';
import { judgeChainTrust, judgeServerName, judgeValidity } from '../../src/checks/x509/server-certificate.js';
import { dnsNames } from '../../src/x509/names.js';
import { SHARED_DATA } from '../support/paths.js';

const SHARED = path.join(SHARED_DATA, 'pagopa-forwarder-certs');
const chainOf = async (name: string) => parseCertificates(await readFile(path.join(SHARED, name), 'utf8'));
const served = (certificates: X509Certificate[]) => ({ certificates, source: 'wire' as const, note: 'test' });

test("pagoPA's production forwarder chain validates to Node's public root store", async () => {
  const chain = await chainOf('forwarder.platform.pagopa.it.pem');
  const result = buildPath(chain, publicRootStore());
  expect(result.problem).toBeUndefined();
  expect(result.anchor).toBeDefined();
  expect(judgeChainTrust(served(chain), []).finding).toBe('pass');
});

test("pagoPA's dev forwarder chain is private, and broken: its intermediate is not a CA certificate", async () => {
  const chain = await chainOf('forwarder.dev.platform.pagopa.it.pem');
  expect(judgeChainTrust(served(chain), []).finding).toBe('fail');
  // Declaring its root does not make it valid: the "Intermediate CA" lacks basicConstraints cA=true.
  const declared = judgeChainTrust(served(chain), [chain.at(-1)!]);
  expect(declared.finding).toBe('fail');
  expect(declared.reason).toMatch(/CN=Intermediate CA.*is not a CA certificate/);
});

test('a chain that validates only to a declared private CA is a WARN, never a PASS', async () => {
  const root = await issueCertificate({ subject: 'CN=Private Root', ca: true });
  const leaf = await issueCertificate({
    subject: 'CN=ec.example.it',
    issuer: root,
    dnsNames: ['ec.example.it'],
  });
  const chain = [new X509Certificate(leaf.certPem)];
  expect(judgeChainTrust(served(chain), []).finding).toBe('fail');
  expect(judgeChainTrust(served(chain), [new X509Certificate(root.certPem)]).finding).toBe('warn');
});

test("pagoPA's UAT chain expired on 2026-10-17: the validity check fails after, passes before", async () => {
  const chain = await chainOf('forwarder.uat.platform.pagopa.it.pem');
  const after = judgeValidity(chain, 30, new Date('2026-11-23T00:00:00Z'));
  expect(after.finding).toBe('fail');
  expect(after.reason).toMatch(/expired on 2026-10-17/);
  expect(judgeValidity(chain, 30, new Date('2026-06-01T00:00:00Z')).finding).toBe('pass');
  expect(judgeValidity(chain, 30, new Date('2026-10-01T00:00:00Z')).finding).toBe('warn');
});

test('a leaf served without its intermediate does not validate, even to its own root', async () => {
  const root = await issueCertificate({ subject: 'CN=Root', ca: true });
  const ca = await issueCertificate({ subject: 'CN=Intermediate', ca: true, issuer: root });
  const leaf = await issueCertificate({
    subject: 'CN=ec.example.it',
    issuer: ca,
    dnsNames: ['ec.example.it'],
  });
  const rootX = new X509Certificate(root.certPem);
  const full = [new X509Certificate(leaf.certPem), new X509Certificate(ca.certPem)];
  expect(buildPath(full, [rootX]).anchor?.subject).toBe('CN=Root');
  expect(buildPath(full.slice(0, 1), [rootX]).problem).toMatch(/incomplete/);
});

test('no CN fallback: a certificate whose CN is the FQDN but has no SAN fails the name check', async () => {
  const leaf = new X509Certificate((await issueCertificate({ subject: 'CN=ec.example.it' })).certPem);
  expect(dnsNames(leaf)).toEqual([]);
  const r = judgeServerName(served([leaf]), 'ec.example.it');
  expect(r.finding).toBe('fail');
  expect(r.reason).toMatch(/no subjectAltName/);
  const good = new X509Certificate(
    (await issueCertificate({ subject: 'CN=*.example.it', dnsNames: ['*.example.it'] })).certPem,
  );
  expect(judgeServerName(served([good]), 'ec.example.it').finding).toBe('pass');
});

test("the untrusted twin of a client certificate copies its issuer's DN and key id; only the signature differs", async () => {
  const ca = await issueCertificate({ subject: 'CN=Real Client CA, O=Ente, C=IT', ca: true });
  const leaf = await issueCertificate({
    subject: 'CN=client.ente.test, O=Ente',
    issuer: ca,
    usage: 'client',
  });
  const twin = await untrustedTwin({ cert: leaf.certPem + ca.certPem, key: leaf.keyPem });
  const [twinLeaf, twinCa] = parseCertificates(twin.cert);
  const real = new X509Certificate(leaf.certPem);
  expect(twinLeaf!.subject).toBe(real.subject);
  expect(issuerOf(twinLeaf!).name.toString()).toBe(issuerOf(real).name.toString());
  expect(twinCa!.subject).toBe(new X509Certificate(ca.certPem).subject);
  // The twin CA's subject key id is the real authority key id, and the twin leaf names it.
  expect(issuerOf(twinLeaf!).keyId).toBe(issuerOf(real).keyId);
  expect(twinLeaf!.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
  expect(twinLeaf!.verify(new X509Certificate(ca.certPem).publicKey)).toBe(false);
});
