import { Construct } from 'constructs';
import { checkRules, PropRule } from '../core/errors';
import { K8sObject } from '../core/k8s-object';
import { isAddressRange } from '../core/names';
import { SYNC_OPTIONS_ANNOTATION } from '../argocd/argocd';
import { HelmChartApplication } from '../argocd/helm-chart-application';
import { ClusterApp } from '../fleet/cluster-app';
import { Package } from '../fleet/package';
import { CHARTS } from './versions';
import { declareProps } from '../core/props-check';

/** Props of {@link MetalLb}. */
export interface MetalLbProps {
  /**
   * Address ranges the pool hands out (CIDRs or `first-last`).
   * @default [the ClusterSpec's loadBalancerRange]
   */
  readonly addresses?: readonly string[];
  /**
   * Name of the IPAddressPool and L2Advertisement.
   * @default 'default'
   */
  readonly poolName?: string;
  /**
   * Skip .0 and .255 addresses (some old clients mishandle them).
   * @default false
   */
  readonly avoidBuggyIPs?: boolean;
}

interface Resolved {
  readonly addresses: readonly string[];
  /** The cluster already runs MetalLB (existingAddons.metallb): its namespace. */
  readonly existingNamespace?: string;
}

/** The MetalLb validation table; each row has a "fails …" test in test/platform/metallb.test.ts. */
export const METALLB_RULES: readonly PropRule<Resolved>[] = [
  {
    id: 'metallb-existing',
    field: 'existingAddons.metallb',
    value: (r) => r.existingNamespace,
    ok: (r) => r.existingNamespace === undefined,
    message: (r) => `the cluster already runs MetalLB (namespace ${r.existingNamespace}); a second one would install the same CRDs and speakers and fight over the addresses.`,
    fix: 'leave the add-on out (Platform metallb: false; it is left out by default when existingAddons.metallb is set) and list the pools in existingAddons.metallb.pools.',
  },
  {
    id: 'metallb-addresses',
    field: 'addresses',
    value: (r) => r.addresses,
    ok: (r) => r.addresses.length > 0 && r.addresses.every((a) => isAddressRange(a)),
    message: 'MetalLB needs at least one address range, each a CIDR or "first-last" IPv4 range.',
    fix: 'set loadBalancerRange in the ClusterSpec, e.g. "10.20.3.200-10.20.3.220", or leave MetalLB out.',
  },
];

/** The MetalLB namespace (the chart's and the docs' default). */
export const METALLB_NAMESPACE = 'metallb-system';

/**
 * MetalLB in layer-2 mode: the upstream chart, one IPAddressPool from the ClusterSpec's
 * `loadBalancerRange` and an L2Advertisement for it. The speaker needs host networking and raw
 * sockets, so its namespace is Pod Security "privileged".
 */
const METALLB = Symbol.for('hubfleet.MetalLb');

export class MetalLb extends Package {
  /** True for MetalLb packages (`instanceof` is true for every cdk8s Chart, so it cannot tell). */
  static isMetalLb(c: unknown): c is MetalLb {
    return typeof c === 'object' && c !== null && METALLB in c;
  }

  readonly poolName: string;
  readonly helm: HelmChartApplication;

  constructor(scope: Construct, id = 'metallb', props: MetalLbProps = {}) {
    super(scope, id, { group: 'platform', namespace: METALLB_NAMESPACE });
    Object.defineProperty(this, METALLB, { value: true });
    declareProps(this, 'MetalLbProps', props);
    const spec = ClusterApp.of(this).spec;
    const r: Resolved = {
      addresses: props.addresses ?? (spec.loadBalancerRange ? [spec.loadBalancerRange] : []),
      ...(spec.existingAddons?.metallb ? { existingNamespace: spec.existingAddons.metallb.namespace ?? METALLB_NAMESPACE } : {}),
    };
    const path = this.node.path;
    this.addIssues(() => checkRules(path, r, METALLB_RULES));
    this.poolName = props.poolName ?? 'default';

    const ml = (component: string) => ({ 'app.kubernetes.io/name': 'metallb', 'app.kubernetes.io/instance': 'metallb', 'app.kubernetes.io/component': component });
    this.helm = new HelmChartApplication(this, 'chart', {
      ...CHARTS.metallb,
      // metallb v0.16.1 charts/metallb/templates/{controller,speaker}.yaml: selector labels
      // name/instance/component, resources {} (no requests); the speaker is a DaemonSet on the host
      // network (memberlist 7946 TCP/UDP, monitoring 7472) that tolerates the control plane
      // (speaker.tolerateMaster: true).
      pods: [
        { name: 'metallb-controller', labels: ml('controller'), ports: [{ name: 'monitoring', containerPort: 7472 }, { name: 'webhook-server', containerPort: 9443 }] },
        {
          name: 'metallb-speaker',
          labels: ml('speaker'),
          perNode: true,
          hostNetwork: true,
          ports: [{ name: 'monitoring', containerPort: 7472 }, { name: 'memberlist-tcp', containerPort: 7946 }, { name: 'memberlist-udp', containerPort: 7946, protocol: 'UDP' }],
          tolerations: [
            { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
            { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
          ],
        },
      ],
      namespace: METALLB_NAMESPACE,
      createNamespace: {
        labels: {
          'pod-security.kubernetes.io/enforce': 'privileged',
          'pod-security.kubernetes.io/warn': 'privileged',
          'pod-security.kubernetes.io/audit': 'privileged',
        },
      },
      values: {},
    });
    const meta = {
      namespace: METALLB_NAMESPACE,
      labels: { 'app.kubernetes.io/part-of': 'hubfleet' },
      annotations: { [SYNC_OPTIONS_ANNOTATION]: 'SkipDryRunOnMissingResource=true' },
    };
    new K8sObject(this, 'pool', {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'IPAddressPool',
      metadata: { name: this.poolName, ...meta },
      spec: { addresses: [...r.addresses], autoAssign: true, avoidBuggyIPs: props.avoidBuggyIPs ?? false },
    });
    new K8sObject(this, 'l2', {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'L2Advertisement',
      metadata: { name: this.poolName, ...meta },
      spec: { ipAddressPools: [this.poolName] },
    });
  }
}
