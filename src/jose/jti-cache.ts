/**
 * Remembers the jti of each accepted proof or assertion until it expires, so a replay is caught.
 * Bounded: entries expire after `ttlMs`, and past `max` entries the oldest go first.
 */
export class JtiCache {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly max = 100_000,
  ) {}

  /** True when the jti is new (and records it); false for a replay. */
  claim(jti: string, now = Date.now()): boolean {
    for (const [k, expires] of this.seen) {
      if (expires > now && this.seen.size < this.max) break;
      this.seen.delete(k);
    }
    if (this.seen.has(jti)) return false;
    this.seen.set(jti, now + this.ttlMs);
    return true;
  }
}
