import { defineConfig } from '@playwright/test';

// Playwright Test runs the self-tests; no browser is needed except where a test launches Debian's chromium itself.
export default defineConfig({
  testDir: 'tests',
  timeout: 60_000,
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env['CI']),
  reporter: process.env['CI'] ? [['list'], ['junit', { outputFile: 'test-results/junit.xml' }]] : 'list',
});
