import { ClusterApp } from '../../lib/fleet/cluster-app';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { MonitoringProps } from '../../lib/monitoring/monitoring';
import { Platform } from '../../lib/platform/platform';
import { SealedSecret } from '../../lib/secrets/sealed-secret';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { SEALED_STAND_IN, testSpec } from '../helpers';

export const IMAGE = 'quay.io/jupyter/minimal-notebook:2025-08-18';

/** A cluster with NFS, MetalLB and a block class, and the ClusterSpec's monitoring stated. */
export function monitoringSpec(overrides: Partial<ClusterSpec> = {}): ClusterSpec {
  return testSpec({
    nfs: { server: '10.0.0.5', exportPath: '/export/hubs' },
    loadBalancerRange: '10.0.0.200-10.0.0.210',
    ingress: { kind: 'ingress', className: 'traefik', controllerNamespace: 'traefik' },
    monitoring: {},
    ...overrides,
  });
}

/** The Grafana admin login (a SealedSecret stand-in in the monitoring namespace). */
export const GRAFANA = { adminPassword: SecretKeyRef.fromName('grafana-admin', 'admin-password') };

/** A platform with monitoring, its sealed Grafana login, and one course hub. */
export function monitoredApp(opts: { spec?: Partial<ClusterSpec>; monitoring?: Partial<MonitoringProps>; sealAdmin?: boolean; hub?: boolean } = {}): { app: ClusterApp; platform: Platform } {
  const app = new ClusterApp(monitoringSpec(opts.spec ?? {}));
  const platform = new Platform(app, 'platform', { monitoring: { grafana: GRAFANA, ...(opts.monitoring ?? {}) } });
  if (opts.sealAdmin !== false) new SealedSecret(platform.monitoring!, 'grafana-admin', { encryptedData: { 'admin-user': SEALED_STAND_IN, 'admin-password': SEALED_STAND_IN } });
  if (opts.hub !== false) new CourseJupyterHub(app, 'intro', { auth: HubAuth.moodle('https://moodle.example.org', ['c1']), image: IMAGE, students: 30, maxConcurrentUsers: 10, home: { storageClass: platform.nfs.homes } });
  return { app, platform };
}
