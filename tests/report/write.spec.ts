import { expect, test } from '@playwright/test';
import { escapeMarkup } from '../../src/report/escape.js';
import type { RunReport } from '../../src/report/model.js';
import { inMemoryReport } from '../../src/report/in-memory.js';
import { renderReport } from '../../src/report/reporter.js';
import { REPORTERS } from '../../src/report/write.js';
import { buildReport, HOSTILE, readTree, SECRETS, writeFixture } from './fixture.js';
import { all, parseXml } from './xml.js';

/** The control characters planted in the fixture's evidence; neither HTML nor XML may carry them. */
const CONTROLS = ['\u0000', '\u0007', '\u001b'];

test.describe('report writers', () => {
  let files: Map<string, string>;
  test.beforeAll(async () => {
    files = await readTree(await writeFixture());
  });

  const file = (name: string) => {
    const text = files.get(name);
    if (text === undefined)
      throw new Error(`${name} was not written; files: ${[...files.keys()].join(', ')}`);
    return text;
  };

  test('writes every format beside the JSON report', () => {
    const report = buildReport();
    for (const name of [
      'compliance-report.json',
      'compliance-report.html',
      'junit.xml',
      'allure-results/environment.properties',
    ]) {
      expect(files.has(name), name).toBe(true);
    }
    const results = [...files.keys()].filter(
      (f) => f.startsWith('allure-results/') && f.endsWith('-result.json'),
    );
    expect(results).toHaveLength(report.results.length);
    const json = JSON.parse(file('compliance-report.json')) as {
      results: unknown[];
      summary: Record<string, number>;
    };
    expect(json.results).toHaveLength(report.results.length);
    expect(json.summary).toEqual(report.summary);
  });

  test('compliance-report.json alone renders every file that was written', () => {
    const fromJson = renderReport(
      inMemoryReport(JSON.parse(file('compliance-report.json')) as RunReport),
      REPORTERS,
    );
    // Allure names each result and attachment by a fresh random UUID: the one difference allowed.
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
    const same = (entries: [string, string][]) =>
      entries.map(([name, text]) => `${name}\n${text}`.replace(uuid, 'UUID')).sort();
    expect(fromJson.length).toBe(files.size);
    expect(same(fromJson.map((f) => [f.path, f.content]))).toEqual(same([...files]));
  });

  test('no planted secret appears in any file, raw or escaped', () => {
    const forms = SECRETS.flatMap((s) => [s, escapeMarkup(s), JSON.stringify(s).slice(1, -1)]);
    for (const [name, text] of files) {
      for (const form of forms) expect(text.includes(form), `${form} in ${name}`).toBe(false);
    }
    // The places the secrets were planted still say something was there.
    expect(file('compliance-report.html')).toContain('[redacted]');
    expect(file('junit.xml')).toContain('[redacted]');
  });

  test('the HTML escapes hostile evidence and carries no script or external reference', () => {
    const html = file('compliance-report.html');
    for (const hostile of [HOSTILE.script, HOSTILE.attribute, HOSTILE.style]) {
      expect(html).not.toContain(hostile);
    }
    expect(html).toContain(escapeMarkup(HOSTILE.script));
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    // Text never holds a raw "<", so every "<" opens a tag the writer made: check each one.
    const tags = new Set([
      'html',
      'head',
      'meta',
      'title',
      'style',
      'body',
      'header',
      'main',
      'footer',
      'section',
      'article',
      'details',
      'summary',
    ]);
    for (const t of [
      'h1',
      'h2',
      'h3',
      'h4',
      'p',
      'strong',
      'span',
      'a',
      'dl',
      'dt',
      'dd',
      'ul',
      'ol',
      'li',
      'div',
      'pre',
    ])
      tags.add(t);
    for (const t of ['table', 'thead', 'tbody', 'tr', 'th', 'td']) tags.add(t);
    const attributes = new Set([
      'lang',
      'charset',
      'http-equiv',
      'name',
      'content',
      'class',
      'id',
      'href',
      'scope',
      'colspan',
    ]);
    for (const [, name, attrText] of html.matchAll(/<(?!!doctype)\/?([a-z0-9]+)([^>]*)>/gi)) {
      expect(tags.has(name!), `<${name}>`).toBe(true);
      for (const [, attr, value] of attrText!.matchAll(/([\w-]+)="([^"]*)"/g)) {
        expect(attributes.has(attr!), `${attr} on <${name}>`).toBe(true);
        if (attr === 'href') expect(value).toMatch(/^#r-\d+$/);
      }
      expect(attrText!.replace(/([\w-]+)="([^"]*)"/g, '').trim(), `stray attribute text in <${name}>`).toBe(
        '',
      );
    }
    const style = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
    expect(style).not.toMatch(/url\(|@import|@font-face/i);
    expect(html).toContain("default-src 'none'");
    expect(CONTROLS.filter((c) => html.includes(c))).toEqual([]);
  });

  test('the HTML shows the run, the summary and each result with its source', () => {
    const html = file('compliance-report.html');
    expect(html).toContain('attesta 0.1.0');
    expect(html).toContain('NOT compliant');
    expect(html).toContain('exit status 1');
    expect(html).toContain('2026-11-23 13:43:01 UTC');
    expect(html).toContain(
      'specs/pagopa-connectivity.md, section &quot;Connection to pagoPA via the internet&quot;',
    );
    expect(html).toContain('specs/pdnd-voucher-types.md, section &quot;DPoP&quot;');
    for (const label of ['PASS', 'FAIL', 'WARN', 'INCONCLUSIVE', 'NOT APPLICABLE', 'MANUAL']) {
      expect(html).toContain(`>${label}</span>`);
    }
    expect(html.match(/<article /g)).toHaveLength(buildReport().results.length);
    // Every summary link points at a result that exists.
    for (const [, id] of html.matchAll(/href="#([^"]+)"/g)) expect(html).toContain(`id="${id}"`);
  });

  test('an interrupted run says so', async () => {
    const report = buildReport();
    report.run.complete = false;
    report.run.exitCode = 3;
    const html = (await readTree(await writeFixture(report))).get('compliance-report.html')!;
    expect(html).toContain('INTERRUPTED');
    expect(html).toContain('compliance could not be established');
  });

  test('junit.xml is well-formed and maps each verdict', () => {
    const root = parseXml(file('junit.xml'));
    expect(root.name).toBe('testsuites');
    const suites = all(root, 'testsuite');
    expect(suites.map((s) => s.attrs['name'])).toEqual([
      'pagopa-connectivity.acme-staging',
      'pdnd-vouchers.acme-staging',
      `pdnd-vouchers.evil${HOSTILE.attribute}`,
      `pagopa-connectivity.evil${HOSTILE.attribute}`,
    ]);
    const cases = new Map(
      all(root, 'testcase').map((c) => [`${c.attrs['classname']} ${c.attrs['name']}`, c]),
    );
    expect(cases.size).toBe(buildReport().results.length);
    const at = (key: string) => {
      const c = cases.get(key);
      if (!c) throw new Error(`no testcase ${key}; have ${[...cases.keys()].join(' | ')}`);
      // Every test case says its verdict in words first (a WARN passes, like a PASS).
      const [properties, ...rest] = c.children;
      expect(properties!.name, key).toBe('properties');
      const verdict = properties!.children.find((p) => p.attrs['name'] === 'verdict')?.attrs['value'];
      return {
        kinds: rest.map((x) => x.name),
        verdict,
        child: (n: string) => c.children.find((x) => x.name === n)!,
      };
    };
    expect(at('pagopa-connectivity.acme-staging PAGOPA-TLS-01 [primary]').kinds).toEqual(['system-out']);
    expect(at('pagopa-connectivity.acme-staging PAGOPA-TLS-01 [primary]').verdict).toBe('PASS');
    const fail = at('pagopa-connectivity.acme-staging PAGOPA-TLS-01 [secondary]');
    expect(fail.kinds).toEqual(['failure', 'system-out']);
    expect(fail.child('failure').attrs['message']).toContain(HOSTILE.script);
    expect(fail.child('system-out').text).toContain(HOSTILE.cdata);
    expect(fail.child('system-out').text).toContain('"status": 200');
    expect(CONTROLS.filter((c) => fail.child('system-out').text.includes(c))).toEqual([]);
    expect(at('pagopa-connectivity.acme-staging PAGOPA-MTLS-01 [primary]').kinds).toEqual([
      'error',
      'system-out',
    ]);
    const warn = at('pagopa-connectivity.acme-staging PAGOPA-HSTS-01 [primary]');
    expect(warn.kinds).toEqual(['system-out']);
    expect(warn.verdict).toBe('WARN');
    expect(warn.child('system-out').text).toContain('WARN: No Strict-Transport-Security header.');
    const manual = at('pagopa-connectivity.acme-staging PAGOPA-DR-01 [all]');
    expect(manual.kinds).toEqual(['skipped', 'system-out']);
    expect(manual.child('skipped').attrs['message']).toMatch(/^MANUAL: /);
    expect(
      at('pdnd-vouchers.acme-staging PDND-DPOP-01 [platform]').child('skipped').attrs['message'],
    ).toMatch(/^NOT APPLICABLE: /);
    expect(root.attrs).toMatchObject({ tests: '8', failures: '1', errors: '1', skipped: '2' });
  });

  test('the XML checker used above rejects what is not well-formed', () => {
    for (const bad of [
      '<a><b></a></b>',
      '<a x="1" x="2"/>',
      '<a>&</a>',
      '<a>\u0001</a>',
      '<a/><b/>',
      '<a x=1/>',
      '<a><!-- -- --></a>',
    ]) {
      expect(() => parseXml(bad), bad).toThrow();
    }
    expect(parseXml('<?xml version="1.0"?><a x="&lt;&#10;">t&amp;<b/></a>')).toMatchObject({
      attrs: { x: '<\n' },
      text: 't&',
    });
  });
});
