import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from '@playwright/test';
import { decodeJwt } from 'jose';
import { exchange, newNonceState } from '../../src/oauth/exchange.js';
import { createDpopProof, generateDpopKey } from '../../src/jose/dpop.js';

/**
 * The exchange loop of src/oauth/exchange.ts against a loopback server that answers each attempt
 * as told: its bounds (429 waits, one challenge answered) and the fresh proof on a retry.
 */
async function withServer(
  answer: (attempt: number, req: IncomingMessage, res: ServerResponse) => void,
  body: (url: string, proofs: string[]) => Promise<void>,
) {
  const proofs: string[] = [];
  const server = createServer((req, res) => {
    proofs.push(String(req.headers['dpop'] ?? ''));
    answer(proofs.length, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}/resource`, proofs);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

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

test('a server that always answers 429 is waited out maxWaits times, each wait capped', async () => {
  const bounds = { maxWaits: 2, maxWaitMs: 150 };
  await withServer(
    (_n, _req, res) => {
      res.writeHead(429, { 'retry-after': '86400' });
      res.end();
    },
    async (url, proofs) => {
      const started = Date.now();
      const out = await exchange(await proofBuilder(url), { timeoutMs: 2_000, rateLimit: bounds });
      const elapsed = Date.now() - started;
      expect(proofs).toHaveLength(bounds.maxWaits + 1);
      expect(out.ok && out.response.status).toBe(429);
      expect(out.ok && out.rateLimitWaits).toBe(bounds.maxWaits);
      // It did wait (Retry-After, capped), and no longer than the bounds allow.
      expect(elapsed).toBeGreaterThanOrEqual(bounds.maxWaits * bounds.maxWaitMs - 10);
      expect(elapsed).toBeLessThanOrEqual(bounds.maxWaits * bounds.maxWaitMs + 500);
    },
  );
});

test('a server that always challenges is answered once: two attempts, the challenge returned', async () => {
  await withServer(
    (n, _req, res) => challenge(res, `nonce-${n}`),
    async (url, proofs) => {
      const nonce = newNonceState();
      const out = await exchange(await proofBuilder(url), { timeoutMs: 2_000, nonce });
      expect(proofs).toHaveLength(2);
      expect(out.ok && out.response.status).toBe(401);
      expect(out.ok && out.challengeAnswered).toBe(true);
      expect(nonce.challenges).toBe(1);
      expect(nonce.issued).toEqual(['nonce-1', 'nonce-2']);
    },
  );
});

test('a challenge then success: two attempts, the retry carries the nonce and a fresh jti', async () => {
  await withServer(
    (n, _req, res) => {
      if (n === 1) return challenge(res, 'the-nonce');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    },
    async (url, proofs) => {
      const out = await exchange(await proofBuilder(url), { timeoutMs: 2_000 });
      expect(proofs).toHaveLength(2);
      expect(out.ok && out.response.status).toBe(200);
      expect(out.ok && out.challengeAnswered).toBe(true);
      const [first, retry] = proofs.map((p) => decodeJwt(p));
      expect(first?.['nonce']).toBeUndefined();
      expect(retry?.['nonce']).toBe('the-nonce');
      expect(retry?.jti).toBeDefined();
      expect(retry?.jti).not.toBe(first?.jti);
    },
  );
});

test('a challenge is not answered without a DPoP-Nonce, nor where the caller says not to', async () => {
  await withServer(
    (_n, _req, res) => challenge(res),
    async (url, proofs) => {
      const out = await exchange(await proofBuilder(url), { timeoutMs: 2_000 });
      expect(proofs).toHaveLength(1);
      expect(out.ok && out.challengeAnswered).toBe(false);
    },
  );
  await withServer(
    (_n, _req, res) => challenge(res, 'n'),
    async (url, proofs) => {
      const out = await exchange(await proofBuilder(url), { timeoutMs: 2_000, answerChallenge: false });
      expect(proofs).toHaveLength(1);
      expect(out.ok && out.response.status).toBe(401);
    },
  );
});
