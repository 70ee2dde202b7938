import type { ResultRecord } from '../core/suite.js';
import type { Summary } from '../core/verdict.js';
import type { OriginTraffic } from '../http/traffic.js';

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
  };
  results: ResultRecord[];
  summary: Summary;
}
