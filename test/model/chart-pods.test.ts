import { HelmChartApplication, HelmChartApplicationProps } from '../../lib/argocd/helm-chart-application';
import { clusterCapacity } from '../../lib/capacity/pools';
import { networkPolicy, podPeer, tcp } from '../../lib/core/network-policy';
import { K8sObject } from '../../lib/core/k8s-object';
import { PublicRoute } from '../../lib/fleet/public-route';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { collect } from '../../lib/fleet/synth';
import { buildClusterModel } from '../../lib/model/cluster-model';
import { pods } from '../../lib/model/declarations';
import { IngressController } from '../../lib/platform/ingress-controller';
import { MetalLb } from '../../lib/platform/metallb';
import { issuesOf, wiringIssuesOf } from '../helpers';
import { app, pkg } from './fixtures';

const CHART: HelmChartApplicationProps = { repoURL: 'https://charts.example.org', chart: 'demo', version: '1.2.3', namespace: 'demo', pods: [] };
const web = { app: 'web' };
const db = { app: 'db' };
const model = (a: ClusterApp) => buildClusterModel(a.spec, collect(a).objects, a.packages());

/** A chart with a web and a database pod in the default-deny namespace `demo`, web needing the database. */
function twoPodChart(a: ClusterApp, extra: Partial<HelmChartApplicationProps> = {}) {
  const p = pkg(a, 'demo');
  new HelmChartApplication(p, 'chart', {
    ...CHART,
    pods: [
      { name: 'web', labels: web, ports: [{ name: 'http', containerPort: 8080 }], replicas: 2, containers: [{ name: 'web', resources: { requests: { cpu: '250m', memory: '256Mi' } } }], services: [{ name: 'web', ports: [{ name: 'http', port: 80, targetPort: 'http' }] }] },
      { name: 'db', labels: db, ports: [{ name: 'pg', containerPort: 5432 }] },
    ],
    flows: [{ from: pods('demo', web, 'the web pods'), to: pods('demo', db, 'the database'), port: 'pg', expect: 'allowed', why: 'the web pods keep their data in the database' }],
    ...extra,
  });
  return p;
}

describe('chart pods', () => {
  test('fails when a chart declares no pods, saying what to declare', () => {
    const a = app();
    const p = pkg(a, 'demo');
    new HelmChartApplication(p, 'chart', { ...CHART, pods: undefined } as unknown as HelmChartApplicationProps);
    const issues = issuesOf(a).filter((i) => i.rule === 'helm-chart-pods');
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toMatch(/declares no pods/);
    expect(issues[0].fix).toMatch(/declare pods: one entry per Deployment, StatefulSet or DaemonSet.*labels.*ports.*perNode.*declare flows/);
  });

  test('fails on a declared pod without labels', () => {
    const a = app();
    new HelmChartApplication(pkg(a, 'demo'), 'chart', { ...CHART, pods: [{ name: 'web', labels: {} }] });
    expect(issuesOf(a).map((i) => i.rule)).toEqual(['helm-chart-pods']);
  });

  test('their flows are proved on the policies of their namespace: blocked in a default-deny namespace, allowed with policies', () => {
    const blocked = app();
    twoPodChart(blocked);
    const findings = wiringIssuesOf(blocked).filter((i) => i.rule === 'flow-declared');
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toMatch(/web \(chart demo, pods in demo\) → db \(chart demo, pods in demo\) port 5432\/TCP is needed \(the web pods keep their data in the database\) but blocked: no egress rule of demo\/default-deny admits it; no ingress rule of demo\/default-deny admits it/);

    const open = app();
    const p = twoPodChart(open);
    networkPolicy(p, 'web-out', { name: 'web', namespace: 'demo', podSelector: web, egress: [{ peers: [podPeer(db)], ports: tcp(5432) }] });
    networkPolicy(p, 'db-in', { name: 'db', namespace: 'demo', podSelector: db, ingress: [{ peers: [podPeer(web)], ports: tcp('pg') }] });
    expect(wiringIssuesOf(open).filter((i) => i.rule.startsWith('flow-'))).toEqual([]);
  });

  test("a chart's Service can be a route's backend: the route's wiring and the controller's flow to its pods are proved", () => {
    const a = app({ ingress: { kind: 'ingress', className: 'traefik', controllerNamespace: 'traefik' } });
    const p = twoPodChart(a);
    new PublicRoute(p, 'route', { namespace: 'demo', name: 'web', host: 'web.hubs.example.org', service: 'web', servicePort: { name: 'http', number: 80 } });
    const rules = wiringIssuesOf(a).map((i) => i.rule);
    expect(rules).not.toContain('wiring-route-backend');
    // default-deny blocks the controller until a policy admits it.
    expect(rules).toContain('flow-route-backends');
  });

  test('claims a chart creates need a StorageClass', () => {
    const a = app();
    const p = pkg(a, 'demo');
    new HelmChartApplication(p, 'chart', { ...CHART, pods: [{ name: 'db', labels: db, claims: [{ name: 'data-db-0', sizeGiB: 10 }] }] });
    expect(wiringIssuesOf(a).map((i) => i.rule)).toContain('wiring-storage-class-named');
  });

  test('capacity counts them (replicas, one per node) and lists an Application whose chart nobody declared pods for', () => {
    const a = app();
    const p = twoPodChart(a);
    new HelmChartApplication(p, 'agent', { ...CHART, name: 'agent', chart: 'agent', pods: [{ name: 'agent', labels: { app: 'agent' }, perNode: true, containers: [{ name: 'agent', resources: { requests: { cpu: '50m', memory: '32Mi' } } }] }] });
    new K8sObject(p, 'raw', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'raw', namespace: 'argocd' }, spec: { project: 'default', source: { repoURL: 'https://charts.example.org', chart: 'raw', targetRevision: '1.0.0' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'demo' } } });
    const c = clusterCapacity(model(a));
    expect(c.platformPods.filter((x) => x.title.startsWith('web (chart demo)')).map((x) => x.title)).toEqual(['web (chart demo)', 'web (chart demo) #2']);
    expect(c.pools.find((x) => x.name === 'worker')!.daemons.map((d) => d.name)).toContain('agent (chart agent, DaemonSet)');
    expect(c.notCounted).toEqual([expect.stringMatching(/^chart raw \(Application raw\): nobody declared its pods/)]);
  });

  test("the cluster's ingress controller is the Traefik chart's pod when the output installs it", () => {
    const a = app({ ingress: { kind: 'ingress', className: 'traefik', controllerNamespace: 'traefik' }, loadBalancerRange: '10.0.0.200-10.0.0.210' });
    new MetalLb(a);
    new IngressController(a);
    const m = model(a);
    expect(m.ingressController.source).toBe('chart');
    expect(m.ingressController.labels).toEqual({ 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': 'traefik-traefik' });
    // MetalLB's speaker runs on the host network: policies neither isolate nor select it.
    const speaker = m.workloads.find((w) => w.name === 'metallb-speaker')!;
    expect(speaker.end).toMatchObject({ hostNetwork: true });
  });
});
