import { defineSuite } from '../../capabilities/index.js';
import type { PDNDInteroperabilitaAPIV3 } from '../../profile/blocks.generated.js';
import { kinds } from './kinds.js';
import { resolveTarget } from './target.js';
import type { PdndInteropTarget } from './target.js';

export const suite = defineSuite<PdndInteropTarget, PDNDInteroperabilitaAPIV3>({
  id: 'pdnd-interop-v3',
  resolve: resolveTarget,
  sites: () => [],
  kinds,
});
