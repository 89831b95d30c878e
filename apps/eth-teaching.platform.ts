import { ClusterApp } from '../lib/fleet/cluster-app';
import { Platform } from '../lib/platform/platform';
import { SecretKeyRef } from '../lib/secrets/secret-ref';
import { monitoringSecrets } from './eth-teaching.secrets';

/**
 * The eth-teaching add-ons: sealed-secrets controller, NFS provisioner (homes, course data,
 * exchange), MetalLB on 10.20.3.200-220, Traefik, cert-manager with Let's Encrypt, monitoring
 * (Prometheus keeping a semester and its exams, Grafana for the campus, alerts by e-mail), and the
 * ArgoCD tree. Everything else comes from clusters/eth-teaching.ts.
 *
 * ```ts
 * const platform = ethTeachingPlatform(app);
 * new CourseJupyterHub(app, name, { ...course, home: { storageClass: platform.nfs.homes } });
 * ```
 */
export function ethTeachingPlatform(app: ClusterApp): Platform {
  const platform = new Platform(app, 'platform', {
    monitoring: {
      // A semester and its exam session: about 1 GiB of samples a day for 20 hubs.
      retentionDays: 200,
      prometheusVolumeGiB: 200,
      grafana: { adminPassword: SecretKeyRef.fromName('grafana-admin', 'admin-password'), allowedSourceCidrs: ['129.132.0.0/16'] },
      notifications: {
        email: {
          to: ['platform-team@example-university.ch'],
          from: 'teaching-alerts@example-university.ch',
          smarthost: 'smtp.example-university.ch:587',
          relayCidrs: ['10.20.8.25/32'],
          username: 'teaching-alerts',
          password: SecretKeyRef.fromName('alert-notifications', 'smtp-password'),
        },
      },
    },
  });
  monitoringSecrets(platform.monitoring!);
  return platform;
}
