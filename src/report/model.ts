import type { ResultRecord } from '../core/suite.js';
import type { Summary } from '../core/verdict.js';
import type { OriginTraffic } from '../http/traffic.js';
import type { Drift } from '../audit/drift.js';
import type { Provenance } from '../audit/provenance.js';
import type { WaiverReview } from '../audit/waivers.js';

/** The report contract of DESIGN.md (compliance-report.json), plus context a reader needs. */
export interface RunReport {
  schemaVersion: 1;
  harness: { name: 'attesta'; version: string };
  run: {
    startedAt: string;
    finishedAt: string;
    /** False when the run was interrupted: some requirements were not decided. */
    complete: boolean;
    /** The exit status the run ended with (DESIGN.md). */
    exitCode: number;
    targets: string[];
    suites: { id: string; title: string; source: string }[];
    /** True when the run used the embedded reference target rather than a user's profile. */
    reference: boolean;
    /** Connections opened and requests sent to each origin the run probed (src/http/traffic.ts). */
    traffic?: OriginTraffic[];
    /** Who ran it, with what, from where, against which profiles (src/audit/provenance.ts). */
    provenance?: Provenance;
    /** With --waivers: each waiver applied, expired or stale (src/audit/waivers.ts). */
    waivers?: WaiverReview;
    /** With --baseline: what changed since that run (src/audit/drift.ts). */
    drift?: Drift;
  };
  results: ResultRecord[];
  summary: Summary;
}

/**
 * What a run keeps in memory of each result: what orders the report, the terminal summary, the
 * exit status and the counts of the JUnit and HTML headings need, and the reason of a FAIL or an
 * INCONCLUSIVE (printed at the end of a quiet run). The rest (evidence, other reasons) stays where
 * the results are stored until a reporter reads them.
 */
export type ResultHead = Pick<
  ResultRecord,
  'suite' | 'id' | 'level' | 'target' | 'site' | 'verdict' | 'durationMs' | 'waiver'
> & { reason?: string };

/** A result's head and where its store keeps the whole record. */
export interface StoredHead extends ResultHead {
  readonly ref: number;
}

/**
 * A finished report as the reporters read it: everything of RunReport but the results in memory,
 * the heads of the results in report order, and the results themselves read on demand, so that
 * a run of any size renders without holding them all.
 */
export interface FinishedReport extends Omit<RunReport, 'results'> {
  readonly heads: readonly StoredHead[];
  /** The whole records of these heads (of this report), in the order given, one at a time. */
  read(heads: Iterable<StoredHead>): Iterable<ResultRecord>;
}
