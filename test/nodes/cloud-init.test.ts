import { parse } from 'yaml';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { escapeTemplate, renderUserData, renderVsphereMetadata, rke2Config } from '../../lib/nodes/cloud-init';
import { kubesprayGroups, planNodes, rke2Type, tfId } from '../../lib/nodes/node-plan';
import { e2xSpec, ethTeachingSpec, fillTemplate, JOIN, TestSpec, vsphereOf } from './fixtures';

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
    const cfg = rke2Config(spec as ClusterSpec, nodeOf(spec, 'eth-teaching-server-2'), { token: 'T', agentToken: 'A', serverUrl: 'S' });
    expect(Object.keys(cfg).filter((k) => k.startsWith('disable'))).toEqual([]);
    expect(cfg).toMatchObject({ token: 'T', 'agent-token': 'A', server: 'S', 'tls-san': ['k8s-api.teaching.example-university.ch', '10.20.0.5'] });
    expect(nodeOf(spec, 'eth-teaching-server-1').initServer).toBe(true);
  });

  test('a worker that also holds the control plane is a server', () => {
    expect(rke2Type(['control-plane', 'worker'])).toBe('server');
    expect(rke2Type(['worker'])).toBe('agent');
  });

  test('taints without a value render as key:Effect', () => {
    const spec = e2xSpec();
    spec.kubernetes = { distribution: 'rke2', version: 'v1.35.7+rke2r1' };
    const cfg = rke2Config(spec as ClusterSpec, nodeOf(spec, 'e2x-cp-1'), { token: 'T', agentToken: 'A', serverUrl: 'S' });
    expect(cfg['node-taint']).toEqual(['node-role.kubernetes.io/control-plane:NoSchedule']);
  });
});

describe('RKE2 tokens', () => {
  const spec = ethTeachingSpec() as ClusterSpec;
  const join = { token: 'SERVER', agentToken: 'AGENT', serverUrl: 'S' };

  test('servers join with the server token and all carry the same agent-token', () => {
    for (const n of planNodes(spec).filter((x) => rke2Type(x.pool.roles) === 'server')) {
      expect(rke2Config(spec, n, join)).toMatchObject({ token: 'SERVER', 'agent-token': 'AGENT' });
    }
  });

  test('agents join with the agent token only: the server token is nowhere in their user data', () => {
    const worker = nodeOf(ethTeachingSpec(), 'eth-teaching-worker-1');
    const cfg = rke2Config(spec, worker, join);
    expect(cfg.token).toBe('AGENT');
    expect(cfg).not.toHaveProperty('agent-token');
    expect(renderUserData(spec, worker, JOIN)).not.toContain('var.rke2_token');
  });
});

describe('RKE2 bundled ingress controllers', () => {
  const servers = (s: TestSpec) => planNodes(s as ClusterSpec).filter((n) => rke2Type(n.pool.roles) === 'server');

  test("with hubfleet's Traefik (the default) every server turns RKE2's ingress-nginx and Traefik off", () => {
    const spec = ethTeachingSpec();
    expect(spec.ingress).toBeUndefined();
    for (const n of servers(spec)) expect(rke2Config(spec as ClusterSpec, n, JOIN)['ingress-controller']).toEqual(['none']);
    spec.ingress = { controller: 'traefik' };
    for (const n of servers(spec)) expect(rke2Config(spec as ClusterSpec, n, JOIN)['ingress-controller']).toEqual(['none']);
  });

  test("with ingress.controller 'ingress-nginx' RKE2's own ingress-nginx is named explicitly (RKE2 1.36 would default to Traefik)", () => {
    const spec = ethTeachingSpec();
    spec.ingress = { controller: 'ingress-nginx' };
    for (const n of servers(spec)) expect(rke2Config(spec as ClusterSpec, n, JOIN)['ingress-controller']).toEqual(['ingress-nginx']);
  });

  test('agents carry no ingress setting (a server-only flag)', () => {
    const spec = ethTeachingSpec() as ClusterSpec;
    expect(rke2Config(spec, nodeOf(ethTeachingSpec(), 'eth-teaching-worker-1'), JOIN)).not.toHaveProperty('ingress-controller');
  });
});

describe('bootstrap from the ClusterSpec', () => {
  test('bootstrapped unset (false): the first etcd node starts the cluster, every other node joins', () => {
    const spec = ethTeachingSpec() as ClusterSpec;
    const nodes = planNodes(spec);
    expect(nodes.filter((n) => n.initServer).map((n) => n.name)).toEqual(['eth-teaching-etcd-1']);
    expect(rke2Config(spec, nodes[0]!, JOIN)).not.toHaveProperty('server');
    for (const n of nodes.slice(1)) expect(rke2Config(spec, n, JOIN).server).toBe(JOIN.serverUrl);
  });

  test('bootstrapped: true: no node starts a cluster, every node (also a rebuilt first one) joins', () => {
    const spec = ethTeachingSpec();
    spec.kubernetes.bootstrapped = true;
    const nodes = planNodes(spec as ClusterSpec);
    expect(nodes.some((n) => n.initServer)).toBe(false);
    for (const n of nodes) expect(rke2Config(spec as ClusterSpec, n, JOIN).server).toBe(JOIN.serverUrl);
  });

  test('the init server is the first node of the first pool holding etcd, also when pools combine roles', () => {
    const spec = ethTeachingSpec();
    spec.nodePools = [
      { name: 'worker', roles: ['worker'], count: 2, vcpus: 8, memoryGiB: 32, diskGiB: 100 },
      { name: 'server', roles: ['etcd', 'control-plane'], count: 3, vcpus: 4, memoryGiB: 16, diskGiB: 80 },
    ];
    delete spec.infrastructure!.addressing;
    expect(planNodes(spec as ClusterSpec).filter((n) => n.initServer).map((n) => n.name)).toEqual(['eth-teaching-server-1']);
  });
});

describe('renderUserData', () => {
  test('escapes template sequences in literal text so Terraform keeps them', () => {
    expect(escapeTemplate('a ${b} %{c} $d')).toBe('a $${b} %%{c} $d');
    const spec = ethTeachingSpec();
    spec.nodePools.find((p) => p.name === 'worker')!.labels = { course: '${not-a-var}' };
    const text = renderUserData(spec as ClusterSpec, nodeOf(spec, 'eth-teaching-worker-1'), JOIN);
    expect(text).toContain('course=$${not-a-var}');
    expect(text).toContain('token: ${jsonencode(var.rke2_agent_token)}');
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

  test('writes the RKE2 config (0600) and the install script (0700), and runcmd runs the script once', () => {
    const spec = ethTeachingSpec() as ClusterSpec;
    const cc = parse(fillTemplate(renderUserData(spec, planNodes(spec)[0]!, JOIN)));
    expect(cc.write_files.map((f: { path: string; permissions: string }) => [f.path, f.permissions])).toEqual([
      ['/etc/rancher/rke2/config.yaml', '0600'],
      ['/usr/local/sbin/hubfleet-rke2-install', '0700'],
    ]);
    expect(cc.runcmd).toEqual(['/usr/local/sbin/hubfleet-rke2-install']);
  });

  test('registry settings: system-default-registry on servers, registries.yaml (0600) on every node', () => {
    const spec = ethTeachingSpec();
    vsphereOf(spec).rke2 = {
      systemDefaultRegistry: 'registry.example-university.ch:5000',
      registryMirrors: { 'quay.io': ['https://registry.example-university.ch:5000/v2/quay'], 'docker.io': ['https://registry.example-university.ch:5000'] },
    };
    const server = parse(fillTemplate(renderUserData(spec as ClusterSpec, nodeOf(spec, 'eth-teaching-cp-1'), JOIN)));
    const agent = parse(fillTemplate(renderUserData(spec as ClusterSpec, nodeOf(spec, 'eth-teaching-worker-1'), JOIN)));
    expect(parse(server.write_files[0].content)['system-default-registry']).toBe('registry.example-university.ch:5000');
    expect(parse(agent.write_files[0].content)).not.toHaveProperty('system-default-registry');
    for (const cc of [server, agent]) {
      const reg = cc.write_files.find((f: { path: string }) => f.path === '/etc/rancher/rke2/registries.yaml');
      expect(reg.permissions).toBe('0600');
      expect(parse(reg.content)).toEqual({
        mirrors: {
          'docker.io': { endpoint: ['https://registry.example-university.ch:5000'] },
          'quay.io': { endpoint: ['https://registry.example-university.ch:5000/v2/quay'] },
        },
      });
    }
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
    spec.kubernetes = { distribution: 'kubespray', version: 'v1.35.4' };
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
