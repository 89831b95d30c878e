/**
 * wiring-kubernetes-api: an old Kubernetes minor on a cluster hubfleet does not manage is a warning
 * (cluster-k8s-version) until the output uses a field that minor lacks; then it is an error.
 */
import { K8sObject } from '../../lib/core/k8s-object';
import { API_FEATURES, missingApiFeatures } from '../../lib/model/api-rules';
import { wiringIssuesOf } from '../helpers';
import { app, pkg } from './fixtures';

const existing = (version: string) => ({ kubernetes: { distribution: 'existing' as const, version, cni: 'calico' as const }, networks: { nodeCidr: '10.0.0.0/24', podCidr: '10.244.0.0/16', serviceCidr: '10.96.0.0/12' }, nodePools: [{ name: 'worker', roles: ['worker' as const], count: 2, vcpus: 8, memoryGiB: 32, diskGiB: 100 }] });

/** An Indexed CronJob like the exam seat placeholders (timeZone, backoffLimitPerIndex). */
function placeholders(version: string) {
  const a = app(existing(version));
  const p = pkg(a);
  new K8sObject(p, 'cron', {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'seats', namespace: 'demo' },
    spec: {
      schedule: '0 9 10 2 *',
      timeZone: 'Europe/Zurich',
      jobTemplate: {
        spec: {
          completionMode: 'Indexed',
          completions: 3,
          parallelism: 3,
          backoffLimitPerIndex: 0,
          template: { spec: { restartPolicy: 'Never', securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } }, containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '8Mi' }, limits: { cpu: '10m', memory: '8Mi' } }, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }] } },
        },
      },
    },
  });
  return a;
}
const apiFindings = (version: string) => wiringIssuesOf(placeholders(version)).filter((i) => i.rule === 'wiring-kubernetes-api');

describe('wiring-kubernetes-api', () => {
  test('a supported minor, or an old one the fields do not need, passes', () => {
    expect(apiFindings('v1.35.4')).toEqual([]);
    expect(apiFindings('v1.33.5')).toEqual([]);
    expect(apiFindings('v1.29.0')).toEqual([]);
  });

  test('fails on 1.28: the Job field backoffLimitPerIndex is off by default there', () => {
    const f = apiFindings('v1.28.9');
    expect(f.map((i) => i.field)).toEqual(['CronJob/seats spec.jobTemplate.spec.backoffLimitPerIndex']);
    expect(f[0].message).toMatch(/on by default only since Kubernetes 1\.29 \(feature gate JobBackoffLimitPerIndex\)/);
    expect(apiFindings('v1.24.17').map((i) => i.field).sort()).toEqual(['CronJob/seats spec.jobTemplate.spec.backoffLimitPerIndex', 'CronJob/seats spec.timeZone']);
  });

  test('every feature is detected where it is used', () => {
    const objects: Record<string, any> = {
      JobBackoffLimitPerIndex: { kind: 'Job', spec: { backoffLimitPerIndex: 1 } },
      JobPodReplacementPolicy: { kind: 'Job', spec: { podReplacementPolicy: 'Failed' } },
      JobSuccessPolicy: { kind: 'CronJob', spec: { jobTemplate: { spec: { successPolicy: { rules: [] } } } } },
      CronJobTimeZone: { kind: 'CronJob', spec: { timeZone: 'UTC' } },
      SidecarContainers: { kind: 'Deployment', spec: { template: { spec: { initContainers: [{ name: 's', restartPolicy: 'Always' }], containers: [] } } } },
      PDBUnhealthyPodEvictionPolicy: { kind: 'PodDisruptionBudget', spec: { unhealthyPodEvictionPolicy: 'AlwaysAllow' } },
      PodLevelResources: { kind: 'Deployment', spec: { template: { spec: { resources: { requests: { cpu: '1' } }, containers: [] } } } },
    };
    for (const f of API_FEATURES) {
      expect([f.gate, missingApiFeatures(objects[f.gate], '1.20').map((x) => x.feature.gate)]).toEqual([f.gate, [f.gate]]);
      expect(missingApiFeatures(objects[f.gate], f.since)).toEqual([]);
    }
  });
});
