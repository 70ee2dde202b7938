/**
 * For `npx playwright merge-reports --config reporters/merge.config.ts <blob folders>`: one
 * compliance report (and Allure results) from the blob reports of a sharded run. It plans
 * nothing and starts nothing: the shards' attachments hold every result.
 */
const out = process.env['ATTESTA_OUT'] ?? `reports/${new Date().toISOString().replace(/[:.]/g, '-')}`;

export default {
  reporter: [
    ['list'],
    ['./allure.ts', { resultsDir: `${out}/allure-results` }],
    ['./compliance.ts', { outputDir: out }],
  ],
};
