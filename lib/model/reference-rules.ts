import { ingressOf } from '../fleet/cluster-spec';
import { containersOf, cpuMillis, memBytes, OBJECT_RULES } from '../fleet/rules';
import { ClusterModel, key, ModelWorkload, usesCertManager } from './cluster-model';
import { allocatableOf, blockingTaints, clusterGpus, nodeLabelsOf, nodeMatches, Toleration } from './nodes';
import { ModelFinding, ModelRule } from './rule-types';
import { selectsMap, showSelector } from './selectors';

/**
 * Reference rules: every name a pod, claim or route uses exists on the cluster the output makes,
 * and every pod can be scheduled on a node pool. Each row has a "fails …" test in
 * test/model/reference-rules.test.ts.
 */

/** Workloads hubfleet is responsible for (objects and declared runtime pods, not add-ons). */
function ownWorkloads(m: ClusterModel): ModelWorkload[] {
  return m.workloads.filter((w) => w.source !== 'addon');
}

/** Every container (init and regular) of a workload, with its field path. */
function containers(w: ModelWorkload): Array<{ c: any; at: string }> {
  return containersOf({ spec: w.podSpec, at: w.at });
}

interface SecretUse {
  readonly name: string;
  readonly key?: string;
  readonly optional: boolean;
  readonly field: string;
}

/** Every Secret a pod reads: env, envFrom, secret volumes, projected volumes, image pull secrets. */
export function secretUses(w: ModelWorkload): SecretUse[] {
  const out: SecretUse[] = [];
  for (const { c, at } of containers(w)) {
    (c.env ?? []).forEach((e: any, i: number) => {
      const r = e.valueFrom?.secretKeyRef;
      if (r) out.push({ name: r.name, key: r.key, optional: r.optional === true, field: `${at}.env[${i}].valueFrom.secretKeyRef` });
    });
    (c.envFrom ?? []).forEach((e: any, i: number) => {
      if (e.secretRef) out.push({ name: e.secretRef.name, optional: e.secretRef.optional === true, field: `${at}.envFrom[${i}].secretRef` });
    });
  }
  (w.podSpec.volumes ?? []).forEach((v: any, i: number) => {
    if (v.secret) {
      const items: any[] = v.secret.items ?? [];
      if (items.length) items.forEach((it, k) => out.push({ name: v.secret.secretName, key: it.key, optional: v.secret.optional === true, field: `${w.at}.volumes[${i}].secret.items[${k}]` }));
      else out.push({ name: v.secret.secretName, optional: v.secret.optional === true, field: `${w.at}.volumes[${i}].secret` });
    }
    (v.projected?.sources ?? []).forEach((s: any, k: number) => {
      if (s.secret) out.push({ name: s.secret.name, optional: s.secret.optional === true, field: `${w.at}.volumes[${i}].projected.sources[${k}].secret` });
    });
  });
  (w.podSpec.imagePullSecrets ?? []).forEach((s: any, i: number) => out.push({ name: s.name, optional: false, field: `${w.at}.imagePullSecrets[${i}]` }));
  return out;
}

interface ConfigMapUse {
  readonly name: string;
  readonly key?: string;
  readonly optional: boolean;
  readonly field: string;
}

/** Every ConfigMap a pod reads, with the keys it needs (items, configMapKeyRef, subPath mounts). */
function configMapUses(w: ModelWorkload): ConfigMapUse[] {
  const out: ConfigMapUse[] = [];
  const volumes: any[] = w.podSpec.volumes ?? [];
  for (const { c, at } of containers(w)) {
    (c.env ?? []).forEach((e: any, i: number) => {
      const r = e.valueFrom?.configMapKeyRef;
      if (r) out.push({ name: r.name, key: r.key, optional: r.optional === true, field: `${at}.env[${i}].valueFrom.configMapKeyRef` });
    });
    (c.envFrom ?? []).forEach((e: any, i: number) => {
      if (e.configMapRef) out.push({ name: e.configMapRef.name, optional: e.configMapRef.optional === true, field: `${at}.envFrom[${i}].configMapRef` });
    });
    // A subPath into a whole configMap volume names one of its keys.
    (c.volumeMounts ?? []).forEach((vm: any, i: number) => {
      const v = volumes.find((x) => x.name === vm.name);
      if (v?.configMap && vm.subPath && !(v.configMap.items ?? []).length) out.push({ name: v.configMap.name, key: vm.subPath, optional: v.configMap.optional === true, field: `${at}.volumeMounts[${i}].subPath` });
    });
  }
  volumes.forEach((v: any, i: number) => {
    if (v.configMap) {
      const items: any[] = v.configMap.items ?? [];
      if (items.length) items.forEach((it, k) => out.push({ name: v.configMap.name, key: it.key, optional: v.configMap.optional === true, field: `${w.at}.volumes[${i}].configMap.items[${k}]` }));
      else out.push({ name: v.configMap.name, optional: v.configMap.optional === true, field: `${w.at}.volumes[${i}].configMap` });
    }
    (v.projected?.sources ?? []).forEach((s: any, k: number) => {
      if (s.configMap) out.push({ name: s.configMap.name, optional: s.configMap.optional === true, field: `${w.at}.volumes[${i}].projected.sources[${k}].configMap` });
    });
  });
  return out;
}

function finding(w: ModelWorkload, field: string, value: unknown, message: string, fix: string): ModelFinding {
  return { path: w.path, field: w.source === 'object' ? `${w.obj!.json.kind}/${w.name} ${field}` : `${w.title}: ${field}`, value, message, fix };
}

/** The pod's resource requests (largest init container vs the sum of containers, as the scheduler counts). */
export function podRequests(podSpec: any): { cpuMillis: number; memoryBytes: number; extended: Record<string, number> } {
  const sum = { cpuMillis: 0, memoryBytes: 0, extended: {} as Record<string, number> };
  const add = (into: typeof sum, r: any) => {
    into.cpuMillis += cpuMillis(r?.cpu) ?? 0;
    into.memoryBytes += memBytes(r?.memory) ?? 0;
    for (const [k, v] of Object.entries(r ?? {})) if (k !== 'cpu' && k !== 'memory' && k !== 'ephemeral-storage') into.extended[k] = (into.extended[k] ?? 0) + Number(v);
  };
  for (const c of podSpec?.containers ?? []) add(sum, c.resources?.requests ?? c.resources?.limits);
  for (const c of podSpec?.initContainers ?? []) {
    const one = { cpuMillis: 0, memoryBytes: 0, extended: {} as Record<string, number> };
    add(one, c.resources?.requests ?? c.resources?.limits);
    sum.cpuMillis = Math.max(sum.cpuMillis, one.cpuMillis);
    sum.memoryBytes = Math.max(sum.memoryBytes, one.memoryBytes);
  }
  return sum;
}

/** Why a pool cannot run the pod, or undefined when it can. */
export function poolRefusal(m: ClusterModel, podSpec: any, poolName: string): string | undefined {
  const pool = m.spec.nodePools.find((p) => p.name === poolName)!;
  const why: string[] = [];
  if (!nodeMatches(podSpec, nodeLabelsOf(m.spec, pool))) why.push(`its labels do not satisfy nodeSelector ${showSelector(podSpec.nodeSelector ?? {})}${podSpec.affinity?.nodeAffinity ? ' / the required node affinity' : ''}`);
  const taints = blockingTaints(pool, (podSpec.tolerations ?? []) as Toleration[]);
  if (taints.length) why.push(`taint ${taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ')} is not tolerated`);
  const req = podRequests(podSpec);
  const alloc = allocatableOf(m.spec, pool);
  for (const [res, n] of Object.entries(req.extended)) {
    if (n > 0 && (alloc.extended[res] ?? 0) < n) why.push(`it has ${alloc.extended[res] ?? 0} ${res} per node, the pod asks for ${n}`);
  }
  if (req.cpuMillis > alloc.cpuMillis) why.push(`the pod requests ${req.cpuMillis / 1000} CPU, a node can give ${alloc.cpuMillis / 1000}`);
  if (req.memoryBytes > alloc.memoryBytes) why.push(`the pod requests ${(req.memoryBytes / 1024 ** 3).toFixed(2)} GiB, a node can give ${(alloc.memoryBytes / 1024 ** 3).toFixed(2)} GiB`);
  return why.length ? why.join('; ') : undefined;
}

/** Pools that can run the pod. */
export function poolsFor(m: ClusterModel, podSpec: any): string[] {
  return m.spec.nodePools.filter((p) => poolRefusal(m, podSpec, p.name) === undefined).map((p) => p.name);
}

/** Does the output's PersistentVolume a claim is pre-bound to offer the access mode (a static NFS volume on a class without provisioner)? */
function boundVolumeOffers(m: ClusterModel, volumeName: string | undefined, mode: string): boolean {
  if (!volumeName) return false;
  const pv = m.objects.find((o) => o.json.kind === 'PersistentVolume' && o.json.metadata?.name === volumeName);
  return (pv?.json.spec?.accessModes ?? []).includes(mode);
}

const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';
const TRAEFIK_PREFIX = 'traefik.ingress.kubernetes.io/';

/** The reference rule table. */
export const REFERENCE_RULES: readonly ModelRule[] = [
  {
    id: 'wiring-secret',
    guards: 'every Secret a pod reads (env, envFrom, volumes, projected, image pull secrets) is made by a SealedSecret of its namespace or generated there by a declared workload, with the keys it reads',
    check: (m) => {
      const out: ModelFinding[] = [];
      for (const w of ownWorkloads(m)) {
        for (const u of secretUses(w)) {
          if (u.optional) continue;
          const src = m.secrets.get(key(w.namespace, u.name));
          if (!src) {
            const elsewhere = [...m.secrets.keys()].filter((k) => k.endsWith(`/${u.name}`)).map((k) => k.split('/')[0]);
            out.push(
              finding(w, u.field, u.name, `${w.title} reads Secret "${u.name}"${u.key ? ` (key "${u.key}")` : ''} in namespace ${w.namespace}, but nothing in the output creates it${elsewhere.length ? ` (a Secret of that name is made in ${elsewhere.join(', ')}: Secrets are per namespace)` : ''}; the pod would wait forever on a fresh cluster.`, `seal the value with \`hubfleet seal --namespace ${w.namespace} --name ${u.name}\` and add it as new SealedSecret(<the package>, '${u.name}', { encryptedData: { … } }) in namespace ${w.namespace}; a Secret made by hand is not an answer.`),
            );
          } else if (u.key && src.keys && !src.keys.has(u.key)) {
            out.push(finding(w, u.field, u.key, `${w.title} reads key "${u.key}" of Secret ${w.namespace}/${u.name}, which ${src.by} does not hold (it has ${[...src.keys].sort().join(', ') || 'no keys'}).`, `seal a value for key "${u.key}" into that SealedSecret, or read one of its keys.`));
          }
        }
      }
      return out;
    },
  },
  {
    id: 'wiring-configmap',
    guards: 'ConfigMaps a pod names exist in its namespace, with the keys it reads',
    check: (m) => {
      const out: ModelFinding[] = [];
      for (const w of ownWorkloads(m)) {
        for (const u of configMapUses(w)) {
          if (u.optional) continue;
          const keys = m.configMaps.get(key(w.namespace, u.name));
          if (!keys) out.push(finding(w, u.field, u.name, `${w.title} mounts ConfigMap "${u.name}", which the output does not create in namespace ${w.namespace}.`, 'create the ConfigMap in the same package, or fix the name.'));
          else if (u.key !== undefined && !keys.has(u.key)) out.push(finding(w, u.field, u.key, `ConfigMap ${w.namespace}/${u.name} has no key "${u.key}" (it has ${[...keys].sort().join(', ')}).`, 'add the key to the ConfigMap or fix the reference.'));
        }
      }
      return out;
    },
  },
  {
    id: 'wiring-claim',
    guards: 'PersistentVolumeClaims a pod mounts exist in its namespace (objects, volumeClaimTemplates, or claims its creator makes at run time)',
    check: (m) => {
      const out: ModelFinding[] = [];
      for (const w of ownWorkloads(m)) {
        (w.podSpec.volumes ?? []).forEach((v: any, i: number) => {
          const name: string | undefined = v.persistentVolumeClaim?.claimName;
          if (name === undefined) return;
          const ok = name.includes('{') ? (w.runtime?.claims ?? []).length > 0 : m.claimNames.has(key(w.namespace, name));
          if (!ok) out.push(finding(w, `${w.at}.volumes[${i}].persistentVolumeClaim.claimName`, name, `${w.title} mounts claim "${name}", which nothing creates in namespace ${w.namespace}.`, 'create the PersistentVolumeClaim in the same package (with an explicit StorageClass), or fix the name.'));
        });
      }
      return out;
    },
  },
  {
    id: 'wiring-service-account',
    guards: 'ServiceAccounts pods run as exist in their namespace',
    check: (m) =>
      ownWorkloads(m)
        .filter((w) => w.podSpec.serviceAccountName && !m.serviceAccounts.has(key(w.namespace, w.podSpec.serviceAccountName)))
        .map((w) => finding(w, `${w.at}.serviceAccountName`, w.podSpec.serviceAccountName, `${w.title} runs as ServiceAccount "${w.podSpec.serviceAccountName}", which the output does not create in ${w.namespace}: the pod is refused at admission.`, 'create the ServiceAccount in the same package, or fix the name.')),
  },
  {
    id: 'wiring-storage-class-named',
    guards: 'every claim and volumeClaimTemplate (and every claim a hub makes at run time) names its StorageClass explicitly',
    check: (m) =>
      m.claims
        .filter((c) => !c.storageClassName)
        .map((c) => ({
          path: c.path,
          field: c.field,
          value: c.storageClassName,
          message: `${c.what} names no StorageClass; ${m.spec.kubernetes.distribution === 'rke2' ? 'RKE2 ships no StorageClass, so ' : ''}it would wait for a default class that nothing makes (Pending forever).`,
          fix: 'pass the StorageClass explicitly (e.g. a Platform blockStorage class for databases, platform.nfs.homes for homes), or declare the cluster\'s own class in ClusterSpec existingStorageClasses.',
        })),
  },
  {
    id: 'wiring-storage-class-exists',
    guards: 'the StorageClass a claim names is in the output or declared in ClusterSpec existingStorageClasses',
    check: (m) =>
      m.claims
        .filter((c) => c.storageClassName && !m.storageClasses.has(c.storageClassName))
        .map((c) => ({
          path: c.path,
          field: c.field,
          value: c.storageClassName,
          message: `${c.what} names StorageClass "${c.storageClassName}", which neither the output nor the ClusterSpec's existingStorageClasses has (known: ${[...m.storageClasses.keys()].sort().join(', ') || 'none'}).`,
          fix: `add the class to the output, or declare it: existingStorageClasses: [{ name: '${c.storageClassName}', provisioner: '…', reclaimPolicy: 'Retain' }].`,
        })),
  },
  {
    id: 'wiring-storage-access-mode',
    guards: 'claims that many pods mount (ReadWriteMany) sit on a class of shared file storage',
    check: (m) =>
      m.claims
        .filter((c) => c.accessModes.includes('ReadWriteMany') && c.storageClassName && m.storageClasses.has(c.storageClassName) && !m.storageClasses.get(c.storageClassName)!.readWriteMany && !boundVolumeOffers(m, c.volumeName, 'ReadWriteMany'))
        .map((c) => ({ path: c.path, field: 'accessModes', value: c.accessModes, message: `${c.what} asks for ReadWriteMany on StorageClass "${c.storageClassName}", which provides block volumes that one node mounts at a time.`, fix: 'use an NFS (or other file) StorageClass for shared volumes, or ReadWriteOnce.' })),
  },
  {
    id: 'wiring-route-backend',
    guards: 'Ingress and HTTPRoute backends name a Service of their namespace and one of its ports',
    check: (m) => {
      const out: ModelFinding[] = [];
      for (const r of m.routes) {
        for (const b of r.backends) {
          const svc = m.services.get(key(r.namespace, b.service));
          const at = `${r.kind}/${r.name} ${b.field}`;
          if (!svc) {
            out.push({ path: r.obj.path, field: at, value: b.service, message: `${r.kind} ${r.namespace}/${r.name} routes to Service "${b.service}", which the output does not create in ${r.namespace}: the controller answers 503.`, fix: 'route to a Service of the same namespace, or create it.' });
            continue;
          }
          const ports: any[] = svc.json.spec?.ports ?? [];
          if (b.port === undefined ? ports.length !== 1 : !ports.some((p) => p.name === b.port || p.port === b.port)) {
            out.push({ path: r.obj.path, field: at, value: b.port, message: `${r.kind} ${r.namespace}/${r.name} routes to port ${JSON.stringify(b.port)} of Service ${b.service}, which has ${ports.map((p) => `${p.name ?? ''}:${p.port}`).join(', ')}.`, fix: 'name one of the Service\'s ports.' });
          }
        }
      }
      return out;
    },
  },
  {
    id: 'wiring-service-selects',
    guards: 'every Service selects pods of the output, and its named target ports exist on them',
    check: (m) => {
      const out: ModelFinding[] = [];
      for (const [, svc] of m.services) {
        const j = svc.json;
        const selector = j.spec?.selector;
        if (!selector || j.spec?.type === 'ExternalName') continue;
        const ns = j.metadata.namespace;
        const selected = m.workloadsIn(ns).filter((w) => selectsMap(selector, w.labels));
        if (selected.length === 0) {
          out.push({ path: svc.path, field: `Service/${j.metadata.name} spec.selector`, value: selector, message: `Service ${ns}/${j.metadata.name} selects ${showSelector(selector)}, but no pod of the output (or declared runtime pod) in ${ns} has those labels: it has no endpoints.`, fix: 'make the selector match the pod template labels of the workload it fronts.' });
          continue;
        }
        for (const [i, p] of (j.spec?.ports ?? []).entries()) {
          if (typeof p.targetPort !== 'string') continue;
          const missing = selected.filter((w) => w.end.kind === 'pod' && !w.end.ports.some((cp) => cp.name === p.targetPort));
          if (missing.length) out.push({ path: svc.path, field: `Service/${j.metadata.name} spec.ports[${i}].targetPort`, value: p.targetPort, message: `target port "${p.targetPort}" is not a named container port of ${missing.map((w) => w.title).join(', ')}.`, fix: 'name the container port, or use its number.' });
        }
      }
      return out;
    },
  },
  {
    id: 'wiring-route-unique',
    guards: 'no two routes serve the same host and path',
    check: (m) => {
      const seen = new Map<string, string>();
      const out: ModelFinding[] = [];
      for (const r of m.routes) {
        for (const rule of r.rules) {
          const k = `${rule.host}${rule.path}`;
          const me = `${r.kind} ${r.namespace}/${r.name}`;
          const first = seen.get(k);
          if (first === undefined) seen.set(k, me);
          else if (first !== me) out.push({ path: r.obj.path, field: `${r.kind}/${r.name} ${rule.field}`, value: k, message: `${me} serves ${k}, which ${first} serves already: the controller sends it to only one of them.`, fix: 'give each hub its own host (or basePath).' });
        }
      }
      return out;
    },
  },
  {
    id: 'wiring-route-class',
    guards: "Ingresses use the cluster's IngressClass and HTTPRoutes attach to the cluster's Gateway",
    check: (m) => {
      const ing = ingressOf(m.spec);
      const out: ModelFinding[] = [];
      for (const r of m.routes) {
        if (r.kind === 'Ingress' && r.className !== ing.className) {
          out.push({ path: r.obj.path, field: `Ingress/${r.name} spec.ingressClassName`, value: r.className, message: `no controller of this cluster serves IngressClass "${r.className}" (the cluster's is "${ing.className}").`, fix: `set ingressClassName: ${ing.className}.` });
        }
        if (r.kind === 'HTTPRoute') {
          const parents: any[] = r.obj.json.spec?.parentRefs ?? [];
          const gw = ing.gateway;
          if (!gw || !parents.some((p) => p.name === gw.name && (p.namespace ?? r.namespace) === gw.namespace)) {
            out.push({ path: r.obj.path, field: `HTTPRoute/${r.name} spec.parentRefs`, value: parents.map((p) => `${p.namespace ?? r.namespace}/${p.name}`), message: `the HTTPRoute attaches to no Gateway of this cluster${gw ? ` (${gw.namespace}/${gw.name})` : ' (the ClusterSpec names none)'}.`, fix: 'attach it to the Gateway named in ClusterSpec ingress.gateway.' });
          }
        }
      }
      return out;
    },
  },
  {
    id: 'wiring-route-annotations',
    guards: "annotations on an Ingress belong to the cluster's ingress controller (nginx ones are ignored by Traefik, and the reverse); HTTPRoutes take none",
    check: (m) => {
      const controller = ingressOf(m.spec).controller;
      const out: ModelFinding[] = [];
      for (const r of m.routes) {
        for (const a of Object.keys(r.annotations)) {
          const foreign = r.kind === 'HTTPRoute' ? a.startsWith(NGINX_PREFIX) || a.startsWith(TRAEFIK_PREFIX) : controller === 'traefik' ? a.startsWith(NGINX_PREFIX) : a.startsWith(TRAEFIK_PREFIX);
          if (foreign) {
            out.push({ path: r.obj.path, field: `${r.kind}/${r.name} metadata.annotations["${a}"]`, value: r.annotations[a], message: `${r.kind === 'HTTPRoute' ? 'the Gateway API' : `the ${controller} controller`} ignores this annotation, so what it asks for (${a.split('/')[1]}) does not happen.`, fix: controller === 'traefik' ? 'use the Traefik equivalent (a Middleware referenced by traefik.ingress.kubernetes.io/router.middlewares); hubfleet\'s exposure helper renders it.' : 'use the ingress-nginx annotation instead.' });
          }
        }
      }
      return out;
    },
  },
  {
    id: 'wiring-route-middleware',
    guards: 'Traefik Middlewares a route names exist in the output',
    check: (m) => {
      const out: ModelFinding[] = [];
      const flat = new Set([...m.middlewares].map((k) => k.replace('/', '-')));
      for (const r of m.routes) {
        const refs = (r.annotations['traefik.ingress.kubernetes.io/router.middlewares'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        for (const ref of refs) {
          const [name, provider] = ref.split('@');
          if (provider !== 'kubernetescrd' || !flat.has(name)) out.push({ path: r.obj.path, field: `${r.kind}/${r.name} metadata.annotations["traefik.ingress.kubernetes.io/router.middlewares"]`, value: ref, message: `the route uses Middleware "${ref}", which the output does not create; Traefik then refuses the whole router (404).`, fix: 'create the Middleware (traefik.io/v1alpha1) in the route\'s namespace and reference it as <namespace>-<name>@kubernetescrd.' });
        }
        for (const [i, rule] of (r.kind === 'HTTPRoute' ? r.obj.json.spec?.rules ?? [] : []).entries()) {
          for (const [k, f] of (rule.filters ?? []).entries()) {
            const ext = f.extensionRef;
            if (ext?.kind === 'Middleware' && !m.middlewares.has(key(r.namespace, ext.name))) out.push({ path: r.obj.path, field: `HTTPRoute/${r.name} spec.rules[${i}].filters[${k}].extensionRef`, value: ext.name, message: `the HTTPRoute uses Middleware "${ext.name}", which the output does not create in ${r.namespace}.`, fix: 'create the Middleware in the route\'s namespace.' });
          }
        }
      }
      return out;
    },
  },
  {
    id: 'wiring-tls',
    guards: "an Ingress's TLS Secret is issued by cert-manager (through an issuer of the output or one the cluster has: existingAddons.certManager) or sealed",
    check: (m) => {
      const out: ModelFinding[] = [];
      for (const r of m.routes.filter((x) => x.kind === 'Ingress')) {
        const issuer = usesCertManager(r.annotations);
        if (issuer && m.certManager && !m.issuers.has(issuer)) {
          const known = [...m.issuers.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((i) => `${i.name} (${i.source === 'cluster' ? 'on the cluster' : 'the output'})`);
          out.push({ path: r.obj.path, field: `Ingress/${r.name} metadata.annotations["cert-manager.io/cluster-issuer"]`, value: issuer, message: `the Ingress asks ClusterIssuer "${issuer}" for its certificate, but the issuers are ${known.join(', ') || 'none'}: no certificate is issued.`, fix: 'use one of those issuers (ClusterSpec tls.clusterIssuer), or declare the cluster\'s own in existingAddons.certManager.issuers.' });
        }
        for (const [i, t] of (r.obj.json.spec?.tls ?? []).entries()) {
          if (t.secretName && !m.secrets.has(key(r.namespace, t.secretName))) out.push({ path: r.obj.path, field: `Ingress/${r.name} spec.tls[${i}].secretName`, value: t.secretName, message: `the TLS Secret "${t.secretName}" is neither issued by cert-manager (no cert-manager.io annotation) nor sealed: the controller serves its default certificate.`, fix: 'annotate the Ingress with cert-manager.io/cluster-issuer, or seal the certificate as a SealedSecret of type kubernetes.io/tls.' });
        }
      }
      return out;
    },
  },
  {
    id: 'wiring-scheduling',
    guards: 'every pod (and every KubeSpawner profile) fits at least one node pool: node selector and affinity, taints, GPUs, and requests within one node',
    check: (m) => {
      const out: ModelFinding[] = [];
      const cache = new Map<string, string[]>();
      for (const w of ownWorkloads(m)) {
        const sig = JSON.stringify([w.podSpec.nodeSelector, w.podSpec.affinity?.nodeAffinity, w.podSpec.tolerations, podRequests(w.podSpec)]);
        let pools = cache.get(sig);
        if (!pools) cache.set(sig, (pools = poolsFor(m, w.podSpec)));
        if (pools.length > 0) continue;
        const reasons = m.spec.nodePools.map((p) => `pool "${p.name}": ${poolRefusal(m, w.podSpec, p.name)}`).join('; ');
        out.push(finding(w, `${w.at}.nodeSelector/tolerations/resources`, w.podSpec.nodeSelector ?? {}, `${w.title} fits no node pool, so it stays Pending: ${reasons}.`, 'add a node pool with those labels, taints, GPUs (ClusterSpec nodePools[].gpus) and size, or change the pod\'s node selector, tolerations or size.'));
      }
      return out;
    },
  },
  {
    id: 'wiring-chart-claim-retained',
    guards: "claims a chart's StatefulSet creates (Prometheus', Alertmanager's data) are on a StorageClass that keeps its volumes (Retain): removing the add-on, its namespace or the claim loses nothing",
    check: (m) =>
      m.claims
        .filter((c) => c.source === 'chart' && c.storageClassName !== undefined)
        .filter((c) => {
          const sc = m.storageClasses.get(c.storageClassName!);
          return sc !== undefined && sc.reclaimPolicy !== 'Retain';
        })
        .map((c) => ({
          path: c.path,
          field: c.field,
          value: c.storageClassName,
          message: `${c.what} is on StorageClass "${c.storageClassName}", whose reclaim policy is ${m.storageClasses.get(c.storageClassName!)!.reclaimPolicy}: deleting the claim (or its namespace) deletes the volume and the data in it.`,
          fix: 'put it on a Retain class (a BlockStorageClass, or an existing class declared with reclaimPolicy "Retain"), e.g. Monitoring storageClass.',
        })),
  },
  {
    id: 'wiring-service-monitor-secret',
    guards: "every Secret key a ServiceMonitor's endpoints read (bearer token, authorization, basic auth) exists in its namespace: sealed, or generated there (a hub's metrics token)",
    check: (m) => {
      const out: ModelFinding[] = [];
      for (const o of m.objects.filter((x) => x.json.kind === 'ServiceMonitor')) {
        const ns = o.json.metadata.namespace;
        (o.json.spec?.endpoints ?? []).forEach((e: any, i: number) => {
          const refs: Array<[string, any]> = [
            ['authorization.credentials', e.authorization?.credentials],
            ['bearerTokenSecret', e.bearerTokenSecret],
            ['basicAuth.username', e.basicAuth?.username],
            ['basicAuth.password', e.basicAuth?.password],
          ];
          for (const [field, ref] of refs) {
            if (!ref?.name) continue;
            const secret = m.secrets.get(key(ns, ref.name));
            const missingKey = secret?.keys !== undefined && ref.key !== undefined && !secret.keys.has(ref.key);
            if (secret && !missingKey) continue;
            out.push({
              path: o.path,
              field: `ServiceMonitor/${o.json.metadata.name} spec.endpoints[${i}].${field}`,
              value: `${ref.name}/${ref.key}`,
              message: secret
                ? `Secret ${ns}/${ref.name} has no key "${ref.key}" (it has ${[...secret.keys!].join(', ')}): Prometheus cannot authenticate and the target stays down.`
                : `Secret ${ns}/${ref.name} is neither sealed nor generated in ${ns}: prometheus-operator skips the ServiceMonitor.`,
              fix: "seal the Secret in the ServiceMonitor's namespace, or name the key the workload generates.",
            });
          }
        });
      }
      return out;
    },
  },
  {
    id: 'wiring-runtime-pod-safety',
    guards: 'pods created at run time (KubeSpawner user servers) meet the same safety rules as objects: requests and limits, pinned images, Pod Security "restricted"',
    check: (m) => {
      const out: ModelFinding[] = [];
      const namespaces = new Map([...m.objects].filter((o) => o.json.kind === 'Namespace').map((o) => [o.json.metadata.name, o.json]));
      const pod = (w: ModelWorkload) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: w.name, namespace: w.namespace }, spec: w.podSpec });
      for (const w of m.workloads.filter((x) => x.source === 'runtime')) {
        for (const rule of OBJECT_RULES.filter((r) => ['resources', 'image-pinned', 'pod-security-restricted'].includes(r.id))) {
          for (const f of rule.check({ obj: pod(w), namespaces })) out.push(finding(w, f.field.replace(/^spec\b/, w.at), f.value, `${f.message} (rule ${rule.id})`, f.fix));
        }
      }
      return out;
    },
  },
  {
    id: 'wiring-gpu-quota',
    guards: 'a namespace GPU quota larger than the GPUs of all pools is flagged (a warning: the quota promises GPUs the cluster does not have)',
    severity: 'warning',
    check: (m) => {
      const out: ModelFinding[] = [];
      for (const o of m.objects.filter((x) => x.json.kind === 'ResourceQuota')) {
        for (const [k, v] of Object.entries((o.json.spec?.hard ?? {}) as Record<string, string>)) {
          const res = k.startsWith('requests.') ? k.slice('requests.'.length) : undefined;
          if (!res || !res.includes('/') || res.endsWith('storage')) continue;
          const total = clusterGpus(m.spec, res);
          if (Number(v) > total) out.push({ path: o.path, field: `ResourceQuota/${o.json.metadata.name} spec.hard["${k}"]`, value: v, message: `the quota allows ${v} ${res}, but all node pools together have ${total}.`, fix: 'lower maxConcurrentUsers of the GPU profile, or add GPU nodes (nodePools[].gpus).' });
        }
      }
      return out;
    },
  },
];
