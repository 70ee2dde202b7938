import { addressFor } from '../../http/address-override.js';
import type { HttpRequest } from '../../http/client.js';

/** How one server of the profile is reached: an address override and trust anchors, both optional. */
export interface Connection {
  address?: string;
  /** PEM trust anchors; undefined means Node's public root store. */
  ca?: string[];
}

const hostnameOf = (url: string): string | undefined => {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
};

/**
 * The gateway's address override and trust anchors, for another URL of the profile (the token
 * endpoint, a JWKS URL): they are given for the gateway's host name, so they apply only to a URL
 * on that host name; any other host is resolved as usual and trusted through the public root store.
 */
export function gatewayConnectionFor(url: string, gatewayUrl: string, gateway: Connection): Connection {
  const host = hostnameOf(gatewayUrl) ?? '';
  const address = addressFor(url, host, gateway.address);
  const sameHost = hostnameOf(url) === host;
  return {
    ...(address !== undefined ? { address } : {}),
    ...(sameHost && gateway.ca ? { ca: gateway.ca } : {}),
  };
}

/** A connection as the options of httpRequest. */
export function requestOptions(c: Connection): Pick<HttpRequest, 'address' | 'tls'> {
  return {
    ...(c.address !== undefined ? { address: c.address } : {}),
    ...(c.ca ? { tls: { ca: c.ca } } : {}),
  };
}
