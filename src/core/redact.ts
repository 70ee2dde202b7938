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
   * Deep copy of a JSON-like value with every string (keys included) redacted where it stands, so a
   * secret holding quotes or backslashes is found as it is, not as JSON escapes it.
   */
  redactValue<T>(value: T): T {
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.redact(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.redact(k), walk(x)]));
      }
      return v;
    };
    return walk(value) as T;
  }
}

/** A token shown in evidence: header and claims are useful, the signature would make it replayable. */
export function cutSignature(jwt: string): string {
  const parts = jwt.split('.');
  return parts.length === 3 ? `${parts[0]}.${parts[1]}.[signature cut]` : REDACTED;
}
