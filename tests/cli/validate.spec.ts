/**
 * `attesta validate` and the problems of profiles: every independent problem of every profile in
 * one run, each as `file:line:column field: message`; a site URL that is not https is one of them.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { attesta } from '../support/cli.js';
import { test, expect } from '../support/fixtures.js';

/** Two profiles with six independent problems, written so that their lines and columns are known. */
async function brokenProfiles(): Promise<{ a: string; b: string; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'attesta-validate-'));
  const a = path.join(dir, 'a.yaml');
  const b = path.join(dir, 'b.yaml');
  await writeFile(
    a,
    [
      'name: acme',
      'pagopa:',
      '  plaform: {}',
      '  platform:',
      '    url: https://api.example.it/x',
      '    apiKeys: { primary: 0123456789abcdef }',
    ].join('\n'),
  );
  await writeFile(
    b,
    [
      'name: beta',
      'pagopa:',
      '  endpoint:',
      '    sites:',
      '      primary: { url: "http://ec.example.it:443/x" }',
      '    clientCertificate: { cert: missing.pem, key: file:missing.key }',
      '  platform:',
      '    url: https://api.example.it/x',
      '    apiKeys: { primary: env:ATTESTA_UNSET_A, secondary: env:ATTESTA_UNSET_B }',
    ].join('\n'),
  );
  return { a, b, dir };
}

test('every independent problem of every profile is reported in one run, with line and column, exit 2', async () => {
  const { a, b, dir } = await brokenProfiles();
  const expected = [
    `${a}:3:3 /pagopa/plaform: is not a known field`,
    `${a}:6:16 /pagopa/platform/apiKeys/primary: must be a secret reference, env:NAME or file:PATH`,
    `${b}:5:18 /pagopa/endpoint/sites/primary/url: "http://ec.example.it:443/x" must be an https URL`,
    `${b}:6:26 /pagopa/endpoint/clientCertificate/cert: cannot read ${dir}/missing.pem (ENOENT)`,
    `${b}:9:16 /pagopa/platform/apiKeys/primary: environment variable ATTESTA_UNSET_A is not set`,
    `${b}:9:46 /pagopa/platform/apiKeys/secondary: environment variable ATTESTA_UNSET_B is not set`,
  ];
  const v = await attesta(['validate', '--target', a, '--target', b]);
  expect(v.code, v.stderr).toBe(2);
  expect(v.stderr).toMatch(/^attesta: 6 problems, nothing was run:/);
  for (const line of expected) expect(v.stderr).toContain(line);

  // A run refuses them too, before anything: the problems of each phase at once (the schema's of
  // every profile; then, once every profile is valid, the files and secrets of all).
  const out = path.join(dir, 'out');
  const r = await attesta(['run', '--target', a, '--target', b, '--out', out]);
  expect(r.code, r.stderr).toBe(2);
  for (const line of expected.slice(0, 2)) expect(r.stderr).toContain(line);
  expect(existsSync(out)).toBe(false);
  const onlyB = await attesta(['run', '--target', b, '--out', out]);
  expect(onlyB.code, onlyB.stderr).toBe(2);
  for (const line of expected.slice(2)) expect(onlyB.stderr).toContain(line);
  expect(existsSync(out)).toBe(false);
});

test('a site URL that is not https is a configuration error (exit 2, file, field, line), not a finding', async ({
  reference,
}) => {
  await reference.rewrite((p) => {
    p['pagopa'].endpoint.sites.secondary.url = String(p['pagopa'].endpoint.sites.secondary.url).replace(
      /^https:/,
      'http:',
    );
  });
  const out = path.join(reference.dir, 'out');
  const r = await attesta(['run', '--target', reference.profileFile, '--out', out]);
  expect(r.code, r.stdout + r.stderr).toBe(2);
  expect(r.stderr).toMatch(
    new RegExp(
      `${reference.profileFile}:\\d+:\\d+ /pagopa/endpoint/sites/secondary/url: "http://[^"]+" must be an https URL`,
    ),
  );
  expect(r.stdout).not.toMatch(/PAGOPA-URL-01/);
  expect(existsSync(out)).toBe(false);
});

test('`attesta validate` checks a profile without probing anything: exit 0 valid, 2 invalid', async ({
  reference,
}) => {
  // Every URL of the profile points to a port that counts connections: validate must open none.
  let connections = 0;
  const counter = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
  try {
    const port = (counter.address() as { port: number }).port;
    await reference.rewrite((p) => {
      for (const site of Object.values(p['pagopa'].endpoint.sites) as { url: string }[])
        site.url = site.url.replace(/:\d+\//, `:${port}/`);
      p['pagopa'].platform.url = String(p['pagopa'].platform.url).replace(/:\d+\//, `:${port}/`);
      p['pdndVouchers'].authorizationServer.tokenEndpoint = `http://127.0.0.1:${port}/token.oauth2`;
      p['pdndVouchers'].eservice.url = `http://127.0.0.1:${port}/api/v1/status`;
      p['pdndInterop'].url = `http://127.0.0.1:${port}/v3`;
      for (const host of ['twoWay', 'oneWay', 'basicAuth'])
        p['connectpay'][host].url = String(p['connectpay'][host].url).replace(/:\d+\//, `:${port}/`);
    });
    const valid = await attesta(['validate', '--target', reference.profileFile]);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toContain(
      `reference (${reference.profileFile}): connectpay-security, pagopa-connectivity, pdnd-interop-v3, pdnd-vouchers, thales-connectivity`,
    );
    expect(connections, 'validate opened no connection').toBe(0);

    await reference.rewrite((p) => {
      p['pagopa'].platform.apiKeys.revoked = 'env:ATTESTA_UNSET_REVOKED';
    });
    const invalid = await attesta(['validate', '--target', reference.profileFile]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(
      /:\d+:\d+ \/pagopa\/platform\/apiKeys\/revoked: environment variable ATTESTA_UNSET_REVOKED is not set/,
    );
    expect(connections).toBe(0);
    expect((await attesta(['validate'])).code, 'no --target').toBe(2);
    expect((await attesta(['validate', '--target', reference.profileFile, '--suite', 'nope'])).code).toBe(2);
  } finally {
    counter.close();
  }
});
