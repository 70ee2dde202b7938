/**
 * A redirect is neither served nor refused (DESIGN.md): it is followed on the same origin with the
 * same request and identity, a bounded number of times, and otherwise reported with where it
 * pointed. This module is the one place of that rule, for the HTTP client and the TLS probe alike.
 */

/** Same-origin redirects followed before giving up (browsers allow 20; a service needs few). */
const MAX_REDIRECTS = 3;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A 3xx that was not followed, and why. */
export interface UnfollowedRedirect {
  status: number;
  /** The Location, resolved against the request URL (or as sent when it does not parse). */
  location: string;
  why: string;
}

export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/**
 * Where to send the request next, or why not: credentials go only to the origin they were
 * configured for, so a redirect to another origin (scheme, host or port) is never followed.
 */
export function nextHop(
  from: string,
  status: number,
  location: string | undefined,
  hops: number,
  max = MAX_REDIRECTS,
): { url: string } | { unfollowed: UnfollowedRedirect } | undefined {
  if (!isRedirect(status)) return undefined;
  const unfollowed = (where: string, why: string) => ({ unfollowed: { status, location: where, why } });
  if (!REDIRECTS.has(status) || !location)
    return unfollowed(location ?? '(none)', 'not a redirect to follow');
  let to: URL;
  try {
    to = new URL(location, from);
  } catch {
    return unfollowed(location, 'its Location does not parse');
  }
  if (to.origin !== new URL(from).origin)
    return unfollowed(to.href, 'another origin: the request and its credentials were not sent there');
  if (max === 0) return unfollowed(to.href, 'this request observes redirects, it does not follow them');
  if (hops >= max) return unfollowed(to.href, `more than ${max} redirects`);
  return { url: to.href };
}

/** The method of the next hop: 303 (and 301/302 after a POST, as every client does) becomes GET. */
export function methodAfter(status: number, method: string): string {
  return status === 303 || ((status === 301 || status === 302) && method === 'POST') ? 'GET' : method;
}

/** A redirect in a reason's words: "HTTP 302 to https://other.example/ (another origin: ...)". */
export function describeRedirect(r: UnfollowedRedirect): string {
  return `HTTP ${r.status} to ${r.location} (${r.why}), neither served nor refused`;
}
