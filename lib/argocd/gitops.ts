import { checkRules, PropRule } from '../core/errors';
import { K8sObject } from '../core/k8s-object';
import { ClusterApp } from '../fleet/cluster-app';
import { Package } from '../fleet/package';
import { ARGOCD_API_VERSION, ARGOCD_MIN_VERSION, ARGOCD_NAMESPACE, ARGOCD_VERSION, IN_CLUSTER, RETRY, supportsArgoCdVersion, SYNC_WAVE_ANNOTATION } from './argocd';
import { HelmChartApplication } from './helm-chart-application';
import { declareProps } from '../core/props-check';

/** Props of {@link GitOps}. */
export interface GitOpsProps {
  /**
   * Name of the root Application (app of apps) and of its AppProject.
   * @default 'root'
   */
  readonly rootName?: string;
  /**
   * Sync wave of the AppProjects inside the root sync (they must exist before their Applications).
   * @default -50
   */
  readonly projectSyncWave?: number;
  /**
   * The Argo CD release that syncs this cluster (checked: hubfleet's AppProjects need
   * {@link ARGOCD_MIN_VERSION} or newer).
   * @default ARGOCD_VERSION ('v3.5.1', the release lib/argocd/README.md installs)
   */
  readonly argocdVersion?: string;
}

/** The package facts the ArgoCD tree is built from. */
export interface PackageEntry {
  readonly path: string;
  readonly group: string;
  readonly outputDir: string;
  readonly namespace?: string;
  readonly clusterScoped: boolean;
}

/** The GitOps validation table (over every package of the app); each row has a "fails …" test in test/argocd/gitops.test.ts. */
export const GITOPS_RULES: readonly PropRule<readonly PackageEntry[]>[] = [
  {
    id: 'gitops-package-namespace',
    field: 'namespace',
    value: (ps) => ps.filter((p) => !p.clusterScoped && !p.namespace).map((p) => p.path),
    ok: (ps) => ps.every((p) => p.clusterScoped || !!p.namespace),
    message: 'a package that may not create cluster-scoped objects needs a namespace: its AppProject allows deploying only there.',
    fix: 'give the packages listed in the value a namespace (PackageProps.namespace).',
  },
  {
    id: 'gitops-application-names',
    field: 'outputDir',
    value: (ps) => ps.map((p) => applicationName(p.outputDir)).filter((n, i, all) => all.indexOf(n) !== i),
    ok: (ps) => new Set(ps.map((p) => applicationName(p.outputDir))).size === ps.length,
    message: 'two packages map to the same Application name (their output folders differ only in "/" vs "-").',
    fix: 'rename one of the packages listed in the value.',
  },
];

/** The Application name of a package: its output folder with "/" as "-", e.g. `courses-intro-programming`. */
export function applicationName(outputDir: string): string {
  return outputDir.replace(/\/+/g, '-').toLowerCase();
}

/** The GitOps prop table; each row has a "fails …" test in test/argocd/gitops.test.ts. */
export const GITOPS_PROP_RULES: readonly PropRule<{ argocdVersion: string }>[] = [
  {
    id: 'gitops-argocd-version',
    field: 'argocdVersion',
    value: (p) => p.argocdVersion,
    ok: (p) => supportsArgoCdVersion(p.argocdVersion),
    message: `course, exam and SEB AppProjects allow only their own Namespace through clusterResourceWhitelist[].name, which Argo CD knows from ${ARGOCD_MIN_VERSION} on; an older AppProject CRD drops the name and lets the project create any Namespace.`,
    fix: `upgrade Argo CD to ${ARGOCD_MIN_VERSION} or newer (lib/argocd/README.md installs ${ARGOCD_VERSION}) and set argocdVersion to the release you run, e.g. "${ARGOCD_VERSION}".`,
  },
];

const GITOPS = Symbol.for('hubfleet.GitOps');

/**
 * The ArgoCD tree of one cluster, written to `dist/<cluster>/k8s/argocd/`: a root Application (app
 * of apps) that syncs that folder, the AppProjects, and one Application per package. Built in a
 * ClusterApp finalizer, so it lists every package, whenever it was added.
 *
 * - AppProject `platform`: every platform package and the Helm charts they install; may create
 *   cluster-scoped objects.
 * - One AppProject per course, exam and SEB package, named like its Application: destination only
 *   its namespace; of the cluster-scoped kinds only the Namespace of that name.
 * - Applications sync with prune and self-heal, never create namespaces, and have no cascade
 *   finalizer: removing one from Git leaves its objects (and all data) in place.
 */
export class GitOps extends Package {
  /** The GitOps tree of an app, created on first use. */
  static of(app: ClusterApp, props: GitOpsProps = {}): GitOps {
    const existing = app.node.tryFindChild('argocd');
    if (existing && (existing as any)[GITOPS]) return existing as GitOps;
    return new GitOps(app, props);
  }

  readonly rootName: string;

  constructor(app: ClusterApp, props: GitOpsProps = {}) {
    super(app, 'argocd', { group: 'argocd', namespace: ARGOCD_NAMESPACE, outputDir: 'argocd', clusterScoped: false });
    declareProps(this, 'GitOpsProps', props);
    Object.defineProperty(this, GITOPS, { value: true });
    this.rootName = props.rootName ?? 'root';
    const versionIssues = checkRules(`${this.node.path}`, { argocdVersion: props.argocdVersion ?? ARGOCD_VERSION }, GITOPS_PROP_RULES);
    this.addIssues(() => versionIssues);
    const projectWave = String(props.projectSyncWave ?? -50);
    const spec = app.spec;
    const repoURL = spec.gitops.repoUrl;
    const revision = spec.gitops.revision ?? 'main';
    const prefix = (spec.gitops.pathPrefix ?? 'dist').replace(/^\/+|\/+$/g, '');
    const folder = (dir: string) => [prefix, app.clusterName, 'k8s', dir].filter((s) => s !== '').join('/');
    const labels = { 'app.kubernetes.io/part-of': 'hubfleet', 'hubfleet.io/cluster': app.clusterName };

    app.addFinalizer(() => {
      const packages = app.packages().filter((p) => p !== this);
      const entries: PackageEntry[] = packages.map((p) => ({ path: p.node.path, group: p.group, outputDir: p.outputDir, namespace: p.targetNamespace, clusterScoped: p.clusterScoped }));
      const issues = checkRules(this.node.path, entries, GITOPS_RULES);
      this.addIssues(() => issues);

      // --- root: the app of apps -------------------------------------------------------------
      this.project('project-root', this.rootName, projectWave, labels, {
        description: `hubfleet root of ${app.clusterName}: AppProjects and Applications only`,
        sourceRepos: [repoURL],
        destinations: [{ server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE }],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [
          { group: 'argoproj.io', kind: 'AppProject' },
          { group: 'argoproj.io', kind: 'Application' },
        ],
      });
      this.application('root', this.rootName, this.syncWave, labels, {
        project: this.rootName,
        source: { repoURL, targetRevision: revision, path: folder(this.outputDir) },
        destination: { server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE },
      });

      // --- platform: one shared AppProject -----------------------------------------------------
      const platform = packages.filter((p) => p.group === 'platform');
      if (platform.length > 0) {
        const chartRepos = new Set<string>();
        for (const p of platform) for (const c of p.node.findAll()) if (HelmChartApplication.isHelmChartApplication(c)) chartRepos.add(c.repoURL);
        this.project('project-platform', 'platform', projectWave, labels, {
          description: 'cluster add-ons: may create cluster-scoped objects and install Helm charts',
          sourceRepos: [repoURL, ...[...chartRepos].sort()],
          destinations: [{ server: IN_CLUSTER, namespace: '*' }],
          clusterResourceWhitelist: [{ group: '*', kind: '*' }],
        });
      }

      // --- one Application per package, one AppProject per non-platform package ----------------
      const seen = new Set<string>();
      for (const p of packages) {
        const name = applicationName(p.outputDir);
        if (seen.has(name)) continue; // reported by gitops-application-names
        seen.add(name);
        let project = 'platform';
        if (p.group !== 'platform') {
          project = name;
          this.project(`project-${name}`, name, projectWave, labels, {
            description: `${p.group} package ${p.packageName}: only namespace ${p.targetNamespace ?? '(none)'}`,
            sourceRepos: [repoURL],
            destinations: [{ server: IN_CLUSTER, namespace: p.targetNamespace ?? '' }],
            clusterResourceWhitelist: p.clusterScoped
              ? [{ group: '*', kind: '*' }]
              : p.targetNamespace
                ? [{ group: '', kind: 'Namespace', name: p.targetNamespace }]
                : [],
          });
        }
        this.application(`app-${name}`, name, p.syncWave, { ...labels, 'hubfleet.io/group': p.group }, {
          project,
          source: { repoURL, targetRevision: revision, path: folder(p.outputDir) },
          destination: { server: IN_CLUSTER, ...(p.targetNamespace ? { namespace: p.targetNamespace } : {}) },
        });
      }
    });
  }

  private project(id: string, name: string, wave: string, labels: Record<string, string>, spec: Record<string, unknown>): K8sObject {
    return new K8sObject(this, id, {
      apiVersion: ARGOCD_API_VERSION,
      kind: 'AppProject',
      metadata: { name, namespace: ARGOCD_NAMESPACE, labels, annotations: { [SYNC_WAVE_ANNOTATION]: wave } },
      spec,
    });
  }

  private application(id: string, name: string, wave: number, labels: Record<string, string>, spec: { project: string; source: unknown; destination: unknown }): K8sObject {
    return new K8sObject(this, id, {
      apiVersion: ARGOCD_API_VERSION,
      kind: 'Application',
      // No finalizers: deleting the Application (by hand, or by the root's prune when the package
      // leaves Git) orphans its objects instead of deleting them.
      metadata: { name, namespace: ARGOCD_NAMESPACE, labels, annotations: { [SYNC_WAVE_ANNOTATION]: String(wave) } },
      spec: {
        ...spec,
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          // SkipDryRunOnMissingResource: a custom resource whose CRD another Application installs (a
          // SealedSecret, a ClusterIssuer, a Traefik Middleware) must not fail the dry run of the whole
          // package on a fresh cluster; its apply fails until the CRD exists, and RETRY covers that.
          syncOptions: ['CreateNamespace=false', 'ServerSideApply=true', 'PruneLast=true', 'FailOnSharedResource=true', 'SkipDryRunOnMissingResource=true'],
          retry: RETRY,
        },
      },
    });
  }
}
