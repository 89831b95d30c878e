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

/** Retry policy for every Application: CRDs installed by another Application may arrive late. */
export const RETRY = { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } } as const;

/** A Helm chart version that pins one release (semver, no ranges, no "latest"). */
export function isPinnedChartVersion(v: unknown): boolean {
  return typeof v === 'string' && /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(v);
}
