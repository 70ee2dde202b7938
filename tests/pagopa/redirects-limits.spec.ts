import { test, expect } from '../support/fixtures.js';
import { expectVerdicts, runForTest, verdictOf } from '../support/run.js';
import { useRecordingListener } from '../support/listener.js';
import { COMPLIANT_ENDPOINT_VERDICTS } from '../support/pagopa.js';

const SUITE = ['pagopa-connectivity'];

test.describe('a redirect is neither served nor refused', () => {
  test.use({ suites: SUITE, faults: ['pagopa.secondary-key-redirected'] });
  const listener = useRecordingListener();

  test('the secondary key redirected to another origin: APIKEY-03 is inconclusive, naming where, and the key never goes there', async ({
    launchReference,
  }) => {
    // The same host name on another port: another origin, reachable through the profile's address override.
    const elsewhere = `https://api.platform.attesta.test:${listener().port}`;
    const ref = await launchReference({ partOptions: { 'pagopa-connectivity': { elsewhere } } });
    // Without acceptStatus any success counts: a 302 must still not.
    await ref.rewrite((p) => {
      delete p['pagopa'].platform.acceptStatus;
    });
    const { report } = await ref.run();
    const r = verdictOf(report.results, 'PAGOPA-APIKEY-03', 'platform');
    expect(r.verdict, r.reason).toBe('inconclusive');
    expect(r.reason).toContain(`HTTP 302 to ${elsewhere}/nodo`);
    expect(r.reason).toMatch(/another origin/);
    // Not a request carrying the key, not even a connection.
    expect(listener().connections).toHaveLength(0);
    expect(verdictOf(report.results, 'PAGOPA-APIKEY-01', 'platform').verdict).toBe('pass');
  });
});

test("a same-origin redirect is followed with the same identity: every verdict is the plain reference's", async () => {
  const { report } = await runForTest({
    suites: SUITE,
    referenceFaults: ['pagopa.platform-redirects-same-origin'],
  });
  expectVerdicts(report.results, COMPLIANT_ENDPOINT_VERDICTS, 'primary');
  for (const id of ['PAGOPA-APIKEY-01', 'PAGOPA-APIKEY-02', 'PAGOPA-APIKEY-03'])
    expect(verdictOf(report.results, id, 'platform').verdict, id).toBe('pass');
});

test("an answer beyond our probe's head cap: REACH-01 and the mTLS ids are inconclusive, naming the limit, never fail", async () => {
  const { report } = await runForTest({
    suites: SUITE,
    referenceFaults: ['pagopa.oversized-control-header'],
  });
  for (const id of ['PAGOPA-REACH-01', 'PAGOPA-MTLS-01', 'PAGOPA-MTLS-02']) {
    const r = verdictOf(report.results, id, 'primary');
    expect(r.verdict, `${id}: ${r.reason}`).toBe('inconclusive');
    expect(r.reason).toContain('TLS probe response head cap (64 KiB)');
  }
});

test('the report counts the connections and requests each origin received', async () => {
  const { report } = await runForTest({ suites: SUITE });
  const traffic = report.run.traffic ?? [];
  const platform = traffic.find((t) => t.origin.startsWith('https://api.platform.attesta.test:'));
  // Control, five negatives, the secondary key, control: one connection each; and SRV-01's handshake.
  expect(platform).toMatchObject({ connections: 9, requests: 8 });
  expect(
    traffic.find((t) => t.origin.startsWith('https://primary.ente.attesta.test:'))?.requests,
  ).toBeGreaterThan(0);
  expect(traffic.some((t) => t.origin.includes('canary'))).toBe(false);
});
