import { test, expect } from '../support/fixtures.js';
import { runForTest, verdictOf } from '../support/run.js';

const SUITE = ['pagopa-connectivity'];

test.use({ suites: SUITE });

test.describe('when our own client cannot probe, the verdict is inconclusive, never pass', () => {
  test('TLS 1.0/1.1 probes with OpenSSL 3 default ciphers: the canary fails, TLS-01 is inconclusive', async () => {
    const { report } = await runForTest({ suites: SUITE, settings: { legacyCiphers: 'DEFAULT' } });
    const r = verdictOf(report.results, 'PAGOPA-TLS-01', 'primary');
    expect(r.verdict).toBe('inconclusive');
    expect(r.reason).toMatch(/could not prove it offers TLS 1\.0.*canary/);
  });

  test('...but a server that answers TLS 1.1 with its ServerHello still fails, whatever our client did next', async () => {
    const { report } = await runForTest({
      suites: SUITE,
      settings: { legacyCiphers: 'DEFAULT' },
      referenceFaults: ['pagopa.tls11-accepted'],
    });
    const r = verdictOf(report.results, 'PAGOPA-TLS-01', 'primary');
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/TLS 1\.1 was accepted \(ServerHello TLSv1\.1/);
  });

  test('a client certificate the endpoint does not accept: the positive control fails, so MTLS refusals prove nothing', async ({
    reference: ref,
  }) => {
    await ref.rewrite((p) => {
      // The expired certificate is the only one we present: the reference refuses it, as it must.
      p['pagopa'].endpoint.clientCertificate = p['pagopa'].endpoint.invalidClientCertificates[0];
      delete p['pagopa'].endpoint.clientCertificate.label;
    });
    const { report } = await ref.run();
    expect(verdictOf(report.results, 'PAGOPA-REACH-01', 'primary').verdict).toBe('fail');
    for (const id of ['PAGOPA-MTLS-01', 'PAGOPA-MTLS-02']) {
      const r = verdictOf(report.results, id, 'primary');
      expect(r.verdict, id).toBe('inconclusive');
      expect(r.reason).toMatch(/positive control/);
    }
  });

  test('a wrong primary api-key in the profile: the control fails, APIKEY-01/02 are inconclusive and APIKEY-03 fails', async ({
    reference: ref,
  }) => {
    await ref.rewrite((p) => {
      p['pagopa'].platform.apiKeys.primary = 'file:pagopa-apikey-revoked';
    });
    const { report } = await ref.run();
    expect(verdictOf(report.results, 'PAGOPA-APIKEY-01', 'platform').verdict).toBe('inconclusive');
    expect(verdictOf(report.results, 'PAGOPA-APIKEY-02', 'platform').verdict).toBe('inconclusive');
    expect(verdictOf(report.results, 'PAGOPA-APIKEY-03', 'platform').verdict).toBe('fail');
  });

  test('an unreachable platform: server authentication and api-key checks are inconclusive', async ({
    reference: ref,
  }) => {
    await ref.rewrite((p) => {
      p['pagopa'].platform.url = 'https://api.platform.attesta.test:1/nodo';
    });
    const { report, exitCode } = await ref.run();
    for (const id of ['PAGOPA-SRV-01', 'PAGOPA-APIKEY-01', 'PAGOPA-APIKEY-02', 'PAGOPA-APIKEY-03']) {
      expect(verdictOf(report.results, id, 'platform').verdict, id).toBe('inconclusive');
    }
    expect(exitCode).toBe(3);
  });
});

test('a site that accepts TCP but never speaks TLS: nothing is refused or passed, every probed requirement is inconclusive', async ({
  reference: ref,
  silentPort: port,
}) => {
  await ref.rewrite((p) => {
    p['pagopa'].endpoint.sites.secondary.url = `https://dr.ente.attesta.test:${port}/pagopa/paForNode`;
  });
  const { report } = await ref.run({ settings: { probeTimeoutMs: 1_000 } });
  expect(verdictOf(report.results, 'PAGOPA-REACH-01', 'secondary').verdict).toBe('fail');
  for (const id of ['PAGOPA-TLS-01', 'PAGOPA-MTLS-01', 'PAGOPA-MTLS-02', 'PAGOPA-MTLS-03']) {
    expect(verdictOf(report.results, id, 'secondary').verdict, id).toBe('inconclusive');
  }
  expect(verdictOf(report.results, 'PAGOPA-MTLS-03', 'secondary').reason).toMatch(
    /No probe got a TLS answer/,
  );
  for (const id of ['PAGOPA-CERT-01', 'PAGOPA-CERT-02', 'PAGOPA-CERT-03']) {
    const r = verdictOf(report.results, id, 'secondary');
    expect(r.verdict, id).toBe('inconclusive');
    expect(r.reason).toMatch(/No probe received the server's certificates/);
  }
  expect(verdictOf(report.results, 'PAGOPA-DR-01', 'all').verdict).toBe('fail');
});
