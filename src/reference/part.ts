/**
 * The shape of one platform's part of the reference target. Each part lives in
 * src/reference/<suite id>/index.ts and exports `part`; src/reference/index.ts finds it by the
 * suite id, as src/suites/index.ts finds a suite's code.
 */

/** Names, each with what it switches on. */
export type Descriptions = Readonly<Record<string, string>>;

/** Whether a fault or variant of a part is switched on: typed by its tables, so a misspelt name does not compile. */
export type Switch<Tables extends Descriptions> = (name: keyof Tables & string) => boolean;

export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * A server that several parts use, such as PDND's authorization server, which issues vouchers
 * for producers' e-services and for PDND's own gateway alike: started once per reference target,
 * when the first part asks for it, and stopped after the parts.
 */
export interface SharedService<T extends Stoppable> {
  readonly name: string;
  start(faults: ReadonlySet<string>): Promise<T>;
}

/** What a part is started with. Each part keeps the files it writes (keys, certificates) in `dir`. */
export interface PartContext {
  dir: string;
  /** Every fault and variant switched on (a part reacts to its own). */
  faults: ReadonlySet<string>;
  /** The shared service, started on the first call. */
  service<T extends Stoppable>(service: SharedService<T>): Promise<T>;
}

/** A started part: servers on loopback plus the block of the target profile that points at them. */
export interface ReferencePart extends Stoppable {
  /** The profile block, keyed by the suite's profile key (e.g. { pagopa: {...} }). */
  profile: Record<string, unknown>;
}

export interface ReferencePartModule<Options = never> {
  /** The suite id, which is also the part's folder name. */
  suite: string;
  /** Each breaks exactly one rule of the suite. */
  faults: Descriptions;
  /**
   * Behaviours that break no rule but are worth running against: compliant ones a check must not
   * fail (a 429, a nonce challenge, a TLS terminator) or ones that make a rule undecidable.
   * Switched on with `--fault NAME` like the faults.
   */
  variants: Descriptions;
  /** `options`: configurations only self-tests choose (another e-service type, a request counter). */
  start(context: PartContext, options?: Options): Promise<ReferencePart>;
}
