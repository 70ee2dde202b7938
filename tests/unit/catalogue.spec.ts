import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { loadCatalogue } from '../../src/suites/index.js';
import { SHARED_DATA } from '../support/paths.js';

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
