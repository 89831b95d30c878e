import './setup';
import { ComputeClusterVmAntiAffinityRule } from '@cdktf/provider-vsphere/lib/compute-cluster-vm-anti-affinity-rule';
import { DataVsphereComputeCluster } from '@cdktf/provider-vsphere/lib/data-vsphere-compute-cluster';
import { DataVsphereDatacenter } from '@cdktf/provider-vsphere/lib/data-vsphere-datacenter';
import { DataVsphereDatastore } from '@cdktf/provider-vsphere/lib/data-vsphere-datastore';
import { DataVsphereNetwork } from '@cdktf/provider-vsphere/lib/data-vsphere-network';
import { DataVsphereVirtualMachine } from '@cdktf/provider-vsphere/lib/data-vsphere-virtual-machine';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { TagCategory } from '@cdktf/provider-vsphere/lib/tag-category';
import { VirtualMachine } from '@cdktf/provider-vsphere/lib/virtual-machine';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { NodeStack } from '../../lib/nodes/node-stack';
import { VSPHERE_IGNORE_CHANGES, VsphereNodePool } from '../../lib/nodes/vsphere-node-pool';
import { VspherePlacement } from '../../lib/nodes/vsphere-placement';
import { e2xSpec, ethTeachingSpec, fillTemplate, JOIN, TestSpec, vsphereOf } from './fixtures';

type Json = Record<string, any>;

function synthStack(spec: TestSpec): { text: string; json: Json } {
  const stack = new NodeStack(Testing.app(), 'nodes', { spec: spec as ClusterSpec });
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) };
}

function vms(json: Json): Record<string, Json> {
  return json.resource.vsphere_virtual_machine;
}

/** The raw `local.userdata_*` template of a VM. */
function userDataTemplate(json: Json, vm: string): string {
  const ref = vms(json)[vm]!.extra_config['guestinfo.userdata'] as string;
  const local = /^\$\{base64encode\(local\.([a-z0-9_]+)\)\}$/.exec(ref)![1]!;
  return json.locals[local];
}

/** The cloud-config of a VM, with interpolations filled in. */
function cloudConfig(json: Json, vm: string): Json {
  return parse(fillTemplate(userDataTemplate(json, vm)));
}

/** The RKE2 config a VM's cloud-config writes. */
function rke2(json: Json, vm: string): Json {
  const cc = cloudConfig(json, vm);
  const file = (cc.write_files as Json[]).find((f) => f.path === '/etc/rancher/rke2/config.yaml')!;
  expect(file.permissions).toBe('0600');
  return parse(file.content);
}

function metadata(json: Json, vm: string): Json {
  const x = vms(json)[vm]!.extra_config;
  expect(x['guestinfo.metadata.encoding']).toBe('base64');
  return parse(Buffer.from(x['guestinfo.metadata'], 'base64').toString('utf8'));
}

describe('VsphereNodePool (Testing.synthScope)', () => {
  test('clones one VM per node with the pool size: 8 workers of 12 vCPU / 49152 MB / 200 GB', () => {
    const spec = ethTeachingSpec() as ClusterSpec;
    const json = Testing.synthScope((scope) => new VsphereNodePool(scope, 'workers', { spec, poolName: 'worker', join: JOIN }));
    expect(json).toHaveResourceWithProperties(VirtualMachine, {
      name: 'eth-teaching-worker-8',
      num_cpus: 12,
      memory: 49152,
      disk: [expect.objectContaining({ size: 200 })],
    });
    expect(Object.keys(JSON.parse(json).resource.vsphere_virtual_machine)).toHaveLength(8);
  });

  test('looks up datacenter, compute cluster, datastore, network and template', () => {
    const spec = ethTeachingSpec() as ClusterSpec;
    const json = Testing.synthScope((scope) => new VsphereNodePool(scope, 'workers', { spec, poolName: 'worker', join: JOIN }));
    expect(json).toHaveDataSourceWithProperties(DataVsphereDatacenter, { name: 'DC-Teaching' });
    expect(json).toHaveDataSourceWithProperties(DataVsphereComputeCluster, { name: 'teaching-drs' });
    expect(json).toHaveDataSourceWithProperties(DataVsphereDatastore, { name: 'teaching-ds01' });
    expect(json).toHaveDataSourceWithProperties(DataVsphereNetwork, { name: 'teaching-nodes-vlan2020' });
    expect(json).toHaveDataSourceWithProperties(DataVsphereVirtualMachine, { name: 'ubuntu-2404-cloudinit' });
  });

  test('clones from the template and copies guest id, SCSI type, firmware and NIC type from it', () => {
    const spec = ethTeachingSpec() as ClusterSpec;
    const json = Testing.synthScope((scope) => new VsphereNodePool(scope, 'etcd', { spec, poolName: 'etcd', join: JOIN }));
    expect(json).toHaveResourceWithProperties(VirtualMachine, {
      clone: { template_uuid: '${data.vsphere_virtual_machine.template.id}' },
      guest_id: '${data.vsphere_virtual_machine.template.guest_id}',
      scsi_type: '${data.vsphere_virtual_machine.template.scsi_type}',
      firmware: '${data.vsphere_virtual_machine.template.firmware}',
      resource_pool_id: '${data.vsphere_compute_cluster.compute_cluster.resource_pool_id}',
      network_interface: [
        {
          network_id: '${data.vsphere_network.network.id}',
          adapter_type: '${element(data.vsphere_virtual_machine.template.network_interface_types, 0)}',
        },
      ],
      enable_disk_uuid: true,
    });
  });

  test('fails with a fix when the pool does not exist', () => {
    const spec = ethTeachingSpec() as ClusterSpec;
    expect(() => Testing.synthScope((scope) => new VsphereNodePool(scope, 'x', { spec, poolName: 'storage', join: JOIN }))).toThrow(
      /no node pool named "storage".*Fix: use one of etcd, cp, worker, gpu/,
    );
  });

  test('fails with a fix when an RKE2 pool gets no join secrets', () => {
    const spec = ethTeachingSpec() as ClusterSpec;
    expect(() => Testing.synthScope((scope) => new VsphereNodePool(scope, 'x', { spec, poolName: 'worker' }))).toThrow(/Fix: pass join/);
  });

  test('fails with a fix when the cluster is not on vSphere', () => {
    const spec = e2xSpec() as ClusterSpec;
    expect(() => Testing.synthScope((scope) => new VspherePlacement(scope, 'p', { spec }))).toThrow(/Fix: use OpenStackPlacement/);
  });

  test('a single-VM control-plane pool gets no anti-affinity rule; mandatory can be turned off', () => {
    const spec = ethTeachingSpec();
    spec.nodePools.find((p) => p.name === 'cp')!.count = 1;
    const one = Testing.synthScope((scope) => new VsphereNodePool(scope, 'cp', { spec: spec as ClusterSpec, poolName: 'cp', join: JOIN }));
    expect(one).not.toHaveResource(ComputeClusterVmAntiAffinityRule);
    const soft = Testing.synthScope(
      (scope) => new VsphereNodePool(scope, 'etcd', { spec: spec as ClusterSpec, poolName: 'etcd', join: JOIN, mandatoryAntiAffinity: false }),
    );
    expect(soft).toHaveResourceWithProperties(ComputeClusterVmAntiAffinityRule, { mandatory: false });
  });
});

describe('NodeStack for eth-teaching (vSphere, RKE2)', () => {
  const { text, json } = synthStack(ethTeachingSpec());

  test('holds 16 VMs (3 etcd, 3 control plane, 8 workers, 2 GPU) with the pool sizes', () => {
    const all = vms(json);
    expect(Object.keys(all)).toHaveLength(16);
    const size = (prefix: string) =>
      Object.values(all)
        .filter((v) => (v.name as string).startsWith(`eth-teaching-${prefix}-`))
        .map((v) => [v.num_cpus, v.memory, v.disk[0].size]);
    expect(size('etcd')).toEqual(Array(3).fill([2, 8192, 50]));
    expect(size('cp')).toEqual(Array(3).fill([4, 16384, 80]));
    expect(size('worker')).toEqual(Array(8).fill([12, 49152, 200]));
    expect(size('gpu')).toEqual(Array(2).fill([16, 131072, 300]));
  });

  test('GPU VMs get their GPUs by PCI passthrough with all memory reserved; others get none', () => {
    const all = vms(json);
    expect(all.gpu_1.pci_device_id).toEqual(['0000:3b:00.0', '0000:d8:00.0']);
    expect(all.gpu_1.memory_reservation).toBe(131072);
    expect(all.worker_1.pci_device_id).toBeUndefined();
  });

  test('every VM carries base64 cloud-init user data and metadata through guestinfo', () => {
    for (const [id, vm] of Object.entries(vms(json))) {
      expect(vm.extra_config).toEqual({
        'guestinfo.metadata': expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
        'guestinfo.metadata.encoding': 'base64',
        'guestinfo.userdata': `\${base64encode(local.userdata_${id})}`,
        'guestinfo.userdata.encoding': 'base64',
      });
      expect(json.locals[`userdata_${id}`]).toMatch(/^#cloud-config\n/);
      const md = metadata(json, id);
      expect(md['instance-id']).toBe(vm.name);
      expect(md['local-hostname']).toBe(vm.name);
      expect(md.redact).toEqual(['userdata']);
    }
  });

  test('metadata sets the fixed address, gateway and DNS with netplan', () => {
    expect(metadata(json, 'worker_2').network).toEqual({
      version: 2,
      ethernets: {
        nics: {
          match: { name: 'ens*' },
          dhcp4: false,
          addresses: ['10.20.0.32/22'],
          routes: [{ to: 'default', via: '10.20.0.1' }],
          nameservers: { addresses: ['10.20.0.2', '10.20.0.3'], search: ['teaching.example-university.ch'] },
        },
      },
    });
  });

  test('etcd-only nodes run an RKE2 server without control-plane components; the first one starts the cluster', () => {
    const first = rke2(json, 'etcd_1');
    expect(first).toMatchObject({
      token: 'TOKEN-FROM-VAR',
      'agent-token': 'AGENT-TOKEN-FROM-VAR',
      'node-name': 'eth-teaching-etcd-1',
      'node-ip': '10.20.0.11',
      'disable-apiserver': true,
      'disable-controller-manager': true,
      'disable-scheduler': true,
      'node-taint': ['node-role.kubernetes.io/etcd=true:NoExecute'],
      'tls-san': ['k8s-api.teaching.example-university.ch', '10.20.0.5'],
    });
    expect(first).not.toHaveProperty('server');
    expect(first).not.toHaveProperty('disable-etcd');
    expect(rke2(json, 'etcd_2').server).toBe('SERVER-URL-FROM-VAR');
  });

  test('bootstrap follows the ClusterSpec: no rke2_bootstrap variable; bootstrapped: true makes every node join', () => {
    expect(json.variable).not.toHaveProperty('rke2_bootstrap');
    expect(JSON.stringify(json)).not.toContain('rke2_bootstrap');
    const spec = ethTeachingSpec();
    spec.kubernetes.bootstrapped = true;
    const { json: joined } = synthStack(spec);
    for (const id of Object.keys(vms(joined))) expect(rke2(joined, id).server).toBe('SERVER-URL-FROM-VAR');
  });

  test('control-plane-only nodes run an RKE2 server with disable-etcd that joins the registration address', () => {
    const cp = rke2(json, 'cp_1');
    expect(cp).toMatchObject({
      server: 'SERVER-URL-FROM-VAR',
      token: 'TOKEN-FROM-VAR',
      'disable-etcd': true,
      'node-taint': ['node-role.kubernetes.io/control-plane=true:NoSchedule'],
      'cluster-cidr': '10.42.0.0/16',
      'service-cidr': '10.43.0.0/16',
    });
    expect(cp).not.toHaveProperty('disable-apiserver');
    expect(cloudConfig(json, 'cp_1').runcmd).toEqual(['/usr/local/sbin/hubfleet-rke2-install']);
  });

  test('workers run the RKE2 agent with the pool labels and no server-only settings', () => {
    const w = rke2(json, 'worker_1');
    expect(w).toEqual({
      token: 'AGENT-TOKEN-FROM-VAR',
      server: 'SERVER-URL-FROM-VAR',
      'node-name': 'eth-teaching-worker-1',
      'node-ip': '10.20.0.31',
      'node-label': ['hub.jupyter.org/node-purpose=user'],
    });
    const cc = cloudConfig(json, 'worker_1');
    expect(cc.runcmd).toEqual(['/usr/local/sbin/hubfleet-rke2-install']);
    const script = (cc.write_files as Json[]).find((f) => f.path === '/usr/local/sbin/hubfleet-rke2-install')!;
    expect(script.permissions).toBe('0700');
    expect(script.content).toContain("version='v1.35.7+rke2r1'\ntype='agent'\n");
    expect(cc.ssh_authorized_keys).toHaveLength(1);
  });

  test('the join tokens and server URL are variable references, never literals; agents never get the server token', () => {
    for (const [id, vm] of Object.entries(vms(json))) {
      const local = json.locals[`userdata_${id}`] as string;
      if (/-(worker|gpu)-/.test(vm.name as string)) {
        expect(local).toContain('token: ${jsonencode(var.rke2_agent_token)}');
        expect(local).not.toContain('var.rke2_token');
      } else {
        expect(local).toContain('token: ${jsonencode(var.rke2_token)}');
        expect(local).toContain('agent-token: ${jsonencode(var.rke2_agent_token)}');
      }
      expect(local).not.toMatch(/https:\/\/[^\s]*:9345/);
    }
  });

  test('a mandatory anti-affinity rule spreads the etcd VMs (and one the control-plane VMs) across hosts', () => {
    expect(text).toHaveResourceWithProperties(ComputeClusterVmAntiAffinityRule, {
      name: 'eth-teaching-etcd-anti-affinity',
      compute_cluster_id: '${data.vsphere_compute_cluster.compute_cluster.id}',
      mandatory: true,
      virtual_machine_ids: [1, 2, 3].map((n) => `\${vsphere_virtual_machine.etcd_${n}.id}`),
      lifecycle: { replace_triggered_by: [1, 2, 3].map((n) => `vsphere_virtual_machine.etcd_${n}`) },
    });
    expect(text).toHaveResourceWithProperties(ComputeClusterVmAntiAffinityRule, {
      name: 'eth-teaching-cp-anti-affinity',
      mandatory: true,
      virtual_machine_ids: [1, 2, 3].map((n) => `\${vsphere_virtual_machine.cp_${n}.id}`),
    });
    expect(Object.keys(json.resource.vsphere_compute_cluster_vm_anti_affinity_rule).sort()).toEqual(['cp_anti_affinity', 'etcd_anti_affinity']);
  });

  test('ignore_changes keeps bootstrap data and template changes from rebooting or rebuilding nodes', () => {
    for (const vm of Object.values(vms(json))) {
      expect(vm.lifecycle.ignore_changes).toEqual([...VSPHERE_IGNORE_CHANGES]);
    }
    expect(VSPHERE_IGNORE_CHANGES).toEqual(expect.arrayContaining(['extra_config', 'clone[0].template_uuid']));
  });

  test('vCenter credentials and join secrets are sensitive variables', () => {
    for (const name of ['vsphere_user', 'vsphere_password', 'rke2_token', 'rke2_agent_token', 'rke2_server_url']) {
      expect(json.variable[name]).toMatchObject({ type: 'string', sensitive: true });
    }
    expect(json.variable.vsphere_password).not.toHaveProperty('default');
    expect(json.variable.rke2_token).not.toHaveProperty('default');
    expect(json.variable.rke2_agent_token).not.toHaveProperty('default');
    expect(json.variable.rke2_server_url.default).toBe('https://k8s-api.teaching.example-university.ch:9345');
    expect(text).toHaveProviderWithProperties(VsphereProvider, {
      user: '${var.vsphere_user}',
      password: '${var.vsphere_password}',
      vsphere_server: 'vcenter.example-university.ch',
      allow_unverified_ssl: false,
    });
    expect(json.terraform.required_providers.vsphere).toEqual({ source: 'vmware/vsphere', version: '~> 2.15' });
  });

  test('VMs go to the cluster folder, carry role tags, and etcd disks sit on the NVMe datastore', () => {
    expect(text).toHaveResourceWithProperties(Folder, { path: 'hubfleet-eth-teaching', type: 'vm' });
    expect(text).toHaveResourceWithProperties(TagCategory, {
      name: 'eth-teaching-node-role',
      cardinality: 'MULTIPLE',
      associable_types: ['VirtualMachine'],
    });
    expect(vms(json).etcd_1!.tags).toEqual(['${vsphere_tag.node_role_etcd.id}']);
    expect(vms(json).worker_1!.tags).toEqual(['${vsphere_tag.node_role_worker.id}']);
    expect(vms(json).etcd_1!.folder).toBe('${vsphere_folder.folder.path}');
    expect(vms(json).etcd_1!.datastore_id).toBe('${data.vsphere_datastore.datastore_etcd.id}');
    expect(vms(json).worker_1!.datastore_id).toBe('${data.vsphere_datastore.datastore.id}');
  });

  test('with DHCP the metadata asks for DHCP and RKE2 gets no node-ip', () => {
    const spec = ethTeachingSpec();
    delete vsphereOf(spec).addressing;
    const { json: dhcp } = synthStack(spec);
    expect(metadata(dhcp, 'worker_1').network.ethernets.nics).toEqual({ match: { name: 'ens*' }, dhcp4: true });
    expect(rke2(dhcp, 'worker_1')).not.toHaveProperty('node-ip');
  });

  test('outputs each node address by VM name', () => {
    expect(json.output.node_addresses.value['eth-teaching-worker-8']).toBe('${vsphere_virtual_machine.worker_8.default_ip_address}');
  });
});
