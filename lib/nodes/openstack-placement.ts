/**
 * The OpenStack objects every node pool of a cluster shares: network, subnet and image lookups and
 * the nodes' security group with its rules.
 */
import { Construct } from 'constructs';
import {
  DataOpenstackImagesImageV2,
  DataOpenstackNetworkingNetworkV2,
  DataOpenstackNetworkingSubnetV2,
  NetworkingSecgroupRuleV2,
  NetworkingSecgroupV2,
} from '../../imports/openstack';
import type { ClusterSpec } from '../fleet/cluster-spec';
import { OpenStackInfrastructure } from './infrastructure';
import { tfId } from './node-plan';

/** One ingress rule of the node security group. */
export interface NodeSecurityRule {
  /** Logical name (Terraform identifier suffix). */
  readonly name: string;
  readonly description: string;
  /** @default undefined (any protocol) */
  readonly protocol?: 'tcp' | 'udp' | 'icmp';
  /** @default undefined (all ports) */
  readonly ports?: readonly [number, number];
  /** @default undefined (members of the group itself) */
  readonly fromCidr?: string;
}

/** The ingress rules of the node security group (egress keeps OpenStack's default allow-all rules). */
export function nodeSecurityRules(spec: ClusterSpec, infra: OpenStackInfrastructure): NodeSecurityRule[] {
  const admin = infra.adminCidrs ?? [spec.networks.nodeCidr];
  const rules: NodeSecurityRule[] = [
    { name: 'cluster', description: 'all traffic between cluster nodes (etcd 2379-2380, API 6443, RKE2 9345, kubelet, CNI)' },
  ];
  admin.forEach((cidr, i) => {
    rules.push({ name: `ssh_${i + 1}`, description: `SSH from ${cidr}`, protocol: 'tcp', ports: [22, 22], fromCidr: cidr });
    rules.push({ name: `api_${i + 1}`, description: `Kubernetes API from ${cidr}`, protocol: 'tcp', ports: [6443, 6443], fromCidr: cidr });
  });
  rules.push({
    name: 'nodeports',
    description: 'NodePorts from the node network (the load-balancer instance lives there)',
    protocol: 'tcp',
    ports: [30000, 32767],
    fromCidr: spec.networks.nodeCidr,
  });
  rules.push({ name: 'icmp', description: 'ICMP from the node network', protocol: 'icmp', fromCidr: spec.networks.nodeCidr });
  return rules;
}

/** Props of OpenStackPlacement. */
export interface OpenStackPlacementProps {
  /** The cluster; `spec.infrastructure` must be OpenStack. */
  readonly spec: ClusterSpec;
}

/** Shared OpenStack lookups and the node security group of one cluster. */
export class OpenStackPlacement extends Construct {
  public readonly infrastructure: OpenStackInfrastructure;
  public readonly network: DataOpenstackNetworkingNetworkV2;
  /** The subnet lookup (only when `infrastructure.subnet` is set). */
  public readonly subnet?: DataOpenstackNetworkingSubnetV2;
  public readonly image: DataOpenstackImagesImageV2;
  public readonly securityGroup: NetworkingSecgroupV2;

  constructor(scope: Construct, id: string, props: OpenStackPlacementProps) {
    super(scope, id);
    const { spec } = props;
    if (spec.infrastructure?.provider !== 'openstack') {
      throw new Error(`cluster ${spec.name}: OpenStackPlacement needs infrastructure.provider "openstack". Fix: use VspherePlacement for vSphere clusters.`);
    }
    const infra = spec.infrastructure;
    this.infrastructure = infra;

    this.network = new DataOpenstackNetworkingNetworkV2(this, 'network', { name: infra.network });
    this.network.overrideLogicalId('network');
    if (infra.subnet !== undefined) {
      this.subnet = new DataOpenstackNetworkingSubnetV2(this, 'subnet', { name: infra.subnet, networkId: this.network.id });
      this.subnet.overrideLogicalId('subnet');
    }
    this.image = new DataOpenstackImagesImageV2(this, 'image', { name: infra.image, mostRecent: true });
    this.image.overrideLogicalId('image');

    this.securityGroup = new NetworkingSecgroupV2(this, 'security-group', {
      name: `${spec.name}-nodes`,
      description: `Nodes of the ${spec.name} cluster (managed by hubfleet).`,
    });
    this.securityGroup.overrideLogicalId('nodes');
    for (const r of nodeSecurityRules(spec, infra)) {
      const rule = new NetworkingSecgroupRuleV2(this, `rule-${r.name}`, {
        securityGroupId: this.securityGroup.id,
        direction: 'ingress',
        ethertype: 'IPv4',
        protocol: r.protocol,
        portRangeMin: r.ports?.[0],
        portRangeMax: r.ports?.[1],
        remoteIpPrefix: r.fromCidr,
        remoteGroupId: r.fromCidr === undefined ? this.securityGroup.id : undefined,
        description: r.description,
      });
      rule.overrideLogicalId(tfId('nodes', r.name));
    }
  }
}
