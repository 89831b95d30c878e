/**
 * The risk list of `hubfleet diff`: what a change does to data, to running exams and to objects
 * Kubernetes will not update, judged the way Argo CD and the API server will act on it. Each rule
 * is a row of DIFF_RISK_RULES with a test in test/fleet/diff.test.ts.
 */
import { GRADES_KEYSET_ANNOTATION, IMMUTABLE_SECRET_ANNOTATION } from '../core/annotations';
import type { ExistingStorageClassSpec } from './cluster-spec';
import { deepEqual, describe, DiffObject, groupOf, objectKey, PackageDiff, terraformChanges } from './diff-objects';

/** One risk of a change. */
export interface Risk {
  /** `danger`: data is lost, a sync fails, an exam is disturbed. `warning`: it is safe, but needs a step by hand. */
  readonly severity: 'danger' | 'warning';
  readonly title: string;
  readonly details: readonly string[];
  /** What to do. */
  readonly fix?: string;
  readonly rule: string;
}

/** What the rules see. */
export interface DiffFacts {
  readonly cluster: string;
  readonly packages: readonly PackageDiff[];
  readonly before: ReadonlyMap<string, DiffObject>;
  readonly after: ReadonlyMap<string, DiffObject>;
  /** The files that are not Kubernetes objects (Terraform JSON …), on each side. */
  readonly beforeFiles: ReadonlyMap<string, string>;
  readonly afterFiles: ReadonlyMap<string, string>;
  /** The cluster's own StorageClasses (not in the output). */
  readonly existingStorageClasses: readonly ExistingStorageClassSpec[];
}

/** A risk rule. */
export interface DiffRiskRule {
  readonly id: string;
  /** What it looks for. */
  readonly what: string;
  readonly check: (f: DiffFacts, now: Date) => Risk[];
}

/** The annotation exam namespaces carry: `<ISO start>/<ISO end>`, several separated by ",". */
export const EXAM_WINDOW_ANNOTATION = 'hubfleet.io/exam-window';

const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const CASCADE_FINALIZER = /^resources-finalizer\.argocd\.argoproj\.io(\/(background|foreground))?$/;
const ARCHIVE = 'docs/retire-a-course.md and lib/argocd/README.md ("Removing or renaming a course never deletes its data")';

const objects = (m: ReadonlyMap<string, DiffObject>) => [...m.values()];
const isKind = (o: DiffObject, group: string, kind: string) => groupOf(o.json.apiVersion) === group && o.json.kind === kind;
const syncOptions = (json: any) =>
  new Set(
    String(json?.metadata?.annotations?.[SYNC_OPTIONS] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** The Argo CD Application that syncs a package folder, on one side. */
function applicationOf(side: ReadonlyMap<string, DiffObject>, pkg: string): any | undefined {
  return objects(side).find((o) => isKind(o, 'argoproj.io', 'Application') && typeof o.json.spec?.source?.path === 'string' && (o.json.spec.source.path === `k8s/${pkg}` || o.json.spec.source.path.endsWith(`/k8s/${pkg}`)))?.json;
}

const prunes = (app: any) => app?.spec?.syncPolicy?.automated?.prune === true;
const cascades = (app: any) => ((app?.metadata?.finalizers ?? []) as string[]).some((f) => CASCADE_FINALIZER.test(f));

/** The StorageClass of a claim, as the output defines it (undefined: the cluster's default or one it has). */
function storageClassOf(f: DiffFacts, pvc: any): { name?: string; reclaim?: string } {
  const name: string | undefined = pvc?.spec?.storageClassName;
  if (!name) return {};
  const sc = [...objects(f.before), ...objects(f.after)].find((o) => isKind(o, 'storage.k8s.io', 'StorageClass') && o.json.metadata?.name === name);
  if (sc) return { name, reclaim: sc.json.reclaimPolicy ?? 'Delete' };
  const existing = f.existingStorageClasses.find((c) => c.name === name);
  return { name, reclaim: existing ? existing.reclaimPolicy ?? 'Delete' : undefined };
}

/** The StorageClasses a hub puts homes on (KubeSpawner's `storage_class` in its rendered config). */
function homeClasses(objs: readonly DiffObject[]): string[] {
  const names = new Set<string>();
  for (const o of objs) {
    if (o.json.kind !== 'ConfigMap') continue;
    for (const v of Object.values(o.json.data ?? {})) for (const m of String(v).matchAll(/^c\.KubeSpawner\.storage_class = "([^"]+)"$/gm)) names.add(m[1]);
  }
  return [...names].sort();
}

/** What a removed data-holding object means for its data, once Argo CD deletes it. */
function whenDeleted(f: DiffFacts, o: DiffObject): { lost: boolean; text: string } {
  const j = o.json;
  switch (j.kind) {
    case 'Namespace':
      return { lost: true, text: 'Kubernetes deletes everything in it: every claim (homes, hub database), Secret and pod' };
    case 'PersistentVolumeClaim': {
      const sc = storageClassOf(f, j);
      if (sc.reclaim === 'Retain') return { lost: false, text: `its PV is Released and the data stays on the storage (${sc.name} is Retain); the claim is gone` };
      if (sc.reclaim) return { lost: true, text: `its volume is deleted with the data (${sc.name} has reclaimPolicy ${sc.reclaim})` };
      return { lost: true, text: `its volume follows the reclaim policy of ${sc.name ? `StorageClass ${sc.name}` : "the cluster's default StorageClass"} (Delete for most CSI drivers: the data is gone)` };
    }
    case 'StatefulSet': {
      const del = j.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete';
      return { lost: del, text: del ? 'its pods stop and its claims are deleted (persistentVolumeClaimRetentionPolicy.whenDeleted: Delete)' : 'its pods stop; the claims it made stay' };
    }
    case 'StorageClass':
      return { lost: false, text: 'existing volumes keep their reclaim policy (copied into each PV); new claims that name it stay Pending' };
    default:
      return { lost: false, text: 'deleted' };
  }
}

const DATA_KINDS = new Set(['Namespace', 'PersistentVolumeClaim', 'StatefulSet', 'StorageClass']);
const isData = (o: DiffObject) => DATA_KINDS.has(o.json.kind) && (groupOf(o.json.apiVersion) === '' || groupOf(o.json.apiVersion) === 'apps' || groupOf(o.json.apiVersion) === 'storage.k8s.io');

function label(o: DiffObject): string {
  const j = o.json;
  if (j.kind === 'PersistentVolumeClaim') {
    const role = j.metadata?.name === 'hub-db-dir' ? 'the hub database' : j.metadata?.name === 'ngshare-data' ? 'the nbgrader exchange' : /mariadb|mysql|postgres|db/.test(j.metadata?.name ?? '') ? 'a database' : undefined;
    return `PVC ${j.metadata?.name}${role ? ` (${role})` : ''}`;
  }
  return `${j.kind}/${j.metadata?.name}`;
}

/** The removed objects of every package, without those that only moved to another package. */
function removedObjects(f: DiffFacts): Array<{ pkg: PackageDiff; o: DiffObject }> {
  return f.packages.flatMap((p) => p.removed.filter((o) => !f.after.has(objectKey(o.json))).map((o) => ({ pkg: p, o })));
}

/** The kind hubfleet gives a hub's or SEB Server's namespace (label `hubfleet.io/kind`: course, exam, grading, seb-server). */
export const KIND_LABEL = 'hubfleet.io/kind';
const KIND_TITLES: Readonly<Record<string, string>> = { course: 'course', exam: 'exam', grading: 'grading hub', 'seb-server': 'SEB Server' };

/**
 * `courses/intro` → course intro; `exams/x` → exam x, or grading hub x when its namespace says
 * kind grading; `seb` → SEB Server seb. The namespace's kind label decides where the package has one.
 */
function packageTitle(pkg: string, objs: readonly DiffObject[] = []): string | undefined {
  const [group, ...rest] = pkg.split('/');
  const name = rest.join('/') || group;
  const kind = objs.find((o) => isKind(o, '', 'Namespace') && typeof o.json.metadata?.labels?.[KIND_LABEL] === 'string')?.json.metadata.labels[KIND_LABEL];
  if (kind !== undefined && KIND_TITLES[kind]) return `${KIND_TITLES[kind]} ${name}`;
  if (group === 'courses') return `course ${name}`;
  if (group === 'exams') return `exam ${name}`;
  if (group === 'seb') return `SEB Server ${name}`;
  return undefined;
}

/**
 * Fields Kubernetes rejects on update ("field is immutable", "Forbidden"); Argo CD's sync then
 * fails and retries. From kubernetes/kubernetes: pkg/apis/storage/validation/validation.go
 * (ValidateStorageClassUpdate), pkg/apis/apps/validation/validation.go (ValidateStatefulSetUpdate,
 * ValidateDeploymentUpdate, ValidateDaemonSetUpdate), pkg/apis/core/validation/validation.go
 * (ValidatePersistentVolumeClaimUpdate, ValidateServiceUpdate, ValidateConfigMapUpdate,
 * ValidateSecretUpdate), pkg/apis/batch/validation/validation.go (ValidateJobUpdate),
 * pkg/apis/rbac/validation/validation.go (ValidateRoleBindingUpdate).
 */
export const IMMUTABLE_FIELDS: ReadonlyArray<{
  readonly group: string;
  readonly kinds: readonly string[];
  /** The immutable fields that differ between the old and the new object. */
  readonly changed: (before: any, after: any) => string[];
  readonly why: string;
  readonly fix: string;
}> = [
  {
    group: 'storage.k8s.io',
    kinds: ['StorageClass'],
    changed: (b, a) => ['parameters', 'provisioner', 'reclaimPolicy', 'volumeBindingMode'].filter((k) => !deepEqual(b[k], a[k])),
    why: 'a StorageClass cannot change its parameters, provisioner, reclaimPolicy or volumeBindingMode ("updates to … are forbidden")',
    fix: 'give the changed class a new name (new claims use it, existing volumes stay where they are), or delete the StorageClass by hand right before the sync (`kubectl delete storageclass <name>`: existing PVs keep their reclaim policy) and let Argo CD create it again.',
  },
  {
    group: 'apps',
    kinds: ['Deployment', 'ReplicaSet', 'DaemonSet'],
    changed: (b, a) => (deepEqual(b.spec?.selector, a.spec?.selector) ? [] : ['spec.selector']),
    why: 'the selector of a Deployment, ReplicaSet or DaemonSet is immutable ("field is immutable")',
    fix: 'keep the old selector labels, or delete the object right before the sync (`kubectl -n <namespace> delete deployment <name>`; its pods restart) and let Argo CD create it again.',
  },
  {
    group: 'apps',
    kinds: ['StatefulSet'],
    changed: (b, a) => {
      const mutable = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);
      const keys = [...new Set([...Object.keys(b.spec ?? {}), ...Object.keys(a.spec ?? {})])];
      return keys.filter((k) => !mutable.has(k) && !deepEqual(b.spec?.[k], a.spec?.[k])).map((k) => `spec.${k}`);
    },
    why: "a StatefulSet may only change replicas, ordinals, template, updateStrategy, revisionHistoryLimit, persistentVolumeClaimRetentionPolicy and minReadySeconds (selector, serviceName and volumeClaimTemplates are fixed at creation)",
    fix: 'delete only the StatefulSet, keeping its pods and claims (`kubectl -n <namespace> delete statefulset <name> --cascade=orphan`), then sync: the new one adopts them by name. Existing claims do not change with volumeClaimTemplates.',
  },
  {
    group: '',
    kinds: ['PersistentVolumeClaim'],
    changed: (b, a) => {
      const keys = [...new Set([...Object.keys(b.spec ?? {}), ...Object.keys(a.spec ?? {})])].filter((k) => k !== 'resources' && k !== 'volumeAttributesClassName');
      const out = keys.filter((k) => !deepEqual(b.spec?.[k], a.spec?.[k])).map((k) => `spec.${k}`);
      const gib = (q: unknown) => quantityGiB(q);
      const before = gib(b.spec?.resources?.requests?.storage);
      const after = gib(a.spec?.resources?.requests?.storage);
      if (before !== undefined && after !== undefined && after < before) out.push('spec.resources.requests.storage (smaller)');
      return out;
    },
    why: 'a bound claim may only grow its storage request ("spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"; a smaller request is forbidden)',
    fix: 'keep the old values; to move data to another class or access mode, create a claim under a new name and copy the data over (the old claim keeps Prune=false).',
  },
  {
    group: '',
    kinds: ['Service'],
    changed: (b, a) =>
      a.spec?.type === 'ExternalName'
        ? []
        : ['clusterIP', 'clusterIPs'].filter((k) => (b.spec?.[k] !== undefined || a.spec?.[k] !== undefined) && !deepEqual(b.spec?.[k], a.spec?.[k])).map((k) => `spec.${k}`),
    why: 'a Service keeps the cluster IP allocated at creation (spec.clusterIP is immutable once set, e.g. going to or from headless "None")',
    fix: 'delete the Service right before the sync (`kubectl -n <namespace> delete service <name>`); clients resolve the new address.',
  },
  {
    group: '',
    kinds: ['PersistentVolume'],
    changed: (b, a) => [
      ...PV_SOURCES.filter((k) => !deepEqual(b.spec?.[k], a.spec?.[k])).map((k) => `spec.${k}`),
      ...(!deepEqual(b.spec?.volumeMode, a.spec?.volumeMode) ? ['spec.volumeMode'] : []),
      ...(b.spec?.nodeAffinity !== undefined && !deepEqual(b.spec.nodeAffinity, a.spec?.nodeAffinity) ? ['spec.nodeAffinity'] : []),
    ],
    why: 'a PersistentVolume keeps the volume source it was created with ("spec.persistentvolumesource is immutable after creation": nfs server and path, csi driver and handle, …), its volumeMode, and its nodeAffinity once set',
    fix: 'copy the data to the new place first; then, with the claim bound to this volume unused (its pods stopped), delete the claim and the PersistentVolume by hand (`kubectl delete pvc …; kubectl delete pv <name>`; with reclaimPolicy Retain the data stays where it was) and sync: Argo CD creates the volume with the new source and the claim binds to it. Or give the new volume a new name and point a new claim at it.',
  },
  {
    group: 'batch',
    kinds: ['Job'],
    changed: (b, a) => ['selector', 'template', 'completions'].filter((k) => !deepEqual(b.spec?.[k], a.spec?.[k])).map((k) => `spec.${k}`),
    why: "a Job's pod template, selector and completions are immutable",
    fix: 'give the Job a new name (or delete the old one by hand before the sync; it runs again).',
  },
  {
    group: 'rbac.authorization.k8s.io',
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
    changed: (b, a) => (deepEqual(b.roleRef, a.roleRef) ? [] : ['roleRef']),
    why: 'the roleRef of a binding cannot change',
    fix: 'delete the binding right before the sync, or create a binding under a new name.',
  },
  {
    group: '',
    kinds: ['ConfigMap', 'Secret'],
    changed: (b, a) => (b.immutable === true ? ['data', 'binaryData', 'stringData', 'immutable'].filter((k) => !deepEqual(b[k], a[k])) : []),
    why: 'an object marked immutable: true cannot change its data',
    fix: 'give the new content a new name and point its users at it.',
  },
];

/** The volume sources of a PersistentVolume (core/v1 PersistentVolumeSource): exactly one is set. */
export const PV_SOURCES: readonly string[] = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'csi', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk', 'glusterfs',
  'hostPath', 'iscsi', 'local', 'nfs', 'photonPersistentDisk', 'portworxVolume', 'quobyte', 'rbd', 'scaleIO', 'storageos', 'vsphereVolume',
];

/** A Kubernetes quantity in GiB (for comparing storage requests), or undefined. */
export function quantityGiB(q: unknown): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.exec(String(q ?? ''));
  if (!m) return undefined;
  const f: Record<string, number> = { Ki: 2 ** -20, Mi: 2 ** -10, Gi: 1, Ti: 2 ** 10, Pi: 2 ** 20, k: 1e3 / 2 ** 30, M: 1e6 / 2 ** 30, G: 1e9 / 2 ** 30, T: 1e12 / 2 ** 30, P: 1e15 / 2 ** 30 };
  return Number(m[1]) * (m[2] ? f[m[2]] : 1 / 2 ** 30);
}

/** Exam windows of a namespace's annotation. */
export function examWindows(ns: any): Array<{ start: Date; end: Date; text: string }> {
  const raw = ns?.metadata?.annotations?.[EXAM_WINDOW_ANNOTATION];
  if (typeof raw !== 'string') return [];
  return raw
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean)
    .map((text) => {
      const [s, e] = text.split('/');
      return { start: new Date(s), end: new Date(e), text };
    })
    .filter((w) => !Number.isNaN(w.start.getTime()) && !Number.isNaN(w.end.getTime()));
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * The NFS export an nfs-subdir-external-provisioner Deployment hands out (its NFS_SERVER and
 * NFS_PATH environment, cmd/nfs-subdir-external-provisioner/provisioner.go) and the name it
 * provisions for (PROVISIONER_NAME), or undefined for any other Deployment.
 */
export function nfsProvisionerOf(json: any): { server: string; path: string; provisioner?: string } | undefined {
  if (json?.kind !== 'Deployment') return undefined;
  for (const c of json.spec?.template?.spec?.containers ?? []) {
    const env = new Map<string, string>((c.env ?? []).filter((e: any) => typeof e.value === 'string').map((e: any) => [e.name, e.value]));
    if (env.has('NFS_SERVER') && env.has('NFS_PATH')) return { server: env.get('NFS_SERVER')!, path: env.get('NFS_PATH')!, provisioner: env.get('PROVISIONER_NAME') };
  }
  return undefined;
}

/** What a hub's config gives each new home (KubeSpawner's storage_capacity and storage_class), from its rendered jupyterhub_config.py. */
export function homeSettings(json: any): { capacity?: string; storageClass?: string } | undefined {
  if (json?.kind !== 'ConfigMap') return undefined;
  const py = json.data?.['jupyterhub_config.py'];
  if (typeof py !== 'string' || !/^c\.KubeSpawner\.pvc_name_template = /m.test(py)) return undefined;
  const get = (trait: string) => new RegExp(`^c\\.KubeSpawner\\.${trait} = "([^"]*)"$`, 'm').exec(py)?.[1];
  return { capacity: get('storage_capacity'), storageClass: get('storage_class') };
}

/** Terraform resource types of the node stack that are nodes. */
const NODE_RESOURCES = /^(vsphere_virtual_machine|openstack_compute_instance_v2)\./;
const days = (ms: number) => (ms / 86_400_000 >= 2 ? `${Math.floor(ms / 86_400_000)} days` : `${Math.max(1, Math.round(ms / 3_600_000))} hours`);

export const DIFF_RISK_RULES: readonly DiffRiskRule[] = [
  {
    id: 'diff-package-removed',
    what: 'a course, exam or SEB Server disappears',
    check: (f) =>
      f.packages
        .filter((p) => p.status === 'removed' && packageTitle(p.pkg) !== undefined)
        .map((p) => {
          const app = applicationOf(f.before, p.pkg);
          const root = applicationOf(f.after, 'argocd') ?? applicationOf(f.before, 'argocd');
          const appName = app?.metadata?.name;
          const cascade = cascades(app);
          const data = p.removed.filter(isData);
          const fates = data.map((o) => {
            const opts = syncOptions(o.json);
            const kept = !cascade || opts.has('Delete=false');
            const protection = opts.has('Prune=false') && opts.has('Delete=false') ? ' (Prune=false,Delete=false)' : ' (not protected by Prune=false,Delete=false)';
            return { lost: !kept && whenDeleted(f, o).lost, text: `${label(o)}: ${kept ? 'stays' : `DELETED: ${whenDeleted(f, o).text}`}${protection}` };
          });
          const homes = homeClasses(p.removed).map((name) => ({ name, reclaim: storageClassOf(f, { spec: { storageClassName: name } }).reclaim }));
          const added = f.packages.filter((q) => q.status === 'added' && q.pkg.split('/')[0] === p.pkg.split('/')[0]);
          const argo = !app
            ? `No Argo CD Application in the output syncs k8s/${p.pkg}/ (the stack has no GitOps tree): what happens depends on how the output is applied (\`kubectl apply --prune\` deletes what is gone, Prune=false,Delete=false is Argo CD's protection only).`
            : `Argo CD: ${prunes(root) ? 'the root Application prunes' : 'the root Application does not prune, so someone must delete'} Application/${appName}; ${
                cascade
                  ? 'it has the resources-finalizer, so Argo CD cascades the deletion to everything it deployed (objects with Delete=false excepted).'
                  : 'it has no resources-finalizer, so nothing it deployed is deleted: every object stays in the cluster, unmanaged, and the hub keeps running.'
              }`;
          const details = [
            argo,
            ...fates.map((x) => x.text),
            ...(p.pkg.startsWith('courses/') || p.pkg.startsWith('exams/') ? ["The students' homes (claim-<user>, made by KubeSpawner, not in Git) live in the namespace and stay as long as it does."] : []),
            ...homes.map((h) => (h.reclaim === 'Retain' ? `The homes are on ${h.name}, which is Retain: even a deleted claim leaves its directory on the storage.` : `The homes are on ${h.name} (reclaimPolicy ${h.reclaim ?? 'unknown: not in the output'}): a deleted claim may take its data with it.`)),
            ...(added.length ? [`If this is a rename to ${added.map((q) => q.pkg).join(', ')}: the new namespace starts empty; copy the data over before students log in (lib/argocd/README.md, "Rename").`] : []),
          ];
          return {
            severity: fates.some((x) => x.lost) ? 'danger' : 'warning',
            title: `${packageTitle(p.pkg, p.removed)} disappears (k8s/${p.pkg}/${app ? `, Application ${appName}` : ''})`,
            details,
            fix: `follow the end-of-course procedure: stop the hub, archive the homes, and delete the namespace on purpose only after the retention period (${ARCHIVE}).`,
            rule: 'diff-package-removed',
          } satisfies Risk;
        }),
  },
  {
    id: 'diff-data-removed',
    what: 'a namespace, PVC, StorageClass or data StatefulSet disappears (outside a removed course)',
    check: (f) =>
      removedObjects(f)
        .filter(({ pkg, o }) => isData(o) && !(pkg.status === 'removed' && packageTitle(pkg.pkg) !== undefined))
        .map(({ pkg, o }) => {
          const opts = syncOptions(o.json);
          const appAfter = applicationOf(f.after, pkg.pkg);
          const appBefore = applicationOf(f.before, pkg.pkg);
          const fate = whenDeleted(f, o);
          let deleted: boolean;
          let how: string;
          if (appAfter) {
            deleted = prunes(appAfter) && !opts.has('Prune=false');
            how = deleted
              ? `Application/${appAfter.metadata.name} prunes it at the next sync: ${fate.text}.`
              : opts.has('Prune=false')
                ? `it carries Prune=false: Application/${appAfter.metadata.name} leaves it in the cluster, unmanaged (shown as "requires pruning").`
                : `Application/${appAfter.metadata.name} does not prune: it stays until deleted by hand.`;
          } else {
            const cascade = cascades(appBefore);
            deleted = cascade && !opts.has('Delete=false');
            how = deleted
              ? `its Application goes with the resources-finalizer, which cascades: ${fate.text}.`
              : `its Application goes${cascade ? ', but it carries Delete=false' : ' without cascading (no resources-finalizer)'}: it stays in the cluster, unmanaged.`;
          }
          return {
            severity: deleted && (fate.lost || o.json.kind === 'PersistentVolumeClaim') ? 'danger' : 'warning',
            title: `${label(o)}${o.json.metadata?.namespace ? ` in ${o.json.metadata.namespace}` : ''} disappears (k8s/${pkg.pkg}/)`,
            details: [how, ...(o.json.kind === 'StorageClass' ? [`StorageClass: ${whenDeleted(f, o).text}.`] : [])],
            fix: deleted
              ? `keep the object in the stack until its data is archived (${ARCHIVE}); to keep it but stop managing it, give it Prune=false,Delete=false first.`
              : `nothing is deleted; remove it from the cluster by hand once its data is archived (${ARCHIVE}).`,
            rule: 'diff-data-removed',
          } satisfies Risk;
        }),
  },
  {
    id: 'diff-data-moved',
    what: 'a data-holding object moves to another package (another Argo CD Application)',
    check: (f) => {
      const out: Risk[] = [];
      for (const [k, b] of f.before) {
        const a = f.after.get(k);
        if (!a || a.pkg === b.pkg || !isData(b)) continue;
        const protectedFromPrune = syncOptions(b.json).has('Prune=false');
        out.push({
          severity: protectedFromPrune ? 'warning' : 'danger',
          title: `${label(b)}${b.json.metadata?.namespace ? ` in ${b.json.metadata.namespace}` : ''} moves from k8s/${b.pkg}/ to k8s/${a.pkg}/`,
          details: [
            protectedFromPrune
              ? 'It carries Prune=false, so the old Application leaves it; but it is still tracked as the old Application\'s, and FailOnSharedResource=true stops the new one from syncing it.'
              : `The old Application prunes it when it syncs first (${whenDeleted(f, b).text}), and the new one creates it empty.`,
          ],
          fix: 'give it Prune=false,Delete=false in a commit of its own first; then move it, and remove the old tracking (label app.kubernetes.io/instance or annotation argocd.argoproj.io/tracking-id) before syncing the new Application.',
          rule: 'diff-data-moved',
        });
      }
      return out;
    },
  },
  {
    id: 'diff-immutable-field',
    what: 'a change to a field Kubernetes does not let Argo CD update',
    check: (f) =>
      f.packages.flatMap((p) =>
        p.changed.flatMap((c) => {
          const g = groupOf(c.after.json.apiVersion);
          return IMMUTABLE_FIELDS.filter((r) => r.group === g && r.kinds.includes(c.after.json.kind)).flatMap((r) => {
            const fields = r.changed(c.before.json, c.after.json);
            if (fields.length === 0) return [];
            return [
              {
                severity: 'danger',
                title: `${describe(c.after.json)}: ${fields.join(', ')} cannot change in place (k8s/${p.pkg}/)`,
                details: [`Kubernetes refuses it: ${r.why}. Argo CD's sync of this Application fails and retries; the rest of the Application waits. Replace=true or Force=true would delete and recreate the object: never for claims or databases.`],
                fix: r.fix,
                rule: 'diff-immutable-field',
              } satisfies Risk,
            ];
          });
        }),
      ),
  },
  {
    id: 'diff-immutable-secret',
    what: `a secret that must never change (objects annotated ${IMMUTABLE_SECRET_ANNOTATION}) changes`,
    check: (f) => {
      const out: Risk[] = [];
      const seen = new Set<string>();
      for (const [k, b] of f.before) {
        const note = b.json.metadata?.annotations?.[IMMUTABLE_SECRET_ANNOTATION];
        if (typeof note !== 'string') continue;
        const ref = /^([^/\s:]+)\/([^:\s]+)/.exec(note);
        if (!ref) continue;
        const [, secret, key] = ref;
        const ns = b.json.metadata?.namespace;
        const a = f.after.get(k);
        const now = a?.json.metadata?.annotations?.[IMMUTABLE_SECRET_ANNOTATION];
        const problems: string[] = [];
        if (a && typeof now === 'string' && !now.startsWith(`${secret}/${key}:`)) problems.push(`${describe(a.json)} now reads it from ${now.split(':')[0]} instead of ${secret}/${key}.`);
        const sealed = (side: ReadonlyMap<string, DiffObject>) => [...side.values()].find((o) => isKind(o, 'bitnami.com', 'SealedSecret') && o.json.metadata?.name === secret && o.json.metadata?.namespace === ns)?.json;
        const sb = sealed(f.before);
        const sa = sealed(f.after);
        if (sb && !sa) problems.push(`SealedSecret/${secret} (${ns}) is removed: the controller deletes the Secret it owns.`);
        if (sb && sa && sb.spec?.encryptedData?.[key] !== sa.spec?.encryptedData?.[key]) {
          problems.push(`the ciphertext of ${secret}/${key} changed: unless the same value was sealed again (sealing is randomized), the password changes.`);
        }
        const id = `${ns}/${secret}/${key}`;
        if (problems.length === 0 || seen.has(id)) continue;
        seen.add(id);
        out.push({
          severity: 'danger',
          title: `secret ${secret}/${key} in ${ns} must never change, and this change touches it`,
          details: [`${note}`, ...problems],
          fix: 'keep the old SealedSecret ciphertext for this key (restore it from Git history); to rotate the other keys, re-seal only those. If the value really must change, follow the SEB Server procedure in lib/seb/README.md first.',
          rule: 'diff-immutable-secret',
        });
      }
      return out;
    },
  },
  {
    id: 'diff-nfs-export-moved',
    what: "the NFS server or export of an NFS provisioner changes (every volume it made names the old one in its immutable spec.nfs)",
    check: (f) =>
      f.packages.flatMap((p) =>
        p.changed.flatMap((c) => {
          const b = nfsProvisionerOf(c.before.json);
          const a = nfsProvisionerOf(c.after.json);
          if (!a || !b || (a.server === b.server && a.path === b.path)) return [];
          const classes = objects(f.after)
            .filter((o) => isKind(o, 'storage.k8s.io', 'StorageClass') && a.provisioner !== undefined && o.json.provisioner === a.provisioner)
            .map((o) => o.json.metadata?.name as string)
            .sort();
          const onClasses = classes.length ? ` (StorageClass${classes.length === 1 ? '' : 'es'} ${classes.join(', ')})` : '';
          return [
            {
              severity: 'danger',
              title: `${describe(c.after.json)}: the NFS export moves from ${b.server}:${b.path} to ${a.server}:${a.path} (k8s/${p.pkg}/)`,
              details: [
                `The provisioner restarts and makes every new volume${onClasses} on ${a.server}:${a.path}. Every volume it made before keeps ${b.server}:${b.path}: a PersistentVolume's spec.nfs is immutable, so homes, databases and exchanges that exist stay on the old server, and the sync cannot move them.`,
                'Students who already have a home keep using the old server; students who log in for the first time get a home on the new one. If the old server goes away, the existing homes go with it.',
              ],
              fix: `before the commit: copy the export to the new server keeping its folders (<export>/<namespace>/<claim>, e.g. rsync -aHAX ${b.server}:${b.path}/ ${a.server}:${a.path}/) and stop the hubs. Then, for each PersistentVolume of the old export (kubectl get pv -o jsonpath='{range .items[?(@.spec.nfs.server=="${b.server}")]}{.metadata.name}{" "}{.spec.claimRef.namespace}{"/"}{.spec.claimRef.name}{"\\n"}{end}'): save it (kubectl get pv <pv> -o yaml), delete its claim (the Retain policy keeps the data) and the volume, create it again with the new spec.nfs.server and path and a claimRef to the same namespace and name (without uid), and create the claim again (KubeSpawner makes homes, claim-<user>, at the next start; they bind to the volume made for them). Sync after that.`,
              rule: 'diff-nfs-export-moved',
            } satisfies Risk,
          ];
        }),
      ),
  },
  {
    id: 'diff-home-storage',
    what: "a hub's home size or StorageClass changes (existing homes keep theirs)",
    check: (f) =>
      f.packages.flatMap((p) =>
        p.changed.flatMap((c) => {
          const b = homeSettings(c.before.json);
          const a = homeSettings(c.after.json);
          if (!a || !b) return [];
          const out: Risk[] = [];
          const ns = c.after.json.metadata?.namespace;
          if (a.capacity !== b.capacity) {
            const grows = (quantityGiB(a.capacity) ?? 0) > (quantityGiB(b.capacity) ?? 0);
            const cls = storageClassOf(f, { spec: { storageClassName: a.storageClass } });
            const expandable = objects(f.after).find((o) => isKind(o, 'storage.k8s.io', 'StorageClass') && o.json.metadata?.name === a.storageClass)?.json.allowVolumeExpansion === true;
            out.push({
              severity: 'warning',
              title: `homes in ${ns}: new homes get ${a.capacity} instead of ${b.capacity}; existing homes keep ${b.capacity} (k8s/${p.pkg}/)`,
              details: [
                'KubeSpawner sets the size only when it creates a claim (claim-<user>): students who already have a home keep its size, only students whose home is made after the sync get the new one.',
                ...(grows
                  ? [expandable ? `StorageClass ${a.storageClass} allows volume expansion, so existing claims can be grown.` : `Whether existing claims can grow depends on ${cls.name ? `StorageClass ${cls.name}` : 'the default StorageClass'} (allowVolumeExpansion); NFS volumes of nfs-subdir-external-provisioner are folders without a quota: their size is not enforced either way.`]
                  : ['A claim never shrinks (Kubernetes refuses a smaller request): existing homes stay larger.']),
              ],
              fix: grows
                ? `to give existing students the new size too: kubectl -n ${ns} get pvc -o name | grep claim- | xargs -I{} kubectl -n ${ns} patch {} -p '{"spec":{"resources":{"requests":{"storage":"${a.capacity}"}}}}' (needs a StorageClass that allows expansion).`
                : 'nothing to do for new students; existing homes keep their size. To reclaim space, archive and recreate the homes between terms.',
              rule: 'diff-home-storage',
            });
          }
          if (a.storageClass !== b.storageClass) {
            out.push({
              severity: 'warning',
              title: `homes in ${ns}: new homes go to ${a.storageClass ?? "the cluster's default StorageClass"} instead of ${b.storageClass ?? "the cluster's default StorageClass"}; existing homes stay where they are (k8s/${p.pkg}/)`,
              details: [
                "A claim's StorageClass is fixed when it is made: existing homes (claim-<user>) stay on the old class and its storage, only students whose home is made after the sync get the new one. The hub keeps mounting each student's existing claim.",
              ],
              fix: `to move existing homes: stop the hub, copy each home to a claim on the new class (e.g. a Job that mounts both), delete the old claim and give the new one its name (claim-<user>); or keep both classes until the term ends. Keep the old StorageClass until no home uses it (kubectl -n ${ns} get pvc -o custom-columns=NAME:.metadata.name,CLASS:.spec.storageClassName).`,
              rule: 'diff-home-storage',
            });
          }
          return out;
        }),
      ),
  },
  {
    id: 'diff-node-destroyed',
    what: 'terraform apply would destroy a node (a VM or instance of the node stack)',
    check: (f) => {
      const out: Risk[] = [];
      for (const file of [...new Set([...f.beforeFiles.keys(), ...f.afterFiles.keys()])].sort()) {
        if (!file.startsWith('terraform/') || !file.endsWith('.tf.json')) continue;
        const nodes = terraformChanges(f.beforeFiles.get(file), f.afterFiles.get(file)).filter((c) => c.op === '-' && NODE_RESOURCES.test(c.address));
        if (nodes.length === 0) continue;
        const roles = nodes.map((n) => /roles ([\w, -]+)\./.exec(String(n.before?.annotation ?? n.before?.metadata?.roles ?? ''))?.[1] ?? '').join(' ');
        const names = nodes.map((n) => n.before?.name).filter((x): x is string => typeof x === 'string');
        const control = /etcd|control-plane/.test(roles) || nodes.some((n) => /(^|\.)(etcd|cp|server)_\d+$/.test(n.address));
        out.push({
          severity: 'danger',
          title: `terraform apply destroys ${nodes.length} node${nodes.length === 1 ? '' : 's'}: ${nodes.map((n) => n.address).join(', ')} (${file})`,
          details: [
            'The VM and its disks are deleted; pods on it are evicted without a drain, and local data is lost.',
            ...(control ? ['It is an etcd or control-plane member: removing it without leaving the cluster first costs quorum.'] : []),
          ],
          fix: `first, for each node${names.length ? ` (${names.join(', ')})` : ''}: \`kubectl drain <node> --ignore-daemonsets --delete-emptydir-data\` and \`kubectl delete node <node>\`${control ? ' (etcd: remove the member first, one at a time, and keep an odd count)' : ''}; then commit and apply. Check that \`terraform plan\` shows only these destroys.`,
          rule: 'diff-node-destroyed',
        });
      }
      return out;
    },
  },
  {
    id: 'diff-grades-toggled',
    what: 'a hub turns grades to the LMS on or off (its grade service appears or goes)',
    check: (f) => {
      const services = (side: ReadonlyMap<string, DiffObject>) =>
        new Map(objects(side).filter((o) => isKind(o, 'apps', 'Deployment') && typeof o.json.metadata?.annotations?.[GRADES_KEYSET_ANNOTATION] === 'string').map((o) => [String(o.json.metadata.namespace), o]));
      const before = services(f.before);
      const after = services(f.after);
      const out: Risk[] = [];
      for (const [ns, o] of [...after].sort(([a], [b]) => a.localeCompare(b))) {
        if (before.has(ns)) continue;
        const url = o.json.metadata.annotations[GRADES_KEYSET_ANNOTATION];
        out.push({
          severity: 'warning',
          title: `grades to the LMS turn on for the hub in ${ns} (k8s/${o.pkg}/)`,
          details: [
            `The LMS must know the tool's key set ${url} and grant its Assignment and Grade Services (the report's LTI sheet: Moodle "IMS LTI Assignment and Grade Services: use this service for grade sync and column management"; Canvas: the developer key's public JWK URL and its AGS scopes). Until then the service gets no token and every score waits, with that reason.`,
            "Graders' servers get access to the service in the token they receive when they start: servers running now must be restarted once.",
            "The service reads the last launch of every user from the hub's auth state; whoever never opened the hub from the LMS course is unknown to it until they do.",
          ],
          fix: 'register the key set and enable the services in the LMS before instructors export grades.',
          rule: 'diff-grades-toggled',
        });
      }
      for (const [ns, o] of [...before].sort(([a], [b]) => a.localeCompare(b))) {
        if (after.has(ns)) continue;
        const url = o.json.metadata.annotations[GRADES_KEYSET_ANNOTATION];
        out.push({
          severity: 'warning',
          title: `grades to the LMS turn off for the hub in ${ns} (k8s/${o.pkg}/)`,
          details: [
            'Scores still queued or held are not sent any more: they stay in claim grades-data (Prune=false,Delete=false), and turning grades on again sends them.',
            'Scores already sent and the grade columns stay in the LMS.',
            `The key set ${url} stops answering: remove it and the Assignment and Grade Services from the tool in the LMS.`,
          ],
          fix: 'first check, in an instructor\'s server, `python3 -m hubfleet_lms_grades status` for scores not yet sent.',
          rule: 'diff-grades-toggled',
        });
      }
      return out;
    },
  },
  {
    id: 'diff-exam-restart',
    what: 'a hub restart (pod template change) in a namespace with an exam window',
    check: (f, now) => {
      const out: Risk[] = [];
      const namespaces = [...f.after.values(), ...f.before.values()].filter((o) => isKind(o, '', 'Namespace'));
      const done = new Set<string>();
      for (const ns of namespaces) {
        const name = ns.json.metadata?.name;
        if (done.has(name)) continue;
        done.add(name);
        const windows = examWindows(ns.json);
        if (windows.length === 0) continue;
        const restarts = f.packages.flatMap((p) => [
          ...p.changed.filter((c) => WORKLOADS.has(c.after.json.kind) && c.after.json.metadata?.namespace === name && !deepEqual(c.before.json.spec?.template, c.after.json.spec?.template)).map((c) => `${describe(c.after.json)} restarts (its pod template changes)`),
          ...p.removed.filter((o) => WORKLOADS.has(o.json.kind) && o.json.metadata?.namespace === name).map((o) => `${describe(o.json)} is removed`),
        ]);
        if (restarts.length === 0) continue;
        const running = windows.find((w) => w.start <= now && now < w.end);
        const next = windows.filter((w) => w.start > now).sort((x, y) => x.start.getTime() - y.start.getTime())[0];
        if (running) {
          out.push({
            severity: 'danger',
            title: `exam in ${name} is running now (${running.text}) and this change restarts its hub`,
            details: [...restarts, `Now is ${now.toISOString()}: Argo CD syncs within minutes of the commit; candidates lose their connection while the hub and proxy restart.`],
            fix: `commit after the window ends (${running.end.toISOString()}), or pause auto-sync of the exam's Application for its duration.`,
            rule: 'diff-exam-restart',
          });
        } else if (next) {
          out.push({
            severity: 'warning',
            title: `exam in ${name} starts in ${days(next.start.getTime() - now.getTime())} (${next.text}); this change restarts its hub`,
            details: [...restarts, 'Let it sync (and check the hub) well before the window opens, not during it.'],
            fix: `commit and sync before ${next.start.toISOString()}, or after the window ends.`,
            rule: 'diff-exam-restart',
          });
        }
      }
      return out;
    },
  },
];

/** Every risk of a diff, dangers first, in rule order (`hubfleet diff` adds the course lifecycle's rule, lifecycle-risks.ts). */
export function risksOf(f: DiffFacts, now: Date, rules: readonly DiffRiskRule[] = DIFF_RISK_RULES): Risk[] {
  const all = rules.flatMap((r) => r.check(f, now));
  return [...all.filter((r) => r.severity === 'danger'), ...all.filter((r) => r.severity === 'warning')];
}
