import { generateKeyPair, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, type JWK } from 'jose';
import type { ReferenceAuthorizationServer } from '../services/pdnd-authorization-server/index.js';

export const ADMIN_ROLE = 'm2m-admin';

export interface User {
  userId: string;
  name: string;
  familyName: string;
  roles: string[];
}

/** A client or producer keychain whose keys the gateway manages. */
export interface Owner {
  idField: 'clientId' | 'producerKeychainId';
  keys: Map<string, JWK>;
}

/** What the gateway serves: three users, one client and one producer keychain (no keys yet). */
export interface GatewayData {
  users: User[];
  clientObjectId: string;
  keychainId: string;
  /** By path prefix: /clients/<id> and /producerKeychains/<id>. */
  owners: Map<string, Owner>;
}

export function newGatewayData(): GatewayData {
  const clientObjectId = randomUUID();
  const keychainId = randomUUID();
  return {
    users: [
      { userId: randomUUID(), name: 'Ada', familyName: 'Lovelace', roles: ['admin'] },
      { userId: randomUUID(), name: 'Alan', familyName: 'Turing', roles: ['security'] },
      { userId: randomUUID(), name: 'Grace', familyName: 'Hopper', roles: ['api'] },
    ],
    clientObjectId,
    keychainId,
    owners: new Map<string, Owner>([
      [`/clients/${clientObjectId}`, { idField: 'clientId', keys: new Map() }],
      [`/producerKeychains/${keychainId}`, { idField: 'producerKeychainId', keys: new Map() }],
    ]),
  };
}

export interface ApiClient {
  clientId: string;
  kid: string;
  privateKey: string;
}

/** The API clients of the suite, registered on the authorization server: an administrator and a plain m2m client. */
export async function registerApiClients(
  as: ReferenceAuthorizationServer,
  dir: string,
): Promise<{ admin: ApiClient; nonAdmin: ApiClient }> {
  const register = async (who: 'admin' | 'non-admin'): Promise<ApiClient> => {
    const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    const clientId = randomUUID();
    const kid = `${who}-${randomUUID().slice(0, 8)}`;
    as.registerClient({
      clientId,
      keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }],
      role: who === 'admin' ? ADMIN_ROLE : 'm2m',
    });
    const file = path.join(dir, `pdnd-gateway-${who}-client.key`);
    await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
    return { clientId, kid, privateKey: `file:${file}` };
  };
  const [admin, nonAdmin] = await Promise.all([register('admin'), register('non-admin')]);
  return { admin, nonAdmin };
}
