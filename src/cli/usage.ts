import { VERSION } from '../version.js';

const EXIT_STATUS = `Exit status: 0 compliant, 1 not compliant, 2 unusable configuration or arguments,
3 compliance could not be established (a MUST requirement inconclusive, or the run was interrupted),
130 interrupted while the target profiles were read (nothing checked, no report).`;

const RUN = `  attesta run [--target FILE]... [--suite ID]... [--out DIR] [--quiet] [--fault NAME]...
             [--sign-key env:NAME|file:PATH]
      Runs the suites. With no --target, starts the embedded reference target and runs against it;
      --fault switches on a named fault of the reference target (to see a failing report).
      --quiet prints no progress, only the reason of every FAIL and INCONCLUSIVE and the summary.
      Every run writes DIR/manifest.json (SHA-256 and size of every report file); with --sign-key
      (a PEM or JWK private key, RSA or EC P-256, never inline) it also writes DIR/manifest.jws.`;

const VALIDATE = `  attesta validate --target FILE [--target FILE]... [--suite ID]...
      Checks target profiles as a run would (schema, files, secrets, suites) without probing
      anything, and prints every problem found. Exit 0 valid, 2 invalid.`;

const VERIFY = `  attesta verify DIR [--key PUBLIC_KEY_FILE]
      Checks a report folder against its manifest.json and, with --key (a PEM public key, an X.509
      certificate or a JWK), the signature manifest.jws. Exit 0 intact, 1 a file changed, added or
      removed or the signature does not verify (each named), 2 unusable arguments.`;

const LIST = `  attesta list [--json]
      Lists the suites and the requirement ids they implement.`;

const TITLE = `attesta ${VERSION} - conformance checks for the connectivity-security rules of pagoPA and PDND Interoperabilità`;

export const USAGE = `${TITLE}

Usage:
${RUN}
${VALIDATE}
${VERIFY}
${LIST}
  attesta COMMAND --help
      The usage of one command.

${EXIT_STATUS}`;

/** The usage `attesta COMMAND --help` prints. */
export const COMMAND_USAGE: Record<string, string> = {
  run: `Usage:\n${RUN}\n\n${EXIT_STATUS}`,
  validate: `Usage:\n${VALIDATE}`,
  verify: `Usage:\n${VERIFY}`,
  list: `Usage:\n${LIST}`,
};

/** True when the arguments of a command ask for its usage. */
export function asksForHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}
