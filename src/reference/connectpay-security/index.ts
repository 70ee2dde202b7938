import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import type { ReferencePart, ReferencePartModule } from '../part.js';
import { close, listen } from '../pagopa-connectivity/servers.js';
import {
  startOcspResponder,
  type OcspResponderOptions,
  type ResponderMode,
} from '../services/ocsp-responder.js';
import { CONNECTPAY_FAULTS, CONNECTPAY_VARIANTS, type ConnectPaySwitch } from './faults.js';
import {
  createConnectPayPki,
  DECLARED_ROLES,
  ONE_WAY_HOST,
  TWO_WAY_HOST,
  type ConnectPayPki,
} from './pki.js';
import { API, oneWayServer, twoWayServer, type Credentials } from './servers.js';

/** The files the profile names, written into the part's folder (keys and secrets 0600). */
async function writeFiles(dir: string, pki: ConnectPayPki, credentials: Credentials): Promise<void> {
  const chainPem = pki.client.certPem + pki.issuingCa.certPem + pki.policyCa.certPem + pki.root.certPem;
  const rest = pki.issuingCa.certPem + pki.policyCa.certPem + pki.root.certPem;
  const files: Record<string, string | Buffer> = {
    'connectpay-chain.pem': pki.chainFile,
    'connectpay-devapp.pem': pki.devApp.certPem,
    'connectpay-prod.pem': chainPem,
    'connectpay-stage.pem': pki.stage.certPem + rest,
    'connectpay-test-root.pem': pki.root.certPem,
    'connectpay-client.pem': chainPem,
    'connectpay-client.key': pki.client.keyPem,
    'connectpay-server-root.pem': pki.serverRoot.certPem,
    'connectpay-client-key': credentials.key,
    'connectpay-client-secret': credentials.secret,
  };
  await Promise.all(
    Object.entries(files).map(([name, data]) => writeFile(path.join(dir, name), data, { mode: 0o600 })),
  );
}

function profileOf(twoWay: string, oneWay: string): Record<string, unknown> {
  const trust = { address: '127.0.0.1', trust: 'connectpay-server-root.pem' };
  return {
    connectpay: {
      certificates: {
        chain: 'connectpay-chain.pem',
        devApp: 'connectpay-devapp.pem',
        prod: 'connectpay-prod.pem',
        stage: 'connectpay-stage.pem',
        psd2Roles: DECLARED_ROLES,
        testTrustAnchors: 'connectpay-test-root.pem',
      },
      twoWay: {
        url: `${twoWay}${API.twoWay}`,
        ...trust,
        clientCertificate: { cert: 'connectpay-client.pem', key: 'file:connectpay-client.key' },
      },
      oneWay: { url: `${oneWay}${API.oneWay}`, ...trust },
      basicAuth: {
        url: `${oneWay}${API.basic}`,
        ...trust,
        clientKey: 'file:connectpay-client-key',
        clientSecret: 'file:connectpay-client-secret',
      },
    },
  };
}

function responderMode(on: ConnectPaySwitch): ResponderMode {
  if (on('connectpay.ocsp-silent')) return 'silent';
  if (on('connectpay.ocsp-unsigned')) return 'unsigned';
  return on('connectpay.ocsp-other-certificate') ? 'other-certificate' : 'honest';
}

/**
 * The ConnectPay part of the reference target: a 2-way host (mutual TLS), a 1-way host with a
 * Basic-auth protected API, the merchant's certificate files, and the OCSP responder of the
 * merchant's issuing CA, all generated at start.
 */
async function start({ dir, faults }: { dir: string; faults: ReadonlySet<string> }): Promise<ReferencePart> {
  const on: ConnectPaySwitch = (name) => faults.has(name);
  const revoked = new Set<string>();
  const responder: OcspResponderOptions = { issuers: [], revoked: () => revoked, mode: responderMode(on) };
  const ocsp = await startOcspResponder(responder);
  const pki = await createConnectPayPki(on, ocsp.url);
  responder.issuers = pki.ocspIssuers;
  if (on('connectpay.revoked')) revoked.add(pki.client.cert.serialNumber.toUpperCase());
  const credentials = {
    key: `attesta-${randomBytes(6).toString('hex')}`,
    secret: randomBytes(18).toString('base64url'),
  };
  const [twoWay, oneWay] = [twoWayServer(pki, on), oneWayServer(pki, on, credentials)];
  const servers: Server[] = [ocsp.server, twoWay, oneWay];
  const [twoWayPort, oneWayPort] = await Promise.all([listen(twoWay), listen(oneWay)]);
  await writeFiles(dir, pki, credentials);
  return {
    profile: profileOf(`https://${TWO_WAY_HOST}:${twoWayPort}`, `https://${ONE_WAY_HOST}:${oneWayPort}`),
    stop: async () => void (await Promise.all(servers.map(close))),
  };
}

export const part: ReferencePartModule = {
  suite: 'connectpay-security',
  faults: CONNECTPAY_FAULTS,
  variants: CONNECTPAY_VARIANTS,
  start,
};
