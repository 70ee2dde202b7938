import { expect, test } from '@playwright/test';
import { driftSince, regressions } from '../../src/audit/drift.js';
import type { Verdict } from '../../src/core/verdict.js';

const r = (id: string, verdict: Verdict, site = 'primary') => ({
  target: 'acme',
  suite: 's',
  id,
  site,
  verdict,
});

test('drift since a baseline: new FAILs, fixed ones, other changes, appeared and disappeared', () => {
  const baseline = {
    startedAt: '2026-11-25T02:00:00.000Z',
    results: [r('A-01', 'pass'), r('A-02', 'fail'), r('A-03', 'warn'), r('A-04', 'pass'), r('A-05', 'pass')],
  };
  const current = [
    r('A-01', 'fail'),
    r('A-02', 'pass'),
    r('A-03', 'pass'),
    r('A-04', 'inconclusive'),
    r('A-06', 'fail'),
  ];
  const drift = driftSince(baseline, current);
  expect(drift.newFails.map((c) => `${c.id} ${c.before ?? '-'}>${c.after}`)).toEqual([
    'A-01 pass>fail',
    'A-06 ->fail',
  ]);
  expect(drift.fixed.map((c) => c.id)).toEqual(['A-02']);
  expect(drift.changed.map((c) => `${c.id} ${c.before}>${c.after}`)).toEqual([
    'A-03 warn>pass',
    'A-04 pass>inconclusive',
  ]);
  expect(drift.appeared.map((c) => c.id)).toEqual(['A-06']);
  // Gone from the run is not fixed.
  expect(drift.disappeared.map((c) => c.id)).toEqual(['A-05']);
  expect(regressions(drift).map((c) => c.id)).toEqual(['A-01', 'A-06', 'A-04']);
});

test('the same verdicts are no drift, and sites are told apart', () => {
  const results = [r('A-01', 'fail', 'primary'), r('A-01', 'pass', 'secondary')];
  const drift = driftSince({ startedAt: 'x', results }, results);
  expect(regressions(drift)).toEqual([]);
  expect(drift.changed).toEqual([]);
  const swapped = driftSince({ startedAt: 'x', results }, [
    r('A-01', 'pass', 'primary'),
    r('A-01', 'fail', 'secondary'),
  ]);
  expect(swapped.newFails.map((c) => c.site)).toEqual(['secondary']);
  expect(swapped.fixed.map((c) => c.site)).toEqual(['primary']);
});
