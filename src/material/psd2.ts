import type { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { QCStatements, id_pe_qcStatements } from '@peculiar/asn1-x509-qualified';
import {
  QcType,
  id_etsi_qcs_qcCompliance,
  id_etsi_qcs_qcType,
  id_etsi_qct_web,
} from '@peculiar/asn1-x509-qualified-etsi';
import type { Evidence } from '../core/evidence.js';
import type { Outcome } from '../core/suite.js';
import { oneLine } from '../x509/chain.js';
import { ID_PSD2_QC_STATEMENT, PSD2_ROLES, Psd2QcType, type Psd2Role } from './asn1-types.js';

const ROLE_NAMES = Object.fromEntries(Object.entries(PSD2_ROLES).map(([name, oid]) => [oid, name]));

interface QcReading {
  statements: string[];
  psd2?: Psd2QcType;
  web: boolean;
}

/** The leaf's QCStatements (RFC 3739) and what ETSI TS 119 495 / EN 319 412-5 put in them. */
function readQcStatements(leaf: X509Certificate): QcReading | undefined {
  const cert = AsnConvert.parse(leaf.raw, Certificate);
  const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === id_pe_qcStatements);
  if (!ext) return undefined;
  const statements = AsnConvert.parse(ext.extnValue.buffer, QCStatements);
  const info = (id: string) => statements.find((s) => s.statementId === id)?.statementInfo;
  const psd2 = info(ID_PSD2_QC_STATEMENT);
  const type = info(id_etsi_qcs_qcType);
  return {
    statements: statements.map((s) => s.statementId),
    ...(psd2 ? { psd2: AsnConvert.parse(psd2, Psd2QcType) } : {}),
    web: !!type && AsnConvert.parse(type, QcType).includes(id_etsi_qct_web),
  };
}

/**
 * CP-CHAIN-10: where the target declares PSD2 roles, the leaf carries the ETSI TS 119 495 PSD2
 * QCStatement naming every one of them. Whether it is also a QWAC (QcCompliance, QcType web) is
 * shown as evidence.
 */
export function judgePsd2(leaf: X509Certificate, declared: readonly Psd2Role[] | undefined): Outcome {
  if (!declared?.length)
    return {
      finding: 'not-applicable',
      reason: 'The target declares no PSD2 roles (certificates.psd2Roles).',
      evidence: [],
    };
  let qc: QcReading | undefined;
  try {
    qc = readQcStatements(leaf);
  } catch (e) {
    return {
      finding: 'fail',
      reason: `The leaf's QCStatements extension does not parse (${(e as Error).message}).`,
      evidence: [],
    };
  }
  const leafName = `"${oneLine(leaf.subject)}"`;
  if (!qc?.psd2)
    return {
      finding: 'fail',
      reason: `The leaf ${leafName} has no ETSI TS 119 495 PSD2 QCStatement (${ID_PSD2_QC_STATEMENT}); declared roles: ${declared.join(', ')}.`,
      evidence: qc ? [{ label: 'QCStatements', outcome: qc.statements.join(', '), finding: 'fail' }] : [],
    };
  const roles = qc.psd2.rolesOfPsp.map((r) => ROLE_NAMES[r.roleOfPspOid] ?? r.roleOfPspOid);
  const evidence: Evidence[] = [
    {
      label: 'PSD2 QCStatement',
      outcome: `roles ${roles.join(', ') || 'none'}; NCA ${qc.psd2.ncaName} (${qc.psd2.ncaId})`,
      finding: 'info',
      details: {
        statements: qc.statements,
        qcCompliance: qc.statements.includes(id_etsi_qcs_qcCompliance),
        qcTypeWeb: qc.web,
      },
    },
  ];
  const missing = declared.filter((r) => !roles.includes(r));
  if (missing.length)
    return {
      finding: 'fail',
      reason: `The PSD2 QCStatement of ${leafName} lacks the declared role(s) ${missing.join(', ')} (it names ${roles.join(', ') || 'none'}).`,
      evidence,
    };
  return {
    finding: 'pass',
    reason: `The leaf carries the PSD2 QCStatement with the declared role(s) ${declared.join(', ')}.`,
    evidence,
  };
}
