import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError } from '../core/errors.js';
import { loadVerificationKey } from '../pack/signing-key.js';
import { verifyPack } from '../pack/verify.js';
import { terminalLine } from '../report/escape.js';

/** Exit status of verify; unusable arguments exit 2 like every command's (ConfigError). */
export const VERIFY_EXIT = { intact: 0, notIntact: 1 } as const;

/**
 * `attesta verify DIR [--key PUBLIC_KEY_FILE]`: 0 intact (and signed by that key, with --key),
 * 1 not intact (each changed, added or removed file named, or the signature refused), 2 unusable
 * arguments (ConfigError).
 */
export async function verify(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { key: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  const [dir, ...extra] = positionals;
  if (dir === undefined || extra.length) throw new ConfigError('give one report folder: attesta verify DIR');
  const isFolder = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isFolder) throw new ConfigError(`${dir} is not a folder`, undefined, 'DIR');
  const key = values.key === undefined ? undefined : await loadVerificationKey(values.key);
  const { problems, notes, manifest } = await verifyPack(dir, key);
  // File names come from the folder, which whoever tampered with it chose: escaped for the terminal.
  const print = (line: string) => console.log(terminalLine(line));
  for (const note of notes) print(`note: ${note}`);
  if (problems.length) {
    for (const problem of problems) print(`NOT INTACT ${problem}`);
    print(`${dir}: not intact (${problems.length} problem${problems.length > 1 ? 's' : ''})`);
    return VERIFY_EXIT.notIntact;
  }
  const signed = key ? ', and its signature verifies with the given key' : '';
  print(`${dir}: intact, ${manifest!.files.length} files match manifest.json${signed}`);
  return VERIFY_EXIT.intact;
}
