/**
 * nbgrader with ngshare as its exchange: the user servers' `nbgrader_config.py` (ConfigMap
 * `nbgrader-config`), and ngshare itself (claim `ngshare-data`, Deployment and Service `ngshare`),
 * a hub service the hub knows by its generated token. The rendering and the rules are in nbgrader.ts.
 */
import { Construct } from 'constructs';
import { K8sObject } from '../../core/k8s-object';
import { KEEP_ON_REMOVAL, resources, restrictedContainerSecurity, restrictedPodSecurity } from '../../core/pod';
import { IStorageClass } from '../../core/storage-class-ref';
import { NbgraderOptions } from '../course-jupyterhub-props';
import { generatedSecretEnv } from '../hub/generated-secret-env';
import { GENERATED_KEYS } from '../hub/generated-secrets';
import { HubConfigModel } from '../hub/hub-config';
import { HUB_PORTS } from '../ports';
import { HubLabels } from '../resolved';
import { IMAGES } from '../versions';
import { NBGRADER_CONFIG_PATH, NBGRADER_CONFIGMAP, ngshareSetupCommands, ngshareUrl, renderNbgraderConfig } from './nbgrader';

/** What a hub kind may change in the nbgrader part. */
export interface NbgraderExtension {
  /** User servers reach ngshare through the Service environment variables instead of its DNS name (they resolve no names). @default false */
  readonly exchangeFromEnv?: boolean;
  /** Python appended to the user servers' nbgrader_config.py (the exam's receipt submit). @default undefined */
  readonly extraConfig?: string;
}

/** The ngshare admins and the course id of a hub's nbgrader options (what NBGRADER_RULES check). */
export function nbgraderCourse(hubId: string, nb: NbgraderOptions): { admins: string[]; courseId: string } {
  return { admins: [...new Set([...(nb.instructors ?? []), ...(nb.ngshareAdmins ?? [])])], courseId: nb.courseId ?? hubId };
}

/** What {@link ngshare} needs. */
export interface NgshareInput {
  readonly namespace: string;
  readonly hubId: string;
  readonly labels: HubLabels;
  /** e.g. `/` or `/intro/` (ngshare's service prefix under it). */
  readonly basePath: string;
  /** The hub's PriorityClass. */
  readonly priorityClass: string;
  readonly nbgrader: NbgraderOptions;
  /** Where ngshare's sqlite database and files live (block storage, like the hub's). */
  readonly storageClass?: IStorageClass;
  readonly extension?: NbgraderExtension;
  /** 0 scales ngshare down (a closed course). @default 1 */
  readonly replicas?: number;
}

/** ngshare's share of the hub config: the service and the user servers' nbgrader config mount. */
export type NgshareSettings = Pick<HubConfigModel, 'ngshareUrl' | 'nbgraderConfig'>;

/** The hub config's share: ngshare as a hub service, the nbgrader config mounted into the user servers. */
export function ngshareSettings(namespace: string): NgshareSettings {
  return {
    nbgraderConfig: { configMap: NBGRADER_CONFIGMAP, key: 'nbgrader_config.py', mountPath: NBGRADER_CONFIG_PATH },
    ngshareUrl: `http://ngshare.${namespace}.svc.cluster.local:${HUB_PORTS.ngshare}`,
  };
}

/** The user servers' nbgrader config (ConfigMap `nbgrader-config`); returns the instructors' one-time ngshare setup. */
export function nbgraderConfigMap(scope: Construct, o: NgshareInput): string[] {
  const { courseId } = nbgraderCourse(o.hubId, o.nbgrader);
  const nbConfig = renderNbgraderConfig({ courseId, exchangeUrl: ngshareUrl(o.namespace, o.basePath), exchangeFromEnv: o.extension?.exchangeFromEnv, extra: o.extension?.extraConfig });
  new K8sObject(scope, 'nbgrader-config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: NBGRADER_CONFIGMAP, namespace: o.namespace, labels: o.labels.labels('singleuser') }, data: { 'nbgrader_config.py': nbConfig } });
  return ngshareSetupCommands(courseId, o.nbgrader.instructors ?? []);
}

/** ngshare's claim `ngshare-data` (its database and files): kept on removal, and kept when a course retires. */
export function ngshareClaim(scope: Construct, o: Pick<NgshareInput, 'namespace' | 'labels' | 'nbgrader' | 'storageClass'>): void {
  new K8sObject(scope, 'ngshare-pvc', {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'ngshare-data', namespace: o.namespace, labels: o.labels.labels('ngshare'), annotations: { ...KEEP_ON_REMOVAL } },
    spec: { accessModes: ['ReadWriteOnce'], ...(o.storageClass ? { storageClassName: o.storageClass.storageClassName } : {}), resources: { requests: { storage: `${o.nbgrader.sizeGiB ?? 5}Gi` } } },
  });
}

/** ngshare: claim `ngshare-data`, Deployment and Service `ngshare`. */
export function ngshare(scope: Construct, o: NgshareInput): void {
  const { labels, select } = o.labels;
  const ns = o.namespace;
  const { admins } = nbgraderCourse(o.hubId, o.nbgrader);
  ngshareClaim(scope, o);
  new K8sObject(scope, 'ngshare-deployment', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ngshare', namespace: ns, labels: labels('ngshare') },
    spec: {
      replicas: o.replicas ?? 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: select('ngshare') },
      template: {
        metadata: { labels: { ...labels('ngshare'), 'hub.jupyter.org/network-access-hub': 'true' } },
        spec: {
          automountServiceAccountToken: false,
          priorityClassName: o.priorityClass,
          securityContext: restrictedPodSecurity({ runAsUser: 65535, fsGroup: 1000 }),
          containers: [
            {
              name: 'ngshare',
              image: IMAGES.ngshare,
              // One argument: argparse takes a value starting with "-" only in this form (ngshare.py --admins).
              args: [`--admins=${admins.join(',')}`, '--database', 'sqlite:////srv/ngshare/ngshare.db', '--storage', '/srv/ngshare/files/'],
              env: [
                { name: 'JUPYTERHUB_SERVICE_NAME', value: 'ngshare' },
                generatedSecretEnv('JUPYTERHUB_API_TOKEN', GENERATED_KEYS.ngshareToken),
                { name: 'JUPYTERHUB_API_URL', value: `http://hub.${ns}.svc.cluster.local:${HUB_PORTS.hub}${o.basePath}hub/api` },
                { name: 'JUPYTERHUB_BASE_URL', value: o.basePath },
                { name: 'JUPYTERHUB_SERVICE_PREFIX', value: `${o.basePath}services/ngshare/` },
                { name: 'JUPYTERHUB_SERVICE_URL', value: `http://0.0.0.0:${HUB_PORTS.ngshare}/` },
                { name: 'JUPYTERHUB_CLIENT_ID', value: 'service-ngshare' },
              ],
              ports: [{ name: 'http', containerPort: HUB_PORTS.ngshare }],
              resources: resources({ cpuRequest: 0.1, cpuLimit: 0.5, memoryRequestMiB: 256, memoryLimitMiB: 512 }),
              securityContext: restrictedContainerSecurity({ readOnlyRootFilesystem: true }),
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, failureThreshold: 6 },
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
              volumeMounts: [{ name: 'data', mountPath: '/srv/ngshare' }, { name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'ngshare-data' } }, { name: 'tmp', emptyDir: {} }],
        },
      },
    },
  });
  new K8sObject(scope, 'ngshare-service', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'ngshare', namespace: ns, labels: labels('ngshare') },
    spec: { type: 'ClusterIP', selector: select('ngshare'), ports: [{ name: 'http', port: HUB_PORTS.ngshare, targetPort: 'http', protocol: 'TCP' }] },
  });
}
