import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The requirement ids this run (or shard) will report, per target and suite, as Playwright chose
 * them after --grep, --project and --shard. Only the main process sees that choice (a reporter's
 * onBegin); a worker reads it here so that a campaign probes for the tests that will run and no
 * others. Without it (a config without Attesta's reporter) a campaign decides its whole suite.
 */
type Selection = Record<string, Record<string, string[]>>;

const fileOf = (runDir: string) => path.join(runDir, 'selection.json');

export function writeSelection(
  runDir: string,
  tests: readonly { target: string; suite: string; id: string }[],
) {
  const selection: Selection = {};
  for (const { target, suite, id } of tests) {
    const ids = ((selection[target] ??= {})[suite] ??= []);
    if (!ids.includes(id)) ids.push(id);
  }
  writeFileSync(fileOf(runDir), JSON.stringify(selection));
}

/** The ids selected for a target's suite; undefined: no selection was written, every id. */
export type SelectedIds = (target: string, suite: string) => string[] | undefined;

/** Reads the selection once: it names every target of the run, so a lookup must not re-read it. */
export function readSelection(runDir: string): SelectedIds {
  const file = fileOf(runDir);
  if (!existsSync(file)) return () => undefined;
  const selection = JSON.parse(readFileSync(file, 'utf8')) as Selection;
  return (target, suite) => selection[target]?.[suite] ?? [];
}
