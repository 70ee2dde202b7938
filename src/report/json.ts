import type { Reporter } from './reporter.js';

/** compliance-report.json: the model itself, the contract of DESIGN.md and the source of every other format. */
export const jsonReporter: Reporter = {
  onEnd: (report) => [{ path: 'compliance-report.json', content: JSON.stringify(report, null, 2) + '\n' }],
};
