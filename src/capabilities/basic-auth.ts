import type { CheckContext } from '../core/suite.js';
import { judgeRefusedKeys } from '../checks/http-auth/api-key.js';
import {
  BASIC_AUTH_MUTATIONS,
  runBasicAuthCampaign,
  type BasicCredentials,
} from '../checks/http-auth/basic-auth.js';
import { mutationsParam, namedMutations } from '../checks/campaign/campaign.js';
import type { CapabilityKinds } from './capability.js';
import { sendToService, type ServiceRequest } from './https-service.js';

/** A service protected by HTTP Basic authentication: a ConnectPay API keyed by ClientKey:ClientSecret. */
export interface BasicAuthServiceInput extends ServiceRequest {
  /** Statuses that count as served; undefined means any 2xx. */
  acceptStatus?: readonly number[];
  credentials: BasicCredentials;
}

type Ctx = CheckContext<BasicAuthServiceInput>;

/** `with: { mutations: [...] }` names the rows of BASIC_AUTH_MUTATIONS a requirement rests on. */
const NEGATIVES = mutationsParam(Object.keys(BASIC_AUTH_MUTATIONS));

async function refusedCredentials(ctx: Ctx) {
  const s = ctx.target;
  const send = (authorization: string | undefined) =>
    sendToService(s, authorization === undefined ? {} : { authorization }, ctx.settings.probeTimeoutMs);
  const campaign = await ctx.memo('basic-auth', () => runBasicAuthCampaign(send, s.credentials));
  return judgeRefusedKeys(campaign, namedMutations(ctx.params), s.acceptStatus);
}

export const BASIC_AUTH_KINDS: CapabilityKinds<BasicAuthServiceInput> = {
  /** Each named negative gets 401, between two served controls with the right credentials. */
  'basic-auth-required': { params: NEGATIVES, check: refusedCredentials },
};
