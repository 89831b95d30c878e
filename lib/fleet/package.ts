import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Issue } from '../core/errors';
import { PackageDeclarations } from '../model/declarations';
import { declareProps } from '../core/props-check';

/** Where a package's folder lives under `dist/<cluster>/k8s/`. */
export type PackageGroup = 'platform' | 'courses' | 'exams' | 'seb' | 'argocd';

/** Props of a {@link Package}. */
export interface PackageProps {
  /** Which folder group the package belongs to. */
  readonly group: PackageGroup;
  /**
   * The namespace the package's namespaced objects live in; also its ArgoCD Application's
   * destination namespace.
   * @default undefined (objects must set their own namespace)
   */
  readonly namespace?: string;
  /**
   * May the package contain cluster-scoped objects (StorageClass, ClusterRole, ClusterIssuer…)?
   * Its ArgoCD AppProject allows them only when true.
   * @default true for 'platform' and 'argocd', false otherwise
   */
  readonly clusterScoped?: boolean;
  /**
   * ArgoCD sync wave of the package's Application: lower waves sync first.
   * @default -20 for argocd, -10 for platform, 0 otherwise
   */
  readonly syncWave?: number;
  /**
   * Output folder relative to `dist/<cluster>/k8s/`.
   * @default `<group>/<id>`
   */
  readonly outputDir?: string;
}

/**
 * One unit of deployment: a folder of YAML under `dist/<cluster>/k8s/` and one ArgoCD
 * Application. A course hub, an exam hub, the SEB server and each add-on is a package, so a broken
 * one never blocks another. It is a cdk8s Chart, so any cdk8s construct can be added to it.
 */
const PACKAGE = Symbol.for('hubfleet.Package');

export class Package extends Chart {
  /** True when the construct is a hubfleet Package. */
  static isPackage(c: unknown): c is Package {
    return typeof c === 'object' && c !== null && PACKAGE in c;
  }

  /** Returns the package a construct belongs to. */
  static ofConstruct(c: Construct): Package {
    for (let s: Construct | undefined = c; s; s = s.node.scope) if (Package.isPackage(s)) return s;
    throw new Error(`${c.node.path} is not inside a hubfleet Package (a course, exam, SEB server or add-on)`);
  }

  readonly group: PackageGroup;
  readonly packageName: string;
  readonly outputDir: string;
  readonly targetNamespace?: string;
  readonly clusterScoped: boolean;
  readonly syncWave: number;
  /** What the package tells the cluster model: runtime pods, generated Secrets, flows, prerequisites. */
  readonly declarations = new PackageDeclarations();
  private readonly issueSources: Array<() => Issue[]> = [];

  constructor(scope: Construct, id: string, props: PackageProps) {
    super(scope, id, { disableResourceNameHashes: true });
    declareProps(this, 'PackageProps', props);
    Object.defineProperty(this, PACKAGE, { value: true });
    this.group = props.group;
    this.packageName = id;
    this.outputDir = props.outputDir ?? `${props.group}/${id}`;
    this.targetNamespace = props.namespace;
    this.clusterScoped = props.clusterScoped ?? (props.group === 'platform' || props.group === 'argocd');
    this.syncWave = props.syncWave ?? (props.group === 'argocd' ? -20 : props.group === 'platform' ? -10 : 0);
  }

  /** Register a source of input issues (prop-rule violations); synth collects them before writing. */
  addIssues(source: () => Issue[]): void {
    this.issueSources.push(source);
  }

  /** Issues found by the package's own rule tables. */
  issues(): Issue[] {
    return this.issueSources.flatMap((f) => f());
  }
}
