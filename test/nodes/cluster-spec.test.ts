/**
 * The ClusterSpec's rule table: one failing test per rule (a spec that breaks exactly that rule),
 * and the example specs pass.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CLUSTER_SPEC_RULES, ClusterSpec, validateClusterSpec } from '../../lib/fleet/cluster-spec';
import { validateInfrastructure } from '../../lib/nodes/infrastructure';
import { e2xSpec, ethTeachingSpec, TestSpec } from './fixtures';

/** The rule ids a spec breaks. */
function broken(spec: TestSpec | ClusterSpec): string[] {
  return validateClusterSpec(spec as ClusterSpec).map((i) => i.rule);
}

/** One row per rule: how to break it. */
const CASES: { rule: string; what: string; breakIt: (s: TestSpec) => void }[] = [
  { rule: 'cluster-name-dns', what: 'on a cluster name that is not a DNS label', breakIt: (s) => void (s.name = 'ETH_Teaching') },
  { rule: 'cluster-domain', what: 'on a domain with a single label', breakIt: (s) => void (s.domain = 'localhost') },
  {
    rule: 'cluster-k8s-version',
    what: 'on Kubernetes 1.32, past its end of life (2026-02-28)',
    breakIt: (s) => void (s.kubernetes.version = 'v1.32.5+rke2r1'),
  },
  {
    rule: 'cluster-pool-gpus',
    what: 'on a fractional GPU count',
    breakIt: (s) => void ((s.nodePools.find((p) => p.name === 'worker') as any).gpus = 0.5),
  },
  {
    rule: 'cluster-pools-present',
    what: 'on pools with no workers',
    breakIt: (s) => void (s.nodePools = s.nodePools.filter((p) => !p.roles.includes('worker'))),
  },
  {
    rule: 'cluster-control-plane',
    what: 'on pools with no control plane',
    breakIt: (s) => void (s.nodePools = s.nodePools.filter((p) => !p.roles.includes('control-plane'))),
  },
  {
    rule: 'cluster-etcd-odd',
    what: 'on an even etcd count',
    breakIt: (s) => void (s.nodePools.find((p) => p.name === 'etcd')!.count = 2),
  },
  {
    rule: 'cluster-pool-names',
    what: 'on two pools with the same name',
    breakIt: (s) => void (s.nodePools.find((p) => p.name === 'cp')!.name = 'worker'),
  },
  {
    rule: 'cluster-pool-sizes',
    what: 'on a pool with zero vcpus',
    breakIt: (s) => void (s.nodePools.find((p) => p.name === 'worker')!.vcpus = 0),
  },
  {
    rule: 'cluster-pool-roles',
    what: 'on a pool without roles',
    breakIt: (s) => void s.nodePools.push({ name: 'spare', roles: [], count: 1, vcpus: 2, memoryGiB: 4, diskGiB: 20 }),
  },
  {
    rule: 'cluster-cidrs',
    what: 'on a node CIDR that does not parse (host bits set)',
    breakIt: (s) => void (s.networks.nodeCidr = '10.20.0.1/22'),
  },
  {
    rule: 'cluster-cidrs-disjoint',
    what: 'on a pod network that overlaps the node network',
    breakIt: (s) => void (s.networks.podCidr = '10.20.0.0/16'),
  },
  { rule: 'cluster-blocked-cidrs', what: 'on a blocked CIDR that does not parse', breakIt: (s) => void (s.blockedCidrs = ['campus-lan']) },
  {
    rule: 'cluster-lb-range',
    what: 'on a load-balancer range whose end is before its start',
    breakIt: (s) => void (s.loadBalancerRange = '10.20.3.220-10.20.3.200'),
  },
  {
    rule: 'cluster-nfs',
    what: 'on an NFS export that is not an absolute path',
    breakIt: (s) => void (s.nfs = { server: '10.20.3.10', exportPath: 'export/teaching' }),
  },
  {
    rule: 'cluster-pool-labels',
    what: 'on a node label that Ansible would template (Kubespray inventory) and RKE2 would split at "="',
    breakIt: (s) => void (s.nodePools[s.nodePools.length - 1].labels = { purpose: '{{ lookup("pipe", "id") }}' }),
  },
  { rule: 'cluster-acme-email', what: 'on an ACME e-mail without a domain', breakIt: (s) => void (s.tls.acmeEmail = 'platform-team') },
  {
    rule: 'cluster-gitops',
    what: 'on a GitOps repo URL without a scheme',
    breakIt: (s) => void (s.gitops.repoUrl = 'git.example-university.ch/platform/teaching-gitops.git'),
  },
  { rule: 'cluster-gateway', what: 'on ingress kind gateway without a gateway', breakIt: (s) => void (s.ingress = { kind: 'gateway' }) },
  { rule: 'cluster-monitoring', what: 'on a monitoring namespace that is not a DNS label', breakIt: (s) => void ((s as any).monitoring = { namespace: 'Monitoring_NS' }) },
  {
    rule: 'cluster-monitoring-twice',
    what: "on hubfleet's monitoring add-on on a cluster whose Prometheus runs already",
    breakIt: (s) => void ((s.monitoring = {}), (s.existingAddons = { monitoring: { namespace: 'observability', prometheusPodLabels: { app: 'prometheus' } } })),
  },
  { rule: 'cluster-cni-network-policies', what: 'on flannel alone, which ignores NetworkPolicies', breakIt: (s) => void (s.kubernetes.cni = 'flannel') },
  { rule: 'cluster-existing-cni', what: 'on an existing cluster that does not name its CNI', breakIt: (s) => void (existing(s), delete s.kubernetes.cni) },
  { rule: 'cluster-existing-no-infrastructure', what: 'on an existing cluster with a node stack', breakIt: (s) => void (existing(s), (s.infrastructure = ethTeachingSpec().infrastructure)) },
  { rule: 'cluster-existing-networks', what: 'on an existing cluster without its service range', breakIt: (s) => void (existing(s), delete s.networks.serviceCidr) },
  {
    rule: 'cluster-existing-pool-roles',
    what: 'on an existing cluster with an untainted control-plane pool that is not a worker pool',
    breakIt: (s) => void (existing(s), s.nodePools.push({ name: 'servers', roles: ['control-plane'], count: 3, vcpus: 4, memoryGiB: 16, diskGiB: 80 })),
  },
];

/** Turn the spec into a valid existing cluster: named CNI, no node stack (its tainted etcd and control-plane pools stay as facts). */
function existing(s: TestSpec): void {
  s.kubernetes = { distribution: 'existing', version: 'v1.35.4', cni: 'calico' };
  delete s.infrastructure;
}

describe('CLUSTER_SPEC_RULES', () => {
  test('every rule in the table has a failing case here', () => {
    expect(CASES.map((c) => c.rule).sort()).toEqual(CLUSTER_SPEC_RULES.map((r) => r.id).sort());
  });

  test('every rule has a message and a fix', () => {
    for (const r of CLUSTER_SPEC_RULES) {
      expect(typeof r.message === 'string' ? r.message : 'fn').not.toHaveLength(0);
      expect(typeof r.fix === 'string' ? r.fix : 'fn').not.toHaveLength(0);
    }
  });

  for (const c of CASES) {
    test(`fails ${c.what} [${c.rule}]`, () => {
      const spec = ethTeachingSpec();
      c.breakIt(spec);
      expect(broken(spec)).toEqual([c.rule]);
      const issue = validateClusterSpec(spec as ClusterSpec)[0]!;
      expect(issue.path).toBe(`cluster ${spec.name}`);
      expect(issue.fix.length).toBeGreaterThan(0);
    });
  }
});

describe('cluster-k8s-version: supported and known Kubernetes only', () => {
  const bad: [string, string, RegExp][] = [
    ['a minor past its end of life', 'v1.34.10+rke2r1', /1\.34 reached its end of life on 2026-10-27.*supported on 2026-12-01: 1\.36, 1\.35/],
    ['a minor long gone', 'v1.27.16+rke2r1', /1\.27 is long past its end of life/],
    ['a minor newer than the table', 'v1.37.0+rke2r1', /1\.37 is newer than hubfleet's release table \(as of 2026-12-01\)/],
    ['a version without the leading v', '1.35.4', /"1\.35\.4" is not a Kubernetes release such as v1\.35\.4/],
    ['a minor only', 'v1.35', /not a Kubernetes release/],
  ];
  for (const [what, version, message] of bad) {
    test(`fails on ${what} (${version})`, () => {
      const spec = ethTeachingSpec();
      spec.kubernetes.version = version;
      const issues = validateClusterSpec(spec as ClusterSpec);
      expect(issues.map((i) => i.rule)).toEqual(['cluster-k8s-version']);
      expect(issues[0]!.message).toMatch(message);
      expect(issues[0]!.fix).toMatch(/1\.36, 1\.35 as of 2026-12-01/);
    });
  }

  test('an existing cluster may give a plain v1.x.y or its distribution\'s build suffix', () => {
    for (const version of ['v1.35.4', 'v1.36.1+k3s1', 'v1.35.3+rke2r2']) {
      const spec = ethTeachingSpec();
      delete spec.infrastructure;
      spec.kubernetes = { distribution: 'existing', version, cni: 'calico' };
      expect(broken(spec)).toEqual([]);
    }
    const eol = ethTeachingSpec();
    delete eol.infrastructure;
    eol.kubernetes = { distribution: 'existing', version: 'v1.33.2', cni: 'calico' };
    expect(broken(eol)).toEqual(['cluster-k8s-version']);
  });
});

describe('example ClusterSpecs', () => {
  test('eth-teaching (node facts from clusters/eth-teaching.nodes.ts) passes every rule', () => {
    const spec = ethTeachingSpec() as ClusterSpec;
    expect(validateClusterSpec(spec)).toEqual([]);
    expect(validateInfrastructure(spec)).toEqual([]);
  });

  test('e2x (node facts from clusters/e2x.nodes.ts) passes every rule', () => {
    const spec = e2xSpec() as ClusterSpec;
    expect(validateClusterSpec(spec)).toEqual([]);
    expect(validateInfrastructure(spec)).toEqual([]);
  });

  // The shared cluster files (clusters/<name>.ts) pass too, once they exist.
  for (const file of ['eth-teaching', 'e2x']) {
    const full = path.join(__dirname, '..', '..', 'clusters', `${file}.ts`);
    const maybe = fs.existsSync(full) ? test : test.skip;
    maybe(`clusters/${file}.ts passes every rule`, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(full) as Record<string, unknown>;
      const specs = Object.values(mod).filter((v): v is ClusterSpec => typeof v === 'object' && v !== null && 'nodePools' in v);
      expect(specs.length).toBeGreaterThan(0);
      for (const s of specs) {
        expect(validateClusterSpec(s)).toEqual([]);
        expect(validateInfrastructure(s)).toEqual([]);
      }
    });
  }
});
