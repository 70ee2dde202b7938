import { createSecureContext, type SecureContext, type SecureContextOptions } from 'node:tls';
import { recentlyUsed } from '../core/recent.js';

/** A target's probes use a handful of settings, and targets run a few at a time. */
const contexts = recentlyUsed<SecureContext>(64);

/**
 * The secure context for these client settings (versions, ciphers, trust, identity), shared by
 * every probe that uses the same ones. Making one parses the key and loads the trust store, the
 * costliest part of a probe's own work, and a target's probes repeat a few settings dozens of
 * times. Sharing changes nothing on the wire: a client context holds no session (Node resumes a
 * session only when given one, which the probe never does).
 */
export function sharedContext(options: SecureContextOptions): SecureContext {
  return contexts(JSON.stringify(options), () => createSecureContext(options));
}
