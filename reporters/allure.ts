import type { FullConfig } from '@playwright/test/reporter';
import { AllureReporter } from 'allure-playwright';
import { ALLURE_CATEGORIES, VERDICT_STATUS } from '../src/report/allure-mapping.js';

/**
 * allure-playwright with Attesta's mapping: the categories of the report's own words and the
 * verdict's status (an INCONCLUSIVE is "broken", a WARN says so). allure-playwright reads its
 * output folder from the first project, and `merge-reports` has none: then the results folder
 * stands in for it.
 */
export default class AttestaAllureReporter extends AllureReporter {
  constructor(options: { resultsDir: string }) {
    super({ ...options, categories: ALLURE_CATEGORIES, listeners: [VERDICT_STATUS] });
  }

  override onConfigure(config: FullConfig): void {
    if (config.projects.length) return super.onConfigure(config);
    const resultsDir = (this as unknown as { options: { resultsDir: string } }).options.resultsDir;
    super.onConfigure({ ...config, projects: [{ outputDir: resultsDir, snapshotDir: resultsDir }] } as never);
  }
}
