import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { ThalesSwitch } from './faults.js';

type Env = 'PPR' | 'PRD';
type KeyPair = webcrypto.CryptoKeyPair;

export const TSP_ID = 'ATTESTA01';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const RSA_2048 = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
} as const;

const newKeys = (alg: typeof EC | typeof RSA_2048) =>
  webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as Promise<KeyPair>;

/** The CN Thales asks for, with the faults that break one part of it (on the PPR request only). */
function commonName(env: Env, keyWord: string, on: ThalesSwitch): string {
  const faulty = env === 'PPR';
  const word = faulty && on('thales.csr-cn-wrong-key-word') ? 'RSA' : keyWord;
  const id = faulty && on('thales.csr-cn-wrong-tspid') ? 'OTHER99' : TSP_ID;
  const cnEnv = faulty && on('thales.csr-cn-wrong-env') ? 'PRD' : env;
  return `TLSMA-${word}/${id}/TSH/TSP.${cnEnv}`;
}

function subject(env: Env, keyWord: string, on: ThalesSwitch): x509.JsonName {
  const withoutOu = env === 'PPR' && on('thales.csr-missing-ou');
  return [
    { C: ['IT'] },
    { ST: ['Lazio'] },
    { L: ['Roma'] },
    { O: ['Attesta Reference TSP'] },
    ...(withoutOu ? [] : [{ OU: ['Tokenization'] }]),
    { CN: [commonName(env, keyWord, on)] },
  ];
}

/** Flips a bit of the signature: the request still parses, its signature no longer verifies. */
function tamper(pem: string): string {
  const req = new x509.Pkcs10CertificateRequest(pem);
  const der = new Uint8Array(req.rawData);
  der[der.length - 1]! ^= 0x01;
  return new x509.Pkcs10CertificateRequest(der).toString('pem');
}

/** The reference TSP's CSRs for both environments, EC P-256 and SHA-256 unless a fault says otherwise. */
export async function createCsrs(on: ThalesSwitch): Promise<Record<Env, string>> {
  const rsa = on('thales.csr-rsa-2048');
  const pprKeys = await newKeys(rsa ? RSA_2048 : EC);
  const prdKeys = on('thales.csr-same-key') ? pprKeys : await newKeys(EC);
  const make = async (env: Env, keys: KeyPair) => {
    const isRsa = env === 'PPR' && rsa;
    const hash = env === 'PPR' && on('thales.csr-sha1') ? 'SHA-1' : 'SHA-256';
    const req = await x509.Pkcs10CertificateRequestGenerator.create({
      name: subject(env, isRsa ? 'RSA' : 'ECDSA', on),
      keys,
      signingAlgorithm: isRsa ? RSA_2048 : { ...EC, hash },
    });
    const pem = req.toString('pem') + '\n';
    return env === 'PPR' && on('thales.csr-bad-signature') ? tamper(pem) + '\n' : pem;
  };
  return { PPR: await make('PPR', pprKeys), PRD: await make('PRD', prdKeys) };
}
