import type { X509Certificate } from 'node:crypto';
import type { CheckContext, CheckKind, Outcome } from '../../core/suite.js';
import { judgeValidity } from '../../checks/x509/server-certificate.js';
import { judgeCompleteness, judgeOrder } from '../../material/chain-order.js';
import { judgePublicIssuer } from '../../material/chain-trust.js';
import { judgeNotLetsEncrypt } from '../../material/lets-encrypt.js';
import { judgeProdStageSeparation } from '../../material/prod-stage.js';
import { judgePsd2 } from '../../material/psd2.js';
import type { CertificateFile } from '../../material/certificate-file.js';
import { checkRevocation } from '../../ocsp/check.js';
import { judgeDevAppCertificate } from './devapp-handshake.js';
import { judgeHostExclusivity, runHostCampaign } from './host-exclusivity.js';
import type { ConnectPayTarget } from './target.js';

type Ctx = CheckContext<ConnectPayTarget>;

const noHost = (what: string): Outcome => ({
  finding: 'not-applicable',
  reason: `The profile names no host: ${what}.`,
  evidence: [],
});

/** CP-CHAIN-01: only PEM CERTIFICATE blocks that parse; anything else is named. */
function judgeFormat(file: CertificateFile): Outcome {
  const details = { file: file.name, bytes: file.bytes, certificates: file.certificates.length };
  if (file.problems.length)
    return {
      finding: 'fail',
      reason: `${file.name} is not PEM certificates only: ${file.problems.join('; ')}.`,
      evidence: [{ label: file.name, outcome: file.problems.join('; '), finding: 'fail', details }],
    };
  return {
    finding: 'pass',
    reason: `${file.name} holds ${file.certificates.length} PEM CERTIFICATE block(s), each a valid X.509 certificate, and nothing else.`,
    evidence: [{ label: file.name, outcome: 'PEM certificates only', finding: 'pass', details }],
  };
}

/** A material kind over the chain file's certificates; a file with none that parse cannot be judged. */
function onChain(
  judge: (chain: X509Certificate[], ctx: Ctx) => Outcome | Promise<Outcome>,
): CheckKind<ConnectPayTarget> {
  return {
    check: async (ctx) => {
      const file = ctx.target.certificates.chain;
      if (!file.certificates.length)
        return {
          finding: 'inconclusive',
          reason: `${file.name} holds no PEM certificate that parses, so there is no chain to judge (CP-CHAIN-01 says why).`,
          evidence: [],
        };
      return judge(file.certificates, ctx);
    },
  };
}

/** ConnectPay's own kinds; its mTLS kind comes from tlsEndpoint, its Basic kind from basicAuthService. */
export const kinds: Record<string, CheckKind<ConnectPayTarget>> = {
  'chain-pem-format': { check: async (ctx) => judgeFormat(ctx.target.certificates.chain) },
  'chain-order': onChain((chain) => judgeOrder(chain)),
  'chain-complete': onChain((chain) => judgeCompleteness(chain)),
  'chain-public-ca': onChain((chain, ctx) =>
    judgePublicIssuer(
      chain,
      ctx.target.certificates.testTrustAnchors,
      'connectpay.certificates.testTrustAnchors',
    ),
  ),
  'chain-not-lets-encrypt': onChain((chain) => judgeNotLetsEncrypt(chain)),
  'chain-validity': onChain((chain, ctx) =>
    judgeValidity(
      chain,
      ctx.target.certificates.expiryWarningDays,
      new Date(),
      'Every certificate of the chain file',
    ),
  ),
  'chain-ocsp': onChain((chain, ctx) =>
    ctx.target.certificates.checkRevocation
      ? checkRevocation(chain, ctx.settings.probeTimeoutMs)
      : {
          finding: 'inconclusive',
          reason:
            'Revocation was not checked: the profile turns the OCSP request off (certificates.checkRevocation: false).',
          evidence: [],
        },
  ),
  'prod-stage-separation': {
    check: async (ctx) => {
      const { prod, stage } = ctx.target.certificates;
      return judgeProdStageSeparation(prod?.certificates[0], stage?.certificates[0]);
    },
  },
  'psd2-roles': onChain((chain, ctx) => judgePsd2(chain[0]!, ctx.target.certificates.psd2Roles)),
  'devapp-certificate': {
    check: async (ctx) =>
      ctx.target.twoWay
        ? judgeDevAppCertificate(ctx.target.twoWay, ctx.target.certificates.devApp, ctx.settings)
        : noHost('connectpay.twoWay is not configured'),
  },
  'host-exclusivity': {
    check: async (ctx) => {
      const { twoWay, oneWay } = ctx.target;
      if (!twoWay || !oneWay) return noHost('CP-HOST-01 needs both connectpay.twoWay and connectpay.oneWay');
      const pair = { twoWay, oneWay };
      return judgeHostExclusivity(
        await ctx.memo('hosts', () => runHostCampaign(pair, ctx.settings.probeTimeoutMs)),
      );
    },
  },
};
