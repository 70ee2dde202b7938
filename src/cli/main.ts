import { parseArgs } from 'node:util';
import { ConfigError, ConfigErrors, EXIT_INTERRUPTED, Interrupted } from '../core/errors.js';
import { EXIT } from '../core/verdict.js';
import { runAttesta } from '../run.js';
import { loadCatalogue } from '../suites/index.js';
import { loadSigningKey } from '../pack/signing-key.js';
import { VERSION } from '../version.js';
import { printReasons, printSummary } from './summary.js';
import { asksForHelp, COMMAND_USAGE, USAGE } from './usage.js';
import { validate } from './validate.js';
import { verify } from './verify.js';
import { diff } from './diff.js';
import { readBaseline } from '../audit/drift.js';
import { loadWaivers } from '../audit/waivers.js';

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command && COMMAND_USAGE[command] && asksForHelp(rest)) {
      console.log(COMMAND_USAGE[command]);
      return EXIT.compliant;
    }
    switch (command) {
      case 'run':
        return await run(rest);
      case 'validate':
        return await validate(rest);
      case 'verify':
        return await verify(rest);
      case 'diff':
        return await diff(rest);
      case 'list':
        return await list(rest);
      case '--version':
        console.log(VERSION);
        return EXIT.compliant;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        console.log(USAGE);
        return command === undefined ? EXIT.unusable : EXIT.compliant;
      default:
        throw new ConfigError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (e) {
    if (e instanceof Interrupted) {
      console.error(`attesta: ${e.message}: nothing was checked, no report written`);
      return EXIT_INTERRUPTED;
    }
    if (e instanceof ConfigError) {
      printConfigError(e);
      return EXIT.unusable;
    }
    if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`attesta: ${e.message}\n\n${USAGE}`);
      return EXIT.unusable;
    }
    // A harness failure says nothing about the target: never exit 1 (not compliant) for it.
    console.error(
      `attesta: internal error, compliance could not be established: ${(e as Error).stack ?? String(e)}`,
    );
    return EXIT.undetermined;
  }
}

/** Every problem on its own line, `file:line:column field: message`; how many when there are several. */
function printConfigError(e: ConfigError): void {
  if (e instanceof ConfigErrors) {
    const count = e.problems.length + e.unlisted;
    console.error(`attesta: ${count} problems, nothing was run:\n  ${e.toString()}`);
  } else console.error(`attesta: ${e.toString()}`);
}

async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      target: { type: 'string', multiple: true, default: [] },
      suite: { type: 'string', multiple: true, default: [] },
      out: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      fault: { type: 'string', multiple: true, default: [] },
      'sign-key': { type: 'string' },
      waivers: { type: 'string' },
      baseline: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.fault.length && values.target.length) {
    throw new ConfigError('--fault applies to the embedded reference target, not to a --target');
  }
  // Read before anything starts: an unusable key is exit 2 with nothing run.
  const signingKey = values['sign-key'] === undefined ? undefined : await loadSigningKey(values['sign-key']);
  const waivers = values.waivers === undefined ? undefined : await loadWaivers(values.waivers);
  const baseline = values.baseline === undefined ? undefined : await readBaseline(values.baseline);
  const controller = new AbortController();
  // Before the first probe an interruption ends the run at once (Interrupted, exit 130).
  let probing = false;
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(EXIT.undetermined);
    if (probing)
      console.error(
        'attesta: interrupted - finishing the checks under way and writing the report (Ctrl-C again to quit now)',
      );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const n = values.target.length;
  // On stderr, like the other notices: stdout carries the results, from the first probe on.
  if (n && !values.quiet)
    console.error(`attesta: reading ${n} target profile${n > 1 ? 's' : ''} and the files they name`);
  try {
    const outcome = await runAttesta({
      targets: values.target,
      suites: values.suite,
      outDir: values.out,
      referenceFaults: values.fault,
      signal: controller.signal,
      onProbing: () => (probing = true),
      log: values.quiet ? undefined : (line) => console.log(line),
      ...(signingKey ? { signingKey } : {}),
      ...(waivers ? { waivers } : {}),
      ...(baseline ? { baseline } : {}),
    });
    if (values.quiet) printReasons(outcome);
    printSummary(outcome);
    return outcome.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function list(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false } },
    strict: true,
  });
  const { definitions } = await loadCatalogue();
  if (values.json) {
    const suites = definitions.map((d) => ({
      id: d.id,
      title: d.title,
      source: d.source,
      requirements: d.requirements.map((r) => ({
        id: r.id,
        level: r.level,
        subject: r.subject,
        check: r.check,
        statement: r.statement,
      })),
    }));
    console.log(JSON.stringify({ suites }, null, 2));
  } else {
    for (const d of definitions) {
      console.log(`${d.id}  (${d.title}; ${d.source})`);
      for (const r of d.requirements) console.log(`  ${r.id.padEnd(17)} ${r.level.padEnd(6)} ${r.statement}`);
    }
  }
  return EXIT.compliant;
}
