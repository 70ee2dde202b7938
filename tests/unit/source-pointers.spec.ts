import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { loadCatalogue } from '../../src/suites/index.js';
import { sectionPointers, sourceFiles } from '../../src/report/source-pointer.js';
import { SHARED_DATA } from '../support/paths.js';

/** The shared catalogue (`../shared` beside the repository): source pointers are relative to it. */
const SHARED = path.join(SHARED_DATA, '..');

/** A title as written, without numbering ("4.1", "41.", "1.3."), markup, dashes' variants or case. */
function normal(title: string): string {
  return title
    .replace(/^[#>*\s]+/, '')
    .replace(/^\d+(\.\d+)*\.?\s*/, '')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[:\s]+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** The headings of a file: its lines for a document, its keys for an OpenAPI file. */
async function headings(file: string): Promise<string[]> {
  const lines = (await readFile(path.join(SHARED, file), 'utf8')).split('\n');
  if (/\.ya?ml$/.test(file))
    return lines.flatMap((l) => /^\s*"?([^"#:\s][^":]*)"?:/.exec(l)?.[1] ?? []).map(normal);
  return lines.map(normal).filter(Boolean);
}

/** A heading names a title line whole, or its leading part before " (" or " - " (a subtitle). */
function isHeadingOf(heading: string, titles: readonly string[]): boolean {
  const wanted = normal(heading);
  return titles.some((t) => t === wanted || t.startsWith(`${wanted} (`) || t.startsWith(`${wanted} - `));
}

test('every suite source names files of the shared catalogue, one per pointer', async () => {
  const { definitions } = await loadCatalogue();
  for (const suite of definitions) {
    const files = sourceFiles(suite.source);
    expect(files.length, suite.id).toBeGreaterThan(0);
    for (const file of files) expect(existsSync(path.join(SHARED, file)), `${suite.id}: ${file}`).toBe(true);
  }
  const v3 = definitions.find((d) => d.id === 'pdnd-interop-v3')!;
  expect(sourceFiles(v3.source)).toEqual([
    'specs/pdnd-api-core-v2-v3.md',
    'data/pdnd-openapi/m2mGatewayApiV3.yml',
  ]);
});

test("every requirement's section is a heading of the file its pointer names", async () => {
  const { definitions } = await loadCatalogue();
  const cache = new Map<string, Promise<string[]>>();
  const titles = (file: string) => cache.get(file) ?? cache.set(file, headings(file)).get(file)!;
  let checked = 0;
  for (const suite of definitions)
    for (const q of suite.requirements) {
      expect(q.section, `${q.id} names no section`).toBeTruthy();
      for (const p of sectionPointers(suite.source, q.section)) {
        expect(existsSync(path.join(SHARED, p.file)), `${q.id}: ${p.file}`).toBe(true);
        expect(
          isHeadingOf(p.heading ?? '', await titles(p.file)),
          `${q.id}: "${p.heading}" in ${p.file}`,
        ).toBe(true);
        checked++;
      }
    }
  expect(checked).toBeGreaterThan(60);
});

test('a section that is not a heading, or a file that is not there, does not resolve (control)', async () => {
  const [wrong] = sectionPointers('specs/pagopa-connectivity.md', 'Connection to pagoPA by carrier pigeon');
  expect(isHeadingOf(wrong!.heading!, await headings(wrong!.file))).toBe(false);
  const [file] = sectionPointers('specs/x.md', 'specs/nowhere.md Intro, point 1');
  expect(file).toEqual({ file: 'specs/nowhere.md', heading: 'Intro', detail: 'point 1' });
  expect(existsSync(path.join(SHARED, file!.file))).toBe(false);
});
