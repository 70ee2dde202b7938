// @peculiar/x509 needs the Reflect polyfill loaded before it, whoever imports this module first.
import 'reflect-metadata';
import type { X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { Evidence } from '../../core/evidence.js';
import type { Outcome } from '../../core/suite.js';
import type { TlsProbeResult } from '../../tls/probe.js';
import { oneLine } from '../../x509/chain.js';
import { decodedCertificate } from '../../x509/decoded.js';

function nameString(der: Uint8Array): string {
  try {
    return new x509.Name(der).toString();
  } catch {
    return `(undecodable name, ${der.length} bytes)`;
  }
}

/**
 * The acceptable client CA names of the server's CertificateRequest (visible in TLS 1.2 only)
 * must include an issuer of the platform's client chain, or the platform's certificate will not
 * be selected and accepted. Matching is on the DER name, as TLS does.
 */
export function judgeClientCaNames(
  probes: readonly TlsProbeResult[],
  platformChain: readonly X509Certificate[] | undefined,
): Outcome {
  if (!platformChain?.length) {
    return {
      finding: 'inconclusive',
      reason:
        'The profile names no platform client chain (endpoint.platformClientChain), so there is nothing to look for.',
      evidence: [],
    };
  }
  const request = probes.find((p) => p.flight.certificateRequest)?.flight.certificateRequest;
  const issuers = platformChain.map(decodedCertificate);
  const wanted = new Map(
    issuers.map((c) => [Buffer.from(c.issuerName.toArrayBuffer()).toString('hex'), c.issuer]),
  );
  const evidence: Evidence[] = [
    {
      label: 'platform client chain',
      outcome: platformChain.map((c) => oneLine(c.subject)).join(' <- '),
      finding: 'info',
      details: { issuers: [...wanted.values()] },
    },
  ];
  if (!request) {
    const versions = new Set(probes.map((p) => p.flight.serverHello?.version).filter(Boolean));
    const reason = versions.has('TLSv1.2')
      ? 'The server did not request a client certificate in TLS 1.2, so it sent no acceptable CA names.'
      : versions.size
        ? 'The server does not speak TLS 1.2, and in TLS 1.3 its acceptable CA names are encrypted: they could not be read.'
        : 'No probe got a TLS answer from the server, so its acceptable CA names could not be read.';
    return { finding: 'inconclusive', reason, evidence };
  }
  const names = request.caNames.map((der) => ({ hex: der.toString('hex'), text: nameString(der) }));
  evidence.push({
    label: 'acceptable client CA names (CertificateRequest)',
    outcome: `${names.length} name(s)`,
    finding: 'info',
    details: { names: names.map((n) => n.text) },
  });
  if (!names.length)
    return {
      finding: 'inconclusive',
      reason: 'The server sends an empty list of acceptable client CA names.',
      evidence,
    };
  const match = names.find((n) => wanted.has(n.hex));
  if (match)
    return {
      finding: 'pass',
      reason: `The server names "${match.text}", an issuer of the platform client chain, among its acceptable client CAs.`,
      evidence,
    };
  return {
    finding: 'fail',
    reason: `None of the ${names.length} acceptable client CA names is an issuer of the platform client chain (${[...wanted.values()].join('; ')}).`,
    evidence,
  };
}
