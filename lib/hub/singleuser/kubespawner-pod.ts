import { RuntimeClaimDecl, RuntimePodDecl } from '../../model/declarations';
import { PyExpr, PySet, PyValue } from '../hub/python';

/**
 * The user-server pods KubeSpawner 7 will create, derived from the hub's rendered KubeSpawner
 * traits (and each profile's `kubespawner_override`), so the cluster model checks what will really
 * run: labels for NetworkPolicies, image, resources, node selector and tolerations for scheduling,
 * volumes and claims for storage, security contexts for Pod Security.
 *
 * Mirrors kubespawner/spawner.py `get_pod_manifest` / `_build_pod_labels` and kubespawner/objects.py
 * `make_pod` (7.0.0): container `notebook` with port `notebook-port` (8888), labels =
 * `hub.jupyter.org/username` + extra_labels + common_labels + `component` + `hub.jupyter.org/servername`,
 * requests from `*_guarantee` and `extra_resource_guarantees`, limits from `*_limit` and
 * `extra_resource_limits`, `uid`/`fs_gid` into the security contexts.
 */

type Traits = ReadonlyMap<string, PyValue> | Readonly<Record<string, PyValue>>;

function get(t: Traits, k: string): PyValue {
  return t instanceof Map ? t.get(k) : (t as Record<string, PyValue>)[k];
}

/** Plain JSON of a rendered Python literal (sets become sorted lists; env expressions are dropped). */
function json(v: PyValue): any {
  if (v instanceof PyExpr) return undefined;
  if (v instanceof PySet) return [...v.items].sort();
  if (Array.isArray(v)) return v.map(json);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, json(x)]));
  return v;
}

/**
 * What KubeSpawner's `str.format` makes of a string (spawner.py `_expand_all`): `{{`/`}}` become
 * braces; a `{field}` stays as the placeholder it is (its value is known only at spawn).
 */
function formatted(v: any): any {
  if (typeof v === 'string') return v.replace(/\{\{|\}\}|\{[^{}]*\}/g, (m) => (m === '{{' ? '{' : m === '}}' ? '}' : m));
  if (Array.isArray(v)) return v.map(formatted);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, formatted(x)]));
  return v;
}

/** KubeSpawner's byte specification (`1024M`, `1.5G`: binary multiples) as a byte count. */
export function kubeSpawnerBytes(spec: unknown): number | undefined {
  if (typeof spec === 'number') return spec;
  if (typeof spec !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)$/.exec(spec);
  if (!m) return undefined;
  const mult = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[m[2] as '' | 'K' | 'M' | 'G' | 'T'];
  return Math.round(Number(m[1]) * mult);
}

/** What a hub's KubeSpawner will create. */
export interface KubeSpawnerPodsOptions {
  readonly namespace: string;
  /** For messages, e.g. `KubeSpawner of hub "intro"`. */
  readonly createdBy: string;
  /** The hub's KubeSpawner traits as rendered. */
  readonly traits: Traits;
  /** Profiles: slug → kubespawner_override, with a display name and the expected share of servers. @default [] */
  readonly profiles?: ReadonlyArray<{ readonly slug: string; readonly displayName: string; readonly override: Readonly<Record<string, PyValue>>; readonly share?: number }>;
  /** Servers at once at most. */
  readonly maxCount: number;
  /** Students (home claims at most). */
  readonly students: number;
  /** Exam window, for capacity. @default undefined */
  readonly window?: RuntimePodDecl['window'];
}

/** One RuntimePodDecl per profile (or one for the hub's default server). */
export function kubeSpawnerPods(o: KubeSpawnerPodsOptions): RuntimePodDecl[] {
  const variants = o.profiles && o.profiles.length ? o.profiles : [{ slug: '', displayName: '', override: {}, share: 1 }];
  return variants.map((v) => {
    const t = (k: string) => (k in v.override ? v.override[k] : get(o.traits, k));
    const requests: Record<string, string> = {};
    const limits: Record<string, string> = {};
    const cpuG = t('cpu_guarantee');
    const cpuL = t('cpu_limit');
    const memG = kubeSpawnerBytes(t('mem_guarantee'));
    const memL = kubeSpawnerBytes(t('mem_limit'));
    if (typeof cpuG === 'number') requests.cpu = String(cpuG);
    if (memG !== undefined) requests.memory = String(memG);
    if (typeof cpuL === 'number') limits.cpu = String(cpuL);
    if (memL !== undefined) limits.memory = String(memL);
    Object.assign(requests, json(t('extra_resource_guarantees')) ?? {});
    Object.assign(limits, json(t('extra_resource_limits')) ?? {});
    const uid = t('uid');
    const containerSc = { ...(json(t('container_security_context')) ?? {}), ...(typeof uid === 'number' ? { runAsUser: uid } : {}) };
    const fsGid = t('fs_gid');
    const podSc = { ...(json(t('pod_security_context')) ?? {}), ...(typeof fsGid === 'number' ? { fsGroup: fsGid } : {}) };
    const labels: Record<string, string> = { ...(formatted(json(t('extra_labels'))) ?? {}), ...(json(t('common_labels')) ?? {}), component: 'singleuser-server' };
    const nodeSelector = json(t('node_selector'));
    const tolerations = json(t('tolerations'));
    const claims: RuntimeClaimDecl[] = [];
    if (t('storage_pvc_ensure') === true) {
      const modes = json(t('storage_access_modes')) ?? ['ReadWriteOnce'];
      const size = String(t('storage_capacity') ?? '10Gi');
      claims.push({
        name: String(t('pvc_name_template') ?? 'claim-{username}'),
        storageClassName: typeof t('storage_class') === 'string' ? (t('storage_class') as string) : undefined,
        sizeGiB: Number(size.replace(/Gi$/, '')),
        accessMode: modes[0] === 'ReadWriteMany' ? 'ReadWriteMany' : 'ReadWriteOnce',
        count: o.students,
      });
    }
    const priorityClassName = t('priority_class_name');
    const podSpec = {
      automountServiceAccountToken: t('automount_service_account_token') === true,
      // objects.py make_pod: `if priority_class_name: pod.spec.priority_class_name = ...`
      ...(typeof priorityClassName === 'string' && priorityClassName ? { priorityClassName } : {}),
      securityContext: podSc,
      ...(nodeSelector && Object.keys(nodeSelector).length ? { nodeSelector } : {}),
      ...(Array.isArray(tolerations) && tolerations.length ? { tolerations } : {}),
      ...(json(t('init_containers'))?.length ? { initContainers: formatted(json(t('init_containers'))) } : {}),
      containers: [
        {
          name: 'notebook',
          image: t('image'),
          ports: [{ name: 'notebook-port', containerPort: typeof t('port') === 'number' ? t('port') : 8888 }],
          resources: { requests, limits },
          securityContext: containerSc,
          volumeMounts: formatted(json(t('volume_mounts'))) ?? [],
        },
        ...((json(t('extra_containers')) as any[]) ?? []),
      ],
      volumes: formatted(json(t('volumes'))) ?? [],
    };
    return {
      name: v.displayName ? `user server (profile "${v.displayName}")` : 'user server',
      namespace: o.namespace,
      labels,
      podSpec,
      createdBy: o.createdBy,
      maxCount: o.maxCount,
      claims,
      ...(v.share !== undefined ? { expectedShare: v.share } : {}),
      ...(o.window ? { window: o.window } : {}),
    };
  });
}
