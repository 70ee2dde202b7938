import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, expect, test, type Browser } from '@playwright/test';
import { HOSTILE, writeFixture } from './fixture.js';

interface DomFacts {
  scripts: number;
  handlers: string[];
  text: string;
  title: string;
  articles: number;
  links: (string | null)[];
}

/** Debian's chromium: the project installs no browser build of its own. */
const CHROMIUM = '/usr/bin/chromium';

test.describe('the HTML report in a real browser', () => {
  let browser: Browser;
  let outDir: string;

  test.beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      if (process.env['CI'])
        throw new Error(`${CHROMIUM} is missing: install the Debian package "chromium" (.ci/run does).`);
      test.skip(true, `${CHROMIUM} is not installed (apt-get install -y chromium); CI requires it.`);
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    outDir = await writeFixture();
  });

  test.afterAll(async () => {
    await browser?.close();
  });

  test('opens offline: the file itself is the only request, and hostile evidence stays text', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => errors.push(m.text()));
    const url = pathToFileURL(path.join(outDir, 'compliance-report.html')).href;
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(300); // anything lazy (images, fonts, prefetch) would start by now
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);

    // In-page code as text: the project's tsconfig has no DOM types.
    // Evidence is folded on screen: unfold it, so the text read is what a reader sees opened.
    await page.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = true; })`);
    const dom = await page.evaluate<DomFacts>(`({
      scripts: document.querySelectorAll('script, img, iframe, object, embed, link, base').length,
      handlers: [...document.querySelectorAll('*')].flatMap((el) => el.getAttributeNames().filter((a) => a.startsWith('on'))),
      text: document.body.innerText,
      title: document.title,
      articles: document.querySelectorAll('article.result').length,
      links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
    })`);
    expect(dom.scripts).toBe(0);
    expect(dom.handlers).toEqual([]);
    for (const hostile of [HOSTILE.script, HOSTILE.attribute, HOSTILE.style])
      expect(dom.text).toContain(hostile);
    expect(dom.title).toContain('acme-staging');
    expect(dom.articles).toBe(8);
    for (const href of dom.links) expect(href).toMatch(/^#r-\d+$/);

    await page.screenshot({ path: '/tmp/attesta-report.png', fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: '/tmp/attesta-report-print.png', fullPage: true });
    await page.close();
  });

  test('control: the request recorder does see what a page fetches', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.setContent(
      '<img src="http://127.0.0.1:9/probe.png"><div style="background:url(http://127.0.0.1:9/bg.png)">x</div>',
    );
    await page.waitForTimeout(300);
    expect(requests).toEqual(
      expect.arrayContaining(['http://127.0.0.1:9/probe.png', 'http://127.0.0.1:9/bg.png']),
    );
    await page.close();
  });

  test('junit.xml parses with the browser XML parser', async () => {
    const page = await browser.newPage();
    const xml = await readFile(path.join(outDir, 'junit.xml'), 'utf8');
    const parsed = await page.evaluate<{ error: string | null; cases: number }>(`(() => {
      const doc = new DOMParser().parseFromString(${JSON.stringify(xml)}, 'application/xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, cases: doc.querySelectorAll('testcase').length };
    })()`);
    expect(parsed).toEqual({ error: null, cases: 8 });
    await page.close();
  });
});
