import { newAjv, schemaProblem } from '../core/json-schema.js';
import type { SuiteDefinition, SuiteModule } from '../core/suite.js';
import type { SuiteCatalogue } from '../core/engine.js';
import { loadSuiteDefinitions } from '../core/suite-definitions.js';

/** A kind's `with:` against the schema the kind declares: a wrong parameter is found at load, not mid-run. */
function checkParams(suite: SuiteModule<unknown>, definition: SuiteDefinition): void {
  for (const r of definition.requirements) {
    const schema = r.check === undefined ? undefined : suite.kinds[r.check]?.params;
    if (!schema) continue;
    const validate = newAjv().compile(schema);
    if (!validate(r.with ?? {})) {
      const problem = schemaProblem(validate.errors);
      throw new Error(`suite ${definition.id}, ${r.id}: with${problem.field}: ${problem.message}`);
    }
  }
}

/**
 * The code of each suite lives in src/suites/<suite id>/index.ts and exports `suite`. Loading by
 * id keeps this file free of a hand-kept list; a definition without code is an error, not a skip,
 * and so is a kind that no code answers to or a `with:` its kind does not admit.
 */
export function loadCatalogue(dir?: string): Promise<SuiteCatalogue> {
  // Once per process: a Playwright worker asks for it at every campaign, and it never changes.
  const key = dir ?? '';
  let catalogue = catalogues.get(key);
  if (!catalogue) catalogues.set(key, (catalogue = readCatalogue(dir)));
  // A failed load is not kept: the next caller gets the error afresh.
  catalogue.catch(() => catalogues.delete(key));
  return catalogue;
}

const catalogues = new Map<string, Promise<SuiteCatalogue>>();

async function readCatalogue(dir?: string): Promise<SuiteCatalogue> {
  const definitions = await loadSuiteDefinitions(dir);
  const modules: Record<string, SuiteModule<unknown>> = {};
  for (const d of definitions) {
    const mod = (await import(`./${d.id}/index.js`)) as { suite: SuiteModule<unknown> };
    if (mod.suite.id !== d.id) throw new Error(`src/suites/${d.id} exports suite ${mod.suite.id}`);
    const missing = d.requirements
      .flatMap((r) => (r.check === undefined ? [] : [r.check]))
      .filter((c) => !Object.hasOwn(mod.suite.kinds, c));
    if (missing.length)
      throw new Error(`suite ${d.id} names check kinds it does not implement: ${missing.join(', ')}`);
    const checkedManual = d.requirements.filter((r) => r.level === 'MANUAL' && r.check !== undefined);
    if (checkedManual.length)
      throw new Error(
        `suite ${d.id}: ${checkedManual.map((r) => r.id).join(', ')} is MANUAL, so no check kind decides it: remove its check`,
      );
    checkParams(mod.suite, d);
    modules[d.id] = mod.suite;
  }
  return { definitions, modules };
}
