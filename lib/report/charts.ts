import { CapacityPlan, PoolRow } from '../capacity/plan';
import { fmt } from '../capacity/resources';
import { colourOf, esc } from './html';

/**
 * SVG charts drawn by the report itself (no library, no script): per pool a stacked bar for CPU
 * and one for memory (and GPUs where the pool has them): per-node pods, platform pods, each hub at
 * its peak (requests), then what is free; a dashed line marks the pool's allocatable. Demand
 * beyond the allocatable runs past the line. And the exam timeline.
 */

const W = 1000;
const LABEL = 90;
const RIGHT = 250;
const BAR = 26;
const GAP = 14;
const n2 = (x: number) => x.toFixed(2);

export const PLATFORM_COLOUR = '#57606a';
export const DAEMON_COLOUR = '#afb8c1';

export function hubColours(plan: CapacityPlan): Map<string, string> {
  return new Map(plan.hubs.map((h, i) => [h.name, colourOf(h.name, i)]));
}

interface Segment {
  readonly name: string;
  readonly value: number;
  readonly colour: string;
}

function bar(y: number, label: string, unit: string, segments: readonly Segment[], allocatable: number, pattern: string): string {
  const used = segments.reduce((a, s) => a + s.value, 0);
  const max = Math.max(allocatable, used, 1e-9);
  const span = W - LABEL - RIGHT;
  const x = (v: number) => LABEL + (v / max) * span;
  let at = 0;
  const rects: string[] = [];
  for (const s of segments) {
    if (s.value <= 0) continue;
    rects.push(`<rect x="${n2(x(at))}" y="${y}" width="${n2(x(at + s.value) - x(at))}" height="${BAR}" fill="${s.colour}" data-segment="${esc(s.name)}"><title>${esc(`${s.name}: ${fmt(s.value)} ${unit}`)}</title></rect>`);
    at += s.value;
  }
  const free = allocatable - used;
  if (free > 0) rects.push(`<rect x="${n2(x(at))}" y="${y}" width="${n2(x(allocatable) - x(at))}" height="${BAR}" fill="url(#${pattern})" stroke="#8c959f" stroke-width="0.5" data-segment="free"><title>${esc(`free: ${fmt(free)} ${unit}`)}</title></rect>`);
  const line = `<line x1="${n2(x(allocatable))}" x2="${n2(x(allocatable))}" y1="${y - 5}" y2="${y + BAR + 5}" stroke="#1b1f24" stroke-width="2" stroke-dasharray="4 3" data-allocatable="${fmt(allocatable)}"><title>${esc(`allocatable: ${fmt(allocatable)} ${unit}`)}</title></line>`;
  const status = free >= 0 ? `${fmt(free)} free` : `${fmt(-free)} over`;
  return `<text x="0" y="${y + BAR / 2 + 4}" class="l">${esc(label)}</text>${rects.join('')}${line}<text x="${W - RIGHT + 8}" y="${y + BAR / 2 + 4}" class="${free >= 0 ? 'l' : 'l neg'}">${esc(`${fmt(used)} / ${fmt(allocatable)} ${unit}, ${status}`)}</text>`;
}

/** The stacked bars of one pool. */
export function poolChart(plan: CapacityPlan, pool: PoolRow, colours: Map<string, string>): string {
  const hubsOn = plan.hubs.filter((h) => !h.window && h.peak.perPool[pool.name]);
  const seg = (pick: (r: { cpu: number; memoryGiB: number; extended?: Readonly<Record<string, number>> }) => number): Segment[] => [
    { name: 'per-node pods (daemons)', value: pick(pool.daemons), colour: DAEMON_COLOUR },
    { name: 'platform pods', value: pick(pool.platform), colour: PLATFORM_COLOUR },
    ...hubsOn.map((h) => ({ name: `${h.name} at peak (${h.peak.perPool[pool.name].servers} servers)`, value: pick(h.peak.perPool[pool.name].requests), colour: colours.get(h.name)! })),
  ];
  const gpuNames = Object.keys(pool.allocatable.extended ?? {});
  // An id of the page: the pool name as far as it is safe in an id and url(#…) (pool names are DNS labels).
  const pattern = `free-${pool.name.replace(/[^a-z0-9-]/g, '_')}`;
  const rows: string[] = [];
  let y = 10;
  rows.push(bar(y, 'CPU', 'CPU', seg((r) => r.cpu), pool.allocatable.cpu, pattern));
  y += BAR + GAP;
  rows.push(bar(y, 'memory', 'GiB', seg((r) => r.memoryGiB), pool.allocatable.memoryGiB, pattern));
  for (const g of gpuNames) {
    y += BAR + GAP;
    rows.push(bar(y, 'GPUs', g, seg((r) => r.extended?.[g] ?? 0), pool.allocatable.extended![g], pattern));
  }
  const h = y + BAR + 10;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${esc(`capacity of pool ${pool.name}`)}" data-pool="${esc(pool.name)}">
<defs><pattern id="${pattern}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#d0d7de" stroke-width="3"/></pattern></defs>
<style>.l{font:13px system-ui,sans-serif;fill:#1b1f24}.neg{fill:#b42318;font-weight:600}</style>
${rows.join('\n')}
</svg>`;
}

/** The exam timeline: one row per exam, bars from start to end on a common time axis (UTC). */
export function examTimelineSvg(plan: CapacityPlan, parse: (s: string) => number | undefined): string {
  const rows = plan.exams.map((e) => ({ e, s: parse(e.start)!, t: parse(e.end)! })).filter((r) => r.s !== undefined && r.t !== undefined);
  if (rows.length === 0) return '';
  const min = Math.min(...rows.map((r) => r.s));
  const max = Math.max(...rows.map((r) => r.t));
  const span = W - LABEL * 2 - 20;
  const x = (t: number) => LABEL * 2 + ((t - min) / Math.max(max - min, 1)) * span;
  const failing = new Set(plan.examTimeline.filter((t) => !t.fits).flatMap((t) => Object.keys(t.unplaced)));
  const h = 30 + rows.length * (BAR + 8) + 24;
  const ticks: string[] = [];
  const hour = 3600000;
  const step = Math.max(1, Math.ceil((max - min) / hour / 12)) * hour;
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) ticks.push(`<line x1="${n2(x(t))}" x2="${n2(x(t))}" y1="20" y2="${h - 20}" stroke="#d0d7de"/><text x="${n2(x(t))}" y="${h - 6}" class="t">${esc(new Date(t).toISOString().slice(0, 16).replace('T', ' '))}</text>`);
  const bars = rows.map((r, i) => {
    const y = 26 + i * (BAR + 8);
    const bad = failing.has(r.e.exam);
    return `<text x="0" y="${y + BAR / 2 + 4}" class="l">${esc(r.e.exam)}</text><rect x="${n2(x(r.s))}" y="${y}" width="${n2(Math.max(2, x(r.t) - x(r.s)))}" height="${BAR}" fill="${bad ? '#b42318' : '#1a7f37'}" data-exam="${esc(r.e.exam)}"><title>${esc(`${r.e.exam}: ${r.e.start} – ${r.e.end}, ${r.e.servers} seats${bad ? ', does not fit' : ''}`)}</title></rect><text x="${n2(x(r.s) + 6)}" y="${y + BAR / 2 + 4}" class="w">${esc(`${r.e.servers} seats`)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="exam timeline" id="exam-timeline">
<style>.l{font:13px system-ui,sans-serif;fill:#1b1f24}.w{font:12px system-ui,sans-serif;fill:#fff}.t{font:11px system-ui,sans-serif;fill:#57606a;text-anchor:middle}</style>
${ticks.join('')}
${bars.join('\n')}
</svg>`;
}
