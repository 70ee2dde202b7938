import type { SecureVersion } from 'node:tls';
import type { Evidence } from '../../core/evidence.js';
import type { RunSettings } from '../../core/settings.js';
import type { Outcome } from '../../core/suite.js';
import { worst, type Finding } from '../../core/verdict.js';
import { clientCapabilities, type LegacyVersion } from '../../tls/canary.js';
import { tlsProbe, type TlsProbeResult } from '../../tls/probe.js';
import { rawHelloProbe } from '../../tls/raw-hello.js';
import type { TlsEndpoint } from '../endpoint.js';

export type ProtocolName = 'SSLv3' | SecureVersion;

/** How the server answered a handshake that offered one protocol version only. */
interface VersionAnswer {
  version: ProtocolName;
  answer: 'accepted' | 'refused' | 'undetermined';
  /** What was seen, in words: "alert protocol_version", "ServerHello TLSv1.1", "our client: ...". */
  seen: string;
  details: Record<string, unknown>;
  /** Why this version could not really be offered to this server (SSLv3 only: see probeSslv3). */
  cannotOffer?: string;
}

const LABEL: Record<ProtocolName, string> = {
  SSLv3: 'SSL 3.0',
  TLSv1: 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
  'TLSv1.2': 'TLS 1.2',
  'TLSv1.3': 'TLS 1.3',
};

/**
 * Reads one version probe. The server's own bytes decide: a ServerHello choosing the offered
 * version is acceptance even when our client then gave up, an alert or a ServerHello of another
 * version is refusal. Anything else (our client's error, a silent close) decides nothing.
 */
export function readVersionProbe(version: ProtocolName, r: TlsProbeResult): VersionAnswer {
  const chosen = r.flight.serverHello?.version ?? (r.handshakeCompleted ? r.protocol : undefined);
  const details = {
    offered: version,
    serverHello: r.flight.serverHello?.version ?? null,
    alerts: r.flight.alerts,
    negotiated: r.protocol ?? null,
    ...(r.peerAlert ? { alert: r.peerAlert } : {}),
    ...(r.clientError ? { clientError: r.clientError } : {}),
    ...(r.networkError ? { networkError: r.networkError } : {}),
  };
  if (chosen === version)
    return {
      version,
      answer: 'accepted',
      seen: `ServerHello ${version}${r.handshakeCompleted ? ', handshake completed' : ''}`,
      details,
    };
  if (chosen) return { version, answer: 'refused', seen: `server chose ${chosen} instead`, details };
  if (r.peerAlert) return { version, answer: 'refused', seen: `alert ${r.peerAlert}`, details };
  const why = r.clientError
    ? `our client failed: ${r.clientError.split('\n')[0]}`
    : (r.networkError ?? (r.timedOut ? 'timed out' : 'no answer'));
  return { version, answer: 'undetermined', seen: why, details };
}

/**
 * SSLv3 through a hand-built hello, after the same hello sent as TLS 1.2 as a control against the
 * target itself: a server that refuses our hand-built bytes at TLS 1.2 too would refuse them for
 * reasons that say nothing about SSLv3 (ciphers, extensions), so its answer is not judged.
 */
async function probeSslv3(endpoint: TlsEndpoint, settings: RunSettings): Promise<VersionAnswer> {
  const { address, port, host } = endpoint.site;
  const probe = (version: number) =>
    rawHelloProbe({ address, port, version, servername: host, timeoutMs: settings.probeTimeoutMs });
  const [control, raw] = await Promise.all([probe(0x0303), probe(0x0300)]);
  const chosen = raw.flight.serverHello?.version;
  const controlSeen =
    control.flight.serverHello?.version ?? control.flight.alerts[0] ?? control.networkError ?? 'no answer';
  const details = {
    offered: 'SSLv3',
    probe: 'hand-built ClientHello',
    serverHello: chosen ?? null,
    alerts: raw.flight.alerts,
    control: `the same hello as TLS 1.2: ${controlSeen}`,
  };
  const cannotOffer =
    control.flight.serverHello?.version === 'TLSv1.2'
      ? undefined
      : `the server does not answer our hand-built hello even as TLS 1.2 (${controlSeen})`;
  const answer = (a: VersionAnswer['answer'], seen: string): VersionAnswer => ({
    version: 'SSLv3',
    answer: a,
    seen,
    details,
    ...(cannotOffer ? { cannotOffer } : {}),
  });
  if (chosen === 'SSLv3') return answer('accepted', 'ServerHello SSLv3');
  if (chosen) return answer('refused', `server chose ${chosen} instead`);
  if (raw.flight.alerts.length) return answer('refused', `alert ${raw.flight.alerts[0]}`);
  return answer(
    'undetermined',
    raw.networkError ?? (raw.closedSilently ? 'closed without an answer' : 'no answer'),
  );
}

interface VersionScan {
  answers: VersionAnswer[];
  capabilities: Awaited<ReturnType<typeof clientCapabilities>>;
}

/** One handshake per version, all in parallel, each on its own connection with no session to resume. */
export async function scanProtocolVersions(
  endpoint: TlsEndpoint,
  settings: RunSettings,
  versions: readonly ProtocolName[],
): Promise<VersionScan> {
  const { site, identity } = endpoint;
  const capabilities = await clientCapabilities(settings.legacyCiphers, settings.probeTimeoutMs);
  const answers = await Promise.all(
    versions.map(async (version): Promise<VersionAnswer> => {
      if (version === 'SSLv3') return probeSslv3(endpoint, settings);
      const legacy = version === 'TLSv1' || version === 'TLSv1.1';
      const r = await tlsProbe({
        address: site.address,
        port: site.port,
        servername: site.host,
        minVersion: version,
        maxVersion: version,
        ciphers: legacy ? settings.legacyCiphers : undefined,
        identity,
        timeoutMs: settings.probeTimeoutMs,
      });
      return readVersionProbe(version, r);
    }),
  );
  return { answers, capabilities };
}

/** Why our own client cannot be trusted to offer this version, or null when the canary proved it can. */
function incapable(version: ProtocolName, scan: VersionScan, answer: VersionAnswer): string | null {
  if (version === 'SSLv3') return scan.capabilities.rawHello ?? answer.cannotOffer ?? null;
  if (version === 'TLSv1' || version === 'TLSv1.1') return scan.capabilities.legacy[version as LegacyVersion];
  return null;
}

/**
 * Versions in `refuse` must be refused, and at least one version in `accept` must complete.
 * A refusal counts only when the canary proved our client really offered that version; an
 * acceptance counts always, since the server's ServerHello is proof on its own.
 */
export function judgeProtocolVersions(
  scan: VersionScan,
  refuse: readonly ProtocolName[],
  accept: readonly ProtocolName[],
): Outcome {
  const evidence: Evidence[] = [];
  const findings: Finding[] = [];
  const problems: string[] = [];
  const judged: ProtocolName[] = [];
  for (const a of scan.answers.filter((x) => refuse.includes(x.version))) {
    const cannot = incapable(a.version, scan, a);
    if (cannot && a.version === 'SSLv3' && a.answer !== 'accepted') {
      // The requirement asks for SSLv3 only where the harness can offer it.
      evidence.push({
        label: `${LABEL[a.version]} handshake`,
        outcome: `not judged: ${cannot}`,
        finding: 'info',
        details: a.details,
      });
      continue;
    }
    judged.push(a.version);
    let finding: Finding;
    if (a.answer === 'accepted') {
      finding = 'fail';
      problems.push(`${LABEL[a.version]} was accepted (${a.seen})`);
    } else if (cannot) {
      finding = 'inconclusive';
      problems.push(`our client could not prove it offers ${LABEL[a.version]} (canary: ${cannot})`);
    } else if (a.answer === 'refused') {
      finding = 'pass';
    } else {
      finding = 'inconclusive';
      problems.push(`the ${LABEL[a.version]} probe got no answer that proves refusal (${a.seen})`);
    }
    findings.push(finding);
    evidence.push({
      label: `${LABEL[a.version]} handshake`,
      outcome: `${a.answer}: ${a.seen}`,
      finding,
      details: a.details,
    });
  }
  const accepting = scan.answers.filter((x) => accept.includes(x.version));
  for (const a of accepting) {
    evidence.push({
      label: `${LABEL[a.version]} handshake`,
      outcome: `${a.answer}: ${a.seen}`,
      finding: 'info',
      details: a.details,
    });
  }
  if (!accepting.some((a) => a.answer === 'accepted')) {
    const undetermined = accepting.every((a) => a.answer === 'undetermined');
    findings.push(undetermined ? 'inconclusive' : 'fail');
    problems.push(`no ${accept.map((v) => LABEL[v]).join(' or ')} handshake completed`);
  }
  const finding = worst(findings);
  const ok = `${judged.map((v) => LABEL[v]).join(', ')} refused; ${accepting
    .filter((a) => a.answer === 'accepted')
    .map((a) => LABEL[a.version])
    .join(' and ')} accepted.`;
  return {
    finding,
    reason: finding === 'pass' ? ok : `${problems.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()),
    evidence,
  };
}
