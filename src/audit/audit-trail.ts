import type { ResultRecord } from '../core/suite.js';
import type { RunReport } from '../report/model.js';
import { driftSince, type Baseline } from './drift.js';
import { reviewWaivers, waiverFor, type Waiver } from './waivers.js';

type Judged = Pick<ResultRecord, 'target' | 'suite' | 'id' | 'site' | 'verdict' | 'waiver'>;

/**
 * A run's waivers and baseline, applied the same way by both entry points: each result is marked
 * waived as it is decided (`waive`), and the report's header gets the waivers' review and the
 * drift since the baseline (`header`). A waiver is in force through its expiry day, in UTC, of the
 * day the run started.
 */
export class AuditTrail {
  private readonly day: string;

  constructor(
    private readonly inputs: { waivers?: readonly Waiver[]; baseline?: Baseline },
    startedAt: Date,
  ) {
    this.day = startedAt.toISOString().slice(0, 10);
  }

  waive(result: ResultRecord): ResultRecord {
    const waiver = waiverFor(this.inputs.waivers ?? [], result, this.day);
    return waiver ? { ...result, waiver } : result;
  }

  header(results: readonly Judged[]): Pick<RunReport['run'], 'waivers' | 'drift'> {
    const { waivers, baseline } = this.inputs;
    const fails = results.filter((r) => r.verdict === 'fail');
    return {
      ...(waivers ? { waivers: reviewWaivers(waivers, fails, this.day) } : {}),
      ...(baseline ? { drift: driftSince(baseline, results) } : {}),
    };
  }
}
