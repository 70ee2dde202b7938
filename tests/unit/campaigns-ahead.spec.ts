/**
 * The campaigns the main process decides ahead of the tests (src/playwright/campaigns.ts): a
 * campaign that cannot be decided leaves its reason, and its tests report it instead of waiting.
 */
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { announceCampaignsAhead, CampaignStore, runCampaignsAhead } from '../../src/playwright/campaigns.js';
import type { CompliancePlan, PlanTarget } from '../../src/playwright/plan.js';
import { writeSelection } from '../../src/playwright/selection.js';

test('a campaign the main process cannot decide is a reason its tests report, not a wait', async () => {
  const runDir = await mkdtemp(path.join(tmpdir(), 'attesta-ahead-'));
  const gone = path.join(runDir, 'removed-after-planning.yaml');
  const suite = { id: 'pagopa-connectivity', title: 'pagoPA connectivity', tests: [] };
  const target: PlanTarget = { name: 'gone', slug: 'gone', profileFile: gone, suites: [suite] };
  const plan = { runDir, specDir: '', suites: [], targets: [target] } as unknown as CompliancePlan;
  writeSelection(runDir, [{ target: 'gone', suite: suite.id, id: 'PAGOPA-URL-01' }]);
  announceCampaignsAhead(plan);

  const waiting = new CampaignStore(plan, target).campaign(suite.id);
  await runCampaignsAhead(plan, new AbortController().signal);
  await expect(waiting).rejects.toThrow(/the campaign could not be decided: .*removed-after-planning\.yaml/);
});

test('nothing is decided ahead for a (target, suite) this run or shard did not select', async () => {
  const runDir = await mkdtemp(path.join(tmpdir(), 'attesta-ahead-'));
  const profileFile = path.join(runDir, 'never-read.yaml');
  await writeFile(profileFile, 'not: [a profile');
  const suite = { id: 'pagopa-connectivity', title: 'pagoPA connectivity', tests: [] };
  const target: PlanTarget = { name: 'other-shard', slug: 'other-shard', profileFile, suites: [suite] };
  const plan = { runDir, specDir: '', suites: [], targets: [target] } as unknown as CompliancePlan;
  writeSelection(runDir, []);
  await runCampaignsAhead(plan, new AbortController().signal);
  await expect(readdir(path.join(runDir, 'campaigns'))).rejects.toThrow(/ENOENT/);
});
