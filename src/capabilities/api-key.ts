import type { CheckContext } from '../core/suite.js';
import { httpRequest } from '../http/client.js';
import { sendRespectingRateLimit } from '../http/rate-limit.js';
import {
  judgeBothKeys,
  judgeRefusedKeys,
  runApiKeyCampaign,
  type ApiKeyCampaign,
} from '../checks/http-auth/api-key.js';
import type { CapabilityKinds } from './capability.js';
import type { HttpsService } from './https-service.js';

/** A service that takes an api key in a header: pagoPA's payment node, a ConnectPay API. */
export interface ApiKeyServiceInput extends HttpsService {
  /** The header that carries the key (pagoPA: Ocp-Apim-Subscription-Key). */
  header: string;
  /** The positive-control request, sent to `url`. */
  request: { method: string; headers: Record<string, string>; body?: string };
  /** Statuses that count as served; undefined means any 2xx or 3xx. */
  acceptStatus?: readonly number[];
  keys: { primary: string; secondary?: string; revoked?: string };
}

type Ctx = CheckContext<ApiKeyServiceInput>;

/** The campaign of the service, shared by its three kinds: the same request with each key tried. */
function apiKeys(ctx: Ctx): Promise<ApiKeyCampaign> {
  const s = ctx.target;
  const timeoutMs = ctx.settings.probeTimeoutMs;
  const send = (key: string | undefined) =>
    sendRespectingRateLimit(
      () =>
        httpRequest({
          url: s.url.href,
          method: s.request.method,
          headers: { ...s.request.headers, ...(key === undefined ? {} : { [s.header]: key }) },
          ...(s.request.body !== undefined ? { body: s.request.body } : {}),
          ...(s.address ? { address: s.address } : {}),
          tls: { ...(s.ca ? { ca: s.ca } : {}), minVersion: 'TLSv1.2' },
          timeoutMs,
        }),
      timeoutMs,
    );
  return ctx.memo('api-keys', () => runApiKeyCampaign(send, s.keys));
}

export const API_KEY_KINDS: CapabilityKinds<ApiKeyServiceInput> = {
  'api-key-missing': {
    check: async (ctx) => {
      const c = await apiKeys(ctx);
      return judgeRefusedKeys(c, [c.missing], ctx.target.acceptStatus);
    },
  },
  'api-key-wrong': {
    check: async (ctx) => {
      const c = await apiKeys(ctx);
      return judgeRefusedKeys(c, c.wrong, ctx.target.acceptStatus);
    },
  },
  'api-key-both-valid': {
    check: async (ctx) => judgeBothKeys(await apiKeys(ctx), ctx.target.acceptStatus),
  },
};
