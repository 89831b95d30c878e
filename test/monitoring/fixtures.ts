import { ClusterApp } from '../../lib/fleet/cluster-app';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { ExamHub } from '../../lib/hub/exam-hub';
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

export interface MonitoredOptions {
  readonly monitoring?: Partial<MonitoringProps>;
  /** Seal the Grafana admin Secret. @default true */
  readonly sealAdmin?: boolean;
  /** The course hub `intro` (namespace course-intro). @default true */
  readonly hub?: boolean;
  /** The exam hub `final` (namespace exam-final, 3 seats, 2026-01-26 11:00–13:00 UTC). @default false */
  readonly exam?: boolean;
}

/** A platform with monitoring, its sealed Grafana login, a course hub and (optionally) an exam hub. */
export function monitoredStack(app: ClusterApp, opts: MonitoredOptions = {}): Platform {
  const platform = new Platform(app, 'platform', { monitoring: { grafana: GRAFANA, ...(opts.monitoring ?? {}) } });
  if (opts.sealAdmin !== false) new SealedSecret(platform.monitoring!, 'grafana-admin', { encryptedData: { 'admin-user': SEALED_STAND_IN, 'admin-password': SEALED_STAND_IN } });
  const home = { storageClass: platform.nfs.homes };
  if (opts.hub !== false) new CourseJupyterHub(app, 'intro', { auth: HubAuth.moodle('https://moodle.example.org', ['c1'], { staffAdmins: true }), image: IMAGE, students: 30, maxConcurrentUsers: 10, memoryGuaranteeGiB: 0.5, memoryLimitGiB: 2, home });
  if (opts.exam) {
    const auth = HubAuth.ldap({ serverAddress: 'ldap.example.org', bindDnTemplates: ['uid={username},dc=example,dc=org'], allowedGroups: ['cn=candidates,dc=example,dc=org'] });
    new ExamHub(app, 'final', { auth, image: IMAGE, students: 3, seats: 3, memoryGuaranteeGiB: 1, allowedSourceCidrs: ['10.30.10.0/24'], home, window: { start: '2026-01-26T12:00', end: '2026-01-26T14:00', timeZone: 'Europe/Berlin' } });
  }
  return platform;
}

/** A ClusterApp with {@link monitoredStack}. */
export function monitoredApp(opts: MonitoredOptions & { spec?: Partial<ClusterSpec> } = {}): { app: ClusterApp; platform: Platform } {
  const app = new ClusterApp(monitoringSpec(opts.spec ?? {}));
  return { app, platform: monitoredStack(app, opts) };
}
