import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { stringify } from 'yaml';
import { attesta } from '../support/cli.js';
import { test, expect } from '../support/fixtures.js';

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
      const out = path.join(path.dirname(file), 'out');
      const r = await attesta(['run', '--target', file, '--out', out]);
      expect(r.code, r.stderr).toBe(2);
      expect(existsSync(out), 'a refused configuration leaves no report folder behind').toBe(false);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).not.toMatch(/PASS|FAIL/);
    });
  }

  test('a PEM file with no certificate, and a key that does not match the certificate', async ({
    launchReference,
  }) => {
    const ref = await launchReference();
    await ref.rewrite((p) => {
      p['pagopa'].endpoint.clientCertificate.cert = 'pagopa-apikey-primary';
    });
    const r = await attesta(['run', '--target', ref.profileFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/pagopa\/endpoint\/clientCertificate\/cert: holds no PEM CERTIFICATE block/);
    const mismatched = await launchReference();
    await mismatched.rewrite((p) => {
      p['pagopa'].endpoint.clientCertificate.key = 'file:pagopa-client-expired.key';
    });
    const m = await attesta(['run', '--target', mismatched.profileFile]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/\/pagopa\/endpoint\/clientCertificate\/key: does not match the public key/);
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

test.describe('an encrypted client key', () => {
  test('without its passphrase, or with a wrong one, exits 2 naming the field; with it, runs and never shows it', async ({
    reference: ref,
  }) => {
    const { createPrivateKey } = await import('node:crypto');
    const { readFile: read, writeFile: write, readdir } = await import('node:fs/promises');
    const passphrase = 'correct horse battery staple';
    await ref.rewrite((p) => {
      p['pagopa'].endpoint.clientCertificate.key = 'file:client-encrypted.key';
    });
    const key = createPrivateKey(await read(path.join(ref.dir, 'pagopa-client.key'), 'utf8'));
    await write(
      path.join(ref.dir, 'client-encrypted.key'),
      key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }),
    );
    const missing = await attesta(['run', '--target', ref.profileFile]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /\/pagopa\/endpoint\/clientCertificate\/key: is an encrypted key: give its passphrase/,
    );

    const { parse, stringify: dump } = await import('yaml');
    const profile = parse(await read(ref.profileFile, 'utf8'));
    profile.pagopa.endpoint.clientCertificate.passphrase = 'env:ATTESTA_TEST_PASSPHRASE';
    await write(ref.profileFile, dump(profile));
    const wrong = await attesta(['run', '--target', ref.profileFile], {
      env: { ATTESTA_TEST_PASSPHRASE: 'not the passphrase' },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/\/pagopa\/endpoint\/clientCertificate\/passphrase: could not be decrypted/);

    const out = path.join(ref.dir, 'out');
    const right = await attesta(
      ['run', '--target', ref.profileFile, '--suite', 'pagopa-connectivity', '--out', out],
      { env: { ATTESTA_TEST_PASSPHRASE: passphrase } },
    );
    expect(right.code, right.stderr).toBe(0);
    const files = await readdir(out, { recursive: true, withFileTypes: true });
    const texts = [right.stdout, right.stderr];
    for (const f of files.filter((e) => e.isFile()))
      texts.push(await read(path.join(f.parentPath, f.name), 'utf8'));
    for (const t of texts) expect(t.includes(passphrase)).toBe(false);
  });
});

test('a report folder that cannot be created exits 2 naming --out, before anything is probed', async () => {
  const file = await profile(minimal({}));
  const r = await attesta(['run', '--target', file, '--out', `${file}/reports`], {
    env: { ACME_KEY: 'not-used-1234' },
  });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--out: cannot write the report folder .* \(ENOTDIR\)/);
});
