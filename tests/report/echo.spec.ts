/**
 * Peers that quote back what they received (reference variants, all compliant): the api-key and
 * its one-character-changed copy, vouchers, DPoP proofs, client assertions. Whatever they echo,
 * in WWW-Authenticate, a problem's detail or a body, no report file and no log line may carry a
 * secret, a near-copy of one, or a whole token; and echoing changes no verdict.
 *
 * The v3 suite keeps only the first 120-160 characters of a challenge or a detail, which a token
 * outlasts: there the test guards that cut, the other two guard the redactor.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type RunningReference } from '../support/fixtures.js';
import { runCollecting } from './fixture.js';

/** Compact JWS whose signature is still there: three base64url parts, the first a JOSE header. */
function wholeTokens(text: string): string[] {
  return [...text.matchAll(/[\w-]{4,}\.[\w-]*\.[\w-]+/g)]
    .map((m) => m[0])
    .filter((candidate) => {
      try {
        return 'alg' in JSON.parse(Buffer.from(candidate.split('.')[0]!, 'base64url').toString('utf8'));
      } catch {
        return false;
      }
    });
}

/**
 * Runs the suites against the plain reference and against one with the echo variants, and checks
 * the second's files and log: no whole token, no half of any `secrets` (any near-copy keeps one
 * half intact), the echo itself visible as `shown`, and the same verdicts as the plain reference.
 */
async function expectEchoesRedacted(
  launch: (setup: { faults: string[]; suites: string[] }) => Promise<RunningReference>,
  suites: string[],
  variants: string[],
  secretsOf: (ref: RunningReference) => Promise<string[]>,
  shown: RegExp[],
): Promise<void> {
  const plain = await runCollecting(await launch({ faults: [], suites }));
  const echoing = await launch({ faults: variants, suites });
  const written = await runCollecting(echoing);
  const secrets = await secretsOf(echoing);
  const texts = new Map([...written.files, ['log', written.lines.join('\n')]]);
  for (const [name, text] of texts) {
    expect(wholeTokens(text), `whole tokens in ${name}`).toEqual([]);
    for (const secret of secrets) {
      const half = secret.length >> 1;
      for (const part of [secret.slice(0, half), secret.slice(half)])
        expect(text.includes(part), `half of a secret in ${name}`).toBe(false);
    }
  }
  const all = [...texts.values()].join('\n');
  for (const echo of shown) expect(all, 'the echo reached the report').toMatch(echo);
  expect(written.verdicts).toEqual(plain.verdicts);
}

test.describe('what peers echo never reaches a report or a log', () => {
  test.describe.configure({ timeout: 180_000 });

  test('the payment node quoting the api-key and its near-copies, in a detail and in WWW-Authenticate', async ({
    launchReference,
  }) => {
    const keys = (ref: RunningReference) =>
      Promise.all(
        ['primary', 'secondary', 'revoked'].map((k) =>
          readFile(path.join(ref.dir, `pagopa-apikey-${k}`), 'utf8'),
        ),
      );
    await expectEchoesRedacted(
      launchReference,
      ['pagopa-connectivity'],
      ['pagopa.platform-echoes-key'],
      keys,
      [/received Ocp-Apim-Subscription-Key \[redacted\]/],
    );
  });

  test('the e-service quoting vouchers and DPoP proofs, the authorization server quoting client assertions', async ({
    launchReference,
  }) => {
    await expectEchoesRedacted(
      launchReference,
      ['pdnd-vouchers'],
      ['vouchers.echoes-credentials', 'as.echoes-assertion'],
      async () => [],
      [
        /received client_assertion [\w-]+\.[\w-]+\.\[signature cut\]/,
        /received Authorization DPoP [\w-]+\.[\w-]+\.\[signature cut\]/,
        /received DPoP [\w-]+\.[\w-]+\.\[signature cut\]/,
      ],
    );
  });

  test('the v3 gateway quoting vouchers and DPoP proofs in WWW-Authenticate and the problem detail', async ({
    launchReference,
  }) => {
    await expectEchoesRedacted(
      launchReference,
      ['pdnd-interop-v3'],
      ['gateway.echoes-credentials', 'as.echoes-assertion'],
      async () => [],
      [/received voucher eyJ/],
    );
  });
});
