import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterSpec, StoragePurpose } from './cluster-spec';
import type { IStorageClass } from '../core/storage-class-ref';
import { Package } from './package';

/**
 * The root of one cluster's app stack. Everything that runs on the cluster (course hubs, exam
 * hubs, the SEB server, add-ons, the ArgoCD tree) is a {@link Package} below it.
 * `hubfleet synth` builds it, validates every object and writes `dist/<cluster>/k8s/`.
 */
export class ClusterApp extends App {
  /** The ClusterApp a construct belongs to. */
  static of(c: Construct): ClusterApp {
    const root = c.node.root;
    if (!(root instanceof ClusterApp)) {
      throw new Error(`${c.node.path} is not inside a ClusterApp: create hubs under new ClusterApp(spec)`);
    }
    return root;
  }

  readonly spec: ClusterSpec;
  private readonly finalizers: Array<() => void> = [];
  private readonly storage = new Map<StoragePurpose, IStorageClass>();
  private finalized = false;

  constructor(spec: ClusterSpec) {
    // outdir is never used: hubfleet's own pipeline writes the output.
    super({ outdir: 'dist' });
    this.spec = spec;
  }

  /** The cluster's name. */
  get clusterName(): string {
    return this.spec.name;
  }

  /**
   * Make a StorageClass the default for a purpose (add-ons do: the NFS provisioner for homes, a
   * block class for databases). The first registration of a purpose wins. Constructs created later
   * that are not given a class use it.
   */
  registerStorage(purpose: StoragePurpose, storageClass: IStorageClass): void {
    if (!this.storage.has(purpose)) this.storage.set(purpose, storageClass);
  }

  /**
   * The default StorageClass for a purpose: one an add-on registered, else an
   * `existingStorageClasses` entry whose `usedFor` names the purpose, else undefined (then the
   * wiring rule `wiring-storage-class-named` reports every claim that needs one).
   */
  storageFor(purpose: StoragePurpose): IStorageClass | undefined {
    const registered = this.storage.get(purpose);
    if (registered) return registered;
    const existing = (this.spec.existingStorageClasses ?? []).find((c) => (c.usedFor ?? []).includes(purpose));
    return existing ? { storageClassName: existing.name, readWriteMany: existing.readWriteMany ?? false } : undefined;
  }

  /** All packages in construct order. */
  packages(): Package[] {
    const out: Package[] = [];
    const stack: Construct[] = [...this.node.children].reverse();
    while (stack.length) {
      const c = stack.pop()!;
      if (Package.isPackage(c)) out.push(c);
      else for (let i = c.node.children.length - 1; i >= 0; i--) stack.push(c.node.children[i]);
    }
    return out;
  }

  /**
   * Register work that needs the whole app, such as the ArgoCD tree, which lists every package.
   * Finalizers run once, in order, before synth collects objects.
   */
  addFinalizer(fn: () => void): void {
    this.finalizers.push(fn);
  }

  /** Runs the finalizers once. Synth calls it; calling it again does nothing. */
  finalize(): void {
    if (this.finalized) return;
    this.finalized = true;
    for (const f of this.finalizers) f();
  }
}
