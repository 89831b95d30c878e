/**
 * The hub's namespace (Pod Security "restricted", default-deny, kept on removal) with its
 * ResourceQuota and LimitRange, sized from the user servers, the homes and the hub's own pods.
 */
import { Construct } from 'constructs';
import { PropRule } from '../../core/errors';
import { IsolatedNamespace } from '../../fleet/isolated-namespace';
import { isDnsLabel } from '../../core/names';
import { cpuQuantity, memQuantityGiB } from '../../core/pod';
import { ServerSizeEntry } from '../../model/declarations';
import { ResolvedHub } from '../resolved';
import { QuotaAmounts } from './hub-quota';

/** Room in the quota for pods a hub kind adds (seat placeholders, the image pre-puller, the grade service). */
export interface QuotaRoom {
  readonly pods: number;
  readonly cpu: number;
  readonly memoryGiB: number;
  /** Claims the added pods use. @default 0 */
  readonly claims?: number;
  /** Their storage requests. @default 0 */
  readonly storageGiB?: number;
}

/** What a hub kind may change in the namespace part. */
export interface NamespaceExtension {
  /** Annotations of the Namespace (an exam's window). @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Room in the quota for the pods the hub kind adds. @default none */
  readonly quotaRoom?: QuotaRoom;
  /** Claims the quota admits, instead of one home per student and 4 (an archived course: its claims in Git only). @default homes + 4 */
  readonly claims?: number;
}

/** What {@link hubNamespace} sizes the namespace from. */
export interface HubNamespaceInput {
  readonly name: string;
  /** The course id (label `hubfleet.io/course`). */
  readonly release: string;
  /** Label `hubfleet.io/kind`. */
  readonly kind: 'course' | 'exam' | 'grading';
  /** The default server size and each profile's. */
  readonly serverSizes: readonly ServerSizeEntry[];
  /** Servers at once at most. */
  readonly maxConcurrent: number;
  /** The user servers' share of the quota (lib/hub/namespace/hub-quota.ts). */
  readonly userQuota: QuotaAmounts;
  readonly students: number;
  /** Home size per student; undefined without homes. */
  readonly homeGiB?: number;
  /** The shared claim of adopted NFS home directories (instead of a claim per student). @default undefined */
  readonly sharedHomesGiB?: number;
  /** ngshare's volume; undefined without nbgrader. */
  readonly ngshareGiB?: number;
  /** GPUs per server at most, of `resource`, and never more than the cluster's pools have. */
  readonly gpus: { readonly perServer: number; readonly resource: string; readonly inCluster: number };
  readonly extension?: NamespaceExtension;
}

/** The namespace rules; each row has a "fails …" test (test/hub/course-jupyterhub.test.ts). */
export const NAMESPACE_RULES: readonly PropRule<ResolvedHub>[] = [
  { id: 'hub-name-dns', field: 'id', value: (r) => r.id, ok: (r) => isDnsLabel(r.id) && r.id.length <= 40, message: 'the course name must be a DNS-1123 label of at most 40 characters (it names the namespace, host and volumes).', fix: 'use lowercase letters, digits and "-", e.g. "intro-programming".' },
  { id: 'hub-namespace-dns', field: 'namespace', value: (r) => r.namespace, ok: (r) => isDnsLabel(r.namespace) || (r.props.namespace === undefined && !isDnsLabel(r.id)), message: 'the namespace must be a DNS-1123 label.', fix: 'choose a shorter lowercase name.' },
];

/** The hub's own pods: hub 0.2/1 cpu 512Mi/1Gi + init, proxy 0.1/0.5 cpu 128/512Mi, ngshare 0.1/0.5 256/512Mi. */
export function hubOwnPods(ngshare: boolean): { reqCpu: number; limCpu: number; reqMemGiB: number; limMemGiB: number } {
  return { reqCpu: 0.4 + (ngshare ? 0.1 : 0), limCpu: 1.5 + (ngshare ? 0.5 : 0), reqMemGiB: 0.75 + (ngshare ? 0.25 : 0), limMemGiB: 1.5 + (ngshare ? 0.5 : 0) };
}

/** The namespace, its quota and limits, in `scope` (the hub's package). */
export function hubNamespace(scope: Construct, o: HubNamespaceInput): IsolatedNamespace {
  const max = (f: (s: ServerSizeEntry) => number) => Math.max(...o.serverSizes.map(f));
  const nb = o.ngshareGiB !== undefined;
  const room = o.extension?.quotaRoom ?? { pods: 0, cpu: 0, memoryGiB: 0 };
  const core = hubOwnPods(nb);
  const homesGiB = (o.homeGiB ?? 0) * o.students + (o.sharedHomesGiB ?? 0);
  const n = o.maxConcurrent;
  const isolated = new IsolatedNamespace(scope, 'namespace', {
    name: o.name,
    labels: { 'hubfleet.io/course': o.release, 'hubfleet.io/kind': o.kind },
    quota: {
      requestsCpu: cpuQuantity(o.userQuota.requestsCpu + core.reqCpu + room.cpu),
      limitsCpu: cpuQuantity(o.userQuota.limitsCpu + core.limCpu + room.cpu),
      requestsMemory: memQuantityGiB(o.userQuota.requestsMemoryGiB + core.reqMemGiB + room.memoryGiB),
      limitsMemory: memQuantityGiB(o.userQuota.limitsMemoryGiB + core.limMemGiB + room.memoryGiB),
      pods: n + 6 + room.pods,
      // A course after its archive: the claims in Git (lib/hub/lifecycle) and the room of its parts (the grade service's).
      persistentVolumeClaims: (o.extension?.claims ?? (o.homeGiB === undefined ? 0 : o.students) + 4) + (room.claims ?? 0),
      requestsStorage: `${homesGiB + 1 + (o.ngshareGiB ?? 0) + (room.storageGiB ?? 0)}Gi`,
      // GPUs: what the servers could ask for, but never more than the cluster's pools have.
      extended: o.gpus.perServer > 0 ? { [`requests.${o.gpus.resource}`]: String(Math.min(o.gpus.perServer * n, o.gpus.inCluster)) } : undefined,
    },
    limits: {
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      default: { cpu: '500m', memory: '512Mi' },
      max: { cpu: cpuQuantity(Math.max(max((s) => s.cpuLimit), 1)), memory: memQuantityGiB(Math.max(max((s) => s.memoryLimitGiB), 1)) },
    },
  });
  if (o.extension?.annotations) isolated.namespace.addAnnotations({ ...o.extension.annotations });
  return isolated;
}
