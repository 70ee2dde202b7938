import type { ResultRecord, SuiteDefinition } from '../core/suite.js';

/**
 * Results by target, then the catalogue's order of requirements, then site. Ids the catalogue does
 * not have (checks of a user's own, through the Playwright fixtures) come after its own, by id.
 */
export function catalogueOrder(
  definitions: readonly SuiteDefinition[],
): (a: ResultRecord, b: ResultRecord) => number {
  const order = new Map(definitions.flatMap((d) => d.requirements.map((r) => r.id)).map((id, i) => [id, i]));
  const rank = (id: string) => order.get(id) ?? order.size;
  return (a, b) =>
    a.target.localeCompare(b.target) ||
    rank(a.id) - rank(b.id) ||
    a.id.localeCompare(b.id) ||
    a.site.localeCompare(b.site);
}
