import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '../support/fixtures.js';

const run = promisify(execFile);

/** Debian's chromium and poppler-utils (scripts/install-test-deps.sh installs both). */
const CHROMIUM = '/usr/bin/chromium';
const PDFINFO = '/usr/bin/pdfinfo';
const PDFTOTEXT = '/usr/bin/pdftotext';

/** Pages of a PDF: pdfinfo's count. */
async function pageCount(pdf: string): Promise<number> {
  const { stdout } = await run(PDFINFO, [pdf], { timeout: 20_000 });
  return Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]);
}

test('the passing reference report prints in a handful of pages, the first one carrying the sign-off block', async ({
  reference,
}, testInfo) => {
  for (const tool of [CHROMIUM, PDFINFO, PDFTOTEXT])
    if (!existsSync(tool)) {
      if (process.env['CI']) throw new Error(`${tool} is missing: run scripts/install-test-deps.sh.`);
      test.skip(true, `${tool} is not installed (scripts/install-test-deps.sh); CI requires it.`);
    }
  test.setTimeout(120_000);
  // Every suite, no fault: the report an auditor is given when all is well (about 70 results).
  const { outDir, report } = await reference.run();
  expect(report.run.exitCode).toBe(0);
  expect(report.results.length).toBeGreaterThan(50);
  expect(report.run.suites.length).toBe(5);

  const pdf = testInfo.outputPath('compliance-report.pdf');
  const html = pathToFileURL(path.join(outDir, 'compliance-report.html')).href;
  await run(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--no-pdf-header-footer',
      `--print-to-pdf=${pdf}`,
      html,
    ],
    { timeout: 60_000 },
  );
  expect((await readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-');
  const pages = await pageCount(pdf);
  testInfo.annotations.push({ type: 'printed pages', description: String(pages) });
  expect(pages).toBeGreaterThanOrEqual(2);
  expect(pages).toBeLessThanOrEqual(8);

  const first = (await run(PDFTOTEXT, ['-f', '1', '-l', '1', '-layout', pdf, '-'], { timeout: 20_000 }))
    .stdout;
  for (const text of [
    'Attesta compliance report',
    'Result: compliant',
    'Scope',
    'Results to act on',
    'Provenance',
    'Integrity',
    'manifest.json',
    'Sign-off',
    'Reviewed by (auditor)',
    'Signature',
  ])
    expect(first, text).toContain(text);
  // The WARN and MANUAL results are stated on it, the requirements begin on the next page.
  expect(first).toContain('PAGOPA-CERT-01');
  expect(first).toContain('TH-DNS-01');
  expect(first).not.toContain('Requirements and results for target');
});
