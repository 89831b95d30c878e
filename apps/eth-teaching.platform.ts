import { ClusterApp } from '../lib/fleet/cluster-app';
import { Platform } from '../lib/platform/platform';

/**
 * The eth-teaching add-ons: sealed-secrets controller, NFS provisioner (homes, course data,
 * exchange), MetalLB on 10.20.3.200-220, Traefik, cert-manager with Let's Encrypt, and the ArgoCD
 * tree. Everything comes from clusters/eth-teaching.ts.
 *
 * ```ts
 * const platform = ethTeachingPlatform(app);
 * new CourseJupyterHub(app, name, { ...course, home: { storageClass: platform.nfs.homes } });
 * ```
 */
export function ethTeachingPlatform(app: ClusterApp): Platform {
  return new Platform(app);
}
