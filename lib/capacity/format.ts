import { CapacityPlan } from './plan';
import { fmt, ResourceAmount } from './resources';
import { SeatCount } from './seats';

/** The capacity plan as text tables (`hubfleet capacity` without --json). Deterministic. */

/** Left-aligned first column, right-aligned numbers; columns separated by two spaces. */
export function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>, alignLeft: readonly number[] = [0]): string {
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => r.map((c, i) => (alignLeft.includes(i) ? (c ?? '').padEnd(w[i]) : (c ?? '').padStart(w[i]))).join('  ').trimEnd();
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

const c = (a: ResourceAmount) => fmt(a.cpu);
const m = (a: ResourceAmount) => fmt(a.memoryGiB);
const g = (a: ResourceAmount) => {
  const v = Object.values(a.extended ?? {}).reduce((x, y) => x + y, 0);
  return v ? String(v) : '';
};
const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
/** A use ratio: a percentage up to 100 %, a factor above. */
const ratio = (x: number) => (x > 1 ? `${fmt(x)}×` : pct(x));

function seatLine(label: string, pools: SeatCount, after: SeatCount): string {
  const cpu = pools.cpuBound < pools.seats ? `; CPU-bound ${pools.cpuBound} (${after.cpuBound} after platform): beyond that CPU is shared, ${fmt(pools.cpuPerSeat)} CPU each` : `; CPU-bound ${pools.cpuBound}`;
  return `  ${label}${pools.seats} on the pools, ${after.seats} after platform pods (${pools.binding}-bound: memory ${pools.memoryBound}${pools.gpuBound !== undefined ? `, GPUs ${pools.gpuBound}` : ''}${pools.guaranteeBound !== undefined ? `, guarantees ${pools.guaranteeBound}` : ''}${cpu})`;
}

export function formatPlan(p: CapacityPlan): string {
  const out: string[] = [];
  const semester = p.hubs.filter((h) => !h.window);
  out.push(`${p.cluster}: capacity at the semester peak (${semester.length} hubs, ${semester.reduce((n, h) => n + h.concurrency, 0)} servers at once; exams in their windows)`);
  out.push('');
  out.push('pools (CPU / GiB over all nodes of a pool: allocatable = nodes × (size − reserve); daemons = per-node pods; free = allocatable − daemons − platform − hubs at peak)');
  out.push(
    table(
      ['pool', 'nodes', 'alloc CPU', 'GiB', 'GPU', 'daemons CPU', 'GiB', 'platform CPU', 'GiB', 'hubs CPU', 'GiB', 'GPU', 'free CPU', 'GiB', 'binding'],
      p.pools.map((r) => [
        r.name,
        `${r.count} × ${r.node.cpu}/${r.node.memoryGiB}${g(r.node) ? `+${g(r.node)}` : ''}`,
        ...(r.schedulable ? [c(r.allocatable), m(r.allocatable), g(r.allocatable), c(r.daemons), m(r.daemons), c(r.platform), m(r.platform), c(r.hubsAtPeak.requests), m(r.hubsAtPeak.requests), g(r.hubsAtPeak.requests), c(r.free), m(r.free), r.hubsAtPeak.servers ? `${r.binding.resource} ${ratio(r.binding.requestsRatio)}` : '-'] : ['not a Kubernetes node (etcd only)', '', '', '', '', '', '', '', '', '', '', '', '']),
      ]),
      [0, 1],
    ),
  );
  out.push('');
  out.push('hubs at their peak (servers × guarantees = requests, × limits; share = requests ÷ what the pools users may use have free)');
  out.push(
    table(
      ['hub', 'kind', 'servers', 'case', 'req CPU', 'GiB', 'GPU', 'lim CPU', 'GiB', 'share', 'pools'],
      p.hubs.map((h) => [h.name, h.kind, String(h.concurrency), h.basis, c(h.peak.requests), m(h.peak.requests), g(h.peak.requests), c(h.peak.limits), m(h.peak.limits), h.window ? 'exam' : pct(Math.max(h.share.cpu, h.share.memory)), Object.keys(h.peak.perPool).join(', ') || '(none)']),
      [0, 1, 3, 10],
    ),
  );
  const multi = p.hubs.filter((h) => h.profiles.length > 1);
  if (multi.length) {
    out.push('');
    out.push('profiles (largest case: every server at the largest profile)');
    out.push(
      table(
        ['hub', 'largest req CPU', 'GiB', 'GPU', 'lim CPU', 'GiB', 'profiles (requests; pools)'],
        multi.map((h) => [h.name, c(h.largest.requests), m(h.largest.requests), g(h.largest.requests), c(h.largest.limits), m(h.largest.limits), h.profiles.map((x) => `${x.name}${x.default ? '*' : ''} ${fmt(x.requests.cpu)}/${fmt(x.requests.memoryGiB)}${g(x.requests) ? `+${g(x.requests)}` : ''} on ${x.pools.join('+') || 'no pool'}`).join('; ')]),
        [0, 6],
      ),
    );
  }
  out.push('');
  const s = p.seats;
  const size = `${fmt(s.size.cpu)} CPU / ${fmt(s.size.memoryGiB)} GiB${s.size.gpus ? ` + ${s.size.gpus} GPU` : ''}${s.size.cpuGuarantee !== undefined || s.size.memoryGuaranteeGiB !== undefined ? ` (guarantees ${s.size.cpuGuarantee ?? '-'} CPU / ${s.size.memoryGuaranteeGiB ?? '-'} GiB)` : ''}`;
  out.push(`seats of ${size}, ${s.size.origin}, on ${s.pools.join(', ') || 'no pool'}:`);
  out.push(seatLine('full load (every server at its limits):        ', s.fullLoad, s.afterPlatform.fullLoad));
  out.push(seatLine(`statistical (typical use ${pct(s.typicalUseFraction)} of the limits): `, s.statistical, s.afterPlatform.statistical));
  if (p.exams.length || p.invalidExamWindows.length) {
    out.push('');
    out.push('exams');
    out.push(
      table(
        ['exam', 'window', 'seats', 'req CPU', 'GiB', 'pools'],
        p.exams.map((e) => [e.exam, `${e.start} – ${e.end}${e.timeZone ? ` ${e.timeZone}` : ''}`, String(e.servers), c(e.requests), m(e.requests), e.pools.join(', ')]),
        [0, 1, 5],
      ),
    );
    for (const t of p.examTimeline) out.push(`  ${t.from} – ${t.to}: ${t.exams.join(' + ')}: ${t.fits ? 'fits' : `does not fit (${Object.entries(t.unplaced).map(([e, n]) => `${n} of ${t.servers[e]} seats of ${e} find no node`).join(', ')})`}`);
    for (const i of p.invalidExamWindows) out.push(`  ${i.exam}: ${i.why}`);
  }
  out.push('');
  out.push(`verdict: ${p.verdict.summary}`);
  if (p.verdict.caps?.length) {
    out.push(table(['cap', 'from', 'to', 'pools'], p.verdict.caps.map((x) => [x.hub, String(x.from), String(x.to), x.pools.join(', ')]), [0, 3]).replace(/^/gm, '  '));
  }
  if (p.assumptions.notCounted.length) {
    out.push('');
    out.push('not counted:');
    for (const n of p.assumptions.notCounted) out.push(`  - ${n}`);
  }
  out.push('');
  out.push(`assumptions: node reserve per pool ${p.pools.filter((r) => r.schedulable).map((r) => `${r.name} ${r.reservePerNode.cpu} CPU / ${fmt(r.reservePerNode.memoryGiB)} GiB`).join(', ')}; per-node pods: ${p.assumptions.systemDaemons}; ${p.assumptions.placement}. See lib/capacity/README.md.`);
  return `${out.join('\n')}\n`;
}
