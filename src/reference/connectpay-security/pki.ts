import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { QCStatement, QCStatements, id_pe_qcStatements } from '@peculiar/asn1-x509-qualified';
import {
  QcType,
  id_etsi_qcs_qcCompliance,
  id_etsi_qcs_qcType,
  id_etsi_qct_web,
} from '@peculiar/asn1-x509-qualified-etsi';
import { issueCertificate, type Issued } from '../../x509/issue.js';
import {
  ID_PSD2_QC_STATEMENT,
  PSD2_ROLES,
  Psd2QcType,
  RoleOfPsp,
  RolesOfPsp,
  type Psd2Role,
} from '../../material/asn1-types.js';
import type { ConnectPaySwitch } from './faults.js';

const DAY = 86_400_000;
export const TWO_WAY_HOST = 'api.connectpay.attesta.test';
export const ONE_WAY_HOST = 'api2.connectpay.attesta.test';
export const DEVAPP_SUBJECT = 'CN=merchant.attesta.test, O=Attesta Merchant, C=LT';
/** The roles the reference target declares for PSD2. */
export const DECLARED_ROLES: Psd2Role[] = ['PSP_AI', 'PSP_PI'];

/** The QWAC statements of ETSI EN 319 412-5 and the PSD2 statement of ETSI TS 119 495, with `roles`. */
export function psd2QcStatements(roles: readonly Psd2Role[]): x509.Extension {
  // statementInfo is OPTIONAL: absent (not empty) for a statement without one, such as QcCompliance.
  const statement = (id: string, info?: object) =>
    Object.assign(new QCStatement(), {
      statementId: id,
      statementInfo: info ? AsnConvert.serialize(info) : undefined,
    });
  const psd2 = Object.assign(new Psd2QcType(), {
    rolesOfPsp: new RolesOfPsp(
      roles.map((r) => Object.assign(new RoleOfPsp(), { roleOfPspOid: PSD2_ROLES[r], roleOfPspName: r })),
    ),
    ncaName: 'Attesta Test Competent Authority',
    ncaId: 'LT-ATT',
  });
  const statements = new QCStatements([
    statement(id_etsi_qcs_qcCompliance),
    statement(id_etsi_qcs_qcType, new QcType([id_etsi_qct_web])),
    statement(ID_PSD2_QC_STATEMENT, psd2),
  ]);
  return new x509.Extension(id_pe_qcStatements, false, AsnConvert.serialize(statements));
}

/** An Authority Information Access naming an OCSP responder. */
export const ocspPointer = (url: string) => new x509.AuthorityInfoAccessExtension({ ocsp: url });

/**
 * The reference's certificates: a client PKI (root -> policy CA -> issuing CA -> leaves, the
 * issuing CA answering OCSP) as a merchant would buy it, and a server PKI for ConnectPay's hosts.
 */
export interface ConnectPayPki {
  root: Issued;
  policyCa: Issued;
  issuingCa: Issued;
  /** The client leaf the 2-way host is called with (and the chain file's leaf, unless a fault changes it). */
  client: Issued;
  /** The chain file as uploaded (PEM text, or DER bytes under the der-file fault). */
  chainFile: string | Buffer;
  /** The CAs the OCSP responder answers for (each signs for its own leaves). */
  ocspIssuers: Issued[];
  devApp: Issued;
  stage: Issued;
  serverRoot: Issued;
  server: Issued;
}

function leafOptions(issuer: Issued, ocspUrl: string, roles: readonly Psd2Role[]) {
  return {
    subject: DEVAPP_SUBJECT,
    issuer,
    usage: 'client' as const,
    extensions: [ocspPointer(ocspUrl), psd2QcStatements(roles)],
  };
}

type ChainFile = Pick<ConnectPayPki, 'chainFile' | 'ocspIssuers'>;

/** The chain file: the client chain, unless a fault makes it break one rule. */
async function chainFile(
  on: ConnectPaySwitch,
  p: Omit<ConnectPayPki, keyof ChainFile>,
  ocspUrl: string,
): Promise<ChainFile> {
  const file = (chain: string | Buffer, ...more: Issued[]): ChainFile => ({
    chainFile: chain,
    ocspIssuers: [p.issuingCa, ...more],
  });
  const pem = (...c: Issued[]) => c.map((i) => i.certPem).join('');
  if (on('connectpay.der-file')) return file(Buffer.from(p.client.cert.rawData));
  if (on('connectpay.chain-wrong-order')) return file(pem(p.client, p.policyCa, p.issuingCa, p.root));
  if (on('connectpay.root-missing')) return file(pem(p.client, p.issuingCa, p.policyCa));
  if (on('connectpay.self-signed-leaf'))
    return file(
      pem(
        await issueCertificate({
          subject: DEVAPP_SUBJECT,
          usage: 'client',
          extensions: [psd2QcStatements(DECLARED_ROLES)],
        }),
      ),
    );
  if (on('connectpay.lets-encrypt-issued')) {
    const fakeLe = await issueCertificate({
      subject: "C=US, O=Let's Encrypt, CN=R11",
      ca: true,
      issuer: p.root,
    });
    return file(
      pem(await issueCertificate(leafOptions(fakeLe, ocspUrl, DECLARED_ROLES)), fakeLe, p.root),
      fakeLe,
    );
  }
  if (on('connectpay.expired')) {
    const expired = await issueCertificate({
      ...leafOptions(p.issuingCa, ocspUrl, DECLARED_ROLES),
      notBefore: new Date(Date.now() - 90 * DAY),
      notAfter: new Date(Date.now() - DAY),
    });
    return file(pem(expired, p.issuingCa, p.policyCa, p.root));
  }
  return file(pem(p.client, p.issuingCa, p.policyCa, p.root));
}

export async function createConnectPayPki(on: ConnectPaySwitch, ocspUrl: string): Promise<ConnectPayPki> {
  const root = await issueCertificate({ subject: 'CN=Attesta ConnectPay Test Root, O=Attesta', ca: true });
  const policyCa = await issueCertificate({
    subject: 'CN=Attesta Test Policy CA, O=Attesta',
    ca: true,
    issuer: root,
  });
  const issuingCa = await issueCertificate({
    subject: 'CN=Attesta Test Issuing CA, O=Attesta',
    ca: true,
    issuer: policyCa,
  });
  const roles: Psd2Role[] = on('connectpay.psd2-role-missing') ? ['PSP_AI'] : DECLARED_ROLES;
  const [client, stage, other, serverRoot] = await Promise.all([
    issueCertificate(leafOptions(issuingCa, ocspUrl, roles)),
    issueCertificate({
      ...leafOptions(issuingCa, ocspUrl, roles),
      subject: 'CN=stage.merchant.attesta.test, O=Attesta Merchant, C=LT',
    }),
    issueCertificate(leafOptions(issuingCa, ocspUrl, roles)),
    issueCertificate({ subject: 'CN=Attesta ConnectPay Server Root, O=Attesta', ca: true }),
  ]);
  const server = await issueCertificate({
    subject: `CN=${TWO_WAY_HOST}, O=Attesta`,
    issuer: serverRoot,
    usage: 'server',
    dnsNames: [TWO_WAY_HOST, ONE_WAY_HOST],
  });
  const devApp = on('connectpay.devapp-other-certificate') ? other : client;
  const parts = {
    root,
    policyCa,
    issuingCa,
    client,
    devApp,
    stage: on('connectpay.same-prod-stage') ? client : stage,
    serverRoot,
    server,
  };
  return { ...parts, ...(await chainFile(on, parts, ocspUrl)) };
}
