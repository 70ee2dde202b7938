import { headerValue } from '../src/http/client.js';
import type { PagopaTarget } from '../src/suites/pagopa-connectivity/target.js';
import { test } from '../fixtures/index.js';

/**
 * An example of a check of your own, next to Attesta's: it runs against every target of the run
 * (one Playwright project each) and its verdict lands in the same compliance report.
 */
const requirement = {
  id: 'ACME-HSTS-01',
  level: 'SHOULD',
  statement: 'The entity endpoint sends Strict-Transport-Security on its responses.',
  verify: 'A request with the configured client certificate gets a Strict-Transport-Security header.',
  source: 'checks/strict-transport-security.spec.ts',
} as const;

test(
  `${requirement.id} ${requirement.statement}`,
  { tag: [`@${requirement.id}`, '@SHOULD'] },
  async ({ profile, http, verdict }) => {
    const endpoint = profile.suite<PagopaTarget>('pagopa-connectivity')?.endpoint;
    if (!endpoint) {
      await verdict.record({
        ...requirement,
        finding: 'not-applicable',
        reason: 'The profile has no pagoPA endpoint.',
      });
      return;
    }
    for (const site of endpoint.sites) {
      // Trust: the public roots, or the private CA a test environment's profile names.
      const trust = endpoint.privateCa.length ? endpoint.privateCa.map((c) => c.toString()) : undefined;
      const res = await http(endpoint.identity, trust).request({
        url: site.rawUrl,
        address: site.address,
      });
      if (!res.ok) {
        await verdict.record({
          ...requirement,
          site: site.name,
          finding: 'inconclusive',
          reason: `No answer: ${res.error}`,
        });
        continue;
      }
      const hsts = headerValue(res.response.headers, 'strict-transport-security');
      await verdict.record({
        ...requirement,
        site: site.name,
        finding: hsts ? 'pass' : 'fail',
        reason: hsts
          ? `Strict-Transport-Security: ${hsts}`
          : `HTTP ${res.response.status} without Strict-Transport-Security.`,
        evidence: [{ label: 'response', outcome: `HTTP ${res.response.status}` }],
      });
    }
  },
);
