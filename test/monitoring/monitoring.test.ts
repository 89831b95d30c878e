import { clusterCapacity } from '../../lib/capacity/pools';
import { isError } from '../../lib/core/errors';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { collect, synthApp, validateObjects } from '../../lib/fleet/synth';
import { buildClusterModel } from '../../lib/model/cluster-model';
import { checkModel } from '../../lib/model/check';
import { MONITORING_RULES, MonitoringProps } from '../../lib/monitoring/monitoring';
import { SealedSecret } from '../../lib/secrets/sealed-secret';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { SEALED_STAND_IN } from '../helpers';
import { GRAFANA, monitoredApp } from './fixtures';

const json = (app: ClusterApp) => collect(app).objects.map((o) => o.json);
const find = (objs: any[], kind: string, name: string, ns?: string) => objs.find((o) => o.kind === kind && o.metadata.name === name && (ns === undefined || o.metadata.namespace === ns));
const stackValues = (app: ClusterApp) => find(json(app), 'Application', 'kube-prometheus-stack').spec.source.helm.valuesObject;
/** Every issue synth reports, errors first (prop rules, schema, safety rules, wiring). */
function allIssues(app: ClusterApp) {
  const { objects, issues } = collect(app);
  const input = [...issues, ...validateObjects(objects)];
  if (input.some(isError)) return input;
  return [...input, ...checkModel(buildClusterModel(app.spec, objects, app.packages()))];
}
const errorRules = (app: ClusterApp) => allIssues(app).filter(isError).map((i) => i.rule);

describe('Monitoring', () => {
  test('a platform with monitoring, a course and an exam passes synth with every check, without warnings', () => {
    const { app } = monitoredApp({ exam: true });
    const out = synthApp(app);
    expect(out.warnings).toEqual([]);
  });

  test('namespaces: monitoring is restricted and kept (it holds the Prometheus claim); node-exporter alone is privileged, with the reason; both default-deny', () => {
    const objs = json(monitoredApp().app);
    const mon = find(objs, 'Namespace', 'monitoring');
    expect(mon.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(mon.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    const ne = find(objs, 'Namespace', 'monitoring-node-exporter');
    expect(ne.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(ne.metadata.annotations['hubfleet.io/pod-security-exception']).toMatch(/hostPath.*host's network and PID namespaces/);
    for (const ns of ['monitoring', 'monitoring-node-exporter']) expect(find(objs, 'NetworkPolicy', 'default-deny', ns)).toBeDefined();
  });

  test('Prometheus keeps its data on a claim of the database class, retention is a prop and stays below the volume', () => {
    const v = stackValues(monitoredApp({ monitoring: { retentionDays: 200, prometheusVolumeGiB: 100 } }).app);
    expect(v.prometheus.prometheusSpec).toMatchObject({ retention: '200d', retentionSize: '85GiB', storageSpec: { volumeClaimTemplate: { spec: { storageClassName: 'local-block', resources: { requests: { storage: '100Gi' } } } } } });
  });

  test('Prometheus runs without its lifecycle and admin APIs: what reaches port 9090 can read, not stop, reload or delete', () => {
    // prometheus-operator adds --web.enable-lifecycle only for the HTTP reload strategy
    // (pkg/prometheus/promcfg.go BuildCommonPrometheusArgs); the chart passes reloadStrategy through
    // (kube-prometheus-stack templates/prometheus/prometheus.yaml). What the flags do on a real
    // Prometheus: test/portal/usage.test.ts.
    expect(stackValues(monitoredApp().app).prometheus.prometheusSpec).toMatchObject({ reloadStrategy: 'ProcessSignal', enableAdminAPI: false });
  });

  test('kube-state-metrics allow-lists the labels that name a course and a user', () => {
    const ksm = stackValues(monitoredApp().app)['kube-state-metrics'];
    expect(ksm.metricLabelsAllowlist).toContain('pods=[app,component,release,hub.jupyter.org/username,hubfleet.io/course]');
    expect(ksm.metricAnnotationsAllowList).toEqual(['pods=[hub.jupyter.org/username]']);
  });

  test('Grafana: admin login from the sealed Secret, a TLS route through the ingress controller, dashboards and data sources in Git', () => {
    const objs = json(monitoredApp().app);
    const g = stackValues(monitoredApp().app).grafana;
    expect(g.admin).toEqual({ existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' });
    const ing = find(objs, 'Ingress', 'grafana', 'monitoring');
    expect(ing.spec.tls).toEqual([{ hosts: ['grafana.hubs.example.org'], secretName: 'grafana-tls' }]);
    expect(ing.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
    expect(objs.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1')).toHaveLength(8);
  });

  test('alerts: one PrometheusRule with every group; exam rules carry the exam window from the app', () => {
    const objs = json(monitoredApp({ exam: true }).app);
    const rule = find(objs, 'PrometheusRule', 'hubfleet-alerts', 'monitoring');
    expect(rule.spec.groups.map((g: any) => g.name)).toEqual(['hubfleet-volumes', 'hubfleet-hubs', 'hubfleet-exams', 'hubfleet-platform']);
    const exam = rule.spec.groups[2].rules.find((r: any) => r.alert === 'ExamHubNotReady');
    // 2026-01-26T12:00 Europe/Berlin = 11:00Z = 1769425200; ready from an hour before until the end (13:00Z).
    expect(exam.expr).toContain(`vector(time()) >= ${1769425200 - 3600} and vector(time()) < ${1769425200 + 7200}`);
    expect(monitoredApp().app && find(json(monitoredApp().app), 'PrometheusRule', 'hubfleet-alerts').spec.groups.map((g: any) => g.name)).not.toContain('hubfleet-exams');
  });

  test('capacity counts the add-on: Prometheus, Grafana and the rest as platform pods, node-exporter on every node', () => {
    const { app } = monitoredApp();
    const c = clusterCapacity(buildClusterModel(app.spec, collect(app).objects, app.packages()));
    const titles = c.platformPods.map((p) => p.title);
    for (const t of ['prometheus (chart kube-prometheus-stack)', 'grafana (chart kube-prometheus-stack)', 'alertmanager (chart kube-prometheus-stack)', 'kube-state-metrics (chart kube-prometheus-stack)', 'blackbox-exporter (chart prometheus-blackbox-exporter)']) expect(titles).toContain(t);
    expect(c.pools.every((p) => p.daemons.some((d) => d.name === 'node-exporter (chart kube-prometheus-stack, DaemonSet)'))).toBe(true);
  });

  test('every flow of the stack is proved; without the Prometheus policy its scrapes are blocked, with a message naming them', () => {
    const { app } = monitoredApp();
    const { objects } = collect(app);
    const without = objects.filter((o) => !(o.json.kind === 'NetworkPolicy' && o.json.metadata.name === 'prometheus'));
    const findings = checkModel(buildClusterModel(app.spec, without, app.packages())).filter((i) => i.rule === 'flow-declared');
    expect(findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/^prometheus \(chart kube-prometheus-stack, pods in monitoring\) → kube-state-metrics .* port 8080\/TCP is needed \(Prometheus scrapes kube-state-metrics.*\) but blocked: no egress rule of monitoring\/default-deny admits it/));
  });

  test('alerts reach the platform team: e-mail and chat from sealed secrets, by file, through egress to the relay and the internet only', () => {
    const { app, platform } = monitoredApp({
      monitoring: {
        notifications: {
          email: { to: ['platform@example.org'], from: 'alerts@example.org', smarthost: 'smtp.example.org:587', relayCidrs: ['10.9.8.7/32'], username: 'alerts', password: SecretKeyRef.fromName('alert-notifications', 'smtp-password') },
          chat: { webhookUrl: SecretKeyRef.fromName('alert-notifications', 'webhook-url') },
        },
      },
    });
    new SealedSecret(platform.monitoring!, 'alert-notifications', { encryptedData: { 'smtp-password': SEALED_STAND_IN, 'webhook-url': SEALED_STAND_IN } });
    expect(allIssues(app).filter(isError)).toEqual([]);
    const am = stackValues(app).alertmanager;
    expect(am.alertmanagerSpec.secrets).toEqual(['alert-notifications']);
    expect(am.config.receivers[1]).toMatchObject({
      name: 'platform-team',
      email_configs: [{ to: 'platform@example.org', smarthost: 'smtp.example.org:587', auth_password_file: '/etc/alertmanager/secrets/alert-notifications/smtp-password' }],
      slack_configs: [{ api_url_file: '/etc/alertmanager/secrets/alert-notifications/webhook-url' }],
    });
    const egress = find(json(app), 'NetworkPolicy', 'alertmanager', 'monitoring').spec.egress;
    expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.9.8.7/32' } }], ports: [{ protocol: 'TCP', port: 587 }] });
    expect(egress).toContainEqual(expect.objectContaining({ to: [{ ipBlock: expect.objectContaining({ cidr: '0.0.0.0/0', except: expect.arrayContaining(['10.0.0.0/8', '169.254.0.0/16']) }) }] }));
  });

  describe('fails', () => {
    const cases: Array<[string, Parameters<typeof monitoredApp>[0]]> = [
      ['monitoring-cluster-spec', { spec: { monitoring: undefined } }],
      // A Prometheus runs already (the hubs admit it), so this stack would scrape none of them.
      ['monitoring-cluster-spec', { spec: { monitoring: undefined, existingAddons: { monitoring: { namespace: 'observability', prometheusPodLabels: { app: 'prometheus' } } } } }],
      ['monitoring-retention', { monitoring: { retentionDays: 0 } }],
      ['monitoring-volume', { monitoring: { prometheusVolumeGiB: 2 } }],
      ['monitoring-scrape-interval', { monitoring: { scrapeIntervalSeconds: 5 } }],
      ['monitoring-grafana-host', { monitoring: { grafana: { ...GRAFANA, host: 'Grafana_Host' } } }],
      ['monitoring-grafana-admin', { monitoring: { grafana: { ...GRAFANA, adminUser: SecretKeyRef.fromName('other', 'user') } } }],
      ['monitoring-grafana-clients', { monitoring: { grafana: { ...GRAFANA, allowedSourceCidrs: ['campus'] } } }],
      ['monitoring-email', { monitoring: { notifications: { email: { to: ['nobody'], from: 'alerts@example.org', smarthost: 'smtp.example.org', relayCidrs: [] } } } }],
      ['monitoring-chat', { monitoring: { notifications: { chat: { webhookUrl: SecretKeyRef.fromName('Bad Name', 'url') } } } }],
    ];
    test.each(cases)('%s on %j', (rule, opts) => {
      expect(errorRules(monitoredApp(opts).app)).toContain(rule);
    });

    test('every row of MONITORING_RULES has a case above', () => {
      expect(new Set(cases.map(([r]) => r))).toEqual(new Set(MONITORING_RULES.map((r) => r.id)));
    });

    test('wiring-chart-claim-retained: Prometheus and Alertmanager on a class that deletes its volumes', () => {
      const { app } = monitoredApp({ spec: { existingStorageClasses: [{ name: 'local-block', provisioner: 'csi.example.org', reclaimPolicy: 'Delete', usedFor: ['database', 'homes'] }] } });
      const found = allIssues(app).filter((i) => i.rule === 'wiring-chart-claim-retained');
      expect(found.map((f) => f.message)).toEqual([expect.stringMatching(/^claim prometheus-monitoring-prometheus-db-prometheus-monitoring-prometheus-\* that chart kube-prometheus-stack creates is on StorageClass "local-block"/), expect.stringMatching(/^claim alertmanager-/)]);
    });

    test('the Grafana admin Secret is not sealed in the monitoring namespace: wiring-secret', () => {
      const found = allIssues(monitoredApp({ sealAdmin: false }).app).filter((i) => i.rule === 'wiring-secret');
      expect(found.map((f) => f.message)).toEqual([expect.stringContaining('grafana-admin'), expect.stringContaining('grafana-admin')]);
    });

    test('a misspelt value in extraValues names the key and the one meant (the bare-metal team lost its dashboards this way)', () => {
      const extraValues: MonitoringProps['extraValues'] = { grafana: { persistance: { enabled: true, size: '10Gi' } } };
      const found = allIssues(monitoredApp({ monitoring: { extraValues } }).app).filter(isError);
      expect(found.map((f) => [f.rule, f.field])).toEqual([['helm-chart-values', 'values.grafana.persistance']]);
      expect(found[0].fix).toBe('did you mean "grafana.persistence"? Rename the key.');
    });
  });
});
