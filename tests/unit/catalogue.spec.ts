import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { loadCatalogue } from '../../src/suites/index.js';
import { defineSuite } from '../../src/capabilities/index.js';
import { REPO, SHARED_DATA } from '../support/paths.js';

interface CatalogueRequirement {
  id: string;
  level: string;
  subject: string;
  statement: string;
}

test('every suite matches the shared requirement catalogue: same ids, levels, subjects and source', async () => {
  const shared = parse(await readFile(path.join(SHARED_DATA, '..', 'requirements.yaml'), 'utf8')) as Record<
    string,
    { source: string; requirements: CatalogueRequirement[] }
  >;
  const { definitions } = await loadCatalogue();
  expect(definitions.length).toBeGreaterThan(0);
  for (const suite of definitions) {
    const expected = shared[suite.id];
    expect(expected, `${suite.id} is not a catalogue suite`).toBeDefined();
    expect(suite.source).toBe(expected!.source);
    const ours = suite.requirements.map((r) => ({ id: r.id, level: r.level, subject: r.subject }));
    const theirs = expected!.requirements.map((r) => ({ id: r.id, level: r.level, subject: r.subject }));
    expect(ours.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      theirs.sort((a, b) => a.id.localeCompare(b.id)),
    );
  }
});

const made: string[] = [];
test.afterAll(async () => {
  const { rm } = await import('node:fs/promises');
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A folder holding one suite file: the shipped one named `from`, changed by `edit`. */
async function suiteDir(from: string, edit: (text: string) => string): Promise<string> {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(path.join(tmpdir(), 'attesta-suites-'));
  made.push(dir);
  const text = await readFile(path.join(REPO, 'suites', from), 'utf8');
  await writeFile(path.join(dir, from), edit(text));
  return dir;
}

test('a suite file that breaks suites/suite.schema.json is refused, naming the file and the field', async () => {
  const dir = await suiteDir('pagopa-connectivity.yaml', (t) => t.replace('level: MUST', 'level: MAYBE'));
  await expect(loadCatalogue(dir)).rejects.toThrow(/pagopa-connectivity\.yaml \/requirements\/0\/level: /);
  const extra = await suiteDir('pdnd-vouchers.yaml', (t) => t.replace('profile: ', 'owner: x\nprofile: '));
  await expect(loadCatalogue(extra)).rejects.toThrow(/pdnd-vouchers\.yaml \/owner: is not a known field/);
});

test('a suite file naming a check kind its suite does not implement is refused', async () => {
  const dir = await suiteDir('pdnd-interop-v3.yaml', (t) =>
    t.replace('check: response-digest-form', 'check: response-rule'),
  );
  await expect(loadCatalogue(dir)).rejects.toThrow(
    'suite pdnd-interop-v3 names check kinds it does not implement: response-rule',
  );
});

test("a `with:` that its kind's parameter schema does not admit is refused", async () => {
  const dir = await suiteDir('pagopa-connectivity.yaml', (t) =>
    t.replace('refuse: [SSLv3,', 'refuse: [TLSv1.4,'),
  );
  await expect(loadCatalogue(dir)).rejects.toThrow(
    'suite pagopa-connectivity, PAGOPA-TLS-01: with/refuse/0: must be equal to one of the allowed values',
  );
});

test('a misspelt negative or refusal parameter in suites/pdnd-vouchers.yaml is refused at load, not mid-run', async () => {
  const typo = await suiteDir('pdnd-vouchers.yaml', (t) =>
    t.replace('forged-jku-header,', 'forged-jku-headr,'),
  );
  await expect(loadCatalogue(typo)).rejects.toThrow(
    /^suite pdnd-vouchers, PDND-PRODUCER-01: with\/mutations\/\d+: must be equal to one of the allowed values$/,
  );
  const audit = await suiteDir('pdnd-vouchers.yaml', (t) => t.replace('missing-audit,', 'no-audit,'));
  await expect(loadCatalogue(audit)).rejects.toThrow(/PDND-AUDIT-01: with\/mutations\/1: /);
  const requires = await suiteDir('pdnd-vouchers.yaml', (t) =>
    t.replace('requires: audit', 'requires: audti'),
  );
  await expect(loadCatalogue(requires)).rejects.toThrow(/PDND-AUDIT-01: with\/requires: /);
  const member = await suiteDir('pdnd-vouchers.yaml', (t) => t.replace('refuseErrors:', 'refuseError:'));
  await expect(loadCatalogue(member)).rejects.toThrow(
    /PDND-VOUCHER-02: with\/refuseError: is not a known field/,
  );
});

test('capability kinds come from adapters and declare their own reachability gate', async () => {
  const { modules } = await loadCatalogue();
  const pagopa = modules['pagopa-connectivity']!.kinds;
  for (const kind of ['tls-protocol-versions', 'mtls-required', 'server-name', 'certificate-validity'])
    expect(pagopa[kind]?.gate, kind).toBeDefined();
  // These judge the site itself, so they run when it cannot be reached.
  for (const kind of ['reachability', 'url-form']) expect(pagopa[kind]?.gate, kind).toBeUndefined();
  // A suite that only adapts its target (Thales' "as PAGOPA-TLS-01 / MTLS-01") answers to every TLS kind.
  const adaptedOnly = defineSuite<unknown, unknown>({
    id: 'tls-only',
    resolve: async () => ({}),
    sites: () => [],
    adapters: { tlsEndpoint: () => ({ outcome: { finding: 'not-applicable', reason: '', evidence: [] } }) },
  });
  expect(Object.keys(adaptedOnly.kinds).sort()).toEqual(
    [
      'certificate-validity',
      'client-ca-names',
      'mtls-required',
      'mtls-untrusted-client',
      'reachability',
      'server-chain-trust',
      'server-name',
      'tls-protocol-versions',
    ].sort(),
  );
  expect(() =>
    defineSuite<unknown, unknown>({
      id: 'twice',
      resolve: async () => ({}),
      sites: () => [],
      adapters: { tlsEndpoint: () => ({ outcome: { finding: 'pass', reason: '', evidence: [] } }) },
      kinds: { 'mtls-required': { check: async () => ({ finding: 'pass', reason: '', evidence: [] }) } },
    }),
  ).toThrow('suite twice: check kind "mtls-required" is defined twice');
});

test('a MANUAL requirement names no check kind; any other level must name one', async () => {
  const urlRule = /(id: PAGOPA-URL-01\n {4}level: )MUST(\n(?:.*\n)*?) {4}check: url-form\n/;
  const manual = await suiteDir('pagopa-connectivity.yaml', (t) => t.replace(urlRule, '$1MANUAL$2'));
  const { definitions } = await loadCatalogue(manual);
  const url = definitions[0]!.requirements.find((r) => r.id === 'PAGOPA-URL-01')!;
  expect(url.level).toBe('MANUAL');
  expect(url.check).toBeUndefined();
  const manualWithCheck = await suiteDir('pagopa-connectivity.yaml', (t) =>
    t.replace(urlRule, '$1MANUAL$2    check: url-form\n'),
  );
  await expect(loadCatalogue(manualWithCheck)).rejects.toThrow(/PAGOPA-URL-01 is MANUAL, so no check kind/);
  const mustWithout = await suiteDir('pagopa-connectivity.yaml', (t) => t.replace(urlRule, '$1MUST$2'));
  await expect(loadCatalogue(mustWithout)).rejects.toThrow(
    /pagopa-connectivity\.yaml \/requirements\/7\/check: is required/,
  );
});
