import { Construct } from 'constructs';
import { K8sObject } from '../core/k8s-object';
import { cidrPeer, namespacedPodPeer, networkPolicy, tcp } from '../core/network-policy';
import { ClusterSpec, ingressOf } from './cluster-spec';
import { KEEP_ON_REMOVAL } from '../core/pod';
import { PSA_EXCEPTION_ANNOTATION } from './rules';
import { declareProps } from '../core/props-check';

/** Resource caps for everything in the namespace (a ResourceQuota). */
export interface NamespaceQuota {
  readonly requestsCpu: string;
  readonly limitsCpu: string;
  readonly requestsMemory: string;
  readonly limitsMemory: string;
  readonly pods: number;
  readonly persistentVolumeClaims: number;
  readonly requestsStorage: string;
  /** Extended resources, e.g. `{ 'requests.nvidia.com/gpu': '4' }`. @default {} */
  readonly extended?: Record<string, string>;
}

/** Defaults and caps per container (a LimitRange). */
export interface NamespaceLimits {
  readonly defaultRequest: { cpu: string; memory: string };
  readonly default: { cpu: string; memory: string };
  readonly max: { cpu: string; memory: string };
}

/** Props of {@link IsolatedNamespace}. */
export interface IsolatedNamespaceProps {
  readonly name: string;
  /** Labels on the Namespace (e.g. the course). @default {} */
  readonly labels?: Record<string, string>;
  /**
   * Pod Security level enforced. Anything below "restricted" needs `podSecurityReason`.
   * @default 'restricted'
   */
  readonly podSecurity?: 'restricted' | 'baseline' | 'privileged';
  /** Why the namespace cannot be "restricted" (required when podSecurity is not). @default undefined */
  readonly podSecurityReason?: string;
  /** @default undefined (no quota) */
  readonly quota?: NamespaceQuota;
  /** @default undefined (no LimitRange) */
  readonly limits?: NamespaceLimits;
  /**
   * Keep the namespace when ArgoCD prunes or its Application is deleted (set when it holds data).
   * @default true
   */
  readonly keepOnRemoval?: boolean;
}

/**
 * A namespace that starts closed: Pod Security labels, a default-deny NetworkPolicy for ingress
 * and egress (workloads add explicit allows), and optionally a quota and default limits.
 */
export class IsolatedNamespace extends Construct {
  /**
   * Admit the ingress controller to cert-manager's HTTP-01 solver pods in `namespace` (label
   * `acme.cert-manager.io/http01-solver: "true"`, port 8089: cert-manager pkg/issuer/acme/http).
   * Every namespace whose Ingresses get certificates over HTTP-01 needs it; the exposure helper
   * calls it, once per namespace (later calls return the first policy).
   */
  static ensureAcmeSolverPolicy(scope: Construct, namespace: string, spec: ClusterSpec): K8sObject | undefined {
    if ((spec.tls.solver ?? 'http01') !== 'http01') return undefined;
    const id = `acme-http01-solver-${namespace}`;
    const existing = scope.node.tryFindChild(id);
    if (existing) return existing as K8sObject;
    const ingress = ingressOf(spec);
    return networkPolicy(scope, id, {
      name: 'acme-http01-solver',
      namespace,
      labels: { 'app.kubernetes.io/part-of': 'hubfleet', 'app.kubernetes.io/component': 'acme-solver' },
      podSelector: { 'acme.cert-manager.io/http01-solver': 'true' },
      // The controller's pods, or node addresses for controllers on the host network.
      ingress: [{ peers: [namespacedPodPeer(ingress.controllerNamespace, { ...ingress.controllerPodLabels }), cidrPeer(spec.networks.nodeCidr)], ports: tcp(8089) }],
    });
  }

  readonly name: string;
  readonly namespace: K8sObject;

  constructor(scope: Construct, id: string, props: IsolatedNamespaceProps) {
    super(scope, id);
    declareProps(this, 'IsolatedNamespaceProps', props);
    this.name = props.name;
    const level = props.podSecurity ?? 'restricted';
    const annotations: Record<string, string> = { ...(props.keepOnRemoval === false ? {} : KEEP_ON_REMOVAL) };
    if (props.podSecurityReason) annotations[PSA_EXCEPTION_ANNOTATION] = props.podSecurityReason;
    this.namespace = new K8sObject(this, 'namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: props.name,
        labels: {
          ...(props.labels ?? {}),
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
        },
        ...(Object.keys(annotations).length ? { annotations } : {}),
      },
    });
    networkPolicy(this, 'default-deny', {
      name: 'default-deny',
      namespace: props.name,
      podSelector: {},
      ingress: [],
      egress: [],
    });
    if (props.quota) {
      const q = props.quota;
      new K8sObject(this, 'quota', {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'quota', namespace: props.name },
        spec: {
          hard: {
            'requests.cpu': q.requestsCpu,
            'limits.cpu': q.limitsCpu,
            'requests.memory': q.requestsMemory,
            'limits.memory': q.limitsMemory,
            pods: String(q.pods),
            persistentvolumeclaims: String(q.persistentVolumeClaims),
            'requests.storage': q.requestsStorage,
            ...(q.extended ?? {}),
          },
        },
      });
    }
    if (props.limits) {
      new K8sObject(this, 'limits', {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'limits', namespace: props.name },
        spec: {
          limits: [
            {
              type: 'Container',
              defaultRequest: props.limits.defaultRequest,
              default: props.limits.default,
              max: props.limits.max,
            },
          ],
        },
      });
    }
  }
}
