import { createPublicKey } from 'node:crypto';
import type { JWK } from 'jose';
import type { GatewayFault } from './faults.js';
import { badRequest } from './http-error.js';

const KEY_SEED_PROPERTIES = ['key', 'use', 'alg', 'name'];

function parseObject(body: string): Record<string, unknown> {
  let seed: unknown;
  try {
    seed = JSON.parse(body);
  } catch {
    throw badRequest('the body is not JSON');
  }
  if (!seed || typeof seed !== 'object' || Array.isArray(seed)) throw badRequest('KeySeed must be an object');
  return seed as Record<string, unknown>;
}

/** A KeySeed body checked as the v3 gateway does: its properties, and a base64-encoded PEM public key. */
export function readKeySeed(
  body: string,
  on: (fault: GatewayFault) => boolean,
): { jwk: JWK; use: string; alg: string } {
  const seed = parseObject(body);
  const extra = Object.keys(seed).filter((k) => !KEY_SEED_PROPERTIES.includes(k));
  if (extra.length) throw badRequest(`unknown KeySeed properties: ${extra.join(', ')}`);
  const { key: b64, use, alg, name } = seed;
  if (typeof name !== 'string' || name.length < 5 || name.length > 60)
    throw badRequest('name must have 5 to 60 characters');
  const useOk =
    typeof use === 'string' &&
    ['SIG', 'ENC'].includes(on('gateway.keyseed-lowercase-use-accepted') ? use.toUpperCase() : use);
  if (!useOk) throw badRequest('use must be SIG or ENC');
  if (typeof alg !== 'string' || !alg) throw badRequest('alg is required');
  if (typeof b64 !== 'string') throw badRequest('key is required');
  try {
    const pub = createPublicKey(Buffer.from(b64, 'base64').toString('utf8'));
    return {
      jwk: pub.export({ format: 'jwk' }) as JWK,
      use: use.toUpperCase() === 'SIG' ? 'sig' : 'enc',
      alg,
    };
  } catch {
    throw badRequest('key is not a base64-encoded PEM public key');
  }
}
