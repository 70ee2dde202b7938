/**
 * The report folder's integrity pack: manifest.json after every run, manifest.jws with a signing
 * key, and `attesta verify` finding every change - one byte of any file, a file added or removed,
 * a signature by another key.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { verifyPack } from '../../src/pack/verify.js';
import { attesta } from '../support/cli.js';
import { test, expect } from '../support/fixtures.js';

test.use({ suites: ['pagopa-connectivity'] });

/** Flips one byte in the middle of a file; returns the function that puts it back. */
async function flipOneByte(file: string): Promise<() => Promise<void>> {
  const original = await readFile(file);
  const changed = Buffer.from(original);
  const at = Math.floor(changed.length / 2);
  changed[at] = changed[at]! ^ 0x01;
  await writeFile(file, changed);
  return () => writeFile(file, original);
}

test('one changed byte in any report file, an added and a removed file are each found and named', async ({
  reference,
}) => {
  const { outDir } = await reference.run();
  expect(await verifyPack(outDir)).toMatchObject({ problems: [] });
  const allure = (await readdir(path.join(outDir, 'allure-results'))).sort();
  const kinds = [
    'compliance-report.json',
    'compliance-report.html',
    'junit.xml',
    `allure-results/${allure.find((f) => f.endsWith('-result.json'))!}`,
    `allure-results/${allure.find((f) => f.includes('-attachment'))!}`,
  ];
  for (const file of kinds) {
    const restore = await flipOneByte(path.join(outDir, file));
    const { problems } = await verifyPack(outDir);
    expect(problems, file).toEqual([`${file}: changed (its SHA-256 or size differs from the manifest)`]);
    await restore();
  }
  expect((await verifyPack(outDir)).problems).toEqual([]);

  // Through the CLI: exit 1 naming the file, exit 0 when intact.
  const restore = await flipOneByte(path.join(outDir, 'junit.xml'));
  const changed = await attesta(['verify', outDir]);
  expect(changed.code).toBe(1);
  expect(changed.stdout).toContain('NOT INTACT junit.xml: changed');
  await restore();
  const intact = await attesta(['verify', outDir]);
  expect(intact.code, intact.stdout).toBe(0);
  expect(intact.stdout).toMatch(/intact, \d+ files match manifest\.json/);

  await writeFile(path.join(outDir, 'allure-results', 'extra-result.json'), '{}');
  await rm(path.join(outDir, 'compliance-report.html'));
  const both = await attesta(['verify', outDir]);
  expect(both.code).toBe(1);
  expect(both.stdout).toContain(
    'NOT INTACT compliance-report.html: removed (listed in the manifest, not in the folder)',
  );
  expect(both.stdout).toContain(
    'NOT INTACT allure-results/extra-result.json: added (in the folder, not in the manifest)',
  );
  const manifest = JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8'));
  expect(manifest).toMatchObject({
    manifestVersion: 1,
    harness: { name: 'attesta' },
    run: { complete: true },
  });
});

test('a manifest signed with --sign-key verifies with its public key, not with another, and the key is in no output', async ({
  reference,
}) => {
  const signer = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = signer.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const privateJwk = JSON.stringify(signer.privateKey.export({ format: 'jwk' }));
  const keyFile = path.join(reference.dir, 'manifest-signing.key');
  const publicFile = path.join(reference.dir, 'manifest-signing.pub.pem');
  const otherPublic = path.join(reference.dir, 'other.pub.jwk');
  await writeFile(keyFile, privatePem);
  await writeFile(publicFile, signer.publicKey.export({ type: 'spki', format: 'pem' }));
  await writeFile(otherPublic, JSON.stringify(other.publicKey.export({ format: 'jwk' })));

  const outputs: string[] = [];
  for (const [ref, env] of [
    [`file:${keyFile}`, {}],
    ['env:ATTESTA_TEST_SIGN_KEY', { ATTESTA_TEST_SIGN_KEY: privateJwk }],
  ] as const) {
    const out = path.join(reference.dir, `out-${ref.slice(0, 3)}`);
    const run = await attesta(['run', '--target', reference.profileFile, '--out', out, '--sign-key', ref], {
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    const jws = await readFile(path.join(out, 'manifest.jws'), 'utf8');
    expect(jws.trim()).toMatch(/^[\w-]+\.\.[\w-]+$/);

    const good = await attesta(['verify', out, '--key', publicFile]);
    expect(good.code, good.stdout).toBe(0);
    expect(good.stdout).toContain('its signature verifies with the given key');
    const wrong = await attesta(['verify', out, '--key', otherPublic]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain(
      'NOT INTACT manifest.jws: the signature of manifest.json does not verify with the given key',
    );
    // A manifest rewritten to match a tampered file no longer matches its signature.
    const manifestFile = path.join(out, 'manifest.json');
    const manifest = await readFile(manifestFile, 'utf8');
    await writeFile(manifestFile, manifest.replace('"complete": true', '"complete": false'));
    expect((await attesta(['verify', out, '--key', publicFile])).code).toBe(1);
    await writeFile(manifestFile, manifest);

    outputs.push(run.stdout, run.stderr, good.stdout, good.stderr, wrong.stdout, wrong.stderr);
    for (const f of await readdir(out, { recursive: true, withFileTypes: true }))
      if (f.isFile()) outputs.push(await readFile(path.join(f.parentPath, f.name), 'utf8'));
  }
  const d = (JSON.parse(privateJwk) as { d: string }).d;
  const pemBody = privatePem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
  for (const secret of [d, ...pemBody])
    for (const text of outputs) expect(text.includes(secret), 'the signing key leaked').toBe(false);
});

test('an unusable --sign-key or --key exits 2 naming the option, runs nothing and quotes no key', async ({
  reference,
}) => {
  const out = path.join(reference.dir, 'out');
  const inline = '-----BEGIN PRIVATE KEY-----MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg';
  for (const [ref, message, env] of [
    [inline, /--sign-key: must be env:NAME or file:PATH \(a key is never given inline\)/, {}],
    ['env:ATTESTA_UNSET_SIGN_KEY', /--sign-key: environment variable ATTESTA_UNSET_SIGN_KEY is not set/, {}],
    [
      'env:ATTESTA_BAD_KEY',
      /--sign-key: holds a key that cannot sign/,
      { ATTESTA_BAD_KEY: 'not a key at all' },
    ],
    [`file:${reference.dir}/missing.key`, /--sign-key: cannot read .*missing\.key \(ENOENT\)/, {}],
  ] as const) {
    // `--sign-key=VALUE`: a value starting with a dash is otherwise refused as a missing argument.
    const r = await attesta(['run', '--target', reference.profileFile, '--out', out, `--sign-key=${ref}`], {
      env,
    });
    expect(r.code, ref).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout + r.stderr).not.toContain('MIGHAgEAMBMGByqGSM49');
    expect(r.stdout + r.stderr).not.toContain('not a key at all');
    expect(existsSync(out), 'nothing run').toBe(false);
  }
  const { outDir } = await reference.run();
  const privateKey = path.join(reference.dir, 'pagopa-client.key');
  const refused = await attesta(['verify', outDir, '--key', privateKey]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/--key: is a private key: give the public key/);
  expect((await attesta(['verify', outDir, '--key', `${reference.dir}/none.pem`])).code).toBe(2);
  expect((await attesta(['verify'])).code).toBe(2);
  expect((await attesta(['verify', `${outDir}/nothing-here`])).code).toBe(2);
});

test('the manifest of an interrupted run says the run was incomplete', async ({ reference, silentPort }) => {
  await reference.rewrite((p) => {
    p['pagopa'].endpoint.sites.secondary.url = `https://dr.ente.attesta.test:${silentPort}/pagopa/paForNode`;
  });
  const controller = new AbortController();
  const { outDir, report } = await reference.run({
    signal: controller.signal,
    log: () => controller.abort(),
  });
  expect(report.run.complete).toBe(false);
  const manifest = JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8'));
  expect(manifest.run).toEqual({ complete: false });
  const verified = await attesta(['verify', outDir]);
  expect(verified.code).toBe(0);
  expect(verified.stdout).toContain(
    'note: the run that wrote this pack was interrupted: its reports are incomplete',
  );
});
