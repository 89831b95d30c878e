import { isDnsLabel } from '../core/names';
import { ChartPodDecl, ChartPodPort, ChartServiceDecl } from '../model/declarations';
import { ISecretKeyRef } from '../secrets/secret-ref';

/** A container of a chart's pod, with what the values set for it. */
export interface ChartContainerSpec {
  readonly name: string;
  /**
   * Its `resources` as the values set them (Kubernetes form: `{ requests: { cpu, memory }, limits: … }`).
   * @default {} (the chart's default: no requests, which capacity counts as nothing)
   */
  readonly resources?: Readonly<Record<string, unknown>>;
}

/** A claim a chart's StatefulSet creates for each of its pods (a volumeClaimTemplate). */
export interface ChartClaimSpec {
  /** The claim's name, e.g. `prometheus-monitoring-db-prometheus-monitoring-0` (`*` for the ordinal). */
  readonly name: string;
  /** @default undefined (then `wiring-storage-class-named` reports it) */
  readonly storageClassName?: string;
  readonly sizeGiB: number;
  /** @default 'ReadWriteOnce' */
  readonly accessMode?: 'ReadWriteOnce' | 'ReadWriteMany';
}

/**
 * The pods one Deployment, StatefulSet or DaemonSet of a chart runs, as its add-on declares them
 * (read from the chart's templates at the pinned version, for the values hubfleet sets). The cluster
 * model treats them like pods of the output: flows to and from them are proved, Services in front of
 * them exist, claims they create need a StorageClass, they must fit a node pool, and capacity counts
 * them.
 */
export interface ChartPodSpec {
  /** For messages and the capacity plan, e.g. `prometheus`. */
  readonly name: string;
  /**
   * Namespace of the pods.
   * @default the chart's namespace
   */
  readonly namespace?: string;
  /** Labels of the pods (as the chart's templates set them). */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Container ports (the first container's, for NetworkPolicies by name and number).
   * @default []
   */
  readonly ports?: readonly ChartPodPort[];
  /**
   * One pod on every node that admits it (a DaemonSet).
   * @default false
   */
  readonly perNode?: boolean;
  /**
   * Pods at once (ignored with `perNode`).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * The pod runs in the node's network namespace (`hostNetwork: true`).
   * @default false
   */
  readonly hostNetwork?: boolean;
  /**
   * Its containers and their resources.
   * @default one container named after the pod, without requests
   */
  readonly containers?: readonly ChartContainerSpec[];
  /** @default {} */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** @default [] */
  readonly tolerations?: readonly Readonly<Record<string, unknown>>[];
  /**
   * Secret keys of the output the pods read (e.g. an admin password sealed in Git): the model checks they exist.
   * @default []
   */
  readonly secretKeys?: readonly ISecretKeyRef[];
  /**
   * Whole Secrets of the output the pods mount.
   * @default []
   */
  readonly secrets?: readonly string[];
  /**
   * ConfigMaps of the output the pods mount.
   * @default []
   */
  readonly configMaps?: readonly string[];
  /**
   * Services the chart renders in front of these pods.
   * @default []
   */
  readonly services?: readonly ChartServiceDecl[];
  /**
   * Claims its StatefulSet creates (one per pod).
   * @default []
   */
  readonly claims?: readonly ChartClaimSpec[];
}

/** What is wrong with a declared pod, or undefined. */
export function chartPodProblem(p: ChartPodSpec): string | undefined {
  if (!p || typeof p.name !== 'string' || !p.name) return 'a pod has no name';
  if (!p.labels || Object.keys(p.labels).length === 0) return `pod "${p.name}" declares no labels (NetworkPolicies and Services select pods by their labels)`;
  if (p.namespace !== undefined && !isDnsLabel(p.namespace)) return `pod "${p.name}" has namespace ${JSON.stringify(p.namespace)}, not a DNS-1123 label`;
  const portOk = (q: ChartPodPort) => Number.isInteger(q.containerPort) && q.containerPort >= 1 && q.containerPort <= 65535;
  if (!(p.ports ?? []).every(portOk)) return `pod "${p.name}" has a container port outside 1-65535`;
  if (p.replicas !== undefined && !(Number.isInteger(p.replicas) && p.replicas >= 0)) return `pod "${p.name}" has replicas ${p.replicas}, not a whole number`;
  for (const s of p.services ?? []) if (!isDnsLabel(s.name) || s.ports.length === 0) return `Service "${s.name}" of pod "${p.name}" needs a DNS-1123 name and at least one port`;
  return undefined;
}

/** The model's declaration of a declared chart pod. */
export function chartPodDecl(p: ChartPodSpec, chart: string, namespace: string, application: string): ChartPodDecl {
  const containers = p.containers?.length ? p.containers : [{ name: p.name }];
  const replicas = p.perNode ? 1 : p.replicas ?? 1;
  const env = (p.secretKeys ?? []).map((r, i) => ({ name: `SECRET_${i}`, valueFrom: { secretKeyRef: { name: r.secretName, key: r.key } } }));
  const volumes = [...(p.secrets ?? []).map((s, i) => ({ name: `secret-${i}`, secret: { secretName: s } })), ...(p.configMaps ?? []).map((c, i) => ({ name: `config-${i}`, configMap: { name: c } }))];
  const podSpec = {
    ...(p.hostNetwork ? { hostNetwork: true } : {}),
    ...(p.nodeSelector && Object.keys(p.nodeSelector).length ? { nodeSelector: { ...p.nodeSelector } } : {}),
    ...(p.tolerations?.length ? { tolerations: p.tolerations.map((t) => ({ ...t })) } : {}),
    containers: containers.map((c, i) => ({
      name: c.name,
      resources: { ...(c.resources ?? {}) },
      ...(i === 0 && p.ports?.length ? { ports: p.ports.map((q) => ({ ...q })) } : {}),
      ...(i === 0 && env.length ? { env } : {}),
    })),
    ...(volumes.length ? { volumes } : {}),
  };
  return {
    name: p.name,
    chart,
    application,
    namespace: p.namespace ?? namespace,
    labels: { ...p.labels },
    perNode: p.perNode ?? false,
    replicas,
    hostNetwork: p.hostNetwork ?? false,
    podSpec,
    services: (p.services ?? []).map((s) => ({ name: s.name, ports: s.ports.map((q) => ({ ...q })) })),
    claims: (p.claims ?? []).map((c) => ({ name: c.name, storageClassName: c.storageClassName, sizeGiB: c.sizeGiB, accessMode: c.accessMode ?? 'ReadWriteOnce', count: replicas })),
  };
}
