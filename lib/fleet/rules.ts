import { isDnsLabel, isDnsSubdomain, isDomain, isPinnedImage } from '../core/names';

/**
 * hubfleet's own safety rules, checked at synth on every object after schema validation.
 * Each row has an id, what it guards, and a check; each has a "fails …" test in
 * test/fleet/rules.test.ts. The design's "Safety rules enforced at synth" list is this table.
 */

/** A finding of one rule in one object. */
export interface Finding {
  readonly field: string;
  readonly value: unknown;
  readonly message: string;
  readonly fix: string;
}

/** What a rule sees of one object. */
export interface ObjectContext {
  readonly obj: any;
  /** Namespaces (name → Namespace object) in the whole cluster output. */
  readonly namespaces: ReadonlyMap<string, any>;
}

/** A row of the object rule table. */
export interface ObjectRule {
  readonly id: string;
  readonly guards: string;
  readonly check: (ctx: ObjectContext) => Finding[];
}

/** Kinds whose pods run with a pod template, and where the pod spec sits. */
const POD_SPEC_PATH: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The pod spec of a workload object and its field path, or undefined. */
export function podSpecOf(obj: any): { spec: any; at: string } | undefined {
  const path = POD_SPEC_PATH[obj.kind];
  if (!path) return undefined;
  let v = obj;
  for (const p of path) v = v?.[p];
  return v ? { spec: v, at: path.join('.') } : undefined;
}

export function containersOf(pod: { spec: any; at: string }): Array<{ c: any; at: string }> {
  const out: Array<{ c: any; at: string }> = [];
  for (const key of ['initContainers', 'containers']) {
    (pod.spec[key] ?? []).forEach((c: any, i: number) => out.push({ c, at: `${pod.at}.${key}[${i}]` }));
  }
  return out;
}

/** Parse a CPU quantity to millicores. */
export function cpuMillis(q: unknown): number | undefined {
  if (typeof q === 'number') return q * 1000;
  if (typeof q !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(q);
  if (!m) return undefined;
  return m[2] ? Number(m[1]) : Number(m[1]) * 1000;
}

const MEM_UNITS: Record<string, number> = {
  '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4,
};

/** Parse a memory quantity to bytes. */
export function memBytes(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)(k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(q);
  if (!m) return undefined;
  return Number(m[1]) * MEM_UNITS[m[2] ?? ''];
}

const PRUNE_ANNOTATION = 'argocd.argoproj.io/sync-options';

/** True when the object is protected from ArgoCD prune and delete. */
export function isProtected(obj: any): boolean {
  const opts = String(obj.metadata?.annotations?.[PRUNE_ANNOTATION] ?? '');
  const set = new Set(opts.split(',').map((s) => s.trim()));
  return set.has('Prune=false') && set.has('Delete=false');
}

/** Annotation that declares why a namespace cannot be Pod Security "restricted". */
export const PSA_EXCEPTION_ANNOTATION = 'hubfleet.io/pod-security-exception';

function podSecurityLevel(ns: any): string | undefined {
  return ns?.metadata?.labels?.['pod-security.kubernetes.io/enforce'];
}

const ALLOWED_VOLUME_TYPES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret', 'name',
]);

/** Pod Security Standard "restricted" checks for one pod spec (the upstream policy, v1.28+). */
export function restrictedViolations(pod: { spec: any; at: string }): Finding[] {
  const out: Finding[] = [];
  const s = pod.spec;
  const fix = 'set runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities.drop: [ALL] and seccompProfile.type: RuntimeDefault, or declare a Pod Security exception for the namespace.';
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (s[key]) out.push({ field: `${pod.at}.${key}`, value: s[key], message: `${key} is not allowed under Pod Security "restricted".`, fix });
  }
  for (const [i, v] of (s.volumes ?? []).entries()) {
    const types = Object.keys(v).filter((k) => k !== 'name');
    for (const t of types) {
      if (!ALLOWED_VOLUME_TYPES.has(t)) {
        out.push({ field: `${pod.at}.volumes[${i}].${t}`, value: v.name, message: `volume type ${t} is not allowed under Pod Security "restricted".`, fix: 'use a PersistentVolumeClaim (e.g. on an NFS StorageClass) instead.' });
      }
    }
  }
  const podNonRoot = s.securityContext?.runAsNonRoot === true;
  const podSeccomp = s.securityContext?.seccompProfile?.type;
  for (const { c, at } of containersOf(pod)) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) out.push({ field: `${at}.securityContext.privileged`, value: true, message: 'privileged containers are not allowed.', fix });
    if (sc.allowPrivilegeEscalation !== false) out.push({ field: `${at}.securityContext.allowPrivilegeEscalation`, value: sc.allowPrivilegeEscalation, message: 'must be false under "restricted".', fix });
    const drop: string[] = sc.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) out.push({ field: `${at}.securityContext.capabilities.drop`, value: drop, message: 'must include ALL under "restricted".', fix });
    const add: string[] = sc.capabilities?.add ?? [];
    if (add.some((a) => a !== 'NET_BIND_SERVICE')) out.push({ field: `${at}.securityContext.capabilities.add`, value: add, message: 'only NET_BIND_SERVICE may be added under "restricted".', fix });
    const nonRoot = sc.runAsNonRoot ?? podNonRoot;
    if (nonRoot !== true) out.push({ field: `${at}.securityContext.runAsNonRoot`, value: sc.runAsNonRoot, message: 'runAsNonRoot must be true (on the pod or the container).', fix });
    if (sc.runAsUser === 0 || s.securityContext?.runAsUser === 0) out.push({ field: `${at}.securityContext.runAsUser`, value: 0, message: 'runAsUser 0 is not allowed.', fix });
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push({ field: `${at}.securityContext.seccompProfile.type`, value: seccomp, message: 'seccompProfile must be RuntimeDefault or Localhost.', fix });
  }
  return out;
}

/** The object rule table. */
export const OBJECT_RULES: readonly ObjectRule[] = [
  {
    id: 'object-name',
    guards: 'names are DNS-1123 (labels for Namespaces and Services)',
    check: ({ obj }) => {
      const name = obj.metadata?.name;
      const label = obj.kind === 'Namespace' || obj.kind === 'Service';
      const ok = label ? isDnsLabel(name) : isDnsSubdomain(name);
      return ok ? [] : [{ field: 'metadata.name', value: name, message: `is not a DNS-1123 ${label ? 'label' : 'subdomain'}.`, fix: 'use lowercase letters, digits and "-" (at most 63 characters for namespaces and services).' }];
    },
  },
  {
    id: 'resources',
    guards: 'every container has CPU and memory requests and limits, and limit ≥ request',
    check: ({ obj }) => {
      const pod = podSpecOf(obj);
      if (!pod) return [];
      const out: Finding[] = [];
      for (const { c, at } of containersOf(pod)) {
        const r = c.resources ?? {};
        for (const kind of ['requests', 'limits'] as const) {
          for (const res of ['cpu', 'memory'] as const) {
            if (r[kind]?.[res] === undefined) out.push({ field: `${at}.resources.${kind}.${res}`, value: undefined, message: `container "${c.name}" has no ${res} ${kind === 'requests' ? 'request' : 'limit'}.`, fix: `set resources.${kind}.${res}.` });
          }
        }
        const cpuReq = cpuMillis(r.requests?.cpu);
        const cpuLim = cpuMillis(r.limits?.cpu);
        if (cpuReq !== undefined && cpuLim !== undefined && cpuLim < cpuReq) out.push({ field: `${at}.resources.limits.cpu`, value: r.limits.cpu, message: `CPU limit is below the request (${r.requests.cpu}).`, fix: 'raise the limit or lower the request.' });
        const memReq = memBytes(r.requests?.memory);
        const memLim = memBytes(r.limits?.memory);
        if (memReq !== undefined && memLim !== undefined && memLim < memReq) out.push({ field: `${at}.resources.limits.memory`, value: r.limits.memory, message: `memory limit is below the request (${r.requests.memory}).`, fix: 'raise the limit or lower the request.' });
      }
      return out;
    },
  },
  {
    id: 'image-pinned',
    guards: 'images are pinned to a tag or digest, never latest',
    check: ({ obj }) => {
      const pod = podSpecOf(obj);
      if (!pod) return [];
      return containersOf(pod)
        .filter(({ c }) => !isPinnedImage(c.image))
        .map(({ c, at }) => ({ field: `${at}.image`, value: c.image, message: 'the image is not pinned to a tag or digest (or uses "latest").', fix: 'pin it, e.g. quay.io/jupyter/scipy-notebook:2025-10-20, or to a @sha256: digest.' }));
    },
  },
  {
    id: 'namespace-pod-security',
    guards: 'namespaces carry pod-security.kubernetes.io/enforce; anything below "restricted" declares its reason',
    check: ({ obj }) => {
      if (obj.kind !== 'Namespace') return [];
      const level = podSecurityLevel(obj);
      if (!level) return [{ field: 'metadata.labels["pod-security.kubernetes.io/enforce"]', value: undefined, message: 'the namespace has no Pod Security level.', fix: 'label it pod-security.kubernetes.io/enforce: restricted.' }];
      if (level !== 'restricted' && !obj.metadata?.annotations?.[PSA_EXCEPTION_ANNOTATION]) {
        return [{ field: `metadata.annotations["${PSA_EXCEPTION_ANNOTATION}"]`, value: level, message: `the namespace enforces "${level}" without a declared reason.`, fix: `annotate it with ${PSA_EXCEPTION_ANNOTATION}: <why restricted is impossible>.` }];
      }
      return [];
    },
  },
  {
    id: 'pod-security-restricted',
    guards: 'pods in "restricted" namespaces meet the restricted profile',
    check: ({ obj, namespaces }) => {
      const pod = podSpecOf(obj);
      if (!pod) return [];
      const ns = namespaces.get(obj.metadata?.namespace);
      if (podSecurityLevel(ns) !== 'restricted') return [];
      return restrictedViolations(pod);
    },
  },
  {
    id: 'no-plain-secret',
    guards: 'no Secret with literal data in the output',
    check: ({ obj }) => {
      if (obj.kind !== 'Secret' || obj.apiVersion !== 'v1') return [];
      return [{ field: 'kind', value: 'Secret', message: 'a plain Secret would put its value in Git.', fix: 'seal it with `hubfleet seal` and use a SealedSecret, or let the platform generate it in the cluster.' }];
    },
  },
  {
    id: 'stateful-protected',
    guards: 'PVCs and StatefulSets holding data carry Prune=false,Delete=false',
    check: ({ obj }) => {
      const stateful = obj.kind === 'PersistentVolumeClaim' || (obj.kind === 'StatefulSet' && (obj.spec?.volumeClaimTemplates ?? []).length > 0);
      if (!stateful || isProtected(obj)) return [];
      return [{ field: `metadata.annotations["${PRUNE_ANNOTATION}"]`, value: obj.metadata?.annotations?.[PRUNE_ANNOTATION], message: `${obj.kind} holds data but ArgoCD may prune or delete it.`, fix: `annotate it ${PRUNE_ANNOTATION}: Prune=false,Delete=false (hubfleet's constructs do this; see keepOnRemoval()).` }];
    },
  },
  {
    id: 'storageclass-retain',
    guards: 'StorageClasses for user data use reclaimPolicy Retain',
    check: ({ obj }) => {
      if (obj.kind !== 'StorageClass') return [];
      if (obj.reclaimPolicy === 'Retain') return [];
      if (obj.metadata?.annotations?.['hubfleet.io/scratch'] === 'true') return [];
      return [{ field: 'reclaimPolicy', value: obj.reclaimPolicy ?? 'Delete (default)', message: 'a StorageClass for user data would delete volumes when their claims go.', fix: 'set reclaimPolicy: Retain (or annotate hubfleet.io/scratch: "true" for scratch storage).' }];
    },
  },
  {
    id: 'ingress-hosts',
    guards: 'Ingress and HTTPRoute host names parse',
    check: ({ obj }) => {
      let hosts: unknown[] = [];
      if (obj.kind === 'Ingress') hosts = (obj.spec?.rules ?? []).map((r: any) => r.host).filter((h: unknown) => h !== undefined);
      if (obj.kind === 'HTTPRoute') hosts = obj.spec?.hostnames ?? [];
      return hosts
        .filter((h) => !isDomain(h))
        .map((h) => ({ field: obj.kind === 'Ingress' ? 'spec.rules[].host' : 'spec.hostnames[]', value: h, message: 'is not a DNS name.', fix: 'use a fully qualified lowercase host name.' }));
    },
  },
];

/** A finding of a rule that looks at all objects of the cluster at once. */
export interface ClusterFinding extends Finding {
  /** Index of the object it concerns. */
  readonly index: number;
}

/** A row of the cluster rule table. */
export interface ClusterRule {
  readonly id: string;
  readonly guards: string;
  readonly check: (objs: readonly any[], isNamespaced: (o: any) => boolean) => ClusterFinding[];
}

function identity(o: any): string {
  const group = String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/')[0] : '';
  return `${group}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}

/** Rules over the whole cluster output. */
export const CLUSTER_RULES: readonly ClusterRule[] = [
  {
    id: 'unique-names',
    guards: 'object names are unique per cluster (kind, namespace, name)',
    check: (objs) => {
      const seen = new Map<string, number>();
      const out: ClusterFinding[] = [];
      // A clashing namespace is reported once; everything inside it would clash too.
      const nsSeen = new Set<string>();
      const nsClash = new Set<string>();
      for (const o of objs) if (o.kind === 'Namespace') (nsSeen.has(o.metadata?.name) ? nsClash : nsSeen).add(o.metadata?.name);
      objs.forEach((o, i) => {
        const id = identity(o);
        const first = seen.get(id);
        if (first === undefined) seen.set(id, i);
        else if (o.kind !== 'Namespace' && nsClash.has(o.metadata?.namespace)) return;
        else out.push({ index: i, field: 'metadata.name', value: o.metadata?.name, message: `another ${o.kind} named "${o.metadata?.name}" already exists${o.metadata?.namespace ? ` in namespace ${o.metadata.namespace}` : ''} (two courses or exams with one name?).`, fix: 'give each course, exam and add-on its own name.' });
      });
      return out;
    },
  },
  {
    id: 'namespace-set',
    guards: 'namespaced objects name their namespace, and it is created by hubfleet or a known system namespace',
    check: (objs, isNamespaced) => {
      const created = new Set(objs.filter((o) => o.kind === 'Namespace').map((o) => o.metadata?.name));
      const out: ClusterFinding[] = [];
      objs.forEach((o, i) => {
        if (!isNamespaced(o)) {
          if (o.metadata?.namespace !== undefined) out.push({ index: i, field: 'metadata.namespace', value: o.metadata.namespace, message: `${o.kind} is cluster-scoped and takes no namespace.`, fix: 'remove metadata.namespace.' });
          return;
        }
        const ns = o.metadata?.namespace;
        if (!ns) out.push({ index: i, field: 'metadata.namespace', value: ns, message: `${o.kind} is namespaced but names no namespace.`, fix: 'set the namespace (or create it inside a package that has one).' });
        else if (!created.has(ns) && !SYSTEM_NAMESPACES.has(ns)) out.push({ index: i, field: 'metadata.namespace', value: ns, message: 'the namespace is not created by this cluster\'s output.', fix: 'create it (each package creates its own namespace) or fix the name.' });
      });
      return out;
    },
  },
  {
    id: 'namespace-default-deny',
    guards: 'every namespace hubfleet creates has a default-deny NetworkPolicy',
    check: (objs) => {
      const denied = new Set(
        objs
          .filter((o) => o.kind === 'NetworkPolicy' && isEmptySelector(o.spec?.podSelector) && hasBoth(o.spec?.policyTypes) && !o.spec?.ingress?.length && !o.spec?.egress?.length)
          .map((o) => o.metadata?.namespace),
      );
      const out: ClusterFinding[] = [];
      objs.forEach((o, i) => {
        if (o.kind === 'Namespace' && !denied.has(o.metadata?.name)) {
          out.push({ index: i, field: 'NetworkPolicy', value: o.metadata?.name, message: 'the namespace has no default-deny NetworkPolicy (podSelector {}, policyTypes [Ingress, Egress], no rules).', fix: 'add one (hubfleet\'s HubNamespace does) and allow traffic explicitly.' });
        }
      });
      return out;
    },
  },
  {
    id: 'namespace-protected',
    guards: 'namespaces that hold PVCs or data-holding StatefulSets are protected from prune and delete',
    check: (objs) => {
      const holding = new Set(
        objs.filter((o) => o.kind === 'PersistentVolumeClaim' || (o.kind === 'StatefulSet' && (o.spec?.volumeClaimTemplates ?? []).length > 0)).map((o) => o.metadata?.namespace),
      );
      const out: ClusterFinding[] = [];
      objs.forEach((o, i) => {
        if (o.kind === 'Namespace' && holding.has(o.metadata?.name) && !isProtected(o)) {
          out.push({ index: i, field: `metadata.annotations["${PRUNE_ANNOTATION}"]`, value: o.metadata?.annotations?.[PRUNE_ANNOTATION], message: 'the namespace holds data volumes; deleting it would delete them.', fix: `annotate it ${PRUNE_ANNOTATION}: Prune=false,Delete=false.` });
        }
      });
      return out;
    },
  },
];

/** Namespaces that exist on every cluster. */
export const SYSTEM_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'argocd', 'cert-manager', 'metallb-system']);

function isEmptySelector(sel: any): boolean {
  return sel !== undefined && Object.keys(sel).length === 0;
}

function hasBoth(types: any): boolean {
  return Array.isArray(types) && types.includes('Ingress') && types.includes('Egress');
}
