/**
 * A profile's address override (like curl --resolve) is given for one host: it applies to another
 * URL of the same profile only when that URL names the same host name. A JWKS or token endpoint on
 * another host is resolved as usual.
 */
export function addressFor(
  url: string,
  overriddenHost: string,
  address: string | undefined,
): string | undefined {
  if (address === undefined) return undefined;
  try {
    return new URL(url).hostname.toLowerCase() === overriddenHost.toLowerCase() ? address : undefined;
  } catch {
    return undefined;
  }
}
