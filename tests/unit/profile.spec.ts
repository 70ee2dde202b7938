import { test, expect } from '@playwright/test';
import path from 'node:path';
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
