import { jsonText } from './escape.js';
import type { Reporter } from './reporter.js';

/** compliance-report.json: the model itself, the contract of DESIGN.md and the source of every other format. */
export const jsonReporter: Reporter = {
  onEnd: (report) => [{ path: 'compliance-report.json', content: jsonText(report, 2) + '\n' }],
};
