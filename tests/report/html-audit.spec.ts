import { expect, test } from '@playwright/test';
import { escapeMarkup } from '../../src/report/escape.js';
import { HTML_STYLE } from '../../src/report/html-style.js';
import { tokensIn } from '../../src/report/jwt-view.js';
import { buildAuditedReport, buildReport, compactToken, readTree, TOKEN, writeFixture } from './fixture.js';

async function html(report = buildAuditedReport()): Promise<string> {
  return (await readTree(await writeFixture(report))).get('compliance-report.html')!;
}

/** The first page: what is between the start of the cover section and its end. */
function cover(page: string): string {
  const start = page.indexOf('<section id="cover"');
  expect(start).toBeGreaterThan(0);
  return page.slice(start, page.indexOf('</section>', start));
}

test.describe('the HTML first page, the one an auditor signs', () => {
  test('states scope, result, counts, every result to act on, provenance, waivers, drift, the manifest and a sign-off block', async () => {
    const page = cover(await html());
    // Result and counts.
    expect(page).toContain('Result: NOT compliant (at least one FAIL)');
    expect(page).toContain('exit status 1; the run is complete');
    for (const label of ['PASS', 'FAIL', 'WARN', 'INCONCLUSIVE', 'NOT APPLICABLE', 'MANUAL'])
      expect(page).toContain(`>${label}</span>`);
    // Scope: profiles with their digests and descriptions, suites with their sources (one pointer per file).
    expect(page).toContain('acme-staging.yaml');
    expect(page).toContain('a'.repeat(64));
    expect(page).toContain('ACME staging, primary and DR sites');
    expect(page).toContain('https://pagopa.acme-staging.example/api, https://dr.acme-staging.example/api');
    expect(page).toContain('connecting to <span class="mono">192.0.2.10:443</span>');
    expect(page).toContain(escapeMarkup(`https://evil.example/${'<script>alert("xss")</script>'}`));
    expect(page).toContain(escapeMarkup(`evil${'"><img src=x onerror=alert(1)>'}`));
    expect(page).toContain('specs/pdnd-api-core-v2-v3.md; data/pdnd-openapi/m2mGatewayApiV3.yml');
    // The statement, not only the id, of each FAIL, INCONCLUSIVE, WARN and MANUAL result, with
    // target/site and reason; then the provenance.
    const stated = [
      'The endpoint accepts only TLS 1.2 or higher.',
      'The endpoint requires mutual TLS.',
      'The endpoint sends Strict-Transport-Security.',
      'A secondary site exists for disaster recovery.',
      'acme-staging / secondary',
      'No Strict-Transport-Security header.',
    ];
    const provenance = [
      'git commit <span class="mono">9f3c2e1d9f3c2e1d9f3c2e1d9f3c2e1d9f3c2e1d',
      'v20.20.2',
      '3.0.17',
      'qa-runner-7',
      'qa-bot',
      'https://gitlab.example/acme/attesta/-/jobs/991',
    ];
    for (const text of [...stated, ...provenance]) expect(page).toContain(text);
    expect(page).not.toContain('The client key is RSA 2048 or stronger.'); // a PASS is not listed there
    // The waived FAIL is marked, with its owner, ticket and expiry.
    expect(page).toContain('<strong>WAIVED</strong> until 2026-12-31 (Jane Ops, OPS-1234)');
    // Waivers: applied, expired, stale.
    expect(page).toContain('Applied: 1 (each FAIL stays reported, marked waived) &middot; expired: 1');
    expect(page).toMatch(
      /APPLIED<\/span> <span class="mono">PAGOPA-TLS-01<\/span>[^\n]*TLS 1\.1 stays on the secondary/,
    );
    expect(page).toMatch(/EXPIRED<\/span> <span class="mono">PAGOPA-HSTS-01<\/span>[^\n]*OPS-1000/);
    expect(page).toMatch(/STALE<\/span> <span class="mono">PAGOPA-MTLS-01<\/span>[^\n]*OPS-0999/);
    // Drift.
    expect(page).toContain('Drift since the baseline run of 2026-11-22 02:00:00 UTC');
    expect(page).toContain(
      'New FAILs: 1 &middot; fixed: 1 &middot; changed: 1 &middot; appeared: 1 &middot; disappeared: 1',
    );
    for (const [kind, id, change] of [
      ['NEW FAIL', 'PAGOPA-TLS-01', 'PASS &rarr; FAIL'],
      ['FIXED', 'PAGOPA-CERT-01', 'FAIL &rarr; PASS'],
      ['CHANGED', 'PAGOPA-HSTS-01', 'PASS &rarr; WARN'],
      ['APPEARED', 'PAGOPA-DR-01', 'absent &rarr; MANUAL'],
      ['DISAPPEARED', 'PAGOPA-OLD-01', 'PASS &rarr; absent'],
    ])
      expect(page).toMatch(
        new RegExp(
          `${kind}</span> <span class="mono">${id}</span> <span class="site">[^<]*</span> ${change}`,
        ),
      );
    // Where the manifest is (it is written after this page), and the sign-off block.
    expect(page).toContain('<span class="mono">manifest.json</span> beside this file');
    expect(page).toContain('attesta verify DIR');
    expect(page).toMatch(
      /<h2>Sign-off<\/h2>\n<p class="muted">For this report as a whole[^<]*<\/p>\n<table class="sign-off"><thead><tr><th>Role<\/th><th>Name<\/th><th>Date<\/th><th>Signature<\/th>/,
    );
  });

  test('leaves out what the run did not record: no waivers, no drift, no provenance beyond the harness', async () => {
    const plain = buildReport();
    plain.run.reference = true;
    const page = cover(await html(plain));
    // Without provenance the faults were not recorded: the page does not claim there were none.
    expect(page).toContain('The target is the embedded reference target, not a user profile.');
    expect(page).not.toContain('<h2>Waivers</h2>');
    expect(page).not.toContain('Drift since');
    expect(page).not.toContain('<dt>Host</dt>');
    expect(page).toContain('attesta 0.1.0');
    expect(page).toContain('profile not recorded');
    expect(page).toContain('<h2>Sign-off</h2>');
  });

  test('a run of the reference target with faults says so', async () => {
    const report = buildAuditedReport();
    report.run.reference = true;
    report.run.provenance!.faults = ['pagopa.tls11', 'pagopa.no-san'];
    expect(cover(await html(report))).toContain(
      'with the faults <span class="mono">pagopa.tls11, pagopa.no-san</span> switched on',
    );
  });
});

test.describe('the HTML requirements and evidence', () => {
  test('each requirement shows its statement, verify text and source pointer', async () => {
    const page = await html();
    const body = page.slice(page.indexOf('class="target"'));
    expect(body).toContain('<span class="statement">The endpoint requires mutual TLS.</span>');
    expect(body).toContain('<span class="muted">Verify:</span> No client certificate is refused.');
    expect(body).toContain(
      'specs/pagopa-connectivity.md, section &quot;Connection to pagoPA via the internet&quot;',
    );
    // A requirement with no section points at its suite's file.
    expect(body).toMatch(
      /No client certificate is refused\. <span class="muted">&middot; Source:<\/span> specs\/pagopa-connectivity\.md</,
    );
    expect(body).toContain(
      '<p class="waived"><strong>WAIVED</strong> until 2026-12-31 by Jane Ops (ticket OPS-1234)',
    );
  });

  test('evidence is folded on screen with a summary line, and print shows the summary only, one line per result', async () => {
    const page = await html();
    expect(page).toContain(
      '<details class="evidence"><summary>Evidence: 3 items (1 PASS, 2 INFO), 1 token decoded</summary><ol class="evidence">',
    );
    expect(page).toContain('<p class="ev-none muted">No evidence recorded.</p>');
    const print = HTML_STYLE.slice(HTML_STYLE.indexOf('@media print'));
    expect(print).toContain('.cover { break-after: page; }');
    expect(print).toContain('details.evidence > ol.evidence { display: none; }');
    expect(print).toMatch(/\.line \.reason \{[^}]*white-space: nowrap;[^}]*text-overflow: ellipsis;/);
  });

  test('a token in evidence shows its header and claims decoded and escaped, never its signature or a private key member', async () => {
    const page = await html();
    expect(page).toContain('<dt>JWT header</dt>');
    expect(page).toContain('&quot;iss&quot;: &quot;https://issuer.example&quot;');
    expect(page).toContain(escapeMarkup(JSON.stringify(TOKEN.claims.sub)));
    expect(page).toContain('&quot;d&quot;: &quot;[private key member not shown]&quot;');
    expect(page).not.toContain(TOKEN.header.jwk.d);
    expect(page).not.toContain(TOKEN.signature);
    expect(page).toContain('[signature cut]');
  });

  test('decoding keeps header and claims only, even of a token whose signature was not cut', () => {
    const tokens = tokensIn(`x ${compactToken()} y ${compactToken()}`);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.claims).toEqual(TOKEN.claims);
    expect(tokens[0]!.header.jwk).toEqual({ ...TOKEN.header.jwk, d: '[private key member not shown]' });
    expect(JSON.stringify(tokens)).not.toContain(TOKEN.signature);
    // Not a JOSE header, not a token: dotted names and version numbers stay text.
    expect(tokensIn('see data.pdnd-openapi.yml and v1.2.3')).toEqual([]);
  });
});
