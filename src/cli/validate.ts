import { parseArgs } from 'node:util';
import { planTargets } from '../core/engine.js';
import { ConfigError, ProblemList } from '../core/errors.js';
import { Redactor } from '../core/redact.js';
import { EXIT } from '../core/verdict.js';
import { readProfiles } from '../profile/load.js';
import { loadWaivers } from '../audit/waivers.js';
import { loadCatalogue } from '../suites/index.js';

interface ValidateContext {
  suites: readonly string[];
}

/**
 * Everything a run checks before its first probe: schema, files, secrets, the suites' blocks. The
 * files and secrets of the valid profiles are checked even when another profile is invalid.
 */
async function checkProfiles(files: readonly string[], { suites }: ValidateContext): Promise<string> {
  const catalogue = await loadCatalogue();
  const { profiles, problems } = await readProfiles(files);
  const planned = await problems.attempt(() => planTargets(profiles, catalogue, suites, new Redactor()));
  problems.check();
  return planned!
    .map((p) => `${p.profile.name} (${p.profile.file}): ${p.suites.map((s) => s.definition.id).join(', ')}`)
    .join('\n  ');
}

/**
 * What validate checks: one entry per option naming files, each checked even when another has
 * problems, all problems reported together. A new kind of input file is one more entry (waivers:
 * `{ option: 'waivers', check: checkWaivers }`, with a check returning a one-line summary).
 */
const CHECKS: readonly {
  option: string;
  check: (files: readonly string[], context: ValidateContext) => Promise<string>;
}[] = [
  { option: 'target', check: checkProfiles },
  { option: 'waivers', check: checkWaivers },
];

async function checkWaivers(files: readonly string[]): Promise<string> {
  const problems = new ProblemList();
  const counts: string[] = [];
  for (const file of files) {
    const waivers = await problems.attempt(() => loadWaivers(file));
    if (waivers) counts.push(`${file}: ${waivers.length} waiver${waivers.length === 1 ? '' : 's'}`);
  }
  problems.check();
  return counts.join('\n  ');
}

/** `attesta validate --target FILE...`: exit 0 when every file is valid, 2 (ConfigError) when not. */
export async function validate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      suite: { type: 'string', multiple: true, default: [] },
      ...Object.fromEntries(CHECKS.map((c) => [c.option, { type: 'string', multiple: true, default: [] }])),
    } as const,
    strict: true,
    allowPositionals: false,
  });
  const given = (option: string) => (values as Record<string, string[] | undefined>)[option] ?? [];
  if (CHECKS.every((c) => !given(c.option).length))
    throw new ConfigError('give the files to check', undefined, '--target');
  const problems = new ProblemList();
  const valid: string[] = [];
  for (const { option, check } of CHECKS) {
    const files = given(option);
    if (!files.length) continue;
    const summary = await problems.attempt(() => check(files, { suites: values.suite }));
    if (summary !== undefined) valid.push(`--${option}: valid\n  ${summary}`);
  }
  problems.check();
  for (const line of valid) console.log(line);
  return EXIT.compliant;
}
