/** Knobs of one run. Defaults suit a real target; self-tests lower the timeouts. */
export interface RunSettings {
  /** Time allowed for one TLS or HTTP probe. */
  probeTimeoutMs: number;
  /** Time allowed for one check, all its probes included. */
  checkTimeoutMs: number;
  /** Checks of one target that run at once. */
  concurrency: number;
  /**
   * Targets probed at once. Memory and the load on shared servers follow it, not the number of
   * targets; a few per core keep both cores busy while handshakes wait on the network.
   */
  targetConcurrency: number;
  /**
   * Cipher string for legacy (TLS 1.0/1.1) probes. OpenSSL 3 refuses SHA-1 signatures at its
   * default security level, so without SECLEVEL=0 the probe cannot complete such a handshake.
   */
  legacyCiphers: string;
}

export const DEFAULT_SETTINGS: RunSettings = {
  probeTimeoutMs: 10_000,
  checkTimeoutMs: 120_000,
  concurrency: 8,
  targetConcurrency: 8,
  legacyCiphers: 'DEFAULT@SECLEVEL=0',
};
