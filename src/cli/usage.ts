import { VERSION } from '../version.js';

const EXIT_STATUS = `Exit status: 0 compliant, 1 not compliant, 2 unusable configuration or arguments,
3 compliance could not be established (a MUST requirement inconclusive, or the run was interrupted),
130 interrupted while the target profiles were read (nothing checked, no report).`;

const RUN = `  attesta run [--target FILE]... [--suite ID]... [--out DIR] [--quiet] [--fault NAME]...
             [--sign-key env:NAME|file:PATH] [--waivers FILE] [--baseline REPORT.json]
      Runs the suites. With no --target, starts the embedded reference target and runs against it;
      --fault switches on a named fault of the reference target (to see a failing report).
      --quiet prints no progress, only the reason of every FAIL and INCONCLUSIVE and the summary.
      Every run writes DIR/manifest.json (SHA-256 and size of every report file); with --sign-key
      (a PEM or JWK private key, RSA or EC P-256, never inline) it also writes DIR/manifest.jws.
      --waivers: agreed exceptions; a FAIL an unexpired waiver covers is still a FAIL, marked
      waived, and does not by itself make the run non-compliant (exit 1).
      --baseline: an earlier compliance-report.json; the reports say what changed since.`;

const VALIDATE = `  attesta validate [--target FILE]... [--waivers FILE]... [--suite ID]...
      Checks target profiles as a run would (schema, files, secrets, suites), and waiver files,
      without probing anything, and prints every problem found. Exit 0 valid, 2 invalid.`;

const DIFF = `  attesta diff BASELINE.json CURRENT.json
      Compares two compliance reports: new FAILs, fixed ones, other changes of verdict,
      requirements that appeared or disappeared. Exit 0 no regression, 1 a regression (a new
      FAIL, or a PASS that became INCONCLUSIVE), 2 unusable arguments. For a nightly job that
      fails only on what got worse, while the report still lists every FAIL.`;

const VERIFY = `  attesta verify DIR [--key PUBLIC_KEY_FILE]
      Checks a report folder against its manifest.json and, with --key (a PEM public key, an X.509
      certificate or a JWK), the signature manifest.jws. Exit 0 intact, 1 a file changed, added or
      removed or the signature does not verify (each named), 2 unusable arguments.`;

const LIST = `  attesta list [--json]
      Lists the suites and the requirement ids they implement.`;

const TITLE = `attesta ${VERSION} - conformance checks for the connectivity-security rules of pagoPA, PDND Interoperabilità, ConnectPay and Thales TSH`;

export const USAGE = `${TITLE}

Usage:
${RUN}
${VALIDATE}
${VERIFY}
${DIFF}
${LIST}
  attesta COMMAND --help
      The usage of one command.

${EXIT_STATUS}`;

/** The usage `attesta COMMAND --help` prints. */
export const COMMAND_USAGE: Record<string, string> = {
  run: `Usage:\n${RUN}\n\n${EXIT_STATUS}`,
  validate: `Usage:\n${VALIDATE}`,
  verify: `Usage:\n${VERIFY}`,
  diff: `Usage:\n${DIFF}`,
  list: `Usage:\n${LIST}`,
};

/** True when the arguments of a command ask for its usage. */
export function asksForHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}
