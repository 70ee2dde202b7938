import type { Drift, VerdictChange } from '../audit/drift.js';
import type { Provenance } from '../audit/provenance.js';
import type { Waiver, WaiverReview } from '../audit/waivers.js';
import { VERDICTS, type Verdict } from '../core/verdict.js';
import { exitMeaning, sourceLine, VERDICT_LABEL } from './describe.js';
import { escapeMarkup as h } from './escape.js';
import { badge, when } from './html-parts.js';
import type { FinishedReport, StoredHead } from './model.js';

/** A result's head and the id of its article, which the first page links to. */
export type Row = StoredHead & { anchor: string };

/** The verdicts the first page states in full, in the order a reader acts on them. */
const STATED: Verdict[] = ['fail', 'inconclusive', 'warn', 'manual'];

/**
 * The first page, the one an auditor signs: result, counts, scope, provenance, where the integrity
 * manifest is and the sign-off block, then every result to act on with its statement, waivers and
 * drift. The sign-off comes before the list so that it stays on the first page however long the
 * list runs; it signs for what follows. Sections whose data the run did not record (no
 * --waivers, no --baseline) are left out.
 */
export function* cover(report: FinishedReport, rows: readonly Row[]): Generator<string> {
  const { run } = report;
  yield `<section id="cover" class="cover">
<h1>Attesta compliance report</h1>
<p class="outcome x${run.exitCode}"><strong>Result: ${h(exitMeaning(run.exitCode))}</strong> &mdash; exit status ${run.exitCode}; ${run.complete ? 'the run is complete (every requirement was decided)' : '<strong>the run was INTERRUPTED: some requirements were not decided</strong>'}.</p>
<ul class="counts">${VERDICTS.map((v) => `<li>${badge(v)} <strong>${report.summary[v]}</strong></li>`).join('')}</ul>
${scope(report)}
${provenance(report)}
${integrity()}
${signOff()}
`;
  yield* findings(report, rows);
  if (run.waivers) yield `\n${waivers(run.waivers)}`;
  if (run.drift) yield `\n${drift(run.drift)}`;
  yield '\n</section>';
}

function scope(report: FinishedReport): string {
  const { run } = report;
  const p = run.provenance;
  const targets = p?.targets.length
    ? p.targets
        .map(
          (t) =>
            `<tr><th scope="row">${h(t.name)}</th><td class="profile"><span class="mono">${h(t.profile)}</span><div class="mono hash">SHA-256 ${h(t.sha256)}</div></td><td>${h(t.description ?? '')}${endpoints(t)}</td></tr>`,
        )
        .join('')
    : run.targets
        .map(
          (t) =>
            `<tr><th scope="row">${h(t)}</th><td colspan="2" class="muted">profile not recorded</td></tr>`,
        )
        .join('');
  const suites = run.suites
    .map(
      (s) =>
        `<li>${h(s.title)} <span class="mono">(${h(s.id)})</span> &mdash; ${h(sourceLine({ source: s.source }))}</li>`,
    )
    .join('');
  const reference = run.reference
    ? `<p>The target is the embedded reference target, not a user profile${faultsLine(p)}.</p>`
    : '';
  return `<h2>Scope</h2>
<table class="scope"><thead><tr><th>Target</th><th>Profile file</th><th>Description and endpoints probed</th></tr></thead>
<tbody>${targets || '<tr><td colspan="3">No target.</td></tr>'}</tbody></table>
${reference}<p><strong>Suites</strong> (source paths relative to the shared catalogue, <span class="mono">../shared</span> beside the repository):</p>
<ul class="plain">${suites || '<li>none</li>'}</ul>
<p>Run from ${h(when(run.startedAt))} to ${h(when(run.finishedAt))} (${duration(run.startedAt, run.finishedAt)}).</p>`;
}

/** The URLs a target's profile points the checks at, and the addresses it connects to instead. */
function endpoints(t: Provenance['targets'][number]): string {
  const urls = t.urls.length ? `<div class="mono small">${h(t.urls.join(', '))}</div>` : '';
  const addresses = t.addresses.length
    ? `<div class="small">connecting to <span class="mono">${h(t.addresses.join(', '))}</span></div>`
    : '';
  return urls + addresses;
}

/** The reference's faults as recorded; without provenance the run did not record them. */
function faultsLine(p: Provenance | undefined): string {
  if (!p) return '';
  if (!p.faults?.length) return ', with no fault switched on';
  return `, with the faults <span class="mono">${h(p.faults.join(', '))}</span> switched on`;
}

function duration(from: string, to: string): string {
  const seconds = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isFinite(seconds) ? `${seconds.toFixed(1)} s` : '? s';
}

/** Every FAIL, INCONCLUSIVE, WARN and MANUAL result with its statement, read one at a time. */
function* findings(report: FinishedReport, rows: readonly Row[]): Generator<string> {
  yield `<h2>Results to act on</h2>\n`;
  const wanted = STATED.flatMap((v) => rows.filter((r) => r.verdict === v));
  if (!wanted.length) {
    yield '<p>No FAIL, INCONCLUSIVE, WARN or MANUAL result.</p>';
    return;
  }
  yield '<ul class="plain findings">';
  let i = 0;
  for (const r of report.read(wanted)) {
    const { anchor } = wanted[i++]!;
    const waived = r.waiver
      ? ` <strong>WAIVED</strong> until ${h(r.waiver.expires)} (${h(r.waiver.owner)}, ${h(r.waiver.ticket)})`
      : '';
    yield `\n<li>${badge(r.verdict)} <a href="#${anchor}" class="mono">${h(r.id)}</a> <span class="level">${h(r.level)}</span> <span class="site">${h(r.target)} / ${h(r.site)}</span>${waived}<div class="statement">${h(r.statement)}</div><div><span class="muted">Reason:</span> ${h(r.reason)}</div></li>`;
  }
  yield '\n</ul>';
}

function waiverLine(kind: string, w: Waiver): string {
  return `<li><span class="tag">${kind}</span> <span class="mono">${h(w.requirement)}</span> <span class="site">${h(w.target)}${w.site ? ` / ${h(w.site)}` : ''}</span> &mdash; ${h(w.justification)} <span class="muted">(owner ${h(w.owner)}, ticket ${h(w.ticket)}, expires ${h(w.expires)})</span></li>`;
}

/** One line per waiver: applied (the FAIL stays reported, marked waived), expired (no effect), stale. */
function waivers(review: WaiverReview): string {
  const lines = [
    ...review.applied.map((w) => waiverLine('APPLIED', w)),
    ...review.expired.map((w) => waiverLine('EXPIRED', w)),
    ...review.stale.map((w) => waiverLine('STALE', w)),
  ];
  return `<h2>Waivers</h2>
<p class="muted">Applied: ${review.applied.length} (each FAIL stays reported, marked waived) &middot; expired: ${review.expired.length} (no effect, the FAIL counts) &middot; stale: ${review.stale.length} (in force but matching no FAIL)</p>
${lines.length ? `<ul class="plain compact">${lines.join('')}</ul>` : ''}`;
}

function changeLine(kind: string, c: VerdictChange): string {
  const verdict = (v?: Verdict) => (v ? VERDICT_LABEL[v] : 'absent');
  return `<li><span class="tag">${kind}</span> <span class="mono">${h(c.id)}</span> <span class="site">${h(c.target)} / ${h(c.site)}</span> ${verdict(c.before)} &rarr; ${verdict(c.after)}</li>`;
}

function drift(d: Drift): string {
  const parts: [string, VerdictChange[]][] = [
    ['NEW FAIL', d.newFails],
    ['FIXED', d.fixed],
    ['CHANGED', d.changed],
    ['APPEARED', d.appeared],
    ['DISAPPEARED', d.disappeared],
  ];
  const lines = parts.flatMap(([kind, list]) => list.map((c) => changeLine(kind, c)));
  return `<h2>Drift since the baseline run of ${h(when(d.baseline.startedAt))}</h2>
<p class="muted">New FAILs: ${d.newFails.length} &middot; fixed: ${d.fixed.length} &middot; changed: ${d.changed.length} &middot; appeared: ${d.appeared.length} &middot; disappeared: ${d.disappeared.length}</p>
${lines.length ? `<ul class="plain compact">${lines.join('')}</ul>` : ''}`;
}

function provenance(report: FinishedReport): string {
  const p: Provenance | undefined = report.run.provenance;
  const harness = `${h(report.harness.name)} ${h(report.harness.version)}${p?.harness.commit ? `, git commit <span class="mono">${h(p.harness.commit)}</span>` : ''}`;
  const more = p
    ? `<dt>Node.js</dt><dd>${h(p.node)}</dd><dt>OpenSSL</dt><dd>${h(p.openssl)}</dd><dt>Host</dt><dd>${h(p.host)}</dd><dt>User</dt><dd>${h(p.user)}</dd><dt>CI job</dt><dd>${p.ci ? `${h(p.ci.provider)}${p.ci.jobUrl ? ` <span class="mono">${h(p.ci.jobUrl)}</span>` : ''}` : 'not run in CI'}</dd>`
    : '';
  return `<h2>Provenance</h2>\n<dl class="meta"><dt>Harness</dt><dd>${harness}</dd>${more}</dl>`;
}

/** The manifest is written after this page, so this page cannot hold its own digest: it says where it is. */
function integrity(): string {
  return `<h2>Integrity</h2>
<p><span class="mono">manifest.json</span> beside this file lists the SHA-256 of every file of the report folder, this page included (and <span class="mono">manifest.jws</span> signs it when the run was given a key). Check the folder with <span class="mono">attesta verify DIR</span> before signing; record the manifest's SHA-256 here: <span class="line-blank"></span></p>`;
}

function signOff(): string {
  const row = (role: string) => `<tr><th scope="row">${role}</th><td></td><td></td><td></td></tr>`;
  return `<h2>Sign-off</h2>
<p class="muted">For this report as a whole: the results to act on below, and every requirement and result on the following pages.</p>
<table class="sign-off"><thead><tr><th>Role</th><th>Name</th><th>Date</th><th>Signature</th></tr></thead>
<tbody>${row('Reviewed by (auditor)')}${row('Accepted by (owner)')}</tbody></table>`;
}
