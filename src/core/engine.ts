import { ConfigError, ProblemList } from './errors.js';
import { Interruption, limiter, settleWithin } from './limit.js';
import type { Redactor } from './redact.js';
import type { RunSettings } from './settings.js';
import type {
  CheckContext,
  Outcome,
  Requirement,
  ResultRecord,
  Site,
  SuiteDefinition,
  SuiteModule,
} from './suite.js';
import { applyLevel } from './verdict.js';
import { problemIn, ProfileReader, type TargetProfile } from '../profile/load.js';

/** A suite ready to run against one target: its definition, its code and the resolved profile block. */
interface PlannedSuite {
  definition: SuiteDefinition;
  module: SuiteModule<unknown>;
  target: unknown;
}

export interface PlannedTarget {
  profile: TargetProfile;
  suites: PlannedSuite[];
}

export interface SuiteCatalogue {
  definitions: SuiteDefinition[];
  modules: Record<string, SuiteModule<unknown>>;
}

/**
 * Reads every file and secret each selected suite needs before anything runs, so that a bad
 * profile stops the run with exit 2 and nothing half-done.
 */
export async function planTargets(
  profiles: readonly TargetProfile[],
  catalogue: SuiteCatalogue,
  selected: readonly string[],
  redactor: Redactor,
): Promise<PlannedTarget[]> {
  for (const id of selected) {
    if (!catalogue.definitions.some((d) => d.id === id)) {
      throw new ConfigError(
        `unknown suite "${id}" (known: ${catalogue.definitions.map((d) => d.id).join(', ')})`,
      );
    }
  }
  // Profiles, and suite blocks within one, are independent: report the problems of all at once.
  const problems = new ProblemList();
  const planned: PlannedTarget[] = [];
  for (const profile of profiles) {
    const reader = new ProfileReader(profile, redactor);
    const suites: PlannedSuite[] = [];
    let wantsAny = false;
    for (const definition of catalogue.definitions) {
      const block = profile.data[definition.profile] as Record<string, unknown> | undefined;
      const wanted = selected.length ? selected.includes(definition.id) : block !== undefined;
      if (!wanted) continue;
      wantsAny = true;
      if (!block) {
        problems.add(problemIn(profile, `suite ${definition.id} needs this block`, `/${definition.profile}`));
        continue;
      }
      const module = catalogue.modules[definition.id]!;
      const target = await problems.attempt(() => module.resolve(reader, block));
      if (target !== undefined) suites.push({ definition, module, target });
    }
    if (!wantsAny) {
      const blocks = catalogue.definitions.map((d) => d.profile).join(', ');
      problems.add(problemIn(profile, `names no suite to run: add one of the blocks ${blocks}`));
    }
    planned.push({ profile, suites });
  }
  problems.check();
  return planned;
}

interface RunHooks {
  /** Called as each result is decided, for live progress. */
  onResult?: (result: ResultRecord) => void;
  signal?: AbortSignal;
  /** The requirement ids to decide; all when absent (a Playwright run filtered by --grep, say). */
  only?: ReadonlySet<string>;
}

/**
 * The requirements of a suite that a run filtered to `only` must decide: those asked for, and,
 * when an aggregate is asked for, every direct requirement, since it judges over their results.
 */
export function requirementsToDecide(
  requirements: readonly Requirement[],
  only: ReadonlySet<string> | undefined,
): Requirement[] {
  if (!only) return [...requirements];
  const aggregateAsked = requirements.some((r) => r.aggregate && only.has(r.id));
  return requirements.filter((r) => only.has(r.id) || (aggregateAsked && !r.aggregate));
}

export type Scope = { requirement: Requirement; site?: Site; siteLabel: string };

export function scopesOf(requirement: Requirement, sites: Site[]): Scope[] {
  if (requirement.subject === 'endpoint' && !requirement.aggregate && sites.length) {
    return sites.map((site) => ({ requirement, site, siteLabel: site.name }));
  }
  if (requirement.subject === 'endpoint' && !requirement.aggregate)
    return [{ requirement, siteLabel: 'none' }];
  const siteLabel = requirement.aggregate ? 'all' : requirement.subject;
  return [{ requirement, siteLabel }];
}

/**
 * Runs every planned target and gives each result to `hooks.onResult` as it is decided; nothing
 * is kept once given (a run of any number of targets holds the results of the targets under way
 * only). At most `settings.targetConcurrency` targets run at once, each with its own budget of
 * `settings.concurrency` checks.
 */
export async function runPlanned(
  planned: readonly PlannedTarget[],
  settings: RunSettings,
  hooks: RunHooks = {},
): Promise<void> {
  const emit = (result: ResultRecord) => hooks.onResult?.(result);
  const interruption = new Interruption(hooks.signal);
  const targets = limiter(settings.targetConcurrency);
  await Promise.all(
    planned.map(({ profile, suites }) =>
      targets(() => {
        // One budget of concurrent checks per target, shared by its suites.
        const limit = limiter(settings.concurrency);
        return Promise.all(
          suites.map((suite) => runSuite({ profile, suite, settings, hooks, interruption, limit, emit })),
        );
      }),
    ),
  );
}

interface SuiteRun {
  profile: TargetProfile;
  suite: PlannedSuite;
  settings: RunSettings;
  hooks: RunHooks;
  interruption: Interruption;
  limit: ReturnType<typeof limiter>;
  emit: (result: ResultRecord) => void;
}

/** Every requirement of one suite against one target: the direct ones in parallel, then the aggregates. */
async function runSuite({
  profile,
  suite,
  settings,
  hooks,
  interruption,
  limit,
  emit,
}: SuiteRun): Promise<void> {
  const sites = suite.module.sites(suite.target);
  const memos = new Map<string, Promise<unknown>>();
  const results: ResultRecord[] = [];
  const record = (scope: Scope, outcome: Outcome, started: number) => {
    const result: ResultRecord = {
      id: scope.requirement.id,
      suite: suite.definition.id,
      suiteTitle: suite.definition.title,
      level: scope.requirement.level,
      target: profile.name,
      site: scope.siteLabel,
      verdict: applyLevel(scope.requirement.level, outcome.finding),
      reason: outcome.reason,
      evidence: outcome.evidence,
      source: suite.definition.source,
      section: scope.requirement.section,
      statement: scope.requirement.statement,
      verify: scope.requirement.verify,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
    };
    results.push(result);
    emit(result);
  };
  const run = async (scope: Scope): Promise<void> => {
    const started = Date.now();
    const { requirement, site } = scope;
    if (hooks.signal?.aborted) {
      return record(
        scope,
        { finding: 'inconclusive', reason: 'Not run: the run was interrupted.', evidence: [] },
        started,
      );
    }
    if (requirement.level === 'MANUAL') {
      const reason = `Needs a person's evidence, which no check can give: ${requirement.verify}`;
      return record(scope, { finding: 'not-applicable', reason, evidence: [] }, started);
    }
    const memo = <R>(key: string, probe: () => Promise<R>): Promise<R> => {
      const k = `${site?.name ?? '-'}|${key}`;
      if (!memos.has(k)) memos.set(k, probe());
      return memos.get(k) as Promise<R>;
    };
    const ctx: CheckContext<unknown> = {
      target: suite.target,
      targetName: profile.name,
      requirement,
      params: requirement.with ?? {},
      site,
      settings,
      memo,
      results,
    };
    const outcome = await settleWithin(
      decide(ctx, suite.module),
      settings.checkTimeoutMs,
      (): Outcome => ({
        finding: 'inconclusive',
        reason: `The check did not finish within ${settings.checkTimeoutMs / 1000} s.`,
        evidence: [],
      }),
      interruption,
      (): Outcome => ({
        finding: 'inconclusive',
        reason: 'Not decided: the run was interrupted while this check was under way.',
        evidence: [],
      }),
    );
    record(scope, outcome, started);
  };
  const scopes = (aggregate: boolean) =>
    requirementsToDecide(suite.definition.requirements, hooks.only)
      .filter((r) => Boolean(r.aggregate) === aggregate)
      .flatMap((r) => scopesOf(r, sites));
  await Promise.all(scopes(false).map((scope) => limit(() => run(scope))));
  for (const scope of scopes(true)) await run(scope);
}

async function decide(ctx: CheckContext<unknown>, module: SuiteModule<unknown>): Promise<Outcome> {
  const { requirement, site } = ctx;
  const kind = requirement.check === undefined ? undefined : module.kinds[requirement.check];
  if (!kind)
    throw new Error(`suite ${module.id} has no check kind "${requirement.check}" (${requirement.id})`);
  if (requirement.subject === 'endpoint' && !requirement.aggregate && !site) {
    return {
      finding: 'not-applicable',
      reason: 'The profile configures no site of the endpoint this requirement is about.',
      evidence: [],
    };
  }
  try {
    return (await kind.gate?.(ctx)) ?? (await kind.check(ctx));
  } catch (e) {
    // A harness bug is not a verdict on the target.
    return {
      finding: 'inconclusive',
      reason: `The check failed inside the harness: ${(e as Error).message}`,
      evidence: [],
    };
  }
}
