import type { X509Certificate } from 'node:crypto';
import type { Evidence } from '../../core/evidence.js';
import type { Outcome } from '../../core/suite.js';
import { buildPath, oneLine, publicRootStore } from '../../x509/chain.js';
import { matchesHostname } from '../../x509/hostname.js';
import { commonNames, describeCertificate, dnsNames } from '../../x509/names.js';
import type { ServedChain } from './served-chain.js';

function chainEvidence(chain: ServedChain): Evidence {
  return {
    label: 'certificates served',
    outcome: `${chain.certificates.length} certificate(s), ${chain.note}`,
    finding: 'info',
    details: { certificates: chain.certificates.map(describeCertificate) },
  };
}

/**
 * The served chain must validate to the public root store. A private CA may be declared for a
 * test environment: a chain that validates only to it is a WARN, never a PASS.
 */
export function judgeChainTrust(chain: ServedChain, privateCa: readonly X509Certificate[]): Outcome {
  const evidence = [chainEvidence(chain)];
  const pub = buildPath(chain.certificates, publicRootStore());
  if (pub.anchor) {
    evidence.push({
      label: 'path to the public root store',
      outcome: `validates to "${oneLine(pub.anchor.subject)}"`,
      finding: 'pass',
    });
    return {
      finding: 'pass',
      reason: `The served chain validates to the public root "${oneLine(pub.anchor.subject)}".`,
      evidence,
    };
  }
  evidence.push({
    label: 'path to the public root store',
    outcome: pub.problem ?? 'no path',
    finding: 'fail',
  });
  if (privateCa.length) {
    const priv = buildPath(chain.certificates, privateCa);
    if (priv.anchor) {
      evidence.push({
        label: 'path to the declared private CA',
        outcome: `validates to "${oneLine(priv.anchor.subject)}"`,
        finding: 'warn',
      });
      return {
        finding: 'warn',
        reason: `The chain validates only to the private CA "${oneLine(priv.anchor.subject)}" declared for a test environment, not to a CA/Browser Forum member.`,
        evidence,
      };
    }
    evidence.push({
      label: 'path to the declared private CA',
      outcome: priv.problem ?? 'no path',
      finding: 'fail',
    });
    return {
      finding: 'fail',
      reason: `The served chain validates neither to the public root store nor to the declared private CA: ${priv.problem}.`,
      evidence,
    };
  }
  return {
    finding: 'fail',
    reason: `The served chain does not validate to the public root store: ${pub.problem}.`,
    evidence,
  };
}

/** Leaf CN equal to the FQDN (RFC 6125 wildcards) and the FQDN among the dNSName SANs; no CN fallback. */
export function judgeServerName(chain: ServedChain, fqdn: string): Outcome {
  const leaf = chain.certificates[0]!;
  const cns = commonNames(leaf);
  const sans = dnsNames(leaf);
  const evidence: Evidence[] = [
    {
      label: 'leaf certificate',
      outcome: oneLine(leaf.subject),
      finding: 'info',
      details: { commonNames: cns, dnsNames: sans, fqdn },
    },
  ];
  const problems: string[] = [];
  if (!cns.length) problems.push('the leaf has no Subject CN');
  else if (!cns.some((cn) => matchesHostname(cn, fqdn)))
    problems.push(`the Subject CN "${cns.join('", "')}" does not match ${fqdn}`);
  if (!leaf.subjectAltName) problems.push('the leaf has no subjectAltName extension');
  else if (!sans.some((n) => matchesHostname(n, fqdn)))
    problems.push(`${fqdn} is not among the subjectAltName dNSNames (${sans.join(', ') || 'none'})`);
  if (problems.length)
    return {
      finding: 'fail',
      reason: `${problems.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()),
      evidence,
    };
  return { finding: 'pass', reason: `The leaf's CN and subjectAltName both match ${fqdn}.`, evidence };
}

const DAY = 86_400_000;

/** Every served certificate valid now; a leaf expiring within the window is a WARN with the days left. */
export function judgeValidity(
  certificates: readonly X509Certificate[],
  warningDays: number,
  now = new Date(),
  /** Which certificates, as the PASS reason names them. */
  every = 'Every served certificate',
): Outcome {
  const evidence: Evidence[] = [];
  const problems: string[] = [];
  for (const [i, cert] of certificates.entries()) {
    const from = new Date(cert.validFrom);
    const to = new Date(cert.validTo);
    const state =
      now < from
        ? `not valid before ${from.toISOString()}`
        : now > to
          ? `expired on ${to.toISOString()}`
          : undefined;
    if (state)
      problems.push(
        `${i === 0 ? 'the leaf' : `certificate #${i + 1}`} "${oneLine(cert.subject)}" ${now < from ? 'is ' : ''}${state}`,
      );
    evidence.push({
      label: `${i === 0 ? 'leaf' : `certificate #${i + 1}`}: ${oneLine(cert.subject)}`,
      outcome: state ?? `valid until ${to.toISOString()}`,
      finding: state ? 'fail' : 'pass',
      details: { notBefore: from.toISOString(), notAfter: to.toISOString() },
    });
  }
  if (problems.length)
    return {
      finding: 'fail',
      reason: `${problems.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()),
      evidence,
    };
  const leaf = certificates[0]!;
  const daysLeft = Math.floor((new Date(leaf.validTo).getTime() - now.getTime()) / DAY);
  if (daysLeft < warningDays) {
    return {
      finding: 'warn',
      reason: `Every certificate is valid, but the leaf expires in ${daysLeft} day(s) (warning window ${warningDays} days).`,
      evidence,
    };
  }
  return {
    finding: 'pass',
    reason: `${every} is valid now; the leaf has ${daysLeft} days left.`,
    evidence,
  };
}
