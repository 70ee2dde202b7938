import type { CheckKind, SuiteModule } from '../core/suite.js';
import type { ProfileReader } from '../profile/load.js';
import { API_KEY_KINDS, type ApiKeyServiceInput } from './api-key.js';
import { BASIC_AUTH_KINDS, type BasicAuthServiceInput } from './basic-auth.js';
import { bindKinds, type Adapter } from './capability.js';
import { CLIENT_PINNING_KINDS, type ClientPinningInput } from './client-pinning.js';
import { HTTPS_SERVICE_KINDS, type HttpsService } from './https-service.js';
import { SERVED_CHAIN_KINDS, type ServedChainInput } from './served-chain.js';
import { TLS_ENDPOINT_KINDS, type TlsEndpointInput } from './tls-endpoint.js';

/**
 * The capabilities a suite can give its target to, one adapter each. A suite that gives
 * `tlsEndpoint` answers to every kind of TLS_ENDPOINT_KINDS, and so on; a new capability adds its
 * adapter here and its kinds below.
 */
interface Adapters<T> {
  /** A mutual-TLS endpoint at a site: protocol versions, mTLS, server certificate, reachability. */
  tlsEndpoint?: Adapter<T, TlsEndpointInput>;
  /** A platform's HTTPS service: its server authentication. */
  httpsService?: Adapter<T, HttpsService>;
  /** A service keyed by an api key in a header. */
  apiKeyService?: Adapter<T, ApiKeyServiceInput>;
  /** A service protected by HTTP Basic authentication. */
  basicAuthService?: Adapter<T, BasicAuthServiceInput>;
  /** A mutual-TLS server that must trust a client CA without pinning a client certificate. */
  clientPinning?: Adapter<T, ClientPinningInput>;
  /** A TLS server whose chain as sent on the wire must be leaf first and complete. */
  servedChain?: Adapter<T, ServedChainInput>;
}

function capabilityKinds<T>(adapters: Adapters<T>): Record<string, CheckKind<T>>[] {
  return [
    adapters.tlsEndpoint ? bindKinds(TLS_ENDPOINT_KINDS, adapters.tlsEndpoint) : {},
    adapters.httpsService ? bindKinds(HTTPS_SERVICE_KINDS, adapters.httpsService) : {},
    adapters.apiKeyService ? bindKinds(API_KEY_KINDS, adapters.apiKeyService) : {},
    adapters.basicAuthService ? bindKinds(BASIC_AUTH_KINDS, adapters.basicAuthService) : {},
    adapters.clientPinning ? bindKinds(CLIENT_PINNING_KINDS, adapters.clientPinning) : {},
    adapters.servedChain ? bindKinds(SERVED_CHAIN_KINDS, adapters.servedChain) : {},
  ];
}

/**
 * What a suite's index.ts states: its id, how it resolves its profile block (typed B, from
 * src/profile/blocks.generated.ts), its sites, its adapters and its own kinds.
 */
interface SuiteParts<T, B> extends Omit<SuiteModule<T>, 'kinds' | 'resolve'> {
  resolve(reader: ProfileReader, block: B): Promise<T>;
  adapters?: Adapters<T>;
  kinds?: Record<string, CheckKind<T>>;
}

/** A suite module answering to its own kinds and to those of every capability it adapts to. */
export function defineSuite<T, B>({
  adapters = {},
  kinds = {},
  resolve,
  ...module
}: SuiteParts<T, B>): SuiteModule<T> {
  const all: Record<string, CheckKind<T>> = {};
  for (const group of [kinds, ...capabilityKinds(adapters)]) {
    for (const [name, kind] of Object.entries(group)) {
      // One name, one meaning: a suite's own kind never shadows a capability's.
      if (Object.hasOwn(all, name))
        throw new Error(`suite ${module.id}: check kind "${name}" is defined twice`);
      all[name] = kind;
    }
  }
  // The profile was validated by the JSON Schema that B is generated from.
  return { ...module, resolve: (reader, block) => resolve(reader, block as B), kinds: all };
}
