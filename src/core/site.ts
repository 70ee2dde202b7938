import type { Site } from './suite.js';

/**
 * A site from its URL as written; an unparsable URL still makes a site, so a static check of the
 * URL can judge it. `probeUrl` is the URL actually requested when it differs (a path added).
 */
export function siteOf(name: string, raw: { url: string; address?: string }, probeUrl = raw.url): Site {
  let url: URL | undefined;
  try {
    url = new URL(probeUrl);
  } catch {
    url = undefined;
  }
  const host = url?.hostname.replace(/^\[|\]$/g, '') ?? '';
  const port = url ? Number(url.port || (url.protocol === 'http:' ? 80 : 443)) : 0;
  return { name, rawUrl: raw.url, ...(url ? { url } : {}), host, port, address: raw.address ?? host };
}
