import type { Outcome, ResultRecord, Site } from '../../core/suite.js';

/**
 * Every endpoint requirement must hold at every site. Judged over the per-site results of the
 * other requirements, so the failing site and requirement are named, not re-probed.
 */
export function judgeAllSites(
  results: readonly ResultRecord[],
  sites: readonly Site[],
  selfId: string,
): Outcome {
  if (sites.length === 0) {
    return {
      finding: 'not-applicable',
      reason: 'The profile configures no site of the endpoint (pagopa.endpoint).',
      evidence: [],
    };
  }
  if (sites.length < 2) {
    return {
      finding: 'not-applicable',
      reason: `Only the ${sites[0]!.name} site is configured; add endpoint.sites.secondary to check disaster recovery.`,
      evidence: [],
    };
  }
  const perSite = sites.map((site) => {
    const own = results.filter((r) => r.site === site.name && r.id !== selfId);
    return {
      site: site.name,
      failed: own.filter((r) => r.verdict === 'fail').map((r) => r.id),
      undecided: own.filter((r) => r.verdict === 'inconclusive' && r.level === 'MUST').map((r) => r.id),
      verdicts: Object.fromEntries(own.map((r) => [r.id, r.verdict])),
    };
  });
  const evidence = perSite.map((s) => ({
    label: `site ${s.site}`,
    outcome: s.failed.length
      ? `fails ${s.failed.join(', ')}`
      : s.undecided.length
        ? `undecided: ${s.undecided.join(', ')}`
        : 'every endpoint requirement holds',
    finding: s.failed.length
      ? ('fail' as const)
      : s.undecided.length
        ? ('inconclusive' as const)
        : ('pass' as const),
    details: s.verdicts,
  }));
  const failing = perSite.filter((s) => s.failed.length);
  if (failing.length) {
    return {
      finding: 'fail',
      reason: `Not every site meets the connection requirements: ${failing.map((s) => `${s.site} fails ${s.failed.join(', ')}`).join('; ')}.`,
      evidence,
    };
  }
  const undecided = perSite.filter((s) => s.undecided.length);
  if (undecided.length) {
    return {
      finding: 'inconclusive',
      reason: `Could not be established for ${undecided.map((s) => `${s.site} (${s.undecided.join(', ')})`).join('; ')}.`,
      evidence,
    };
  }
  return {
    finding: 'pass',
    reason: `Every endpoint requirement holds at each of the ${sites.length} sites (${sites.map((s) => s.name).join(', ')}).`,
    evidence,
  };
}
