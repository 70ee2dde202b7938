import { randomBytes } from 'node:crypto';
import type { EServiceFault } from './faults.js';

/** Bound on the nonces remembered for the stale-nonce fault: a run issues few. */
const MAX_REMEMBERED = 10_000;

/**
 * The e-service's DPoP nonces. The nonce is replaced after every accepted call; the one it replaced
 * stays valid too, so calls in flight are not challenged again, and older ones are stale.
 */
export class Nonces {
  private current = newNonce();
  private previous: string | undefined;
  /** Every nonce issued, for the fault that keeps them all valid. */
  private readonly issued = new Set([this.current]);

  constructor(private readonly on: (fault: EServiceFault) => boolean) {}

  get value(): string {
    return this.current;
  }

  rotate(): void {
    this.previous = this.current;
    this.current = newNonce();
    if (this.issued.size < MAX_REMEMBERED) this.issued.add(this.current);
  }

  valid(n: string | undefined): boolean {
    return (
      n !== undefined &&
      (this.on('vouchers.nonce-not-verified') ||
        n === this.current ||
        n === this.previous ||
        (this.on('vouchers.stale-nonce-accepted') && this.issued.has(n)))
    );
  }
}

function newNonce(): string {
  return randomBytes(16).toString('base64url');
}
