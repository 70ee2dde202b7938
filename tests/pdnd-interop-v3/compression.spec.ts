import { test, expect } from '../support/fixtures.js';
import { verdictOf } from '../support/run.js';
import { PDND3_IDS, SUITE } from './support.js';

test.use({ suites: SUITE, faults: ['gateway.gzip-responses'] });

test('a gateway that gzips its responses, Digest over the bytes sent: every INT and SCHEMA id keeps its verdict', async ({
  reference: ref,
}) => {
  const { report } = await ref.run();
  for (const id of PDND3_IDS.filter((i) => /^PDND3-(INT|SCHEMA)-/.test(i))) {
    const r = verdictOf(report.results, id, 'platform');
    expect(r.verdict, `${id}: ${r.reason}`).toBe('pass');
  }
});
