/**
 * Every example cluster (eth-teaching, e2x and the bare-metal campus-metal) runs hubfleet's
 * monitoring add-on, and it is part of the whole: every hub exposes its metrics to that Prometheus
 * (a ServiceMonitor and the hub-metrics NetworkPolicy, the flow proved by synth), the capacity plan
 * counts the add-on's pods, and the report lists them with the platform.
 */
import { parse } from 'yaml';
import { capacityPlan } from '../../lib/capacity/plan';
import { monitoringOf } from '../../lib/fleet/existing-addons';
import { buildCluster } from '../../lib/fleet/define';
import { collect, synthApp } from '../../lib/fleet/synth';
import { buildClusterModel } from '../../lib/model/cluster-model';
import { buildInventory } from '../../lib/model/inventory';
import { esc } from '../../lib/report/html';
import { renderReport } from '../../lib/report/report';
import { EXAMPLE_CLUSTERS, exampleClusters } from '../examples';

describe.each(EXAMPLE_CLUSTERS.map((name) => [name]))('the example cluster %s', (name) => {
  const def = exampleClusters().find((d) => d.spec.name === name)!;
  const out = synthApp(buildCluster(def));
  const files = [...out.files.keys()];

  test("runs hubfleet's monitoring add-on (ClusterSpec monitoring, the Platform's monitoring prop)", () => {
    expect(monitoringOf(def.spec)?.source).toBe('hubfleet');
    expect(files).toContain('k8s/platform/monitoring/application-kube-prometheus-stack.yaml');
    expect(files).toContain('k8s/platform/monitoring/prometheusrule-hubfleet-alerts.yaml');
    expect(files.filter((f) => /^k8s\/platform\/monitoring\/configmap-dashboard-/.test(f)).length).toBeGreaterThanOrEqual(8);
  });

  test('every hub exposes its metrics to it: a ServiceMonitor and NetworkPolicy hub-metrics in its namespace', () => {
    const hubs = out.inventory.hubs;
    expect(hubs.length).toBeGreaterThan(0);
    for (const hub of hubs) {
      const dir = files.find((f) => f.endsWith('/deployment-hub.yaml') && parse(out.files.get(f)!.replace(/^#.*\n/, '')).metadata.namespace === hub.namespace)!;
      expect(dir).toBeDefined();
      const base = dir.slice(0, dir.lastIndexOf('/'));
      expect(files).toContain(`${base}/servicemonitor-hub.yaml`);
      const policy = parse(out.files.get(`${base}/networkpolicy-hub-metrics.yaml`)!.replace(/^#.*\n/, ''));
      expect(JSON.stringify(policy.spec.ingress)).toContain('"kubernetes.io/metadata.name":"monitoring"');
    }
  });

  test("the capacity plan and the report count the add-on's pods", () => {
    const app = buildCluster(def);
    const model = buildClusterModel(app.spec, collect(app).objects, app.packages());
    const plan = capacityPlan(model);
    const monitoringPods = plan.platform.filter((p) => p.namespace === 'monitoring' || p.namespace === 'monitoring-node-exporter');
    expect(monitoringPods.map((p) => p.pod).join('\n')).toMatch(/prometheus/i);
    expect(monitoringPods.map((p) => p.pod).join('\n')).toMatch(/grafana/i);
    // Requests everywhere: every pod of the add-on asks for CPU and memory.
    expect(monitoringPods.every((p) => p.requests.cpu > 0 && p.requests.memoryGiB > 0)).toBe(true);
    const html = renderReport(plan, buildInventory(model), model).get('index.html')!;
    // The report's platform pods list every pod of the add-on the pools' platform column counts.
    const listed = html.slice(html.indexOf('<details id="platform-pods">'), html.indexOf('</details>', html.indexOf('<details id="platform-pods">')));
    for (const p of monitoringPods) expect(listed).toContain(`<td>${esc(p.pod)}</td><td>${p.namespace}</td>`);
  });
});
