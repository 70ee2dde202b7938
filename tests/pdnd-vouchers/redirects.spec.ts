import { test, expect } from '../support/fixtures.js';
import { useRecordingListener } from '../support/listener.js';
import { verdictOf } from '../support/run.js';

test.use({ suites: ['pdnd-vouchers'], faults: ['vouchers.expired-redirected'] });

const listener = useRecordingListener();

test('an expired voucher redirected to another origin: PDND-PRODUCER-01 is inconclusive, naming where, and the voucher never goes there', async ({
  launchReference,
}) => {
  // The e-service's host on another port: another origin.
  const elsewhere = `http://127.0.0.1:${listener().port}`;
  const ref = await launchReference({ partOptions: { 'pdnd-vouchers': { elsewhere } } });
  const { report } = await ref.run();
  const r = verdictOf(report.results, 'PDND-PRODUCER-01');
  expect(r.verdict, r.reason).toBe('inconclusive');
  expect(r.reason).toContain(`HTTP 302 to ${elsewhere}/api/v1/status`);
  expect(r.reason).toMatch(/another origin/);
  const expired = r.evidence.find((e) => e.label.startsWith('voucher expired'));
  expect(expired?.finding).toBe('inconclusive');
  // Not a request carrying the voucher, not even a connection.
  expect(listener().connections).toHaveLength(0);
  // The redirect touches only the expired voucher: the other ids keep the conformant verdict.
  for (const id of ['PDND-AUDIT-01', 'PDND-DPOP-01', 'PDND-DPOP-02'])
    expect(verdictOf(report.results, id).verdict, id).toBe('pass');
});
