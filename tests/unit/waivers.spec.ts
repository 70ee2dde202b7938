import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { loadWaivers, reviewWaivers, waiverFor, type Waiver } from '../../src/audit/waivers.js';
import { ConfigError } from '../../src/core/errors.js';
import type { ResultRecord } from '../../src/core/suite.js';

const waiver = (over: Partial<Waiver> = {}): Waiver => ({
  target: 'acme',
  requirement: 'PAGOPA-CERT-03',
  justification: 'renewal ordered from the CA, see ticket',
  owner: 'ops@acme.example',
  ticket: 'SEC-42',
  expires: '2026-12-31',
  ...over,
});

const result = (over: Partial<ResultRecord> = {}) =>
  ({ target: 'acme', id: 'PAGOPA-CERT-03', site: 'primary', verdict: 'fail', ...over }) as ResultRecord;

test('an unexpired waiver covers the FAIL it names, on every site or the one it names, and nothing else', () => {
  const day = '2026-11-26';
  expect(waiverFor([waiver()], result(), day)).toEqual(waiver());
  expect(waiverFor([waiver({ site: 'secondary' })], result(), day)).toBeUndefined();
  expect(waiverFor([waiver({ site: 'primary' })], result(), day)).toBeDefined();
  expect(waiverFor([waiver()], result({ verdict: 'inconclusive' }), day)).toBeUndefined();
  expect(waiverFor([waiver()], result({ target: 'other' }), day)).toBeUndefined();
  expect(waiverFor([waiver()], result({ id: 'PAGOPA-CERT-02' }), day)).toBeUndefined();
  // The expiry day itself is the last day it applies.
  expect(waiverFor([waiver({ expires: day })], result(), day)).toBeDefined();
  expect(waiverFor([waiver({ expires: '2026-11-25' })], result(), day)).toBeUndefined();
});

test('a review sorts waivers into applied, expired and stale', () => {
  const applied = waiver();
  const expired = waiver({ requirement: 'PAGOPA-TLS-01', expires: '2026-01-01' });
  const stale = waiver({ requirement: 'PAGOPA-MTLS-01' });
  const review = reviewWaivers(
    [applied, expired, stale],
    [result(), result({ id: 'PAGOPA-TLS-01' })],
    '2026-11-26',
  );
  expect(review).toEqual({ applied: [applied], expired: [expired], stale: [stale] });
});

test('a waivers file is validated: a missing field or a bad date is exit 2 naming the file and field', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'attesta-waivers-'));
  const file = path.join(dir, 'waivers.yaml');
  const lines = (w: Record<string, string>) =>
    'waivers:\n' +
    Object.entries(w)
      .map(([k, v], i) => `${i ? '   ' : ' - '} ${k}: ${JSON.stringify(v)}`)
      .join('\n') +
    '\n';
  await writeFile(file, lines({ ...waiver() }));
  expect(await loadWaivers(file)).toEqual([waiver()]);
  const noTicket: Partial<Waiver> = waiver();
  delete noTicket.ticket;
  await writeFile(file, lines(noTicket as Record<string, string>));
  await expect(loadWaivers(file)).rejects.toMatchObject({ file, field: '/waivers/0/ticket' });
  await writeFile(file, lines({ ...waiver(), expires: '31/12/2026' }));
  const error = await loadWaivers(file).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect(error).toMatchObject({ field: '/waivers/0/expires' });
});
