import type { Site, SuiteModule } from '../../core/suite.js';
import { checks } from './checks.js';
import { resolvePdndVouchers, type PdndVouchersTarget } from './target.js';

/** The e-service is the single site ("primary"); the authorization server is the platform. */
function sites(t: PdndVouchersTarget): Site[] {
  let url: URL | undefined;
  try {
    url = new URL(t.eservice.url);
  } catch {
    url = undefined;
  }
  const port = url ? Number(url.port) || (url.protocol === 'http:' ? 80 : 443) : 0;
  const host = url?.hostname.replace(/^\[|\]$/g, '') ?? '';
  return [
    { name: 'primary', rawUrl: t.eservice.rawUrl, url, host, port, address: t.eservice.address ?? host },
  ];
}

export const suite: SuiteModule<PdndVouchersTarget> = {
  id: 'pdnd-vouchers',
  resolve: resolvePdndVouchers,
  sites,
  checks,
};
