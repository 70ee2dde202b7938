import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { attesta } from '../support/cli.js';
import { test, expect } from '../support/fixtures.js';

test('`--help` of attesta and of each command prints the usage with exit 0', async () => {
  for (const args of [
    ['--help'],
    ['run', '--help'],
    ['validate', '--help'],
    ['verify', '-h'],
    ['list', '--help'],
  ]) {
    const r = await attesta(args);
    expect(r.code, args.join(' ')).toBe(0);
    expect(r.stdout, args.join(' ')).toMatch(/Usage:\n {2}attesta /);
  }
  expect((await attesta(['run', '--help'])).stdout).toMatch(/--sign-key env:NAME\|file:PATH/);
  expect((await attesta([])).code, 'no command at all is still a usage error').toBe(2);
});

test('`--quiet` prints no progress but the reason of every FAIL and INCONCLUSIVE', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'attesta-quiet-'));
  const r = await attesta([
    'run',
    '--suite',
    'pagopa-connectivity',
    '--fault',
    'pagopa.tls11-accepted',
    '--fault',
    'pagopa.secondary-site-down',
    '--out',
    out,
    '--quiet',
  ]);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout).toContain(
    'FAIL PAGOPA-TLS-01 reference/primary: TLS 1.1 was accepted (ServerHello TLSv1.1, handshake completed).',
  );
  expect(r.stdout).toMatch(
    /INCONCLUSIVE PAGOPA-MTLS-01 reference\/secondary: Site secondary is unreachable \(TCP connection to 127\.0\.0\.1:\d+ failed: ECONNREFUSED\)/,
  );
  // Every FAIL and INCONCLUSIVE of the summary's counts has its line with its reason.
  const counts = /(\d+) fail, \d+ warn, (\d+) inconclusive/.exec(r.stdout)!;
  const reasons = r.stdout.match(/^ {2}(FAIL|INCONCLUSIVE) [A-Z0-9-]+ reference\/\w+: \S.*$/gm) ?? [];
  expect(reasons).toHaveLength(Number(counts[1]) + Number(counts[2]));
  // No progress line of a PASS: only the summary names them.
  expect(r.stdout).not.toMatch(/^PASS /m);
});
