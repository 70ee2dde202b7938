import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runPlanned } from '../core/engine.js';
import { ConfigError } from '../core/errors.js';
import { limiter } from '../core/limit.js';
import { Redactor } from '../core/redact.js';
import { DEFAULT_SETTINGS } from '../core/settings.js';
import type { ResultRecord } from '../core/suite.js';
import { metered, TrafficMeter, type OriginTraffic } from '../http/traffic.js';
import { planTarget, type CompliancePlan, type PlanTarget } from './plan.js';
import { readSelection } from './selection.js';

/** One suite's run against one target: every result it decided (redacted) and what it cost. */
export interface Campaign {
  target: string;
  suite: string;
  results: ResultRecord[];
  /** Connections and requests per origin, for the report's run.traffic. */
  traffic: OriginTraffic[];
}

/**
 * A suite's campaign against a target - one set of handshakes and token mutations serving several
 * requirement ids - decided once per run, all its requirements at once and in parallel as
 * `attesta run` decides them; each test then reads its own result.
 *
 * Where Attesta's compliance reporter runs (it knows what this run or shard selected), the main
 * process decides every selected campaign ahead of the tests, as `attesta run` does, several
 * targets at once (runCampaignsAhead); a test waits for its campaign's file. Otherwise (a config
 * without that reporter, the UI mode) the first test of a (target, suite) group decides it in its
 * worker.
 *
 * The campaign is kept in the run's folder, not only in memory: Playwright restarts a worker after
 * every failed test, and a campaign held by the worker alone would probe the target again after
 * each FAIL (fatal with a request budget, a rate limit or key writes). A test retried reads the
 * same decision too: a verdict does not change because Playwright asked twice.
 */
export class CampaignStore {
  private readonly running = new Map<string, Promise<Campaign>>();

  constructor(
    private readonly plan: CompliancePlan,
    private readonly target: PlanTarget,
  ) {}

  campaign(suite: string): Promise<Campaign> {
    let campaign = this.running.get(suite);
    if (!campaign) this.running.set(suite, (campaign = this.load(suite)));
    return campaign;
  }

  private async load(suite: string): Promise<Campaign> {
    const file = campaignFile(this.plan, this.target, suite);
    if (existsSync(file)) return readCampaign(file);
    if (existsSync(aheadMarker(this.plan))) return awaitCampaign(file);
    const only = readSelection(this.plan.runDir)(this.target.name, suite);
    return decideCampaign(this.plan, this.target, suite, only);
  }
}

/** How long a test waits for the main process to decide its campaign: Playwright's test timeout. */
const AHEAD_WAIT_MS = 10 * 60_000;
const POLL_MS = 25;

const campaignFile = (plan: CompliancePlan, target: PlanTarget, suite: string) =>
  path.join(plan.runDir, 'campaigns', target.slug, `${suite}.json`);
const failedFile = (file: string) => `${file}.failed`;
const aheadMarker = (plan: CompliancePlan) => path.join(plan.runDir, 'campaigns', 'decided-ahead');

const readCampaign = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Campaign;

async function awaitCampaign(file: string): Promise<Campaign> {
  for (const deadline = Date.now() + AHEAD_WAIT_MS; Date.now() < deadline; await sleep(POLL_MS)) {
    if (existsSync(file)) return readCampaign(file);
    if (existsSync(failedFile(file))) throw new Error(readFileSync(failedFile(file), 'utf8'));
  }
  throw new Error(`no campaign was decided within ${AHEAD_WAIT_MS / 60_000} minutes (${file})`);
}

/** Decides a suite's campaign against a target and keeps it in the run's folder (not if interrupted). */
async function decideCampaign(
  plan: CompliancePlan,
  target: PlanTarget,
  suite: string,
  /** The requirement ids this run or shard selected (undefined: every id of the suite). */
  only: readonly string[] | undefined,
  signal?: AbortSignal,
): Promise<Campaign> {
  const redactor = new Redactor();
  const planned = await planTarget(target, [suite], redactor);
  const results: ResultRecord[] = [];
  const meter = new TrafficMeter();
  try {
    await metered(meter, () =>
      runPlanned([planned], DEFAULT_SETTINGS, {
        ...(only ? { only: new Set(only) } : {}),
        ...(signal ? { signal } : {}),
        // Redacted as it is decided, before anything is written or attached.
        onResult: (result) => results.push(redactor.redactValue(result)),
      }),
    );
  } finally {
    await meter.close();
  }
  const campaign = { target: target.name, suite, results, traffic: meter.summary() };
  if (signal?.aborted) return campaign;
  const file = campaignFile(plan, target, suite);
  await mkdir(path.dirname(file), { recursive: true });
  // Written whole, then renamed: a process killed mid-write leaves no half campaign to trust.
  await writeFile(`${file}.part`, JSON.stringify(campaign));
  await rename(`${file}.part`, file);
  return campaign;
}

/**
 * Tells the workers, before any starts, that the main process decides this run's campaigns
 * (called from the compliance reporter's onBegin, once the selection is written).
 */
export function announceCampaignsAhead(plan: CompliancePlan): void {
  mkdirSync(path.dirname(aheadMarker(plan)), { recursive: true });
  writeFileSync(aheadMarker(plan), '');
}

/**
 * Decides, in the main process, the campaign of every (target, suite) this run or shard selected,
 * as many targets at once as `attesta run` probes, keeping none in memory once written. A campaign
 * that could not be decided leaves a file saying why, which its tests report as INCONCLUSIVE.
 */
export async function runCampaignsAhead(plan: CompliancePlan, signal: AbortSignal): Promise<void> {
  const limit = limiter(DEFAULT_SETTINGS.targetConcurrency);
  const selectedIds = readSelection(plan.runDir);
  const selected = plan.targets.flatMap((target) =>
    target.suites.flatMap((s) => {
      const only = selectedIds(target.name, s.id);
      return only?.length ? [{ target, suite: s.id, only }] : [];
    }),
  );
  await Promise.all(
    selected.map(({ target, suite, only }) =>
      limit(async () => {
        if (signal.aborted) return;
        await decideCampaign(plan, target, suite, only, signal).catch(async (error: unknown) => {
          const file = campaignFile(plan, target, suite);
          await mkdir(path.dirname(file), { recursive: true });
          // A profile changed since planning names its file and field, as at planning.
          const why = error instanceof ConfigError ? error.toString() : (error as Error).message;
          await writeFile(failedFile(file), `the campaign could not be decided: ${why}`);
        });
      }),
    ),
  );
}
