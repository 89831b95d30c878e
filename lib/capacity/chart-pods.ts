import { ClusterModel } from '../model/cluster-model';

/**
 * Pods that the Helm charts of the output's Argo CD Applications run. They are not objects of the
 * output (Argo CD renders the chart in the cluster), but they take node resources like any pod, so
 * the capacity plan counts them as each add-on declares them (`HelmChartApplication` `pods`: replicas
 * or one per node, and the resources its values set; a chart's own defaults request nothing, which
 * counts as nothing). An Application of the output that installs a chart nobody declared pods for is
 * listed as not counted.
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

/** The pods of the output's Helm-chart Applications, and the charts whose pods nobody declared. */
export function chartPodsOf(model: ClusterModel): { pods: ChartPod[]; unknown: string[] } {
  const pods: ChartPod[] = [];
  const declared = new Set<string>();
  for (const { decl } of model.declarations) {
    for (const c of decl.charts) declared.add(c.application);
    for (const p of decl.chartPods) pods.push({ chart: p.chart, name: p.name, namespace: p.namespace, kind: p.perNode ? 'DaemonSet' : 'Deployment', replicas: p.replicas, podSpec: p.podSpec });
  }
  const unknown: string[] = [];
  for (const o of model.objects) {
    const j = o.json;
    const chart = j.kind === 'Application' ? j.spec?.source?.chart : undefined;
    if (typeof chart === 'string' && !declared.has(j.metadata?.name)) unknown.push(`${chart} (Application ${j.metadata?.name})`);
  }
  return { pods, unknown };
}
