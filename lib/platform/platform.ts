import { Construct } from 'constructs';
import { GitOps, GitOpsProps } from '../argocd/gitops';
import { ClusterApp } from '../fleet/cluster-app';
import { BlockStorageClass, BlockStorageClassProps } from '../storage/block-storage-class';
import { LocalPathProvisioner, LocalPathProvisionerProps } from '../storage/local-path-provisioner';
import { NfsProvisioner, NfsProvisionerProps } from '../storage/nfs-provisioner';
import { CertManager, CertManagerProps } from './cert-manager';
import { IngressController, IngressControllerProps } from './ingress-controller';
import { MetalLb, MetalLbProps } from './metallb';
import { PriorityClasses } from '../fleet/priority-classes';
import { SealedSecretsController, SealedSecretsControllerProps } from './sealed-secrets-controller';
import { declareProps } from '../core/props-check';
import { Monitoring, MonitoringProps } from '../monitoring/monitoring';

/** Props of {@link Platform}: each add-on's props, or `false` to leave it out. */
export interface PlatformProps {
  /** @default {} (always) */
  readonly sealedSecrets?: SealedSecretsControllerProps | false;
  /** @default {} when the ClusterSpec has `nfs`, else left out */
  readonly nfs?: NfsProvisionerProps | false;
  /** @default {} when the ClusterSpec has `loadBalancerRange`, else left out */
  readonly metallb?: MetalLbProps | false;
  /**
   * A Retain StorageClass on the cluster's block CSI driver, the default for databases.
   * @default {} when the ClusterSpec has vSphere or OpenStack infrastructure, else left out
   */
  readonly blockStorage?: BlockStorageClassProps | false;
  /**
   * Block storage that needs no cloud: local-path-provisioner, the default class for databases
   * (volumes on one node's disk: their pods are pinned to that node; see lib/storage/README.md).
   * @default left out
   */
  readonly localPath?: LocalPathProvisionerProps | false;
  /** @default {} (Traefik), left out when the ClusterSpec has existingAddons.ingressController */
  readonly ingress?: IngressControllerProps | false;
  /** @default {}, left out when the ClusterSpec has existingAddons.certManager */
  readonly certManager?: CertManagerProps | false;
  /**
   * Prometheus, Alertmanager, Grafana with the JupyterHub dashboards, and hubfleet's alerts
   * (lib/monitoring); needs `monitoring` in the ClusterSpec and a sealed Grafana admin password.
   * @default left out
   */
  readonly monitoring?: MonitoringProps | false;
  /** The ArgoCD tree (dist/<cluster>/k8s/argocd/). @default {} (always) */
  readonly gitOps?: GitOpsProps | false;
}

/**
 * Every cluster add-on in one line, from the ClusterSpec: the sealed-secrets controller, the NFS
 * provisioner and its StorageClasses, MetalLB, the ingress controller, cert-manager with its
 * ClusterIssuers, and the ArgoCD tree. Each add-on is its own package (own folder under
 * `dist/<cluster>/k8s/platform/`, own ArgoCD Application).
 *
 * ```ts
 * const platform = new Platform(app);
 * new CourseJupyterHub(app, 'intro', { …, home: { storageClass: platform.nfs.homes } });
 * ```
 */
export class Platform extends Construct {
  readonly sealedSecrets?: SealedSecretsController;
  readonly metallb?: MetalLb;
  readonly ingress?: IngressController;
  readonly certManager?: CertManager;
  readonly gitOps?: GitOps;
  /** The monitoring stack, when the platform has one. */
  readonly monitoring?: Monitoring;
  /** The block StorageClass for databases, when the platform has one. */
  readonly blockStorage?: BlockStorageClass;
  /** The local-path provisioner (block storage on the nodes' own disks), when asked for. */
  readonly localPath?: LocalPathProvisioner;
  private readonly nfsProvisioner?: NfsProvisioner;

  constructor(app: ClusterApp, id = 'platform', props: PlatformProps = {}) {
    super(app, id);
    declareProps(this, 'PlatformProps', props);
    const spec = app.spec;
    if (props.sealedSecrets !== false) this.sealedSecrets = new SealedSecretsController(this, 'sealed-secrets', props.sealedSecrets ?? {});
    if (props.nfs !== false && (props.nfs !== undefined || spec.nfs !== undefined)) this.nfsProvisioner = new NfsProvisioner(this, 'nfs', props.nfs ?? {});
    if (props.metallb !== false && (props.metallb !== undefined || spec.loadBalancerRange !== undefined)) this.metallb = new MetalLb(this, 'metallb', props.metallb ?? {});
    if (props.blockStorage !== false && (props.blockStorage !== undefined || spec.infrastructure !== undefined)) this.blockStorage = new BlockStorageClass(this, 'block-storage', props.blockStorage ?? {});
    if (props.localPath !== undefined && props.localPath !== false) this.localPath = new LocalPathProvisioner(this, 'local-path', props.localPath);
    // What already runs on the cluster (existingAddons) is not installed again unless asked for
    // explicitly (then the add-on's own rule explains the clash).
    const existing = spec.existingAddons ?? {};
    if (props.ingress !== false && (props.ingress !== undefined || !existing.ingressController)) this.ingress = new IngressController(this, 'ingress', props.ingress ?? {});
    if (props.certManager !== false && (props.certManager !== undefined || !existing.certManager)) this.certManager = new CertManager(this, 'cert-manager', props.certManager ?? {});
    if (props.monitoring) this.monitoring = new Monitoring(this, 'monitoring', props.monitoring);
    // hubfleet's PriorityClasses (cluster-scoped, so a platform package); hubs made without a Platform create it themselves.
    PriorityClasses.of(app);
    if (props.gitOps !== false) this.gitOps = GitOps.of(app, props.gitOps ?? {});
  }

  /** The NFS provisioner (its `homes`, `courseData`, `exchange` classes). Throws when the cluster has none. */
  get nfs(): NfsProvisioner {
    if (!this.nfsProvisioner) {
      throw new Error(`${this.node.path}: this cluster has no NFS provisioner. Set nfs: { server, exportPath } in the ClusterSpec (or pass nfs props to Platform).`);
    }
    return this.nfsProvisioner;
  }

  /** True when the platform has an NFS provisioner. */
  get hasNfs(): boolean {
    return this.nfsProvisioner !== undefined;
  }
}
