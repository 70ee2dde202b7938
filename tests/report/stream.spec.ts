/**
 * A run of any number of targets holds no results in memory: each goes to the spill as it is
 * decided (ReportAssembly), the reporters read them back file by file, and a re-used report
 * folder is cleared of what an earlier run wrote.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResultRecord } from '../../src/core/suite.js';
import { loadReport } from '../../src/report/in-memory.js';
import { clearPreviousReport } from '../../src/report/write.js';
import { test, expect } from '../support/fixtures.js';
import { buildReport, SECRETS, testAssembly } from './fixture.js';

const lines = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as ResultRecord);

test('each result is on disk, redacted, when add returns; the assembly keeps its head only', async () => {
  const assembly = testAssembly();
  const { results } = buildReport();
  let size = 0;
  for (const [i, result] of results.entries()) {
    const safe = assembly.add({ ...result, reason: `${result.reason} ${SECRETS[0]}` });
    const grown = (await stat(assembly.spillFile)).size;
    expect(grown, `result ${i} written at once`).toBeGreaterThan(size);
    size = grown;
    const text = await readFile(assembly.spillFile, 'utf8');
    expect(lines(text)).toHaveLength(i + 1);
    expect(lines(text)[i]).toEqual(safe);
    expect(safe.reason).toMatch(/ \[redacted\]$/);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  }
  // What stays in memory: names, verdict and duration - no evidence, and a reason only where the
  // end of a quiet run prints it.
  const kept = ['durationMs', 'id', 'level', 'ref', 'site', 'suite', 'target', 'verdict'];
  for (const head of assembly.results) {
    const undecided = head.verdict === 'fail' || head.verdict === 'inconclusive';
    expect(Object.keys(head).sort()).toEqual([...kept, ...(undecided ? ['reason'] : [])].sort());
  }
  expect(assembly.results.filter((h) => h.reason)).toHaveLength(2);
  const report = assembly.finish(buildReport());
  expect(loadReport(report).results.map((r) => r.reason)).toEqual(
    lines(await readFile(assembly.spillFile, 'utf8')).map((r) => r.reason),
  );
  assembly.dispose();
  await expect(stat(assembly.spillFile)).rejects.toThrow(/ENOENT/);
});

test('clearing a report folder removes what Attesta wrote there and nothing of the user', async () => {
  const outDir = test.info().outputPath('out');
  const mine = ['notes.txt', 'allure-results-2025/x-result.json', 'reports/compliance-report.json'];
  const ours = [
    'compliance-report.json',
    'compliance-report.html',
    'junit.xml',
    'allure-results/old-result.json',
    'allure-results/old-attachment.json',
    'manifest.json',
    'manifest.jws',
    '.attesta-spill-abc123/results.jsonl',
  ];
  for (const file of [...mine, ...ours]) {
    await mkdir(path.dirname(path.join(outDir, file)), { recursive: true });
    await writeFile(path.join(outDir, file), 'x');
  }
  clearPreviousReport(outDir);
  const left = (await readdir(outDir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(outDir, path.join(e.parentPath, e.name)))
    .sort();
  expect(left).toEqual([...mine].sort());
});

test.describe('a re-used --out folder', () => {
  test.use({ suites: ['pagopa-connectivity'] });

  test('holds the last run only: its Allure results, its reports, and the files the user put there', async ({
    reference,
  }, testInfo) => {
    const outDir = testInfo.outputPath('reused');
    await mkdir(outDir, { recursive: true });
    await writeFile(path.join(outDir, 'notes.txt'), 'the user keeps this');
    await reference.run({ outDir });
    const { report } = await reference.run({ outDir });
    const allure = await readdir(path.join(outDir, 'allure-results'));
    expect(allure.filter((f) => f.endsWith('-result.json'))).toHaveLength(report.results.length);
    expect(allure.filter((f) => f.endsWith('-attachment.json'))).toHaveLength(report.results.length);
    expect((await readdir(outDir)).sort()).toEqual(
      [
        'allure-results',
        'compliance-report.html',
        'compliance-report.json',
        'junit.xml',
        'manifest.json',
        'notes.txt',
      ].sort(),
    );
    expect(await readFile(path.join(outDir, 'notes.txt'), 'utf8')).toBe('the user keeps this');
  });
});
