/**
 * SEB screen proctoring (SPS): its webservice (Deployment `sps-webservice`, SEB clients upload
 * screenshots there; it keeps them in the SEB Server's MariaDB) with its Spring config, and its GUI
 * (Deployment `sps-guiservice`), each with a Service and a PodDisruptionBudget. The three paired
 * secrets are wired into both sides of each pair (SEB Server's side: web-service.ts).
 */
import { Construct } from 'constructs';
import { K8sObject } from '../core/k8s-object';
import { resources, restrictedContainerSecurity, restrictedPodSecurity } from '../core/pod';
import { ScreenProctoringOptions } from './seb-server-props';
import { DB_CLIENT_LABEL } from './mariadb';
import { env, javaEnv, ResolvedSeb, SEB_PORTS, secretEnv } from './resolved';
import { immutablePasswordAnnotation, databaseEnv } from './web-service';
import { SEB_UIDS } from './versions';
import { antiAffinity, SebScope, sebPdb, sebService } from './workload';

type WithSps = ResolvedSeb & { readonly sps: NonNullable<ResolvedSeb['sps']> };

/** The screen proctoring webservice and GUI of `r` (which has `sps`). */
export function screenProctoring(scope: Construct, s: SebScope, r: WithSps, options: ScreenProctoringOptions): void {
  spsWebservice(scope, s, r, options);
  spsGui(scope, s, r, options);
}

/** Deployment `sps-webservice` with its Spring config, Service and PDB. */
function spsWebservice(scope: Construct, s: SebScope, r: WithSps, options: ScreenProctoringOptions): void {
  const { labels, select } = s.labels;
  const ns = s.namespace;
  const sps = r.sps;
  const sc = options.credentials;
  const passwordRef = r.props.credentials.sebServerPassword;
  const immutable = immutablePasswordAnnotation(r);
  const block = r.props.blockEviction ?? false;
  new K8sObject(scope, 'sps-deployment', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'sps-webservice', namespace: ns, labels: labels('sps-webservice'), annotations: immutable },
    spec: {
      replicas: sps.replicas,
      minReadySeconds: 10,
      strategy: sps.replicas > 1 ? { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } : { type: 'Recreate' },
      selector: { matchLabels: select('sps-webservice') },
      template: {
        metadata: { labels: { ...labels('sps-webservice'), ...DB_CLIENT_LABEL } },
        spec: {
          serviceAccountName: 'seb-server',
          automountServiceAccountToken: false,
          securityContext: restrictedPodSecurity({ runAsUser: SEB_UIDS.sps, runAsGroup: SEB_UIDS.sps, fsGroup: SEB_UIDS.sps }),
          ...(sps.replicas > 1 ? { affinity: antiAffinity(select('sps-webservice')) } : {}),
          containers: [
            {
              name: 'sps-webservice',
              image: sps.image,
              // Only 8090 is declared; the image's JMX port (9091, unauthenticated) stays unreachable:
              // no Service port and no NetworkPolicy admits it.
              ports: [{ name: 'http', containerPort: SEB_PORTS.sps, protocol: 'TCP' }],
              env: [
                env('spring_profiles_active', 'prod'),
                ...javaEnv(sps, SEB_PORTS.sps),
                secretEnv('sebserver_password', passwordRef),
                ...databaseEnv(r),
                env('sps_data_store_adapter', 'FULL_RDBMS'),
                secretEnv('sebserver_client_secret', sc.sebServerClientSecret),
                secretEnv('spsgui_client_secret', sc.guiClientSecret),
                secretEnv('sps_init_sebserveraccount_password', sc.sebServerAccountPassword),
                env('sps_webservice_http_external_scheme', 'https'),
                env('sps_webservice_http_external_servername', sps.host),
                env('sps_webservice_http_external_port', ''),
                env('sps_gui_redirect_url', `https://${sps.guiHost}`),
                env('sps_webservice_sebserver_bundle', 'true'),
                env('sps_webservice_distributed', String(sps.replicas > 1)),
              ],
              resources: resources(sps),
              securityContext: restrictedContainerSecurity(),
              startupProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 90 },
              livenessProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4 },
              readinessProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
              volumeMounts: [
                { name: 'spring-config', mountPath: '/sebsps/config/spring', readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [{ name: 'spring-config', configMap: { name: 'sps-config' } }, { name: 'tmp', emptyDir: {} }],
        },
      },
    },
  });
  new K8sObject(scope, 'sps-config', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'sps-config', namespace: ns, labels: labels('sps-webservice') },
    data: { 'application-prod.properties': ['# generated by hubfleet (lib/seb/seb-server.ts)', 'server.address=0.0.0.0', `server.port=${SEB_PORTS.sps}`, 'logging.level.ROOT=WARN', 'logging.level.ch=INFO', ''].join('\n') },
  });
  sebService(scope, s, 'sps-service', { name: 'sps-webservice', component: 'sps-webservice', port: SEB_PORTS.sps, portName: 'http' });
  sebPdb(scope, s, 'sps-pdb', { name: 'sps-webservice', component: 'sps-webservice', replicas: sps.replicas, block });
}

/** Deployment `sps-guiservice` with its Service and PDB. */
function spsGui(scope: Construct, s: SebScope, r: WithSps, options: ScreenProctoringOptions): void {
  const { labels, select } = s.labels;
  const ns = s.namespace;
  const sps = r.sps;
  const sc = options.credentials;
  const block = r.props.blockEviction ?? false;
  // The GUI image writes env.js into /app/server/dist/views at start; it runs as non-root here, so
  // an init container copies that folder to a writable emptyDir first.
  const guiUid = SEB_UIDS.spsGui;
  new K8sObject(scope, 'sps-gui-deployment', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'sps-guiservice', namespace: ns, labels: labels('sps-gui') },
    spec: {
      replicas: 1,
      minReadySeconds: 10,
      selector: { matchLabels: select('sps-gui') },
      template: {
        metadata: { labels: labels('sps-gui') },
        spec: {
          serviceAccountName: 'seb-server',
          automountServiceAccountToken: false,
          securityContext: restrictedPodSecurity({ runAsUser: guiUid, runAsGroup: guiUid, fsGroup: guiUid }),
          initContainers: [
            {
              name: 'copy-views',
              image: sps.guiImage,
              command: ['/bin/sh', '-c', 'cp -R /app/server/dist/views/. /views/'],
              resources: resources({ cpuRequest: 0.05, cpuLimit: 0.2, memoryRequestMiB: 32, memoryLimitMiB: 64 }),
              securityContext: restrictedContainerSecurity({ readOnlyRootFilesystem: true }),
              volumeMounts: [{ name: 'views', mountPath: '/views' }],
            },
          ],
          containers: [
            {
              name: 'sps-guiservice',
              image: sps.guiImage,
              ports: [{ name: 'http', containerPort: SEB_PORTS.spsGui, protocol: 'TCP' }],
              env: [
                env('NODE_ENV', 'prod'),
                env('SERVER_PORT', String(SEB_PORTS.spsGui)),
                env('VITE_SERVER_URL', `https://${sps.guiHost}`),
                env('VITE_SERVER_PORT', '443'),
                env('PROCTOR_SERVER_URL', 'http://sps-webservice'),
                env('PROCTOR_SERVER_PORT', String(SEB_PORTS.sps)),
                env('PROCTOR_DEFAULT_URL', '/admin-api/v1'),
                env('PROCTOR_SERVER_USERNAME', 'spsGuiClient'),
                secretEnv('PROCTOR_SERVER_PASSWORD', sc.guiClientSecret),
                env('SEB_SERVER_INTEGRATED_MODE', 'true'),
              ],
              resources: resources({ cpuRequest: 0.1, cpuLimit: 0.5, memoryRequestMiB: 128, memoryLimitMiB: 512 }),
              securityContext: restrictedContainerSecurity(),
              livenessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 15, failureThreshold: 4 },
              readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 5 },
              volumeMounts: [{ name: 'views', mountPath: '/app/server/dist/views' }],
            },
          ],
          volumes: [{ name: 'views', emptyDir: {} }],
        },
      },
    },
  });
  sebService(scope, s, 'sps-gui-service', { name: 'sps-guiservice', component: 'sps-gui', port: SEB_PORTS.spsGui, portName: 'http' });
  sebPdb(scope, s, 'sps-gui-pdb', { name: 'sps-guiservice', component: 'sps-gui', replicas: 1, block });
}
