/**
 * The hub's ServiceAccount, Role and RoleBinding: only what KubeSpawner and the secret init
 * container need, in the hub's own namespace.
 */
import { Construct } from 'constructs';
import { K8sObject } from '../../core/k8s-object';
import { GENERATED_SECRET_NAME } from './generated-secrets';

/** The hub's RBAC in `namespace`, labelled `labels`. */
export function hubRbac(scope: Construct, o: { readonly namespace: string; readonly labels: Record<string, string> }): void {
  const ns = o.namespace;
  new K8sObject(scope, 'hub-sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'hub', namespace: ns, labels: o.labels } });
  new K8sObject(scope, 'hub-role', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'hub', namespace: ns, labels: o.labels },
    rules: [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch', 'list', 'create', 'delete'] },
      // No delete: the hub can never remove a student's home.
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'watch', 'list', 'create'] },
      { apiGroups: [''], resources: ['events'], verbs: ['get', 'watch', 'list'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: [GENERATED_SECRET_NAME], verbs: ['get', 'patch'] },
    ],
  });
  new K8sObject(scope, 'hub-rolebinding', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'hub', namespace: ns, labels: o.labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'hub' },
    subjects: [{ kind: 'ServiceAccount', name: 'hub', namespace: ns }],
  });
}
