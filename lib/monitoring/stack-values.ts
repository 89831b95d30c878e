import { ContainerResources, resources } from '../core/pod';
import { ISecretKeyRef } from '../secrets/secret-ref';
import {
  DASHBOARD_DIR,
  DASHBOARD_LABEL,
  DATASOURCE_LABEL,
  FOLDER_ANNOTATION,
  FULLNAME,
  SERVICES,
} from './stack-names';

/** Requests and limits of each component (one container each unless named). */
export interface MonitoringResources {
  /** @default 0.5/2 CPU, 2/4 GiB */
  readonly prometheus?: ContainerResources;
  /** Prometheus' and Alertmanager's config-reloader sidecars. @default 0.01/0.1 CPU, 32/64 MiB */
  readonly configReloader?: ContainerResources;
  /** @default 0.05/0.2 CPU, 64/128 MiB */
  readonly alertmanager?: ContainerResources;
  /** @default 0.1/0.5 CPU, 256/512 MiB */
  readonly grafana?: ContainerResources;
  /** Each of Grafana's two sidecars (dashboards, datasources). @default 0.02/0.1 CPU, 64/128 MiB */
  readonly grafanaSidecar?: ContainerResources;
  /** @default 0.05/0.2 CPU, 128/256 MiB */
  readonly kubeStateMetrics?: ContainerResources;
  /** Per node. @default 0.05/0.2 CPU, 32/64 MiB */
  readonly nodeExporter?: ContainerResources;
  /** @default 0.05/0.2 CPU, 64/128 MiB */
  readonly operator?: ContainerResources;
  /** @default 0.02/0.1 CPU, 32/64 MiB */
  readonly blackboxExporter?: ContainerResources;
}

/** Defaults of {@link MonitoringResources}. */
export const DEFAULT_RESOURCES: Required<MonitoringResources> = {
  prometheus: { cpuRequest: 0.5, cpuLimit: 2, memoryRequestMiB: 2048, memoryLimitMiB: 4096 },
  configReloader: { cpuRequest: 0.01, cpuLimit: 0.1, memoryRequestMiB: 32, memoryLimitMiB: 64 },
  alertmanager: { cpuRequest: 0.05, cpuLimit: 0.2, memoryRequestMiB: 64, memoryLimitMiB: 128 },
  grafana: { cpuRequest: 0.1, cpuLimit: 0.5, memoryRequestMiB: 256, memoryLimitMiB: 512 },
  grafanaSidecar: { cpuRequest: 0.02, cpuLimit: 0.1, memoryRequestMiB: 64, memoryLimitMiB: 128 },
  kubeStateMetrics: { cpuRequest: 0.05, cpuLimit: 0.2, memoryRequestMiB: 128, memoryLimitMiB: 256 },
  nodeExporter: { cpuRequest: 0.05, cpuLimit: 0.2, memoryRequestMiB: 32, memoryLimitMiB: 64 },
  operator: { cpuRequest: 0.05, cpuLimit: 0.2, memoryRequestMiB: 64, memoryLimitMiB: 128 },
  blackboxExporter: { cpuRequest: 0.02, cpuLimit: 0.1, memoryRequestMiB: 32, memoryLimitMiB: 64 },
};

/** Where alerts are sent. */
export interface NotificationOptions {
  /** E-mail through the campus relay. @default undefined */
  readonly email?: EmailNotification;
  /**
   * A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat).
   * @default undefined
   */
  readonly chat?: ChatNotification;
}

/** Alerts by e-mail. */
export interface EmailNotification {
  /** Recipients. */
  readonly to: readonly string[];
  /** Sender address. */
  readonly from: string;
  /** The relay, `host:port` (587 with STARTTLS, or 25 inside the campus). */
  readonly smarthost: string;
  /** The relay's addresses (CIDRs): Alertmanager's NetworkPolicy admits only them on the relay's port. */
  readonly relayCidrs: readonly string[];
  /** @default undefined (no SMTP authentication) */
  readonly username?: string;
  /** The SMTP password, a key of a SealedSecret in the monitoring namespace. @default undefined */
  readonly password?: ISecretKeyRef;
}

/** Alerts to a chat channel. */
export interface ChatNotification {
  /** The webhook URL (it holds the credential), a key of a SealedSecret in the monitoring namespace. */
  readonly webhookUrl: ISecretKeyRef;
  /** @default undefined (the webhook's own channel) */
  readonly channel?: string;
  /**
   * Where the webhook lives: Alertmanager may reach these CIDRs on 443.
   * @default ['0.0.0.0/0'] minus private, link-local and the cluster's networks (a service on the internet)
   */
  readonly cidrs?: readonly string[];
}

/** What the values need to know, resolved by the Monitoring construct. */
export interface StackSettings {
  readonly namespace: string;
  readonly nodeExporterNamespace: string;
  readonly retentionDays: number;
  readonly volumeGiB: number;
  readonly storageClassName?: string;
  readonly scrapeIntervalSeconds: number;
  readonly resources: Required<MonitoringResources>;
  readonly grafanaHost: string;
  readonly adminSecret: string;
  readonly adminUserKey: string;
  readonly adminPasswordKey: string;
  readonly notifications?: NotificationOptions;
  /** Secrets Alertmanager mounts (under /etc/alertmanager/secrets/<name>/). */
  readonly notificationSecrets: readonly string[];
}

const r = resources;
/** Where prometheus-operator mounts `alertmanagerSpec.secrets` (pkg/alertmanager/statefulset.go secretsDir). */
export const ALERTMANAGER_SECRETS_DIR = '/etc/alertmanager/secrets';
const secretFile = (ref: ISecretKeyRef) => `${ALERTMANAGER_SECRETS_DIR}/${ref.secretName}/${ref.key}`;

/** Alertmanager's configuration (alertmanager.config): routes to the receivers, secrets read from files. */
export function alertmanagerConfig(n: NotificationOptions | undefined): Record<string, unknown> {
  const receivers: Record<string, unknown>[] = [{ name: 'null' }];
  const routes: Record<string, unknown>[] = [{ receiver: 'null', matchers: ['alertname = "Watchdog"'] }, { receiver: 'null', matchers: ['alertname = "InfoInhibitor"'] }];
  const email = n?.email;
  const chat = n?.chat;
  const team: Record<string, unknown> = { name: 'platform-team' };
  if (email) {
    team.email_configs = [
      {
        to: email.to.join(', '),
        from: email.from,
        smarthost: email.smarthost,
        require_tls: true,
        send_resolved: true,
        ...(email.username ? { auth_username: email.username } : {}),
        ...(email.password ? { auth_password_file: secretFile(email.password) } : {}),
      },
    ];
  }
  if (chat) team.slack_configs = [{ api_url_file: secretFile(chat.webhookUrl), ...(chat.channel ? { channel: chat.channel } : {}), send_resolved: true, title: '{{ .CommonLabels.alertname }} ({{ .Status }})', text: '{{ range .Alerts }}{{ .Annotations.summary }}\n{{ end }}' }];
  const anyReceiver = Boolean(email || chat);
  if (anyReceiver) receivers.push(team);
  return {
    global: { resolve_timeout: '5m' },
    // Upstream's inhibitions (kube-prometheus-stack values.yaml alertmanager.config).
    inhibit_rules: [
      { source_matchers: ['severity = critical'], target_matchers: ['severity =~ warning|info'], equal: ['namespace', 'alertname'] },
      { source_matchers: ['severity = warning'], target_matchers: ['severity = info'], equal: ['namespace', 'alertname'] },
    ],
    route: { group_by: ['alertname', 'namespace'], group_wait: '30s', group_interval: '5m', repeat_interval: '12h', receiver: anyReceiver ? 'platform-team' : 'null', routes },
    receivers,
  };
}

/** The values of kube-prometheus-stack 88.5.3 hubfleet sets (every key is checked against the chart at synth). */
export function stackValues(s: StackSettings): Record<string, unknown> {
  const res = s.resources;
  const retentionSizeGiB = Math.max(1, Math.floor(s.volumeGiB * 0.85));
  return {
    fullnameOverride: FULLNAME,
    // The chart's CRDs (monitoring.coreos.com) are installed with it; Argo CD never deletes a CRD.
    crds: { enabled: true },
    // RKE2 and Kubespray bind the controller manager, scheduler, etcd metrics and kube-proxy metrics
    // to 127.0.0.1: targets Prometheus cannot reach would only fire TargetDown forever.
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
    windowsMonitoring: { enabled: false },
    prometheusOperator: {
      // The admission webhook needs the API server to reach the operator through its NetworkPolicy
      // and a certificate Job; hubfleet checks its rules with promtool at build time instead. Without
      // the webhook's certificate the operator serves its metrics over plain HTTP (in-cluster only).
      admissionWebhooks: { enabled: false },
      tls: { enabled: false },
      resources: r(res.operator),
      prometheusConfigReloader: { resources: r(res.configReloader) },
    },
    prometheus: {
      prometheusSpec: {
        retention: `${s.retentionDays}d`,
        // Below the volume's size, so samples are dropped before the volume fills.
        retentionSize: `${retentionSizeGiB}GiB`,
        scrapeInterval: `${s.scrapeIntervalSeconds}s`,
        evaluationInterval: `${s.scrapeIntervalSeconds}s`,
        resources: r(res.prometheus),
        // The config reloader sends SIGHUP instead of POST /-/reload, so prometheus-operator starts
        // Prometheus without --web.enable-lifecycle (pkg/prometheus/promcfg.go
        // BuildCommonPrometheusArgs; the pod shares its process namespace): nothing admitted to
        // port 9090 (Grafana, the course portal) can POST /-/quit or /-/reload. The admin API stays
        // off (enableAdminAPI: false, the chart's default).
        reloadStrategy: 'ProcessSignal',
        enableAdminAPI: false,
        // Every ServiceMonitor and PrometheusRule of the cluster, not only the release's own: hubs
        // render theirs in their namespaces without knowing this release.
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
        storageSpec: {
          volumeClaimTemplate: {
            spec: {
              ...(s.storageClassName ? { storageClassName: s.storageClassName } : {}),
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: `${s.volumeGiB}Gi` } },
            },
          },
        },
      },
    },
    alertmanager: {
      config: alertmanagerConfig(s.notifications),
      alertmanagerSpec: {
        resources: r(res.alertmanager),
        ...(s.notificationSecrets.length ? { secrets: [...s.notificationSecrets] } : {}),
        storage: {
          volumeClaimTemplate: {
            spec: { ...(s.storageClassName ? { storageClassName: s.storageClassName } : {}), accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        },
      },
    },
    grafana: {
      fullnameOverride: SERVICES.grafana.name,
      // Dashboards and data sources come from ConfigMaps in Git (hubfleet renders them), so Grafana
      // keeps nothing worth a volume: deleting its pod, namespace or a claim loses no dashboard.
      persistence: { enabled: false },
      admin: { existingSecret: s.adminSecret, userKey: s.adminUserKey, passwordKey: s.adminPasswordKey },
      resources: r(res.grafana),
      rbac: { namespaced: true },
      'grafana.ini': {
        server: { root_url: `https://${s.grafanaHost}/` },
        analytics: { check_for_updates: false, check_for_plugin_updates: false, reporting_enabled: false },
        'auth.anonymous': { enabled: false },
        users: { allow_sign_up: false },
      },
      sidecar: {
        resources: r(res.grafanaSidecar),
        dashboards: {
          enabled: true,
          label: Object.keys(DASHBOARD_LABEL)[0],
          labelValue: Object.values(DASHBOARD_LABEL)[0],
          searchNamespace: [s.namespace],
          folder: DASHBOARD_DIR,
          folderAnnotation: FOLDER_ANNOTATION,
          provider: { foldersFromFilesStructure: true, allowUiUpdates: false, disableDelete: true },
        },
        datasources: {
          enabled: true,
          label: Object.keys(DATASOURCE_LABEL)[0],
          labelValue: Object.values(DATASOURCE_LABEL)[0],
          searchNamespace: [s.namespace],
          // hubfleet renders the data sources itself (lib/monitoring/grafana-provisioning.ts).
          defaultDatasourceEnabled: false,
          alertmanager: { enabled: false },
        },
      },
    },
    'kube-state-metrics': {
      fullnameOverride: SERVICES.kubeStateMetrics.name,
      resources: r(res.kubeStateMetrics),
      // The labels that name a course and a user (lib/hub: KubeSpawner's pod labels and the hub's
      // namespace labels), so dashboards and `hubfleet usage` can group by them.
      metricLabelsAllowlist: [
        'pods=[app,component,release,hub.jupyter.org/username,hubfleet.io/course]',
        'namespaces=[hubfleet.io/course,hubfleet.io/kind]',
        'persistentvolumeclaims=[hubfleet.io/data]',
      ],
      metricAnnotationsAllowList: ['pods=[hub.jupyter.org/username]'],
    },
    'prometheus-node-exporter': {
      fullnameOverride: SERVICES.nodeExporter.name,
      namespaceOverride: s.nodeExporterNamespace,
      resources: r(res.nodeExporter),
      // Every node, etcd-only and GPU nodes too (the chart tolerates only NoSchedule taints; RKE2's
      // etcd nodes carry NoExecute).
      tolerations: [{ operator: 'Exists' }],
      prometheus: {
        monitor: {
          // The node name as `node` (the JupyterHub dashboards join node metrics on it).
          relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node', action: 'replace' }],
        },
      },
    },
  };
}

/** The values of prometheus-blackbox-exporter 11.17.2: a TCP probe of the NFS server. */
export function blackboxValues(nfsTarget: string | undefined, res: ContainerResources): Record<string, unknown> {
  return {
    fullnameOverride: SERVICES.blackbox.name,
    resources: r(res),
    // The chart sets no seccomp profile; Pod Security "restricted" needs one.
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    config: { modules: { tcp_connect: { prober: 'tcp', timeout: '5s', tcp: { preferred_ip_protocol: 'ip4' } } } },
    serviceMonitor: {
      enabled: nfsTarget !== undefined,
      defaults: { module: 'tcp_connect', interval: '30s', scrapeTimeout: '10s' },
      ...(nfsTarget ? { targets: [{ name: 'nfs-server', url: nfsTarget }] } : {}),
    },
  };
}

/** Deep merge for user values over hubfleet's (maps merge, everything else replaces), as Helm merges values files. */
export function mergeValues(base: Record<string, unknown>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    const isMap = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
    out[k] = isMap(b) && isMap(v) ? mergeValues(b, v) : v;
  }
  return out;
}
