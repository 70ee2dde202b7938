import { defineSuite } from '../../capabilities/index.js';
import type { ThalesTSHConnectivity } from '../../profile/blocks.generated.js';
import type { Outcome } from '../../core/suite.js';
import { kinds } from './kinds.js';
import { resolveThales, type ThalesTarget } from './target.js';

const noServer: { outcome: Outcome } = {
  outcome: {
    finding: 'not-applicable',
    reason: 'The profile has no thales.server block (the TSP server that Thales calls).',
    evidence: [],
  },
};

/** The TSP's server that Thales calls, as each capability sees it. */
const server =
  <I>(to: (s: NonNullable<ThalesTarget['server']>) => I) =>
  (t: ThalesTarget) =>
    t.server ? { input: to(t.server) } : noServer;

export const suite = defineSuite<ThalesTarget, ThalesTSHConnectivity>({
  id: 'thales-connectivity',
  resolve: resolveThales,
  sites: (t) => (t.server ? [t.server.endpoint.site] : []),
  adapters: {
    tlsEndpoint: server((s) => ({
      endpoint: s.endpoint,
      invalidIdentities: [],
      privateCa: [],
      expiryWarningDays: 30,
    })),
    clientPinning: server((s) => ({
      endpoint: s.endpoint,
      ...(s.testClientCa ? { testClientCa: s.testClientCa } : {}),
    })),
    servedChain: server((s) => ({ endpoint: s.endpoint, anchors: s.anchors, anchorsName: s.anchorsName })),
  },
  kinds,
});
