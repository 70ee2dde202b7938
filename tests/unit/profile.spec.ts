import { test, expect } from '@playwright/test';
import path from 'node:path';
import { ConfigError } from '../../src/core/errors.js';
import { loadProfile } from '../../src/profile/load.js';
import { REPO } from '../support/paths.js';

test('the shipped example profiles validate against the profile schema', async () => {
  const { readdir } = await import('node:fs/promises');
  const examples = (await readdir(path.join(REPO, 'config'))).filter((f) => f.endsWith('.example.yaml'));
  expect(examples).toContain('pagopa.example.yaml');
  for (const f of examples) {
    const profile = await loadProfile(path.join(REPO, 'config', f));
    expect(profile.name).toBeTruthy();
  }
});

test('the types of profile blocks and suite files are generated from the current schemas (npm run schema-types)', async () => {
  const { readFile } = await import('node:fs/promises');
  // @ts-expect-error: a plain ES module of the build scripts, without type declarations.
  const { schemaTypes, GENERATED } = (await import('../../scripts/schema-types.mjs')) as {
    schemaTypes(g: { schema: string; module: string }): Promise<string>;
    GENERATED: { schema: string; module: string; name: string }[];
  };
  for (const g of GENERATED)
    expect(await readFile(g.module, 'utf8'), `${g.name} is stale`).toBe(await schemaTypes(g));
});

test.describe('validating a profile takes time linear in its size', () => {
  /** A profile of `n` unknown top-level keys (100,000 of them are just under the 1 MiB limit). */
  async function unknownKeys(n: number): Promise<string> {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'attesta-keys-')), 'acme.yaml');
    const lines = ['name: acme'];
    for (let i = 0; i < n; i++) lines.push(`k${i}: 1`);
    await writeFile(file, lines.join('\n'));
    return file;
  }

  test('a profile of 100,000 unknown keys is refused in seconds, listing the first 20 and counting the rest', async () => {
    await loadProfile(path.join(REPO, 'config', 'pagopa.example.yaml')); // the schema compiled once
    const file = await unknownKeys(100_000);
    const started = Date.now();
    const error = await loadProfile(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    // About 1 s of CPU; the quadratic duplicate-key check of the yaml library took over a minute.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(ConfigError);
    // Each listed with its line and column (key k<i> is on line i + 2), in the order of the file.
    const listed = Array.from({ length: 20 }, (_, i) => `${file}:${i + 2}:1 /k${i}: is not a known field`);
    expect(String(error)).toBe(`${listed.join('\n  ')}\n  (and 99980 more problems)`);
  });

  test('a key written twice in one mapping is still refused, naming it and its line', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'attesta-dup-')), 'acme.yaml');
    await writeFile(
      file,
      'name: acme\npagopa:\n  platform:\n    url: https://a.example\n    url: https://b.example\n',
    );
    await expect(loadProfile(file)).rejects.toThrow(ConfigError);
    await expect(loadProfile(file).catch((e: unknown) => String(e))).resolves.toBe(
      `${file}:5:5 /pagopa/platform/url: is not valid YAML: is written twice in the same mapping (line 5)`,
    );
  });
});
