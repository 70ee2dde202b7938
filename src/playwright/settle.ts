import { expect, test } from '@playwright/test';
import * as allure from 'allure-js-commons';
import {
  getGlobalTestRuntimeWithAutoconfig,
  type BaseMessageTestRuntime,
} from 'allure-js-commons/sdk/runtime';
import type { ResultRecord } from '../core/suite.js';
import {
  allureDescription,
  allureIds,
  allureLabels,
  allureLinks,
  allureParameters,
  evidenceSteps,
  verdictLabels,
} from '../report/allure-mapping.js';
import { VERDICT_LABEL } from '../report/describe.js';
import type { OriginTraffic } from '../http/traffic.js';

/** The attachment that carries a result to the compliance reporter, also across merge-reports. */
export const RESULT_ATTACHMENT = 'attesta-result.json';

/** What a result attachment holds: the redacted result, and the campaign that decided it. */
export interface ResultAttachment {
  result: ResultRecord;
  campaign?: { key: string; traffic: OriginTraffic[] };
}

/**
 * Evidence and labels for allure-playwright, by the mapping `attesta run`'s Allure results use.
 * The metadata goes as one runtime message: allure-playwright carries each message as a test
 * attachment, and one per label, link and parameter cluttered every test's attachments and
 * cost a Playwright step each.
 */
async function describeForAllure(r: ResultRecord): Promise<void> {
  const runtime = await getGlobalTestRuntimeWithAutoconfig();
  const data = {
    ...allureIds(r),
    description: allureDescription(r),
    labels: [...allureLabels(r), ...verdictLabels(r)],
    links: allureLinks(r),
    parameters: allureParameters(r),
  };
  // Duck-typed: allure-playwright may load the other (CJS or ESM) build of the SDK's classes.
  const messages = runtime as Partial<Pick<BaseMessageTestRuntime, 'sendMessage'>>;
  await messages.sendMessage?.({ type: 'metadata', data });
  for (const step of evidenceSteps(r)) await allure.logStep(step.name, step.status);
  await allure.attachment('evidence', JSON.stringify(r.evidence, null, 2), 'application/json');
}

/** Records a result on the running test: attachment, annotation, Allure metadata. */
export async function attachResult(attachment: ResultAttachment): Promise<void> {
  const info = test.info();
  const { result } = attachment;
  await info.attach(RESULT_ATTACHMENT, { body: JSON.stringify(attachment), contentType: 'application/json' });
  info.annotations.push({
    type: 'verdict',
    description: `${VERDICT_LABEL[result.verdict]}: ${result.reason}`,
  });
  await describeForAllure(result);
}

/**
 * Playwright's status for a verdict, never kinder than the verdict: a FAIL is a failed assertion;
 * an INCONCLUSIVE fails the test too (an error, not an assertion: Allure shows it "broken"), since
 * Playwright has no "undecided" status and a skip reads as harmless on every dashboard, whereas
 * an undecided MUST blocks compliance as `attesta run`'s exit 3 does. NOT APPLICABLE and MANUAL
 * are skips; WARN passes. The verdict itself is the "verdict" annotation every reporter shows.
 */
export function applyVerdict(r: Pick<ResultRecord, 'verdict' | 'reason'>): void {
  const said = `${VERDICT_LABEL[r.verdict]}: ${r.reason}`;
  switch (r.verdict) {
    case 'pass':
    case 'warn':
      return;
    case 'not-applicable':
    case 'manual':
      test.skip(true, said);
      return;
    case 'fail':
      expect(r.verdict, said).toBe('pass');
      return;
    case 'inconclusive':
      throw new Error(said);
  }
}
