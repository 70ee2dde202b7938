import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { OpenApiDocument } from '../../src/openapi/document.js';
import { startAuthorizationServer } from '../../src/reference/pdnd/authorization-server.js';
import { startPdndGatewayReference } from '../../src/reference/pdnd-gateway/index.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { Redactor } from '../../src/core/redact.js';
import { loadProfile, ProfileReader } from '../../src/profile/load.js';
import { suite } from '../../src/suites/pdnd-interop-v3/index.js';
import { GatewaySession } from '../../src/suites/pdnd-interop-v3/session.js';

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

export interface GatewayTarget {
  profileFile: string;
  dir: string;
  block: Record<string, unknown>;
  stop(): Promise<void>;
}

/**
 * The reference gateway and authorization server, with a target profile written for them, as
 * src/reference/index.ts would. `edit` changes the pdndInterop block before it is written.
 */
export async function startGatewayTarget(
  opts: {
    faults?: string[];
    description?: OpenApiDocument;
    onRequest?: (method: string, path: string) => void;
    edit?: (block: Record<string, unknown>, dir: string) => void | Promise<void>;
  } = {},
): Promise<GatewayTarget> {
  const dir = await mkdtemp(path.join(tmpdir(), 'attesta-pdnd3-'));
  const as = await startAuthorizationServer({ faults: new Set() });
  const part = await startPdndGatewayReference(dir, new Set(opts.faults ?? []), as, {
    ...(opts.description ? { description: opts.description } : {}),
    ...(opts.onRequest ? { onRequest: opts.onRequest } : {}),
  });
  const block = part.profile['pdndInterop'] as Record<string, unknown>;
  await opts.edit?.(block, dir);
  const profileFile = path.join(dir, 'target.yaml');
  await writeFile(profileFile, stringify({ name: 'pdnd-reference', pdndInterop: block }));
  return {
    profileFile,
    dir,
    block,
    stop: async () => {
      await part.stop();
      await as.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

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
