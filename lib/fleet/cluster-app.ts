import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterSpec } from './cluster-spec';
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
