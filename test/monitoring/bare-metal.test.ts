import { HelmChartApplication } from '../../lib/argocd/helm-chart-application';
import { Issue, ValidationError } from '../../lib/core/errors';
import { IsolatedNamespace } from '../../lib/fleet/isolated-namespace';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { Package } from '../../lib/fleet/package';
import { synthApp } from '../../lib/fleet/synth';
import { stackFlows, stackPods } from '../../lib/monitoring/stack-pods';
import { DEFAULT_RESOURCES } from '../../lib/monitoring/stack-values';
import { Platform } from '../../lib/platform/platform';
import { CHARTS } from '../../lib/platform/versions';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { monitoringSpec } from './fixtures';

/**
 * The bare-metal team's failure (issue 21): kube-prometheus-stack added by hand in a namespace made
 * with IsolatedNamespace (default-deny), Grafana's values with `persistance`. Synth passed and the
 * result would not have worked: Prometheus could not scrape, Grafana could not query Prometheus, the
 * operator could not reach the API server, and Grafana ran without its volume. Now synth refuses it,
 * saying what to declare and what blocks.
 */
function errorsOf(app: ClusterApp): Issue[] {
  try {
    synthApp(app);
  } catch (e) {
    if (e instanceof ValidationError) return [...e.issues];
    throw e;
  }
  return [];
}

function byHand(declare: 'nothing' | 'pods and flows'): ClusterApp {
  const app = new ClusterApp(monitoringSpec());
  new Platform(app, 'platform');
  const pkg = new Package(app, 'monitoring', { group: 'platform', namespace: 'monitoring' });
  new IsolatedNamespace(pkg, 'namespace', { name: 'monitoring' });
  const settings = { namespace: 'monitoring', nodeExporterNamespace: 'monitoring', resources: DEFAULT_RESOURCES, volumeGiB: 50, storageClassName: 'local-block', adminUser: SecretKeyRef.fromName('grafana-admin', 'admin-user'), adminPassword: SecretKeyRef.fromName('grafana-admin', 'admin-password'), notificationSecrets: [] };
  new HelmChartApplication(pkg, 'chart', {
    ...CHARTS.kubePrometheusStack,
    namespace: 'monitoring',
    // The team's values with the typo; the second case has it fixed, to show what is left.
    values: declare === 'nothing' ? { grafana: { persistance: { enabled: true } } } : {},
    ...(declare === 'nothing'
      ? ({} as { pods: [] })
      : { pods: stackPods(settings).filter((p) => p.name !== 'grafana'), flows: stackFlows({ namespace: 'monitoring', nodeExporterNamespace: 'monitoring', nodeCidr: '10.0.0.0/24', notificationTargets: [] }).filter((f) => JSON.stringify(f).indexOf('Grafana') < 0) }),
  });
  return app;
}

describe("the bare-metal team's kube-prometheus-stack in a default-deny namespace", () => {
  test('without declared pods, synth fails and says what to declare; the misspelt value fails with the key meant', () => {
    const errors = errorsOf(byHand('nothing'));
    // props-required (lib/core/props-check.ts) names the missing key as well, for every construct;
    // helm-chart-pods is the one that says what to declare.
    expect(errors.map((e) => [e.rule, e.field])).toEqual([
      ['helm-chart-pods', 'pods'],
      ['helm-chart-values', 'values.grafana.persistance'],
      ['props-required', 'pods'],
    ]);
    expect(errors[0].fix).toContain('declare pods: one entry per Deployment, StatefulSet or DaemonSet the chart renders');
    expect(errors[0].fix).toContain('declare flows for what its pods must reach and what must reach them');
    expect(errors[1].fix).toBe('did you mean "grafana.persistence"? Rename the key.');
  });

  test('with its pods and flows declared, synth names every flow the default-deny namespace blocks', () => {
    const errors = errorsOf(byHand('pods and flows')).filter((e) => e.rule === 'flow-declared');
    const blocked = errors.map((e) => e.message.replace(/ \(chart kube-prometheus-stack, pods in monitoring\)/g, '').replace(/ is needed \((.*?)\) but blocked.*/, ' ($1)'));
    expect(blocked).toEqual(
      expect.arrayContaining([
        'prometheus → kube-state-metrics port 8080/TCP (Prometheus scrapes kube-state-metrics (pods, claims, deployments))',
        'prometheus → the kubelets (10.0.0.0/24) port 10250/TCP (Prometheus scrapes the kubelets (cAdvisor container metrics, volume stats))',
        'prometheus → the Kubernetes API servers (node network, 6443) port 6443/TCP (Prometheus discovers its targets and scrapes the API server)',
        'prometheus-operator → the kubernetes Service (service network, 443) port 443/TCP (the operator writes the Prometheus configuration and StatefulSets)',
      ]),
    );
    expect(errors[0].fix).toBe('allow it in the egress policy of the source and the ingress policy of the destination (both are needed).');
  });
});
