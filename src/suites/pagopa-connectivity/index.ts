import type { Check, CheckContext, Outcome, SuiteModule } from '../../core/suite.js';
import { httpRequest } from '../../http/client.js';
import { sendRespectingRateLimit } from '../../http/rate-limit.js';
import { tlsProbe } from '../../tls/probe.js';
import {
  runApiKeyCampaign,
  judgeBothKeys,
  judgeRefusedKeys,
  type ApiKeyCampaign,
} from '../../checks/http-auth/api-key.js';
import {
  controlEvidence,
  handshakes,
  judgeRefusals,
  runClientAuthCampaign,
  type ClientAuthCampaign,
} from '../../checks/tls/client-auth.js';
import {
  judgeProtocolVersions,
  scanProtocolVersions,
  type ProtocolName,
} from '../../checks/tls/protocol-versions.js';
import { judgeServerAuthentication } from '../../checks/tls/server-auth.js';
import { judgeClientCaNames } from '../../checks/x509/client-ca-names.js';
import { judgeChainTrust, judgeServerName, judgeValidity } from '../../checks/x509/server-certificate.js';
import { servedChain } from '../../checks/x509/served-chain.js';
import { judgeAllSites } from './disaster-recovery.js';
import { endpointAt, resolvePagopa, type PagopaTarget } from './target.js';
import { judgeServiceUrl } from './url-form.js';

type Ctx = CheckContext<PagopaTarget>;

/** The client-authentication campaign of a site, shared by REACH, MTLS and CERT checks. */
function clientAuth(ctx: Ctx): Promise<ClientAuthCampaign> {
  const endpoint = endpointAt(ctx.target, ctx.site!);
  return ctx.memo('client-auth', () =>
    runClientAuthCampaign(endpoint, ctx.settings, ctx.target.endpoint!.invalidIdentities),
  );
}

/** Every probe of the campaign, for checks that read what the server sent in any handshake. */
async function allProbes(ctx: Ctx) {
  return handshakes(await clientAuth(ctx), ['no-certificate', 'untrusted-ca']);
}

const mutations = (ctx: Ctx): string[] => (ctx.params['mutations'] as string[] | undefined) ?? [];

function noChain(): Outcome {
  return { finding: 'inconclusive', reason: "No probe received the server's certificates.", evidence: [] };
}

function apiKeys(ctx: Ctx): Promise<ApiKeyCampaign> {
  const p = ctx.target.platform!;
  return ctx.memo('api-keys', () =>
    runApiKeyCampaign(
      (key) =>
        sendRespectingRateLimit(
          () =>
            httpRequest({
              url: p.url.href,
              method: p.request.method,
              headers: {
                ...p.request.headers,
                ...(key === undefined ? {} : { 'Ocp-Apim-Subscription-Key': key }),
              },
              ...(p.request.body !== undefined ? { body: p.request.body } : {}),
              ...(p.address ? { address: p.address } : {}),
              tls: { ...(p.ca ? { ca: p.ca } : {}), minVersion: 'TLSv1.2' },
              timeoutMs: ctx.settings.probeTimeoutMs,
            }),
          ctx.settings.probeTimeoutMs,
        ),
      p.keys,
      'Ocp-Apim-Subscription-Key',
    ),
  );
}

function withPlatform(check: (ctx: Ctx) => Promise<Outcome>): Check<PagopaTarget> {
  return async (ctx) =>
    ctx.target.platform
      ? check(ctx)
      : {
          finding: 'not-applicable',
          reason: 'The profile has no pagopa.platform block (the payment node endpoint and api-keys).',
          evidence: [],
        };
}

const checks: Record<string, Check<PagopaTarget>> = {
  'url-form': async (ctx) => judgeServiceUrl(ctx.site!),

  reachability: async (ctx) => {
    const { before } = await clientAuth(ctx);
    const evidence = [
      controlEvidence('request over mutual TLS with the configured client certificate', before),
    ];
    return before.control?.ok
      ? {
          finding: 'pass',
          reason: `HTTP ${before.answer!.response!.status} over ${before.answer!.protocol} with the configured client certificate.`,
          evidence,
        }
      : {
          finding: 'fail',
          reason: `The site did not complete a valid request: ${before.control?.problem}.`,
          evidence,
        };
  },

  'tls-protocol-versions': async (ctx) => {
    const refuse = ctx.params['refuse'] as ProtocolName[];
    const accept = ctx.params['accept'] as ProtocolName[];
    const endpoint = endpointAt(ctx.target, ctx.site!);
    const scan = await ctx.memo('versions', () =>
      scanProtocolVersions(endpoint, ctx.settings, [...refuse, ...accept]),
    );
    return judgeProtocolVersions(scan, refuse, accept);
  },

  'mtls-required': async (ctx) => {
    const c = await clientAuth(ctx);
    return judgeRefusals(c, mutations(ctx), 'no client certificate');
  },

  'mtls-untrusted-client': async (ctx) => {
    const c = await clientAuth(ctx);
    return judgeRefusals(c, mutations(ctx), 'a client certificate the endpoint must not trust');
  },

  'client-ca-names': async (ctx) =>
    judgeClientCaNames(await allProbes(ctx), ctx.target.endpoint!.platformChain),

  'server-chain-trust': async (ctx) => {
    const chain = servedChain(await allProbes(ctx));
    return chain ? judgeChainTrust(chain, ctx.target.endpoint!.privateCa) : noChain();
  },

  'server-name': async (ctx) => {
    const chain = servedChain(await allProbes(ctx));
    return chain ? judgeServerName(chain, ctx.site!.host) : noChain();
  },

  'certificate-validity': async (ctx) => {
    const chain = servedChain(await allProbes(ctx));
    return chain ? judgeValidity(chain.certificates, ctx.target.endpoint!.expiryWarningDays) : noChain();
  },

  'api-key-missing': withPlatform(async (ctx) => {
    const c = await apiKeys(ctx);
    return judgeRefusedKeys(c, mutations(ctx), ctx.target.platform!.acceptStatus);
  }),

  'api-key-wrong': withPlatform(async (ctx) => {
    const c = await apiKeys(ctx);
    return judgeRefusedKeys(c, mutations(ctx), ctx.target.platform!.acceptStatus);
  }),

  'api-key-both-valid': withPlatform(async (ctx) =>
    judgeBothKeys(await apiKeys(ctx), ctx.target.platform!.acceptStatus),
  ),

  'platform-server-auth': withPlatform(async (ctx) => {
    const p = ctx.target.platform!;
    const host = p.url.hostname;
    const probe = await tlsProbe({
      address: p.address ?? host,
      port: Number(p.url.port || 443),
      servername: host,
      minVersion: 'TLSv1.2',
      ...(p.ca ? { ca: p.ca } : {}),
      timeoutMs: ctx.settings.probeTimeoutMs,
    });
    return judgeServerAuthentication(probe, host);
  }),

  'sites-aggregate': async (ctx) =>
    judgeAllSites(ctx.results, ctx.target.endpoint?.sites ?? [], ctx.requirement.id),
};

export const suite: SuiteModule<PagopaTarget> = {
  id: 'pagopa-connectivity',
  resolve: resolvePagopa,
  sites: (target) => target.endpoint?.sites ?? [],
  checks,
};
