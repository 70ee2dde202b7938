/**
 * ConnectPay's two hosts played by a real nginx (Debian's nginx-light) on loopback: a 2-way
 * server (ssl_verify_client on) serving the 2-way API, and a 1-way server serving the 1-way API
 * and a merchant API behind nginx's own auth_basic. The certificates come from the ConnectPay
 * reference PKI; the profile names both hosts and the files the merchant would upload.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import {
  createConnectPayPki,
  ONE_WAY_HOST,
  TWO_WAY_HOST,
} from '../../src/reference/connectpay-security/pki.js';
import { API } from '../../src/reference/connectpay-security/servers.js';
import { freePort, launch, nginxMain, TEMP_PATHS, terminate } from './nginx.js';

export interface ConnectPayNginx {
  profileFile: string;
  stop(): Promise<void>;
}

/** How this nginx differs from ConnectPay's rules. */
export interface ConnectPayNginxVariant {
  /** The 2-way server also serves the 1-way API (breaks CP-HOST-01). */
  oneWayApiOnTwoWayHost?: boolean;
  /** ssl_verify_client optional on the 2-way server (breaks CP-MTLS-01). */
  verifyOptional?: boolean;
}

const served = (body: string) => `default_type application/json;\n      return 200 '${body}';`;

function config(dir: string, ports: { twoWay: number; oneWay: number }, v: ConnectPayNginxVariant): string {
  const tls = `ssl_certificate ${path.join(dir, 'server.pem')};
    ssl_certificate_key ${path.join(dir, 'server.key')};
    ssl_protocols TLSv1.2 TLSv1.3;`;
  return nginxMain(
    dir,
    `  server {
    listen 127.0.0.1:${ports.twoWay} ssl;
    server_name ${TWO_WAY_HOST};
    ${tls}
    ssl_verify_client ${v.verifyOptional ? 'optional' : 'on'};
    ssl_client_certificate ${path.join(dir, 'client-root.pem')};
    ssl_verify_depth 3;
    location = ${API.twoWay} { ${served('{"accounts":[]}')} }
${v.oneWayApiOnTwoWayHost ? `    location = ${API.oneWay} { ${served('{"status":"up"}')} }\n` : ''}    location / { return 404; }
  }
  server {
    listen 127.0.0.1:${ports.oneWay} ssl;
    server_name ${ONE_WAY_HOST};
    ${tls}
    location = ${API.oneWay} { ${served('{"status":"up"}')} }
    location = ${API.basic} {
      auth_basic "ConnectPay";
      auth_basic_user_file ${path.join(dir, 'htpasswd')};
      root ${path.join(dir, 'www')};
      default_type application/json;
      try_files /payments.json =404;
    }
    location / { return 404; }
  }
`,
  );
}

/** Starts one nginx with both hosts; `stop` kills it and removes its files. */
export async function startConnectPayNginx(v: ConnectPayNginxVariant = {}): Promise<ConnectPayNginx> {
  const dir = await mkdtemp(path.join(tmpdir(), 'attesta-nginx-connectpay-'));
  await Promise.all([
    ...TEMP_PATHS.map((t) => mkdir(path.join(dir, 'tmp', t), { recursive: true })),
    mkdir(path.join(dir, 'www')),
  ]);
  const pki = await createConnectPayPki(() => false, 'http://127.0.0.1:9/ocsp');
  const [key, secret] = [`merchant-${randomBytes(4).toString('hex')}`, randomBytes(16).toString('base64url')];
  const chain = pki.client.certPem + pki.issuingCa.certPem + pki.policyCa.certPem + pki.root.certPem;
  const files: Record<string, string> = {
    'server.pem': pki.server.certPem,
    'server.key': pki.server.keyPem,
    'server-root.pem': pki.serverRoot.certPem,
    'client-root.pem': pki.root.certPem,
    'client.pem': chain,
    'client.key': pki.client.keyPem,
    'devapp.pem': pki.client.certPem,
    htpasswd: `${key}:{SHA}${createHash('sha1').update(secret).digest('base64')}\n`,
    'client-key': key,
    'client-secret': secret,
    'www/payments.json': '{"payments":[]}',
  };
  await Promise.all(Object.entries(files).map(([n, t]) => writeFile(path.join(dir, n), t, { mode: 0o600 })));
  const ports = { twoWay: await freePort(), oneWay: await freePort() };
  const conf = path.join(dir, 'nginx.conf');
  await writeFile(conf, config(dir, ports, v));
  const child = await launch(dir, conf, ports.oneWay).catch(async (e: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw e;
  });
  const host = { address: '127.0.0.1', trust: 'server-root.pem' };
  const profileFile = path.join(dir, 'profile.yaml');
  await writeFile(
    profileFile,
    stringify({
      name: 'nginx-connectpay',
      connectpay: {
        certificates: {
          chain: 'client.pem',
          devApp: 'devapp.pem',
          testTrustAnchors: 'client-root.pem',
          checkRevocation: false,
        },
        twoWay: {
          url: `https://${TWO_WAY_HOST}:${ports.twoWay}${API.twoWay}`,
          ...host,
          clientCertificate: { cert: 'client.pem', key: 'file:client.key' },
        },
        oneWay: { url: `https://${ONE_WAY_HOST}:${ports.oneWay}${API.oneWay}`, ...host },
        basicAuth: {
          url: `https://${ONE_WAY_HOST}:${ports.oneWay}${API.basic}`,
          ...host,
          clientKey: 'file:client-key',
          clientSecret: 'file:client-secret',
        },
      },
    }),
  );
  return {
    profileFile,
    stop: async () => {
      await terminate(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
