/** Shared ArgoCD facts: API version, namespace, annotations, and the sync options hubfleet uses. */

/** ArgoCD's API group/version for Application and AppProject. */
export const ARGOCD_API_VERSION = 'argoproj.io/v1alpha1';

/** The namespace ArgoCD runs in and reads Applications from. */
export const ARGOCD_NAMESPACE = 'argocd';

/** The in-cluster API server as ArgoCD names it. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

/** Annotation ordering objects within one sync (lower first). */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** Resource-level sync options annotation. */
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

/**
 * The finalizer that makes deleting an Application delete its resources ("cascade"). hubfleet never
 * sets it (nor its `/foreground`/`/background` variants): removing an Application from Git only
 * stops ArgoCD managing the objects. See lib/argocd/README.md.
 */
export const CASCADE_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** True when a finalizer list makes Application deletion cascade into the app's resources. */
export function cascades(finalizers: readonly string[] | undefined): boolean {
  return (finalizers ?? []).some((f) => f === CASCADE_FINALIZER || f.startsWith(`${CASCADE_FINALIZER}/`));
}

/**
 * Retry policy for every Application. On a fresh cluster CRDs installed by another Application
 * (charts) arrive late, and ArgoCD does not wait for a child Application's health (argo-cd
 * docs/operator-manual/health.md, "Argocd App"), so a first sync may fail several times. A failed
 * sync is retried without limit (`limit: -1`, argo-cd controller/appcontroller.go: `Retry.Limit < 0`),
 * 10 s, 20 s, … at most 5 minutes apart, each retry on the newest revision (`refresh`), so a fix
 * pushed meanwhile is picked up. A finite limit would leave an Application stuck after its last
 * retry: automated sync never retries the same commit by itself (docs/user-guide/auto_sync.md).
 */
export const RETRY = { limit: -1, backoff: { duration: '10s', factor: 2, maxDuration: '5m' }, refresh: true } as const;

/**
 * The Argo CD release hubfleet's docs install (lib/argocd/README.md "Bootstrap"); the AppProject
 * and Application CRDs in lib/validate/data come from argo-cd @ 37ee0097cf, whose AppProject CRD is
 * identical to v3.5.1's manifests/crds/appproject-crd.yaml.
 */
export const ARGOCD_VERSION = 'v3.5.1';

/**
 * The oldest Argo CD hubfleet's output works with: course, exam and SEB AppProjects allow exactly
 * one cluster-scoped object, their own Namespace, with `clusterResourceWhitelist[].name`, which
 * appeared in v3.3.0 (manifests/crds/appproject-crd.yaml). An older CRD prunes the unknown `name`,
 * and the project could then create any Namespace. Unlimited retries (`limit: -1`) and
 * `retry.refresh` exist in v3.3.0 too.
 */
export const ARGOCD_MIN_VERSION = 'v3.3.0';

/** Major, minor, patch of `v3.5.1`, or undefined when it is not a release version. */
export function parseArgoCdVersion(v: unknown): [number, number, number] | undefined {
  const m = typeof v === 'string' ? /^v(\d+)\.(\d+)\.(\d+)$/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** True when `v` is a release at least {@link ARGOCD_MIN_VERSION}. */
export function supportsArgoCdVersion(v: unknown): boolean {
  const have = parseArgoCdVersion(v);
  const min = parseArgoCdVersion(ARGOCD_MIN_VERSION)!;
  if (!have) return false;
  for (let i = 0; i < 3; i++) if (have[i] !== min[i]) return have[i] > min[i];
  return true;
}

/**
 * The health check of `argoproj.io/Application` that Argo CD removed in 1.8 (argo-cd
 * docs/operator-manual/health.md, "Argocd App"): an Application is as healthy as its own status
 * says. Set as `resource.customizations.health.argoproj.io_Application` in `argocd-cm` (README
 * "Bootstrap", step 3), the root then waits in each sync wave until the Applications of that wave
 * are Healthy (platform before courses), instead of relying on retries alone.
 */
export const APPLICATION_HEALTH_LUA = [
  'hs = {}',
  'hs.status = "Progressing"',
  'hs.message = ""',
  'if obj.status ~= nil and obj.status.health ~= nil then',
  '  hs.status = obj.status.health.status',
  '  if obj.status.health.message ~= nil then',
  '    hs.message = obj.status.health.message',
  '  end',
  'end',
  'return hs',
  '',
].join('\n');

/** A Helm chart version that pins one release (semver, no ranges, no "latest"). */
export function isPinnedChartVersion(v: unknown): boolean {
  return typeof v === 'string' && /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(v);
}
