import type { Command } from './command';
import { APP_OPTION, CLUSTER_OPTION, OUT_OPTION } from './options';

/**
 * `hubfleet report`: writes each cluster's HTML report to `DIR/<cluster>/report/index.html` (DIR
 * defaults to dist, like synth's --out). Synth keeps that folder when it replaces `DIR/<cluster>/`;
 * the report replaces only its own folder.
 */
export const reportCommand: Command = {
  name: 'report',
  summary: 'write the HTML report (hubs, capacity charts, exams, LTI sheets)',
  description: `Write each cluster's report to DIR/<cluster>/report/index.html: one static, printable page with
the hubs, a capacity chart per pool, the exam timeline and per LTI hub the registration sheet
(lib/report/README.md). Synth keeps the report folder when it replaces DIR/<cluster>/. With
--usage FILE (hubfleet usage --json) the page shows what Prometheus measured beside the plan.`,
  options: {
    cluster: CLUSTER_OPTION,
    out: OUT_OPTION,
    app: APP_OPTION,
    usage: { type: 'string', value: 'FILE', description: "what hubfleet usage --json measured, shown beside that cluster's capacity plan" },
  },
  async run(inv) {
    const usageFile = inv.string('usage');
    let usage: import('../monitoring/usage').UsageReport | undefined;
    if (usageFile !== undefined) {
      const { readUsageReport } = await import('../monitoring/usage');
      try {
        usage = readUsageReport(usageFile);
      } catch (e) {
        inv.io.stderr(`hubfleet report: --usage ${usageFile}: ${(e as Error).message}\n`);
        return 2;
      }
    }
    const { loadModelled } = await import('./synth-clusters');
    const { capacityPlan } = await import('../capacity/plan');
    const { renderReport } = await import('../report/report');
    const { writeReport } = await import('../report/write');
    const clusters = loadModelled(inv.string('app'), inv.string('cluster'), inv.io);
    if (!clusters) return 1;
    if (usage && !clusters.some((c) => c.def.spec.name === usage!.cluster)) {
      inv.io.stderr(`hubfleet report: --usage ${usageFile} is of cluster ${usage.cluster}, which is not among ${clusters.map((c) => c.def.spec.name).join(', ')}\n`);
      return 2;
    }
    const outDir = inv.string('out') ?? 'dist';
    for (const c of clusters) {
      const dir = writeReport(outDir, c.def.spec.name, renderReport(capacityPlan(c.model), c.inventory, c.model, usage?.cluster === c.def.spec.name ? usage : undefined));
      inv.io.stderr(`${c.def.spec.name}: wrote ${dir}/index.html\n`);
    }
    return 0;
  },
};
