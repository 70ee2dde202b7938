/** The Thales judgements that no reference fault reaches: chain order on the wire, the port rule's edges. */
import { X509Certificate } from 'node:crypto';
import { test, expect } from '@playwright/test';
import { judgeServedOrder } from '../../src/checks/x509/served-order.js';
import { siteOf } from '../../src/core/site.js';
import { judgePort } from '../../src/suites/thales-connectivity/port.js';
import { issueCertificate } from '../../src/x509/issue.js';

async function chain() {
  const root = await issueCertificate({ subject: 'CN=Root', ca: true });
  const intermediate = await issueCertificate({ subject: 'CN=Intermediate', ca: true, issuer: root });
  const sub = await issueCertificate({ subject: 'CN=Sub', ca: true, issuer: intermediate });
  const leaf = await issueCertificate({ subject: 'CN=leaf', issuer: sub, usage: 'server' });
  const x = (i: { certPem: string }) => new X509Certificate(i.certPem);
  return { root: x(root), intermediate: x(intermediate), sub: x(sub), leaf: x(leaf) };
}

const onWire = (certificates: X509Certificate[]) => ({
  certificates,
  source: 'wire' as const,
  note: 'read from the TLSv1.2 Certificate message',
});

test('the served order: complete and in order PASS, intermediates swapped WARN, a CA first or a gap FAIL, no wire order INCONCLUSIVE', async () => {
  const c = await chain();
  const anchors = [c.root];
  expect(judgeServedOrder(onWire([c.leaf, c.sub, c.intermediate]), anchors, 'the root').finding).toBe('pass');
  expect(judgeServedOrder(onWire([c.leaf, c.intermediate, c.sub]), anchors, 'the root').finding).toBe('warn');
  const caFirst = judgeServedOrder(onWire([c.sub, c.leaf, c.intermediate]), anchors, 'the root');
  expect(caFirst.finding).toBe('fail');
  expect(caFirst.reason).toMatch(/"CN=Sub", is a CA certificate, not the server's leaf/);
  const gap = judgeServedOrder(onWire([c.leaf, c.intermediate]), anchors, 'the root');
  expect(gap.finding).toBe('fail');
  expect(gap.reason).toMatch(/issuer of "CN=leaf" \("CN=Sub"\) was not served/);
  const node = {
    certificates: [c.leaf, c.sub, c.intermediate],
    source: 'node' as const,
    note: 'TLS 1.3 only',
  };
  expect(judgeServedOrder(node, anchors, 'the root').finding).toBe('inconclusive');
});

test('the port rule: 443 written or implied PASS, 8443 WARN, anything else FAIL', () => {
  const port = (url: string) => judgePort(siteOf('server', { url })).finding;
  expect(port('https://tsp.example/x')).toBe('pass');
  expect(port('https://tsp.example:443/x')).toBe('pass');
  expect(port('https://tsp.example:8443/x')).toBe('warn');
  expect(port('https://tsp.example:9443/x')).toBe('fail');
  expect(port('https://tsp.example:80/x')).toBe('fail');
});
