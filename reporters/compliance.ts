import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  FullConfig,
  FullResult,
  Reporter,
  Suite,
  TestCase,
  TestResult,
} from '@playwright/test/reporter';
import { Redactor } from '../src/core/redact.js';
import { loadSuiteDefinitions } from '../src/core/suite-definitions.js';
import type { ResultRecord, SuiteDefinition } from '../src/core/suite.js';
import { exitCodeFor } from '../src/core/verdict.js';
import type { OriginTraffic } from '../src/http/traffic.js';
import { writeManifest } from '../src/pack/manifest.js';
import { AuditTrail } from '../src/audit/audit-trail.js';
import type { Provenance } from '../src/audit/provenance.js';
import { auditInputs } from '../src/playwright/audit.js';
import { PLAN_ENV, planRedactor, type CompliancePlan } from '../src/playwright/plan.js';
import { announceCampaignsAhead, runCampaignsAhead } from '../src/playwright/campaigns.js';
import { writeSelection } from '../src/playwright/selection.js';
import { RESULT_ATTACHMENT, type ResultAttachment } from '../src/playwright/settle.js';
import { REQUIREMENT_ANNOTATION, undecided, type RequirementRef } from '../src/playwright/undecided.js';
import { ReportAssembly } from '../src/report/assemble.js';
import { exitMeaning } from '../src/report/describe.js';
import { catalogueOrder } from '../src/report/order.js';
import { clearPreviousReport, PLAYWRIGHT_REPORTERS, writeReports } from '../src/report/write.js';
import { VERSION } from '../src/version.js';

interface Options {
  /** The report folder (default: ATTESTA_OUT, else reports/<timestamp>). */
  outputDir?: string;
}

function requirementOf(test: TestCase): RequirementRef | undefined {
  const a = test.annotations.find((x) => x.type === REQUIREMENT_ANNOTATION);
  return a?.description ? (JSON.parse(a.description) as RequirementRef) : undefined;
}

async function readAttachment(a: TestResult['attachments'][number]): Promise<ResultAttachment> {
  const body = a.body ?? (a.path ? await readFile(a.path) : undefined);
  if (!body) throw new Error(`the ${RESULT_ATTACHMENT} attachment has no content`);
  return JSON.parse(body.toString('utf8')) as ResultAttachment;
}

function sumTraffic(campaigns: Iterable<OriginTraffic[]>): OriginTraffic[] {
  const byOrigin = new Map<string, OriginTraffic>();
  for (const t of [...campaigns].flat()) {
    const e = byOrigin.get(t.origin) ?? { origin: t.origin, connections: 0, requests: 0 };
    byOrigin.set(t.origin, {
      ...e,
      connections: e.connections + t.connections,
      requests: e.requests + t.requests,
    });
  }
  return [...byOrigin.values()].sort((a, b) => a.origin.localeCompare(b.origin));
}

/**
 * Attesta's compliance report from a Playwright run: the same compliance-report.json, HTML and
 * JUnit as `attesta run` (the same reporters, src/report/), from the result each test attaches.
 * It works the same on a live run and on `npx playwright merge-reports` of sharded blob reports,
 * where the attachments are all there is. A test that decided nothing (interrupted, crashed) is an
 * INCONCLUSIVE saying why, and the report is then marked incomplete.
 */
export default class ComplianceReporter implements Reporter {
  private tests: TestCase[] = [];
  private readonly attempts = new Map<string, { result: TestResult; attached: ResultAttachment[] }>();
  private readonly startedAt = new Date();
  private metadata: Record<string, unknown> = {};
  private readonly plan: CompliancePlan | undefined;
  /** The campaigns the main process decides ahead of the tests (src/playwright/campaigns.ts). */
  private campaigns: Promise<void> | undefined;
  private readonly stop = new AbortController();

  private readonly outDir: string;

  constructor(options: Options = {}) {
    const file = process.env[PLAN_ENV];
    this.plan = file ? (JSON.parse(readFileSync(file, 'utf8')) as CompliancePlan) : undefined;
    this.outDir = path.resolve(
      options.outputDir ??
        process.env['ATTESTA_OUT'] ??
        path.join('reports', this.startedAt.toISOString().replace(/[:.]/g, '-')),
    );
    // A re-used folder never mixes two runs: before any test ends and allure-playwright writes there.
    clearPreviousReport(this.outDir);
  }

  printsToStdio(): boolean {
    return false;
  }

  /** The plan's provenance; merged shards carry it in the config's metadata. */
  private provenance(): { provenance?: Provenance } {
    const provenance =
      this.plan?.provenance ?? (this.metadata['attesta'] as { provenance?: Provenance })?.provenance;
    return provenance ? { provenance } : {};
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.metadata = config.metadata;
    this.tests = suite.allTests();
    // The workers probe for the tests this run (or shard) will report, and no others.
    const chosen = this.tests.flatMap((t) => requirementOf(t) ?? []);
    if (!this.plan) return;
    writeSelection(this.plan.runDir, chosen);
    announceCampaignsAhead(this.plan);
  }

  /** The campaigns start with the first test: `--list` calls onBegin too, and probes nothing. */
  onTestBegin(): void {
    if (!this.plan || this.campaigns) return;
    // A campaign that fails leaves its reason for its tests; this is only what escapes that.
    this.campaigns = runCampaignsAhead(this.plan, this.stop.signal).catch((error: unknown) =>
      console.error(`attesta: deciding the campaigns failed: ${(error as Error).message}`),
    );
  }

  async onTestEnd(test: TestCase, result: TestResult): Promise<void> {
    const attachments = result.attachments.filter((a) => a.name === RESULT_ATTACHMENT);
    // The last attempt decides, as in Playwright's own summary.
    this.attempts.set(test.id, { result, attached: await Promise.all(attachments.map(readAttachment)) });
  }

  private collect(definitions: readonly SuiteDefinition[], interrupted: boolean) {
    const records: ResultRecord[] = [];
    const traffic = new Map<string, OriginTraffic[]>();
    let complete = !interrupted;
    for (const test of this.tests) {
      const attempt = this.attempts.get(test.id);
      for (const a of attempt?.attached ?? []) {
        records.push(a.result);
        if (a.campaign) traffic.set(a.campaign.key, a.campaign.traffic);
      }
      const requirement = requirementOf(test);
      if (attempt?.attached.length || !requirement) continue;
      complete = false;
      const why = attempt
        ? `Playwright ended the test "${attempt.result.status}" before the verdict: ${attempt.result.error?.message ?? 'no error given'}`
        : 'the run was interrupted before this test ran';
      records.push(undecided(requirement, definitions, why));
    }
    return { records, traffic: sumTraffic(traffic.values()), complete };
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    // Interrupted or stopped early: what no test waits for any more is not probed.
    this.stop.abort();
    // `--list` (and a run of no test): nothing was decided, so there is nothing to report.
    if (this.attempts.size === 0 && result.status === 'passed') return undefined;
    const definitions = await loadSuiteDefinitions();
    const { records, traffic, complete } = this.collect(definitions, result.status === 'interrupted');
    const redactor = this.plan ? await planRedactor(this.plan) : new Redactor();
    const outDir = this.outDir;
    const audit = await auditInputs();
    const trail = new AuditTrail(audit, this.startedAt);
    const waived = records.map((r) => trail.waive(r));
    // The results spill into the report folder while the report is written (src/report/assemble.ts).
    const assembly = new ReportAssembly(redactor, outDir);
    for (const r of waived) assembly.add(r);
    const exitCode = exitCodeFor(waived, complete);
    const used = [...new Set(records.map((r) => r.suite))];
    const suites = used.map((id) => {
      const d = definitions.find((x) => x.id === id);
      const own = records.find((r) => r.suite === id)!;
      return d ? { id, title: d.title, source: d.source } : { id, title: own.suiteTitle, source: own.source };
    });
    const report = assembly.finish(
      {
        harness: { name: 'attesta', version: VERSION },
        run: {
          startedAt: this.startedAt.toISOString(),
          finishedAt: new Date().toISOString(),
          complete,
          exitCode,
          targets: [...new Set(records.map((r) => r.target))],
          suites,
          reference: Boolean(
            this.plan?.reference ?? (this.metadata['attesta'] as { reference?: boolean })?.reference,
          ),
          traffic,
          ...this.provenance(),
          ...trail.header(waived),
        },
      },
      catalogueOrder(definitions),
    );
    try {
      await writeReports(report, outDir, redactor, PLAYWRIGHT_REPORTERS);
    } finally {
      assembly.dispose();
    }
    // Last of the reporters (playwright.config.ts), so allure-playwright's files are in the manifest.
    await writeManifest(outDir, { complete, ...(audit.signingKey ? { signingKey: audit.signingKey } : {}) });
    console.log(`\nAttesta compliance report: ${outDir}\nexit status ${exitCode}: ${exitMeaning(exitCode)}`);
    // Never kinder than `attesta run`: a run that would exit 1 or 3 does not end "passed".
    if ((exitCode === 1 || exitCode === 3) && result.status === 'passed') return { status: 'failed' };
    return undefined;
  }
}
