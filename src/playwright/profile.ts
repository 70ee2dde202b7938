import { inspect } from 'node:util';
import { Redactor } from '../core/redact.js';
import { planTarget, type PlanTarget } from './plan.js';

/**
 * A target profile with every file and secret read, as the suites resolve it. It never prints
 * itself: JSON, console.log and Playwright's error output see its name only, since its suites'
 * blocks hold keys and api keys.
 */
export class ResolvedProfile {
  private constructor(
    readonly name: string,
    readonly file: string,
    private readonly suites: ReadonlyMap<string, unknown>,
    /** Knows every secret the profile named: pass your own output through it. */
    readonly redactor: Redactor,
  ) {}

  static async load(target: PlanTarget): Promise<ResolvedProfile> {
    const redactor = new Redactor();
    const planned = await planTarget(
      target,
      target.suites.map((s) => s.id),
      redactor,
    );
    const suites = new Map(planned.suites.map((s) => [s.definition.id, s.target]));
    return new ResolvedProfile(target.name, target.profileFile, suites, redactor);
  }

  /** A suite's resolved block (e.g. PagopaTarget for "pagopa-connectivity"), if the profile has it. */
  suite<T>(id: string): T | undefined {
    return this.suites.get(id) as T | undefined;
  }

  toJSON(): string {
    return this.toString();
  }

  toString(): string {
    return `[target profile ${this.name}: secrets not shown]`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
