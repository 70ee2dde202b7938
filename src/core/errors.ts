/** Where in a file a problem is: 1-based line and column, as editors count them. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A problem with the user's configuration or arguments: exit 2, nothing run. */
export class ConfigError extends Error {
  constructor(
    message: string,
    /** The file the problem is in, when there is one. */
    readonly file?: string,
    /** The field (JSON pointer style, e.g. /pagopa/sites/primary/url) or the option, when there is one. */
    readonly field?: string,
    /** The field's line and column in the file, when the file is a profile Attesta parsed. */
    readonly at?: SourcePosition,
  ) {
    super(message);
    this.name = 'ConfigError';
  }

  /** `file:line:column field: message`, the form editors and CI logs link to the line. */
  override toString(): string {
    const file = this.file && this.at ? `${this.file}:${this.at.line}:${this.at.column}` : this.file;
    const where = [file, this.field].filter(Boolean).join(' ');
    return where ? `${where}: ${this.message}` : this.message;
  }
}

/** How many problems a refusal lists; the rest are counted, so that a profile of 100,000 unknown keys gets a short message. */
export const LISTED_PROBLEMS = 20;

/**
 * Several independent problems found in one pass (schema violations, unreadable files, unset
 * environment variables across profiles and suite blocks), reported together so that a newcomer
 * fixes them in one go rather than one run at a time. The first LISTED_PROBLEMS are listed.
 */
export class ConfigErrors extends ConfigError {
  private constructor(
    readonly problems: readonly ConfigError[],
    /** Problems found beyond those listed. */
    readonly unlisted: number,
  ) {
    const first = problems[0]!;
    super(first.message, first.file, first.field, first.at);
    this.name = 'ConfigErrors';
  }

  /** One error for the problems given: the problem itself when there is one, undefined for none. */
  static of(problems: readonly ConfigError[], unlisted = 0): ConfigError | undefined {
    const flat = problems.flatMap((p) => (p instanceof ConfigErrors ? p.problems : [p]));
    const more = unlisted + problems.reduce((n, p) => n + (p instanceof ConfigErrors ? p.unlisted : 0), 0);
    if (flat.length <= 1 && !more) return flat[0];
    return new ConfigErrors(
      flat.slice(0, LISTED_PROBLEMS),
      more + Math.max(0, flat.length - LISTED_PROBLEMS),
    );
  }

  override toString(): string {
    const more = this.unlisted
      ? `\n  (and ${this.unlisted} more problem${this.unlisted > 1 ? 's' : ''})`
      : '';
    return `${this.problems.map(String).join('\n  ')}${more}`;
  }
}

/**
 * Collects the ConfigErrors of independent steps: each step runs even when an earlier one failed,
 * and `check()` throws them all together.
 */
export class ProblemList {
  private readonly problems: ConfigError[] = [];

  /** Runs a step; a ConfigError it throws is kept and the result is undefined. Other errors propagate. */
  async attempt<T>(step: () => Promise<T> | T): Promise<T | undefined> {
    try {
      return await step();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      this.problems.push(e);
      return undefined;
    }
  }

  add(problem: ConfigError): void {
    this.problems.push(problem);
  }

  get empty(): boolean {
    return this.problems.length === 0;
  }

  /** Throws every problem kept, as one error; returns when there is none. */
  check(): void {
    const error = ConfigErrors.of(this.problems);
    if (error) throw error;
  }
}

/** Exit status of a run interrupted before its first probe (DESIGN.md): nothing ran, no report. */
export const EXIT_INTERRUPTED = 130;

/** The run was interrupted while the profiles loaded: nothing was probed and no report is written. */
export class Interrupted extends Error {
  override name = 'Interrupted';
}
