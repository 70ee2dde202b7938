/**
 * The report's only stylesheet, inlined: no font, image or file is fetched. Verdicts are told by
 * words as well as colour, with dark text on light backgrounds, so a black-and-white print reads.
 */
export const HTML_STYLE = `
:root { --ink: #1b1f24; --muted: #555d66; --line: #c9ced4; --soft: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; color: var(--ink); background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
h1 { font-size: 1.7rem; margin: 0 0 .75rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
h4 { font-size: 1rem; margin: 0; display: flex; flex-wrap: wrap; gap: .5rem; align-items: baseline; }
a { color: #0b4f9c; }
code, pre, .mono { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: .86em; }
pre { margin: .25rem 0; padding: .5rem .6rem; background: var(--soft); border: 1px solid var(--line); border-radius: 4px;
  white-space: pre-wrap; overflow-wrap: anywhere; max-height: 28rem; overflow: auto; }
p, dd, li, td { overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.outcome { margin: 0 0 1rem; padding: .75rem 1rem; border: 2px solid; border-radius: 6px; font-size: 1.05rem; }
.outcome.x0 { background: #e3f4e6; border-color: #2e7d32; }
.outcome.x1 { background: #fde2e1; border-color: #b3261e; }
.outcome.x2, .outcome.x3 { background: #fff1cc; border-color: #a06b00; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
ul.plain { margin: 0; padding-left: 1.1rem; }
.badge { display: inline-block; min-width: 5.5em; padding: .05rem .45rem; border: 1px solid; border-radius: 3px;
  font-size: .78rem; font-weight: 700; letter-spacing: .03em; text-align: center; white-space: nowrap; }
.v-pass { background: #e3f4e6; color: #145a26; border-color: #2e7d32; }
.v-fail { background: #fde2e1; color: #8a1c15; border: 2px solid #b3261e; }
.v-warn { background: #fff1cc; color: #6b4e00; border-color: #a06b00; border-style: dashed; }
.v-inconclusive { background: #ece7fb; color: #43307a; border-color: #5e43b0; border-style: dashed; }
.v-not-applicable { background: #eeeeee; color: #3d3d3d; border-color: #8a8a8a; border-style: dotted; }
.v-manual { background: #e1eefb; color: #1c4a7a; border-color: #3a6ea5; border-style: dotted; }
.v-info { background: #f4f6f8; color: #3d3d3d; border-color: #8a8a8a; }
ul.counts { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; padding: 0; margin: 0 0 1rem; }
ul.counts li { display: flex; gap: .4rem; align-items: center; }
ul.counts strong { font-size: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--soft); }
table.matrix .fit { width: 1%; white-space: nowrap; }
td.cell { white-space: normal; }
td.cell a { display: inline-flex; white-space: nowrap; gap: .3rem; align-items: center; margin: .1rem .4rem .1rem 0; text-decoration: none; color: inherit; }
.site { font-size: .8rem; color: var(--muted); }
.level { font-size: .75rem; font-weight: 700; padding: 0 .35rem; border: 1px solid var(--ink); border-radius: 3px; }
article.result { margin: .3rem 0 .3rem .5rem; padding: .3rem .6rem; border: 1px solid var(--line); border-left-width: 6px; border-radius: 4px; }
article.r-pass { border-left-color: #2e7d32; }
article.r-fail { border-left-color: #b3261e; border-left-style: double; border-left-width: 8px; }
article.r-warn { border-left-color: #a06b00; }
article.r-inconclusive { border-left-color: #5e43b0; }
article.r-not-applicable { border-left-color: #8a8a8a; }
article.r-manual { border-left-color: #3a6ea5; }
.line { display: flex; flex-wrap: wrap; gap: .2rem .6rem; align-items: baseline; }
.line .reason { flex: 1 1 20rem; }
.statement { font-style: italic; }
.req { margin: .8rem 0; }
.req h4 { font-weight: 600; }
.req h4 .statement { font-weight: 400; }
.req-facts { margin: .15rem 0 .25rem; font-size: .88rem; }
.waived { margin: .3rem 0; padding: .2rem .5rem; border: 1px dashed #8a1c15; border-radius: 4px; font-size: .9rem; }
details.evidence > summary { cursor: pointer; color: var(--muted); font-size: .85rem; }
ol.evidence { margin: .3rem 0 0; padding-left: 1.4rem; }
ol.evidence > li { margin: .4rem 0; }
.ev-head { display: flex; flex-wrap: wrap; gap: .4rem; align-items: baseline; }
dl.kv { display: grid; grid-template-columns: minmax(6rem, max-content) 1fr; gap: .1rem .8rem; margin: .25rem 0 0; font-size: .88rem; }
dl.kv dt { font-family: ui-monospace, "DejaVu Sans Mono", monospace; color: var(--muted); }
dl.kv dd { margin: 0; }
ul.findings > li { margin: .35rem 0; }
.tag { font-size: .72rem; font-weight: 700; letter-spacing: .03em; }
ul.compact { font-size: .9rem; }
table.scope .small { font-size: .75rem; }
table.scope td.profile { width: 14rem; }
table.scope .hash { font-size: .72rem; word-break: break-all; }
table.sign-off td { height: 2.6rem; width: 25%; }
.line-blank { display: inline-block; min-width: 22rem; border-bottom: 1px solid var(--ink); }
footer { margin-top: 2rem; font-size: .85rem; color: var(--muted); border-top: 1px solid var(--line); padding-top: .5rem; }
@media print {
  @page { size: A4; margin: 11mm 12mm; }
  html { font-size: 8.5pt; }
  body { max-width: none; padding: 0; font-size: 1rem; line-height: 1.25; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  pre { max-height: none; overflow: visible; }
  h1 { font-size: 16pt; margin-bottom: .4rem; }
  h2 { font-size: 11pt; margin: .6rem 0 .25rem; }
  h3 { font-size: 10pt; margin: .6rem 0 .2rem; }
  h2, h3, h4 { break-after: avoid; }
  .outcome { padding: .35rem .6rem; margin-bottom: .5rem; }
  ul.counts { margin-bottom: .4rem; }
  th, td { padding: .15rem .35rem; }
  .cover { break-after: page; }
  .cover p { margin: .3rem 0; }
  .cover dl.meta { grid-template-columns: max-content 1fr max-content 1fr; }
  /* One line per result: the evidence folds into its summary, a long reason is cut (the first page states the ones to act on). */
  .req { margin: .35rem 0; break-inside: avoid; }
  .req-facts { margin: 0 0 .1rem; font-size: .92rem; }
  .site, .dur { white-space: nowrap; }
  article.result { margin: 0 0 0 .4rem; padding: 0 .4rem; border-width: 0 0 0 4px; border-radius: 0; display: flex; gap: .6rem; align-items: baseline; }
  article.result .line { flex: 1 1 auto; min-width: 0; flex-wrap: nowrap; }
  article.result .line .reason { flex: 1 1 auto; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .badge { flex: none; min-width: 0; padding: 0 .25rem; font-size: .75rem; }
  .req h4 { display: block; font-size: 1rem; }
  details.evidence { flex: none; }
  details.evidence > summary { list-style: none; font-size: .88rem; }
  details.evidence > summary::-webkit-details-marker { display: none; }
  details.evidence > ol.evidence { display: none; }
  .ev-none { margin: 0; font-size: 7.5pt; flex: none; }
  .waived { flex: none; margin: 0; padding: 0 .3rem; font-size: .88rem; }
  ol.evidence > li, tr, ul.findings > li { break-inside: avoid; }
  ul.findings > li { margin: .2rem 0; }
  table.sign-off td { height: 1.6rem; }
  footer { margin-top: .8rem; }
}
`;
