import { ClusterModel, ModelWorkload } from './cluster-model';
import { nodeLabelsOf } from './nodes';
import { poolsFor } from './reference-rules';
import { ModelFinding, ModelRule } from './rule-types';
import { LabelMap, selectsMap } from './selectors';

/**
 * Storage rules: databases belong on block storage, and what node-local volumes
 * (local-path-provisioner, OpenEBS LocalPV, static local PVs) mean for where their pods may run.
 * Each row has a "fails …" test in test/model/storage-rules.test.ts.
 */

/** The node-local claims a pod mounts, with their class and the labels the class's topology requires. */
export function localClaimsOf(m: ClusterModel, namespace: string, podSpec: any): Array<{ claim: string; storageClass: string; topology: LabelMap }> {
  const out: Array<{ claim: string; storageClass: string; topology: LabelMap }> = [];
  for (const v of podSpec?.volumes ?? []) {
    const name: string | undefined = v.persistentVolumeClaim?.claimName;
    if (!name) continue;
    const claim = m.claims.find((c) => c.namespace === namespace && (c.name === name || (name.includes('{') && c.source === 'runtime')));
    const cls = claim?.storageClassName ? m.storageClasses.get(claim.storageClassName) : undefined;
    if (cls?.nodeLocal) out.push({ claim: name, storageClass: claim!.storageClassName!, topology: cls.topology ?? {} });
  }
  return out;
}

/** The node labels a pod's node-local claims require (their classes' topologies together), or undefined when it has none. */
export function localVolumeTopology(m: ClusterModel, namespace: string, podSpec: any): LabelMap | undefined {
  const local = localClaimsOf(m, namespace, podSpec);
  if (!local.length) return undefined;
  return Object.assign({}, ...local.map((l) => l.topology));
}

/** Pools whose nodes satisfy a topology. */
export function poolsWithLabels(m: ClusterModel, labels: LabelMap): string[] {
  return m.spec.nodePools.filter((p) => selectsMap(labels, nodeLabelsOf(m.spec, p))).map((p) => p.name);
}

const replicasOf = (w: ModelWorkload): number => {
  const j = w.obj?.json;
  return j && ['Deployment', 'ReplicaSet', 'StatefulSet'].includes(j.kind) && typeof j.spec?.replicas === 'number' ? j.spec.replicas : 1;
};

export const STORAGE_RULES: readonly ModelRule[] = [
  {
    id: 'wiring-database-on-nfs',
    guards: "databases (hub sqlite, ngshare's sqlite, MariaDB) are not on NFS or other shared file storage, whose locking they cannot rely on (a warning with the fix: the database still starts)",
    severity: 'warning',
    check: (m) => {
      const out: ModelFinding[] = [];
      for (const { pkg, decl } of m.declarations) {
        for (const d of decl.databases) {
          const claim = m.claims.find((c) => c.namespace === d.namespace && c.name === d.claim);
          const cls = claim?.storageClassName ? m.storageClasses.get(claim.storageClassName) : undefined;
          if (!claim || !cls?.readWriteMany) continue;
          out.push({
            path: pkg.node.path,
            field: claim.field,
            value: claim.storageClassName,
            // sqlite.org/howtocorrupt.html §2.1: NFS locking is broken or missing on many systems, and
            // two writers then corrupt the file; MariaDB documents InnoDB on NFS as unsupported for the same reason.
            message: `${d.what} (${d.engine}) is on StorageClass "${claim.storageClassName}", shared file storage (${cls.provisioner ?? 'NFS'}): ${d.engine === 'sqlite' ? 'SQLite relies on POSIX file locks, which NFS implements unreliably or not at all, so a restart that overlaps the old pod, or a second writer, corrupts the file' : 'its storage engine relies on file locks and fsync semantics that NFS does not give'}.`,
            fix: 'give databases a block StorageClass: the cluster\'s own CSI class (ClusterSpec existingStorageClasses with usedFor: ["database"]), a Platform blockStorage class, or block storage without a cloud: Platform localPath (local-path-provisioner; the pod is then pinned to its node).',
          });
        }
      }
      return out;
    },
  },
  {
    id: 'wiring-local-volume-replicas',
    guards: 'a workload with a node-local volume (one node\'s disk) runs one replica: the others could never mount it on another node',
    check: (m) =>
      m.workloads
        .filter((w) => w.source === 'object' && replicasOf(w) > 1)
        .flatMap((w) =>
          localClaimsOf(m, w.namespace, w.podSpec).map((l) => ({
            path: w.path,
            field: `${w.obj!.json.kind}/${w.name} spec.replicas`,
            value: replicasOf(w),
            message: `${w.title} runs ${replicasOf(w)} replicas that all mount claim "${l.claim}" on StorageClass "${l.storageClass}", whose volume lives on one node's disk: replicas on other nodes stay Pending (ContainerCreating) forever.`,
            fix: 'run one replica, or use shared storage (NFS) or per-replica claims (a StatefulSet\'s volumeClaimTemplates).',
          })),
        ),
  },
  {
    id: 'wiring-local-volume-topology',
    guards: 'a pod with a node-local volume fits a pool that the volume\'s StorageClass allows (its allowedTopologies)',
    check: (m) => {
      const out: ModelFinding[] = [];
      for (const w of m.workloads.filter((x) => x.source !== 'addon')) {
        const topology = localVolumeTopology(m, w.namespace, w.podSpec);
        if (!topology || !Object.keys(topology).length) continue;
        const allowed = new Set(poolsWithLabels(m, topology));
        const fits = poolsFor(m, w.podSpec);
        if (fits.some((p) => allowed.has(p))) continue;
        out.push({
          path: w.path,
          field: w.source === 'object' ? `${w.obj!.json.kind}/${w.name} volumes` : `${w.title}: volumes`,
          value: topology,
          message: `${w.title} mounts a node-local volume whose StorageClass allows only nodes labelled ${JSON.stringify(topology)} (pools: ${[...allowed].join(', ') || 'none'}), but the pod fits only ${fits.join(', ') || 'no pool'}: the volume is never made and the pod stays Pending.`,
          fix: 'label the pool that holds the local disks as the StorageClass requires (ClusterSpec nodePools[].labels), or let the pod run there (node selector, tolerations).',
        });
      }
      return out;
    },
  },
  {
    id: 'wiring-local-homes',
    guards: "KubeSpawner's home claims are not node-local: each student's server would be pinned to the node its home was made on (a warning: it works, but a full or drained node keeps those students out while others have room)",
    severity: 'warning',
    check: (m) => {
      const out: ModelFinding[] = [];
      for (const c of m.claims.filter((x) => x.source === 'runtime' && x.storageClassName && m.storageClasses.get(x.storageClassName)?.nodeLocal)) {
        out.push({
          path: c.path,
          field: c.field,
          value: c.storageClassName,
          message: `${c.what} on StorageClass "${c.storageClassName}" puts each home on the disk of the node where the student's first server ran: every later server of that student must run on that node (the PV's node affinity), so a full, failed or drained node keeps its students out while other nodes have room, and capacity planning's node-by-node placement no longer holds.`,
          fix: 'put homes on shared storage (NFS: Platform nfs homes, or the cluster\'s own RWX class) and keep node-local volumes for databases.',
        });
      }
      return out;
    },
  },
];
