import type { CheckKind } from '../../core/suite.js';
import { judgeAllSites } from './disaster-recovery.js';
import type { PagopaTarget } from './target.js';
import { judgeServiceUrl } from './url-form.js';

/** pagoPA's own kinds; its TLS, mTLS, certificate and api-key kinds come from its adapters. */
export const kinds: Record<string, CheckKind<PagopaTarget>> = {
  /** A static check of the URL as written: it runs whether or not the site answers. */
  'url-form': { check: async (ctx) => judgeServiceUrl(ctx.site!) },
  /** Over the other results of the target, after them (aggregate): no probe of its own. */
  'sites-aggregate': {
    check: async (ctx) => judgeAllSites(ctx.results, ctx.target.endpoint?.sites ?? [], ctx.requirement.id),
  },
};
