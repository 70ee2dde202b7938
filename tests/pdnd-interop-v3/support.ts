import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { Redactor } from '../../src/core/redact.js';
import { loadProfile, ProfileReader } from '../../src/profile/load.js';
import { suite } from '../../src/suites/pdnd-interop-v3/index.js';
import { GatewaySession } from '../../src/suites/pdnd-interop-v3/session.js';

export const SUITE = ['pdnd-interop-v3'];

export const REAL_OPENAPI = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'shared',
  'data',
  'pdnd-openapi',
  'm2mGatewayApiV3.yml',
);

/** A session on a target profile, resolved as the engine does, for probing one step by hand. */
export async function sessionFor(profileFile: string): Promise<GatewaySession> {
  const profile = await loadProfile(profileFile);
  const reader = new ProfileReader(profile, new Redactor());
  const target = await suite.resolve(reader, profile.data['pdndInterop'] as Record<string, unknown>);
  return new GatewaySession(target, DEFAULT_SETTINGS);
}

/** Every requirement id of the suite, in catalogue order. */
export const PDND3_IDS: readonly string[] = [
  'PDND3-AUTH-01',
  'PDND3-BASE-01',
  'PDND3-INT-01',
  'PDND3-INT-02',
  'PDND3-INT-03',
  'PDND3-INT-04',
  'PDND3-RATE-01',
  'PDND3-PAGE-01',
  'PDND3-SCHEMA-01',
  'PDND3-SCHEMA-02',
  'PDND3-SCHEMA-03',
  'PDND3-USERS-01',
  'PDND3-RBAC-01',
];
