/**
 * The engine at scale: results leave through onResult only, and at most targetConcurrency
 * targets run at once, each with its own budget of checks.
 */
import { test, expect } from '@playwright/test';
import { planTargets, runPlanned, type SuiteCatalogue } from '../../src/core/engine.js';
import { Redactor } from '../../src/core/redact.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import type { ResultRecord, SuiteModule } from '../../src/core/suite.js';

/** A suite of four platform requirements whose check waits a little and notes who runs at once. */
function toyCatalogue(running: Map<string, number>, peaks: { targets: number; checks: number }) {
  const module: SuiteModule<unknown> = {
    id: 'toy',
    resolve: async (_reader, block) => block,
    sites: () => [],
    kinds: {
      wait: {
        check: async ({ targetName }) => {
          running.set(targetName, (running.get(targetName) ?? 0) + 1);
          peaks.targets = Math.max(peaks.targets, running.size);
          peaks.checks = Math.max(peaks.checks, running.get(targetName)!);
          await new Promise((r) => setTimeout(r, 20));
          const left = running.get(targetName)! - 1;
          if (left) running.set(targetName, left);
          else running.delete(targetName);
          return { finding: 'pass', reason: 'waited', evidence: [] };
        },
      },
    },
  };
  const requirement = (n: number) => ({
    id: `TOY-0${n}`,
    level: 'MUST' as const,
    subject: 'platform' as const,
    statement: 's',
    verify: 'v',
    check: 'wait',
  });
  const catalogue: SuiteCatalogue = {
    definitions: [
      {
        id: 'toy',
        title: 'Toy',
        source: 'specs/toy.md',
        profile: 'toy',
        requirements: [requirement(1), requirement(2), requirement(3), requirement(4)],
      },
    ],
    modules: { toy: module },
  };
  return catalogue;
}

test('at most targetConcurrency targets run at once, each within its own concurrency; every result goes out through onResult', async () => {
  const running = new Map<string, number>();
  const peaks = { targets: 0, checks: 0 };
  const catalogue = toyCatalogue(running, peaks);
  const profiles = Array.from({ length: 9 }, (_, i) => ({
    name: `t${i}`,
    file: `/profiles/t${i}.yaml`,
    data: { name: `t${i}`, toy: {} },
  }));
  const planned = await planTargets(profiles, catalogue, [], new Redactor());
  const results: ResultRecord[] = [];
  const returned = await runPlanned(
    planned,
    { ...DEFAULT_SETTINGS, targetConcurrency: 3, concurrency: 2 },
    { onResult: (r) => results.push(r) },
  );
  expect(returned, 'the engine keeps no array of the results').toBeUndefined();
  expect(results).toHaveLength(9 * 4);
  expect(peaks).toEqual({ targets: 3, checks: 2 });
  expect(running.size).toBe(0);
});
