/** Small builders for the pod fields every hubfleet workload shares. */

/** CPU and memory for one container. */
export interface ContainerResources {
  /** CPU request in cores (e.g. 0.1). */
  readonly cpuRequest: number;
  /** CPU limit in cores. */
  readonly cpuLimit: number;
  /** Memory request in MiB. */
  readonly memoryRequestMiB: number;
  /** Memory limit in MiB. */
  readonly memoryLimitMiB: number;
}

/** Format cores as a Kubernetes CPU quantity (`250m`, `2`). */
export function cpuQuantity(cores: number): string {
  const m = Math.round(cores * 1000);
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

/** Format MiB as a memory quantity (`512Mi`, `2Gi`). */
export function memQuantityMiB(mib: number): string {
  const r = Math.round(mib);
  return r % 1024 === 0 ? `${r / 1024}Gi` : `${r}Mi`;
}

/** Format GiB as a memory quantity. */
export function memQuantityGiB(gib: number): string {
  return memQuantityMiB(gib * 1024);
}

/** The `resources` field of a container. */
export function resources(r: ContainerResources): Record<string, unknown> {
  return {
    requests: { cpu: cpuQuantity(r.cpuRequest), memory: memQuantityMiB(r.memoryRequestMiB) },
    limits: { cpu: cpuQuantity(r.cpuLimit), memory: memQuantityMiB(r.memoryLimitMiB) },
  };
}

/** Pod-level security context meeting Pod Security "restricted". */
export function restrictedPodSecurity(opts: { runAsUser: number; runAsGroup?: number; fsGroup?: number }): Record<string, unknown> {
  return {
    runAsNonRoot: true,
    runAsUser: opts.runAsUser,
    runAsGroup: opts.runAsGroup ?? opts.runAsUser,
    ...(opts.fsGroup !== undefined ? { fsGroup: opts.fsGroup } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level security context meeting Pod Security "restricted". */
export function restrictedContainerSecurity(opts: { readOnlyRootFilesystem?: boolean } = {}): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    ...(opts.readOnlyRootFilesystem ? { readOnlyRootFilesystem: true } : {}),
  };
}

/** ArgoCD annotation that keeps an object on prune and on Application deletion. */
export const KEEP_ON_REMOVAL: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
};
