import { defineSuite } from '../../capabilities/index.js';
import type { PagoPAConnectivity } from '../../profile/blocks.generated.js';
import type { Outcome } from '../../core/suite.js';
import { kinds } from './kinds.js';
import { resolvePagopa, tlsEndpointAt, type PagopaTarget } from './target.js';

const notConfigured = (block: string, what: string): Outcome => ({
  finding: 'not-applicable',
  reason: `The profile has no pagopa.${block} block (${what}).`,
  evidence: [],
});

/** The payment node: the HTTPS service the entity calls, keyed by Ocp-Apim-Subscription-Key. */
const paymentNode = (t: PagopaTarget) =>
  t.platform
    ? { input: { ...t.platform, header: 'Ocp-Apim-Subscription-Key' } }
    : { outcome: notConfigured('platform', 'the payment node endpoint and api-keys') };

export const suite = defineSuite<PagopaTarget, PagoPAConnectivity>({
  id: 'pagopa-connectivity',
  resolve: resolvePagopa,
  sites: (target) => target.endpoint?.sites ?? [],
  adapters: {
    /** The entity's endpoint that the payment node calls over mutual TLS, at each of its sites. */
    tlsEndpoint: (t, site) =>
      t.endpoint && site
        ? { input: tlsEndpointAt(t.endpoint, site) }
        : { outcome: notConfigured('endpoint', 'the entity endpoint the payment node calls') },
    httpsService: paymentNode,
    apiKeyService: paymentNode,
  },
  kinds,
});
