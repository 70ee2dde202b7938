/**
 * The self-tests' nginx helper (tests/support/nginx.ts) for the benchmark scripts: tests are not in
 * dist, so it is compiled once into dist/bench/. Run `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The nginx helper of the self-tests, compiled once (it is TypeScript, and tests are not in dist). */
export async function nginxHelper() {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  // Emit only: the typecheck of npm test covers this file.
  const flags = ['--ignoreConfig', '--noCheck', '--module', 'nodenext', '--target', 'es2022'];
  const out = path.join(ROOT, 'dist', 'bench');
  execFileSync(
    process.execPath,
    [
      tsc,
      ...flags,
      '--skipLibCheck',
      '--types',
      'node',
      '--rootDir',
      ROOT,
      '--outDir',
      out,
      'tests/support/nginx.ts',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  // The helper reads pagoPA's forwarder chain from ../shared beside its repository root.
  const shared = path.join(out, '..', 'shared');
  if (!existsSync(shared)) await symlink(path.join(ROOT, '..', 'shared'), shared);
  return import(path.join(out, 'tests', 'support', 'nginx.js'));
}
