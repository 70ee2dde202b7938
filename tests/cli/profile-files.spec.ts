/**
 * Every file a profile names (and the profile itself) is read only if it is a regular file within
 * its size limit (FILE_LIMITS in src/profile/files.ts): a device, a FIFO or a huge file is an
 * exit-2 error naming the profile, the field and the file, at once, never a hang.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { attesta } from '../support/cli.js';
import { test, expect } from '../support/fixtures.js';

/** A folder with a FIFO (no writer ever opens it) and a 10 GiB sparse file. */
async function hostileFiles(): Promise<{ dir: string; fifo: string; huge: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'attesta-files-'));
  const fifo = path.join(dir, 'trust.pem');
  execFileSync('mkfifo', [fifo]);
  const huge = path.join(dir, 'huge.pem');
  const handle = await open(huge, 'w');
  await handle.truncate(10 * 1024 ** 3);
  await handle.close();
  return { dir, fifo, huge };
}

/** Runs the CLI and checks that it refused the configuration quickly, naming where. */
async function expectRefused(args: string[], where: RegExp, why: RegExp, out: string): Promise<void> {
  const started = Date.now();
  const r = await attesta([...args, '--out', out], { env: { ACME_KEY: 'not-used-1234' } });
  // A hang would be stopped only by the test timeout; the CLI itself starts in about a second.
  expect(Date.now() - started, 'refused at once, without reading the file').toBeLessThan(8_000);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(where);
  expect(r.stderr).toMatch(why);
  expect(existsSync(out), 'nothing run, no report folder').toBe(false);
}

test.describe('a file a profile names must be a regular file within its size limit', () => {
  test('a device, a FIFO or a 10 GiB file as trust, certificate or secret', async () => {
    const { dir, fifo, huge } = await hostileFiles();
    const cases: [field: string, platform: object, file: string, why: RegExp][] = [
      [
        '/pagopa/platform/trust',
        { trust: '/dev/zero' },
        '/dev/zero',
        /is a character device, not a regular file/,
      ],
      ['/pagopa/platform/trust', { trust: fifo }, fifo, /is a FIFO \(named pipe\), not a regular file/],
      [
        '/pagopa/platform/trust',
        { trust: huge },
        huge,
        /is 10\.0 GiB, more than the 4\.0 MiB Attesta reads for a certificate/,
      ],
      [
        '/pagopa/platform/apiKeys/primary',
        { apiKeys: { primary: 'file:/dev/urandom' } },
        '/dev/urandom',
        /is a character device, not a regular file/,
      ],
      ['/pagopa/platform/trust', { trust: dir }, dir, /is a directory, not a regular file/],
    ];
    for (const [field, platform, file, why] of cases) {
      const profile = path.join(dir, 'acme.yaml');
      await writeFile(
        profile,
        stringify({
          name: 'acme',
          pagopa: {
            platform: { url: 'https://api.example.it/x', apiKeys: { primary: 'env:ACME_KEY' }, ...platform },
          },
        }),
      );
      const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      // The field's line and column in the profile come between the file and the field.
      const where = new RegExp(`${escape(profile)}:\\d+:\\d+ ${escape(`${field}: ${file}`)}`);
      await expectRefused(['run', '--target', profile], where, why, path.join(dir, 'out'));
    }
  });

  test('the profile itself: a device, a FIFO or a 10 GiB file', async () => {
    const { dir, fifo, huge } = await hostileFiles();
    const out = path.join(dir, 'out');
    const named = (file: string) => new RegExp(`${file}: the target profile is`);
    await expectRefused(['run', '--target', '/dev/zero'], named('/dev/zero'), /a character device/, out);
    await expectRefused(['run', '--target', fifo], named(fifo), /a FIFO \(named pipe\)/, out);
    await expectRefused(['run', '--target', huge], named(huge), /is 10\.0 GiB, more than the 1\.0 MiB/, out);
  });

  test('the OpenAPI description and the JWKS file of the v3 suite', async ({ launchReference }) => {
    const { dir, fifo, huge } = await hostileFiles();
    const ref = await launchReference({ suites: ['pdnd-interop-v3'] });
    const args = ['run', '--target', ref.profileFile, '--suite', 'pdnd-interop-v3'];
    const openapi = String(ref.profile['pdndInterop'].openapi);
    await ref.rewrite((p) => {
      p['pdndInterop'].openapi = huge;
    });
    await expectRefused(
      args,
      /\/pdndInterop\/openapi: \S*huge\.pem is 10\.0 GiB/,
      /more than the 16\.0 MiB Attesta reads for an OpenAPI description/,
      path.join(dir, 'out'),
    );
    await ref.rewrite((p) => {
      p['pdndInterop'].openapi = openapi;
      p['pdndInterop'].gatewayKeys = { jwksFile: fifo };
    });
    await expectRefused(
      args,
      /\/pdndInterop\/gatewayKeys\/jwksFile: \S*trust\.pem is a FIFO/,
      /not a regular file/,
      path.join(dir, 'out'),
    );
  });
});
