import type { CheckContext, Outcome } from '../core/suite.js';
import type { TlsEndpoint } from '../checks/endpoint.js';
import { mutationsParam, namedMutations } from '../checks/campaign/campaign.js';
import {
  CLIENT_PINNING_MUTATIONS,
  judgeClientPinning,
  runClientPinningCampaign,
} from '../checks/tls/client-pinning.js';
import type { Issued } from '../x509/issue.js';
import type { CapabilityKinds } from './capability.js';
import { reachableSite } from './reachable-site.js';

/** A mutual-TLS server that must trust a client CA, not one client certificate. */
export interface ClientPinningInput {
  endpoint: TlsEndpoint;
  /** A test client CA the server trusts like the real one, from which fresh certificates are issued. */
  testClientCa?: Issued;
}

async function noPinning(ctx: CheckContext<ClientPinningInput>): Promise<Outcome> {
  const { endpoint, testClientCa } = ctx.target;
  const campaign = await ctx.memo('client-pinning', () =>
    runClientPinningCampaign(endpoint, ctx.settings, testClientCa),
  );
  return judgeClientPinning(campaign, namedMutations(ctx.params), endpoint.expectStatus);
}

export const CLIENT_PINNING_KINDS: CapabilityKinds<ClientPinningInput> = {
  'client-ca-not-pinned': {
    gate: reachableSite,
    params: mutationsParam(Object.keys(CLIENT_PINNING_MUTATIONS)),
    check: noPinning,
  },
};
