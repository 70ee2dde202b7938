import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { startAuthorizationServer } from '../../src/reference/pdnd/authorization-server.js';
import { PDND_VOUCHERS_FAULTS, startPdndVouchersReference } from '../../src/reference/pdnd/index.js';
import { runForTest } from '../support/run.js';

/**
 * The pdnd-vouchers part of the reference target with its own authorization server, as
 * src/reference/index.ts wires it, and a profile file written for it.
 */
export async function startVouchersReference(
  faults: readonly string[] = [],
  variant: Parameters<typeof startPdndVouchersReference>[3] = {},
) {
  const unknown = faults.filter((f) => !PDND_VOUCHERS_FAULTS.includes(f));
  if (unknown.length) throw new Error(`unknown fault(s) ${unknown.join(', ')}`);
  const set = new Set(faults);
  const dir = await mkdtemp(path.join(tmpdir(), 'attesta-pdnd-'));
  const as = await startAuthorizationServer({ faults: set });
  const part = await startPdndVouchersReference(dir, set, as, variant);
  const profileFile = path.join(dir, 'reference.yaml');
  const profile = { name: 'pdnd-reference', ...part.profile } as {
    name: string;
    pdndVouchers: Record<string, Record<string, unknown>>;
  };
  await writeFile(profileFile, stringify(profile));
  return {
    dir,
    profileFile,
    profile,
    as,
    /** Rewrites the profile (to point it elsewhere or plant secrets). */
    async rewrite(change: (p: typeof profile) => void) {
      change(profile);
      await writeFile(profileFile, stringify(profile));
    },
    async stop() {
      await part.stop();
      await as.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function runVouchers(profileFile: string, log?: (line: string) => void) {
  return runForTest({ targets: [profileFile], suites: ['pdnd-vouchers'], ...(log ? { log } : {}) });
}

/** The verdict of each pdnd-vouchers requirement against the conformant reference (DPoP-04: it issues no nonce). */
export const CONFORMANT: Readonly<Record<string, string>> = {
  'PDND-VOUCHER-01': 'pass',
  'PDND-VOUCHER-02': 'pass',
  'PDND-DPOP-03': 'pass',
  'PDND-PRODUCER-01': 'pass',
  'PDND-AUDIT-01': 'pass',
  'PDND-DPOP-01': 'pass',
  'PDND-DPOP-02': 'pass',
  'PDND-DPOP-04': 'not-applicable',
};
