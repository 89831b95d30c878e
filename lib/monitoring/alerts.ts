/**
 * hubfleet's alert rules: the production set of the largest JupyterHub operators (2i2c, Berkeley
 * DataHub: full volumes, failed spawns, pods stuck Pending, hub and proxy restarts, a hub down) and
 * hubfleet's own (exams, the NFS server, the sealing controller, certificates). One table; each row
 * renders its Prometheus rules for a cluster and carries its `promtool test rules` unit test, a
 * firing and a quiet series (test/monitoring/alerts.test.ts runs them all through promtool).
 *
 * Metrics: kubelet volume stats (`kubelet_volume_stats_*`, the kubelet's /metrics), kube-state-metrics
 * (`kube_*`), JupyterHub's own (/hub/metrics: jupyterhub/metrics.py), the blackbox exporter
 * (`probe_success`), cert-manager (`certmanager_certificate_expiration_timestamp_seconds`).
 */

/** One Prometheus alerting rule, as a rule file holds it. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** An exam, as the exam alerts need it. */
export interface ExamAlertInput {
  readonly name: string;
  readonly namespace: string;
  /** Window start and end, epoch seconds. */
  readonly start: number;
  readonly end: number;
  readonly seats: number;
  /** When the seat placeholders start holding (epoch seconds); undefined: the exam has none. */
  readonly holdFrom?: number;
}

/** What the rules depend on. */
export interface AlertContext {
  readonly exams: readonly ExamAlertInput[];
  /** The cluster has an NFS server that the blackbox exporter probes. */
  readonly nfs: boolean;
  /** cert-manager runs and is scraped. */
  readonly certManager: boolean;
}

/** One input series of a promtool test (promtool's expanding notation, e.g. `0+1x30`). */
export interface TestSeries {
  readonly series: string;
  readonly values: string;
}

/** A promtool unit test of one alert: a firing case and a quiet case. */
export interface AlertTest {
  readonly firing: { readonly series: readonly TestSeries[]; readonly at: string; readonly labels: ReadonlyArray<Readonly<Record<string, string>>> };
  readonly quiet: { readonly series: readonly TestSeries[]; readonly at: string };
}

/** A row of the alert table. */
export interface AlertRow {
  readonly alert: string;
  readonly group: 'hubfleet-volumes' | 'hubfleet-hubs' | 'hubfleet-exams' | 'hubfleet-platform';
  readonly severity: 'warning' | 'critical';
  /** What it watches, for the README. */
  readonly guards: string;
  readonly rules: (ctx: AlertContext) => AlertingRule[];
  readonly test: AlertTest;
}

/** The context the unit tests render the rules with: one exam whose window is 03:00–05:00 of test time, seats held from 02:00. */
export const TEST_CONTEXT: AlertContext = {
  exams: [{ name: 'final', namespace: 'exam-final', start: 3 * 3600, end: 5 * 3600, seats: 3, holdFrom: 2 * 3600 }],
  nfs: true,
  certManager: true,
};

const rule = (alert: string, severity: string, expr: string, forDuration: string | undefined, summary: string, description: string, labels: Record<string, string> = {}): AlertingRule => ({
  alert,
  expr,
  ...(forDuration ? { for: forDuration } : {}),
  labels: { severity, ...labels },
  annotations: { summary, description },
});

/** Volume alerts: less than 10 % (almost full) or 1 % (full: writes fail) of the volume left. */
function volumeRows(what: string, claim: string, example: { namespace: string; pvc: string }): AlertRow[] {
  const sel = `persistentvolumeclaim=~"${claim}"`;
  const ratio = `kubelet_volume_stats_available_bytes{${sel}} / kubelet_volume_stats_capacity_bytes{${sel}}`;
  const series = (available: string): TestSeries[] => [
    { series: `kubelet_volume_stats_available_bytes{namespace="${example.namespace}",persistentvolumeclaim="${example.pvc}"}`, values: available },
    { series: `kubelet_volume_stats_capacity_bytes{namespace="${example.namespace}",persistentvolumeclaim="${example.pvc}"}`, values: '1000x30' },
  ];
  const labels = { namespace: example.namespace, persistentvolumeclaim: example.pvc };
  const name = what.split(' ').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return [
    {
      alert: `${name}VolumeAlmostFull`,
      group: 'hubfleet-volumes',
      severity: 'warning',
      guards: `a ${what.toLowerCase()} volume is 90 % full (less than 10 % left)`,
      rules: () => [rule(`${name}VolumeAlmostFull`, 'warning', `${ratio} < 0.10`, '10m', `${what} volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is 90 % full`, `Less than 10 % of the volume is left. Free space or grow the volume before it fills.`)],
      test: { firing: { series: series('80x30'), at: '15m', labels: [labels] }, quiet: { series: series('200x30'), at: '15m' } },
    },
    {
      alert: `${name}VolumeFull`,
      group: 'hubfleet-volumes',
      severity: 'critical',
      guards: `a ${what.toLowerCase()} volume is full (less than 1 % left: writes fail)`,
      rules: () => [rule(`${name}VolumeFull`, 'critical', `${ratio} < 0.01`, '2m', `${what} volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is full`, `Less than 1 % of the volume is left: writes fail now.`)],
      test: { firing: { series: series('5x30'), at: '5m', labels: [labels] }, quiet: { series: series('80x30'), at: '5m' } },
    },
  ];
}

/** `vector(time())` between two epoch seconds (a rule for a fixed window). */
const during = (from: number, until: number) => `on() (vector(time()) >= ${from} and vector(time()) < ${until})`;

/** The alert table. */
export const ALERT_ROWS: readonly AlertRow[] = [
  ...volumeRows('Home', 'claim-.+', { namespace: 'course-intro', pvc: 'claim-alice' }),
  ...volumeRows('Hub database', 'hub-db-dir', { namespace: 'course-intro', pvc: 'hub-db-dir' }),
  ...volumeRows('Prometheus', 'prometheus-.+-db-prometheus-.+', { namespace: 'monitoring', pvc: 'prometheus-monitoring-prometheus-db-prometheus-monitoring-prometheus-0' }),
  {
    alert: 'ServerSpawnFailures',
    group: 'hubfleet-hubs',
    severity: 'warning',
    guards: 'two or more servers failed to start in 30 minutes (JupyterHub `jupyterhub_server_spawn_duration_seconds{status="failure"}`)',
    rules: () => [
      rule('ServerSpawnFailures', 'warning', 'sum by (namespace) (increase(jupyterhub_server_spawn_duration_seconds_count{status="failure"}[30m])) >= 2', undefined, '{{ $labels.namespace }}: servers fail to start', 'Two or more servers failed to start in the last 30 minutes. Look at the hub log and the failed pods\' events (image pulls, quota, node capacity).'),
    ],
    test: {
      firing: { series: [{ series: 'jupyterhub_server_spawn_duration_seconds_count{namespace="course-intro",status="failure"}', values: '0x10 1 1 1 2 2 2 3x20' }], at: '20m', labels: [{ namespace: 'course-intro' }] },
      quiet: { series: [{ series: 'jupyterhub_server_spawn_duration_seconds_count{namespace="course-intro",status="failure"}', values: '0x10 1x30' }], at: '20m' },
    },
  },
  {
    alert: 'PodPending',
    group: 'hubfleet-hubs',
    severity: 'warning',
    guards: 'a pod has been Pending for 30 minutes (no node fits it, a claim does not bind, an image does not pull)',
    rules: () => [rule('PodPending', 'warning', 'sum by (namespace, pod) (kube_pod_status_phase{phase="Pending"}) > 0', '30m', 'Pod {{ $labels.namespace }}/{{ $labels.pod }} has been Pending for 30 minutes', 'The scheduler found no node for it, or its volume or image is not there. `kubectl describe pod` shows why.')],
    test: {
      firing: { series: [{ series: 'kube_pod_status_phase{namespace="course-intro",pod="jupyter-bob",phase="Pending"}', values: '1x40' }], at: '35m', labels: [{ namespace: 'course-intro', pod: 'jupyter-bob' }] },
      quiet: { series: [{ series: 'kube_pod_status_phase{namespace="course-intro",pod="jupyter-bob",phase="Pending"}', values: '1x20 0x20' }], at: '35m' },
    },
  },
  ...(['hub', 'proxy'] as const).map(
    (component): AlertRow => {
      const container = component === 'hub' ? 'hub' : 'chp';
      const alert = component === 'hub' ? 'HubRestarted' : 'ProxyRestarted';
      const series = (restarts: string): TestSeries[] => [
        { series: `kube_pod_container_status_restarts_total{namespace="course-intro",pod="${component}-1",container="${container}"}`, values: restarts },
        { series: `kube_pod_labels{namespace="course-intro",pod="${component}-1",label_app="jupyterhub",label_component="${component}"}`, values: '1x30' },
      ];
      return {
        alert,
        group: 'hubfleet-hubs',
        severity: 'warning',
        guards: `the ${component} container of a hub restarted (${component === 'hub' ? 'crashes, out of memory: logins fail while it is down' : 'every open notebook connection drops and routes are re-added'})`,
        rules: () => [
          rule(
            alert,
            'warning',
            `sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{container="${container}"}[15m])) > 0 and on (namespace, pod) kube_pod_labels{label_app="jupyterhub", label_component="${component}"}`,
            undefined,
            `The ${component} of {{ $labels.namespace }} restarted`,
            `Container ${container} of pod {{ $labels.pod }} restarted in the last 15 minutes. Its previous log (kubectl logs --previous) says why.`,
          ),
        ],
        test: { firing: { series: series('0x10 1x20'), at: '15m', labels: [{ namespace: 'course-intro', pod: `${component}-1` }] }, quiet: { series: series('1x30'), at: '15m' } },
      };
    },
  ),
  {
    alert: 'HubDown',
    group: 'hubfleet-hubs',
    severity: 'critical',
    guards: 'a hub does not answer its metrics scrape, or its Deployment has no available pod, for 5 minutes',
    rules: () => [
      rule('HubDown', 'critical', 'up{job="hub"} == 0 or kube_deployment_status_replicas_available{deployment="hub"} == 0', '5m', 'The hub of {{ $labels.namespace }} is down', 'Nobody can log in or start a server. Look at the hub pod (kubectl -n {{ $labels.namespace }} get pods) and its log.'),
    ],
    test: {
      firing: { series: [{ series: 'up{job="hub",namespace="course-intro",pod="hub-1"}', values: '1x5 0x20' }], at: '15m', labels: [{ job: 'hub', namespace: 'course-intro', pod: 'hub-1' }] },
      quiet: {
        series: [
          { series: 'up{job="hub",namespace="course-intro",pod="hub-1"}', values: '1x5 0x2 1x20' },
          { series: 'kube_deployment_status_replicas_available{namespace="course-intro",deployment="hub"}', values: '1x30' },
        ],
        at: '15m',
      },
    },
  },
  {
    alert: 'ExamHubNotReady',
    group: 'hubfleet-exams',
    severity: 'critical',
    guards: 'an exam hub is not Ready from 60 minutes before its window until its end (one rule per exam, with the window from the app)',
    rules: (ctx) =>
      ctx.exams.map((e) => {
        const sel = `namespace="${e.namespace}", deployment="hub"`;
        return rule(
          'ExamHubNotReady',
          'critical',
          `(kube_deployment_status_replicas_available{${sel}} < 1 or absent(kube_deployment_status_replicas_available{${sel}})) and ${during(e.start - 3600, e.end)}`,
          '2m',
          `Exam ${e.name}: the hub is not ready`,
          `The exam hub in ${e.namespace} has no ready pod, and the exam starts within the hour or runs. Candidates cannot log in.`,
          { exam: e.name },
        );
      }),
    test: {
      // The window opens at 03:00 test time: from 02:00 the hub must be ready.
      firing: { series: [{ series: 'kube_deployment_status_replicas_available{namespace="exam-final",deployment="hub"}', values: '0x200' }], at: '2h10m', labels: [{ namespace: 'exam-final', deployment: 'hub', exam: 'final' }] },
      quiet: { series: [{ series: 'kube_deployment_status_replicas_available{namespace="exam-final",deployment="hub"}', values: '0x115 1x100' }], at: '2h10m' },
    },
  },
  {
    alert: 'ExamSeatsNotHeld',
    group: 'hubfleet-exams',
    severity: 'critical',
    guards: "an exam's seat placeholders (and the servers that replaced them) are fewer than its seats in the 30 minutes before its window",
    rules: (ctx) =>
      ctx.exams
        .filter((e) => e.holdFrom !== undefined)
        .map((e) => {
          // From 30 minutes before the start (or 10 minutes after the placeholders start, if later) until the start.
          const from = Math.max(e.start - 1800, e.holdFrom! + 600);
          return rule(
            'ExamSeatsNotHeld',
            'critical',
            `(count((kube_pod_status_phase{namespace="${e.namespace}", phase="Running"} == 1) and on (namespace, pod) kube_pod_labels{namespace="${e.namespace}", label_component=~"seat-placeholder|singleuser-server"}) or vector(0)) < ${e.seats} and ${during(from, e.start)}`,
            '5m',
            `Exam ${e.name}: not every seat is held`,
            `Fewer than ${e.seats} seat placeholders and exam servers run in ${e.namespace} before the start: some candidates may find no room. Look for Pending placeholders (kubectl -n ${e.namespace} get pods).`,
            { exam: e.name, namespace: e.namespace },
          );
        }),
    test: {
      firing: {
        series: [
          { series: 'kube_pod_status_phase{namespace="exam-final",pod="seat-0",phase="Running"}', values: '1x200' },
          { series: 'kube_pod_labels{namespace="exam-final",pod="seat-0",label_component="seat-placeholder"}', values: '1x200' },
        ],
        at: '2h40m',
        labels: [{ namespace: 'exam-final', exam: 'final' }],
      },
      quiet: {
        series: [0, 1, 2].flatMap((i) => [
          { series: `kube_pod_status_phase{namespace="exam-final",pod="seat-${i}",phase="Running"}`, values: '1x200' },
          { series: `kube_pod_labels{namespace="exam-final",pod="seat-${i}",label_component="seat-placeholder"}`, values: '1x200' },
        ]),
        at: '2h40m',
      },
    },
  },
  {
    alert: 'NfsServerUnreachable',
    group: 'hubfleet-platform',
    severity: 'critical',
    guards: "the NFS server does not accept connections on 2049 (the blackbox exporter's TCP probe) for 2 minutes: homes hang",
    rules: (ctx) => (ctx.nfs ? [rule('NfsServerUnreachable', 'critical', 'probe_success{target="nfs-server"} == 0', '2m', 'The NFS server is unreachable', 'The TCP probe of the NFS server on port 2049 fails: homes, course data and exchanges hang, and servers cannot start.')] : []),
    test: {
      firing: { series: [{ series: 'probe_success{target="nfs-server",instance="10.20.3.10:2049"}', values: '1x5 0x10' }], at: '10m', labels: [{ target: 'nfs-server', instance: '10.20.3.10:2049' }] },
      quiet: { series: [{ series: 'probe_success{target="nfs-server",instance="10.20.3.10:2049"}', values: '1x15' }], at: '10m' },
    },
  },
  {
    alert: 'SealedSecretsControllerDown',
    group: 'hubfleet-platform',
    severity: 'critical',
    guards: 'the sealed-secrets controller has no available pod for 10 minutes (no SealedSecret is unsealed: new and rotated credentials never arrive)',
    rules: () => {
      const sel = 'namespace="kube-system", deployment="sealed-secrets-controller"';
      return [rule('SealedSecretsControllerDown', 'critical', `kube_deployment_status_replicas_available{${sel}} < 1 or absent(kube_deployment_status_replicas_available{${sel}})`, '10m', 'The sealed-secrets controller is down', 'SealedSecrets are not unsealed: new or rotated credentials (LTI keys, LDAP passwords) do not reach the hubs.')];
    },
    test: {
      firing: { series: [{ series: 'kube_deployment_status_replicas_available{namespace="kube-system",deployment="sealed-secrets-controller"}', values: '1x5 0x20' }], at: '20m', labels: [{ namespace: 'kube-system', deployment: 'sealed-secrets-controller' }] },
      quiet: { series: [{ series: 'kube_deployment_status_replicas_available{namespace="kube-system",deployment="sealed-secrets-controller"}', values: '1x30' }], at: '20m' },
    },
  },
  {
    alert: 'CertificateExpiresSoon',
    group: 'hubfleet-platform',
    severity: 'warning',
    guards: "a certificate expires within 14 days (cert-manager renews 30 days ahead, so renewal has been failing)",
    rules: (ctx) =>
      ctx.certManager
        ? [rule('CertificateExpiresSoon', 'warning', 'certmanager_certificate_expiration_timestamp_seconds - time() < 14 * 86400', '1h', 'Certificate {{ $labels.namespace }}/{{ $labels.name }} expires within 14 days', 'cert-manager has not renewed it: look at the Certificate and its CertificateRequests and Challenges (kubectl describe).')]
        : [],
    test: {
      // Test time starts at 0: an expiry at 10 days fires, at 40 days it does not.
      firing: { series: [{ series: 'certmanager_certificate_expiration_timestamp_seconds{namespace="course-intro",name="jupyterhub-tls"}', values: '864000x90' }], at: '70m', labels: [{ namespace: 'course-intro', name: 'jupyterhub-tls' }] },
      quiet: { series: [{ series: 'certmanager_certificate_expiration_timestamp_seconds{namespace="course-intro",name="jupyterhub-tls"}', values: '3456000x90' }], at: '70m' },
    },
  },
];

/** The rule groups of a cluster (a PrometheusRule's `spec.groups`, or a rule file's `groups`). */
export function alertGroups(ctx: AlertContext): Array<{ name: string; rules: AlertingRule[] }> {
  const groups = new Map<string, AlertingRule[]>();
  for (const row of ALERT_ROWS) {
    const rules = row.rules(ctx);
    if (!rules.length) continue;
    groups.set(row.group, [...(groups.get(row.group) ?? []), ...rules]);
  }
  return [...groups.entries()].map(([name, rules]) => ({ name, rules }));
}

/** Render `{{ $labels.x }}` in an annotation the way the expected values of a promtool test need it. */
function renderAnnotation(text: string, labels: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{ \$labels\.([a-zA-Z_][a-zA-Z0-9_]*) \}\}/g, (_, k: string) => labels[k] ?? '');
}

/**
 * The promtool unit test file (`promtool test rules`) of every row: its firing case expects exactly
 * the alerts listed (labels and rendered annotations), its quiet case none.
 */
export function promtoolTests(ruleFile: string, ctx: AlertContext = TEST_CONTEXT): Record<string, unknown> {
  const tests: unknown[] = [];
  for (const row of ALERT_ROWS) {
    const rules = row.rules(ctx);
    if (!rules.length) throw new Error(`alert ${row.alert} renders no rule in the test context`);
    const r = rules[0];
    const expAlert = (labels: Readonly<Record<string, string>>) => {
      const all = { ...labels, ...r.labels };
      return { exp_labels: all, exp_annotations: Object.fromEntries(Object.entries(r.annotations).map(([k, v]) => [k, renderAnnotation(v, all)])) };
    };
    tests.push({ name: `${row.alert} fires`, interval: '1m', input_series: row.test.firing.series.map((s) => ({ ...s })), alert_rule_test: [{ eval_time: row.test.firing.at, alertname: row.alert, exp_alerts: row.test.firing.labels.map(expAlert) }] });
    tests.push({ name: `${row.alert} stays quiet`, interval: '1m', input_series: row.test.quiet.series.map((s) => ({ ...s })), alert_rule_test: [{ eval_time: row.test.quiet.at, alertname: row.alert, exp_alerts: [] }] });
  }
  return { rule_files: [ruleFile], evaluation_interval: '1m', tests };
}
