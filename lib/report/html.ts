/** Small HTML helpers for the report: escaping and a table builder. The report has no dependencies. */

/** Text as HTML: safe in element content and in quoted attribute values of either quote. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A link showing its own address. */
export function link(href: string): string {
  // Only http(s) URLs become links: anything else (javascript:, data:, a relative path) is shown as text.
  return /^https?:\/\//i.test(href) ? `<a href="${esc(href)}">${esc(href)}</a>` : esc(href);
}

/** A table; cells are HTML (escape text with {@link esc}); `num` marks right-aligned columns. */
export function htmlTable(id: string, head: readonly string[], rows: ReadonlyArray<readonly string[]>, num: readonly number[] = []): string {
  const th = head.map((h, i) => `<th${num.includes(i) ? ' class="n"' : ''}>${esc(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c, i) => `<td${num.includes(i) ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table id="${esc(id)}"><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

/** A definition list of label → HTML value. */
export function fields(rows: ReadonlyArray<readonly [string, string]>): string {
  return `<dl class="fields">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

/** A deterministic colour for a name (hue from a string hash), readable on white and in print. */
export function colourOf(name: string, i: number): string {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  const hue = (i * 137.508 + (h % 17)) % 360;
  return `hsl(${hue.toFixed(1)} 55% 55%)`;
}

export const CSS = `
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #fff; --soft: #f6f8fa; --bad: #b42318; --ok: #1a7f37; --warn: #9a6700; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: var(--bg); margin: 0; }
header, main { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; border-bottom: 1px solid var(--line); }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
nav { margin: 8px 0 12px; } nav a { margin-right: 14px; color: #0969da; text-decoration: none; }
.muted { color: var(--muted); } code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
pre { background: var(--soft); border: 1px solid var(--line); padding: 10px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
table { border-collapse: collapse; margin: 8px 0 12px; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
#hubs-table td:nth-child(6) { min-width: 260px; } #hubs-table td:nth-child(2) { word-break: break-all; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { border-left: 4px solid var(--warn); background: var(--soft); padding: 8px 12px; margin: 8px 0; }
.verdict.fits { border-color: var(--ok); } .verdict.does-not-fit { border-color: var(--bad); }
.neg { color: var(--bad); font-weight: 600; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
dl.fields dt { font-weight: 600; } dl.fields dd { margin: 0; word-break: break-all; }
.chart { margin: 8px 0 16px; } .chart svg { max-width: 100%; height: auto; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; } .legend span i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: -1px; }
.sheet { border: 1px solid var(--line); padding: 4px 16px 12px; margin: 12px 0; }
@media print {
  nav { display: none; } header, main { max-width: none; padding: 0; }
  body { font-size: 11px; } h2 { break-after: avoid; } table, .chart, dl.fields { break-inside: avoid; }
  .sheet { break-before: page; border: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;
