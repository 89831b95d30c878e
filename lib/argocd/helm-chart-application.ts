import { Construct } from 'constructs';
import { checkRules, PropRule } from '../core/errors';
import { K8sObject } from '../core/k8s-object';
import { isDnsLabel, isDnsSubdomain } from '../core/names';
import { Package } from '../fleet/package';
import { ARGOCD_API_VERSION, ARGOCD_NAMESPACE, IN_CLUSTER, isPinnedChartVersion, RETRY, SYNC_WAVE_ANNOTATION } from './argocd';
import { declareProps } from '../core/props-check';

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
}

type Resolved = HelmChartApplicationProps & { readonly name: string };

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
    Package.ofConstruct(this).addIssues(() => checkRules(path, r, HELM_CHART_APPLICATION_RULES));

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
