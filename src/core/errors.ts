/** A problem with the user's configuration or arguments: exit 2, nothing run. */
export class ConfigError extends Error {
  constructor(
    message: string,
    /** The file the problem is in, when there is one. */
    readonly file?: string,
    /** The field (JSON pointer style, e.g. /pagopa/sites/primary/url) or the option, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }

  override toString(): string {
    const where = [this.file, this.field].filter(Boolean).join(' ');
    return where ? `${where}: ${this.message}` : this.message;
  }
}

/** Exit status of a run interrupted before its first probe (DESIGN.md): nothing ran, no report. */
export const EXIT_INTERRUPTED = 130;

/** The run was interrupted while the profiles loaded: nothing was probed and no report is written. */
export class Interrupted extends Error {
  override name = 'Interrupted';
}
