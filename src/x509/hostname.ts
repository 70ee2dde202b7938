/**
 * Host name matching per RFC 6125 section 6.4, as the CA/Browser Forum applies it: case-insensitive,
 * a wildcard only as the whole left-most label, matching exactly one label, never on a public
 * suffix-like name of two labels or fewer, and never an IP address.
 */
export function matchesHostname(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!p || !h) return false;
  if (!p.includes('*')) return p === h;
  const [first, ...rest] = p.split('.');
  if (first !== '*' || rest.length < 2 || rest.some((l) => l.includes('*'))) return false;
  const hostLabels = h.split('.');
  if (hostLabels.length !== rest.length + 1 || !hostLabels[0]) return false;
  return hostLabels.slice(1).join('.') === rest.join('.');
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

export function isIpAddress(host: string): boolean {
  return IPV4.test(host) || host.includes(':') || host.startsWith('[');
}

/** A fully qualified domain name: at least two valid labels, not an IP address, not a bare name. */
export function isFqdn(host: string): boolean {
  if (isIpAddress(host)) return false;
  const labels = host.replace(/\.$/, '').split('.');
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels.at(-1)!);
}
