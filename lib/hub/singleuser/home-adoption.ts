/**
 * Taking over the homes an earlier deployment left (HomeStorage `adopt`): its claims, found by the
 * claim-name template KubeSpawner filled for it, or its directories on the NFS server, found by a
 * path template and mounted through one shared claim. The templates reach KubeSpawner as data
 * (`pvc_name_template`, a volume mount's `subPath`), checked here with the grammar of where they go:
 * only the fields that are made of [a-z0-9-] for any username, so no name can become a path outside
 * the homes (`..`, `/`).
 */
import { Construct } from 'constructs';
import { PropRule } from '../../core/errors';
import { K8sObject } from '../../core/k8s-object';
import { KEEP_ON_REMOVAL } from '../../core/pod';
import { ClusterSpec } from '../../fleet/cluster-spec';
import { ExamVolumes, STATIC_CLASS } from '../../exam/exam-volumes';
import { AdoptNfsDirectories, HomeAdoption } from '../course-jupyterhub-props';
import { ResolvedHub } from '../resolved';
import { HOME_TEMPLATE_FIELDS } from './slugs';

/** The default claim name of Zero to JupyterHub with KubeSpawner < 7, in KubeSpawner 7's fields. */
export const Z2JH_CLAIM_TEMPLATE = 'claim-{escaped_user_server}';
/** The shared claim that mounts adopted NFS directories. */
export const ADOPTED_HOMES_CLAIM = 'homes';

const FIELD = new RegExp(`\\{(?:${HOME_TEMPLATE_FIELDS.join('|')})\\}`, 'g');
const fieldsOf = (t: string) => t.match(FIELD) ?? [];

/** A claim-name template: DNS-label characters and the safe fields, at least one field. */
export function claimTemplateOk(t: unknown): boolean {
  if (typeof t !== 'string' || fieldsOf(t).length === 0) return false;
  const literal = t.replace(FIELD, '');
  return /^[a-z0-9-]*$/.test(literal) && /^[a-z]/.test(t);
}

/** A path template: relative segments of [A-Za-z0-9._-] and the safe fields, no `.`/`..` segment, at least one field. */
export function pathTemplateOk(t: unknown): boolean {
  if (typeof t !== 'string' || fieldsOf(t).length === 0 || t.startsWith('/') || t.endsWith('/')) return false;
  return t.split('/').every((seg) => {
    const literal = seg.replace(FIELD, '');
    return seg.length > 0 && seg !== '.' && seg !== '..' && /^[A-Za-z0-9._-]*$/.test(literal);
  });
}

const adoption = (r: ResolvedHub): HomeAdoption | undefined => (r.props.home === false ? undefined : r.props.home?.adopt);

/** The rules of home adoption; each row has a "fails …" test (test/hub/home-adoption.test.ts). */
export const HOME_ADOPTION_RULES: readonly PropRule<ResolvedHub>[] = [
  {
    id: 'hub-home-adopt-template',
    field: 'home.adopt',
    value: (r) => adoption(r),
    ok: (r) => {
      const a = adoption(r);
      if (!a) return true;
      return a.from === 'claims' ? claimTemplateOk(a.claimNameTemplate ?? Z2JH_CLAIM_TEMPLATE) : pathTemplateOk(a.pathTemplate) && /^\/[A-Za-z0-9._/-]*$/.test(a.exportPath) && !a.exportPath.split('/').includes('..');
    },
    message: `a home template may use only the fields {${HOME_TEMPLATE_FIELDS.join('}, {')}} (each is [a-z0-9-] for any username) and, around them, the characters of a claim name ([a-z0-9-], starting with a letter) or of a relative path ([A-Za-z0-9._-] segments, no ".."); the NFS directory must be an absolute path.`,
    fix: 'e.g. claimNameTemplate: "claim-{escaped_user_server}" (Zero to JupyterHub before KubeSpawner 7), or exportPath: "/tank/jupyter/homes" with pathTemplate: "{escaped_username}".',
  },
  {
    id: 'hub-home-adopt-namespace',
    field: 'namespace',
    value: (r) => r.props.namespace,
    // Claims are per namespace: only a hub in the old namespace can mount them.
    ok: (r) => adoption(r)?.from !== 'claims' || r.props.namespace !== undefined,
    message: 'adopting claims needs the hub in the namespace that holds them (the earlier deployment\'s), but the hub gets its own.',
    fix: 'set namespace to the earlier deployment\'s namespace (e.g. "jhub"), after uninstalling its hub; or adopt the directories instead (from: "nfs-directories").',
  },
];

/** The NFS server check needs the ClusterSpec (the shared claim's volume is on its NFS server). */
export function adoptionServerProblem(r: ResolvedHub, spec: ClusterSpec): string | undefined {
  const a = adoption(r);
  return a?.from === 'nfs-directories' && !spec.nfs ? 'adopting NFS directories needs the ClusterSpec\'s nfs server (the homes are mounted from it)' : undefined;
}

/**
 * The shared claim of adopted NFS directories (in the hub's namespace) and its volume, a static NFS
 * PersistentVolume pre-bound to it (in the platform's static-volumes package), both kept on removal.
 */
export function adoptedHomesVolume(scope: Construct, o: { readonly namespace: string; readonly labels: Record<string, string>; readonly adopt: AdoptNfsDirectories; readonly spec: ClusterSpec }): void {
  const size = `${o.adopt.sizeGiB ?? 1024}Gi`;
  const pv = `${o.namespace}-homes`;
  new K8sObject(scope, 'adopted-homes', {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: ADOPTED_HOMES_CLAIM, namespace: o.namespace, labels: { ...o.labels, 'hubfleet.io/data': 'home' }, annotations: { ...KEEP_ON_REMOVAL } },
    spec: { accessModes: ['ReadWriteMany'], storageClassName: STATIC_CLASS, volumeName: pv, resources: { requests: { storage: size } } },
  });
  ExamVolumes.of(scope).addVolume({
    name: pv,
    server: o.spec.nfs?.server ?? '',
    path: o.adopt.exportPath,
    mountOptions: o.spec.nfs?.mountOptions ?? ['nfsvers=4.1', 'hard'],
    sizeGiB: o.adopt.sizeGiB ?? 1024,
    claimNamespace: o.namespace,
    claimName: ADOPTED_HOMES_CLAIM,
    readOnly: false,
    data: 'home',
  });
}
