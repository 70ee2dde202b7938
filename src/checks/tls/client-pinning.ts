import type { SecureVersion } from 'node:tls';
import type { RunSettings } from '../../core/settings.js';
import type { Outcome } from '../../core/suite.js';
import type { ClientIdentityPem, TlsProbeResult } from '../../tls/probe.js';
import { issueCertificate, subjectOf, type Issued } from '../../x509/issue.js';
import { oneLine } from '../../x509/chain.js';
import { inParallel, runCampaign, type Campaign, type Trial } from '../campaign/campaign.js';
import { judgeCampaign, type ControlReading, type Judging, type Reading } from '../campaign/judge.js';
import type { TlsEndpoint } from '../endpoint.js';
import { controlEvidence, firstCertificate, handshake, judgeControl, untrustedTwin } from './client-auth.js';
import { readTreatment } from './refusal.js';

/** Each probe on both versions: TLS 1.2 judges the certificate in the handshake, TLS 1.3 after it. */
const VERSIONS: readonly SecureVersion[] = ['TLSv1.3', 'TLSv1.2'];

/** What the server must do with a probe: serve it (a fresh certificate from the trusted CA) or refuse it. */
type Expect = 'served' | 'refused';

type PinningTrial = Trial<TlsProbeResult> & {
  version?: SecureVersion;
  expect?: Expect;
  control?: ControlReading & { undecided?: boolean };
};
export type ClientPinningCampaign = Campaign<PinningTrial>;

/** What a row offers: a label and an identity, or why it cannot be made (the test CA not given). */
type Offer = { label: string; identity?: ClientIdentityPem; notRun?: string };

interface PinningMeans {
  /** The subject of the configured client certificate, which every probe copies. */
  subject: ReturnType<typeof subjectOf>;
  subjectLine: string;
  /** The test client CA the server trusts, when the profile gives it. */
  testCa?: Issued;
  endpoint: TlsEndpoint;
}

const NO_TEST_CA =
  'the profile gives no test client CA (server.testClientCa), so no certificate can be issued from it';

/** A client certificate issued now from `ca`, never seen by the server before, with the subject of the real one. */
async function freshFrom(ca: Issued, m: PinningMeans): Promise<ClientIdentityPem> {
  const leaf = await issueCertificate({ subject: m.subject, issuer: ca, usage: 'client' });
  return { cert: leaf.certPem + ca.certPem, key: leaf.keyPem };
}

/**
 * The probes of client-certificate pinning, named by the suite YAML: the first must be served,
 * the others refused. Each is issued for this run and offered on every version of VERSIONS.
 */
export const CLIENT_PINNING_MUTATIONS: Record<
  string,
  { expect: Expect; offer(m: PinningMeans): Promise<Offer> }
> = {
  'fresh-from-trusted-ca': {
    expect: 'served',
    offer: async (m) => ({
      label: `a client certificate "${m.subjectLine}" issued now from the test client CA (never seen before)`,
      ...(m.testCa ? { identity: await freshFrom(m.testCa, m) } : { notRun: NO_TEST_CA }),
    }),
  },
  'other-ca-same-subject': {
    expect: 'refused',
    offer: async (m) => {
      const other = await issueCertificate({
        subject: 'CN=Attesta other client CA, O=Attesta (generated for this run)',
        ca: true,
      });
      return {
        label: `a client certificate "${m.subjectLine}" from another CA`,
        identity: await freshFrom(other, m),
      };
    },
  },
  'ca-name-twin': {
    expect: 'refused',
    offer: async (m) => ({
      label: `a client certificate "${m.subjectLine}" from a CA that copies the trusted CA's name and key id`,
      // The twin copies the issuer of the certificate it is given: the test CA's, else the configured one's.
      identity: await untrustedTwin(m.testCa ? await freshFrom(m.testCa, m) : m.endpoint.identity),
    }),
  },
};

function meansOf(endpoint: TlsEndpoint, testCa: Issued | undefined): PinningMeans {
  const leaf = firstCertificate(endpoint.identity);
  const subjectLine = oneLine(leaf.subject);
  return { subject: subjectOf(leaf), subjectLine, endpoint, ...(testCa ? { testCa } : {}) };
}

/** The configured client certificate as control, before and after every row of the table on every version. */
export function runClientPinningCampaign(
  endpoint: TlsEndpoint,
  settings: RunSettings,
  testCa: Issued | undefined,
): Promise<ClientPinningCampaign> {
  const means = meansOf(endpoint, testCa);
  return runCampaign<PinningTrial>({
    mutations: Object.keys(CLIENT_PINNING_MUTATIONS),
    control: async (when) => {
      const answer = await handshake(endpoint, settings, endpoint.identity);
      const label = `positive control (${when}): the configured client certificate`;
      return { id: `control-${when}`, label, answer, control: judgeControl(answer, endpoint.expectStatus) };
    },
    negatives: async () => {
      const offers = await Promise.all(
        Object.entries(CLIENT_PINNING_MUTATIONS).map(async ([id, row]) => ({
          id,
          expect: row.expect,
          ...(await row.offer(means)),
        })),
      );
      const notRun = offers
        .filter((o) => o.notRun)
        .map((o): PinningTrial => ({ id: o.id, label: o.label, notRun: o.notRun! }));
      const probes = offers.flatMap((o) =>
        o.identity
          ? VERSIONS.map((version) => async (): Promise<PinningTrial> => ({
              id: o.id,
              label: o.label,
              version,
              expect: o.expect,
              answer: await handshake(endpoint, settings, o.identity, version),
            }))
          : [],
      );
      return [...notRun, ...(await inParallel(probes))];
    },
  });
}

/** A probe that must be served reads as the control does; one that must be refused as any negative. */
function readProbe(
  t: PinningTrial,
  before: { trial: PinningTrial; ok: boolean },
  expect: readonly number[] | undefined,
): Reading {
  const control = before.ok ? before.trial.answer?.response : undefined;
  const treatment = readTreatment(t.answer!, t.version ?? '', control);
  if (treatment.answer === 'version-not-spoken')
    return { kind: 'not-applicable', seen: treatment.seen, details: treatment.details };
  if (t.expect === 'refused')
    return { kind: treatment.answer, seen: treatment.seen, details: treatment.details };
  const served = judgeControl(t.answer!, expect);
  if (served.ok)
    return {
      kind: 'accepted',
      seen: `served: HTTP ${t.answer!.response!.status}`,
      details: treatment.details,
    };
  if (treatment.answer === 'refused')
    return {
      kind: 'wrong',
      seen: `refused (${treatment.seen}): the server pins certificates`,
      details: treatment.details,
    };
  return { kind: 'undetermined', seen: served.problem ?? treatment.seen, details: treatment.details };
}

const attempt = (j: { trial: PinningTrial; reading: Reading }) =>
  `${j.trial.label}${j.trial.version ? ` over ${j.trial.version}` : ''}: ${j.reading.seen}`;

function judging(expect: readonly number[] | undefined): Judging<PinningTrial> {
  return {
    control: (t) => t.control ?? { ok: false, problem: 'not run' },
    read: (t, before) => readProbe(t, before, expect),
    controlEvidence: (t, when) =>
      controlEvidence(`positive control (${when}): the configured client certificate`, t),
    negativeEvidence: (t, reading, finding) => ({
      label: `${t.label}${t.version ? `, ${t.version}` : ''} (must be ${t.expect ?? 'served'})`,
      outcome: `${reading.kind}: ${reading.seen}`,
      finding: finding === 'not-applicable' ? 'info' : finding,
      ...(reading.details ? { details: reading.details } : {}),
    }),
    // A refused fresh certificate means pinning only while the configured one is served around it.
    policy: { failStandsDespite: { before: false, after: false } },
    reasons: {
      controlFailed: (when, problem) =>
        `The positive control ${when} the probes failed (${problem}), so neither acceptance nor refusal proves anything.`,
      failed: (judged) => `The server does not trust the CA alone: ${judged.map(attempt).join('; ')}.`,
      undetermined: (judged) => `Pinning could not be established: ${judged.map(attempt).join('; ')}.`,
      noneApplies: () => ({
        finding: 'inconclusive',
        reason: 'No probe got an answer in a TLS version the server speaks.',
      }),
      passed: (judged) => {
        const labels = (kind: string) => [
          ...new Set(judged.filter((j) => j.reading.kind === kind).map((j) => j.trial.label)),
        ];
        const served = labels('accepted');
        const refused = labels('refused');
        return `${served.length ? `Served, as a server that trusts the CA must: ${served.join('; ')}. ` : ''}Refused: ${refused.join('; ') || 'none'}. Both between served controls.`;
      },
    },
  };
}

/** Judges the named rows of the campaign (`with.mutations` of the suite YAML). */
export function judgeClientPinning(
  c: ClientPinningCampaign,
  mutations: readonly string[],
  expect: readonly number[] | undefined,
): Outcome {
  return judgeCampaign(c, mutations, judging(expect));
}
