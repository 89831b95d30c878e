import { ClusterModel } from '../model/cluster-model';
import { ModelFinding, ModelRule } from '../model/rule-types';
import { HubDemand, hubDemands } from './demand';
import { examWindows, packExams } from './exams';
import { CapacityPlan, capacityPlan } from './plan';
import { ClusterCapacity, clusterCapacity, poolTotals } from './pools';
import { fmt, show } from './resources';
import { cpuMillis, memBytes } from '../fleet/rules';
import { workerAllocatable } from '../model/nodes';

/**
 * Capacity rules run at synth (part of WIRING_RULES in lib/model/check.ts), each with a "fails …"
 * test in test/capacity/rules.test.ts. The plan is computed once per model.
 */

const plans = new WeakMap<ClusterModel, { plan: CapacityPlan; capacity: ClusterCapacity; demands: HubDemand[] }>();
function planOf(m: ClusterModel) {
  let p = plans.get(m);
  if (!p) {
    const capacity = clusterCapacity(m);
    const demands = hubDemands(m, capacity);
    p = { plan: capacityPlan(m, {}, { capacity, demands }), capacity, demands };
    plans.set(m, p);
  }
  return p;
}

const when = (w: { start: string; end: string; timeZone?: string }) => `${w.start} – ${w.end}${w.timeZone ? ` (${w.timeZone})` : ''}`;

/** The ResourceQuotas of the course hubs: their namespace and CPU and memory requests. */
function quotaRequests(m: ClusterModel): Array<{ path: string; namespace: string; cpu: number; memoryGiB: number }> {
  // Course hubs share the semester's pools; exam hubs hold theirs only in their windows (capacity-exam-window).
  return m.objects
    .filter((o) => o.json.kind === 'ResourceQuota' && m.namespaces.get(o.json.metadata?.namespace ?? '')?.labels['hubfleet.io/kind'] === 'course')
    .map((o) => {
      const hard = o.json.spec?.hard ?? {};
      return { path: o.path, namespace: o.json.metadata?.namespace ?? '', cpu: (cpuMillis(hard['requests.cpu']) ?? 0) / 1000, memoryGiB: (memBytes(hard['requests.memory']) ?? 0) / 1024 ** 3 };
    });
}

export const CAPACITY_RULES: readonly ModelRule[] = [
  {
    id: 'capacity-quotas-exceed-cluster',
    guards: "the course hubs' ResourceQuotas together grant no more CPU and memory requests than the worker pools can give (a warning: quotas that add up to more than the cluster do not bind, and the scheduler, not the quota, refuses servers at the peak)",
    severity: 'warning',
    check: (m) => {
      const quotas = quotaRequests(m);
      const have = workerAllocatable(m.spec);
      const cpu = quotas.reduce((a, q) => a + q.cpu, 0);
      const mem = quotas.reduce((a, q) => a + q.memoryGiB, 0);
      if (cpu <= have.cpu + 1e-9 && mem <= have.memoryGiB + 1e-9) return [];
      const top = [...quotas].sort((a, b) => b.memoryGiB / have.memoryGiB + b.cpu / have.cpu - (a.memoryGiB / have.memoryGiB + a.cpu / have.cpu)).slice(0, 5);
      return [
        {
          path: `cluster ${m.spec.name}`,
          field: 'ResourceQuota spec.hard["requests.cpu"], ["requests.memory"]',
          value: { quotas: { cpu: fmt(cpu), memoryGiB: fmt(mem) }, workerPools: { cpu: fmt(have.cpu), memoryGiB: fmt(have.memoryGiB) } },
          message: `the ${quotas.length} ResourceQuotas together grant ${fmt(cpu)} CPU and ${fmt(mem)} GiB of requests, but the worker pools can give ${fmt(have.cpu)} CPU and ${fmt(have.memoryGiB)} GiB (after the node reserve): the quotas do not bind, so at the peak the scheduler refuses servers instead (largest: ${top.map((q) => `${q.namespace} ${fmt(q.cpu)} CPU / ${fmt(q.memoryGiB)} GiB`).join(', ')}).`,
          fix: 'give the hubs a share of the pools (CourseJupyterHub quotaShare), lower maxConcurrentUsers of the largest, or add nodes.',
        },
      ];
    },
  },
  {
    id: 'capacity-semester-peak',
    guards: "the semester hubs' peak guarantees (concurrent servers × requests) fit what each pool has free for users after node reserve, per-node pods and platform pods (a warning: the hub caps servers at its concurrency, the scheduler refuses the rest)",
    severity: 'warning',
    check: (m) => {
      const { plan } = planOf(m);
      return plan.verdict.pools
        .filter((v) => v.status === 'does-not-fit')
        .map((v) => {
          const row = plan.pools.find((p) => p.name === v.pool)!;
          const caps = (plan.verdict.caps ?? []).filter((c) => c.pools.includes(v.pool));
          const add = plan.verdict.addNodes?.find((a) => a.pool === v.pool);
          const over = Object.entries(v.requestsRatio).filter(([, r]) => r > 1).map(([k, r]) => `${k} ${fmt(r)}×`).join(', ');
          return {
            path: `cluster ${m.spec.name}`,
            field: `nodePools[${v.pool}]`,
            value: { servers: row.hubsAtPeak.servers, requests: row.hubsAtPeak.requests, freeForUsers: row.freeForUsers },
            message: `at the semester peak the hubs run ${row.hubsAtPeak.servers} servers on pool "${v.pool}" that request ${show(row.hubsAtPeak.requests)}, but the pool has ${show(row.freeForUsers)} free for users (allocatable ${show(row.allocatable)} after the node reserve, less per-node pods ${show(row.daemons)} and platform pods ${show(row.platform)}): over by ${over}. Servers beyond that stay Pending at the peak.`,
            fix: `cap the largest courses' maxConcurrentUsers (${caps.slice(0, 5).map((c) => `${c.hub} ${c.from} → ${c.to}`).join(', ')}${caps.length > 5 ? `, and ${caps.length - 5} more: see \`hubfleet capacity --cluster ${m.spec.name}\`` : ''}), lower their guarantees, or add ${add?.nodes ?? '?'} node${add?.nodes === 1 ? '' : 's'} of this size to "${v.pool}" (${add?.resource ?? 'cpu'} binds).`,
          };
        });
    },
  },
  {
    id: 'capacity-exam-window-valid',
    guards: 'every exam window (runtime pods with `window`) is two ISO 8601 times, the end after the start',
    check: (m) =>
      examWindows(planOf(m).demands).invalid.map((i) => ({
        path: i.exam.path,
        field: 'window',
        value: i.exam.window,
        message: `exam "${i.exam.name}": ${i.why}, so its seats cannot be checked against the cluster.`,
        fix: 'give the window as e.g. { start: "2026-02-10T09:00+01:00", end: "2026-02-10T12:00+01:00" }.',
      })),
  },
  {
    id: 'capacity-exam-window',
    guards: "an exam's servers (seats × guarantees) fit, node by node, the pools they may use during its window after platform pods, alone and with every exam that overlaps it on the same pools",
    check: (m) => {
      const { capacity, demands } = planOf(m);
      const { windows } = examWindows(demands);
      const out: ModelFinding[] = [];
      const aloneFails = new Set<string>();
      const describe = (names: readonly string[], fit: ReturnType<typeof packExams>) =>
        fit.pools.map((p) => `pool "${p.pool}": the exams request ${show(p.requests)}, it has ${show(p.free)} free after platform pods`).join('; ') +
        `; ${names.map((n) => `${fit.servers[n] - (fit.unplaced[n] ?? 0)} of ${fit.servers[n]} seats of "${n}" find a node`).join(', ')}`;
      for (const w of windows) {
        const fit = packExams(capacity, [w.exam]);
        if (Object.keys(fit.unplaced).length === 0) continue;
        aloneFails.add(w.exam.name);
        const perPool = fit.pools.map((p) => `${p.pool}`).join(', ');
        out.push({
          path: w.exam.path,
          field: 'window / seats',
          value: { window: w.exam.window, seats: w.exam.concurrency },
          message: `exam "${w.exam.name}" (${w.exam.concurrency} seats, ${when(w.exam.window!)}) does not fit its pools (${perPool || 'none'}) even alone: ${describe([w.exam.name], fit)}.`,
          fix: `lower the exam's seats or guarantees, give it a pool of its own with room (ClusterSpec nodePools, an exam label and taint), or add nodes: ${fit.pools.map((p) => `"${p.pool}" has ${poolTotals(capacity.pools.find((x) => x.name === p.pool)!).free.cpuMillis / 1000} CPU free`).join(', ')}.`,
        });
      }
      // Overlaps: the smallest sets of exams running together that do not fit, each member fitting alone.
      const reported: string[][] = [];
      for (let i = 0; i < windows.length; i++) {
        for (let j = i + 1; j < windows.length; j++) {
          const [a, b] = [windows[i], windows[j]];
          if (!(a.start < b.end && b.start < a.end)) continue;
          const from = Math.max(a.start, b.start);
          const to = Math.min(a.end, b.end);
          // Everything running in the overlap (the smallest set containing a and b at its start).
          const running = windows.filter((w) => w.start < to && w.end > from && w.start <= from && w.end > from);
          const names = running.map((w) => w.exam.name);
          if (names.some((n) => aloneFails.has(n))) continue;
          if (reported.some((r) => r.every((n) => names.includes(n)))) continue;
          const fit = packExams(capacity, running.map((w) => w.exam), from, to);
          if (Object.keys(fit.unplaced).length === 0) continue;
          reported.push(names);
          out.push({
            path: b.exam.path,
            field: 'window / seats',
            value: running.map((w) => ({ exam: w.exam.name, window: w.exam.window, seats: w.exam.concurrency })),
            message: `exams ${names.map((n) => `"${n}"`).join(' and ')} overlap (${new Date(from).toISOString()} – ${new Date(to).toISOString()}) and together do not fit, though each fits alone: ${describe(names, fit)}.`,
            fix: 'move one of the windows, lower seats or guarantees, or add nodes to the shared pools.',
          });
        }
      }
      return out;
    },
  },
];
