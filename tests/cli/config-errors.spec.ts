import { test, expect } from '@playwright/test';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { attesta } from '../support/cli.js';
import { referenceProfile } from '../support/run.js';

/** Writes a profile into a fresh folder and returns its path. */
async function profile(content: string | object): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'attesta-profile-'));
  const file = path.join(dir, 'acme.yaml');
  await writeFile(file, typeof content === 'string' ? content : stringify(content));
  return file;
}

const minimal = (platform: object) => ({
  name: 'acme',
  pagopa: {
    platform: { url: 'https://api.example.it/x', apiKeys: { primary: 'env:ACME_KEY' }, ...platform },
  },
});

test.describe('a bad profile or argument exits 2 with a message naming the file and the field, and nothing runs', () => {
  const cases: [title: string, content: () => Promise<string | object> | string | object, message: RegExp][] =
    [
      [
        'an unknown field',
        () => ({ name: 'acme', pagopa: { plaform: {} } }),
        /\/pagopa\/plaform: is not a known field/,
      ],
      [
        'a secret written inline',
        () => minimal({ apiKeys: { primary: '0123456789abcdef' } }),
        /\/pagopa\/platform\/apiKeys\/primary: must be a secret reference, env:NAME or file:PATH/,
      ],
      [
        'a missing environment variable',
        () => minimal({}),
        /\/pagopa\/platform\/apiKeys\/primary: environment variable ACME_KEY is not set/,
      ],
      ['a missing name', () => ({ pagopa: {} }), /\/name: is required/],
      ['invalid YAML', () => 'name: acme\npagopa: [unclosed', /is not valid YAML/],
      [
        'an unreadable client certificate',
        () => ({
          name: 'acme',
          pagopa: {
            endpoint: {
              sites: { primary: { url: 'https://ec.example.it:443/x' } },
              clientCertificate: { cert: 'missing.pem', key: 'file:missing.key' },
            },
          },
        }),
        /\/pagopa\/endpoint\/clientCertificate\/cert: cannot read .*missing\.pem \(ENOENT\)/,
      ],
    ];
  for (const [title, content, message] of cases) {
    test(title, async () => {
      const file = await profile(await content());
      const r = await attesta(['run', '--target', file, '--out', path.join(path.dirname(file), 'out')]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).not.toMatch(/PASS|FAIL/);
    });
  }

  test('a PEM file with no certificate, and a key that does not match the certificate', async () => {
    const ref = await referenceProfile([], (p) => {
      p['pagopa'].endpoint.clientCertificate.cert = 'pagopa-apikey-primary';
    });
    try {
      const r = await attesta(['run', '--target', ref.file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/\/pagopa\/endpoint\/clientCertificate\/cert: holds no PEM CERTIFICATE block/);
    } finally {
      await ref.stop();
    }
    const mismatched = await referenceProfile([], (p) => {
      p['pagopa'].endpoint.clientCertificate.key = 'file:pagopa-client-expired.key';
    });
    try {
      const r = await attesta(['run', '--target', mismatched.file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/\/pagopa\/endpoint\/clientCertificate\/key: does not match the public key/);
    } finally {
      await mismatched.stop();
    }
  });

  test('a missing profile file, an unknown suite, an unknown option, an unknown command', async () => {
    expect((await attesta(['run', '--target', '/nonexistent/acme.yaml'])).stderr).toMatch(
      /\/nonexistent\/acme\.yaml: cannot read the target profile \(ENOENT\)/,
    );
    const suite = await attesta(['run', '--suite', 'pagopa-connectivty']);
    expect(suite.code).toBe(2);
    expect(suite.stderr).toMatch(/unknown suite "pagopa-connectivty"/);
    expect((await attesta(['run', '--tagret', 'x'])).code).toBe(2);
    expect((await attesta(['launch'])).code).toBe(2);
  });
});
