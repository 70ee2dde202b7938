import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test as base, expect } from '@playwright/test';
import { decodeJwt } from 'jose';
import { exchange, newNonceState } from '../../src/oauth/exchange.js';
import { createDpopProof, generateDpopKey } from '../../src/jose/dpop.js';

type Answer = (attempt: number, req: IncomingMessage, res: ServerResponse) => void;

/**
 * The exchange loop of src/oauth/exchange.ts against a loopback server that answers each attempt
 * as told: its bounds (429 waits, one challenge answered) and the fresh proof on a retry.
 * `serve(answer)` starts one such server (closed when the test ends): its URL and the proofs it got.
 */
const test = base.extend<{ serve: (answer: Answer) => Promise<{ url: string; proofs: string[] }> }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
  serve: async ({}, use) => {
    const servers: Server[] = [];
    await use(async (answer) => {
      const proofs: string[] = [];
      const server = createServer((req, res) => {
        proofs.push(String(req.headers['dpop'] ?? ''));
        answer(proofs.length, req, res);
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/resource`, proofs };
    });
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  },
});

const challenge = (res: ServerResponse, nonce?: string) => {
  res.writeHead(401, {
    'www-authenticate': 'DPoP error="use_dpop_nonce"',
    ...(nonce ? { 'dpop-nonce': nonce } : {}),
  });
  res.end();
};

async function proofBuilder(url: string) {
  const key = await generateDpopKey();
  return async (nonce?: string) => ({
    url,
    headers: { dpop: await createDpopProof(key, { htm: 'GET', htu: url, nonce }) },
  });
}

test('a server that always answers 429 is waited out maxWaits times, each wait capped', async ({ serve }) => {
  const bounds = { maxWaits: 2, maxWaitMs: 150 };
  const { url, proofs } = await serve((_n, _req, res) => {
    res.writeHead(429, { 'retry-after': '86400' });
    res.end();
  });
  const started = Date.now();
  const out = await exchange(await proofBuilder(url), { timeoutMs: 2_000, rateLimit: bounds });
  const elapsed = Date.now() - started;
  expect(proofs).toHaveLength(bounds.maxWaits + 1);
  expect(out.ok && out.response.status).toBe(429);
  expect(out.ok && out.rateLimitWaits).toBe(bounds.maxWaits);
  // It did wait (Retry-After, capped), and no longer than the bounds allow.
  expect(elapsed).toBeGreaterThanOrEqual(bounds.maxWaits * bounds.maxWaitMs - 10);
  expect(elapsed).toBeLessThanOrEqual(bounds.maxWaits * bounds.maxWaitMs + 500);
});

test('a server that always challenges is answered once: two attempts, the challenge returned', async ({
  serve,
}) => {
  const { url, proofs } = await serve((n, _req, res) => challenge(res, `nonce-${n}`));
  const nonce = newNonceState();
  const out = await exchange(await proofBuilder(url), { timeoutMs: 2_000, nonce });
  expect(proofs).toHaveLength(2);
  expect(out.ok && out.response.status).toBe(401);
  expect(out.ok && out.challengeAnswered).toBe(true);
  expect(nonce.challenges).toBe(1);
  expect(nonce.issued).toEqual(['nonce-1', 'nonce-2']);
});

test('a challenge then success: two attempts, the retry carries the nonce and a fresh jti', async ({
  serve,
}) => {
  const { url, proofs } = await serve((n, _req, res) => {
    if (n === 1) return challenge(res, 'the-nonce');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  const out = await exchange(await proofBuilder(url), { timeoutMs: 2_000 });
  expect(proofs).toHaveLength(2);
  expect(out.ok && out.response.status).toBe(200);
  expect(out.ok && out.challengeAnswered).toBe(true);
  const [first, retry] = proofs.map((p) => decodeJwt(p));
  expect(first?.['nonce']).toBeUndefined();
  expect(retry?.['nonce']).toBe('the-nonce');
  expect(retry?.jti).toBeDefined();
  expect(retry?.jti).not.toBe(first?.jti);
});

test('a challenge is not answered without a DPoP-Nonce, nor where the caller says not to', async ({
  serve,
}) => {
  const noNonce = await serve((_n, _req, res) => challenge(res));
  const out = await exchange(await proofBuilder(noNonce.url), { timeoutMs: 2_000 });
  expect(noNonce.proofs).toHaveLength(1);
  expect(out.ok && out.challengeAnswered).toBe(false);
  const declined = await serve((_n, _req, res) => challenge(res, 'n'));
  const kept = await exchange(await proofBuilder(declined.url), { timeoutMs: 2_000, answerChallenge: false });
  expect(declined.proofs).toHaveLength(1);
  expect(kept.ok && kept.response.status).toBe(401);
});
