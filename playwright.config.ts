import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { compliancePlan } from './src/playwright/plan.js';

/**
 * The compliance suites as Playwright tests: `npx playwright test`.
 *
 *   ATTESTA_TARGETS  profile files and folders of profiles, comma-separated (default: the embedded
 *                    reference target); one Playwright project per target
 *   ATTESTA_SUITES   suite ids (default: every suite a profile has a block for)
 *   ATTESTA_FAULTS   faults of the reference target (demos and self-tests)
 *   ATTESTA_OUT      the compliance report folder (default: reports/<timestamp>)
 *   ATTESTA_SIGN_KEY the manifest's signing key, env:NAME or file:PATH (as attesta run --sign-key)
 *   ATTESTA_WAIVERS  a waivers file (as --waivers); ATTESTA_BASELINE an earlier report (as --baseline)
 *
 * Attesta's own self-tests have their own config: tests/playwright.config.ts (`npm test`).
 */
const ROOT = fileURLToPath(new URL('.', import.meta.url));
const plan = await compliancePlan(ROOT);
const out = process.env['ATTESTA_OUT'] ?? `reports/${new Date().toISOString().replace(/[:.]/g, '-')}`;
// A sharded run also writes a blob report, for `npx playwright merge-reports` (reporters/merge.config.ts).
const sharded = process.argv.some((a) => a.startsWith('--shard'));

export default defineConfig<object, { attestaTarget: string }>({
  testDir: '.',
  // A target's suites are separate test groups: each runs whole in one worker and one shard.
  fullyParallel: false,
  // The engine bounds every probe and check; a suite's campaign runs inside its first test.
  timeout: 10 * 60_000,
  forbidOnly: Boolean(process.env['CI']),
  metadata: { attesta: { reference: Boolean(plan.reference), provenance: plan.provenance } },
  reporter: [
    ['list'],
    ['./reporters/allure.ts', { resultsDir: `${out}/allure-results` }],
    ['./reporters/compliance.ts', { outputDir: out }],
    ...(sharded ? ([['blob']] as const) : []),
  ],
  projects: plan.targets.map((target) => ({
    name: target.name,
    testMatch: [`${plan.specDir}/${target.slug}/*.spec.ts`, 'checks/**/*.spec.ts'],
    use: { attestaTarget: target.name },
  })),
});
