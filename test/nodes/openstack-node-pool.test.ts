import './setup';
import { App, TerraformStack, Testing } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import {
  ComputeInstanceV2,
  ComputeServergroupV2,
  DataOpenstackImagesImageV2,
  DataOpenstackNetworkingNetworkV2,
  DataOpenstackNetworkingSubnetV2,
  NetworkingPortV2,
  NetworkingSecgroupRuleV2,
  NetworkingSecgroupV2,
  OpenstackProvider,
} from '../../imports/openstack';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { NodeStack } from '../../lib/nodes/node-stack';
import { OPENSTACK_IGNORE_CHANGES, OpenStackNodePool } from '../../lib/nodes/openstack-node-pool';
import { OpenStackPlacement } from '../../lib/nodes/openstack-placement';
import { e2xSpec, fillTemplate, openstackOf, TestSpec } from './fixtures';

type Json = Record<string, any>;

function synthStack(spec: TestSpec): { text: string; json: Json } {
  const stack = new NodeStack(Testing.app(), 'nodes', { spec: spec as ClusterSpec });
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) };
}

describe('hand-written OpenStack bindings', () => {
  test('synthesize the provider documentation\'s snake_case attribute names', () => {
    const json = Testing.synthScope((scope) => {
      new OpenstackProvider(scope, 'os', { authUrl: 'https://k.example.org:5000/v3', region: 'RegionOne', applicationCredentialId: 'id' });
      const sg = new NetworkingSecgroupV2(scope, 'sg', { name: 'sg', deleteDefaultRules: false });
      new NetworkingSecgroupRuleV2(scope, 'rule', {
        securityGroupId: sg.id,
        direction: 'ingress',
        ethertype: 'IPv4',
        protocol: 'tcp',
        portRangeMin: 22,
        portRangeMax: 22,
        remoteIpPrefix: '10.0.0.0/24',
      });
      const group = new ComputeServergroupV2(scope, 'group', { name: 'g', policies: ['anti-affinity'], maxServerPerHost: 1 });
      const port = new NetworkingPortV2(scope, 'port', {
        networkId: 'net',
        securityGroupIds: [sg.id],
        fixedIp: [{ subnetId: 'sub', ipAddress: '10.0.0.5' }],
        allowedAddressPairs: [{ ipAddress: '10.42.0.0/16' }],
      });
      new ComputeInstanceV2(scope, 'vm', {
        name: 'vm',
        flavorName: 'm1',
        keyPair: 'kp',
        userData: '#cloud-config\n',
        metadata: { a: 'b' },
        network: [{ port: port.id }],
        blockDevice: [{ uuid: 'img', sourceType: 'image', destinationType: 'volume', volumeSizeGb: 20, bootIndex: 0, deleteOnTermination: true }],
        schedulerHints: [{ group: group.id }],
        stopBeforeDestroy: true,
      });
    });
    expect(json).toHaveProviderWithProperties(OpenstackProvider, {
      auth_url: 'https://k.example.org:5000/v3',
      region: 'RegionOne',
      application_credential_id: 'id',
    });
    expect(json).toHaveResourceWithProperties(NetworkingSecgroupRuleV2, {
      security_group_id: '${openstack_networking_secgroup_v2.sg.id}',
      port_range_min: 22,
      port_range_max: 22,
      remote_ip_prefix: '10.0.0.0/24',
    });
    expect(json).toHaveResourceWithProperties(ComputeServergroupV2, { policies: ['anti-affinity'], rules: [{ max_server_per_host: 1 }] });
    expect(json).toHaveResourceWithProperties(NetworkingPortV2, {
      network_id: 'net',
      security_group_ids: ['${openstack_networking_secgroup_v2.sg.id}'],
      fixed_ip: [{ subnet_id: 'sub', ip_address: '10.0.0.5' }],
      allowed_address_pairs: [{ ip_address: '10.42.0.0/16' }],
    });
    expect(json).toHaveResourceWithProperties(ComputeInstanceV2, {
      flavor_name: 'm1',
      key_pair: 'kp',
      user_data: '#cloud-config\n',
      network: [{ port: '${openstack_networking_port_v2.port.id}' }],
      block_device: [
        { uuid: 'img', source_type: 'image', destination_type: 'volume', volume_size: 20, boot_index: 0, delete_on_termination: true },
      ],
      scheduler_hints: [{ group: '${openstack_compute_servergroup_v2.group.id}' }],
      stop_before_destroy: true,
    });
    // unset options are left out rather than written as null
    expect(JSON.parse(json).resource.openstack_compute_instance_v2.vm).not.toHaveProperty('image_name');
  });

  test('every resource names the openstack provider, so app.synth() validation passes', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-test-'));
    try {
      const app = new App({ outdir, stackTraces: false });
      new NodeStack(app, 'nodes', { spec: e2xSpec() as ClusterSpec });
      expect(() => app.synth()).not.toThrow();
      const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'nodes', 'cdk.tf.json'), 'utf8'));
      expect(tf.terraform.required_providers.openstack).toEqual({ source: 'terraform-provider-openstack/openstack', version: '~> 3.4' });
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('fails app.synth() validation when an OpenStack resource has no provider construct', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-test-'));
    try {
      const app = new App({ outdir, stackTraces: false });
      const bare = new TerraformStack(app, 'bare');
      new NetworkingSecgroupV2(bare, 'sg', { name: 'x' });
      expect(() => app.synth()).toThrow(/openstack/);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('OpenStackNodePool (Testing.synthScope)', () => {
  test('puts etcd instances in an anti-affinity server group and workers in a soft one', () => {
    const spec = e2xSpec() as ClusterSpec;
    const json = Testing.synthScope((scope) => {
      const placement = new OpenStackPlacement(scope, 'placement', { spec });
      new OpenStackNodePool(scope, 'etcd', { spec, poolName: 'etcd', placement });
      new OpenStackNodePool(scope, 'worker', { spec, poolName: 'worker', placement });
    });
    expect(json).toHaveResourceWithProperties(ComputeServergroupV2, { name: 'e2x-etcd', policies: ['anti-affinity'] });
    expect(json).toHaveResourceWithProperties(ComputeServergroupV2, { name: 'e2x-worker', policies: ['soft-anti-affinity'] });
    expect(json).toHaveResourceWithProperties(ComputeInstanceV2, {
      name: 'e2x-etcd-3',
      scheduler_hints: [{ group: '${openstack_compute_servergroup_v2.etcd.id}' }],
    });
  });

  test('looks up network, subnet and image by name', () => {
    const spec = e2xSpec() as ClusterSpec;
    const json = Testing.synthScope((scope) => new OpenStackNodePool(scope, 'etcd', { spec, poolName: 'etcd' }));
    expect(json).toHaveDataSourceWithProperties(DataOpenstackNetworkingNetworkV2, { name: 'e2x-nodes' });
    expect(json).toHaveDataSourceWithProperties(DataOpenstackNetworkingSubnetV2, {
      name: 'e2x-nodes-v4',
      network_id: '${data.openstack_networking_network_v2.network.id}',
    });
    expect(json).toHaveDataSourceWithProperties(DataOpenstackImagesImageV2, { name: 'ubuntu-24.04-server-cloudimg-amd64', most_recent: true });
  });

  test('boots from the image by name when bootFromVolume is off', () => {
    const spec = e2xSpec();
    openstackOf(spec).bootFromVolume = false;
    const json = Testing.synthScope((scope) => new OpenStackNodePool(scope, 'w', { spec: spec as ClusterSpec, poolName: 'worker' }));
    expect(json).toHaveResourceWithProperties(ComputeInstanceV2, { image_name: 'ubuntu-24.04-server-cloudimg-amd64' });
    expect(JSON.parse(json).resource.openstack_compute_instance_v2.worker_1).not.toHaveProperty('block_device');
  });

  test('a policy prop overrides the default server group policy', () => {
    const spec = e2xSpec() as ClusterSpec;
    const json = Testing.synthScope((scope) => new OpenStackNodePool(scope, 'w', { spec, poolName: 'worker', policy: 'anti-affinity' }));
    expect(json).toHaveResourceWithProperties(ComputeServergroupV2, { name: 'e2x-worker', policies: ['anti-affinity'] });
  });

  test('fails with a fix when the pool has no flavor', () => {
    const spec = e2xSpec();
    delete openstackOf(spec).flavors.worker;
    expect(() => Testing.synthScope((scope) => new OpenStackNodePool(scope, 'w', { spec: spec as ClusterSpec, poolName: 'worker' }))).toThrow(
      /no OpenStack flavor. Fix: add it to infrastructure.flavors/,
    );
  });
});

describe('NodeStack for e2x (OpenStack, Kubespray)', () => {
  const { text, json } = synthStack(e2xSpec());
  const instances = (): Record<string, Json> => json.resource.openstack_compute_instance_v2;

  test('holds 3 etcd, 2 control-plane, 4 worker and 4 exam instances with their flavors', () => {
    const byFlavor = Object.values(instances()).reduce<Record<string, number>>((acc, i) => {
      acc[i.flavor_name] = (acc[i.flavor_name] ?? 0) + 1;
      return acc;
    }, {});
    expect(byFlavor).toEqual({ 'c2.r8': 3, 'c4.r16': 2, 'c8.r32': 4, 'c32.r128': 4 });
  });

  test('instances carry Kubespray group metadata', () => {
    const groups = Object.fromEntries(Object.values(instances()).map((i) => [i.name, i.metadata.kubespray_groups]));
    expect(groups['e2x-etcd-1']).toBe('etcd');
    expect(groups['e2x-cp-2']).toBe('kube_control_plane,k8s_cluster');
    expect(groups['e2x-worker-4']).toBe('kube_node,k8s_cluster');
    expect(instances().etcd_1!.metadata).toEqual({
      hubfleet_cluster: 'e2x',
      hubfleet_pool: 'etcd',
      hubfleet_roles: 'etcd',
      kubespray_groups: 'etcd',
      ssh_user: 'ubuntu',
    });
  });

  test('etcd instances share one anti-affinity server group', () => {
    expect(text).toHaveResourceWithProperties(ComputeServergroupV2, { name: 'e2x-etcd', policies: ['anti-affinity'] });
    expect(text).toHaveResourceWithProperties(ComputeServergroupV2, { name: 'e2x-cp', policies: ['anti-affinity'] });
    for (const n of [1, 2, 3]) {
      expect(instances()[`etcd_${n}`]!.scheduler_hints).toEqual([{ group: '${openstack_compute_servergroup_v2.etcd.id}' }]);
    }
  });

  test('each instance boots from a volume of the pool disk size, etcd on the SSD type', () => {
    expect(instances().etcd_1!.block_device).toEqual([
      {
        uuid: '${data.openstack_images_image_v2.image.id}',
        source_type: 'image',
        destination_type: 'volume',
        volume_size: 50,
        volume_type: 'ssd',
        boot_index: 0,
        delete_on_termination: true,
      },
    ]);
    expect(instances().worker_1!.block_device[0].volume_size).toBe(200);
    expect(instances().worker_1!.block_device[0]).not.toHaveProperty('volume_type');
  });

  test('each instance sits on its own port with the fixed address, the node security group and pod/service address pairs', () => {
    expect(text).toHaveResourceWithProperties(NetworkingPortV2, {
      name: 'e2x-worker-2',
      network_id: '${data.openstack_networking_network_v2.network.id}',
      fixed_ip: [{ subnet_id: '${data.openstack_networking_subnet_v2.subnet.id}', ip_address: '10.30.0.32' }],
      security_group_ids: ['${openstack_networking_secgroup_v2.nodes.id}'],
      allowed_address_pairs: [{ ip_address: '10.42.0.0/16' }, { ip_address: '10.43.0.0/16' }],
    });
    expect(instances().worker_2!.network).toEqual([{ port: '${openstack_networking_port_v2.worker_2.id}' }]);
    expect(instances().worker_2!).not.toHaveProperty('security_groups');
  });

  test('the node security group allows the cluster to itself, SSH and the API from admin ranges, NodePorts from the node network', () => {
    expect(text).toHaveResourceWithProperties(NetworkingSecgroupV2, { name: 'e2x-nodes' });
    const rules = Object.values(json.resource.openstack_networking_secgroup_rule_v2 as Record<string, Json>).map((r) => {
      const { ['//']: _meta, description: _d, security_group_id: sg, ...rest } = r;
      expect(sg).toBe('${openstack_networking_secgroup_v2.nodes.id}');
      return rest;
    });
    expect(rules).toEqual(
      expect.arrayContaining([
        { direction: 'ingress', ethertype: 'IPv4', remote_group_id: '${openstack_networking_secgroup_v2.nodes.id}' },
        { direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '192.0.2.0/24' },
        { direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 6443, port_range_max: 6443, remote_ip_prefix: '10.30.0.0/24' },
        { direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 30000, port_range_max: 32767, remote_ip_prefix: '10.30.0.0/24' },
        { direction: 'ingress', ethertype: 'IPv4', protocol: 'icmp', remote_ip_prefix: '10.30.0.0/24' },
      ]),
    );
    expect(rules).toHaveLength(7);
    expect(rules.some((r) => r.remote_ip_prefix === '0.0.0.0/0')).toBe(false);
  });

  test('Kubespray user data only names the host (Kubespray installs over SSH with the key pair)', () => {
    expect(instances().etcd_1!.user_data).toBe('${local.userdata_etcd_1}');
    expect(parse(fillTemplate(json.locals.userdata_etcd_1))).toEqual({ hostname: 'e2x-etcd-1' });
    expect(instances().etcd_1!.key_pair).toBe('e2x-deploy');
  });

  test('ignore_changes keeps user data, image and key pair changes from rebuilding nodes', () => {
    for (const i of Object.values(instances())) expect(i.lifecycle.ignore_changes).toEqual([...OPENSTACK_IGNORE_CHANGES]);
  });

  test('OpenStack credentials are optional sensitive variables; no RKE2 variables for Kubespray', () => {
    expect(text).toHaveProviderWithProperties(OpenstackProvider, {
      auth_url: 'https://keystone.cloud.example-hbrs.de:5000/v3',
      region: 'RegionOne',
      application_credential_id: '${var.openstack_application_credential_id}',
      application_credential_secret: '${var.openstack_application_credential_secret}',
    });
    expect(json.variable).toEqual({
      openstack_application_credential_id: expect.objectContaining({ sensitive: true, nullable: true, default: null }),
      openstack_application_credential_secret: expect.objectContaining({ sensitive: true, nullable: true, default: null }),
    });
  });

  test('an RKE2 cluster on OpenStack gets RKE2 user data with variable references', () => {
    const spec = e2xSpec();
    spec.kubernetes = { distribution: 'rke2', version: 'v1.35.7+rke2r1' };
    const { json: rke } = synthStack(spec);
    const cc = parse(fillTemplate(rke.locals.userdata_cp_1));
    expect(parse(cc.write_files[0].content)).toMatchObject({ server: 'SERVER-URL-FROM-VAR', 'disable-etcd': true });
    expect(rke.resource.openstack_compute_instance_v2.cp_1.metadata).not.toHaveProperty('kubespray_groups');
    expect(rke.variable.rke2_token.sensitive).toBe(true);
  });
});
