import { ClusterApp } from '../../lib/fleet/cluster-app';
import { ClusterSpec, validateClusterSpec } from '../../lib/fleet/cluster-spec';
import { collect } from '../../lib/fleet/synth';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { buildClusterModel } from '../../lib/model/cluster-model';
import { checkModel } from '../../lib/model/check';
import { issuesOf, testSpec } from '../helpers';

/**
 * A hub exposes its metrics to the Prometheus the ClusterSpec's `monitoring` names (lib/hub/hub/metrics.ts):
 * whoever installs it, hubfleet's add-on or one that already runs (here: one that already runs).
 */
const IMAGE = 'quay.io/jupyter/scipy-notebook:2025-08-18';
const props: CourseJupyterHubProps = { auth: HubAuth.moodle('https://moodle.example.org', ['c1'], { staffAdmins: true }), image: IMAGE, students: 40, maxConcurrentUsers: 10 };

function hub(spec: Partial<ClusterSpec>, extra: Partial<CourseJupyterHubProps> = {}) {
  const app = new ClusterApp(testSpec(spec));
  const h = new CourseJupyterHub(app, 'intro', { ...props, ...extra });
  const objects = collect(app).objects;
  const find = (kind: string, name: string) => objects.find((o) => o.json.kind === kind && o.json.metadata.name === name)?.json;
  return { app, h, objects, find, wiring: () => checkModel(buildClusterModel(app.spec, objects, app.packages())) };
}
const existing = { monitoring: { namespace: 'observability', prometheusPodLabels: { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'k8s' } } };

describe('hub metrics for the cluster\'s monitoring', () => {
  test('without monitoring in the ClusterSpec nothing is exposed: no token, no policy, no ServiceMonitor', () => {
    const { find, h } = hub({});
    expect(find('NetworkPolicy', 'hub-metrics')).toBeUndefined();
    expect(find('ServiceMonitor', 'hub')).toBeUndefined();
    expect(h.hubConfig).not.toContain('read:metrics');
  });

  test('the hub gives Prometheus a token of its own, generated in the cluster, that can read the metrics and nothing else', () => {
    const { find, h, app } = hub(existing);
    expect(issuesOf(app)).toEqual([]);
    expect(h.hubConfig).toContain('"name": "prometheus",\n        "api_token": os.environ["HUBFLEET_METRICS_TOKEN"],');
    expect(h.hubConfig).toMatch(/"name": "prometheus",\n\s+"description": [^\n]+\n\s+"scopes": \["read:metrics"\],\n\s+"services": \["prometheus"\],/);
    // authenticate_prometheus stays JupyterHub's default (on): /hub/metrics is reachable through the proxy.
    expect(h.hubConfig).not.toContain('authenticate_prometheus');
    const deploy = find('Deployment', 'hub');
    expect(deploy.spec.template.spec.initContainers[0].env).toContainEqual({ name: 'SECRET_KEYS', value: 'proxy-token,cookie-secret,crypt-key,metrics-token' });
    expect(deploy.spec.template.spec.containers[0].env).toContainEqual({ name: 'HUBFLEET_METRICS_TOKEN', valueFrom: { secretKeyRef: { name: 'hub-generated', key: 'metrics-token' } } });
  });

  test('a ServiceMonitor scrapes <base>hub/metrics with that token; only the named Prometheus pods reach the hub port', () => {
    const { find } = hub(existing, { basePath: '/intro/' });
    expect(find('ServiceMonitor', 'hub').spec).toEqual({
      selector: { matchLabels: { component: 'hub', app: 'jupyterhub', release: 'intro' } },
      namespaceSelector: { matchNames: ['course-intro'] },
      targetLabels: ['app', 'release'],
      endpoints: [{ port: 'hub', path: '/intro/hub/metrics', scheme: 'http', authorization: { type: 'Bearer', credentials: { name: 'hub-generated', key: 'metrics-token' } } }],
    });
    expect(find('NetworkPolicy', 'hub-metrics').spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } }, podSelector: { matchLabels: existing.monitoring.prometheusPodLabels } }], ports: [{ protocol: 'TCP', port: 8081 }] },
    ]);
  });

  test('cluster-monitoring: Prometheus pod labels that select nothing (an empty map would admit every pod of the namespace)', () => {
    const app = new ClusterApp(testSpec({ monitoring: { prometheusPodLabels: {} } }));
    expect(validateClusterSpec(app.spec).map((i) => i.rule)).toEqual(['cluster-monitoring']);
  });

  test('a Prometheus without prometheus-operator gets the policy and the token, but no ServiceMonitor', () => {
    const { find } = hub({ monitoring: { ...existing.monitoring, serviceMonitors: false } });
    expect(find('ServiceMonitor', 'hub')).toBeUndefined();
    expect(find('NetworkPolicy', 'hub-metrics')).toBeDefined();
  });

  test('the cluster model proves Prometheus → hub; without the hub-metrics policy synth names the blocked flow', () => {
    const ok = hub(existing);
    expect(ok.wiring().filter((i) => i.rule.startsWith('flow-') || i.rule.startsWith('monitoring-'))).toEqual([]);
    const blocked = hub(existing);
    const without = blocked.objects.filter((o) => o.json.metadata.name !== 'hub-metrics');
    const findings = checkModel(buildClusterModel(blocked.app.spec, without, blocked.app.packages())).filter((i) => i.rule === 'flow-declared');
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/^Prometheus \(pods in observability, outside hubfleet's output\) → Deployment course-intro\/hub port 8081\/TCP is needed \(the cluster's Prometheus scrapes the hub's metrics \(token with read:metrics only\)\) but blocked: no ingress rule of course-intro\/default-deny, course-intro\/hub admits it\.$/)]);
  });

  test('wiring-service-monitor-secret: a ServiceMonitor reading a key nobody makes fails', () => {
    const { app, objects } = hub(existing);
    const sm = objects.find((o) => o.json.kind === 'ServiceMonitor')!;
    const broken = objects.map((o) => (o === sm ? { ...o, json: { ...o.json, spec: { ...o.json.spec, endpoints: [{ ...o.json.spec.endpoints[0], authorization: { type: 'Bearer', credentials: { name: 'hub-generated', key: 'prometheus-token' } } }] } } } : o));
    const findings = checkModel(buildClusterModel(app.spec, broken, app.packages())).filter((i) => i.rule === 'wiring-service-monitor-secret');
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('Secret course-intro/hub-generated has no key "prometheus-token"')]);
  });
});
