import type { ModelRule } from '../model/rule-types';
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
];
