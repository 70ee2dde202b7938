import type { Evidence } from '../../core/evidence.js';
import type { Outcome } from '../../core/suite.js';
import { httpRequest, type HttpResult } from '../../http/client.js';
import { describeRedirect, isRedirect } from '../../http/redirect.js';
import { inParallel, runCampaign, type Campaign, type Trial } from '../../checks/campaign/campaign.js';
import { judgeCampaign, type Judging, type Reading } from '../../checks/campaign/judge.js';
import type { ClientIdentityPem } from '../../tls/probe.js';
import { apiPath, type ConnectPayHost } from './target.js';

/** One request of an API to a host; the controls hold two (each API on its own host). */
interface HostRequest {
  what: string;
  result: HttpResult;
  expectStatus?: readonly number[];
}
type HostTrial = Trial<HostRequest[]>;

export interface HostPair {
  twoWay: ConnectPayHost & { identity: ClientIdentityPem };
  oneWay: ConnectPayHost;
}

function send(to: ConnectPayHost, path: string, identity: ClientIdentityPem | undefined, timeoutMs: number) {
  return httpRequest({
    url: new URL(path, to.url).href,
    ...(to.site.address !== to.site.host ? { address: to.site.address } : {}),
    tls: { ...(to.ca ? { ca: to.ca } : {}), ...(identity ?? {}), minVersion: 'TLSv1.2' },
    timeoutMs,
  });
}

/**
 * The 2-way API on the 2-way host (with the client certificate) and the 1-way API on the 1-way
 * host (without) are the controls; the negatives are each API on the other host - the 1-way API
 * on the 2-way host with the client certificate, so that only the host's routing can refuse it.
 */
export function runHostCampaign(p: HostPair, timeoutMs: number): Promise<Campaign<HostTrial>> {
  const [twoWayApi, oneWayApi] = [apiPath(p.twoWay), apiPath(p.oneWay)];
  const request = async (what: string, to: ConnectPayHost, path: string, identity?: ClientIdentityPem) => ({
    what,
    result: await send(to, path, identity, timeoutMs),
    ...(to.expectStatus ? { expectStatus: to.expectStatus } : {}),
  });
  return runCampaign<HostTrial>({
    mutations: ['two-way-api-on-one-way-host', 'one-way-api-on-two-way-host'],
    control: async (when) => ({
      id: `control-${when}`,
      label: `each API on its own host (${when})`,
      answer: await Promise.all([
        request(
          `2-way API ${twoWayApi} on the 2-way host ${p.twoWay.url.host}`,
          p.twoWay,
          twoWayApi,
          p.twoWay.identity,
        ),
        request(`1-way API ${oneWayApi} on the 1-way host ${p.oneWay.url.host}`, p.oneWay, oneWayApi),
      ]),
    }),
    negatives: () =>
      inParallel([
        async () => ({
          id: 'two-way-api-on-one-way-host',
          label: `2-way API ${twoWayApi} on the 1-way host ${p.oneWay.url.host}`,
          answer: [await request('', p.oneWay, twoWayApi)],
        }),
        async () => ({
          id: 'one-way-api-on-two-way-host',
          label: `1-way API ${oneWayApi} on the 2-way host ${p.twoWay.url.host}, with the client certificate`,
          answer: [await request('', p.twoWay, oneWayApi, p.twoWay.identity)],
        }),
      ]),
  });
}

function seen(r: HttpResult): string {
  if (!r.ok) return r.limit ? r.error : `no answer (${r.error})`;
  return r.response.redirect ? describeRedirect(r.response.redirect) : `HTTP ${r.response.status}`;
}

function served(q: HostRequest): boolean {
  const r = q.result;
  if (!r.ok || isRedirect(r.response.status)) return false;
  return q.expectStatus
    ? q.expectStatus.includes(r.response.status)
    : r.response.status >= 200 && r.response.status < 300;
}

/** A 2xx serves the API where it must not be; a 4xx refuses it; anything else decides nothing. */
function readNegative(t: HostTrial): Reading {
  const r = t.answer![0]!.result;
  const s = seen(r);
  if (!r.ok || isRedirect(r.response.status) || r.response.status >= 500 || r.response.status === 429)
    return { kind: 'undetermined', seen: s };
  return { kind: r.response.status < 300 ? 'served' : 'refused', seen: s };
}

const controlEvidence = (t: HostTrial): Evidence[] =>
  (t.answer ?? []).map((q) => ({
    label: q.what,
    outcome: seen(q.result),
    finding: served(q) ? 'pass' : 'fail',
  }));

const JUDGING: Judging<HostTrial> = {
  control: (t) => {
    const failed = (t.answer ?? []).filter((q) => !served(q));
    return { ok: !failed.length, problem: failed.map((q) => `${q.what}: ${seen(q.result)}`).join('; ') };
  },
  read: readNegative,
  controlEvidence: (t, when) => ({
    label: t.label,
    outcome: controlEvidence(t)
      .map((e) => `${e.label}: ${e.outcome}`)
      .join('; '),
    finding: controlEvidence(t).every((e) => e.finding === 'pass') ? 'pass' : 'fail',
    details: { when },
  }),
  negativeEvidence: (t, reading, finding) => ({ label: t.label, outcome: reading.seen, finding }),
  policy: { failStandsDespite: { before: false, after: false } },
  reasons: {
    controlFailed: (when, problem) =>
      `An API was not served on its own host ${when} the cross-host requests (${problem}), so their refusal proves nothing.`,
    failed: (judged) =>
      `Served on the wrong host: ${judged.map((j) => `${j.trial.label} (${j.reading.seen})`).join('; ')}.`,
    undetermined: (judged) =>
      `Whether the hosts keep their APIs apart could not be established: ${judged.map((j) => `${j.trial.label}: ${j.reading.seen}`).join('; ')}.`,
    noneApplies: () => ({ finding: 'inconclusive', reason: 'No cross-host request was sent.' }),
    passed: (judged) =>
      `Neither API is served on the other host (${judged.map((j) => j.reading.seen).join(', ')}), while each is served on its own host before and after.`,
  },
};

/** CP-HOST-01: both cross-host requests are not served, between two served pairs of controls. */
export function judgeHostExclusivity(c: Campaign<HostTrial>): Outcome {
  return judgeCampaign(c, ['two-way-api-on-one-way-host', 'one-way-api-on-two-way-host'], JUDGING);
}
