import { defineConfig } from '@playwright/test';

// Attesta's own self-tests (`npm test`); the compliance suites have the root playwright.config.ts.
// No browser is needed except where a test launches Debian's chromium itself.
export default defineConfig({
  testDir: '.',
  outputDir: '../test-results/self-tests',
  timeout: 60_000,
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env['CI']),
  reporter: process.env['CI'] ? [['list'], ['junit', { outputFile: '../test-results/junit.xml' }]] : 'list',
});
