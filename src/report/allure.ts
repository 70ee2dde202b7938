import { Stage } from 'allure-js-commons';
import { ReporterRuntime, type Writer } from 'allure-js-commons/sdk/reporter';
import type { ResultRecord } from '../core/suite.js';
import {
  ALLURE_CATEGORIES,
  ALLURE_STATUS,
  allureDescription,
  allureEnvironment,
  allureExecutor,
  allureIds,
  allureLabels,
  allureLinks,
  allureName,
  allureParameters,
  allureStatusDetails,
  evidenceSteps,
} from './allure-mapping.js';
import { showControls } from './escape.js';
import type { RunReport } from './model.js';
import type { ReportFile, Reporter } from './reporter.js';

const DIR = 'allure-results';

/** Allure shows the strings it parses: control and bidirectional characters are escaped in them, visibly. */
function allureJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? showControls(v) : v), 2);
}

/** Java properties: ISO-8859-1 with \uXXXX escapes, so any target name survives. */
function property(key: string, value: string): string {
  const escape = (s: string, isKey: boolean) =>
    s
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(/\t/g, '\\t')
      .replace(isKey ? /[=: #!]/g : /^ /, (c) => `\\${c}`)
      .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${escape(key, true)}=${escape(value, false)}`;
}

/**
 * allure-js-commons' writer interface, collecting files instead of writing them: the report
 * writer (write.ts) owns the folder and runs the last text check for secrets over every file.
 */
class CollectingWriter implements Writer {
  private files: ReportFile[] = [];

  drain(): ReportFile[] {
    return this.files.splice(0);
  }
  writeResult(result: object & { uuid: string }): void {
    this.files.push({ path: `${DIR}/${result.uuid}-result.json`, content: allureJson(result) });
  }
  writeGroup(result: object & { uuid: string }): void {
    this.files.push({ path: `${DIR}/${result.uuid}-container.json`, content: allureJson(result) });
  }
  writeAttachment(name: string, content: Buffer): void {
    this.files.push({ path: `${DIR}/${name}`, content: content.toString('utf8') });
  }
  writeAttachmentFromPath(): void {
    throw new Error('Attesta attaches content, never a file path');
  }
  writeEnvironmentInfo(info: Record<string, string | undefined>): void {
    const lines = Object.entries(info).map(([k, v]) => property(k, v ?? ''));
    this.files.push({ path: `${DIR}/environment.properties`, content: lines.join('\n') + '\n' });
  }
  writeCategoriesDefinitions(categories: unknown[]): void {
    this.files.push({ path: `${DIR}/categories.json`, content: JSON.stringify(categories, null, 2) });
  }
  writeGlobals(): void {}
}

/** One Allure test result per requirement result: its labels, evidence steps and evidence attachment. */
function resultFiles(r: ResultRecord): ReportFile[] {
  const writer = new CollectingWriter();
  const runtime = new ReporterRuntime({ writer });
  const start = Date.parse(r.startedAt);
  const uuid = runtime.startTest({
    ...allureIds(r),
    name: allureName(r),
    fullName: `${r.suite}.${r.target}.${r.site}.${r.id}`,
    description: allureDescription(r),
    labels: allureLabels(r),
    links: allureLinks(r),
    parameters: allureParameters(r),
    start,
  });
  for (const step of evidenceSteps(r)) {
    const stepUuid = runtime.startStep(uuid, undefined, { name: step.name, start });
    runtime.updateStep(stepUuid!, (s) => void (s.status = step.status));
    runtime.stopStep(stepUuid!, { stop: start });
  }
  runtime.writeAttachment(uuid, null, 'evidence', Buffer.from(allureJson(r.evidence)), {
    contentType: 'application/json',
  });
  runtime.updateTest(uuid, (t) => {
    t.status = ALLURE_STATUS[r.verdict];
    t.statusDetails = allureStatusDetails(r);
    t.stage = Stage.FINISHED;
  });
  runtime.stopTest(uuid, { stop: start + r.durationMs });
  runtime.writeTest(uuid);
  return writer.drain();
}

function runFiles(report: Pick<RunReport, 'harness' | 'run'>): ReportFile[] {
  const writer = new CollectingWriter();
  const runtime = new ReporterRuntime({
    writer,
    environmentInfo: allureEnvironment(report),
    categories: ALLURE_CATEGORIES,
  });
  runtime.writeEnvironmentInfo();
  runtime.writeCategoriesDefinitions();
  const executor = allureExecutor(report);
  // allure-js-commons' writer has no executor; Allure reads executor.json beside the results.
  const files = writer.drain();
  return executor
    ? [...files, { path: `${DIR}/executor.json`, content: JSON.stringify(executor, null, 2) }]
    : files;
}

/**
 * Allure 2 results in allure-results/, made by allure-js-commons (the library allure-playwright is
 * built on) from the mapping both entry points share (./allure-mapping.ts). Results only: Allure
 * 3's report plugins embed analytics, so generating the report is left to the user (allure2-style
 * plugin with ALLURE_NO_ANALYTICS=true).
 */
export const allureReporter: Reporter = {
  paths: [DIR],
  *files(report) {
    for (const r of report.read(report.heads)) yield* resultFiles(r);
    yield* runFiles(report);
  },
};
