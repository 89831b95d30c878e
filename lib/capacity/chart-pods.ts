import { ModelObject } from '../model/cluster-model';

/**
 * Pods that the Helm charts of the output's Argo CD Applications run. They are not objects of the
 * output (Argo CD renders the chart in the cluster), but they take node resources like any pod, so
 * the capacity plan counts them: replicas and resources come from the Application's `valuesObject`
 * where hubfleet sets them, else from the chart's own defaults at the version hubfleet pins (read
 * in each chart's values.yaml; every chart below defaults `resources` to `{}`, i.e. no requests).
 * Charts not in the table are listed as not counted.
 */
export interface ChartPod {
  readonly chart: string;
  readonly name: string;
  readonly namespace: string;
  readonly kind: 'Deployment' | 'DaemonSet';
  readonly replicas: number;
  /** A pod spec with the containers' resources, node selector and tolerations. */
  readonly podSpec: any;
}

type PodsOf = (values: any, ns: string) => Array<Omit<ChartPod, 'chart' | 'namespace'>>;

const pod = (resources: any, extra: Record<string, unknown> = {}) => ({ containers: [{ name: 'main', resources: resources ?? {} }], ...extra });
const CONTROL_PLANE_TOLERATIONS = [
  { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
];

/** Chart name → the pods it runs. */
export const CHART_PODS: Readonly<Record<string, PodsOf>> = {
  // traefik/traefik-helm-chart v37.3.0 traefik/values.yaml: deployment.replicas 1, resources {}.
  traefik: (v) => [{ name: 'traefik', kind: 'Deployment', replicas: v?.deployment?.replicas ?? 1, podSpec: pod(v?.resources, v?.nodeSelector ? { nodeSelector: v.nodeSelector } : {}) }],
  // cert-manager v1.21.1 deploy/charts/cert-manager/values.yaml: replicaCount 1 and resources {} for
  // the controller, webhook and cainjector (startupapicheck is a Job: transient, not counted).
  'cert-manager': (v) => [
    { name: 'cert-manager', kind: 'Deployment', replicas: v?.replicaCount ?? 1, podSpec: pod(v?.resources) },
    { name: 'cert-manager-webhook', kind: 'Deployment', replicas: v?.webhook?.replicaCount ?? 1, podSpec: pod(v?.webhook?.resources) },
    { name: 'cert-manager-cainjector', kind: 'Deployment', replicas: v?.cainjector?.replicaCount ?? 1, podSpec: pod(v?.cainjector?.resources) },
  ],
  // metallb v0.16.1 charts/metallb/values.yaml: controller.resources {}, speaker.resources {} (a
  // DaemonSet; tolerateMaster: true adds the control-plane tolerations).
  metallb: (v) => [
    { name: 'metallb-controller', kind: 'Deployment', replicas: 1, podSpec: pod(v?.controller?.resources) },
    { name: 'metallb-speaker', kind: 'DaemonSet', replicas: 1, podSpec: pod(v?.speaker?.resources, v?.speaker?.tolerateMaster === false ? {} : { tolerations: CONTROL_PLANE_TOLERATIONS }) },
  ],
  // bitnami-labs/sealed-secrets helm-v2.18.5 helm/sealed-secrets/values.yaml: one controller, resources.requests {}.
  'sealed-secrets': (v) => [{ name: 'sealed-secrets-controller', kind: 'Deployment', replicas: 1, podSpec: pod(v?.resources) }],
};

/** The pods of the output's Helm-chart Applications, and the charts the table does not know. */
export function chartPodsOf(objects: readonly ModelObject[]): { pods: ChartPod[]; unknown: string[] } {
  const pods: ChartPod[] = [];
  const unknown: string[] = [];
  for (const o of objects) {
    const j = o.json;
    const chart = j.kind === 'Application' ? j.spec?.source?.chart : undefined;
    if (typeof chart !== 'string') continue;
    const ns = j.spec?.destination?.namespace ?? 'default';
    const of = CHART_PODS[chart];
    if (!of) {
      unknown.push(`${chart} (Application ${j.metadata?.name})`);
      continue;
    }
    for (const p of of(j.spec?.source?.helm?.valuesObject ?? {}, ns)) pods.push({ ...p, chart, namespace: ns });
  }
  return { pods, unknown };
}
