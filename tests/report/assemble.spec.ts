import { expect, test } from '@playwright/test';
import { loadReport } from '../../src/report/in-memory.js';
import { buildReport, SECRETS, testAssembly } from './fixture.js';

test('a result is redacted as it enters the report, keys included, and comes out as the JSON file holds it', () => {
  const assembly = testAssembly();
  const [first] = buildReport().results;
  const entered = {
    ...first!,
    reason: `sent ${SECRETS[1]}`,
    evidence: [
      {
        label: 'probe',
        outcome: 'answered',
        details: { [SECRETS[0]!]: 'as a key', error: undefined, at: new Date(0), ratio: NaN },
      },
    ],
  };
  const safe = assembly.add(entered);
  expect(safe.reason).toBe('sent [redacted]');
  expect(safe.evidence[0]!.details).toEqual({
    '[redacted]': 'as a key',
    at: '1970-01-01T00:00:00.000Z',
    ratio: null,
  });
  expect(safe).toEqual(JSON.parse(JSON.stringify(safe)));
  expect(entered.reason, 'the decided record is left as it was').toBe(`sent ${SECRETS[1]}`);
});

test('the finished report holds the redacted results, in the order asked for, their summary and a redacted header', () => {
  const report = buildReport();
  report.run.targets = [`target-${SECRETS[0]}`];
  const assembly = testAssembly();
  for (const r of report.results) assembly.add(r);
  const bySite = loadReport(assembly.finish(report, (a, b) => a.site.localeCompare(b.site)));
  expect(bySite.results.map((r) => r.site)).toEqual(report.results.map((r) => r.site).sort());
  expect(bySite.summary).toEqual(report.summary);
  expect(bySite.run.targets).toEqual(['target-[redacted]']);
  expect(JSON.stringify(bySite)).not.toContain(SECRETS[0]);
  expect(loadReport(assembly.finish(report)).results.map((r) => r.id)).toEqual(
    report.results.map((r) => r.id),
  );
});
