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
