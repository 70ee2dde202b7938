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
article.result { margin: .75rem 0; padding: .75rem 1rem; border: 1px solid var(--line); border-left-width: 6px; border-radius: 4px; }
article.r-pass { border-left-color: #2e7d32; }
article.r-fail { border-left-color: #b3261e; border-left-style: double; border-left-width: 8px; }
article.r-warn { border-left-color: #a06b00; }
article.r-inconclusive { border-left-color: #5e43b0; }
article.r-not-applicable { border-left-color: #8a8a8a; }
article.r-manual { border-left-color: #3a6ea5; }
.statement { margin: .4rem 0; font-style: italic; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .9rem; margin: .4rem 0; font-size: .9rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.reason { margin: .5rem 0; padding: .4rem .6rem; background: var(--soft); border-radius: 4px; }
ol.evidence { margin: .3rem 0 0; padding-left: 1.4rem; }
ol.evidence > li { margin: .4rem 0; }
.ev-head { display: flex; flex-wrap: wrap; gap: .4rem; align-items: baseline; }
dl.kv { display: grid; grid-template-columns: minmax(6rem, max-content) 1fr; gap: .1rem .8rem; margin: .25rem 0 0; font-size: .88rem; }
dl.kv dt { font-family: ui-monospace, "DejaVu Sans Mono", monospace; color: var(--muted); }
dl.kv dd { margin: 0; }
footer { margin-top: 2rem; font-size: .85rem; color: var(--muted); border-top: 1px solid var(--line); padding-top: .5rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  pre { max-height: none; overflow: visible; }
  h2, h3, h4 { break-after: avoid; }
  ol.evidence > li, tr, .reason, dl.facts { break-inside: avoid; }
}
`;
