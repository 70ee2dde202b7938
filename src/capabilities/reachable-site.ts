import type { Gate } from '../core/suite.js';
import { tcpReachable } from '../net/tcp.js';

/**
 * The gate of every kind that probes its site: a site whose URL does not parse, or that takes no
 * TCP connection, cannot be judged, so the requirement is INCONCLUSIVE and the check does not run.
 * Requirements without a site (platform, material) pass through. One TCP probe per site and run.
 */
export const reachableSite: Gate = async (ctx) => {
  const { site } = ctx;
  if (!site) return undefined;
  if (!site.url) {
    return {
      finding: 'inconclusive',
      reason: `Site ${site.name}: the configured URL "${site.rawUrl}" cannot be parsed, so nothing could be probed.`,
      evidence: [],
    };
  }
  const reach = await ctx.memo('tcp', () =>
    tcpReachable(site.address, site.port, ctx.settings.probeTimeoutMs, site.url!.origin),
  );
  if (reach.ok) return undefined;
  return {
    finding: 'inconclusive',
    reason: `Site ${site.name} is unreachable (${reach.reason}), so this could not be checked.`,
    evidence: [],
  };
};
