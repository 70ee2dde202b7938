import type { SecureVersion } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { Evidence } from '../../core/evidence.js';
import type { RunSettings } from '../../core/settings.js';
import type { Outcome } from '../../core/suite.js';
import type { ClientIdentityPem, TlsProbeResult } from '../../tls/probe.js';
import { tlsProbeFollowing } from '../../tls/probe-following.js';
import { describeRedirect } from '../../http/redirect.js';
import { parseCertificates } from '../../x509/pem.js';
import { issueCertificate, issuerOf, subjectOf } from '../../x509/issue.js';
import { oneLine } from '../../x509/chain.js';
import { inParallel, runCampaign, type Campaign, type Trial } from '../campaign/campaign.js';
import { judgeCampaign, type ControlReading, type Judging, type Reading } from '../campaign/judge.js';
import type { TlsEndpoint } from '../endpoint.js';
import { isTerminatorRefusal, readTreatment, RETRY_STATUSES } from './refusal.js';

/** Client authentication is judged on both versions: TLS 1.2 refuses in the handshake, TLS 1.3 after it. */
const VERSIONS: readonly SecureVersion[] = ['TLSv1.3', 'TLSv1.2'];

/**
 * With no expected statuses declared, a control is served by any answer except those a TLS
 * terminator or an authentication layer refuses with (nginx: 400 and its 495/496 certificate codes).
 */
const REFUSAL_STATUSES = new Set([400, 401, 403, 495, 496]);

/** One handshake and request; a negative's offered version, the control's reading once sent. */
type TlsTrial = Trial<TlsProbeResult> & { version?: SecureVersion; control?: ControlJudgement };
export type ClientAuthCampaign = Campaign<TlsTrial>;

type LabelledIdentity = ClientIdentityPem & { label: string };

/** The client identities a negative sends (undefined: none), each with what it sends differently. */
type Offer = { label: string; identity?: ClientIdentityPem };

/**
 * The negatives of client authentication, named by the suite YAML: each identity is offered on
 * every version of VERSIONS, on a fresh connection.
 */
export const CLIENT_AUTH_MUTATIONS: Record<
  string,
  (endpoint: TlsEndpoint, invalid: readonly LabelledIdentity[]) => Promise<Offer[]>
> = {
  'no-certificate': async () => [{ label: 'no client certificate' }],
  'untrusted-ca': async (endpoint) => {
    const subject = oneLine(new X509Certificate(firstCertificate(endpoint.identity).raw).subject);
    return [
      {
        label: `client certificate "${subject}" from an untrusted CA with its issuer's name, generated for this run`,
        identity: await untrustedTwin(endpoint.identity),
      },
    ];
  },
  /** The profile's expired or otherwise invalid client identities. */
  'invalid-certificate': async (_endpoint, invalid) =>
    invalid.map((i) => ({ label: `client certificate: ${i.label}`, identity: i })),
};

function firstCertificate(identity: ClientIdentityPem) {
  const real = parseCertificates(identity.cert)[0];
  if (!real) throw new Error('the configured client certificate file holds no certificate');
  return real;
}

/**
 * Whether the control was served. `undecided`: it was neither served nor refused by the target's
 * doing - our own limit (src/http/limits.ts) or a redirect we did not follow - so a check resting
 * on it is INCONCLUSIVE, never FAIL.
 */
type ControlJudgement = ControlReading & { undecided?: boolean };

export function judgeControl(probe: TlsProbeResult, expect: readonly number[] | undefined): ControlJudgement {
  if (probe.ownLimit) return { ok: false, undecided: true, problem: probe.ownLimit };
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
  const { status, redirect } = probe.response;
  if (redirect) return { ok: false, undecided: true, problem: describeRedirect(redirect) };
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

/**
 * A client identity from a CA that no endpoint trusts, made to look like the real one: the leaf
 * has the real leaf's subject DN, its CA the real issuer's DN byte for byte and (where the real
 * leaf names one) the real authority key identifier as its own subject key identifier. Only the
 * signature tells them apart, so an endpoint that compares names or key ids without verifying
 * the signature serves it (DESIGN.md, "A negative is the real attack").
 */
export async function untrustedTwin(identity: ClientIdentityPem): Promise<ClientIdentityPem> {
  const real = firstCertificate(identity);
  const issuer = issuerOf(real);
  const ca = await issueCertificate({
    subject: issuer.name,
    ca: true,
    ...(issuer.keyId ? { subjectKeyId: issuer.keyId } : {}),
  });
  const leaf = await issueCertificate({ subject: subjectOf(real), issuer: ca, usage: 'client' });
  return { cert: leaf.certPem + ca.certPem, key: leaf.keyPem };
}

/** One handshake and request to the endpoint, with this identity (none: no certificate) and version. */
export function handshake(
  endpoint: TlsEndpoint,
  settings: RunSettings,
  identity: ClientIdentityPem | undefined,
  version?: SecureVersion,
): Promise<TlsProbeResult> {
  return tlsProbeFollowing({
    address: endpoint.site.address,
    port: endpoint.site.port,
    servername: endpoint.site.host,
    ...(version ? { minVersion: version, maxVersion: version } : {}),
    identity,
    request: endpoint.request,
    timeoutMs: settings.probeTimeoutMs,
  });
}

/**
 * The positive control, then every negative of the table on every version in parallel (each on a
 * fresh connection), then the control again.
 */
export function runClientAuthCampaign(
  endpoint: TlsEndpoint,
  settings: RunSettings,
  invalid: readonly LabelledIdentity[],
): Promise<ClientAuthCampaign> {
  return runCampaign<TlsTrial>({
    mutations: Object.keys(CLIENT_AUTH_MUTATIONS),
    control: async (when) => {
      const answer = await handshake(endpoint, settings, endpoint.identity);
      const label = `positive control (${when})`;
      return { id: `control-${when}`, label, answer, control: judgeControl(answer, endpoint.expectStatus) };
    },
    negatives: async () => {
      const offers = await Promise.all(
        Object.entries(CLIENT_AUTH_MUTATIONS).map(async ([id, offers]) =>
          (await offers(endpoint, invalid)).map((o) => ({ id, ...o })),
        ),
      );
      return inParallel(
        offers.flat().flatMap((o) =>
          VERSIONS.map((version) => async (): Promise<TlsTrial> => ({
            id: o.id,
            label: o.label,
            version,
            answer: await handshake(endpoint, settings, o.identity, version),
          })),
        ),
      );
    },
  });
}

/** Every handshake of the named negatives and of both controls, for checks that read what the server sent. */
export function handshakes(c: ClientAuthCampaign, mutations: readonly string[]): TlsProbeResult[] {
  const trials = [
    ...mutations.flatMap((m) => c.negatives.get(m) ?? []),
    c.before,
    ...(c.after ? [c.after] : []),
  ];
  return trials.flatMap((t) => (t.answer ? [t.answer] : []));
}

const controlOf = (t: TlsTrial): ControlReading => t.control ?? { ok: false, problem: 'not run' };

/** Reads a negative: each must be refused on every version the server speaks (./refusal.ts). */
function readNegative(t: TlsTrial, before: { trial: TlsTrial; ok: boolean }): Reading {
  // An answer equal to the control's means "served" only when the control itself was served.
  const control = before.ok ? before.trial.answer?.response : undefined;
  const treatment = readTreatment(t.answer!, t.version ?? '', control);
  const kind = treatment.answer === 'version-not-spoken' ? 'not-applicable' : treatment.answer;
  return { kind, seen: treatment.seen, details: treatment.details };
}

const attempt = (j: { trial: TlsTrial; reading: Reading }) =>
  `${j.trial.label} over ${j.trial.version}: ${j.reading.seen}`;

/** How client-authentication campaigns are judged; `what` names the negatives in the reasons. */
function judging(what: string): Judging<TlsTrial> {
  return {
    control: controlOf,
    read: readNegative,
    controlEvidence: (t, when) => controlEvidence(`positive control (${when})`, t),
    negativeEvidence: (t, reading, finding) => ({
      label: `${t.label}, ${t.version}`,
      outcome: `${reading.kind === 'not-applicable' ? 'version-not-spoken' : reading.kind}: ${reading.seen}`,
      finding: finding === 'not-applicable' ? 'info' : finding,
      details: reading.details,
    }),
    // A request the endpoint served without a valid certificate fails it, whatever the controls did.
    policy: { failStandsDespite: { before: true, after: true } },
    reasons: {
      controlFailed: (when, problem) =>
        `The positive control ${when} the negatives failed (${problem}), so a refusal proves nothing.`,
      failed: (judged) => `The endpoint served a request with ${judged.map(attempt).join('; ')}.`,
      undetermined: (judged) =>
        `Refusal of ${what} could not be established: ${judged.map(attempt).join('; ')}.`,
      noneApplies: () => ({
        finding: 'inconclusive',
        reason: `No probe of ${what} got an answer in a TLS version the server speaks.`,
      }),
      passed: () =>
        `Every request with ${what} was refused, while the positive control was served before and after.`,
    },
  };
}

/** Judges the named negatives of the campaign (`with.mutations` of the suite YAML). */
export function judgeRefusals(
  campaign: ClientAuthCampaign,
  mutations: readonly string[],
  what: string,
): Outcome {
  return judgeCampaign(campaign, mutations, judging(what));
}

export function controlEvidence(label: string, control: TlsTrial): Evidence {
  const r = control.answer;
  const { ok, problem } = controlOf(control);
  return {
    label,
    outcome: ok ? `served: HTTP ${r?.response?.status} over ${r?.protocol}` : `failed: ${problem}`,
    finding: ok ? 'pass' : 'fail',
    details: {
      protocol: r?.protocol ?? null,
      cipher: r?.cipher ?? null,
      status: r?.response?.status ?? null,
      elapsedMs: r?.elapsedMs,
    },
  };
}
