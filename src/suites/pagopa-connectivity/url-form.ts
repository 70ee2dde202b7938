import type { Outcome, Site } from '../../core/suite.js';
import { isFqdn, isIpAddress } from '../../x509/hostname.js';

/**
 * pagoPA's service URL form, <PROTOCOL>://<FQDN>:<PORT>/<CONTEXT_PATH>: https, a fully qualified
 * host name (not an IP address), and the port and context path that the form names.
 */
export function judgeServiceUrl(site: Site): Outcome {
  const url = site.url;
  if (!url)
    return {
      finding: 'fail',
      reason: `"${site.rawUrl}" is not a URL.`,
      evidence: [{ label: 'service URL', outcome: site.rawUrl, finding: 'fail' }],
    };
  const explicitPort = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?(?:\[[^\]]+\]|[^:/?#]+):(\d+)/i.exec(
    site.rawUrl,
  )?.[1];
  const parts = {
    protocol: url.protocol.replace(/:$/, ''),
    fqdn: url.hostname,
    port: explicitPort ?? null,
    contextPath: url.pathname,
  };
  const evidence = [{ label: 'service URL', outcome: site.rawUrl, finding: 'info' as const, details: parts }];
  const failures: string[] = [];
  if (url.protocol !== 'https:') failures.push(`the protocol is ${parts.protocol}, not https`);
  if (isIpAddress(url.hostname)) failures.push(`the host ${url.hostname} is an IP address, not an FQDN`);
  else if (!isFqdn(url.hostname))
    failures.push(`the host "${url.hostname}" is not a fully qualified domain name`);
  if (failures.length)
    return {
      finding: 'fail',
      reason: `${failures.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()),
      evidence,
    };
  const gaps: string[] = [];
  if (!explicitPort) gaps.push('names no port (443 is implied)');
  if (url.pathname === '/' || url.pathname === '') gaps.push('has no context path');
  if (gaps.length)
    return {
      finding: 'warn',
      reason: `The URL is https on an FQDN but ${gaps.join(' and ')}, which pagoPA's form expects.`,
      evidence,
    };
  return {
    finding: 'pass',
    reason: `https on the FQDN ${url.hostname}, port ${explicitPort}, context path ${url.pathname}.`,
    evidence,
  };
}
