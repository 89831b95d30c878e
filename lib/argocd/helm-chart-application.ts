import { Construct } from 'constructs';
import { checkRules, Issue, PropRule } from '../core/errors';
import { K8sObject } from '../core/k8s-object';
import { isDnsLabel, isDnsSubdomain } from '../core/names';
import { Package } from '../fleet/package';
import { ARGOCD_API_VERSION, ARGOCD_NAMESPACE, IN_CLUSTER, isPinnedChartVersion, RETRY, SYNC_WAVE_ANNOTATION } from './argocd';
import { declareProps } from '../core/props-check';
import { FlowDecl } from '../model/declarations';
import { ChartPodSpec, chartPodDecl, chartPodProblem } from './chart-pods';
import { ChartValuesData, ChartValuesRules, chartValuesData, checkChartValues } from './chart-values';

/** Props of a {@link HelmChartApplication}. */
export interface HelmChartApplicationProps {
  /**
   * Name of the Application (in the ArgoCD namespace).
   * @default the chart name
   */
  readonly name?: string;
  /** Helm repository URL, e.g. `https://charts.jetstack.io`. */
  readonly repoURL: string;
  /** Chart name in the repository. */
  readonly chart: string;
  /** Exact chart version (never a range). */
  readonly version: string;
  /**
   * The application version the chart ships (a `ChartPin` carries it), for the reader of the code;
   * not rendered.
   * @default undefined
   */
  readonly appVersion?: string;
  /**
   * Helm release name.
   * @default the chart name
   */
  readonly releaseName?: string;
  /** Namespace the chart is installed into. */
  readonly namespace: string;
  /**
   * Chart values, rendered as `helm.valuesObject` (typed by the add-on that builds them).
   * @default {}
   */
  readonly values?: Readonly<Record<string, unknown>>;
  /**
   * Let ArgoCD create the target namespace with these labels (e.g. Pod Security). Undefined: the
   * namespace must exist already (kube-system).
   * @default undefined
   */
  readonly createNamespace?: { readonly labels: Readonly<Record<string, string>> };
  /**
   * AppProject of the Application.
   * @default 'platform'
   */
  readonly project?: string;
  /**
   * Leave the chart's `crds/` out (`helm.skipCrds`): the add-on renders those CRDs itself, protected
   * from prune and delete (see lib/platform/README.md).
   * @default false
   */
  readonly skipCrds?: boolean;
  /**
   * Sync wave inside the enclosing package's sync (before the custom resources that need the chart's CRDs, at wave 0).
   * @default -5
   */
  readonly syncWave?: number;
  /**
   * The pods the chart runs, for the cluster model (flows, Services, claims, scheduling, capacity):
   * one entry per Deployment, StatefulSet or DaemonSet the chart renders with these values. Required:
   * a chart whose pods hubfleet does not know could sit in a namespace whose NetworkPolicies block
   * it while synth stays silent. `[]` for a chart that runs no pods (CRDs only).
   */
  readonly pods: readonly ChartPodSpec[];
  /**
   * The flows the chart's pods need (and those that must stay closed), proved on the
   * NetworkPolicies of both ends like every construct's.
   * @default []
   */
  readonly flows?: readonly FlowDecl[];
  /**
   * The chart's values keys and schema (scripts/gen-chart-values.js), to check `values` against.
   * @default hubfleet's data for this chart and version (lib/platform/data/charts/<chart>-<version>.json); for a chart hubfleet does not ship data for, the values are not checked (a warning)
   */
  readonly valuesData?: ChartValuesData;
  /**
   * What the chart reads beyond its values.yaml keys (free-form maps, keys documented only in comments).
   * @default {}
   */
  readonly valuesRules?: ChartValuesRules;
}

type Resolved = HelmChartApplicationProps & { readonly name: string };

/** Issues of the values and pods of a chart (rules `helm-chart-values`, `helm-chart-values-unchecked`, `helm-chart-pods`). */
function chartIssues(path: string, r: Resolved): Issue[] {
  const out: Issue[] = [];
  if (r.pods === undefined || r.pods === null) {
    out.push({
      path,
      field: 'pods',
      value: undefined,
      message: `chart ${r.chart} ${r.version} declares no pods, so hubfleet cannot prove that NetworkPolicies let them work, that they fit a node, or count them in capacity (a chart in a default-deny namespace would install and never work).`,
      fix: 'declare pods: one entry per Deployment, StatefulSet or DaemonSet the chart renders, with its namespace, pod labels, container ports, perNode (DaemonSet) or replicas, resources and Services; declare flows for what its pods must reach and what must reach them; use pods: [] for a chart that runs no pods.',
      rule: 'helm-chart-pods',
    });
  } else {
    for (const p of r.pods) {
      const problem = chartPodProblem(p);
      if (problem) out.push({ path, field: 'pods', value: p?.name, message: `${problem}.`, fix: 'declare every pod with a name, its labels, valid ports and a whole number of replicas.', rule: 'helm-chart-pods' });
    }
  }
  const data = r.valuesData ?? chartValuesData(r.chart, r.version);
  if (!data) {
    out.push({
      path,
      field: 'values',
      value: `${r.chart} ${r.version}`,
      message: 'hubfleet has no values data for this chart version, so a misspelt key would be ignored by Helm without a word.',
      fix: 'generate the data from the chart (node scripts/gen-chart-values.js --chart DIR --name CHART --version VERSION --source TEXT) and pass it as valuesData.',
      rule: 'helm-chart-values-unchecked',
      severity: 'warning',
    });
    return out;
  }
  if (data.chart !== r.chart || data.version !== r.version) {
    out.push({ path, field: 'valuesData', value: `${data.chart} ${data.version}`, message: `the values data is for chart ${data.chart} ${data.version}, not ${r.chart} ${r.version}.`, fix: 'generate the data for the version you pin.', rule: 'helm-chart-values' });
    return out;
  }
  for (const p of checkChartValues(r.values ?? {}, data, r.valuesRules)) {
    out.push({ path, field: `values.${p.path}`, value: p.value, message: `${p.message} (chart ${r.chart} ${r.version})`, fix: p.fix, rule: 'helm-chart-values' });
  }
  return out;
}

/** The HelmChartApplication validation table; each row has a "fails …" test in test/argocd/helm-chart-application.test.ts. */
export const HELM_CHART_APPLICATION_RULES: readonly PropRule<Resolved>[] = [
  {
    id: 'helm-chart-version-pinned',
    field: 'version',
    value: (p) => p.version,
    ok: (p) => isPinnedChartVersion(p.version),
    message: 'the chart version must pin one release (e.g. "v1.21.1" or "2.18.5"), not a range or "latest".',
    fix: 'set the exact chart version you reviewed.',
  },
  {
    id: 'helm-chart-repo',
    field: 'repoURL',
    value: (p) => p.repoURL,
    ok: (p) => /^(https:\/\/|oci:\/\/)\S+$/.test(p.repoURL),
    message: 'the Helm repository must be an https:// or oci:// URL.',
    fix: 'use the upstream chart repository URL.',
  },
  {
    id: 'helm-chart-names',
    field: 'name/chart/namespace',
    value: (p) => [p.name, p.chart, p.namespace],
    ok: (p) => isDnsSubdomain(p.name) && /^[a-z0-9][-a-z0-9]*$/.test(p.chart) && isDnsLabel(p.namespace),
    message: 'the Application name, chart name and namespace must be DNS-1123 names.',
    fix: 'use lowercase names, e.g. "cert-manager".',
  },
];

/**
 * An ArgoCD Application that installs an upstream Helm chart pinned to one version, with typed
 * values inline (`helm.valuesObject`). It lives in the ArgoCD namespace, inside the add-on's
 * package, so the package's own Application creates it (app of apps).
 *
 * Automated sync heals drift but never prunes (`prune: false`): a chart upgrade that drops a CRD
 * must not delete every custom resource of that kind. It has no cascade finalizer.
 */
export class HelmChartApplication extends Construct {
  /** True for HelmChartApplication constructs (the GitOps tree lists their repos in the platform AppProject). */
  static isHelmChartApplication(c: unknown): c is HelmChartApplication {
    return c instanceof HelmChartApplication;
  }

  readonly applicationName: string;
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
  readonly apiObject: K8sObject;

  constructor(scope: Construct, id: string, props: HelmChartApplicationProps) {
    super(scope, id);
    declareProps(this, 'HelmChartApplicationProps', props);
    const r: Resolved = { ...props, name: props.name ?? props.chart };
    this.applicationName = r.name;
    this.repoURL = r.repoURL;
    this.chart = r.chart;
    this.version = r.version;
    const path = this.node.path;
    const pkg = Package.ofConstruct(this);
    pkg.addIssues(() => [...checkRules(path, r, HELM_CHART_APPLICATION_RULES), ...chartIssues(path, r)]);
    if (r.pods) pkg.declarations.chart({ application: r.name, chart: r.chart });
    for (const p of r.pods ?? []) if (!chartPodProblem(p)) pkg.declarations.chartPod(chartPodDecl(p, r.chart, r.namespace, r.name));
    for (const f of r.flows ?? []) pkg.declarations.flow(f);

    const syncOptions = [...(r.createNamespace ? ['CreateNamespace=true'] : ['CreateNamespace=false']), 'ServerSideApply=true'];
    this.apiObject = new K8sObject(this, 'application', {
      apiVersion: ARGOCD_API_VERSION,
      kind: 'Application',
      metadata: {
        name: r.name,
        namespace: ARGOCD_NAMESPACE,
        labels: { 'app.kubernetes.io/part-of': 'hubfleet', 'hubfleet.io/kind': 'helm-chart' },
        annotations: { [SYNC_WAVE_ANNOTATION]: String(r.syncWave ?? -5) },
      },
      spec: {
        project: r.project ?? 'platform',
        source: {
          repoURL: r.repoURL,
          chart: r.chart,
          targetRevision: r.version,
          helm: { releaseName: r.releaseName ?? r.chart, ...(r.skipCrds ? { skipCrds: true } : {}), valuesObject: { ...(r.values ?? {}) } },
        },
        destination: { server: IN_CLUSTER, namespace: r.namespace },
        syncPolicy: {
          automated: { prune: false, selfHeal: true },
          syncOptions,
          ...(r.createNamespace ? { managedNamespaceMetadata: { labels: { ...r.createNamespace.labels } } } : {}),
          retry: RETRY,
        },
      },
    });
  }
}
