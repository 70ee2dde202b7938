import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { LEGACY } from '../pagopa-connectivity/sites.js';
import { listen } from '../pagopa-connectivity/servers.js';
import type { ThalesSwitch } from './faults.js';
import type { ThalesPki } from './pki.js';

export const SERVED_PATH = '/tsh/notifications';

function reply(res: import('node:http').ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The TSP's server that Thales calls: mutual TLS against the Thales client CA and the TSP's test
 * client CA, TLS 1.2 and 1.3, its chain leaf first with the intermediate, unless a fault says otherwise.
 */
export async function startTspServer(
  pki: ThalesPki,
  on: ThalesSwitch,
): Promise<{ server: Server; port: number }> {
  const anyCa = on('thales.any-client-ca');
  const pinned = on('thales.client-cert-pinned') ? pki.thalesClient.cert.rawData : undefined;
  const server = createServer(
    {
      key: pki.server.keyPem,
      cert:
        pki.server.certPem + (on('thales.chain-without-intermediate') ? '' : pki.serverIntermediate.certPem),
      ca: [pki.thalesClientCa.certPem, pki.testClientCa.certPem],
      requestCert: !on('thales.mtls-not-required'),
      rejectUnauthorized: !on('thales.mtls-not-required') && !anyCa,
      minVersion: on('thales.tls13-only') ? 'TLSv1.3' : 'TLSv1.2',
      ...(on('thales.tls11-accepted') ? LEGACY : {}),
    },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerX509Certificate();
      if (anyCa && !peer) return reply(res, 400, { error: 'No required SSL certificate was sent' });
      // Pinning: only the one certificate the server was told about, byte for byte.
      if (pinned && !(peer && Buffer.from(pinned).equals(peer.raw)))
        return reply(res, 403, { error: 'client certificate not pinned' });
      if (req.url !== SERVED_PATH) return reply(res, 404, { error: 'not found' });
      reply(res, 200, { outcome: 'OK' });
    },
  );
  return { server, port: await listen(server) };
}
