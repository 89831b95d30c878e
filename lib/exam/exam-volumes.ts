/**
 * Read-only views of exam exports for grading hubs. A claim lives in one namespace, and the
 * export is written in the exam's namespace; the grading hub (another namespace) reaches the same
 * NFS directory through a PersistentVolume made for it: `nfs` at the directory the provisioner
 * gave the export claim (`<export>/<exam namespace>/exam-submissions`, from the class's
 * `pathPattern` `${.PVC.namespace}/${.PVC.name}`), `readOnly`, `ReadOnlyMany`, pre-bound to one
 * claim of the grading namespace (`claimRef`), Retain. PersistentVolumes and their StorageClass
 * are cluster-scoped, which course and exam AppProjects may not create, so they live in the platform
 * package `exam-volumes`, made on first use.
 */
import { Construct } from 'constructs';
import { K8sObject } from '../core/k8s-object';
import { KEEP_ON_REMOVAL } from '../core/pod';
import { ClusterApp } from '../fleet/cluster-app';
import { Package } from '../fleet/package';

/** The StorageClass of statically made volumes (no provisioner: only pre-made PVs bind). */
export const STATIC_CLASS = 'hubfleet-static';

const ONE = Symbol.for('hubfleet.ExamVolumes');

/** One read-only view. */
export interface ReadOnlyNfsView {
  /** PV name. */
  readonly name: string;
  readonly server: string;
  readonly path: string;
  readonly mountOptions: readonly string[];
  readonly sizeGiB: number;
  /** The claim it is pre-bound to. */
  readonly claimNamespace: string;
  readonly claimName: string;
}

/** The platform package with the static StorageClass and its NFS PVs (the grading hubs' read-only views, adopted homes). */
export class ExamVolumes extends Package {
  static of(scope: Construct): ExamVolumes {
    const app = ClusterApp.of(scope);
    const existing = app.node.tryFindChild('exam-volumes');
    if (existing && (existing as any)[ONE]) return existing as ExamVolumes;
    return new ExamVolumes(app);
  }

  private constructor(app: ClusterApp) {
    super(app, 'exam-volumes', { group: 'platform' });
    Object.defineProperty(this, ONE, { value: true });
    new K8sObject(this, 'static-class', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: STATIC_CLASS, labels: { 'app.kubernetes.io/part-of': 'hubfleet' } },
      provisioner: 'kubernetes.io/no-provisioner',
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'Immediate',
    });
  }

  /** A read-only NFS PersistentVolume pre-bound to one claim. */
  addView(v: ReadOnlyNfsView): void {
    this.addVolume({ ...v, readOnly: true, data: 'exam-export' });
  }

  /**
   * A static NFS PersistentVolume pre-bound to one claim: read-only (ReadOnlyMany) for the grading
   * hubs' views of exam exports, read-write (ReadWriteMany) for homes a hub adopts.
   */
  addVolume(v: ReadOnlyNfsView & { readonly readOnly: boolean; readonly data: string }): void {
    if (this.node.tryFindChild(v.name)) return;
    new K8sObject(this, v.name, {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: v.name, labels: { 'app.kubernetes.io/part-of': 'hubfleet', 'hubfleet.io/data': v.data }, annotations: { ...KEEP_ON_REMOVAL } },
      spec: {
        capacity: { storage: `${v.sizeGiB}Gi` },
        accessModes: [v.readOnly ? 'ReadOnlyMany' : 'ReadWriteMany'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: STATIC_CLASS,
        mountOptions: [...v.mountOptions],
        nfs: { server: v.server, path: v.path, ...(v.readOnly ? { readOnly: true } : {}) },
        claimRef: { namespace: v.claimNamespace, name: v.claimName },
      },
    });
  }
}
