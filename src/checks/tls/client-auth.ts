import type { SecureVersion } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { Evidence } from '../../core/evidence.js';
import type { RunSettings } from '../../core/settings.js';
import type { Outcome } from '../../core/suite.js';
import { worst, type Finding } from '../../core/verdict.js';
import { tlsProbe, type ClientIdentityPem, type TlsProbeResult } from '../../tls/probe.js';
import { parseCertificates } from '../../x509/pem.js';
import { issueCertificate, subjectOf } from '../../x509/issue.js';
import { oneLine } from '../../x509/chain.js';
import type { TlsEndpoint } from '../endpoint.js';
import { isTerminatorRefusal, readTreatment, RETRY_STATUSES } from './refusal.js';

/** Client authentication is judged on both versions: TLS 1.2 refuses in the handshake, TLS 1.3 after it. */
const VERSIONS: readonly SecureVersion[] = ['TLSv1.3', 'TLSv1.2'];

/**
 * With no expected statuses declared, a control is served by any answer except those a TLS
 * terminator or an authentication layer refuses with (nginx: 400 and its 495/496 certificate codes).
 */
const REFUSAL_STATUSES = new Set([400, 401, 403, 495, 496]);

export interface Control {
  probe: TlsProbeResult;
  ok: boolean;
  /** Why the control did not succeed, when it did not. */
  problem?: string;
}

export interface NegativeProbe {
  /** What was sent differently from the positive control. */
  mutation: string;
  version: SecureVersion;
  probe: TlsProbeResult;
}

export interface ClientAuthCampaign {
  before: Control;
  noCertificate: NegativeProbe[];
  untrustedCa: NegativeProbe[];
  invalid: NegativeProbe[];
  after: Control;
}

export function controlProbe(endpoint: TlsEndpoint, settings: RunSettings): Promise<Control> {
  return tlsProbe({
    address: endpoint.site.address,
    port: endpoint.site.port,
    servername: endpoint.site.host,
    identity: endpoint.identity,
    request: endpoint.request,
    timeoutMs: settings.probeTimeoutMs,
  }).then((probe) => ({ probe, ...judgeControl(probe, endpoint.expectStatus) }));
}

export function judgeControl(
  probe: TlsProbeResult,
  expect: readonly number[] | undefined,
): { ok: boolean; problem?: string } {
  if (!probe.response) {
    const why =
      probe.networkError ??
      (probe.peerAlert ? `alert ${probe.peerAlert}` : undefined) ??
      probe.clientError?.split('\n')[0] ??
      (probe.closedAfterRequest
        ? `connection ${probe.closedAfterRequest} after the request`
        : 'no HTTP answer');
    return {
      ok: false,
      problem: `no HTTP response over mutual TLS with the configured client certificate (${why})`,
    };
  }
  const { status } = probe.response;
  // A terminator's certificate refusal or a request to retry later is never a served control, whatever is expected.
  if (isTerminatorRefusal(probe.response)) {
    return { ok: false, problem: `HTTP ${status}, a TLS terminator's refusal of the client certificate` };
  }
  if (RETRY_STATUSES.has(status)) return { ok: false, problem: `HTTP ${status}, a request to retry later` };
  if (expect ? !expect.includes(status) : REFUSAL_STATUSES.has(status)) {
    return {
      ok: false,
      problem: expect
        ? `HTTP ${status}, not one of the expected ${expect.join(', ')}`
        : `HTTP ${status}, an answer that refuses the request (declare expectStatus if it is the expected one)`,
    };
  }
  return { ok: true };
}

/** A client identity from a CA that no endpoint trusts, with the same subject DN as the real one. */
export async function untrustedTwin(identity: ClientIdentityPem): Promise<ClientIdentityPem> {
  const real = parseCertificates(identity.cert)[0];
  if (!real) throw new Error('the configured client certificate file holds no certificate');
  const ca = await issueCertificate({
    subject: 'CN=Attesta untrusted test CA, O=Attesta self-test',
    ca: true,
  });
  const leaf = await issueCertificate({ subject: subjectOf(real), issuer: ca, usage: 'client' });
  return { cert: leaf.certPem + ca.certPem, key: leaf.keyPem };
}

/**
 * The positive control, then every negative on every version in parallel (each on a fresh
 * connection), then the control again: a refusal means something only if the same request with
 * the right certificate is served just before and just after.
 */
export async function runClientAuthCampaign(
  endpoint: TlsEndpoint,
  settings: RunSettings,
  invalid: readonly (ClientIdentityPem & { label: string })[],
): Promise<ClientAuthCampaign> {
  const before = await controlProbe(endpoint, settings);
  const twin = await untrustedTwin(endpoint.identity);
  const negative = (mutation: string, identity: ClientIdentityPem | undefined) =>
    VERSIONS.map(async (version): Promise<NegativeProbe> => ({
      mutation,
      version,
      probe: await tlsProbe({
        address: endpoint.site.address,
        port: endpoint.site.port,
        servername: endpoint.site.host,
        minVersion: version,
        maxVersion: version,
        identity,
        request: endpoint.request,
        timeoutMs: settings.probeTimeoutMs,
      }),
    }));
  const subject = oneLine(new X509Certificate(parseCertificates(endpoint.identity.cert)[0]!.raw).subject);
  const [noCertificate, untrustedCa, invalidProbes] = await Promise.all([
    Promise.all(negative('no client certificate', undefined)),
    Promise.all(
      negative(`client certificate "${subject}" from an untrusted CA, generated for this run`, twin),
    ),
    Promise.all(invalid.flatMap((i) => negative(`client certificate: ${i.label}`, i))),
  ]);
  const after = await controlProbe(endpoint, settings);
  return { before, noCertificate, untrustedCa, invalid: invalidProbes, after };
}

/** Judges a set of negatives of the campaign: each must be refused on every version the server speaks. */
export function judgeRefusals(
  campaign: ClientAuthCampaign,
  negatives: readonly NegativeProbe[],
  what: string,
): Outcome {
  const evidence: Evidence[] = [controlEvidence('positive control (before)', campaign.before)];
  const findings: Finding[] = [];
  const served: string[] = [];
  const unknown: string[] = [];
  // An answer equal to the control's means "served" only when the control itself was served.
  const control = campaign.before.ok ? campaign.before.probe.response : undefined;
  for (const n of negatives) {
    const t = readTreatment(n.probe, n.version, control);
    const finding: Finding | 'info' =
      t.answer === 'served'
        ? 'fail'
        : t.answer === 'refused'
          ? 'pass'
          : t.answer === 'undetermined'
            ? 'inconclusive'
            : 'info';
    if (finding !== 'info') findings.push(finding);
    if (t.answer === 'served') served.push(`${n.mutation} over ${n.version}: ${t.seen}`);
    if (t.answer === 'undetermined') unknown.push(`${n.mutation} over ${n.version}: ${t.seen}`);
    evidence.push({
      label: `${n.mutation}, ${n.version}`,
      outcome: `${t.answer}: ${t.seen}`,
      finding,
      details: t.details,
    });
  }
  evidence.push(controlEvidence('positive control (after)', campaign.after));
  if (served.length)
    return { finding: 'fail', reason: `The endpoint served a request with ${served.join('; ')}.`, evidence };
  for (const [name, control] of [
    ['before', campaign.before],
    ['after', campaign.after],
  ] as const) {
    if (!control.ok) {
      return {
        finding: 'inconclusive',
        reason: `The positive control ${name} the negatives failed (${control.problem}), so a refusal proves nothing.`,
        evidence,
      };
    }
  }
  if (!findings.length)
    return {
      finding: 'inconclusive',
      reason: `No probe of ${what} got an answer in a TLS version the server speaks.`,
      evidence,
    };
  const finding = worst(findings);
  if (finding === 'inconclusive')
    return {
      finding,
      reason: `Refusal of ${what} could not be established: ${unknown.join('; ')}.`,
      evidence,
    };
  return {
    finding,
    reason: `Every request with ${what} was refused, while the positive control was served before and after.`,
    evidence,
  };
}

export function controlEvidence(label: string, control: Control): Evidence {
  const r = control.probe;
  return {
    label,
    outcome: control.ok
      ? `served: HTTP ${r.response?.status} over ${r.protocol}`
      : `failed: ${control.problem}`,
    finding: control.ok ? 'pass' : 'fail',
    details: {
      protocol: r.protocol ?? null,
      cipher: r.cipher ?? null,
      status: r.response?.status ?? null,
      elapsedMs: r.elapsedMs,
    },
  };
}
