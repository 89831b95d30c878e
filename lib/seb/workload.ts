/** What every SEB workload has besides its Deployment: a Service, a PodDisruptionBudget, spreading over nodes. */
import { Construct } from 'constructs';
import { K8sObject } from '../core/k8s-object';
import { SebLabels } from './resolved';

/** Where a workload lives: its namespace and the SEB Server's labels. */
export interface SebScope {
  readonly namespace: string;
  readonly labels: SebLabels;
}

/** Service `name` to the `component`'s pods, port `portName`. */
export function sebService(scope: Construct, s: SebScope, cid: string, o: { readonly name: string; readonly component: string; readonly port: number; readonly portName: string; readonly annotations?: Record<string, string> }): void {
  const annotations = o.annotations ?? {};
  new K8sObject(scope, cid, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: o.name,
      namespace: s.namespace,
      labels: s.labels.labels(o.component),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: {
      type: 'ClusterIP',
      selector: s.labels.select(o.component),
      ports: [{ name: o.portName, port: o.port, targetPort: o.portName, protocol: 'TCP' }],
    },
  });
}

/** PDB `name`: one pod may go (a drain moves it), or with `block` none (drains wait: exam periods). */
export function sebPdb(scope: Construct, s: SebScope, cid: string, o: { readonly name: string; readonly component: string; readonly replicas: number; readonly block: boolean }): void {
  new K8sObject(scope, cid, {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: o.name, namespace: s.namespace, labels: s.labels.labels(o.component) },
    spec: {
      ...(o.block ? { minAvailable: o.replicas } : { maxUnavailable: 1 }),
      selector: { matchLabels: s.labels.select(o.component) },
    },
  });
}

/** Spread the replicas of a workload over nodes where the scheduler can. */
export function antiAffinity(selector: Record<string, string>): Record<string, unknown> {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' } }],
    },
  };
}
