/** The PodDisruptionBudget of the hub and of the proxy (one replica each). */
import { Construct } from 'constructs';
import { K8sObject } from '../core/k8s-object';
import { HubLabels } from './resolved';

/**
 * PDB `component` (`hub` or `proxy`): allows one disruption (a node drain moves the pod), or, with
 * `blockEviction`, none (drains wait until an operator moves it: exams).
 */
export function disruptionBudget(scope: Construct, component: string, o: { readonly namespace: string; readonly labels: HubLabels; readonly blockEviction?: boolean }): K8sObject {
  return new K8sObject(scope, `${component}-pdb`, {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: component, namespace: o.namespace, labels: o.labels.labels(component) },
    spec: { ...(o.blockEviction ? { minAvailable: 1 } : { maxUnavailable: 1 }), selector: { matchLabels: o.labels.select(component) } },
  });
}
