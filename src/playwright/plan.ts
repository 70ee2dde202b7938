import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { planTargets, scopesOf, type PlannedTarget } from '../core/engine.js';
import { ConfigError } from '../core/errors.js';
import { Redactor } from '../core/redact.js';
import type { Level } from '../core/verdict.js';
import { provenanceOf, type Provenance } from '../audit/provenance.js';
import { auditInputs } from './audit.js';
import { loadProfiles } from '../profile/load.js';
import { startReference } from '../reference/index.js';
import { loadCatalogue } from '../suites/index.js';

/**
 * What `npx playwright test` runs: one Playwright project per target profile, one generated spec
 * file per target and suite (in `.attesta/specs/`), one test per requirement and site.
 *
 * Playwright loads a spec file once for all projects, so a file cannot declare tests for "its"
 * target; filtering one shared file per project would cost targets x tests. A file per target and
 * suite keeps listing linear in the number of targets, and makes (target, suite) one test group:
 * Playwright never splits a group across shards or workers, so a suite's campaign against a
 * target runs in one place.
 *
 * The plan is made once, in Playwright's main process, by the same planTargets as `attesta run`
 * (a bad profile stops everything, exit 2, before any probe); workers read it back from the file
 * named in ATTESTA_PLAN, so every process declares the same tests.
 */
export interface PlannedTest {
  id: string;
  level: Level;
  statement: string;
  /** The site label of the result (a site name, or "platform", "material", "all", "none"). */
  site: string;
  /** True when the requirement is judged per site: the title then names the site. */
  perSite: boolean;
}

export interface PlannedSuiteTests {
  id: string;
  title: string;
  tests: PlannedTest[];
}

export interface PlanTarget {
  name: string;
  /** A file-system-safe name, unique per target name. */
  slug: string;
  profileFile: string;
  suites: PlannedSuiteTests[];
}

export interface CompliancePlan {
  /** Persisted campaign results and the test selection of this run (see ./campaigns.ts). */
  runDir: string;
  /** The generated spec files' folder, relative to the project root: <specDir>/<target slug>/<suite>.spec.ts. */
  specDir: string;
  /** Suite ids asked for (ATTESTA_SUITES); none means every suite a profile has a block for. */
  suites: string[];
  /** The reference target's faults, when it is the target. */
  reference?: { faults: string[] };
  /** Who planned the run, with what, against which profiles (for the report). */
  provenance: Provenance;
  targets: PlanTarget[];
}

export const PLAN_ENV = 'ATTESTA_PLAN';
/** Where the generated spec files are, relative to the project root (git-ignored). */
const SPEC_ROOT = '.attesta/specs';

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** ATTESTA_TARGETS: profile files and folders of profiles (their *.yaml and *.yml files, by name). */
async function targetFiles(entries: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const entry of entries) {
    const info = await stat(entry).catch(() => undefined);
    if (!info) throw new ConfigError('does not exist', path.resolve(entry), 'ATTESTA_TARGETS');
    if (!info.isDirectory()) {
      files.push(entry);
      continue;
    }
    const names = (await readdir(entry)).filter((n) => /\.ya?ml$/.test(n)).sort();
    if (!names.length)
      throw new ConfigError('holds no .yaml profile', path.resolve(entry), 'ATTESTA_TARGETS');
    files.push(...names.map((n) => path.join(entry, n)));
  }
  return files;
}

export function slugOf(name: string): string {
  const readable = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `${readable || 'target'}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

function testsOf(planned: PlannedTarget): PlannedSuiteTests[] {
  return planned.suites.map(({ definition, module, target }) => {
    const sites = module.sites(target);
    return {
      id: definition.id,
      title: definition.title,
      tests: definition.requirements.flatMap((requirement) =>
        scopesOf(requirement, sites).map((scope) => ({
          id: requirement.id,
          level: requirement.level,
          statement: requirement.statement,
          site: scope.siteLabel,
          perSite: scope.site !== undefined,
        })),
      ),
    };
  });
}

/**
 * One spec file per target and suite, importing the declaring function by a relative path, in a
 * folder named by the digest of what they declare: runs of other targets side by side never
 * overwrite each other's, and shards of one run on other machines get the same files and test ids.
 */
async function writeSpecs(root: string, targets: readonly PlanTarget[]): Promise<string> {
  const declared = targets.map(({ name, slug, suites }) => ({ name, slug, suites }));
  const digest = createHash('sha256').update(JSON.stringify(declared)).digest('hex').slice(0, 16);
  const dir = path.join(root, SPEC_ROOT, digest);
  if (existsSync(dir)) return path.relative(root, dir);
  const staging = await mkdtemp(path.join(root, SPEC_ROOT, '.new-'));
  for (const target of targets) {
    await mkdir(path.join(staging, target.slug));
    for (const suite of target.suites) {
      const file = path.join(dir, target.slug, `${suite.id}.spec.ts`);
      const declare = path.relative(path.dirname(file), path.join(root, 'fixtures/compliance.js'));
      const text = [
        `// Generated by Attesta for target ${JSON.stringify(target.name)}, suite ${suite.id}.`,
        `import { declareSuite } from ${JSON.stringify(declare.split(path.sep).join('/'))};`,
        '',
        `declareSuite(${JSON.stringify(target.name)}, ${JSON.stringify(suite, null, 2)});`,
        '',
      ].join('\n');
      await writeFile(path.join(staging, target.slug, `${suite.id}.spec.ts`), text);
    }
  }
  // Another run may have written the same files meanwhile: theirs are identical, keep them.
  await rename(staging, dir).catch(() => rm(staging, { recursive: true, force: true }));
  return path.relative(root, dir);
}

/** The embedded reference target, started in the main process and left to die with it. */
async function referenceProfile(suites: readonly string[], faults: readonly string[]): Promise<string> {
  const reference = await startReference({ faults, suites });
  // Servers close with the process; the folder of keys and certificates must not outlive it.
  process.once('exit', () => rmSync(path.dirname(reference.profileFile), { recursive: true, force: true }));
  return reference.profileFile;
}

async function makePlan(root: string): Promise<CompliancePlan> {
  // An unusable waivers file, baseline or signing key stops the run now, not after every probe.
  await auditInputs();
  const suites = list(process.env['ATTESTA_SUITES']);
  const faults = list(process.env['ATTESTA_FAULTS']);
  const asked = list(process.env['ATTESTA_TARGETS']);
  const files = asked.length ? await targetFiles(asked) : [await referenceProfile(suites, faults)];
  const catalogue = await loadCatalogue();
  const profiles = await loadProfiles(files);
  const planned = await planTargets(profiles, catalogue, suites, new Redactor());
  const provenance = await provenanceOf(profiles, asked.length ? undefined : faults);
  const targets = planned.map((p) => ({
    name: p.profile.name,
    slug: slugOf(p.profile.name),
    profileFile: p.profile.file,
    suites: testsOf(p),
  }));
  await mkdir(path.join(root, SPEC_ROOT), { recursive: true });
  const specDir = await writeSpecs(root, targets);
  await mkdir(path.join(root, '.attesta/runs'), { recursive: true });
  const runDir = await mkdtemp(path.join(root, '.attesta/runs/run-'));
  process.once('exit', () => rmSync(runDir, { recursive: true, force: true }));
  return { runDir, specDir, suites, ...(asked.length ? {} : { reference: { faults } }), provenance, targets };
}

/**
 * The plan of this run: made in the main process (and its file named in ATTESTA_PLAN for the
 * workers it starts), read back everywhere else. A bad profile or argument prints the file and
 * field and exits 2, as `attesta run` does, before Playwright starts anything.
 */
export async function compliancePlan(root: string): Promise<CompliancePlan> {
  const file = process.env[PLAN_ENV];
  if (file) return JSON.parse(readFileSync(file, 'utf8')) as CompliancePlan;
  try {
    const plan = await makePlan(root);
    const planFile = path.join(plan.runDir, 'plan.json');
    await writeFile(planFile, JSON.stringify(plan));
    process.env[PLAN_ENV] = planFile;
    return plan;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`attesta: ${e.toString()}\n`);
    process.exit(2);
  }
}

/**
 * One target of the plan read again where it is probed (a worker): its profile and the files and
 * secrets of the suites asked for, each secret registered with `redactor`.
 */
export async function planTarget(
  target: PlanTarget,
  suites: readonly string[],
  redactor: Redactor,
): Promise<PlannedTarget> {
  const [planned] = await planTargets(
    await loadProfiles([target.profileFile]),
    await loadCatalogue(),
    suites,
    redactor,
  );
  return planned!;
}

/** A redactor that knows every secret the plan's profiles name (the reporter's last text check). */
export async function planRedactor(plan: CompliancePlan): Promise<Redactor> {
  const redactor = new Redactor();
  const profiles = await loadProfiles(plan.targets.map((t) => t.profileFile));
  await planTargets(profiles, await loadCatalogue(), plan.suites, redactor);
  return redactor;
}
