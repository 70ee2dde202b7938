/**
 * Every secret resolved from a profile is registered here, and every string that leaves the
 * process (reports, logs, attachments) passes through `redact`. Checks also avoid putting secrets
 * in evidence in the first place; this is the second line of defence.
 */
export const REDACTED = '[redacted]';

/** Shortest value worth redacting: shorter ones would shred unrelated text. */
const MIN_SECRET_LENGTH = 6;

export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string): void {
    const value = secret.trim();
    if (value.length >= MIN_SECRET_LENGTH) this.secrets.add(value);
    // A PEM key may leak line by line (a log that wraps it, an error that quotes it).
    for (const line of value.split(/\r?\n/)) {
      if (line.length >= 16 && !line.startsWith('-----')) this.secrets.add(line.trim());
    }
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is replaced whole.
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
    return out;
  }

  /**
   * A deep copy of a value as JSON holds it (what JSON.stringify keeps: no undefined, Dates as
   * strings), with every string and key redacted where it stands: redacting the serialized text
   * would miss a secret holding quotes or backslashes, which JSON escapes. Being JSON already, a
   * redacted report renders the same from memory as from its file.
   */
  redactValue<T>(value: T): T {
    return JSON.parse(JSON.stringify(value), (_key, v: unknown) => {
      if (typeof v === 'string') return this.redact(v);
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.redact(k), x]));
      }
      return v;
    }) as T;
  }
}

/** A token shown in evidence: header and claims are useful, the signature would make it replayable. */
export function cutSignature(jwt: string): string {
  const parts = jwt.split('.');
  return parts.length === 3 ? `${parts[0]}.${parts[1]}.[signature cut]` : REDACTED;
}
