/**
 * The proxy: configurable-http-proxy in its own pod (Deployment `proxy`), its API for the hub
 * (Service `proxy-api`) and its public side for the ingress controller (Service `proxy-public`).
 */
import { Construct } from 'constructs';
import { K8sObject } from '../../core/k8s-object';
import { resources, restrictedContainerSecurity, restrictedPodSecurity } from '../../core/pod';
import { generatedSecretEnv } from '../hub/generated-secret-env';
import { GENERATED_KEYS } from '../hub/generated-secrets';
import { HUB_PORTS } from '../ports';
import { HubLabels } from '../resolved';
import { IMAGES } from '../versions';

/** What {@link hubProxy} needs. */
export interface HubProxyInput {
  readonly namespace: string;
  readonly labels: HubLabels;
  /** e.g. `/` or `/intro/` (the error target's path). */
  readonly basePath: string;
  /** The hub's PriorityClass (the proxy is as important as the hub). */
  readonly priorityClass: string;
  /** 0 scales the proxy down (a closed course). @default 1 */
  readonly replicas?: number;
}

/** Deployment `proxy`, Services `proxy-api` and `proxy-public`. */
export function hubProxy(scope: Construct, o: HubProxyInput): void {
  const { labels, select } = o.labels;
  const ns = o.namespace;
  new K8sObject(scope, 'proxy-deployment', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'proxy', namespace: ns, labels: labels('proxy') },
    spec: {
      replicas: o.replicas ?? 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: select('proxy') },
      template: {
        metadata: { labels: { ...labels('proxy'), 'hub.jupyter.org/network-access-hub': 'true', 'hub.jupyter.org/network-access-singleuser': 'true' } },
        spec: {
          automountServiceAccountToken: false,
          priorityClassName: o.priorityClass,
          terminationGracePeriodSeconds: 60,
          securityContext: restrictedPodSecurity({ runAsUser: 65534 }),
          containers: [
            {
              name: 'chp',
              image: IMAGES.proxy,
              command: [
                'configurable-http-proxy',
                '--ip=',
                '--api-ip=',
                `--api-port=${HUB_PORTS.proxyApi}`,
                `--default-target=http://hub:${HUB_PORTS.hub}`,
                `--error-target=http://hub:${HUB_PORTS.hub}${o.basePath}hub/error`,
                `--port=${HUB_PORTS.proxyHttp}`,
              ],
              env: [generatedSecretEnv('CONFIGPROXY_AUTH_TOKEN', GENERATED_KEYS.proxyToken)],
              ports: [
                { name: 'http', containerPort: HUB_PORTS.proxyHttp },
                { name: 'api', containerPort: HUB_PORTS.proxyApi },
              ],
              resources: resources({ cpuRequest: 0.1, cpuLimit: 0.5, memoryRequestMiB: 128, memoryLimitMiB: 512 }),
              securityContext: restrictedContainerSecurity({ readOnlyRootFilesystem: true }),
              livenessProbe: { httpGet: { path: '/_chp_healthz', port: 'http' }, initialDelaySeconds: 60, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 30 },
              readinessProbe: { httpGet: { path: '/_chp_healthz', port: 'http' }, periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 1000 },
            },
          ],
        },
      },
    },
  });
  new K8sObject(scope, 'proxy-api-service', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'proxy-api', namespace: ns, labels: labels('proxy-api') },
    spec: { type: 'ClusterIP', selector: select('proxy'), ports: [{ name: 'api', port: HUB_PORTS.proxyApi, targetPort: 'api', protocol: 'TCP' }] },
  });
  new K8sObject(scope, 'proxy-public-service', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'proxy-public', namespace: ns, labels: labels('proxy-public') },
    spec: { type: 'ClusterIP', selector: select('proxy'), ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
  });
}
