import { mkdtempSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redactor } from '../../src/core/redact.js';
import type { ResultRecord, SuiteDefinition } from '../../src/core/suite.js';
import { summarize } from '../../src/core/verdict.js';
import { ReportAssembly } from '../../src/report/assemble.js';
import type { RunReport } from '../../src/report/model.js';
import { writeReports } from '../../src/report/write.js';
import type { RunningReference } from '../support/fixtures.js';

/** Secrets registered in the redactor; they also appear, unredacted, in reasons and evidence. */
export const SECRETS = ['apikey-0123456789abcdef', 'S3cr3t&<key>"42'];

/** Strings a hostile peer could put in evidence (server banners, error bodies, certificate subjects). */
export const HOSTILE = {
  script: '<script>alert("xss")</script>',
  attribute: '"><img src=x onerror=alert(1)>',
  cdata: ']]></system-out><injected/>',
  comment: '--><!-- ',
  style: '</style><style>body{background:url(http://127.0.0.1:9/leak)}</style>',
  controls:
    'bell\u0007 escape\u001b[31m nul\u0000 lone\ud800 override\u202Egnp.exe\u202C isolate\u2066x\u2069 marks\u200E\u200F\u061C c1\u0085\u009b end',
};

export const DEFINITIONS: SuiteDefinition[] = [
  {
    id: 'pagopa-connectivity',
    title: 'pagoPA connectivity',
    source: 'specs/pagopa-connectivity.md',
    profile: 'pagopa',
    requirements: [
      {
        id: 'PAGOPA-TLS-01',
        level: 'MUST',
        subject: 'endpoint',
        statement: 'The endpoint accepts only TLS 1.2 or higher.',
        verify: 'TLS 1.0 and 1.1 refused.',
        section: 'Connection to pagoPA via the internet',
        check: 'tls-versions',
      },
      {
        id: 'PAGOPA-MTLS-01',
        level: 'MUST',
        subject: 'endpoint',
        statement: 'The endpoint requires mutual TLS.',
        verify: 'No client certificate is refused.',
        check: 'mtls-required',
      },
      {
        id: 'PAGOPA-HSTS-01',
        level: 'SHOULD',
        subject: 'endpoint',
        statement: 'The endpoint sends Strict-Transport-Security.',
        verify: 'Header present.',
        check: 'hsts',
      },
      {
        id: 'PAGOPA-DR-01',
        level: 'MANUAL',
        subject: 'endpoint',
        statement: 'A secondary site exists for disaster recovery.',
        verify: 'A person checks.',
        check: 'manual',
        aggregate: true,
      },
    ],
  },
  {
    id: 'pdnd-vouchers',
    title: 'PDND Interoperabilità vouchers',
    source: 'specs/pdnd-voucher-types.md',
    profile: 'pdnd',
    requirements: [
      {
        id: 'PDND-DPOP-01',
        level: 'MUST',
        subject: 'platform',
        statement: 'A replayed DPoP proof is refused.',
        verify: 'Second use of a jti gives 401.',
        section: 'DPoP',
        check: 'dpop-replay',
      },
      {
        id: 'PDND-CERT-01',
        level: 'MUST',
        subject: 'material',
        statement: 'The client key is RSA 2048 or stronger.',
        verify: 'Key size read from the file.',
        check: 'key-size',
      },
    ],
  },
];

function result(
  partial: Partial<ResultRecord> & Pick<ResultRecord, 'id' | 'target' | 'site' | 'verdict'>,
): ResultRecord {
  const suite = DEFINITIONS.find((d) => d.requirements.some((q) => q.id === partial.id))!;
  const requirement = suite.requirements.find((q) => q.id === partial.id)!;
  return {
    suite: suite.id,
    suiteTitle: suite.title,
    level: requirement.level,
    source: suite.source,
    section: requirement.section,
    statement: requirement.statement,
    verify: requirement.verify,
    reason: `${partial.verdict} reason`,
    evidence: [],
    startedAt: '2026-11-23T10:00:01.000Z',
    durationMs: 120,
    ...partial,
  };
}

/** Every verdict, two targets, several sites, hostile evidence and planted secrets. */
export function buildReport(): RunReport {
  const results: ResultRecord[] = [
    result({
      id: 'PAGOPA-TLS-01',
      target: 'acme-staging',
      site: 'primary',
      verdict: 'pass',
      reason: 'TLS 1.0 and TLS 1.1 were refused with alert protocol_version; TLS 1.2 completed.',
      evidence: [
        {
          label: 'TLS 1.0 handshake',
          outcome: 'refused: alert protocol_version',
          finding: 'pass',
          details: { alert: 'protocol_version', offered: 'TLSv1' },
        },
        {
          label: 'TLS 1.2 handshake',
          outcome: 'completed',
          finding: 'info',
          details: { protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' },
        },
      ],
    }),
    result({
      id: 'PAGOPA-TLS-01',
      target: 'acme-staging',
      site: 'secondary',
      verdict: 'fail',
      reason: `TLS 1.1 was accepted; server said ${HOSTILE.script} with key ${SECRETS[0]}`,
      evidence: [
        {
          label: `TLS 1.1 handshake ${HOSTILE.attribute}`,
          outcome: `completed ${HOSTILE.cdata}`,
          finding: 'fail',
          details: {
            protocol: 'TLSv1.1',
            banner: `${HOSTILE.script}${HOSTILE.comment}${HOSTILE.style}`,
            headers: { server: HOSTILE.attribute, 'x-api-key': SECRETS[1], multiline: 'a\nb' },
            body: `line one\n${HOSTILE.controls}\n${SECRETS[1]}`,
            status: 200,
            empty: null,
          },
        },
      ],
    }),
    result({
      id: 'PAGOPA-MTLS-01',
      target: 'acme-staging',
      site: 'primary',
      verdict: 'inconclusive',
      reason: `Our client could not connect: ${HOSTILE.controls} (secret ${SECRETS[1]})`,
      evidence: [
        {
          label: 'no client certificate',
          outcome: 'client error ECONNRESET before request',
          finding: 'inconclusive',
        },
      ],
    }),
    result({
      id: 'PAGOPA-HSTS-01',
      target: 'acme-staging',
      site: 'primary',
      verdict: 'warn',
      reason: 'No Strict-Transport-Security header.',
    }),
    result({
      id: 'PAGOPA-DR-01',
      target: 'acme-staging',
      site: 'all',
      verdict: 'manual',
      reason: 'Needs a person to confirm the DR site.',
    }),
    result({
      id: 'PDND-DPOP-01',
      target: 'acme-staging',
      site: 'platform',
      verdict: 'not-applicable',
      reason: 'The profile has no PDND block.',
    }),
    result({
      id: 'PDND-CERT-01',
      target: `evil${HOSTILE.attribute}`,
      site: 'material',
      verdict: 'pass',
      reason: 'RSA 3072.',
    }),
    result({
      id: 'PAGOPA-TLS-01',
      target: `evil${HOSTILE.attribute}`,
      site: 'primary',
      verdict: 'pass',
      reason: 'ok',
    }),
  ];
  return {
    schemaVersion: 1,
    harness: { name: 'attesta', version: '0.1.0' },
    run: {
      startedAt: '2026-11-23T13:43:01.000Z',
      finishedAt: '2026-11-23T13:43:04.500Z',
      complete: true,
      exitCode: 1,
      targets: ['acme-staging', `evil${HOSTILE.attribute}`],
      suites: DEFINITIONS.map((d) => ({ id: d.id, title: d.title, source: d.source })),
      reference: false,
    },
    results,
    summary: summarize(results.map((r) => r.verdict)),
  };
}

/** A token as a peer could send it: a private JWK member planted in its header, hostile text in its claims. */
export const TOKEN = {
  header: {
    alg: 'RS256',
    typ: 'JWT',
    jwk: { kty: 'RSA', n: 'pub-modulus', e: 'AQAB', d: 'PRIVATE-D-0123456789' },
  },
  claims: { iss: 'https://issuer.example', sub: HOSTILE.script, aud: 'https://api.example', jti: 'jti-42' },
  signature: 'SIGNATUREPART0123456789abcdef',
};

/** The token in compact form, signature included (the redactor cuts it as the report is assembled). */
export function compactToken(): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part(TOKEN.header)}.${part(TOKEN.claims)}.${TOKEN.signature}`;
}

/**
 * buildReport with what an auditor's run records besides: provenance, a waiver applied to the
 * FAIL (and one expired, one stale), drift since a baseline, a suite with two source files, and a
 * token in evidence.
 */
export function buildAuditedReport(): RunReport {
  const report = buildReport();
  const waiver = {
    target: 'acme-staging',
    requirement: 'PAGOPA-TLS-01',
    site: 'secondary',
    justification: 'TLS 1.1 stays on the secondary until the load balancer is replaced',
    owner: 'Jane Ops',
    ticket: 'OPS-1234',
    expires: '2026-12-31',
  };
  const fail = report.results.find((r) => r.verdict === 'fail')!;
  fail.waiver = waiver;
  report.results[0]!.evidence.push({
    label: 'Voucher presented',
    outcome: `Bearer ${compactToken()}`,
    finding: 'info',
    details: { headers: { authorization: `DPoP ${compactToken()}` } },
  });
  report.run.suites.push({
    id: 'pdnd-interop-v3',
    title: 'PDND Interoperabilità API v3',
    source: 'specs/pdnd-api-core-v2-v3.md and data/pdnd-openapi/m2mGatewayApiV3.yml',
  });
  report.run.provenance = {
    harness: { version: '0.1.0', commit: '9f3c2e1d9f3c2e1d9f3c2e1d9f3c2e1d9f3c2e1d' },
    node: 'v20.20.2',
    openssl: '3.0.17',
    host: 'qa-runner-7',
    user: 'qa-bot',
    ci: { provider: 'GitLab CI', jobUrl: 'https://gitlab.example/acme/attesta/-/jobs/991' },
    targets: [
      {
        name: 'acme-staging',
        profile: 'acme-staging.yaml',
        sha256: 'a'.repeat(64),
        description: 'ACME staging, primary and DR sites',
        urls: ['https://pagopa.acme-staging.example/api', 'https://dr.acme-staging.example/api'],
        addresses: ['192.0.2.10:443'],
      },
      {
        name: `evil${HOSTILE.attribute}`,
        profile: 'evil.yaml',
        sha256: 'b'.repeat(64),
        urls: [`https://evil.example/${HOSTILE.script}`],
        addresses: [],
      },
    ],
  };
  report.run.waivers = {
    applied: [waiver],
    expired: [
      {
        ...waiver,
        requirement: 'PAGOPA-HSTS-01',
        site: 'primary',
        ticket: 'OPS-1000',
        expires: '2026-01-31',
      },
    ],
    stale: [{ ...waiver, requirement: 'PAGOPA-MTLS-01', ticket: 'OPS-0999' }],
  };
  const key = { target: 'acme-staging', suite: 'pagopa-connectivity', site: 'primary' };
  report.run.drift = {
    baseline: { startedAt: '2026-11-22T02:00:00.000Z' },
    newFails: [{ ...key, id: 'PAGOPA-TLS-01', site: 'secondary', before: 'pass', after: 'fail' }],
    fixed: [{ ...key, id: 'PAGOPA-CERT-01', before: 'fail', after: 'pass' }],
    changed: [{ ...key, id: 'PAGOPA-HSTS-01', before: 'pass', after: 'warn' }],
    appeared: [{ ...key, id: 'PAGOPA-DR-01', site: 'all', after: 'manual' }],
    disappeared: [{ ...key, id: 'PAGOPA-OLD-01', before: 'pass' }],
  };
  return report;
}

/** An assembly whose spill is in a fresh temporary folder (left to the system's temp cleaning). */
export function testAssembly(redactor: Redactor = plantedRedactor()): ReportAssembly {
  return new ReportAssembly(redactor, mkdtempSync(path.join(tmpdir(), 'attesta-assembly-')));
}

export function plantedRedactor(): Redactor {
  const redactor = new Redactor();
  for (const s of SECRETS) redactor.add(s);
  return redactor;
}

/** Writes the hand-made report as a run does (redacted as it is assembled, then written); returns the folder. */
export async function writeFixture(report: RunReport = buildReport()): Promise<string> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'attesta-report-test-'));
  const redactor = plantedRedactor();
  const assembly = new ReportAssembly(redactor, outDir);
  for (const r of report.results) assembly.add(r);
  try {
    await writeReports(assembly.finish(report), outDir, redactor);
  } finally {
    assembly.dispose();
  }
  return outDir;
}

/** Every file under `dir`, relative path to text. */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const e of entries.filter((x) => x.isFile())) {
    const full = path.join(e.parentPath, e.name);
    files.set(path.relative(dir, full), await readFile(full, 'utf8'));
  }
  return files;
}

/** A run of the reference's suites: the files it wrote, its progress lines, and its verdict per id and site. */
export async function runCollecting(ref: RunningReference): Promise<{
  files: Map<string, string>;
  lines: string[];
  verdicts: Map<string, string>;
}> {
  const lines: string[] = [];
  const { outDir, report } = await ref.run({ log: (line) => lines.push(line) });
  const verdicts = new Map(report.results.map((r) => [`${r.id} ${r.site}`, r.verdict]));
  return { files: await readTree(outDir), lines, verdicts };
}
