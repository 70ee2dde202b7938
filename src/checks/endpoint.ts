import type { Site } from '../core/suite.js';
import type { RequestSpec } from '../tls/http1.js';
import type { ClientIdentityPem } from '../tls/probe.js';

/**
 * A TLS endpoint under test, as the endpoint checks see it: where it is, the client identity it
 * must accept, and the request that serves as positive control.
 */
export interface TlsEndpoint {
  site: Site;
  identity: ClientIdentityPem;
  request: Omit<RequestSpec, 'host'>;
  /** Statuses the endpoint may answer over a valid mutual-TLS connection; undefined means any. */
  expectStatus?: readonly number[];
}
