import { Construct } from 'constructs';
import { checkRules, PropRule } from '../core/errors';
import { IsolatedNamespace } from '../fleet/isolated-namespace';
import { K8sObject } from '../core/k8s-object';
import { isDnsLabel, isDnsSubdomain, isPinnedImage, parseCidr, parseIpv4 } from '../core/names';
import { absolutePathProblem } from '../core/value-rules';
import { cidrPeer, tcp } from '../core/network-policy';
import { networkPolicy } from '../core/network-policy';
import { ContainerResources, resources } from '../core/pod';
import { ClusterApp } from '../fleet/cluster-app';
import { ClusterSpec } from '../fleet/cluster-spec';
import { Package } from '../fleet/package';
import { NFS_ARCHIVE_DIR, NFS_ARCHIVE_IMAGE, NFS_ARCHIVE_SCRIPT, NfsArchiveOptions, PV_LIST_JSONPATH } from './nfs-archive';
import { IStorageClass } from '../core/storage-class-ref';
import { declareProps } from '../core/props-check';

/** The provisioner image: the last upstream release (kubernetes-sigs/nfs-subdir-external-provisioner, chart 4.0.18). */
export const NFS_PROVISIONER_IMAGE = 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2';

/** One StorageClass served by the provisioner. */
export interface NfsStorageClassOptions {
  /** StorageClass name, e.g. `nfs-homes`. Volumes keep it forever: never rename a class in use. */
  readonly name: string;
  /**
   * Directory of each volume under the export. Must contain both `${.PVC.namespace}` and
   * `${.PVC.name}` so that every claim gets its own directory.
   * @default '${.PVC.namespace}/${.PVC.name}'
   */
  readonly pathPattern?: string;
  /**
   * Scratch storage: `reclaimPolicy: Delete` and the directory is deleted with the claim. Never
   * for user data.
   * @default false
   */
  readonly scratch?: boolean;
  /**
   * Make this the cluster's default StorageClass.
   * @default false
   */
  readonly isDefault?: boolean;
}

/** Props of an {@link NfsProvisioner}. */
export interface NfsProvisionerProps {
  /**
   * NFS server (host name or IPv4).
   * @default the ClusterSpec's `nfs.server`
   */
  readonly server?: string;
  /**
   * Exported directory.
   * @default the ClusterSpec's `nfs.exportPath`
   */
  readonly exportPath?: string;
  /**
   * Mount options copied into every provisioned PersistentVolume.
   * @default the ClusterSpec's `nfs.mountOptions`, else ['nfsvers=4.1', 'hard']
   */
  readonly mountOptions?: readonly string[];
  /**
   * The provisioner name written into every StorageClass and PV. Never change it on a running
   * cluster: existing volumes would lose their provisioner.
   * @default 'k8s-sigs.io/nfs-subdir-external-provisioner' (upstream's deploy/ default, so an existing upstream install can be taken over)
   */
  readonly provisionerName?: string;
  /**
   * Namespace of the provisioner.
   * @default 'nfs-provisioner'
   */
  readonly namespace?: string;
  /**
   * The StorageClasses.
   * @default nfs-homes, nfs-course-data, nfs-exchange (all Retain)
   */
  readonly storageClasses?: readonly NfsStorageClassOptions[];
  /**
   * Run the provisioner as this UID instead of root. Works only when that UID may create
   * directories in the export root (export owned by it, or `all_squash` with that `anonuid`).
   * @default undefined (the image's user: root, as upstream)
   */
  readonly runAsUser?: number;
  /**
   * @default 50m/200m CPU, 64/128 MiB
   */
  readonly resources?: ContainerResources;
  /**
   * The image.
   * @default {@link NFS_PROVISIONER_IMAGE}
   */
  readonly image?: string;
  /**
   * The image of the archive Job (`archiveJob()`): a POSIX sh with mv, awk and date.
   * @default {@link NFS_ARCHIVE_IMAGE}
   */
  readonly archiveImage?: string;
}

interface Resolved {
  readonly server?: string;
  readonly exportPath?: string;
  readonly mountOptions: readonly string[];
  readonly provisionerName: string;
  readonly namespace: string;
  readonly classes: readonly NfsStorageClassOptions[];
  readonly image: string;
  readonly archiveImage: string;
  readonly runAsUser?: number;
}

/** The default StorageClasses: homes, course data and the nbgrader exchange. */
export const DEFAULT_NFS_CLASSES: readonly NfsStorageClassOptions[] = [
  { name: 'nfs-homes' },
  { name: 'nfs-course-data' },
  { name: 'nfs-exchange' },
];

const DEFAULT_PATH_PATTERN = '${.PVC.namespace}/${.PVC.name}';

/** The NfsProvisioner validation table; each row has a "fails …" test in test/storage/nfs-provisioner.test.ts. */
export const NFS_PROVISIONER_RULES: readonly PropRule<Resolved>[] = [
  {
    id: 'nfs-server',
    field: 'server',
    value: (r) => r.server,
    ok: (r) => typeof r.server === 'string' && (parseIpv4(r.server) !== undefined || isDnsSubdomain(r.server)),
    message: 'the NFS provisioner needs an NFS server (host name or IPv4), from props or the ClusterSpec.',
    fix: 'set nfs: { server, exportPath } in the ClusterSpec, or pass server to NfsProvisioner.',
  },
  {
    id: 'nfs-export-path',
    field: 'exportPath',
    value: (r) => r.exportPath,
    ok: (r) => typeof r.exportPath === 'string' && /^\/\S*$/.test(r.exportPath) && absolutePathProblem(r.exportPath) === undefined,
    message: 'the NFS export must be an absolute path.',
    fix: 'set nfs.exportPath, e.g. "/export/teaching".',
  },
  {
    id: 'nfs-namespace',
    field: 'namespace',
    value: (r) => r.namespace,
    ok: (r) => isDnsLabel(r.namespace),
    message: 'the namespace must be a DNS-1123 label.',
    fix: 'use e.g. "nfs-provisioner".',
  },
  {
    id: 'nfs-class-names',
    field: 'storageClasses[].name',
    value: (r) => r.classes.map((c) => c.name),
    ok: (r) => r.classes.length > 0 && r.classes.every((c) => isDnsSubdomain(c.name)) && new Set(r.classes.map((c) => c.name)).size === r.classes.length,
    message: 'StorageClass names must be unique DNS-1123 subdomains, and there must be at least one.',
    fix: 'name the classes e.g. "nfs-homes", "nfs-course-data".',
  },
  {
    id: 'nfs-path-pattern-unique',
    field: 'storageClasses[].pathPattern',
    value: (r) => r.classes.filter((c) => !uniquePattern(c.pathPattern ?? DEFAULT_PATH_PATTERN)).map((c) => c.pathPattern),
    ok: (r) => r.classes.every((c) => uniquePattern(c.pathPattern ?? DEFAULT_PATH_PATTERN)),
    message: 'a pathPattern without both ${.PVC.namespace} and ${.PVC.name} maps several claims to one directory: they share data, and removing one deletes it for all.',
    fix: 'use "${.PVC.namespace}/${.PVC.name}" (the default) or add both placeholders.',
  },
  {
    id: 'nfs-one-default',
    field: 'storageClasses[].isDefault',
    value: (r) => r.classes.filter((c) => c.isDefault).map((c) => c.name),
    ok: (r) => r.classes.filter((c) => c.isDefault).length <= 1,
    message: 'more than one StorageClass is marked default.',
    fix: 'mark at most one class isDefault.',
  },
  {
    id: 'nfs-image-pinned',
    field: 'image/archiveImage',
    value: (r) => [r.image, r.archiveImage].filter((i) => !isPinnedImage(i)),
    ok: (r) => isPinnedImage(r.image) && isPinnedImage(r.archiveImage),
    message: 'the provisioner and archive Job images must be pinned to a tag or digest.',
    fix: `use ${NFS_PROVISIONER_IMAGE} and ${NFS_ARCHIVE_IMAGE}.`,
  },
  {
    id: 'nfs-run-as-user',
    field: 'runAsUser',
    value: (r) => r.runAsUser,
    ok: (r) => r.runAsUser === undefined || (Number.isInteger(r.runAsUser) && r.runAsUser > 0),
    message: 'runAsUser must be a positive whole UID (leave it out to run as root).',
    fix: 'set the UID that owns the export root, e.g. 65534 with all_squash.',
  },
];

function uniquePattern(p: string): boolean {
  return p.includes('${.PVC.namespace}') && p.includes('${.PVC.name}');
}

/**
 * The NFS subdir external provisioner (kubernetes-sigs/nfs-subdir-external-provisioner v4.0.2),
 * rendered natively: its own namespace (Pod Security "baseline", declared), ServiceAccount, RBAC,
 * a Recreate Deployment mounting the export, and StorageClasses that keep data (Retain, one
 * directory per claim), and the archive procedure for Released volumes ({@link NfsProvisioner.archiveJob}):
 * with Retain the provisioner never deletes or archives anything itself.
 */
export class NfsProvisioner extends Package {
  /** The namespace the provisioner runs in. */
  readonly namespaceName: string;
  /** The provisioner name the StorageClasses use. */
  readonly provisionerName: string;
  /** All StorageClasses, by name. */
  readonly storageClasses: ReadonlyMap<string, IStorageClass>;
  private readonly resolved: Resolved;

  constructor(scope: Construct, id = 'nfs', props: NfsProvisionerProps = {}) {
    const namespace = props.namespace ?? 'nfs-provisioner';
    super(scope, id, { group: 'platform', namespace });
    declareProps(this, 'NfsProvisionerProps', props);
    const spec = ClusterApp.of(this).spec;
    const r: Resolved = {
      server: props.server ?? spec.nfs?.server,
      exportPath: props.exportPath ?? spec.nfs?.exportPath,
      mountOptions: props.mountOptions ?? spec.nfs?.mountOptions ?? ['nfsvers=4.1', 'hard'],
      provisionerName: props.provisionerName ?? 'k8s-sigs.io/nfs-subdir-external-provisioner',
      namespace,
      classes: props.storageClasses ?? DEFAULT_NFS_CLASSES,
      image: props.image ?? NFS_PROVISIONER_IMAGE,
      archiveImage: props.archiveImage ?? NFS_ARCHIVE_IMAGE,
      runAsUser: props.runAsUser,
    };
    this.resolved = r;
    this.namespaceName = namespace;
    this.provisionerName = r.provisionerName;
    const path = this.node.path;
    this.addIssues(() => checkRules(path, r, NFS_PROVISIONER_RULES));

    const name = 'nfs-client-provisioner';
    const labels = { app: name, 'app.kubernetes.io/name': 'nfs-subdir-external-provisioner', 'app.kubernetes.io/part-of': 'hubfleet' };

    new IsolatedNamespace(this, 'namespace', {
      name: namespace,
      labels: { 'hubfleet.io/kind': 'platform' },
      podSecurity: 'baseline',
      podSecurityReason:
        'the NFS subdir provisioner mounts the export as an inline nfs volume, which "restricted" forbids, and by default runs as root to create per-claim directories in the export.',
      // The namespace holds no data (volumes live on the NFS server); ArgoCD may remove it.
      keepOnRemoval: false,
    });

    // Only the Kubernetes API is needed: the NFS mount is made by the kubelet on the node, not by
    // the pod, so pod egress policy does not apply to it.
    const apiPeers = kubernetesApiPeers(spec);
    networkPolicy(this, 'allow-api', {
      name: 'allow-kubernetes-api',
      namespace,
      labels,
      podSelector: { app: name },
      egress: [{ peers: apiPeers, ports: tcp(443, 6443) }],
    });

    new K8sObject(this, 'service-account', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace, labels },
    });
    new K8sObject(this, 'cluster-role', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'nfs-client-provisioner-runner', labels },
      rules: [
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'update', 'patch'] },
      ],
    });
    new K8sObject(this, 'cluster-role-binding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'run-nfs-client-provisioner', labels },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
      roleRef: { kind: 'ClusterRole', name: 'nfs-client-provisioner-runner', apiGroup: 'rbac.authorization.k8s.io' },
    });
    // v4.0.2 (sig-storage-lib-external-provisioner v6) takes its leader lock on an Endpoints object.
    new K8sObject(this, 'leader-role', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'leader-locking-nfs-client-provisioner', namespace, labels },
      rules: [{ apiGroups: [''], resources: ['endpoints'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] }],
    });
    new K8sObject(this, 'leader-role-binding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'leader-locking-nfs-client-provisioner', namespace, labels },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
      roleRef: { kind: 'Role', name: 'leader-locking-nfs-client-provisioner', apiGroup: 'rbac.authorization.k8s.io' },
    });

    const res = props.resources ?? { cpuRequest: 0.05, cpuLimit: 0.2, memoryRequestMiB: 64, memoryLimitMiB: 128 };
    new K8sObject(this, 'deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
      spec: {
        replicas: 1,
        // Never two provisioners at once (upstream uses Recreate too).
        strategy: { type: 'Recreate' },
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            securityContext: exportPodSecurity(r),
            containers: [
              {
                name: 'nfs-client-provisioner',
                image: r.image,
                env: [
                  { name: 'PROVISIONER_NAME', value: r.provisionerName },
                  { name: 'NFS_SERVER', value: r.server ?? '' },
                  { name: 'NFS_PATH', value: r.exportPath ?? '' },
                ],
                volumeMounts: [{ name: 'nfs-client-root', mountPath: '/persistentvolumes' }],
                resources: resources(res),
                securityContext: exportContainerSecurity(r),
              },
            ],
            volumes: [{ name: 'nfs-client-root', nfs: { server: r.server ?? '', path: r.exportPath ?? '' } }],
          },
        },
      },
    });

    const classes = new Map<string, IStorageClass>();
    for (const c of r.classes) {
      if (classes.has(c.name)) continue; // reported by nfs-class-names
      const annotations: Record<string, string> = {};
      if (c.scratch) annotations['hubfleet.io/scratch'] = 'true';
      if (c.isDefault) annotations['storageclass.kubernetes.io/is-default-class'] = 'true';
      new K8sObject(this, `storage-class-${c.name}`, {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: c.name, labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
        provisioner: r.provisionerName,
        parameters: {
          pathPattern: c.pathPattern ?? DEFAULT_PATH_PATTERN,
          // Only consulted when the PV's reclaim policy is Delete (scratch classes, or a PV edited by
          // hand, where v4.0.2 looks for <export>/<claim> instead of the pattern's directory). Kept as
          // it was: StorageClass parameters are immutable, so changing them would fail every sync.
          archiveOnDelete: c.scratch ? 'false' : 'true',
        },
        reclaimPolicy: c.scratch ? 'Delete' : 'Retain',
        volumeBindingMode: 'Immediate',
        mountOptions: [...r.mountOptions],
      });
      classes.set(c.name, { storageClassName: c.name, readWriteMany: true });
    }
    this.storageClasses = classes;
    // Hubs and SEB Server use these classes when not given one (ClusterApp.storageFor).
    const app = ClusterApp.of(this);
    for (const [purpose, cls] of [['homes', 'nfs-homes'], ['course-data', 'nfs-course-data'], ['exchange', 'nfs-exchange'], ['backup', 'nfs-homes']] as const) {
      if (classes.has(cls)) app.registerStorage(purpose, classes.get(cls)!);
    }

    // The archive procedure's script (lib/storage/nfs-archive.ts), for archiveJob(); idle until used.
    new K8sObject(this, 'archive-script', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'nfs-archive-script', namespace, labels: { ...labels, 'app.kubernetes.io/component': 'archive' } },
      data: { 'nfs-archive.sh': NFS_ARCHIVE_SCRIPT },
    });
  }

  /** The Retain classes the archive procedure handles (scratch classes delete their data themselves). */
  get archivedClasses(): string[] {
    return this.resolved.classes.filter((c) => !c.scratch).map((c) => c.name);
  }

  /**
   * The Job that runs the archive script against the export (a manifest to `kubectl create`, not part
   * of the GitOps output): it mounts the export like the provisioner, reads the PV list from the
   * ConfigMap `nfs-archive-input` (key `pvs`) and needs no API access. See lib/storage/README.md.
   */
  archiveJob(options: NfsArchiveOptions = {}): Record<string, unknown> {
    const r = this.resolved;
    const mode = options.mode ?? 'plan';
    if (options.namespace !== undefined && !isDnsLabel(options.namespace)) {
      throw new Error(`${this.node.path}: archiveJob namespace "${options.namespace}" is not a namespace name (DNS-1123 label).`);
    }
    const retention = options.retentionDays ?? 180;
    if (!Number.isInteger(retention) || retention < 1) throw new Error(`${this.node.path}: archiveJob retentionDays must be a whole number ≥ 1, not ${retention}.`);
    const env = (name: string, value: string) => ({ name, value });
    return {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'nfs-archive', namespace: this.namespaceName, labels: { app: 'nfs-archive', 'app.kubernetes.io/part-of': 'hubfleet', 'app.kubernetes.io/component': 'archive' } },
      spec: {
        backoffLimit: 0,
        ttlSecondsAfterFinished: 7 * 24 * 3600,
        template: {
          metadata: { labels: { app: 'nfs-archive' } },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            securityContext: exportPodSecurity(r),
            containers: [
              {
                name: 'archive',
                image: r.archiveImage,
                command: ['/bin/sh', '/scripts/nfs-archive.sh'],
                env: [
                  env('MODE', mode),
                  env('EXPORT_ROOT', '/export'),
                  env('NFS_SERVER', r.server ?? ''),
                  env('NFS_PATH', r.exportPath ?? ''),
                  env('CLASSES', this.archivedClasses.join(' ')),
                  env('ARCHIVE_DIR', NFS_ARCHIVE_DIR),
                  env('PV_LIST', '/input/pvs'),
                  ...(options.namespace ? [env('NAMESPACE', options.namespace)] : []),
                  ...(mode === 'purge' ? [env('RETENTION_DAYS', String(retention))] : []),
                ],
                resources: resources({ cpuRequest: 0.05, cpuLimit: 0.5, memoryRequestMiB: 32, memoryLimitMiB: 128 }),
                // As the provisioner: root keeps the capabilities it needs to move and purge users' files.
                securityContext: exportContainerSecurity(r),
                volumeMounts: [
                  { name: 'export', mountPath: '/export' },
                  { name: 'scripts', mountPath: '/scripts', readOnly: true },
                  { name: 'input', mountPath: '/input', readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: 'export', nfs: { server: r.server ?? '', path: r.exportPath ?? '' } },
              { name: 'scripts', configMap: { name: 'nfs-archive-script' } },
              { name: 'input', configMap: { name: 'nfs-archive-input', optional: mode === 'purge' } },
            ],
          },
        },
      },
    };
  }

  /**
   * The exact commands of one archive run: list the PVs, hand the list to the Job, run it, print its
   * log; in `archive` mode then delete the PV objects whose directories it archived (Retain: deleting
   * a PV object never touches data).
   */
  archiveCommands(options: NfsArchiveOptions = {}): string {
    const ns = this.namespaceName;
    const mode = options.mode ?? 'plan';
    const job = JSON.stringify(this.archiveJob(options), null, 2);
    return [
      ...(mode === 'purge'
        ? []
        : [
            `kubectl get pv -o jsonpath='${PV_LIST_JSONPATH}' > pvs.txt`,
            `kubectl -n ${ns} create configmap nfs-archive-input --from-file=pvs=pvs.txt --dry-run=client -o yaml | kubectl apply -f -`,
          ]),
      `kubectl -n ${ns} delete job nfs-archive --ignore-not-found`,
      `kubectl -n ${ns} create -f - <<'EOF'`,
      job,
      'EOF',
      `kubectl -n ${ns} wait --for=condition=complete --timeout=1h job/nfs-archive`,
      `kubectl -n ${ns} logs job/nfs-archive`,
      ...(mode === 'archive' ? [`kubectl -n ${ns} logs job/nfs-archive | awk '$1 == "DELETE-PV" { print $2 }' | xargs -r kubectl delete pv`] : []),
    ].join('\n');
  }

  /** The class for homes (`nfs-homes` unless renamed). */
  get homes(): IStorageClass {
    return this.classFor(this.storageClasses.has('nfs-homes') ? 'nfs-homes' : [...this.storageClasses.keys()][0]);
  }

  /** The class for shared course data (`nfs-course-data`). */
  get courseData(): IStorageClass {
    return this.classFor('nfs-course-data');
  }

  /** The class for the nbgrader exchange (`nfs-exchange`). */
  get exchange(): IStorageClass {
    return this.classFor('nfs-exchange');
  }

  /** A StorageClass of this provisioner by name; throws when it has no such class. */
  classFor(name: string): IStorageClass {
    const c = this.storageClasses.get(name);
    if (!c) {
      throw new Error(`${this.node.path}: the NFS provisioner has no StorageClass "${name}" (it has ${[...this.storageClasses.keys()].join(', ')}). Add it to storageClasses or use one of these.`);
    }
    return c;
  }
}

/** Pod security of the pods that mount the export (provisioner, archive Job): the image's root unless runAsUser is set. */
function exportPodSecurity(r: Resolved): Record<string, unknown> {
  return { ...(r.runAsUser !== undefined ? { runAsNonRoot: true, runAsUser: r.runAsUser, runAsGroup: r.runAsUser } : {}), seccompProfile: { type: 'RuntimeDefault' } };
}

/**
 * Their container security: as root, capabilities stay as upstream (with a root_squash export the
 * directories the provisioner creates belong to nobody, and chmod 0777 on them needs CAP_FOWNER on
 * the client); non-root drops them all.
 */
function exportContainerSecurity(r: Resolved): Record<string, unknown> {
  return { allowPrivilegeEscalation: false, ...(r.runAsUser !== undefined ? { capabilities: { drop: ['ALL'] } } : {}) };
}

/** The `kubernetes` Service ClusterIP (first address of the service network) as a /32 peer. */
/** Where pods reach the Kubernetes API: the API servers in the node network, and the `kubernetes` Service's address. */
export function kubernetesApiPeers(spec: ClusterSpec): ReturnType<typeof cidrPeer>[] {
  return [cidrPeer(spec.networks.nodeCidr), ...kubernetesServiceIp(spec.networks.serviceCidr ?? '10.43.0.0/16')];
}

function kubernetesServiceIp(serviceCidr: string): ReturnType<typeof cidrPeer>[] {
  const c = parseCidr(serviceCidr);
  if (!c) return [];
  const ip = c.base + 1;
  return [cidrPeer(`${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}/32`)];
}
