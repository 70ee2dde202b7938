import type { SuiteModule } from '../core/suite.js';
import type { SuiteCatalogue } from '../core/engine.js';
import { loadSuiteDefinitions } from '../core/suite-definitions.js';

/**
 * The code of each suite lives in src/suites/<suite id>/index.ts and exports `suite`. Loading by
 * id keeps this file free of a hand-kept list; a definition without code is an error, not a skip.
 */
export async function loadCatalogue(dir?: string): Promise<SuiteCatalogue> {
  const definitions = await loadSuiteDefinitions(dir);
  const modules: Record<string, SuiteModule<unknown>> = {};
  for (const d of definitions) {
    const mod = (await import(`./${d.id}/index.js`)) as { suite: SuiteModule<unknown> };
    if (mod.suite.id !== d.id) throw new Error(`src/suites/${d.id} exports suite ${mod.suite.id}`);
    const missing = d.requirements.map((r) => r.check).filter((c) => !Object.hasOwn(mod.suite.kinds, c));
    if (missing.length)
      throw new Error(`suite ${d.id} names check kinds it does not implement: ${missing.join(', ')}`);
    modules[d.id] = mod.suite;
  }
  return { definitions, modules };
}
