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

test('the profile block types are generated from the current JSON Schemas (node scripts/profile-types.mjs)', async () => {
  const { readFile } = await import('node:fs/promises');
  // @ts-expect-error: a plain ES module of the build scripts, without type declarations.
  const { profileTypes, GENERATED } = (await import('../../scripts/profile-types.mjs')) as {
    profileTypes(): Promise<string>;
    GENERATED: string;
  };
  expect(await readFile(GENERATED, 'utf8'), 'src/profile/blocks.generated.ts is stale').toBe(
    await profileTypes(),
  );
});
