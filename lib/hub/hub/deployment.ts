/**
 * The hub pod: Deployment `hub` (one replica, Recreate: sqlite cannot be shared) with the init
 * container that creates the generated Secret, the optional template clone, and Service `hub`.
 */
import { Construct } from 'constructs';
import { K8sObject } from '../../core/k8s-object';
import { resources, restrictedContainerSecurity, restrictedPodSecurity } from '../../core/pod';
import { HubAuth } from '../auth';
import { HubTemplates, TEMPLATE_DIR, templatesInitContainer } from '../extensions';
import { HUB_PORTS } from '../ports';
import { HubLabels } from '../resolved';
import { IMAGES } from '../versions';
import { HubConfigFiles, HubSecretEnv } from './config';
import { generatedSecretEnv } from './generated-secret-env';
import { GENERATED_KEYS, GENERATED_SECRET_NAME } from './generated-secrets';
import { METRICS_TOKEN_ENV } from './metrics';

/** What {@link hubDeployment} builds the hub pod from. */
export interface HubDeploymentInput {
  readonly namespace: string;
  readonly labels: HubLabels;
  /** e.g. `/` or `/intro/` (the health probes' path). */
  readonly basePath: string;
  readonly priorityClass: string;
  /** The login: its environment (Secret references) goes into the hub container. */
  readonly auth: HubAuth;
  /** nbgrader is on: the hub also gets ngshare's token. */
  readonly ngshare: boolean;
  /** The cluster states its monitoring: the hub also gets Prometheus' token (lib/hub/hub/metrics.ts). @default false */
  readonly metrics?: boolean;
  readonly config: HubConfigFiles;
  readonly templates?: HubTemplates;
  /** The hub kind's own environment, after the login's. @default [] */
  readonly extraEnv?: readonly HubSecretEnv[];
  /** 0 scales the hub down (a closed course); the Deployment stays. @default 1 */
  readonly replicas?: number;
  /** Further keys of the generated Secret. @default [] */
  readonly extraSecretKeys?: readonly string[];
}

/** The keys of the generated Secret a hub needs (the init container creates what is missing). */
export function generatedSecretKeys(ngshare: boolean, metrics = false, extra: readonly string[] = []): string[] {
  return [GENERATED_KEYS.proxyToken, GENERATED_KEYS.cookieSecret, GENERATED_KEYS.cryptKey, ...(ngshare ? [GENERATED_KEYS.ngshareToken] : []), ...(metrics ? [GENERATED_KEYS.metricsToken] : []), ...extra];
}

/** Deployment and Service `hub`; returns the names of the hub container's environment variables. */
export function hubDeployment(scope: Construct, o: HubDeploymentInput): { envNames: string[] } {
  const { labels, select } = o.labels;
  const base = o.basePath;
  const env = [
    { name: 'PYTHONUNBUFFERED', value: '1' },
    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    generatedSecretEnv('CONFIGPROXY_AUTH_TOKEN', GENERATED_KEYS.proxyToken),
    generatedSecretEnv('JPY_COOKIE_SECRET', GENERATED_KEYS.cookieSecret),
    generatedSecretEnv('JUPYTERHUB_CRYPT_KEY', GENERATED_KEYS.cryptKey),
    ...(o.ngshare ? [generatedSecretEnv('HUBFLEET_NGSHARE_TOKEN', GENERATED_KEYS.ngshareToken)] : []),
    ...(o.metrics ? [generatedSecretEnv(METRICS_TOKEN_ENV, GENERATED_KEYS.metricsToken)] : []),
    ...o.auth.env(),
    ...(o.extraEnv ?? []),
  ];
  const templateInit = o.templates && 'git' in o.templates ? o.templates.git : undefined;
  new K8sObject(scope, 'hub-deployment', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'hub', namespace: o.namespace, labels: labels('hub') },
    spec: {
      replicas: o.replicas ?? 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: select('hub') },
      template: {
        metadata: {
          labels: { ...labels('hub'), 'hub.jupyter.org/network-access-proxy-api': 'true', 'hub.jupyter.org/network-access-singleuser': 'true' },
          annotations: { 'hubfleet.io/config-hash': o.config.hash },
        },
        spec: {
          serviceAccountName: 'hub',
          priorityClassName: o.priorityClass,
          automountServiceAccountToken: true,
          securityContext: restrictedPodSecurity({ runAsUser: 1000, fsGroup: 1000 }),
          initContainers: [
            {
              name: 'ensure-secrets',
              image: IMAGES.hub,
              command: ['python3', '/usr/local/etc/jupyterhub/ensure_secrets.py'],
              env: [
                { name: 'SECRET_NAME', value: GENERATED_SECRET_NAME },
                { name: 'SECRET_KEYS', value: generatedSecretKeys(o.ngshare, o.metrics, o.extraSecretKeys).join(',') },
              ],
              resources: resources({ cpuRequest: 0.05, cpuLimit: 0.2, memoryRequestMiB: 64, memoryLimitMiB: 128 }),
              securityContext: restrictedContainerSecurity({ readOnlyRootFilesystem: true }),
              volumeMounts: [{ name: 'config', mountPath: '/usr/local/etc/jupyterhub/ensure_secrets.py', subPath: 'ensure_secrets.py' }],
            },
            ...(templateInit ? [templatesInitContainer(templateInit)] : []),
          ],
          containers: [
            {
              name: 'hub',
              image: IMAGES.hub,
              args: ['jupyterhub', '--config', '/usr/local/etc/jupyterhub/jupyterhub_config.py', '--upgrade-db'],
              ports: [{ name: 'http', containerPort: HUB_PORTS.hub }],
              env,
              resources: resources({ cpuRequest: 0.2, cpuLimit: 1, memoryRequestMiB: 512, memoryLimitMiB: 1024 }),
              securityContext: restrictedContainerSecurity(),
              volumeMounts: [
                { name: 'config', mountPath: '/usr/local/etc/jupyterhub/jupyterhub_config.py', subPath: 'jupyterhub_config.py' },
                { name: 'hub-db-dir', mountPath: '/srv/jupyterhub' },
                ...(o.templates ? [{ name: 'templates', mountPath: TEMPLATE_DIR, readOnly: true }] : []),
              ],
              startupProbe: { httpGet: { path: `${base}hub/health`, port: 'http' }, periodSeconds: 5, failureThreshold: 120 },
              livenessProbe: { httpGet: { path: `${base}hub/health`, port: 'http' }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 30 },
              readinessProbe: { httpGet: { path: `${base}hub/health`, port: 'http' }, periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 1000 },
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: 'hub-config' } },
            { name: 'hub-db-dir', persistentVolumeClaim: { claimName: 'hub-db-dir' } },
            ...(o.config.templateFiles ? [{ name: 'templates', configMap: { name: 'hub-templates' } }] : []),
            ...(templateInit ? [{ name: 'templates', emptyDir: { sizeLimit: '64Mi' } }, { name: 'templates-tmp', emptyDir: { sizeLimit: '256Mi' } }] : []),
          ],
        },
      },
    },
  });
  new K8sObject(scope, 'hub-service', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'hub', namespace: o.namespace, labels: labels('hub') },
    spec: { type: 'ClusterIP', selector: select('hub'), ports: [{ name: 'hub', port: HUB_PORTS.hub, targetPort: 'http', protocol: 'TCP' }] },
  });
  return { envNames: env.map((e) => e.name) };
}
