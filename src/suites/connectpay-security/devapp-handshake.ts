import type { Evidence } from '../../core/evidence.js';
import type { RunSettings } from '../../core/settings.js';
import type { Outcome } from '../../core/suite.js';
import { judgeControl } from '../../checks/tls/client-auth.js';
import { compareWithDevApp } from '../../material/devapp.js';
import { tlsProbeFollowing } from '../../tls/probe-following.js';
import type { CertificateFile } from '../../material/certificate-file.js';
import { apiPath, type ConnectPayTarget } from './target.js';

type TwoWay = NonNullable<ConnectPayTarget['twoWay']>;

/**
 * CP-CHAIN-08. The certificate used in the handshake is the one the configured client presents:
 * the first certificate of twoWay.clientCertificate, the one its private key matches (checked when
 * the profile loads), which node:tls sends first in its Certificate message. It must equal the
 * registered DevApp file in serial and CN; and a handshake with it must be served by the 2-way
 * host, or nothing shows that it is the certificate used there.
 */
export async function judgeDevAppCertificate(
  twoWay: TwoWay,
  devApp: CertificateFile | undefined,
  settings: RunSettings,
): Promise<Outcome> {
  if (!devApp)
    return {
      finding: 'not-applicable',
      reason: 'The profile names no DevApp certificate (certificates.devApp).',
      evidence: [],
    };
  const registered = devApp.certificates[0];
  if (!registered)
    return {
      finding: 'inconclusive',
      reason: `The DevApp file ${devApp.name} holds no PEM certificate that parses (${devApp.problems.join('; ')}).`,
      evidence: [],
    };
  const compared = compareWithDevApp(twoWay.identity.leaf, registered);
  const how: Evidence = {
    label: 'how the handshake certificate was established',
    outcome:
      'the first certificate of twoWay.clientCertificate.cert, which its key matches and node:tls sends first',
    finding: 'info',
  };
  if (!compared.same)
    return {
      finding: 'fail',
      reason: `The client certificate presented differs from the DevApp certificate: ${compared.differences.join('; ')}.`,
      evidence: [how, ...compared.evidence],
    };
  const probe = await tlsProbeFollowing({
    address: twoWay.site.address,
    port: twoWay.site.port,
    servername: twoWay.site.host,
    identity: twoWay.identity,
    ...(twoWay.ca ? { ca: twoWay.ca } : {}),
    minVersion: 'TLSv1.2',
    request: { method: 'GET', path: apiPath(twoWay) },
    timeoutMs: settings.probeTimeoutMs,
  });
  const control = judgeControl(probe, twoWay.expectStatus);
  const handshake: Evidence = {
    label: `mutual-TLS request to ${twoWay.url.host} with that certificate`,
    outcome: control.ok
      ? `served: HTTP ${probe.response?.status} over ${probe.protocol}`
      : `not served: ${control.problem}`,
    finding: control.ok ? 'pass' : 'inconclusive',
  };
  const evidence = [how, ...compared.evidence, handshake];
  if (!control.ok)
    return {
      finding: 'inconclusive',
      reason: `The client certificate equals the DevApp certificate in serial and CN, but no handshake with it was served by the 2-way host (${control.problem}).`,
      evidence,
    };
  return {
    finding: 'pass',
    reason: `The certificate presented in the served handshake has the DevApp certificate's serial ${registered.serialNumber} and CN.`,
    evidence,
  };
}
