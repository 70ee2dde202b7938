import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test, expect } from '../support/fixtures.js';

test.use({ suites: ['connectpay-security'], faults: ['connectpay.basic-wrong-secret-accepted'] });

test('no ClientSecret, ClientKey, Basic credentials or private key reaches any report file, even when a negative is served', async ({
  reference,
}) => {
  const { outDir } = await reference.run();
  const secret = (await readFile(path.join(reference.dir, 'connectpay-client-secret'), 'utf8')).trim();
  const key = (await readFile(path.join(reference.dir, 'connectpay-client-key'), 'utf8')).trim();
  const basic = Buffer.from(`${key}:${secret}`).toString('base64');
  const files = (await readdir(outDir, { recursive: true })).map((f) => path.join(outDir, f));
  let read = 0;
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    read++;
    for (const s of [secret, key, basic, secret.slice(0, -1), 'PRIVATE KEY'])
      expect(text.includes(s), `${path.basename(file)} holds a secret`).toBe(false);
  }
  expect(read).toBeGreaterThan(0);
});
