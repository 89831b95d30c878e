/**
 * The report's term timeline: every course of the catalogue (hubs whose inventory entry has a
 * lifecycle) on one time axis, by term: open from `opens` to `closes`, closed until `archiveAfter`,
 * its homes archived from then on; a line marks the day the catalogue is at. And the table with
 * each course's phase and dates (lib/catalogue/lifecycle.ts).
 */
import { Inventory } from '../model/inventory';
import { esc, htmlTable } from './html';

const W = 1000;
const LABEL = 200;
const ROW = 18;
const DAY = 86_400_000;
const t = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** Colours of the stretches of a course's term. */
export const TERM_COLOURS = { open: '#1a7f37', closed: '#9a6700', archived: '#8c959f' } as const;

type Course = Inventory['hubs'][number] & { readonly lifecycle: NonNullable<Inventory['hubs'][number]['lifecycle']> };

/** The timeline as SVG (empty when no hub has a term). */
export function termTimelineSvg(inv: Inventory): string {
  const courses = inv.hubs.filter((h): h is Course => h.lifecycle !== undefined).sort((a, b) => (a.lifecycle.term < b.lifecycle.term ? -1 : a.lifecycle.term > b.lifecycle.term ? 1 : a.name < b.name ? -1 : 1));
  if (courses.length === 0) return '';
  const min = Math.min(...courses.map((c) => t(c.lifecycle.opens))) - 14 * DAY;
  const max = Math.max(...courses.map((c) => t(c.lifecycle.archiveAfter))) + 30 * DAY;
  const x = (ms: number) => LABEL + ((Math.min(Math.max(ms, min), max) - min) / (max - min)) * (W - LABEL - 10);
  const rows: string[] = [];
  let y = 24;
  let term = '';
  for (const c of courses) {
    const l = c.lifecycle;
    if (l.term !== term) {
      term = l.term;
      rows.push(`<text x="0" y="${y + 12}" class="h">${esc(`term ${term}`)}</text>`);
      y += ROW;
    }
    const seg = (from: string, to: number, colour: string, what: string) => `<rect x="${x(t(from)).toFixed(1)}" y="${y}" width="${Math.max(1, x(to) - x(t(from))).toFixed(1)}" height="${ROW - 5}" fill="${colour}" data-stretch="${what}"><title>${esc(`${c.name}: ${what} from ${from}`)}</title></rect>`;
    rows.push(
      `<g data-course="${esc(c.name)}" data-phase="${esc(l.phase)}"><text x="8" y="${y + 11}" class="l">${esc(c.name)}</text>${seg(l.opens, t(l.closes), TERM_COLOURS.open, 'open')}${seg(l.closes, t(l.archiveAfter), TERM_COLOURS.closed, 'closed')}${seg(l.archiveAfter, max, TERM_COLOURS.archived, 'archive')}</g>`,
    );
    y += ROW;
  }
  const h = y + 24;
  const ticks: string[] = [];
  for (let d = new Date(min); d.getTime() <= max; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
    const at = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    if (at < min) continue;
    const label = x(at) < W - 30 ? `<text x="${x(at).toFixed(1)}" y="${h - 4}" class="t">${new Date(at).toISOString().slice(0, 7)}</text>` : '';
    ticks.push(`<line x1="${x(at).toFixed(1)}" x2="${x(at).toFixed(1)}" y1="18" y2="${h - 18}" stroke="#d0d7de"/>${label}`);
  }
  const today = courses[0].lifecycle.day;
  const line = `<line x1="${x(t(today)).toFixed(1)}" x2="${x(t(today)).toFixed(1)}" y1="10" y2="${h - 18}" stroke="#0969da" stroke-width="2" data-day="${esc(today)}"/><text x="${(x(t(today)) + 4).toFixed(1)}" y="14" class="d">${esc(`the catalogue's day: ${today}`)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="term timeline" id="term-timeline">
<style>.l{font:12px system-ui,sans-serif;fill:#1b1f24}.h{font:600 13px system-ui,sans-serif;fill:#1b1f24}.t{font:11px system-ui,sans-serif;fill:#57606a;text-anchor:middle}.d{font:11px system-ui,sans-serif;fill:#0969da}</style>
${ticks.join('')}
${rows.join('\n')}
${line}
</svg>`;
}

/** The section: the timeline and a table of every course's phase and dates. */
export function termsSection(inv: Inventory): string {
  const courses = inv.hubs.filter((h): h is Course => h.lifecycle !== undefined);
  if (courses.length === 0) return '';
  const rows = courses
    .sort((a, b) => (a.lifecycle.term < b.lifecycle.term ? -1 : a.lifecycle.term > b.lifecycle.term ? 1 : a.name < b.name ? -1 : 1))
    .map((c) => [esc(c.name), esc(c.lifecycle.term), `<strong>${esc(c.lifecycle.phase)}</strong>`, esc(c.lifecycle.opens), esc(c.lifecycle.closes), esc(c.lifecycle.archiveAfter), esc(c.lifecycle.deleteAfter)]);
  const legend = `<div class="legend"><span><i style="background:${TERM_COLOURS.open}"></i>open</span><span><i style="background:${TERM_COLOURS.closed}"></i>closed (stopped, homes still there)</span><span><i style="background:${TERM_COLOURS.archived}"></i>homes archived (kept until deleteAfter)</span></div>`;
  return `<section id="terms"><h2>Terms</h2>
<p class="muted">The courses of the catalogue (courses/&lt;cluster&gt;/) by term; the phase is the one on the catalogue's day (lifecycle.yaml). <code>hubfleet lifecycle</code> says what changes when; capacity counts only open courses.</p>
${legend}
<div class="chart">${termTimelineSvg(inv)}</div>
${htmlTable('terms-table', ['course', 'term', 'phase', 'opens', 'closes', 'archive after', 'delete after'], rows)}</section>`;
}
