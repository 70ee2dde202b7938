import { defineSuite } from '../../capabilities/index.js';
import { kinds } from './kinds.js';
import { resolveTarget } from './resolve.js';
import type { PdndInteropTarget } from './target.js';

export const suite = defineSuite<PdndInteropTarget>({
  id: 'pdnd-interop-v3',
  resolve: resolveTarget,
  sites: () => [],
  kinds,
});
