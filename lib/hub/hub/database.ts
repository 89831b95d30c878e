/** The hub's sqlite database: claim `hub-db-dir` (1 GiB, block storage preferred), kept on removal. */
import { Construct } from 'constructs';
import { K8sObject } from '../../core/k8s-object';
import { KEEP_ON_REMOVAL } from '../../core/pod';
import { IStorageClass } from '../../core/storage-class-ref';

/** Claim `hub-db-dir` in `namespace`. */
export function hubDatabaseClaim(scope: Construct, o: { readonly namespace: string; readonly labels: Record<string, string>; readonly storageClass?: IStorageClass }): K8sObject {
  return new K8sObject(scope, 'hub-db', {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'hub-db-dir', namespace: o.namespace, labels: o.labels, annotations: { ...KEEP_ON_REMOVAL } },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(o.storageClass ? { storageClassName: o.storageClass.storageClassName } : {}),
      resources: { requests: { storage: '1Gi' } },
    },
  });
}
