import type { ResultRecord, SuiteDefinition } from '../core/suite.js';
import { applyLevel } from '../core/verdict.js';

/**
 * The annotation that names a compliance test's requirement, site and target (fixtures/compliance.ts),
 * for the reporter to report a test that decided nothing. Its type is an Allure metadata name, so
 * allure-playwright keeps it as a label rather than showing it as a step.
 */
export const REQUIREMENT_ANNOTATION = '@allure.label.attestaRequirement';

export interface RequirementRef {
  target: string;
  suite: string;
  id: string;
  site: string;
}

/**
 * The result of a compliance test that decided nothing - the run was interrupted, or Playwright
 * ended the test (a crash, its own timeout) before the verdict: INCONCLUSIVE, saying why, never
 * left out of the report.
 */
export function undecided(
  ref: RequirementRef,
  definitions: readonly SuiteDefinition[],
  why: string,
): ResultRecord {
  const definition = definitions.find((d) => d.id === ref.suite);
  const requirement = definition?.requirements.find((r) => r.id === ref.id);
  if (!definition || !requirement) throw new Error(`the catalogue has no ${ref.suite} ${ref.id}`);
  return {
    id: ref.id,
    suite: ref.suite,
    suiteTitle: definition.title,
    level: requirement.level,
    target: ref.target,
    site: ref.site,
    verdict: applyLevel(requirement.level, 'inconclusive'),
    reason: `Not decided: ${why}.`,
    evidence: [],
    source: definition.source,
    ...(requirement.section ? { section: requirement.section } : {}),
    statement: requirement.statement,
    verify: requirement.verify,
    startedAt: new Date().toISOString(),
    durationMs: 0,
  };
}
