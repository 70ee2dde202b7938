import type { CheckKind, Outcome } from '../../core/suite.js';
import { judgeEach, type DeclaredCsr } from '../../csr/each.js';
import { judgeCsrKey } from '../../csr/key.js';
import { judgeCsrSignature } from '../../csr/signature.js';
import { judgeCsrCommonName } from '../../csr/common-name.js';
import { judgeCsrSubject } from '../../csr/subject.js';
import { judgeDistinctKeys } from '../../csr/distinct-keys.js';
import { judgeClientCertificate } from './client-certificate.js';
import { judgePort } from './port.js';
import type { ThalesTarget } from './target.js';

const notGiven = (what: string, block: string): Outcome => ({
  finding: 'not-applicable',
  reason: `The profile gives no ${what} (thales.${block}).`,
  evidence: [],
});

/** A kind over the declared CSRs, not applicable where the profile gives none. */
function overCsrs(
  judge: (csrs: readonly DeclaredCsr[], t: ThalesTarget) => Outcome,
): CheckKind<ThalesTarget> {
  return {
    check: async ({ target }) => (target.csrs.length ? judge(target.csrs, target) : notGiven('CSR', 'csrs')),
  };
}

/** The kinds only the Thales TSH suite has: its CSRs, its client certificate and its port rule. */
export const kinds: Record<string, CheckKind<ThalesTarget>> = {
  'csr-key': overCsrs((csrs) => judgeEach(csrs, 'RSA 4096-bit or EC P-256', (c) => judgeCsrKey(c.csr.key))),
  'csr-signature': overCsrs((csrs) =>
    judgeEach(csrs, 'sha256WithRSAEncryption or ecdsa-with-SHA256, verifying', (c) =>
      judgeCsrSignature(c.csr),
    ),
  ),
  'csr-common-name': overCsrs((csrs, t) =>
    judgeEach(csrs, 'TLSMA-<RSA|ECDSA>/<tspId>/TSH/TSP.<env>', (c) =>
      judgeCsrCommonName(c.csr, t.tspId!, c.env),
    ),
  ),
  'csr-subject': overCsrs((csrs) =>
    judgeEach(csrs, 'C, ST, L, O and OU non-empty, C two letters', (c) => judgeCsrSubject(c.csr)),
  ),
  'csr-distinct-keys': overCsrs((csrs) => judgeDistinctKeys(csrs)),
  'client-certificate': {
    check: async ({ target }) =>
      target.client ? judgeClientCertificate(target.client) : notGiven('client certificate', 'client'),
  },
  'server-port': {
    check: async ({ target, site }) =>
      target.server && site ? judgePort(site) : notGiven('server', 'server'),
  },
};
