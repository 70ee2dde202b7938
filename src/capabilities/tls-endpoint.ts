import type { X509Certificate } from 'node:crypto';
import type { CheckContext, Outcome } from '../core/suite.js';
import type { TlsEndpoint } from '../checks/endpoint.js';
import { mutationsParam, namedMutations } from '../checks/campaign/campaign.js';
import {
  CLIENT_AUTH_MUTATIONS,
  controlEvidence,
  handshakes,
  judgeRefusals,
  runClientAuthCampaign,
  type ClientAuthCampaign,
} from '../checks/tls/client-auth.js';
import {
  judgeProtocolVersions,
  scanProtocolVersions,
  type ProtocolName,
} from '../checks/tls/protocol-versions.js';
import { judgeClientCaNames } from '../checks/x509/client-ca-names.js';
import { servedChain } from '../checks/x509/served-chain.js';
import { judgeChainTrust, judgeServerName, judgeValidity } from '../checks/x509/server-certificate.js';
import type { ClientIdentityPem } from '../tls/probe.js';
import type { CapabilityKinds } from './capability.js';
import { reachableSite } from './reachable-site.js';

/**
 * A mutual-TLS endpoint at one site, as its TLS, mTLS and server-certificate kinds see it. A
 * suite gives it through its `tlsEndpoint` adapter (pagoPA's endpoint, Thales' outbound server).
 */
export interface TlsEndpointInput {
  endpoint: TlsEndpoint;
  /** Expired or otherwise invalid client certificates the endpoint must refuse. */
  invalidIdentities: readonly (ClientIdentityPem & { label: string })[];
  /** A private CA declared for a test environment: a chain to it is WARN, never PASS. */
  privateCa: readonly X509Certificate[];
  expiryWarningDays: number;
  /** The chain the platform presents as client, looked for among the acceptable client CA names. */
  platformChain?: readonly X509Certificate[];
}

type Ctx = CheckContext<TlsEndpointInput>;

/** The client-authentication campaign of a site, shared by the reachability, mTLS and certificate kinds. */
function clientAuth(ctx: Ctx): Promise<ClientAuthCampaign> {
  const { endpoint, invalidIdentities } = ctx.target;
  return ctx.memo('client-auth', () => runClientAuthCampaign(endpoint, ctx.settings, invalidIdentities));
}

/** Every probe of the campaign, for kinds that read what the server sent in any handshake. */
async function allProbes(ctx: Ctx) {
  return handshakes(await clientAuth(ctx), ['no-certificate', 'untrusted-ca']);
}

/** A kind over the certificates the server served, in any handshake of the campaign. */
function onServedChain(judge: (chain: NonNullable<ReturnType<typeof servedChain>>, ctx: Ctx) => Outcome) {
  return async (ctx: Ctx): Promise<Outcome> => {
    const chain = servedChain(await allProbes(ctx));
    return chain
      ? judge(chain, ctx)
      : { finding: 'inconclusive', reason: "No probe received the server's certificates.", evidence: [] };
  };
}

async function reachability(ctx: Ctx): Promise<Outcome> {
  const { before } = await clientAuth(ctx);
  const evidence = [
    controlEvidence('request over mutual TLS with the configured client certificate', before),
  ];
  if (before.control?.ok)
    return {
      finding: 'pass',
      reason: `HTTP ${before.answer!.response!.status} over ${before.answer!.protocol} with the configured client certificate.`,
      evidence,
    };
  // Our own limit or an unfollowed redirect: the request was neither completed nor refused.
  if (before.control?.undecided)
    return {
      finding: 'inconclusive',
      reason: `Whether the site completes a valid request could not be established: ${before.control.problem}.`,
      evidence,
    };
  return {
    finding: 'fail',
    reason: `The site did not complete a valid request: ${before.control?.problem}.`,
    evidence,
  };
}

const versions = {
  type: 'array',
  items: { enum: ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] satisfies ProtocolName[] },
  uniqueItems: true,
};
const PROTOCOL_VERSIONS_PARAMS = {
  type: 'object',
  additionalProperties: false,
  required: ['refuse', 'accept'],
  properties: { refuse: versions, accept: versions },
};

/** `with: { refuse: [...], accept: [...] }` names the protocol versions (PROTOCOL_VERSIONS_PARAMS). */
async function protocolVersions(ctx: Ctx): Promise<Outcome> {
  const refuse = ctx.params['refuse'] as ProtocolName[];
  const accept = ctx.params['accept'] as ProtocolName[];
  const scan = await ctx.memo('versions', () =>
    scanProtocolVersions(ctx.target.endpoint, ctx.settings, [...refuse, ...accept]),
  );
  return judgeProtocolVersions(scan, refuse, accept);
}

/** `with: { mutations: [...] }` names the rows of CLIENT_AUTH_MUTATIONS a requirement rests on. */
const NEGATIVES = mutationsParam(Object.keys(CLIENT_AUTH_MUTATIONS));

/** The named negatives refused on every version; `what` names them in the reason. */
function refusals(what: string) {
  return async (ctx: Ctx): Promise<Outcome> =>
    judgeRefusals(await clientAuth(ctx), namedMutations(ctx.params), what);
}

export const TLS_ENDPOINT_KINDS: CapabilityKinds<TlsEndpointInput> = {
  /** Judges the site itself, so it runs when the site cannot be reached: that is its FAIL. */
  reachability: { check: reachability },
  'tls-protocol-versions': { gate: reachableSite, params: PROTOCOL_VERSIONS_PARAMS, check: protocolVersions },
  'mtls-required': {
    gate: reachableSite,
    params: NEGATIVES,
    check: refusals('no client certificate'),
  },
  'mtls-untrusted-client': {
    gate: reachableSite,
    params: NEGATIVES,
    check: refusals('a client certificate the endpoint must not trust'),
  },
  'client-ca-names': {
    gate: reachableSite,
    check: async (ctx) => judgeClientCaNames(await allProbes(ctx), ctx.target.platformChain),
  },
  'server-chain-trust': {
    gate: reachableSite,
    check: onServedChain((chain, ctx) => judgeChainTrust(chain, ctx.target.privateCa)),
  },
  'server-name': {
    gate: reachableSite,
    check: onServedChain((chain, ctx) => judgeServerName(chain, ctx.target.endpoint.site.host)),
  },
  'certificate-validity': {
    gate: reachableSite,
    check: onServedChain((chain, ctx) => judgeValidity(chain.certificates, ctx.target.expiryWarningDays)),
  },
};
