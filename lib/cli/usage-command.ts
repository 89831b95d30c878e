import type { Command } from './command';
import { APP_OPTION, CLUSTER_OPTION } from './options';

/**
 * `hubfleet usage`: per hub, what the cluster's Prometheus measured in a window (lib/monitoring/usage.ts):
 * users, server-hours, peak servers against maxConcurrentUsers, memory against the guarantee. The
 * hubs and their plan come from the app stack (built and validated as `validate` does).
 */

const DAY_MS = 86400000;

/** A time from the command line: ISO 8601 (a date alone is midnight UTC). */
function parseTime(text: string): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
}

export const usageCommand: Command = {
  name: 'usage',
  summary: "usage per course from the cluster's Prometheus: users, server-hours, peak against the plan, memory",
  description: `Ask the cluster's Prometheus (the monitoring add-on's, or any with kube-state-metrics, cAdvisor
and the hubs' metrics) what each hub of the app stack used between --from and --to: distinct
users with a server, server-hours, the most servers at once against the planned
maxConcurrentUsers (an exam: its seats), and the memory of a server against its guarantee
(lib/monitoring/README.md). --json prints the document \`hubfleet report --usage FILE\` shows next
to the capacity plan. Times are ISO 8601 (2026-09-14 or 2026-09-14T08:00:00Z); --to defaults to
now and --from to 30 days before --to. Reach Prometheus e.g. with
kubectl -n monitoring port-forward svc/monitoring-prometheus 9090.`,
  options: {
    cluster: CLUSTER_OPTION,
    app: APP_OPTION,
    prometheus: { type: 'string', value: 'URL', description: "the cluster's Prometheus, e.g. http://127.0.0.1:9090", required: true },
    from: { type: 'string', value: 'TIME', description: 'start of the window (default: 30 days before --to)' },
    to: { type: 'string', value: 'TIME', description: 'end of the window (default: now)' },
    step: { type: 'string', value: 'SECONDS', description: 'resolution of the peaks and sums (default 300)' },
    json: { type: 'boolean', description: 'print one JSON document (for hubfleet report --usage)' },
  },
  examples: ['hubfleet usage --cluster eth-teaching --prometheus http://127.0.0.1:9090 --from 2026-09-14 --to 2026-12-23 --json > usage.json'],
  async run(inv) {
    const url = inv.string('prometheus')!;
    if (!/^https?:\/\/\S+$/.test(url)) {
      inv.io.stderr(`hubfleet usage: --prometheus ${url}: an http:// or https:// URL is needed\n`);
      return 2;
    }
    const toText = inv.string('to');
    const toMs = toText === undefined ? Date.now() : parseTime(toText);
    const fromText = inv.string('from');
    const fromMs = fromText === undefined ? toMs - 30 * DAY_MS : parseTime(fromText);
    const stepSeconds = inv.string('step') === undefined ? 300 : Number(inv.string('step'));
    const { collectUsage, formatUsage, windowProblem } = await import('../monitoring/usage');
    const problem = windowProblem({ fromMs, toMs, stepSeconds });
    if (problem) {
      inv.io.stderr(`hubfleet usage: ${problem} (--from ${fromText ?? '(default)'}, --to ${toText ?? '(now)'}, --step ${stepSeconds})\n`);
      return 2;
    }
    const { loadModelled } = await import('./synth-clusters');
    const clusters = loadModelled(inv.string('app'), inv.string('cluster'), inv.io);
    if (!clusters) return 1;
    if (clusters.length !== 1) {
      inv.io.stderr(`hubfleet usage: each cluster has its own Prometheus: choose one with --cluster (${clusters.map((c) => c.def.spec.name).join(', ')})\n`);
      return 2;
    }
    const c = clusters[0];
    try {
      const report = await collectUsage(c.def.spec.name, url, c.inventory.hubs, { fromMs, toMs, stepSeconds });
      inv.io.stdout(inv.boolean('json') ? `${JSON.stringify(report, null, 2)}\n` : formatUsage(report));
      return 0;
    } catch (e) {
      inv.io.stderr(`hubfleet usage: ${(e as Error).message}\n`);
      return 1;
    }
  },
};
