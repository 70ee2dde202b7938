import type { Outcome, Site } from '../../core/suite.js';

/** TH-OUT-03: the port of the URL Thales calls: 443 PASS, 8443 WARN (443 is preferred), any other FAIL. */
export function judgePort(site: Site): Outcome {
  const port = site.url ? Number(site.url.port || 443) : undefined;
  const evidence = [{ label: 'configured URL', outcome: site.rawUrl, details: { port } }];
  if (port === 443)
    return { finding: 'pass', reason: `The server runs on port 443 (${site.rawUrl}).`, evidence };
  if (port === 8443)
    return {
      finding: 'warn',
      reason: `The server runs on port 8443, which Thales accepts; 443 is preferred.`,
      evidence,
    };
  return {
    finding: 'fail',
    reason: `The server runs on port ${port}: Thales calls only 443 or 8443.`,
    evidence,
  };
}
