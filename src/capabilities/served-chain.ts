import type { X509Certificate } from 'node:crypto';
import type { CheckContext, Outcome } from '../core/suite.js';
import type { TlsEndpoint } from '../checks/endpoint.js';
import { servedChain } from '../checks/x509/served-chain.js';
import { judgeServedOrder } from '../checks/x509/served-order.js';
import { tlsProbeFollowing } from '../tls/probe-following.js';
import type { CapabilityKinds } from './capability.js';
import { reachableSite } from './reachable-site.js';

/** A TLS server whose chain, as served, must reach the anchors it is endorsed with. */
export interface ServedChainInput {
  endpoint: TlsEndpoint;
  anchors: readonly X509Certificate[];
  /** How a reason names the anchors ("the public root store"). */
  anchorsName: string;
}

/**
 * One TLS 1.2 handshake, whose Certificate message is plaintext and so read in the order sent;
 * the configured client certificate is offered so that a mutual-TLS server completes it.
 */
async function servedOrder(ctx: CheckContext<ServedChainInput>): Promise<Outcome> {
  const { endpoint, anchors, anchorsName } = ctx.target;
  const probe = await ctx.memo('tls12-chain', () =>
    tlsProbeFollowing({
      address: endpoint.site.address,
      port: endpoint.site.port,
      servername: endpoint.site.host,
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.2',
      identity: endpoint.identity,
      timeoutMs: ctx.settings.probeTimeoutMs,
    }),
  );
  const chain = servedChain([probe]);
  if (!chain)
    return {
      finding: 'inconclusive',
      reason: `A TLS 1.2 handshake received no certificate to read the order from (${probe.peerAlert ? `alert ${probe.peerAlert}` : (probe.networkError ?? probe.clientError?.split('\n')[0] ?? 'no Certificate message')}): the server may not speak TLS 1.2.`,
      evidence: [],
    };
  return judgeServedOrder(chain, anchors, anchorsName);
}

export const SERVED_CHAIN_KINDS: CapabilityKinds<ServedChainInput> = {
  'served-chain-order': { gate: reachableSite, check: servedOrder },
};
