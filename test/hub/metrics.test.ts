import { ClusterApp } from '../../lib/fleet/cluster-app';
import { ClusterSpec, validateClusterSpec } from '../../lib/fleet/cluster-spec';
import { collect } from '../../lib/fleet/synth';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { buildClusterModel } from '../../lib/model/cluster-model';
import { checkModel } from '../../lib/model/check';
import { issuesOf, testSpec } from '../helpers';
import { monitoredApp } from '../monitoring/fixtures';

/**
 * A hub exposes its metrics to the cluster's Prometheus (lib/hub/hub/metrics.ts), which it learns
 * only from monitoringOf(spec): hubfleet's monitoring add-on (ClusterSpec `monitoring`) or one that
 * runs already (`existingAddons.monitoring`). Most cases use one that runs already; the last block
 * runs both sources through the same hub.
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
const PROMETHEUS_K8S = { namespace: 'observability', prometheusPodLabels: { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'k8s' } };
/** A kube-prometheus (jsonnet) install that runs already, with prometheus-operator's CRDs. */
const existing = { existingAddons: { monitoring: { ...PROMETHEUS_K8S, operatorCrds: true } } };

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
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } }, podSelector: { matchLabels: PROMETHEUS_K8S.prometheusPodLabels } }], ports: [{ protocol: 'TCP', port: 8081 }] },
    ]);
  });

  test('a Prometheus without prometheus-operator\'s CRDs gets the policy, the token and the proved flow, but no ServiceMonitor', () => {
    const { find, h, wiring } = hub({ existingAddons: { monitoring: PROMETHEUS_K8S } });
    expect(find('ServiceMonitor', 'hub')).toBeUndefined();
    expect(find('NetworkPolicy', 'hub-metrics')).toBeDefined();
    expect(h.hubConfig).toContain('"scopes": ["read:metrics"]');
    expect(wiring().filter((i) => i.rule.startsWith('flow-'))).toEqual([]);
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

describe('one resolver, two sources: the same hub on hubfleet\'s add-on and on a Prometheus that runs already', () => {
  const metricsOf = (r: ReturnType<typeof hub>) => ({ policy: r.find('NetworkPolicy', 'hub-metrics')?.spec.ingress, monitor: r.find('ServiceMonitor', 'hub')?.spec.endpoints });

  test('hubfleet\'s add-on (ClusterSpec monitoring): the hub admits its Prometheus pods, and the flow is proved on the chart\'s pods', () => {
    const { app } = monitoredApp({ spec: { monitoring: { namespace: 'metrics' } } });
    const objects = collect(app).objects;
    const model = buildClusterModel(app.spec, objects, app.packages());
    expect(model.monitoring).toMatchObject({ source: 'chart', namespace: 'metrics' });
    const policy = objects.find((o) => o.json.kind === 'NetworkPolicy' && o.json.metadata.name === 'hub-metrics')!.json;
    expect(policy.spec.ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'metrics' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }]);
    expect(objects.some((o) => o.json.kind === 'ServiceMonitor' && o.json.metadata.namespace === 'course-intro')).toBe(true);
    expect(checkModel(model).filter((i) => i.rule.startsWith('flow-'))).toEqual([]);
  });

  test('an existing Prometheus with the operator gets what hubfleet\'s add-on gets, in its own namespace and by its own labels', () => {
    const own = hub({ monitoring: {} });
    const theirs = hub(existing);
    expect(metricsOf(theirs).monitor).toEqual(metricsOf(own).monitor);
    expect(metricsOf(own).policy[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'monitoring' });
    expect(metricsOf(theirs).policy[0].from[0]).toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } }, podSelector: { matchLabels: PROMETHEUS_K8S.prometheusPodLabels } });
    expect(theirs.h.hubConfig).toBe(own.h.hubConfig);
  });

  test('ClusterSpec monitoring without the add-on in any app stack: the flow names what is missing', () => {
    const findings = hub({ monitoring: {} }).wiring().filter((i) => i.rule === 'flow-declared');
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining("the ClusterSpec's monitoring names hubfleet's monitoring add-on (namespace monitoring), but no app stack of the cluster renders its Prometheus")]);
  });

  test('cluster-monitoring-twice: both hubfleet\'s add-on and an existing Prometheus is an error with the fix', () => {
    const issues = validateClusterSpec(testSpec({ monitoring: {}, ...existing }));
    expect(issues.map((i) => i.rule)).toEqual(['cluster-monitoring-twice']);
    expect(issues[0].fix).toContain('keep one');
  });
});
