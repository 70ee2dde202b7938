import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runPlanned } from '../core/engine.js';
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
 * requirement ids - decided once per run, in whichever worker first asks, all its requirements at
 * once and in parallel as `attesta run` decides them; each test then reads its own result.
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

  private file(suite: string): string {
    return path.join(this.plan.runDir, 'campaigns', this.target.slug, `${suite}.json`);
  }

  private async load(suite: string): Promise<Campaign> {
    const file = this.file(suite);
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Campaign;
    const campaign = await this.run(suite);
    await mkdir(path.dirname(file), { recursive: true });
    // Written whole, then renamed: a worker killed mid-write leaves no half campaign to trust.
    await writeFile(`${file}.part`, JSON.stringify(campaign));
    await rename(`${file}.part`, file);
    return campaign;
  }

  private async run(suite: string): Promise<Campaign> {
    const redactor = new Redactor();
    const planned = await planTarget(this.target, [suite], redactor);
    const only = readSelection(this.plan.runDir, this.target.name, suite);
    const results: ResultRecord[] = [];
    const meter = new TrafficMeter();
    try {
      await metered(meter, () =>
        runPlanned([planned], DEFAULT_SETTINGS, {
          ...(only ? { only: new Set(only) } : {}),
          // Redacted as it is decided, before anything is written or attached.
          onResult: (result) => results.push(redactor.redactValue(result)),
        }),
      );
    } finally {
      await meter.close();
    }
    return { target: this.target.name, suite, results, traffic: meter.summary() };
  }
}
