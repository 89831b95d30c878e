import { key } from '../model/cluster-model';
import type { ModelFinding, ModelRule } from '../model/rule-types';
import { ALERTMANAGER_CLAIM, PROMETHEUS_CLAIM } from './stack-names';

/**
 * The monitoring add-on's wiring rules (they need the cluster model). Each row has a "fails …"
 * test in test/monitoring/monitoring.test.ts.
 */
export const MONITORING_MODEL_RULES: readonly ModelRule[] = [
  {
    id: 'monitoring-volume-retained',
    guards: "Prometheus' and Alertmanager's claims are on a StorageClass that keeps its volumes (Retain), so the metrics survive removing the add-on, its namespace or a claim",
    check: (m) =>
      m.claims
        .filter((c) => (c.name === PROMETHEUS_CLAIM || c.name === ALERTMANAGER_CLAIM) && c.storageClassName !== undefined)
        .filter((c) => {
          const sc = m.storageClasses.get(c.storageClassName!);
          return sc !== undefined && sc.reclaimPolicy !== 'Retain';
        })
        .map((c) => ({
          path: c.path,
          field: c.field,
          value: c.storageClassName,
          message: `${c.what} is on StorageClass "${c.storageClassName}", whose reclaim policy is ${m.storageClasses.get(c.storageClassName!)!.reclaimPolicy}: deleting the claim (or the namespace) deletes the volume and every sample in it.`,
          fix: 'give Monitoring a Retain class (storageClass: a BlockStorageClass, or an existing class declared with reclaimPolicy "Retain").',
        })),
  },
  {
    id: 'monitoring-service-monitor-secret',
    guards: "every Secret key a ServiceMonitor's endpoints read (bearer token, authorization, basic auth) exists in its namespace: sealed, or generated there (a hub's metrics token)",
    check: (m) => {
      const out: ModelFinding[] = [];
      for (const o of m.objects.filter((x) => x.json.kind === 'ServiceMonitor')) {
        const ns = o.json.metadata.namespace;
        (o.json.spec?.endpoints ?? []).forEach((e: any, i: number) => {
          const refs: Array<[string, any]> = [
            ['authorization.credentials', e.authorization?.credentials],
            ['bearerTokenSecret', e.bearerTokenSecret],
            ['basicAuth.username', e.basicAuth?.username],
            ['basicAuth.password', e.basicAuth?.password],
          ];
          for (const [field, ref] of refs) {
            if (!ref?.name) continue;
            const secret = m.secrets.get(key(ns, ref.name));
            const missingKey = secret?.keys !== undefined && ref.key !== undefined && !secret.keys.has(ref.key);
            if (secret && !missingKey) continue;
            out.push({
              path: o.path,
              field: `ServiceMonitor/${o.json.metadata.name} spec.endpoints[${i}].${field}`,
              value: `${ref.name}/${ref.key}`,
              message: secret ? `Secret ${ns}/${ref.name} has no key "${ref.key}" (it has ${[...secret.keys!].join(', ')}): Prometheus cannot authenticate and the target stays down.` : `Secret ${ns}/${ref.name} is neither sealed nor generated in ${ns}: prometheus-operator skips the ServiceMonitor.`,
              fix: 'seal the Secret in the ServiceMonitor\'s namespace, or name the key the workload generates.',
            });
          }
        });
      }
      return out;
    },
  },
];
