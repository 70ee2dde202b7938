import type { CheckContext } from '../core/suite.js';
import {
  API_KEY_MUTATIONS,
  judgeBothKeys,
  judgeRefusedKeys,
  runApiKeyCampaign,
  type ApiKeyCampaign,
} from '../checks/http-auth/api-key.js';
import { mutationsParam, namedMutations } from '../checks/campaign/campaign.js';
import type { CapabilityKinds } from './capability.js';
import { sendToService, type ServiceRequest } from './https-service.js';

/** A service that takes an api key in a header: pagoPA's payment node, a ConnectPay API. */
export interface ApiKeyServiceInput extends ServiceRequest {
  /** The header that carries the key (pagoPA: Ocp-Apim-Subscription-Key). */
  header: string;
  /** Statuses that count as served; undefined means any 2xx or 3xx. */
  acceptStatus?: readonly number[];
  keys: { primary: string; secondary?: string; revoked?: string };
}

type Ctx = CheckContext<ApiKeyServiceInput>;

/** The campaign of the service, shared by its three kinds: the same request with each key tried. */
function apiKeys(ctx: Ctx): Promise<ApiKeyCampaign> {
  const s = ctx.target;
  const send = (key: string | undefined) =>
    sendToService(s, key === undefined ? {} : { [s.header]: key }, ctx.settings.probeTimeoutMs);
  return ctx.memo('api-keys', () => runApiKeyCampaign(send, s.keys, s.header));
}

/** `with: { mutations: [...] }` names the rows of API_KEY_MUTATIONS a requirement rests on. */
const NEGATIVES = mutationsParam(Object.keys(API_KEY_MUTATIONS));

async function refusedKeys(ctx: Ctx) {
  return judgeRefusedKeys(await apiKeys(ctx), namedMutations(ctx.params), ctx.target.acceptStatus);
}

export const API_KEY_KINDS: CapabilityKinds<ApiKeyServiceInput> = {
  'api-key-missing': { params: NEGATIVES, check: refusedKeys },
  'api-key-wrong': { params: NEGATIVES, check: refusedKeys },
  'api-key-both-valid': {
    check: async (ctx) => judgeBothKeys(await apiKeys(ctx), ctx.target.acceptStatus),
  },
};
