import { defineSuite } from '../../capabilities/index.js';
import type { PDNDVouchers } from '../../profile/blocks.generated.js';
import { siteOf } from '../../core/site.js';
import type { Site } from '../../core/suite.js';
import { kinds } from './kinds.js';
import { resolvePdndVouchers, type PdndVouchersTarget } from './target.js';

/** The e-service is the single site ("primary"); the authorization server is the platform. */
const sites = (t: PdndVouchersTarget): Site[] => [
  siteOf(
    'primary',
    { url: t.eservice.rawUrl, ...(t.eservice.address ? { address: t.eservice.address } : {}) },
    t.eservice.url,
  ),
];

export const suite = defineSuite<PdndVouchersTarget, PDNDVouchers>({
  id: 'pdnd-vouchers',
  resolve: resolvePdndVouchers,
  sites,
  kinds,
});
