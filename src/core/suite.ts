import type { Evidence } from './evidence.js';
import type { AttestaSuiteDefinition } from './suite-definition.generated.js';
import type { Finding, Level } from './verdict.js';
import type { ProfileReader } from '../profile/load.js';
import type { RunSettings } from './settings.js';

/** One file of suites/, as suites/suite.schema.json admits it. */
export type SuiteDefinition = AttestaSuiteDefinition;

/**
 * One requirement of the catalogue, and the check kind that decides it. Its subject is what it is
 * about: the user's live endpoint (judged per site), the platform's, or files (no network).
 */
export type Requirement = SuiteDefinition['requirements'][number];

export interface Outcome {
  finding: Finding;
  reason: string;
  evidence: Evidence[];
}

/** A site of the user's endpoint (primary, secondary): each endpoint requirement is judged per site. */
export interface Site {
  name: string;
  /** The configured URL as written, for the static URL check. */
  rawUrl: string;
  /** Undefined when the configured URL does not parse. */
  url?: URL;
  host: string;
  port: number;
  /** Where to connect: the profile's address override, else the host. */
  address: string;
}

export interface CheckContext<T> {
  target: T;
  targetName: string;
  requirement: Requirement;
  params: Record<string, unknown>;
  site?: Site;
  settings: RunSettings;
  /** Shares a probe between the checks of one target (and site): each runs once, however many checks read it. */
  memo<R>(key: string, probe: () => Promise<R>): Promise<R>;
  /** For aggregate requirements: the results of the other requirements of this target and suite. */
  results: readonly ResultRecord[];
}

export type Check<T> = (ctx: CheckContext<T>) => Promise<Outcome>;

/**
 * What must hold before a kind's check can say anything (its site reachable, say). An outcome
 * here is the verdict and the check does not run; undefined lets the check run.
 */
export type Gate = (ctx: CheckContext<unknown>) => Promise<Outcome | undefined>;

/** A check kind, named by the `check:` of a requirement in suites/*.yaml. */
export interface CheckKind<T> {
  check: Check<T>;
  /** Declared by the kind, called by the engine: the engine itself knows no kind and opens no socket. */
  gate?: Gate;
  /** The JSON Schema of the `with:` it reads, checked when the catalogue loads. */
  params?: object;
}

/** The code half of a suite: how it reads its profile block, where it runs, and every kind it answers to. */
export interface SuiteModule<T> {
  id: string;
  resolve(reader: ProfileReader, block: Record<string, unknown>): Promise<T>;
  /** The sites endpoint requirements run against. */
  sites(target: T): Site[];
  /** Its own kinds and the capability kinds its adapters bind (see src/capabilities). */
  kinds: Readonly<Record<string, CheckKind<T>>>;
}

export interface ResultRecord {
  id: string;
  suite: string;
  suiteTitle: string;
  level: Level;
  target: string;
  site: string;
  verdict: import('./verdict.js').Verdict;
  reason: string;
  evidence: Evidence[];
  source: string;
  /** The section of the source document, when the catalogue names one. */
  section?: string;
  statement: string;
  verify: string;
  /** When the check started, and how long it took. */
  startedAt: string;
  durationMs: number;
  /** The unexpired waiver that covers this FAIL (--waivers): still a FAIL, but not by itself non-compliance. */
  waiver?: import('../audit/waivers.js').Waiver;
}
