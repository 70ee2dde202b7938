import { test, expect } from '@playwright/test';
import type { TlsProbeResult } from '../../src/tls/probe.js';
import type { ResultRecord } from '../../src/core/suite.js';
import type { HttpResult } from '../../src/http/client.js';
import { readTreatment } from '../../src/checks/tls/refusal.js';
import { judgeControl } from '../../src/checks/tls/client-auth.js';
import { readVersionProbe } from '../../src/checks/tls/protocol-versions.js';
import {
  judgeBothKeys,
  judgeRefusedKeys,
  type ApiKeyCampaign,
  type KeyTrial,
} from '../../src/checks/http-auth/api-key.js';
import { judgeAllSites } from '../../src/suites/pagopa-connectivity/disaster-recovery.js';
import { judgeServiceUrl } from '../../src/suites/pagopa-connectivity/url-form.js';
import { siteOf } from '../../src/core/site.js';

function probe(p: Partial<TlsProbeResult>): TlsProbeResult {
  return {
    connected: true,
    handshakeCompleted: false,
    flight: { alerts: [], bytes: 0 },
    requestSent: false,
    timedOut: false,
    elapsedMs: 5,
    ...p,
  };
}
const hello = (version: string) => ({ alerts: [], bytes: 100, serverHello: { version, cipherSuite: 0 } });
const head = (status: number, bodyStart = '') => ({ status, statusText: '', headers: {}, bodyStart });
/** A probe whose request got an HTTP answer over a completed TLS 1.3 handshake. */
const answered = (status: number, body = '') =>
  probe({
    handshakeCompleted: true,
    requestSent: true,
    flight: hello('TLSv1.3'),
    response: head(status, body),
  });

test.describe("readTreatment: refusal needs the peer's word", () => {
  const control = head(200, 'ok');
  test('our own timeout or client error is never a refusal, whatever the close looked like', () => {
    const afterRequest = {
      handshakeCompleted: true,
      requestSent: true,
      flight: hello('TLSv1.3'),
      closedAfterRequest: 'closed' as const,
    };
    expect(readTreatment(probe({ ...afterRequest, timedOut: true }), 'TLSv1.3', control).answer).toBe(
      'undetermined',
    );
    expect(
      readTreatment(probe({ ...afterRequest, clientError: 'ERR_SSL_DECRYPTION_FAILED' }), 'TLSv1.3', control)
        .answer,
    ).toBe('undetermined');
    expect(readTreatment(probe(afterRequest), 'TLSv1.3', control).answer).toBe('refused');
  });
  test('alerts and closes after our certificate are refusals', () => {
    expect(
      readTreatment(probe({ flight: hello('TLSv1.2'), peerAlert: 'handshake_failure' }), 'TLSv1.2', control)
        .answer,
    ).toBe('refused');
    expect(
      readTreatment(probe({ flight: hello('TLSv1.2'), closedAfterCertificate: 'reset' }), 'TLSv1.2', control)
        .answer,
    ).toBe('refused');
  });
  test('a server that does not speak the offered version is not judged on it', () => {
    expect(readTreatment(probe({ peerAlert: 'protocol_version' }), 'TLSv1.2', control).answer).toBe(
      'version-not-spoken',
    );
    expect(
      readTreatment(
        probe({ flight: hello('TLSv1.2'), clientError: 'ERR_SSL_UNSUPPORTED_PROTOCOL' }),
        'TLSv1.3',
        control,
      ).answer,
    ).toBe('version-not-spoken');
  });
  test("HTTP answers: 2xx/3xx served, 5xx undecided, the control's own answer served, a terminator's words refused", () => {
    expect(readTreatment(answered(200), 'TLSv1.3', control).answer).toBe('served');
    expect(readTreatment(answered(302), 'TLSv1.3', control).answer).toBe('served');
    expect(readTreatment(answered(503), 'TLSv1.3', control).answer).toBe('undetermined');
    expect(
      readTreatment(
        answered(400, '400 Bad Request No required SSL certificate was sent nginx'),
        'TLSv1.3',
        control,
      ).answer,
    ).toBe('refused');
    const soapFault = head(400, '<fault>bad request</fault>');
    expect(readTreatment(answered(400, '<fault>bad request</fault>'), 'TLSv1.3', soapFault).answer).toBe(
      'served',
    );
    expect(
      readTreatment(answered(400, 'No required SSL certificate was sent'), 'TLSv1.3', soapFault).answer,
    ).toBe('refused');
    expect(readTreatment(answered(400, '<fault>id 42</fault>'), 'TLSv1.3', soapFault).answer).toBe(
      'undetermined',
    );
  });
});

test('a retry request is never a verdict; a terminator refusal is never a served control, whatever is expected', () => {
  expect(readTreatment(answered(429), 'TLSv1.3', head(200, 'ok')).answer).toBe('undetermined');
  expect(readTreatment(answered(408), 'TLSv1.3', head(200, 'ok')).answer).toBe('undetermined');
  expect(judgeControl(answered(400, '400 Bad Request The SSL certificate error nginx'), [400]).ok).toBe(
    false,
  );
  expect(judgeControl(answered(495), [495]).ok).toBe(false);
  expect(judgeControl(answered(429), [200, 429]).ok).toBe(false);
  expect(judgeControl(answered(400, '<soap:Fault>bad request</soap:Fault>'), [400]).ok).toBe(true);
  expect(judgeControl(answered(400, '<soap:Fault>bad request</soap:Fault>'), undefined).ok).toBe(false);
  expect(judgeControl(answered(404), undefined).ok).toBe(true);
});

test('readVersionProbe: the ServerHello decides, even when our client gave up after it', () => {
  expect(
    readVersionProbe(
      'TLSv1.1',
      probe({ flight: hello('TLSv1.1'), clientError: 'ERR_SSL_LEGACY_SIGALG_DISALLOWED' }),
    ).answer,
  ).toBe('accepted');
  expect(readVersionProbe('TLSv1.1', probe({ flight: hello('TLSv1.2') })).answer).toBe('refused');
  expect(readVersionProbe('TLSv1', probe({ peerAlert: 'protocol_version' })).answer).toBe('refused');
  expect(readVersionProbe('TLSv1', probe({ clientError: 'ERR_SSL_NO_PROTOCOLS_AVAILABLE' })).answer).toBe(
    'undetermined',
  );
  expect(readVersionProbe('TLSv1', probe({ connected: false, networkError: 'ECONNREFUSED' })).answer).toBe(
    'undetermined',
  );
});

test.describe('api-key judgements', () => {
  const answer = (status: number): HttpResult => ({
    ok: true,
    response: { status, headers: {}, body: Buffer.alloc(0), elapsedMs: 1 },
  });
  const trial = (id: string, label: string, status: number): KeyTrial => ({
    id,
    label,
    answer: answer(status),
  });
  const campaign = (over: Partial<ApiKeyCampaign> & { randomKey?: number }): ApiKeyCampaign => ({
    before: trial('control-before', 'positive control with the primary key', 200),
    negatives: new Map([
      ['no-key', [trial('no-key', 'no Ocp-Apim-Subscription-Key header', 401)]],
      ['random-key', [trial('random-key', 'random key', over.randomKey ?? 401)]],
    ]),
    secondary: trial('secondary', 'positive control with the secondary key', 200),
    after: trial('control-after', 'positive control with the primary key (after)', 200),
    setup: [],
    ...over,
  });
  const secondary = (status: number) => trial('secondary', 'positive control with the secondary key', status);
  test('401 passes, 403 and 200 fail, a lasting 429 decides nothing', () => {
    const judge = (status: number) =>
      judgeRefusedKeys(campaign({ randomKey: status }), ['random-key'], undefined).finding;
    expect(judge(401)).toBe('pass');
    expect(judge(403)).toBe('fail');
    expect(judge(200)).toBe('fail');
    expect(judge(429)).toBe('inconclusive');
    expect(judge(500)).toBe('inconclusive');
    expect(judge(503)).toBe('inconclusive');
  });
  test('a control that is not served makes the refusals inconclusive', () => {
    const c = campaign({
      after: trial('control-after', 'positive control with the primary key (after)', 404),
    });
    expect(judgeRefusedKeys(c, ['random-key'], undefined).finding).toBe('inconclusive');
  });
  test('both keys: a 401 on a key fails it, a 500 or 429 decides nothing', () => {
    expect(judgeBothKeys(campaign({}), undefined).finding).toBe('pass');
    expect(judgeBothKeys(campaign({ secondary: secondary(401) }), undefined).finding).toBe('fail');
    expect(judgeBothKeys(campaign({ secondary: secondary(500) }), undefined).finding).toBe('inconclusive');
    expect(judgeBothKeys(campaign({ secondary: undefined }), undefined).finding).toBe('inconclusive');
  });
});

test('disaster recovery: names the failing site; undecided MUSTs make it inconclusive; one site is not applicable', () => {
  const sites = [
    siteOf('primary', { url: 'https://a.example.it:443/x' }),
    siteOf('secondary', { url: 'https://b.example.it:443/x' }),
  ];
  const r = (site: string, id: string, verdict: ResultRecord['verdict']) =>
    ({ id, site, verdict, level: 'MUST' }) as ResultRecord;
  const fail = judgeAllSites(
    [r('primary', 'PAGOPA-TLS-01', 'pass'), r('secondary', 'PAGOPA-TLS-01', 'fail')],
    sites,
    'PAGOPA-DR-01',
  );
  expect(fail.finding).toBe('fail');
  expect(fail.reason).toMatch(/secondary fails PAGOPA-TLS-01/);
  expect(
    judgeAllSites(
      [r('primary', 'X-Y-1', 'pass'), r('secondary', 'X-Y-1', 'inconclusive')],
      sites,
      'PAGOPA-DR-01',
    ).finding,
  ).toBe('inconclusive');
  expect(
    judgeAllSites([r('primary', 'X-Y-1', 'warn'), r('secondary', 'X-Y-1', 'pass')], sites, 'PAGOPA-DR-01')
      .finding,
  ).toBe('pass');
  expect(judgeAllSites([], sites.slice(0, 1), 'PAGOPA-DR-01').finding).toBe('not-applicable');
});

test('the service URL form: https, an FQDN, a port and a context path', () => {
  const judge = (url: string) => judgeServiceUrl(siteOf('primary', { url })).finding;
  expect(judge('https://myservice.subservice.it:443/context/subcontext')).toBe('pass');
  expect(judge('http://myservice.subservice.it:80/context')).toBe('fail');
  expect(judge('https://10.0.0.1:443/context')).toBe('fail');
  expect(judge('https://localhost:443/context')).toBe('fail');
  expect(judge('https://myservice.subservice.it/context')).toBe('warn');
  expect(judge('https://myservice.subservice.it:8443/')).toBe('warn');
  expect(judge('not a url')).toBe('fail');
});

test('an address override applies only to URLs on the host it was given for', async () => {
  const { addressFor } = await import('../../src/http/address-override.js');
  expect(addressFor('https://gw.example.it:8443/jwks', 'gw.example.it', '10.1.1.1')).toBe('10.1.1.1');
  expect(addressFor('https://auth.example.it/token', 'gw.example.it', '10.1.1.1')).toBeUndefined();
  expect(addressFor('https://GW.example.it/x', 'gw.example.it', undefined)).toBeUndefined();
  expect(addressFor('not a url', 'gw.example.it', '10.1.1.1')).toBeUndefined();
});

test.describe('a redirect we did not follow, or our own limit, is neither served nor refused', () => {
  const redirect = { status: 302, location: 'https://login.example/', why: 'another origin: not sent there' };
  const redirected = () => {
    const p = answered(302);
    return { ...p, response: { ...p.response!, redirect } };
  };
  test('a control so answered is undecided, not failed, and names where or which limit', () => {
    expect(judgeControl(redirected(), [200])).toMatchObject({
      ok: false,
      undecided: true,
      problem: expect.stringContaining('HTTP 302 to https://login.example/'),
    });
    const capped = probe({
      handshakeCompleted: true,
      requestSent: true,
      ownLimit: 'the response exceeded our X (1 KiB)',
    });
    expect(judgeControl(capped, [200])).toMatchObject({
      ok: false,
      undecided: true,
      problem: 'the response exceeded our X (1 KiB)',
    });
    expect(judgeControl(answered(200), [200])).toEqual({ ok: true });
  });
  test('a negative so answered is undetermined', () => {
    const r = readTreatment(redirected(), 'TLSv1.3', head(200, 'ok'));
    expect(r.answer).toBe('undetermined');
    expect(r.seen).toMatch(/HTTP 302 to https:\/\/login\.example\/ .*neither served nor refused/);
  });
});
