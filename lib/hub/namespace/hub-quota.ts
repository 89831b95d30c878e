/**
 * How much of the cluster a hub's ResourceQuota grants its user servers. The quota binds: it is the
 * hub's share of the pools its servers run on, never "every server at the largest profile" (250
 * servers × a 16 GiB GPU profile is more than most clusters have, and a quota nobody can reach
 * protects nothing). Either the share is stated (`quotaShare` of the pools' allocatable), or it is
 * derived from the hub's peak: `maxConcurrentUsers` servers of the default size, plus room for one
 * server of each larger profile; and it never exceeds what the pools have. The model warns when the
 * hubs' quotas together exceed the cluster (rule `capacity-quotas-exceed-cluster`).
 */
import { PropRule } from '../../core/errors';
import { ClusterSpec } from '../../fleet/cluster-spec';
import { ServerSizeEntry } from '../../model/declarations';
import { workerAllocatable } from '../../model/nodes';
import { ResolvedHub } from '../resolved';

/** CPU cores and GiB. */
export interface QuotaAmounts {
  readonly requestsCpu: number;
  readonly limitsCpu: number;
  readonly requestsMemoryGiB: number;
  readonly limitsMemoryGiB: number;
}

/**
 * The user servers' part of the quota (without the hub's own pods).
 * @param sizes the default size first, then each profile's
 */
export function userServerQuota(o: { readonly maxConcurrent: number; readonly sizes: readonly ServerSizeEntry[]; readonly share?: number; readonly spec: ClusterSpec; readonly ownPods?: { readonly cpu: number; readonly memoryGiB: number } }): QuotaAmounts & { readonly basis: 'share' | 'peak' } {
  const [def, ...profiles] = o.sizes;
  const n = o.maxConcurrent;
  const extra = (f: (s: ServerSizeEntry) => number) => profiles.reduce((sum, p) => sum + Math.max(0, f(p) - f(def)), 0);
  const worst = (f: (s: ServerSizeEntry) => number) => n * Math.max(...o.sizes.map(f));
  // What the pools can give, less the hub's own pods (so that the whole quota never exceeds them).
  const pools = workerAllocatable(o.spec);
  const cluster = { cpu: Math.max(0, pools.cpu - (o.ownPods?.cpu ?? 0)), memoryGiB: Math.max(0, pools.memoryGiB - (o.ownPods?.memoryGiB ?? 0)) };
  if (o.share !== undefined) {
    // The stated share of the pools; limits keep the default server's limit-to-guarantee ratio.
    const cpu = o.share * pools.cpu;
    const mem = o.share * pools.memoryGiB;
    return {
      basis: 'share',
      requestsCpu: Math.min(worst((s) => s.cpuGuarantee), cpu),
      limitsCpu: Math.min(worst((s) => s.cpuLimit), (cpu * def.cpuLimit) / def.cpuGuarantee),
      requestsMemoryGiB: Math.min(worst((s) => s.memoryGuaranteeGiB), mem),
      limitsMemoryGiB: Math.min(worst((s) => s.memoryLimitGiB), (mem * def.memoryLimitGiB) / def.memoryGuaranteeGiB),
    };
  }
  // The peak: n default servers, and room for one server of each larger profile; never above the pools.
  return {
    basis: 'peak',
    requestsCpu: Math.min(n * def.cpuGuarantee + extra((s) => s.cpuGuarantee), cluster.cpu),
    limitsCpu: Math.max(Math.min(n * def.cpuLimit + extra((s) => s.cpuLimit), worst((s) => s.cpuLimit)), 0),
    requestsMemoryGiB: Math.min(n * def.memoryGuaranteeGiB + extra((s) => s.memoryGuaranteeGiB), cluster.memoryGiB),
    limitsMemoryGiB: Math.max(Math.min(n * def.memoryLimitGiB + extra((s) => s.memoryLimitGiB), worst((s) => s.memoryLimitGiB)), 0),
  };
}

/** The quota rules; each row has a "fails …" test (test/hub/course-jupyterhub.test.ts). */
export const QUOTA_RULES: readonly PropRule<ResolvedHub>[] = [
  {
    id: 'hub-quota-share',
    field: 'quotaShare',
    value: (r) => r.props.quotaShare,
    ok: (r) => r.props.quotaShare === undefined || (typeof r.props.quotaShare === 'number' && r.props.quotaShare > 0 && r.props.quotaShare <= 1),
    message: 'quotaShare is the fraction of the worker pools this hub may use: more than 0, at most 1.',
    fix: 'e.g. quotaShare: 0.25 for a quarter of the pools, or leave it out to derive the quota from maxConcurrentUsers.',
  },
];
