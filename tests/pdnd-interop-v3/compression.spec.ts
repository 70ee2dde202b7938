import { test, expect } from '../support/fixtures.js';
import { verdictOf } from '../support/run.js';
import { httpRequest, headerValue } from '../../src/http/client.js';
import { digestHeaderOf } from '../../src/modi/digest.js';
import { PDND3_IDS, SUITE } from './support.js';

test.use({ suites: SUITE, faults: ['gateway.gzip-responses'] });

test('a gateway that gzips its responses, Digest over the bytes sent: every INT and SCHEMA id keeps its verdict', async ({
  reference: ref,
}) => {
  // The variant does compress what our client accepts, and its Digest covers the gzip bytes.
  const probe = await httpRequest({ url: `${ref.profile['pdndInterop'].url}/users`, timeoutMs: 3_000 });
  if (!probe.ok) throw new Error(probe.error);
  expect(headerValue(probe.response.headers, 'content-encoding')).toBe('gzip');
  expect(headerValue(probe.response.headers, 'digest')).toBe(digestHeaderOf(probe.response.encodedBody!));
  expect(JSON.parse(probe.response.body.toString())).toMatchObject({ status: 400, type: 'about:blank' });

  const { report } = await ref.run();
  for (const id of PDND3_IDS.filter((i) => /^PDND3-(INT|SCHEMA)-/.test(i))) {
    const r = verdictOf(report.results, id, 'platform');
    expect(r.verdict, `${id}: ${r.reason}`).toBe('pass');
  }
});
