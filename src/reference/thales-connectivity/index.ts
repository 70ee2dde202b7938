import { writeFile } from 'node:fs/promises';
import type { Server } from 'node:https';
import path from 'node:path';
import type { ReferencePart, ReferencePartModule } from '../part.js';
import { closedPort } from '../services/ports.js';
import { createCsrs, TSP_ID } from './csrs.js';
import { THALES_FAULTS, THALES_VARIANTS, type ThalesSwitch } from './faults.js';
import { createPki, TSP_HOST, type ThalesPki } from './pki.js';
import { SERVED_PATH, startTspServer } from './server.js';

/** The files the profile names, written into the part's folder (keys 0600). */
async function writeFiles(dir: string, pki: ThalesPki, csrs: Record<'PPR' | 'PRD', string>): Promise<void> {
  const files: Record<string, string> = {
    'thales-csr-ppr.pem': csrs.PPR,
    'thales-csr-prd.pem': csrs.PRD,
    'thales-tsp-client.pem': pki.tspClient.certPem,
    'thales-tsp-client.key': pki.tspClientKeyPem,
    'thales-ca.pem': pki.thalesCa.certPem,
    'thales-client.pem': pki.thalesClient.certPem + pki.thalesClientCa.certPem,
    'thales-client.key': pki.thalesClient.keyPem,
    'thales-test-client-ca.pem': pki.testClientCa.certPem,
    'thales-test-client-ca.key': pki.testClientCa.keyPem,
    'thales-server-root.pem': pki.serverRoot.certPem,
  };
  await Promise.all(
    Object.entries(files).map(([name, text]) => writeFile(path.join(dir, name), text, { mode: 0o600 })),
  );
}

/** The URL's port, as the port faults and variants make it; the server itself is on a loopback port. */
function urlPort(on: ThalesSwitch): number {
  if (on('thales.server-port-9443')) return 9443;
  return on('thales.server-on-8443') ? 8443 : 443;
}

function profileOf(port: number, on: ThalesSwitch): Record<string, unknown> {
  return {
    thales: {
      tspId: TSP_ID,
      csrs: { PPR: 'thales-csr-ppr.pem', PRD: 'thales-csr-prd.pem' },
      client: {
        certificate: { cert: 'thales-tsp-client.pem', key: 'file:thales-tsp-client.key' },
        thalesCa: 'thales-ca.pem',
      },
      server: {
        url: `https://${TSP_HOST}:${urlPort(on)}${SERVED_PATH}`,
        address: '127.0.0.1',
        connectPort: port,
        expectStatus: [200],
        clientCertificate: { cert: 'thales-client.pem', key: 'file:thales-client.key' },
        ...(on('thales.no-test-ca')
          ? {}
          : { testClientCa: { cert: 'thales-test-client-ca.pem', key: 'file:thales-test-client-ca.key' } }),
        serverTrust: 'thales-server-root.pem',
      },
    },
  };
}

function close(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/**
 * The Thales part of the reference target: a TSP's CSRs for both environments, its client
 * certificate signed by a test "Thales" CA, and its server that Thales calls over mutual TLS.
 */
async function start({ dir, faults }: { dir: string; faults: ReadonlySet<string> }): Promise<ReferencePart> {
  const on: ThalesSwitch = (name) => faults.has(name);
  const [pki, csrs] = await Promise.all([createPki(on), createCsrs(on)]);
  const started = on('thales.server-down') ? undefined : await startTspServer(pki, on);
  await writeFiles(dir, pki, csrs);
  return {
    profile: profileOf(started?.port ?? (await closedPort()), on),
    stop: async () => void (started && (await close(started.server))),
  };
}

export const part: ReferencePartModule = {
  suite: 'thales-connectivity',
  faults: THALES_FAULTS,
  variants: THALES_VARIANTS,
  start,
};
