import { defineSuite } from '../../capabilities/index.js';
import type { ConnectPay } from '../../profile/blocks.generated.js';
import { kinds } from './kinds.js';
import { apiPath, resolveConnectPay, type ConnectPayTarget } from './target.js';

const noHost = (what: string) => ({
  outcome: {
    finding: 'not-applicable' as const,
    reason: `The profile names no host: ${what}.`,
    evidence: [],
  },
});

export const suite = defineSuite<ConnectPayTarget, ConnectPay>({
  id: 'connectpay-security',
  resolve: resolveConnectPay,
  /** CP-CHAIN-08 is judged at the 2-way host, where the client certificate is presented. */
  sites: (target) => (target.twoWay ? [target.twoWay.site] : []),
  adapters: {
    /** The 2-way host with the configured client chain: CP-MTLS-01 through the pagoPA mTLS kinds. */
    tlsEndpoint: (t) =>
      t.twoWay
        ? {
            input: {
              endpoint: {
                site: t.twoWay.site,
                identity: t.twoWay.identity,
                request: { method: 'GET', path: apiPath(t.twoWay) },
                ...(t.twoWay.expectStatus ? { expectStatus: t.twoWay.expectStatus } : {}),
              },
              invalidIdentities: [],
              privateCa: [],
              expiryWarningDays: t.certificates.expiryWarningDays,
            },
          }
        : noHost('connectpay.twoWay is not configured'),
    basicAuthService: (t) =>
      t.basicAuth ? { input: t.basicAuth } : noHost('connectpay.basicAuth is not configured'),
  },
  kinds,
});
