import { parse } from 'yaml';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { kubesprayInventoryFiles, renderKubesprayGroupVars, renderKubesprayHosts } from '../../lib/nodes/kubespray-inventory';
import { e2xSpec, openstackOf } from './fixtures';

describe('Kubespray inventory', () => {
  const spec = e2xSpec() as ClusterSpec;
  const inv = parse(renderKubesprayHosts(spec));

  test('lists every node with its fixed address', () => {
    expect(Object.keys(inv.all.hosts)).toHaveLength(13);
    expect(inv.all.hosts['e2x-worker-3']).toMatchObject({ ansible_host: '10.30.0.33', ip: '10.30.0.33', access_ip: '10.30.0.33' });
    expect(inv.all.vars).toEqual({ ansible_user: 'ubuntu' });
  });

  test('groups kube_control_plane, etcd, kube_node and k8s_cluster from the same pools', () => {
    const hostsOf = (g: string) => Object.keys(inv.all.children[g].hosts);
    expect(hostsOf('etcd')).toEqual(['e2x-etcd-1', 'e2x-etcd-2', 'e2x-etcd-3']);
    expect(hostsOf('kube_control_plane')).toEqual(['e2x-cp-1', 'e2x-cp-2']);
    expect(hostsOf('kube_node')).toEqual(['e2x-worker-1', 'e2x-worker-2', 'e2x-worker-3', 'e2x-worker-4', 'e2x-exam-1', 'e2x-exam-2', 'e2x-exam-3', 'e2x-exam-4']);
    expect(inv.all.children.k8s_cluster).toEqual({ children: { kube_control_plane: {}, kube_node: {} } });
  });

  test('etcd is dedicated (disjoint from control plane and workers) and its members are named', () => {
    const etcd = Object.keys(inv.all.children.etcd.hosts);
    const others = [...Object.keys(inv.all.children.kube_control_plane.hosts), ...Object.keys(inv.all.children.kube_node.hosts)];
    expect(etcd.filter((h) => others.includes(h))).toEqual([]);
    expect(etcd.map((h) => inv.all.hosts[h].etcd_member_name)).toEqual(['etcd1', 'etcd2', 'etcd3']);
  });

  test('carries the pool labels and taints as node_labels and node_taints', () => {
    expect(inv.all.hosts['e2x-worker-1'].node_labels).toEqual({ 'hub.jupyter.org/node-purpose': 'user' });
    expect(inv.all.hosts['e2x-cp-1'].node_taints).toEqual(['node-role.kubernetes.io/control-plane:NoSchedule']);
    // The exam pool's nodes get the label the exam hub selects and the taint it tolerates.
    expect(inv.all.hosts['e2x-exam-1']).toMatchObject({ ansible_host: '10.30.0.41', node_labels: { 'hub.jupyter.org/node-purpose': 'exam' }, node_taints: ['hub.jupyter.org/dedicated=exam:NoSchedule'] });
  });

  test('group vars set the version without "v", the pod and service ranges and the API certificate names', () => {
    expect(parse(renderKubesprayGroupVars(spec))).toEqual({
      kube_version: '1.35.4',
      kube_pods_subnet: '10.42.0.0/16',
      kube_service_addresses: '10.43.0.0/16',
      supplementary_addresses_in_ssl_keys: ['k8s-api.e2x.example-hbrs.de'],
      etcd_deployment_type: 'host',
    });
  });

  test('files are hosts.yaml and group_vars/k8s_cluster/hubfleet.yml', () => {
    expect([...kubesprayInventoryFiles(spec).keys()]).toEqual(['hosts.yaml', 'group_vars/k8s_cluster/hubfleet.yml']);
  });

  test('fails with a fix when nodes have no fixed addresses', () => {
    const s = e2xSpec();
    delete openstackOf(s).addressing;
    expect(() => renderKubesprayHosts(s as ClusterSpec)).toThrow(/Fix: set infrastructure.addressing.firstAddress/);
  });
});
