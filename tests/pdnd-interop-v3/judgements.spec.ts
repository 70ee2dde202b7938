import { writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { stringify } from 'yaml';
import { test, expect, type RunningReference } from '../support/fixtures.js';
import { gatewayConnectionFor } from '../../src/suites/pdnd-interop-v3/connection.js';
import { judgeUsers, usersCampaign } from '../../src/suites/pdnd-interop-v3/campaigns/users.js';
import { judgeKeySeed, keysCampaign } from '../../src/suites/pdnd-interop-v3/campaigns/keys.js';
import { KEYSEED_MUTATION_IDS } from '../../src/suites/pdnd-interop-v3/keyseed-mutations.js';
import { sessionFor, SUITE } from './support.js';
import { credentialRefusal } from '../../src/suites/pdnd-interop-v3/control.js';
import type { Observation, ProbeResult } from '../../src/suites/pdnd-interop-v3/session.js';
import { issueCertificate } from '../../src/x509/issue.js';

test.use({ suites: SUITE });

/** The pdndInterop block of the reference's profile, as tests edit it. */
const gatewayBlock = (ref: RunningReference) => ref.profile['pdndInterop'] as Record<string, unknown>;

test('the gateway address and trust apply to another URL only on the gateway host name', () => {
  const gateway = { address: '10.1.1.1', ca: ['-----BEGIN CERTIFICATE-----'] };
  const gw = 'https://api.uat.interop.pagopa.it/v3';
  expect(
    gatewayConnectionFor('https://API.uat.interop.pagopa.it:8443/.well-known/jwks.json', gw, gateway),
  ).toEqual(gateway);
  expect(gatewayConnectionFor('https://auth.uat.interop.pagopa.it/token.oauth2', gw, gateway)).toEqual({});
  expect(gatewayConnectionFor('https://auth.uat.interop.pagopa.it/token.oauth2', gw, {})).toEqual({});
  expect(gatewayConnectionFor('not a url', gw, gateway)).toEqual({});
});

test('PDND3-USERS-01: an unknown userId answered 401 decides nothing; 404 with a Problem passes', async ({
  reference,
}) => {
  const s = await sessionFor(reference.profileFile);
  const c = await usersCampaign(s);
  if ('missing' in c) throw new Error(c.missing);
  expect(judgeUsers(c, s).finding).toBe('pass');
  // The same unknown userId, answered 401 by the gateway (a voucher with a broken signature).
  const probe = { ...c.unknown.probe, voucher: 'tampered-signature' as const };
  const unauthorized = { ...c, unknown: { ...c.unknown, probe, result: await s.send(probe) } };
  expect(unauthorized.unknown.result.ok && unauthorized.unknown.result.response.status).toBe(401);
  const judged = judgeUsers(unauthorized, s);
  expect(judged.finding, judged.reason).toBe('inconclusive');
  expect(judged.reason).toMatch(
    /an unknown userId: our credentials were refused \(HTTP 401, WWW-Authenticate DPoP/,
  );
  expect(judged.evidence.find((e) => e.label.startsWith('unknown userId'))?.finding).toBe('inconclusive');
});

test('PDND3-SCHEMA-02: a clientId the gateway does not know makes the refusals prove nothing', async ({
  reference,
}) => {
  await reference.rewrite(() => {
    (gatewayBlock(reference)['ids'] as Record<string, unknown>)['clientId'] = randomUUID();
  });
  const c = await keysCampaign(await sessionFor(reference.profileFile));
  if (!c.campaign) throw new Error(c.skipped?.reason ?? 'no campaign');
  // Every KeySeed, valid or not, is answered 404: under the old rule, a FAIL of every negative.
  const { before, negatives, after } = c.campaign;
  const statuses = [before, ...[...negatives.values()].flat(), after].map(
    (t) => t?.answer?.ok && t.answer.response.status,
  );
  expect(statuses).toEqual(Array(KEYSEED_MUTATION_IDS.length + 2).fill(404));
  const judged = judgeKeySeed(c, KEYSEED_MUTATION_IDS);
  expect(judged.finding, judged.reason).toBe('inconclusive');
  expect(judged.reason).toMatch(
    /^A valid KeySeed was not accepted \(answered HTTP 404\b.*\), so the refusals prove nothing\.$/,
  );
});

test('the voucher request goes to the token endpoint host, not to the gateway address override', async ({
  reference,
}) => {
  const received: string[] = [];
  const tokenServer = createServer((req, res) => {
    received.push(`${req.method} ${req.headers.host} ${req.url}`);
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end('{"error":"temporarily_unavailable"}');
  });
  // Dual stack, wherever localhost resolves; the gateway override points to 127.0.0.2, where nothing listens.
  await new Promise<void>((resolve) => tokenServer.listen(0, '::', resolve));
  try {
    const port = (tokenServer.address() as AddressInfo).port;
    await reference.rewrite(() => {
      const b = gatewayBlock(reference);
      b['url'] = `http://gateway.attesta.test:${new URL(String(b['url'])).port}/v3`;
      b['address'] = '127.0.0.2';
      (b['voucher'] as Record<string, unknown>)['tokenEndpoint'] = `http://localhost:${port}/token`;
    });
    const s = await sessionFor(reference.profileFile);
    expect(s.target.tokenConnection).toEqual({});
    const v = await s.voucher('admin');
    expect(received).toEqual([`POST localhost:${port} /token`]);
    expect(v.ok ? 'ok' : v.reason).toMatch(
      /the token endpoint refused a voucher for the admin client \(HTTP 503/,
    );
  } finally {
    await new Promise((r) => tokenServer.close(r));
  }
});

test('token endpoint connection: its own address and trust, else the gateway ones on the gateway host only', async ({
  reference,
}) => {
  const gateway = gatewayBlock(reference);
  const voucher = gateway['voucher'] as Record<string, unknown>;
  const pem = path.join(reference.dir, 'private-ca.pem');
  // A real CA certificate: a trust file that holds none is refused when the profile is read.
  const caPem = (await issueCertificate({ subject: 'CN=Private CA', ca: true })).certPem;
  await writeFile(pem, caPem);
  const resolveWith = async (edit: (v: Record<string, unknown>) => void) => {
    const file = path.join(reference.dir, 'variant.yaml');
    const v = { ...voucher };
    edit(v);
    const block = {
      ...gateway,
      url: 'https://api.attesta.test/v3',
      address: '127.0.0.9',
      trust: pem,
      voucher: v,
    };
    await writeFile(file, stringify({ name: 'variant', pdndInterop: block }));
    return (await sessionFor(file)).target;
  };
  const ca = [caPem];
  const other = await resolveWith((v) => (v['tokenEndpoint'] = 'https://auth.attesta.test/token.oauth2'));
  expect(other.address).toBe('127.0.0.9');
  expect(other.ca).toEqual(ca);
  expect(other.tokenConnection).toEqual({});
  const same = await resolveWith((v) => (v['tokenEndpoint'] = 'https://api.attesta.test/token.oauth2'));
  expect(same.tokenConnection).toEqual({ address: '127.0.0.9', ca });
  const own = await resolveWith((v) => {
    v['tokenEndpoint'] = 'https://auth.attesta.test/token.oauth2';
    v['address'] = '127.0.0.7';
    v['trust'] = pem;
  });
  expect(own.tokenConnection).toEqual({ address: '127.0.0.7', ca });
  const publicRoots = await resolveWith((v) => {
    v['tokenEndpoint'] = 'https://api.attesta.test/token.oauth2';
    v['trust'] = 'public';
  });
  expect(publicRoots.tokenConnection).toEqual({ address: '127.0.0.9' });
});

test('a refusal of our credentials is told from a refusal of the request: 401, or 400 naming a DPoP or token error', () => {
  const answer = (status: number, headers: Record<string, string>, body: unknown): ProbeResult => ({
    ok: true,
    response: { status, headers, body: Buffer.from(JSON.stringify(body)), elapsedMs: 1 },
    observation: {} as Observation,
    json: body,
    proofs: [],
  });
  const problem = (detail: string) => ({ type: 'about:blank', status: 400, title: 'Bad Request', detail });
  expect(credentialRefusal(answer(401, {}, {}))).toMatch(/^our credentials were refused \(HTTP 401/);
  expect(
    credentialRefusal(answer(400, { 'www-authenticate': 'DPoP error="invalid_dpop_proof"' }, {})),
  ).toMatch(/HTTP 400, WWW-Authenticate DPoP error="invalid_dpop_proof"/);
  expect(credentialRefusal(answer(400, {}, problem('invalid_dpop_proof: bad htu')))).toMatch(
    /"Bad Request": invalid_dpop_proof: bad htu/,
  );
  // A 400 about the query, and a 403 of a role, are answers to the request itself.
  expect(credentialRefusal(answer(400, {}, problem('limit must be within 1..50')))).toBeUndefined();
  expect(credentialRefusal(answer(403, {}, problem('only an administrator')))).toBeUndefined();
});
