import type { X509Certificate } from 'node:crypto';
import type { Evidence } from '../core/evidence.js';
import { oneLine } from '../x509/chain.js';
import { commonNames } from '../x509/names.js';

/** Serial and CN of a certificate, as ConnectPay compares them. */
const identityOf = (c: X509Certificate) => ({ serialNumber: c.serialNumber, cn: commonNames(c).join(', ') });

/**
 * Whether the certificate the client presents is the one attached to the DevApp: equal serial
 * numbers and equal Common Names (the two properties ConnectPay compares).
 */
export function compareWithDevApp(
  presented: X509Certificate,
  registered: X509Certificate,
): { same: boolean; differences: string[]; evidence: Evidence[] } {
  const [p, r] = [identityOf(presented), identityOf(registered)];
  const differences = [
    ...(p.serialNumber !== r.serialNumber
      ? [`serial ${p.serialNumber} presented, ${r.serialNumber} registered`]
      : []),
    ...(p.cn !== r.cn ? [`CN "${p.cn}" presented, "${r.cn}" registered`] : []),
  ];
  const evidence: Evidence[] = [
    {
      label: 'presented client certificate',
      outcome: oneLine(presented.subject),
      finding: 'info',
      details: p,
    },
    {
      label: 'registered DevApp certificate',
      outcome: oneLine(registered.subject),
      finding: differences.length ? 'fail' : 'pass',
      details: r,
    },
  ];
  return { same: !differences.length, differences, evidence };
}
