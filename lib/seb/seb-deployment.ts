/**
 * One SEB Server Deployment in a role (lib/seb/spring-contract.ts): `bundled` (webservice and GUI
 * in one), `ws` (the webservice) or `gui`, with its Spring config (ConfigMap), the password guard
 * of the containers that use the database, its Service and PodDisruptionBudget, and the start
 * contract of SEB Server v2.2.0 checked on exactly the environment the container gets.
 */
import { createHash } from 'crypto';
import { checkRules } from '../core/errors';
import { K8sObject } from '../core/k8s-object';
import { resources, restrictedContainerSecurity, restrictedPodSecurity } from '../core/pod';
import { Package } from '../fleet/package';
import { ISecretKeyRef } from '../secrets/secret-ref';
import { DB_CLIENT_LABEL, SEB_DB } from './mariadb';
import { env, javaEnv, ResolvedSeb, SEB_PORTS, SebSizing, secretEnv } from './resolved';
import { BACKUP, PASSWORD_GUARD_SCRIPT } from './seb-backup';
import { envOfContainer, SEB_ROLE_PROFILES, SEB_START_RULES, SebRole, sebRoleProperties, sebStartContext } from './spring-contract';
import { SEB_UIDS } from './versions';
import { antiAffinity, SebScope, sebPdb, sebService } from './workload';

/** The ConfigMap with a role's application-prod.properties. */
export function springConfigName(role: SebRole): string {
  return role === 'bundled' ? 'seb-server-config' : role === 'ws' ? 'seb-webservice-config' : 'seb-guiservice-config';
}

/** The Spring config of each role the mode runs (bundled; or ws and gui); returns role → properties. */
export function springConfigs(scope: Package, s: SebScope, r: ResolvedSeb): Map<SebRole, string> {
  const roles: SebRole[] = r.mode === 'bundled' ? ['bundled'] : ['ws', 'gui'];
  const props = new Map(roles.map((role) => [role, sebRoleProperties({ role, port: SEB_PORTS.seb, screenProctoringUrl: r.sps ? `https://${r.sps.host}` : undefined })]));
  for (const role of roles) {
    new K8sObject(scope, role === 'gui' ? 'gui-spring-config' : 'spring-config', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: springConfigName(role), namespace: s.namespace, labels: s.labels.labels('config') },
      data: { 'application-prod.properties': props.get(role)! },
    });
  }
  return props;
}

/** The init container that refuses to start SEB Server when `sebserver_password` is not the one the database was made with. */
export function passwordGuard(r: ResolvedSeb): Record<string, unknown> {
  const creds = r.props.credentials;
  return {
    name: 'password-guard',
    image: r.db.image,
    command: ['/bin/bash', '/scripts/password-guard.sh'],
    env: [
      env('DB_HOST', SEB_DB.host),
      env('DB_PORT', String(SEB_DB.port)),
      env('DB_USER', SEB_DB.appUser),
      secretEnv('MYSQL_PWD', creds.databasePassword),
      secretEnv('SEBSERVER_PASSWORD', creds.sebServerPassword),
    ],
    resources: resources({ cpuRequest: 0.05, cpuLimit: 0.2, memoryRequestMiB: 64, memoryLimitMiB: 128 }),
    securityContext: { ...restrictedContainerSecurity({ readOnlyRootFilesystem: true }), runAsUser: SEB_UIDS.mariadb, runAsGroup: SEB_UIDS.mariadb },
    volumeMounts: [{ name: 'scripts', mountPath: '/scripts', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
  };
}

const CHECK_PROBES = {
  // First boot runs the Flyway migrations of an empty database: allow 15 minutes.
  startupProbe: { httpGet: { path: '/sebserver/check', port: 'http' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 90 },
  livenessProbe: { httpGet: { path: '/sebserver/check', port: 'http' }, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4 },
  readinessProbe: { httpGet: { path: '/sebserver/check', port: 'http' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
};

/** What {@link sebDeployment} builds. */
export interface SebDeploymentInput {
  /** Construct id (also of its Service `<cid>-service` and PDB `<cid>-pdb`). */
  readonly cid: string;
  readonly name: string;
  readonly component: string;
  readonly sizing: SebSizing;
  readonly role: SebRole;
  /** The role's application-prod.properties (from {@link springConfigs}). */
  readonly springProperties: string;
  /** Environment after the profile, the password and the Java settings. */
  readonly env: ReadonlyArray<Record<string, unknown>>;
  /** Uses the database: gets the database-client label, the password guard and the scripts volume; never two at once unless distributed. */
  readonly databaseClient: boolean;
  /** Annotations of the Deployment (the immutable-secret note). */
  readonly annotations: Record<string, string>;
  /** Annotations of the Service (Traefik's sticky cookie). */
  readonly serviceAnnotations: Record<string, string>;
  readonly blockEviction: boolean;
}

/** Deployment, Service and PDB of one SEB Server role. */
export function sebDeployment(pkg: Package, s: SebScope, r: ResolvedSeb, o: SebDeploymentInput): void {
  const { labels, select } = s.labels;
  const password: ISecretKeyRef = r.props.credentials.sebServerPassword;
  const podLabels = { ...labels(o.component), ...(o.databaseClient ? DB_CLIENT_LABEL : {}) };
  const configHash = createHash('sha256').update(o.springProperties).update(PASSWORD_GUARD_SCRIPT).digest('hex').slice(0, 16);
  const containerEnv = [env('spring_profiles_active', SEB_ROLE_PROFILES[o.role]), secretEnv('sebserver_password', password), ...javaEnv(o.sizing, SEB_PORTS.seb), ...o.env];
  // The start contract of SEB Server v2.2.0, on exactly what this container gets.
  const start = sebStartContext(o.role, envOfContainer(containerEnv as Array<{ name: string; value?: string; valueFrom?: unknown }>), o.springProperties);
  pkg.addIssues(() => checkRules(`${pkg.node.path}/${o.cid}`, start, SEB_START_RULES));
  const replicas = o.sizing.replicas;
  new K8sObject(pkg, o.cid, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: o.name, namespace: s.namespace, labels: labels(o.component), annotations: o.annotations },
    spec: {
      replicas,
      minReadySeconds: 10,
      // One non-distributed instance must never run next to another against the same database.
      strategy: replicas > 1 || !o.databaseClient ? { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } : { type: 'Recreate' },
      selector: { matchLabels: select(o.component) },
      template: {
        metadata: { labels: podLabels, annotations: { 'hubfleet.io/config-hash': configHash } },
        spec: {
          serviceAccountName: 'seb-server',
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 60,
          securityContext: restrictedPodSecurity({ runAsUser: SEB_UIDS.sebServer, runAsGroup: SEB_UIDS.sebServer, fsGroup: SEB_UIDS.sebServer }),
          ...(replicas > 1 ? { affinity: antiAffinity(select(o.component)) } : {}),
          ...(o.databaseClient ? { initContainers: [passwordGuard(r)] } : {}),
          containers: [
            {
              name: 'seb-server',
              image: r.image,
              ports: [{ name: 'http', containerPort: SEB_PORTS.seb, protocol: 'TCP' }],
              env: containerEnv,
              resources: resources(o.sizing),
              securityContext: restrictedContainerSecurity(),
              ...CHECK_PROBES,
              volumeMounts: [
                { name: 'spring-config', mountPath: '/sebserver/config/spring', readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
                { name: 'log', mountPath: '/sebserver/log' },
              ],
            },
          ],
          volumes: [
            { name: 'spring-config', configMap: { name: springConfigName(o.role) } },
            ...(o.databaseClient ? [{ name: 'scripts', configMap: { name: BACKUP.scripts } }] : []),
            { name: 'tmp', emptyDir: {} },
            { name: 'log', emptyDir: {} },
          ],
        },
      },
    },
  });
  sebService(pkg, s, `${o.cid}-service`, { name: o.name, component: o.component, port: SEB_PORTS.seb, portName: 'http', annotations: o.serviceAnnotations });
  sebPdb(pkg, s, `${o.cid}-pdb`, { name: o.name, component: o.component, replicas, block: o.blockEviction });
}
