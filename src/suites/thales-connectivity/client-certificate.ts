import type { X509Certificate } from 'node:crypto';
import type { Outcome } from '../../core/suite.js';
import { buildPath, oneLine } from '../../x509/chain.js';
import { describeCertificate } from '../../x509/names.js';
import type { ThalesTarget } from './target.js';

/** Why a certificate is not valid at `now`, or undefined. */
function invalidNow(c: X509Certificate, now: number): string | undefined {
  if (Date.parse(c.validFrom) > now)
    return `"${oneLine(c.subject)}" is not valid before ${new Date(c.validFrom).toISOString()}`;
  if (Date.parse(c.validTo) < now)
    return `"${oneLine(c.subject)}" expired on ${new Date(c.validTo).toISOString()}`;
  return undefined;
}

/**
 * TH-IN-01: the client certificate chains to the configured Thales CA (names and signatures),
 * its public key is the private key's (the key itself is never shown), and every certificate of
 * the path is valid now.
 */
export function judgeClientCertificate(
  client: NonNullable<ThalesTarget['client']>,
  now = Date.now(),
): Outcome {
  const leaf = client.chain[0]!;
  const evidence = client.chain.map((c, i) => ({
    label: `${client.files.cert}, certificate #${i + 1}`,
    outcome: oneLine(c.subject),
    finding: 'info' as const,
    details: describeCertificate(c),
  }));
  const { path, anchor, problem } = buildPath(client.chain, client.thalesCa);
  const problems = [
    ...(anchor ? [] : [`it does not chain to the Thales CA in ${client.files.thalesCa}: ${problem}`]),
    ...(client.keyMatches ? [] : ['its public key does not match the configured private key']),
    ...path.flatMap((c) => invalidNow(c, now) ?? []),
  ];
  if (problems.length)
    return {
      finding: 'fail',
      reason: `The client certificate "${oneLine(leaf.subject)}": ${problems.join('; ')}.`,
      evidence,
    };
  return {
    finding: 'pass',
    reason: `The client certificate "${oneLine(leaf.subject)}" chains to the Thales CA "${oneLine(anchor!.subject)}", matches the private key and is valid until ${new Date(leaf.validTo).toISOString()}.`,
    evidence,
  };
}
