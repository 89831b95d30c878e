import { parse } from 'yaml';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { escapeTemplate, renderUserData, renderVsphereMetadata, rke2Config } from '../../lib/nodes/cloud-init';
import { kubesprayGroups, planNodes, rke2Type, tfId } from '../../lib/nodes/node-plan';
import { e2xSpec, ethTeachingSpec, fillTemplate, JOIN, TestSpec } from './fixtures';

function nodeOf(spec: TestSpec, name: string) {
  return planNodes(spec as ClusterSpec).find((n) => n.name === name)!;
}

describe('rke2Config', () => {
  test('a combined etcd + control-plane pool runs a plain server (no disable flags)', () => {
    const spec = ethTeachingSpec();
    spec.nodePools = [
      { name: 'server', roles: ['etcd', 'control-plane'], count: 3, vcpus: 4, memoryGiB: 16, diskGiB: 80 },
      { name: 'worker', roles: ['worker'], count: 2, vcpus: 8, memoryGiB: 32, diskGiB: 100 },
    ];
    delete spec.infrastructure!.addressing;
    const cfg = rke2Config(spec as ClusterSpec, nodeOf(spec, 'eth-teaching-server-2'), { token: 'T', serverUrl: 'S' });
    expect(Object.keys(cfg).filter((k) => k.startsWith('disable'))).toEqual([]);
    expect(cfg).toMatchObject({ token: 'T', server: 'S', 'tls-san': ['k8s-api.teaching.example-university.ch', '10.20.0.5'] });
    expect(nodeOf(spec, 'eth-teaching-server-1').initServer).toBe(true);
  });

  test('a worker that also holds the control plane is a server', () => {
    expect(rke2Type(['control-plane', 'worker'])).toBe('server');
    expect(rke2Type(['worker'])).toBe('agent');
  });

  test('taints without a value render as key:Effect', () => {
    const spec = e2xSpec();
    spec.kubernetes = { distribution: 'rke2', version: 'v1.32.5+rke2r1' };
    const cfg = rke2Config(spec as ClusterSpec, nodeOf(spec, 'e2x-cp-1'), { token: 'T', serverUrl: 'S' });
    expect(cfg['node-taint']).toEqual(['node-role.kubernetes.io/control-plane:NoSchedule']);
  });
});

describe('renderUserData', () => {
  test('escapes template sequences in literal text so Terraform keeps them', () => {
    expect(escapeTemplate('a ${b} %{c} $d')).toBe('a $${b} %%{c} $d');
    const spec = ethTeachingSpec();
    spec.nodePools.find((p) => p.name === 'worker')!.labels = { course: '${not-a-var}' };
    const text = renderUserData(spec as ClusterSpec, nodeOf(spec, 'eth-teaching-worker-1'), JOIN);
    expect(text).toContain('course=$${not-a-var}');
    expect(text).toContain('token: ${jsonencode(var.rke2_token)}');
    const cfg = parse(parse(fillTemplate(text)).write_files[0].content);
    expect(cfg['node-label']).toEqual(['course=${not-a-var}']);
  });

  test('is the same on every call (deterministic)', () => {
    const spec = ethTeachingSpec() as ClusterSpec;
    const n = planNodes(spec)[4]!;
    expect(renderUserData(spec, n, JOIN)).toBe(renderUserData(spec, n, JOIN));
  });

  test('fails with a fix when an RKE2 node has no join secrets', () => {
    const spec = ethTeachingSpec() as ClusterSpec;
    expect(() => renderUserData(spec, planNodes(spec)[0]!)).toThrow(/Fix: pass join/);
  });

  test('Kubespray clusters get no RKE2 and no secrets in user data', () => {
    const spec = e2xSpec() as ClusterSpec;
    const text = renderUserData(spec, planNodes(spec)[0]!);
    expect(text).toBe('#cloud-config\nhostname: e2x-etcd-1\n');
  });
});

describe('renderVsphereMetadata', () => {
  test('Kubespray VMs do not redact user data (it holds no secret)', () => {
    const spec = ethTeachingSpec();
    spec.kubernetes = { distribution: 'kubespray', version: 'v1.32.5' };
    const md = parse(renderVsphereMetadata(spec as ClusterSpec, nodeOf(spec, 'eth-teaching-etcd-1')));
    expect(md).not.toHaveProperty('redact');
    expect(md['local-hostname']).toBe('eth-teaching-etcd-1');
  });
});

describe('node plan helpers', () => {
  test('Kubespray groups follow the roles', () => {
    expect(kubesprayGroups(['etcd'])).toEqual(['etcd']);
    expect(kubesprayGroups(['etcd', 'control-plane'])).toEqual(['etcd', 'kube_control_plane', 'k8s_cluster']);
    expect(kubesprayGroups(['worker'])).toEqual(['kube_node', 'k8s_cluster']);
  });

  test('Terraform ids come from DNS labels', () => {
    expect(tfId('cp-large', '1')).toBe('cp_large_1');
    expect(tfId('1st')).toBe('n_1st');
  });
});
