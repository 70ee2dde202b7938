import { readBaseline, type Baseline } from '../audit/drift.js';
import { loadWaivers, type Waiver } from '../audit/waivers.js';
import { loadSigningKey } from '../pack/signing-key.js';
import type { ManifestSigningKey } from '../pack/signing-key.js';

/**
 * What `attesta run` takes as --waivers, --baseline and --sign-key, for a Playwright run:
 * ATTESTA_WAIVERS, ATTESTA_BASELINE and ATTESTA_SIGN_KEY. Read once when the run is planned (a bad
 * file stops it, exit 2, before any probe) and again by the reporter, which may run elsewhere
 * (merge-reports).
 */
export interface AuditInputs {
  waivers?: Waiver[];
  baseline?: Baseline;
  signingKey?: ManifestSigningKey;
}

export const AUDIT_ENV = {
  waivers: 'ATTESTA_WAIVERS',
  baseline: 'ATTESTA_BASELINE',
  signKey: 'ATTESTA_SIGN_KEY',
};

export async function auditInputs(env: NodeJS.ProcessEnv = process.env): Promise<AuditInputs> {
  const waivers = env[AUDIT_ENV.waivers];
  const baseline = env[AUDIT_ENV.baseline];
  const key = env[AUDIT_ENV.signKey];
  return {
    ...(waivers ? { waivers: await loadWaivers(waivers) } : {}),
    ...(baseline ? { baseline: await readBaseline(baseline) } : {}),
    ...(key ? { signingKey: await loadSigningKey(key) } : {}),
  };
}
