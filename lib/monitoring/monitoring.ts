import { Construct } from 'constructs';
import { HelmChartApplication } from '../argocd/helm-chart-application';
import { checkRules, PropRule } from '../core/errors';
import { MAX_SIZE_GIB, valueRule, wholeNumberProblem } from '../core/value-rules';
import { IsolatedNamespace } from '../fleet/isolated-namespace';
import { K8sObject } from '../core/k8s-object';
import { isDnsSubdomain, isDomain, parseCidr, parseIpv4 } from '../core/names';
import { cidrPeer, Peer, tcp } from '../core/network-policy';
import { declareProps } from '../core/props-check';
import { PublicRoute } from '../fleet/public-route';
import { ClusterApp } from '../fleet/cluster-app';
import { ClusterSpec, forbiddenCidrs } from '../fleet/cluster-spec';
import { CERT_MANAGER_CONTROLLER_LABELS } from '../fleet/cluster-facts';
import { CERT_MANAGER_DEFAULT_NAMESPACE, existingCertManagerMetrics, HUBFLEET_MONITORING, monitoringOf } from '../fleet/existing-addons';
import { Package } from '../fleet/package';
import { Endpoint, FlowDecl, HubInventoryEntry } from '../model/declarations';
import { CHARTS } from '../platform/versions';
import { ISecretKeyRef } from '../secrets/secret-ref';
import { IStorageClass } from '../core/storage-class-ref';
import { AlertContext, alertGroups, ExamAlertInput } from './alerts';
import { capacityDashboard, DashboardHub, examsDashboard } from './dashboards/hubfleet';
import { activityDashboard, clusterDashboard, jupyterhubDashboard, supportDashboard, usageReportDashboard, userDashboard } from './dashboards/jupyterhub';
import { FolderedDashboard, grafanaProvisioning } from './grafana-provisioning';
import { PROMETHEUS_NAME, SERVICES } from './stack-names';
import { blackboxPods, CertManagerScrape, stackFlows, stackPods } from './stack-pods';
import { stackPolicies } from './stack-policies';
import { blackboxValues, DEFAULT_RESOURCES, mergeValues, MonitoringResources, NotificationOptions, stackValues } from './stack-values';

/** Grafana: its public host, its admin login and who may reach it. */
export interface GrafanaOptions {
  /**
   * Public host name (TLS from cert-manager through the cluster's ingress).
   * @default `grafana.<domain>`
   */
  readonly host?: string;
  /** The admin password: a key of a SealedSecret in the monitoring namespace (`hubfleet seal`). */
  readonly adminPassword: ISecretKeyRef;
  /**
   * The admin user name: a key of the same Secret (the Grafana chart reads both from one Secret).
   * @default key `admin-user` of the admin password's Secret
   */
  readonly adminUser?: ISecretKeyRef;
  /**
   * Only these client networks reach Grafana (the campus, the VPN).
   * @default undefined (every client; Grafana asks for the login)
   */
  readonly allowedSourceCidrs?: readonly string[];
}

/** Props of {@link Monitoring}. */
export interface MonitoringProps {
  /** Grafana's host, admin login and clients. */
  readonly grafana: GrafanaOptions;
  /**
   * Days Prometheus keeps samples (also bounded by 85 % of its volume, so it never fills it).
   * @default 30
   */
  readonly retentionDays?: number;
  /**
   * Size of Prometheus' volume.
   * @default 50
   */
  readonly prometheusVolumeGiB?: number;
  /**
   * StorageClass of the Prometheus and Alertmanager volumes: block storage that keeps its volumes
   * (Retain), so the metrics survive removing the add-on or its namespace.
   * @default the cluster's database class (ClusterApp.storageFor('database'))
   */
  readonly storageClass?: IStorageClass;
  /**
   * How often Prometheus scrapes and evaluates rules, in seconds.
   * @default 30
   */
  readonly scrapeIntervalSeconds?: number;
  /**
   * Where alerts are sent.
   * @default undefined (alerts show in Alertmanager and Grafana only)
   */
  readonly notifications?: NotificationOptions;
  /**
   * Requests and limits of each component.
   * @default DEFAULT_RESOURCES (lib/monitoring/stack-values.ts)
   */
  readonly resources?: MonitoringResources;
  /**
   * Namespace of node-exporter, the one component that needs Pod Security "privileged".
   * @default `<monitoring namespace>-node-exporter`
   */
  readonly nodeExporterNamespace?: string;
  /**
   * More kube-prometheus-stack values, merged over hubfleet's (maps merge, everything else
   * replaces). Checked against the chart like every value: a misspelt key fails synth.
   * @default {}
   */
  readonly extraValues?: Readonly<Record<string, unknown>>;
}

interface Resolved {
  readonly spec: ClusterSpec;
  readonly namespace: string;
  readonly retentionDays: number;
  readonly volumeGiB: number;
  readonly scrapeIntervalSeconds: number;
  readonly grafanaHost: string;
  readonly adminUser: ISecretKeyRef;
  readonly adminPassword: ISecretKeyRef;
  readonly allowedSourceCidrs?: readonly string[];
  readonly notifications?: NotificationOptions;
  readonly nodeExporterNamespace: string;
}

const isEmail = (s: unknown) => typeof s === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s);
const isHostPort = (s: unknown) => typeof s === 'string' && /^([a-z0-9.-]+|\[[0-9a-f:]+\]):\d{1,5}$/i.test(s) && Number(s.split(':').pop()) <= 65535;
const cidrsOk = (c: readonly string[] | undefined) => c === undefined || (c.length > 0 && c.every((x) => parseCidr(x) !== undefined));
const keyOk = (r: ISecretKeyRef | undefined) => r !== undefined && isDnsSubdomain(r.secretName) && /^[-._a-zA-Z0-9]+$/.test(r.key);

/** The Monitoring validation table; each row has a "fails …" test in test/monitoring/monitoring.test.ts. */
export const MONITORING_RULES: readonly PropRule<Resolved>[] = [
  {
    id: 'monitoring-cluster-spec',
    field: 'ClusterSpec monitoring',
    value: (r) => r.spec.monitoring,
    // The hubs read only monitoringOf(spec): without ClusterSpec monitoring they would expose their
    // metrics to no one (or to the existing Prometheus), and this Prometheus would scrape nothing.
    ok: (r) => monitoringOf(r.spec)?.source === 'hubfleet',
    message: (r) =>
      r.spec.existingAddons?.monitoring
        ? `the ClusterSpec says a Prometheus runs already (existingAddons.monitoring in ${r.spec.existingAddons.monitoring.namespace}): the hubs expose their metrics to it, and this second monitoring stack would scrape none of them.`
        : "the ClusterSpec must state hubfleet's monitoring add-on (monitoring), or no hub exposes its metrics to it: hubs admit only the Prometheus the ClusterSpec names (monitoringOf).",
    fix: (r) =>
      r.spec.existingAddons?.monitoring
        ? "keep one Prometheus: remove the Platform's monitoring prop, or replace existingAddons.monitoring with monitoring: {} in the ClusterSpec."
        : 'set monitoring: {} in the ClusterSpec (or monitoring: { namespace } for another namespace than "monitoring").',
  },
  // Whole numbers in range: the shared grammar of lib/core/value-rules.ts.
  valueRule('monitoring-retention', 'retentionDays', (r: Resolved) => [r.retentionDays], (v) => wholeNumberProblem(v, 1, 3650, 'days'), 'keep a semester and its exams: e.g. 200.'),
  valueRule('monitoring-volume', 'prometheusVolumeGiB', (r: Resolved) => [r.volumeGiB], (v) => wholeNumberProblem(v, 5, MAX_SIZE_GIB, 'GiB'), "size Prometheus' volume for the retention: about 1-2 GiB per day for a few hundred servers, at least 5."),
  valueRule('monitoring-scrape-interval', 'scrapeIntervalSeconds', (r: Resolved) => [r.scrapeIntervalSeconds], (v) => wholeNumberProblem(v, 10, 300, 'seconds'), 'use 30 (the alerts look back 2 minutes and more, so at most 300).'),
  {
    id: 'monitoring-grafana-host',
    field: 'grafana.host',
    value: (r) => r.grafanaHost,
    ok: (r) => isDomain(r.grafanaHost),
    message: "Grafana's host must be a lowercase DNS name.",
    fix: 'e.g. grafana.teaching.example.org.',
  },
  {
    id: 'monitoring-grafana-admin',
    field: 'grafana.adminPassword/adminUser',
    value: (r) => [r.adminPassword, r.adminUser],
    ok: (r) => keyOk(r.adminPassword) && keyOk(r.adminUser) && r.adminUser.secretName === r.adminPassword.secretName && r.adminUser.key !== r.adminPassword.key,
    message: "the Grafana chart reads the admin user and password from one Secret (admin.existingSecret), as two different keys.",
    fix: 'seal both into one Secret of the monitoring namespace, e.g. hubfleet seal --namespace monitoring --name grafana-admin --from-env-file admin.env (admin-user=…, admin-password=…).',
  },
  {
    id: 'monitoring-grafana-clients',
    field: 'grafana.allowedSourceCidrs',
    value: (r) => r.allowedSourceCidrs,
    ok: (r) => cidrsOk(r.allowedSourceCidrs),
    message: 'allowed client networks must be CIDRs.',
    fix: 'e.g. ["129.132.0.0/16"].',
  },
  {
    id: 'monitoring-email',
    field: 'notifications.email',
    value: (r) => r.notifications?.email,
    ok: (r) => {
      const e = r.notifications?.email;
      return !e || (e.to.length > 0 && e.to.every(isEmail) && isEmail(e.from) && isHostPort(e.smarthost) && cidrsOk(e.relayCidrs) && e.relayCidrs.length > 0 && (e.password === undefined || keyOk(e.password)));
    },
    message: 'e-mail alerts need recipients and a sender (e-mail addresses), the relay as host:port, and the relay\'s addresses as CIDRs (Alertmanager\'s NetworkPolicy admits only them).',
    fix: 'e.g. { to: ["platform@example.org"], from: "alerts@example.org", smarthost: "smtp.example.org:587", relayCidrs: ["10.1.2.3/32"] }.',
  },
  {
    id: 'monitoring-chat',
    field: 'notifications.chat',
    value: (r) => r.notifications?.chat,
    ok: (r) => {
      const c = r.notifications?.chat;
      return !c || (keyOk(c.webhookUrl) && cidrsOk(c.cidrs));
    },
    message: 'chat alerts need the webhook URL as a key of a SealedSecret (the URL is the credential) and, if given, the webhook\'s addresses as CIDRs.',
    fix: 'seal the URL: hubfleet seal --namespace monitoring --name alert-notifications, and pass SecretKeyRef.fromName("alert-notifications", "webhook-url").',
  },
];

const MONITORING = Symbol.for('hubfleet.Monitoring');

/**
 * The cluster's monitoring, from upstream charts: kube-prometheus-stack (Prometheus through
 * prometheus-operator, Alertmanager, Grafana, kube-state-metrics with the labels that name a course
 * and a user, node-exporter) and, with NFS, the blackbox exporter that probes the NFS server. See
 * lib/monitoring/README.md.
 *
 * - Prometheus keeps its data on a claim of a Retain StorageClass in a namespace Argo CD never
 *   deletes; retention is a prop (and bounded to 85 % of the volume).
 * - Grafana is stateless: its data sources and dashboards (jupyterhub/grafana-dashboards' and
 *   hubfleet's own: exams, capacity versus use) are ConfigMaps in Git that its sidecars load.
 * - Alerts (lib/monitoring/alerts.ts) are a PrometheusRule in Git, unit-tested with promtool.
 * - Every namespace is default-deny; each component's NetworkPolicy admits exactly the flows its
 *   pods declare, and synth proves them. node-exporter alone runs "privileged", in its own namespace.
 * - Hubs expose their metrics to the Prometheus the ClusterSpec's `monitoring` names: the stack
 *   and the ClusterSpec must agree (rule monitoring-cluster-spec).
 */
export class Monitoring extends Package {
  /** True for Monitoring packages. */
  static isMonitoring(c: unknown): c is Monitoring {
    return typeof c === 'object' && c !== null && MONITORING in c;
  }

  readonly stack: HelmChartApplication;
  readonly blackbox?: HelmChartApplication;
  readonly grafanaHost: string;
  readonly nodeExporterNamespace: string;

  constructor(scope: Construct, id = 'monitoring', props: MonitoringProps) {
    const app = ClusterApp.of(scope);
    const spec = app.spec;
    const namespace = spec.monitoring?.namespace ?? HUBFLEET_MONITORING.namespace;
    super(scope, id, { group: 'platform', namespace });
    Object.defineProperty(this, MONITORING, { value: true });
    declareProps(this, 'MonitoringProps', props);
    const adminPassword = props.grafana?.adminPassword;
    const r: Resolved = {
      spec,
      namespace,
      retentionDays: props.retentionDays ?? 30,
      volumeGiB: props.prometheusVolumeGiB ?? 50,
      scrapeIntervalSeconds: props.scrapeIntervalSeconds ?? 30,
      grafanaHost: props.grafana?.host ?? `grafana.${spec.domain}`,
      adminPassword,
      adminUser: props.grafana?.adminUser ?? { secretName: adminPassword?.secretName, key: 'admin-user' },
      allowedSourceCidrs: props.grafana?.allowedSourceCidrs,
      notifications: props.notifications,
      nodeExporterNamespace: props.nodeExporterNamespace ?? `${namespace}-node-exporter`,
    };
    const path = this.node.path;
    this.addIssues(() => checkRules(path, r, MONITORING_RULES));
    this.grafanaHost = r.grafanaHost;
    this.nodeExporterNamespace = r.nodeExporterNamespace;
    const res = { ...DEFAULT_RESOURCES, ...(props.resources ?? {}) };
    const storageClassName = (props.storageClass ?? app.storageFor('database'))?.storageClassName;
    const n = r.notifications;
    const notificationSecrets = [...new Set([n?.email?.password?.secretName, n?.chat?.webhookUrl.secretName].filter((x): x is string => typeof x === 'string'))].sort();

    const ns = new IsolatedNamespace(this, 'namespace', { name: namespace, labels: { 'hubfleet.io/kind': 'platform' } });
    // Before the charts' Applications (wave -5) start to install into it.
    ns.namespace.addAnnotations({ 'argocd.argoproj.io/sync-wave': '-10' });
    const nodeNs = new IsolatedNamespace(this, 'node-exporter-namespace', {
      name: r.nodeExporterNamespace,
      labels: { 'hubfleet.io/kind': 'platform' },
      podSecurity: 'privileged',
      podSecurityReason: "node-exporter reads the node's /proc, /sys and root filesystem (hostPath volumes) in the host's network and PID namespaces, which every Pod Security level below privileged forbids; nothing else runs in this namespace.",
      keepOnRemoval: false,
    });
    nodeNs.namespace.addAnnotations({ 'argocd.argoproj.io/sync-wave': '-10' });

    // NFS: the blackbox exporter probes the server's port 2049.
    const nfsIp = spec.nfs && parseIpv4(spec.nfs.server) !== undefined ? `${spec.nfs.server}/32` : undefined;
    const nfsPeer: Peer | undefined = spec.nfs ? cidrPeer(nfsIp ?? '0.0.0.0/0') : undefined;
    const nfsEnd: Endpoint | undefined = spec.nfs ? { kind: 'address', cidr: nfsIp ?? '0.0.0.0/0', name: `the NFS server ${spec.nfs.server}` } : undefined;

    // Notifications: the relay's addresses, the chat webhook's (the internet by default).
    const internet = () => cidrPeer('0.0.0.0/0', forbiddenCidrs(spec));
    const notificationPolicies: Array<{ peer: Peer; ports: ReturnType<typeof tcp> }> = [];
    const notificationTargets: Array<{ to: Endpoint; port: number; why: string }> = [];
    if (n?.email && cidrsOk(n.email.relayCidrs) && isHostPort(n.email.smarthost)) {
      const port = Number(n.email.smarthost.split(':').pop());
      for (const c of n.email.relayCidrs) {
        notificationPolicies.push({ peer: cidrPeer(c), ports: tcp(port) });
        notificationTargets.push({ to: { kind: 'address', cidr: c, name: 'the mail relay' }, port, why: 'Alertmanager sends alerts by e-mail' });
      }
    }
    if (n?.chat && cidrsOk(n.chat.cidrs)) {
      if (n.chat.cidrs) for (const c of n.chat.cidrs) notificationPolicies.push({ peer: cidrPeer(c), ports: tcp(443) });
      else notificationPolicies.push({ peer: internet(), ports: tcp(443) });
      // Without CIDRs the webhook is somewhere on the internet: prove the flow to one public address.
      notificationTargets.push({ to: { kind: 'address', cidr: n.chat.cidrs?.[0] ?? '192.0.2.1/32', name: 'the chat webhook' }, port: 443, why: 'Alertmanager posts alerts to the chat' });
    }

    // cert-manager's controller: hubfleet's chart (its values turn on the ServiceMonitor), or one
    // that already runs (existingAddons.certManager: this package renders the ServiceMonitor).
    const existingCm = existingCertManagerMetrics(spec);
    const certManager = (): CertManagerScrape | undefined =>
      app.packages().some((p) => p.declarations.charts.some((c) => c.chart === 'cert-manager'))
        ? { namespace: CERT_MANAGER_DEFAULT_NAMESPACE, labels: CERT_MANAGER_CONTROLLER_LABELS, port: 9402 }
        : existingCm;
    if (existingCm) {
      new K8sObject(this, 'cert-manager-metrics', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: 'cert-manager', namespace, labels: { 'app.kubernetes.io/part-of': 'hubfleet', 'app.kubernetes.io/component': 'monitoring' } },
        spec: {
          namespaceSelector: { matchNames: [existingCm.namespace] },
          selector: { matchLabels: { ...existingCm.labels } },
          endpoints: [{ port: existingCm.servicePort, path: '/metrics', interval: '60s' }],
        },
      });
    }
    const policyScope = new Construct(this, 'policies');
    const podSettings = { namespace, nodeExporterNamespace: r.nodeExporterNamespace, resources: res, volumeGiB: r.volumeGiB, storageClassName, adminUser: r.adminUser, adminPassword: r.adminPassword, notificationSecrets };
    const values = stackValues({
      namespace,
      nodeExporterNamespace: r.nodeExporterNamespace,
      retentionDays: r.retentionDays,
      volumeGiB: r.volumeGiB,
      storageClassName,
      scrapeIntervalSeconds: r.scrapeIntervalSeconds,
      resources: res,
      grafanaHost: r.grafanaHost,
      adminSecret: r.adminPassword?.secretName,
      adminUserKey: r.adminUser.key,
      adminPasswordKey: r.adminPassword?.key,
      notifications: n,
      notificationSecrets,
    });
    this.stack = new HelmChartApplication(this, 'chart', {
      ...CHARTS.kubePrometheusStack,
      releaseName: 'monitoring',
      namespace,
      values: mergeValues(values, props.extraValues ?? {}),
      pods: stackPods(podSettings),
    });
    if (spec.nfs) {
      this.blackbox = new HelmChartApplication(this, 'blackbox-exporter', {
        ...CHARTS.blackboxExporter,
        releaseName: 'blackbox-exporter',
        namespace,
        values: blackboxValues(`${spec.nfs.server}:2049`, res.blackboxExporter),
        pods: blackboxPods(res),
      });
    }

    new PublicRoute(this, 'grafana-route', {
      namespace,
      name: 'grafana',
      host: r.grafanaHost,
      service: SERVICES.grafana.name,
      servicePort: { name: 'http-web', number: SERVICES.grafana.port },
      labels: { 'app.kubernetes.io/part-of': 'hubfleet', 'app.kubernetes.io/component': 'grafana' },
      ...(r.allowedSourceCidrs ? { allowedSourceCidrs: r.allowedSourceCidrs } : {}),
    });

    // What needs the whole app: cert-manager's presence, the hubs (dashboards) and exams (alerts).
    app.addFinalizer(() => {
      const cm = certManager();
      stackPolicies(policyScope, {
        namespace,
        nodeCidr: spec.networks.nodeCidr,
        serviceCidr: spec.networks.serviceCidr ?? '10.43.0.0/16',
        hubPort: 8081,
        certManager: cm,
        ...(nfsPeer ? { nfs: nfsPeer } : {}),
        notifications: notificationPolicies,
        readers: prometheusReaders(app.packages().flatMap((p) => p.declarations.flows)),
      });
      for (const f of stackFlows({ namespace, nodeExporterNamespace: r.nodeExporterNamespace, nodeCidr: spec.networks.nodeCidr, certManager: cm, ...(nfsEnd ? { nfs: nfsEnd } : {}), notificationTargets })) this.declarations.flow(f);
      const hubs = app.packages().flatMap((p) => p.declarations.hubs.map((h) => ({ pkg: p, h })));
      grafanaProvisioning(this, namespace, dashboardsOf(spec.name, hubs.map(({ h }) => dashboardHub(h))));
      const ctx: AlertContext = { exams: hubs.filter(({ h }) => h.kind === 'exam' && h.window).map(({ pkg, h }) => examInput(pkg, h)), nfs: spec.nfs !== undefined, certManager: cm !== undefined };
      new K8sObject(this, 'alerts', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: {
          name: 'hubfleet-alerts',
          namespace,
          labels: { 'app.kubernetes.io/part-of': 'hubfleet', 'app.kubernetes.io/component': 'alerts' },
          // The CRD arrives with the chart in the same sync.
          annotations: { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' },
        },
        spec: { groups: alertGroups(ctx) },
      });
    });
  }
}

/**
 * The pods of other packages that query Prometheus: each declared an allowed flow to the cluster's
 * Prometheus (`{ kind: 'monitoring' }`) on a port; Prometheus' policy admits exactly them.
 */
export function prometheusReaders(flows: readonly FlowDecl[]): Array<{ namespace: string; labels: Readonly<Record<string, string>>; port: number }> {
  const out = new Map<string, { namespace: string; labels: Readonly<Record<string, string>>; port: number }>();
  for (const f of flows) {
    if (f.to.kind !== 'monitoring' || f.expect !== 'allowed' || f.from.kind !== 'pods' || typeof f.port !== 'number') continue;
    const r = { namespace: f.from.namespace, labels: f.from.labels, port: f.port };
    out.set(JSON.stringify(r), r);
  }
  return [...out.values()];
}

/** The dashboards of a cluster, by Grafana folder. */
export function dashboardsOf(cluster: string, hubs: readonly DashboardHub[]): FolderedDashboard[] {
  return [
    { folder: 'JupyterHub', dashboard: jupyterhubDashboard() },
    { folder: 'JupyterHub', dashboard: activityDashboard() },
    { folder: 'JupyterHub', dashboard: clusterDashboard(cluster) },
    { folder: 'JupyterHub', dashboard: userDashboard() },
    { folder: 'JupyterHub', dashboard: usageReportDashboard() },
    { folder: 'JupyterHub', dashboard: supportDashboard(`prometheus-${PROMETHEUS_NAME}-[0-9]+`) },
    { folder: 'hubfleet', dashboard: examsDashboard(hubs) },
    { folder: 'hubfleet', dashboard: capacityDashboard(cluster, hubs) },
  ];
}

/** A hub's inventory entry as the dashboards need it. */
export function dashboardHub(h: HubInventoryEntry): DashboardHub {
  return { name: h.name, kind: h.kind, namespace: h.namespace, concurrency: h.concurrency, memoryGuaranteeGiB: h.size.memoryGuaranteeGiB, ...(h.window ? { window: { start: h.window.start, end: h.window.end } } : {}) };
}

/** An exam's alert input: its window and seats, and when its seat placeholders start (from its CronJob `seat-placeholders`). */
function examInput(pkg: Package, h: HubInventoryEntry): ExamAlertInput {
  let cronJob: any;
  for (const c of pkg.node.findAll()) {
    const m = c instanceof K8sObject ? (c as K8sObject).manifest : undefined;
    if (m?.kind === 'CronJob' && m.metadata.name === 'seat-placeholders') cronJob = m;
  }
  const env: Array<{ name: string; value?: string }> = cronJob?.spec?.jobTemplate?.spec?.template?.spec?.containers?.[0]?.env ?? [];
  const holdFrom = env.find((e) => e.name === 'HOLD_FROM')?.value;
  return {
    name: h.name,
    namespace: h.namespace,
    start: Math.floor(Date.parse(h.window!.start) / 1000),
    end: Math.floor(Date.parse(h.window!.end) / 1000),
    seats: h.concurrency,
    ...(holdFrom !== undefined && /^\d+$/.test(holdFrom) ? { holdFrom: Number(holdFrom) } : {}),
  };
}
