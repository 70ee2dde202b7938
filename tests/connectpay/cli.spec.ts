import { test, expect } from '@playwright/test';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { attesta } from '../support/cli.js';
import { SHARED_DATA } from '../support/paths.js';

test('`attesta list --json` lists the 13 ConnectPay ids', async () => {
  const r = await attesta(['list', '--json']);
  expect(r.code).toBe(0);
  const { suites } = JSON.parse(r.stdout) as { suites: { id: string; requirements: { id: string }[] }[] };
  const ids = suites.find((s) => s.id === 'connectpay-security')!.requirements.map((x) => x.id);
  expect(ids).toHaveLength(13);
  expect(ids.every((id) => id.startsWith('CP-'))).toBe(true);
});

test('one chain file checked with a two-line profile: no network, the live ids not applicable, exit 3 for the unchecked revocation', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'attesta-one-chain-'));
  try {
    const chain = path.join(SHARED_DATA, 'pagopa-forwarder-certs', 'forwarder.platform.pagopa.it.pem');
    const profile = path.join(dir, 'chain.yaml');
    await writeFile(
      profile,
      stringify({ name: 'one-chain', connectpay: { certificates: { chain, checkRevocation: false } } }),
    );
    const started = Date.now();
    const r = await attesta(['run', '--target', profile, '--out', path.join(dir, 'out')]);
    const seconds = (Date.now() - started) / 1000;
    // CP-CHAIN-07 is a MUST left inconclusive (OCSP off): compliance not established.
    expect(r.code, r.stderr).toBe(3);
    const report = JSON.parse(await readFile(path.join(dir, 'out', 'compliance-report.json'), 'utf8'));
    expect(report.run.traffic ?? []).toEqual([]);
    const material = (report.results as { site: string; durationMs: number }[]).filter(
      (x) => x.site === 'material',
    );
    const checking = material.reduce((ms, x) => ms + x.durationMs, 0);
    console.log(`one chain file, CLI end to end: ${seconds.toFixed(1)} s, of which checking ${checking} ms`);
    expect(checking).toBeLessThan(1_000);
    const live = (report.results as { id: string; verdict: string; reason: string }[]).filter((x) =>
      ['CP-MTLS-01', 'CP-HOST-01', 'CP-BASIC-01'].includes(x.id),
    );
    expect(live.map((x) => x.verdict)).toEqual(['not-applicable', 'not-applicable', 'not-applicable']);
    expect(live.every((x) => /The profile names no host/.test(x.reason))).toBe(true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
