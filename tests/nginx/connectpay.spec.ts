import { test, expect } from '@playwright/test';
import { runForTest, verdictOf } from '../support/run.js';
import { startConnectPayNginx, type ConnectPayNginxVariant } from '../support/nginx-connectpay.js';

/** ConnectPay's live ids against a real nginx playing both hosts (a third-party TLS terminator and auth_basic). */
async function judge(variant: ConnectPayNginxVariant = {}) {
  const nginx = await startConnectPayNginx(variant);
  try {
    return (await runForTest({ targets: [nginx.profileFile], suites: ['connectpay-security'] })).report
      .results;
  } finally {
    await nginx.stop();
  }
}

test('nginx as a compliant ConnectPay: mTLS on the 2-way host, the hosts apart, its auth_basic refusing every negative', async () => {
  const results = await judge();
  for (const [id, site] of [
    ['CP-MTLS-01', 'platform'],
    ['CP-HOST-01', 'platform'],
    ['CP-BASIC-01', 'platform'],
    ['CP-CHAIN-08', 'two-way'],
  ] as const) {
    const r = verdictOf(results, id, site);
    expect(r.verdict, `${id}: ${r.reason}`).toBe('pass');
  }
});

test('nginx serving the 1-way API on the 2-way host fails CP-HOST-01', async () => {
  const r = verdictOf(await judge({ oneWayApiOnTwoWayHost: true }), 'CP-HOST-01');
  expect(r.verdict, r.reason).toBe('fail');
  expect(r.reason).toMatch(/1-way API \/v1\/public\/status on the 2-way host .* \(HTTP 200\)/);
});

test('nginx with ssl_verify_client optional fails CP-MTLS-01', async () => {
  const r = verdictOf(await judge({ verifyOptional: true }), 'CP-MTLS-01');
  expect(r.verdict, r.reason).toBe('fail');
});
