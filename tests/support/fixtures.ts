/**
 * Playwright fixtures for the self-tests: the reference target (with its faults, its suites and
 * the options of its parts), real nginx instances, and a TCP port that never answers. Every one is
 * stopped when its test ends, whatever the test did.
 *
 *     test.use({ faults: ['pagopa.no-san'], suites: ['pagopa-connectivity'] });
 *     test('...', async ({ reference }) => { const { report } = await reference.run(); ... });
 *
 * All are test-scoped: a reference starts in about a second, and its servers keep state (nonces,
 * replay caches, keys added, rate-limit counters) that one test must not leave to the next.
 */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { test as base } from '@playwright/test';
import { parse, stringify } from 'yaml';
import { startReference } from '../../src/reference/index.js';
import type { PagopaOptions } from '../../src/reference/pagopa-connectivity/index.js';
import type { PdndGatewayOptions } from '../../src/reference/pdnd-interop-v3/index.js';
import type { VouchersOptions } from '../../src/reference/pdnd-vouchers/index.js';
import type { RunOptions } from '../../src/run.js';
import { createTestPki, startNginx, type NginxConfigName, type NginxTarget } from './nginx.js';
import { runForTest, type TestRunOutcome } from './run.js';

/** A target profile as tests edit it: any field, any depth. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EditableProfile = Record<string, any>;

/** Options of the reference's parts, by suite id. */
export interface PartOptions {
  'pagopa-connectivity'?: PagopaOptions;
  'pdnd-vouchers'?: VouchersOptions;
  'pdnd-interop-v3'?: PdndGatewayOptions;
}

export interface ReferenceSetup {
  /** Faults and variants to switch on. */
  faults: string[];
  /** The suites whose parts start and which `run` runs; none: every part, every suite. */
  suites: string[];
  partOptions: PartOptions;
}

export interface RunningReference {
  profileFile: string;
  /** The profile's folder, with the keys and certificates it names. */
  dir: string;
  /** The profile as last written. */
  profile: EditableProfile;
  /** Changes the profile and writes it again (to break the client side, not the server). */
  rewrite(change: (profile: EditableProfile) => void | Promise<void>): Promise<void>;
  /** Runs the setup's suites against this reference, as `attesta run --target` does. */
  run(options?: Partial<RunOptions>): Promise<TestRunOutcome>;
}

/** Runs the suites against a target profile, with the self-tests' short timeouts. */
export function runAgainst(
  target: { profileFile: string },
  suites: readonly string[],
  options: Partial<RunOptions> = {},
): Promise<TestRunOutcome> {
  return runForTest({ targets: [target.profileFile], suites, ...options });
}

/** Starts a reference for the fixtures below, which stop it. */
async function startTestReference(
  setup: ReferenceSetup,
): Promise<RunningReference & { stop(): Promise<void> }> {
  const ref = await startReference({
    faults: setup.faults,
    suites: setup.suites,
    partOptions: setup.partOptions as Record<string, unknown>,
  });
  const profile = parse(await readFile(ref.profileFile, 'utf8')) as EditableProfile;
  return {
    profileFile: ref.profileFile,
    dir: ref.dir,
    profile,
    async rewrite(change) {
      await change(profile);
      await writeFile(ref.profileFile, stringify(profile));
    },
    run: (options) => runAgainst(ref, setup.suites, options),
    stop: ref.stop,
  };
}

/** A loopback TCP server that accepts connections and never writes a byte. */
async function silentServer(): Promise<Server> {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

interface Fixtures {
  faults: string[];
  suites: string[];
  partOptions: PartOptions;
  /** The reference target as the options set it up. */
  reference: RunningReference;
  /** Starts more references (several targets in one run, or options computed in the test). */
  launchReference: (setup?: Partial<ReferenceSetup>) => Promise<RunningReference>;
  nginxConfig: NginxConfigName;
  /** One nginx in `nginxConfig`. */
  nginx: NginxTarget;
  /** One nginx per configuration, sharing one test PKI: the sites of one entity, primary first. */
  nginxSiteConfigs: NginxConfigName[];
  nginxSites: NginxTarget[];
  /** A loopback port that accepts TCP but never answers. */
  silentPort: number;
}

export const test = base.extend<Fixtures>({
  faults: [[], { option: true }],
  suites: [[], { option: true }],
  partOptions: [{}, { option: true }],
  launchReference: async ({ faults, suites, partOptions }, use) => {
    const started: { stop(): Promise<void> }[] = [];
    await use(async (setup = {}) => {
      const ref = await startTestReference({ faults, suites, partOptions, ...setup });
      started.push(ref);
      return ref;
    });
    await Promise.all(started.map((r) => r.stop()));
  },
  reference: async ({ launchReference }, use) => use(await launchReference()),
  nginxConfig: ['compliant', { option: true }],
  nginx: async ({ nginxConfig }, use, testInfo) => {
    const nginx = await startNginx(nginxConfig);
    await use(nginx);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('nginx-error.log', {
        body: await nginx.errorLog().catch(() => ''),
        contentType: 'text/plain',
      });
    }
    await nginx.stop();
  },
  nginxSiteConfigs: [['compliant'], { option: true }],
  nginxSites: async ({ nginxSiteConfigs }, use) => {
    const pki = await createTestPki();
    const sites: NginxTarget[] = [];
    try {
      for (const config of nginxSiteConfigs) sites.push(await startNginx(config, pki));
      await use(sites);
    } finally {
      await Promise.all(sites.map((s) => s.stop()));
    }
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
  silentPort: async ({}, use) => {
    const server = await silentServer();
    await use((server.address() as AddressInfo).port);
    server.close();
  },
});

export { expect } from '@playwright/test';
