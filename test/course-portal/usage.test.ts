/**
 * CoursePortal's usage: on a cluster that runs hubfleet's monitoring the portal asks its Prometheus
 * for each course's usage; both NetworkPolicies let exactly that flow through (the portal's egress
 * and Prometheus' ingress, which lib/monitoring admits from the declared flow), the cluster model
 * proves it, and proves that the portal still reaches nothing else of another namespace. A
 * Prometheus that runs already is named with its address; a failing test per row of
 * COURSE_PORTAL_USAGE_RULES.
 */
import { clusterServiceUrl, CoursePortal, CoursePortalProps, COURSE_PORTAL_USAGE_RULES } from '../../lib/course-portal/course-portal';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { collect } from '../../lib/fleet/synth';
import { checkModel } from '../../lib/model/check';
import { buildClusterModel } from '../../lib/model/cluster-model';
import { checkPortalConfig } from '../../lib/portal/config';
import { find, issuesOf, objectsOf, SEALED_STAND_IN, testSpec, warningsOf } from '../helpers';
import { monitoredStack, monitoringSpec } from '../monitoring/fixtures';

const props = (o: Partial<CoursePortalProps> = {}): CoursePortalProps => ({
  image: 'ghcr.io/example/hubfleet-portal:2026-03-01',
  oidc: { issuer: 'https://login.example.org/realms/uni', clientId: 'course-portal', requesterGroups: ['lecturers'] },
  git: { url: 'git@git.example.org:platform/teaching.git', knownHosts: 'git.example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ0aTN5kVyWlZ2PVu8m4WuFb1yc7k6YxWZr4pLj8l2lQ' },
  egress: { idp: { host: 'login.example.org', cidrs: ['192.0.2.10/32'] }, git: { host: 'git.example.org', cidrs: ['192.0.2.20/32'], ports: [22, 443] } },
  sealed: { 'oidc-client-secret': SEALED_STAND_IN, 'deploy-key': SEALED_STAND_IN, 'session-key': SEALED_STAND_IN },
  ...o,
});

/** A cluster with hubfleet's monitoring (and one hub), and the portal. */
function monitored(o: Partial<CoursePortalProps> = {}, spec: Partial<ClusterSpec> = {}) {
  const app = new ClusterApp(monitoringSpec(spec));
  monitoredStack(app);
  new CoursePortal(app, 'course-portal', props(o));
  return app;
}

/** A cluster whose Prometheus runs already (existingAddons.monitoring). */
function existing(o: Partial<CoursePortalProps> = {}) {
  const app = new ClusterApp(testSpec({ existingAddons: { monitoring: { namespace: 'observability', prometheusPodLabels: { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'k8s' } } } }));
  new CoursePortal(app, 'course-portal', props(o));
  return app;
}

const configOf = (app: ClusterApp) => JSON.parse(find(objectsOf(app), 'ConfigMap', 'course-portal-config').data['portal.json']);
const errorsOf = (app: ClusterApp, objects = collect(app).objects) => checkModel(buildClusterModel(app.spec, objects, app.packages())).filter((i) => i.severity !== 'warning');
const portalPolicy = (objects: ReturnType<typeof collect>['objects']) => objects.find((o) => o.json.kind === 'NetworkPolicy' && o.json.metadata.name === 'course-portal')!;
const prometheusPolicy = (objects: ReturnType<typeof collect>['objects']) => objects.find((o) => o.json.kind === 'NetworkPolicy' && o.json.metadata.name === 'prometheus' && o.json.metadata.namespace === 'monitoring')!;

describe('CoursePortal usage on a cluster with hubfleet\'s monitoring', () => {
  test('the portal asks the add-on\'s Prometheus by default; its configuration is one the portal accepts', () => {
    const config = configOf(monitored());
    expect(config.usage).toEqual({ prometheusUrl: 'http://monitoring-prometheus.monitoring.svc:9090' });
    expect(checkPortalConfig(config)).toEqual([]);
    expect(configOf(monitored({ usage: { refreshSeconds: 600 } })).usage).toEqual({ prometheusUrl: 'http://monitoring-prometheus.monitoring.svc:9090', refreshSeconds: 600 });
    // Another monitoring namespace moves the address with it.
    expect(configOf(monitored({}, { monitoring: { namespace: 'metrics' } })).usage.prometheusUrl).toBe('http://monitoring-prometheus.metrics.svc:9090');
  });

  test('both policies admit portal → Prometheus on 9090 and the model proves it, with nothing else of another namespace', () => {
    const app = monitored();
    const { objects } = collect(app);
    expect(portalPolicy(objects).json.spec.egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
      ports: [{ protocol: 'TCP', port: 9090 }],
    });
    expect(prometheusPolicy(objects).json.spec.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'course-portal' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'course-portal', 'app.kubernetes.io/part-of': 'hubfleet' } } }],
      ports: [{ protocol: 'TCP', port: 9090 }],
    });
    const flows = app.packages().flatMap((p) => p.declarations.flows).filter((f) => f.from.kind === 'pods' && f.from.namespace === 'course-portal');
    expect(flows.map((f) => `${f.expect} ${f.to.kind} ${f.port}`)).toEqual(expect.arrayContaining(['allowed monitoring 9090', 'denied other-namespaces any']));
    expect(errorsOf(app, objects)).toEqual([]);
  });

  test('Prometheus\' policy without the portal\'s rule fails the model', () => {
    const app = monitored();
    const { objects } = collect(app);
    const p = prometheusPolicy(objects);
    p.json.spec.ingress = p.json.spec.ingress.filter((r: any) => !JSON.stringify(r.from).includes('course-portal'));
    expect(errorsOf(app, objects).map((e) => e.message).join('\n')).toMatch(/course-portal → prometheus .* port 9090\/TCP is needed .* blocked: no ingress rule of .*monitoring\/prometheus admits it/);
  });

  test('a portal egress rule wider than the Prometheus pods fails the model (it would reach Grafana and Alertmanager)', () => {
    const app = monitored();
    const { objects } = collect(app);
    const p = portalPolicy(objects);
    for (const r of p.json.spec.egress) for (const peer of r.to ?? []) if (peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring') peer.podSelector = {};
    expect(errorsOf(app, objects).map((e) => e.message).join('\n')).toMatch(/course-portal must not reach pods of other namespaces .*admits .*alertmanager .*grafana/);
  });

  test('a portal egress rule to the Prometheus pods on every port fails the model (only 9090 is needed)', () => {
    const app = monitored();
    const { objects } = collect(app);
    const p = portalPolicy(objects);
    for (const r of p.json.spec.egress) if ((r.to ?? []).some((peer: any) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring')) delete r.ports;
    expect(errorsOf(app, objects).map((e) => e.message).join('\n')).toMatch(/course-portal must not reach pods of other namespaces .*admits prometheus/);
  });

  test('usage: false turns it off: no address, no egress to monitoring, no rule in Prometheus\' policy', () => {
    const app = monitored({ usage: false });
    const { objects } = collect(app);
    expect(configOf(app).usage).toBeUndefined();
    expect(JSON.stringify(portalPolicy(objects).json.spec.egress)).not.toContain('monitoring');
    expect(JSON.stringify(prometheusPolicy(objects).json.spec.ingress)).not.toContain('course-portal');
    expect(errorsOf(app, objects)).toEqual([]);
  });
});

describe('CoursePortal usage elsewhere', () => {
  test('a cluster without a Prometheus: no usage by default', () => {
    const app = new ClusterApp(testSpec());
    new CoursePortal(app, 'course-portal', props());
    expect(configOf(app).usage).toBeUndefined();
    expect(issuesOf(app)).toEqual([]);
  });

  test('a Prometheus that runs already: named by its address, reached through its pods\' labels, with a warning that hubfleet cannot admit the portal there', () => {
    expect(configOf(existing()).usage).toBeUndefined();
    const app = existing({ usage: { prometheusUrl: 'http://prometheus-k8s.observability.svc:9090' } });
    expect(configOf(app).usage).toEqual({ prometheusUrl: 'http://prometheus-k8s.observability.svc:9090' });
    expect(issuesOf(app)).toEqual([]);
    const issues = warningsOf(app).filter((i) => i.rule?.startsWith('portal-'));
    expect(issues.map((i) => `${i.rule} ${i.severity}`)).toEqual(['portal-usage-existing-policy warning']);
    expect(issues[0].fix).toContain('"app.kubernetes.io/name":"course-portal"');
    const { objects } = collect(app);
    expect(portalPolicy(objects).json.spec.egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'k8s' } } }],
      ports: [{ protocol: 'TCP', port: 9090 }],
    });
  });

  test('clusterServiceUrl reads service and namespace of in-cluster addresses only', () => {
    expect(clusterServiceUrl('http://prometheus-k8s.observability.svc:9090')).toEqual({ service: 'prometheus-k8s', namespace: 'observability' });
    expect(clusterServiceUrl('https://prometheus-k8s.observability.svc.cluster.local/')).toEqual({ service: 'prometheus-k8s', namespace: 'observability' });
    for (const bad of ['http://prometheus-k8s.observability.svc:65536', 'http://prometheus.example.org:9090', 'http://user:pw@prometheus-k8s.observability.svc:9090', 'http://prometheus-k8s.observability.svc:9090/?q=1', 'ftp://a.b.svc', 'http://a.b.svc.evil.org']) expect(clusterServiceUrl(bad)).toBeUndefined();
  });
});

describe('COURSE_PORTAL_USAGE_RULES', () => {
  const rules = (app: ClusterApp) => issuesOf(app).map((i) => i.rule);
  test('every row has a test below', () => {
    expect(COURSE_PORTAL_USAGE_RULES.map((r) => r.id)).toEqual(['portal-usage-prometheus', 'portal-usage-own-prometheus', 'portal-usage-url', 'portal-usage-numbers', 'portal-usage-existing-policy']);
  });
  test('fails when usage is asked for on a cluster without a Prometheus', () => {
    const app = new ClusterApp(testSpec());
    new CoursePortal(app, 'course-portal', props({ usage: {} }));
    expect(rules(app)).toContain('portal-usage-prometheus');
  });
  test('fails on an address or port of its own for hubfleet\'s Prometheus (the policies admit 9090 at the add-on\'s Service)', () => {
    expect(rules(monitored({ usage: { prometheusUrl: 'http://prometheus.elsewhere.svc:9090' } }))).toContain('portal-usage-own-prometheus');
    expect(rules(monitored({ usage: { prometheusUrl: 'http://monitoring-prometheus.monitoring.svc:9090' } }))).toContain('portal-usage-own-prometheus');
    expect(rules(monitored({ usage: { prometheusPort: 8080 } }))).toContain('portal-usage-own-prometheus');
    expect(rules(monitored({ usage: {} }))).toEqual([]);
  });
  test('fails without an address for a Prometheus that runs already, and on an address outside its namespace', () => {
    expect(rules(existing({ usage: {} }))).toContain('portal-usage-url');
    expect(rules(existing({ usage: { prometheusUrl: 'http://prometheus.monitoring.svc:9090' } }))).toContain('portal-usage-url');
    expect(rules(existing({ usage: { prometheusUrl: 'http://prometheus.example.org:9090' } }))).toContain('portal-usage-url');
    expect(rules(existing({ usage: { prometheusUrl: 'http://prometheus-k8s.observability.svc:99999' } }))).toContain('portal-usage-url');
  });
  test('fails on a port or refresh that is out of range', () => {
    expect(rules(existing({ usage: { prometheusUrl: 'http://prometheus-k8s.observability.svc:9090', prometheusPort: 0 } }))).toContain('portal-usage-numbers');
    expect(rules(monitored({ usage: { refreshSeconds: 1 } }))).toContain('portal-usage-numbers');
  });
  test('warns where hubfleet cannot admit the portal (a Prometheus that runs already)', () => {
    expect(warningsOf(existing({ usage: { prometheusUrl: 'http://prometheus-k8s.observability.svc:9090' } })).map((i) => i.rule)).toContain('portal-usage-existing-policy');
    expect(warningsOf(monitored()).map((i) => i.rule)).not.toContain('portal-usage-existing-policy');
  });
});
