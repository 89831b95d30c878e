import './setup';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { ValidationError } from '../../lib/core/errors';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { addNodeStacks, CDKTF_STATE_ROOT, clusterSpecsOf } from '../../lib/nodes/cdktf-stacks';
import { synthNodeStack } from '../../lib/nodes/synth-nodes';
import { e2xSpec, ethTeachingSpec, TestSpec, vsphereOf } from './fixtures';

type Json = Record<string, any>;

const STACK = 'terraform/stacks/nodes/cdk.tf.json';

function files(spec: TestSpec): Map<string, string> {
  return synthNodeStack(spec as ClusterSpec);
}

function stackOf(spec: TestSpec): Json {
  return JSON.parse(files(spec).get(STACK)!);
}

/** Every string value in a JSON value (keys are Terraform names, and cdktf's metadata key is "//"). */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v !== null && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

describe('synthNodeStack', () => {
  const eth = files(ethTeachingSpec());
  const e2x = files(e2xSpec());

  test('writes cdktf\'s layout for eth-teaching: manifest and stacks/nodes/cdk.tf.json', () => {
    expect([...eth.keys()]).toEqual(['terraform/.gitignore', 'terraform/manifest.json', STACK]);
    const manifest = JSON.parse(eth.get('terraform/manifest.json')!);
    expect(manifest.stacks.nodes).toMatchObject({ workingDirectory: 'stacks/nodes', synthesizedStackPath: 'stacks/nodes/cdk.tf.json' });
  });

  test('writes the Kubespray inventory next to the e2x stack', () => {
    expect([...e2x.keys()]).toEqual([
      'terraform/.gitignore',
      'terraform/kubespray/group_vars/k8s_cluster/hubfleet.yml',
      'terraform/kubespray/hosts.yaml',
      'terraform/manifest.json',
      STACK,
    ]);
  });

  test('eth-teaching holds 11+ VMs, each with cloud-init user data, and an anti-affinity rule over the etcd VMs', () => {
    const tf = JSON.parse(eth.get(STACK)!);
    const vms = Object.values(tf.resource.vsphere_virtual_machine as Record<string, Json>);
    expect(vms.length).toBeGreaterThanOrEqual(11);
    expect(vms.filter((v) => v.num_cpus === 12 && v.memory === 48 * 1024)).toHaveLength(8);
    for (const v of vms) expect(v.extra_config['guestinfo.userdata']).toMatch(/^\$\{base64encode\(local\.userdata_/);
    expect(tf.resource.vsphere_compute_cluster_vm_anti_affinity_rule.etcd_anti_affinity.virtual_machine_ids).toHaveLength(3);
  });

  test('e2x holds OpenStack instances in an anti-affinity server group for etcd', () => {
    const tf = JSON.parse(e2x.get(STACK)!);
    expect(tf.resource.openstack_compute_servergroup_v2.etcd.policies).toEqual(['anti-affinity']);
    // 3 etcd, 2 control-plane, 4 workers and the 4 nodes of the exam pool.
    expect(Object.keys(tf.resource.openstack_compute_instance_v2)).toHaveLength(13);
  });

  test('is deterministic: two runs give identical files', () => {
    const again = files(ethTeachingSpec());
    expect([...again.entries()]).toEqual([...eth.entries()]);
    expect([...files(e2xSpec()).entries()]).toEqual([...e2x.entries()]);
  });

  test('no output file holds an absolute path or a machine-specific directory', () => {
    for (const out of [eth, e2x]) {
      for (const [name, text] of out) {
        for (const p of [os.tmpdir(), process.cwd(), os.homedir(), 'hubfleet-nodes-']) expect(text).not.toContain(p);
        if (name.endsWith('.json')) {
          for (const s of strings(JSON.parse(text))) {
            expect(s).not.toMatch(/^\/|^[A-Za-z]:\\|^~\//);
          }
        }
      }
    }
  });

  test('no output file holds a password, token or key: credentials are only variable references', () => {
    const sentinel = 'S3NTINEL-do-not-leak-4711';
    const saved = { ...process.env };
    Object.assign(process.env, {
      TF_VAR_rke2_token: sentinel,
      TF_VAR_vsphere_password: sentinel,
      VSPHERE_PASSWORD: sentinel,
      OS_APPLICATION_CREDENTIAL_SECRET: sentinel,
    });
    try {
      for (const out of [files(ethTeachingSpec()), files(e2xSpec())]) {
        for (const [, text] of out) {
          expect(text).not.toContain(sentinel);
          expect(text).not.toMatch(/PRIVATE KEY/);
        }
        const tf = JSON.parse(out.get(STACK)!);
        for (const p of Object.values(tf.provider as Record<string, Json[]>)) {
          for (const [k, v] of Object.entries(p[0]!)) {
            if (/password|secret|token|user/.test(k)) expect(v).toMatch(/^\$\{var\.[a-z0-9_]+\}$/);
          }
        }
        for (const v of Object.values(tf.variable as Record<string, Json>)) {
          if (v.type === 'string') expect(v.sensitive).toBe(true);
        }
      }
    } finally {
      process.env = saved;
    }
  });

  test('the default backend is local with a relative path outside the output folder', () => {
    const tf = JSON.parse(eth.get(STACK)!);
    expect(tf.terraform.backend).toEqual({ local: { path: '../../../../../.hubfleet-state/eth-teaching/terraform.tfstate' } });
    // dist/<cluster>/terraform/stacks/nodes + that path = <parent of dist>/.hubfleet-state/…
    expect(path.posix.normalize(`dist/eth-teaching/terraform/stacks/nodes/${tf.terraform.backend.local.path}`)).toBe(
      '.hubfleet-state/eth-teaching/terraform.tfstate',
    );
  });

  test('the backend comes from the ClusterSpec: local path, S3-compatible store or http', () => {
    const local = ethTeachingSpec();
    vsphereOf(local).backend = { type: 'local', path: '../../../../../state/eth.tfstate' };
    expect(stackOf(local).terraform.backend).toEqual({ local: { path: '../../../../../state/eth.tfstate' } });

    const s3 = ethTeachingSpec();
    vsphereOf(s3).backend = { type: 's3', bucket: 'tf-state', region: 'ch-zh-1', endpoint: 'https://s3.example-university.ch', usePathStyle: true };
    expect(stackOf(s3).terraform.backend.s3).toMatchObject({
      bucket: 'tf-state',
      key: 'hubfleet/eth-teaching/terraform.tfstate',
      region: 'ch-zh-1',
      endpoints: { s3: 'https://s3.example-university.ch' },
      use_path_style: true,
      skip_credentials_validation: true,
    });

    const http = ethTeachingSpec();
    vsphereOf(http).backend = {
      type: 'http',
      address: 'https://git.example-university.ch/api/v4/projects/7/terraform/state/eth-teaching',
      lockAddress: 'https://git.example-university.ch/api/v4/projects/7/terraform/state/eth-teaching/lock',
      lockMethod: 'POST',
    };
    expect(stackOf(http).terraform.backend.http).toEqual({
      address: 'https://git.example-university.ch/api/v4/projects/7/terraform/state/eth-teaching',
      lock_address: 'https://git.example-university.ch/api/v4/projects/7/terraform/state/eth-teaching/lock',
      lock_method: 'POST',
    });
  });

  test('keys are sorted and cdktf\'s "//" metadata names only construct paths', () => {
    const text = eth.get(STACK)!;
    const tf = JSON.parse(text);
    expect(Object.keys(tf)).toEqual([...Object.keys(tf)].sort());
    expect(tf['//'].metadata).toEqual({
      backend: 'local',
      overrides: { output: ['precondition'], stack: ['terraform'] },
      stackName: 'nodes',
      version: '0.21.0',
    });
    expect(tf.resource.vsphere_virtual_machine.etcd_1['//']).toEqual({ metadata: { path: 'nodes/pool-etcd/vm-1', uniqueId: 'etcd_1' } });
    expect(text.endsWith('}\n')).toBe(true);
  });

  test('a spec without infrastructure has no node layer', () => {
    const spec = ethTeachingSpec();
    delete spec.infrastructure;
    expect(files(spec).size).toBe(0);
  });

  test('fails with a ValidationError listing every broken rule, before any synth', () => {
    const spec = ethTeachingSpec();
    spec.nodePools.find((p) => p.name === 'etcd')!.count = 2;
    vsphereOf(spec).folder = '/abs';
    let err: unknown;
    try {
      files(spec);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.rule)).toEqual(['cluster-etcd-odd', 'infra-vsphere-folder']);
    expect((err as ValidationError).message).toMatch(/Fix: /);
  });

  test('fails when a file would mention a machine-specific path (here the working directory, through the VM template)', () => {
    const spec = ethTeachingSpec();
    vsphereOf(spec).template = `${process.cwd()}/clusters`;
    expect(() => files(spec)).toThrow(/machine-specific path .*Fix: use relative paths/);
  });

  test('the output .gitignore keeps terraform init files, state and variable files out of Git, but not the lock file', () => {
    const ignore = eth.get('terraform/.gitignore')!.split('\n');
    for (const p of ['.terraform/', '*.tfstate', '*.tfstate.*', 'terraform.tfstate.d/', '*.tfvars', '*.tfvars.json']) {
      expect(ignore).toContain(p);
    }
    expect(ignore.filter((l) => !l.startsWith('#') && l.includes('lock.hcl'))).toEqual([]);
  });

  test('RKE2: a separate agent token, and plan fails when it equals the server token', () => {
    const tf = JSON.parse(eth.get(STACK)!);
    expect(tf.variable.rke2_agent_token).toMatchObject({ type: 'string', sensitive: true });
    expect(tf.variable.rke2_agent_token.validation[0].condition).toBe('${length(var.rke2_agent_token) >= 16}');
    expect(tf.output.node_addresses.precondition).toEqual([
      {
        condition: '${var.rke2_agent_token != var.rke2_token}',
        error_message: expect.stringMatching(/^rke2_agent_token must differ from rke2_token/),
      },
    ]);
    expect(JSON.parse(e2x.get(STACK)!).output.node_addresses).not.toHaveProperty('precondition');
  });

  test('the Kubespray inventory names the Kubespray release it is written for', () => {
    for (const f of ['terraform/kubespray/hosts.yaml', 'terraform/kubespray/group_vars/k8s_cluster/hubfleet.yml']) {
      expect(e2x.get(f)).toMatch(/^# Written for Kubespray v2\.31\.0 \(git checkout v2\.31\.0\)/m);
    }
  });
});

describe('cdktf CLI app (cdktf.json, cdktf-stacks)', () => {
  test('cdktf.json runs the compiled cdktf app and lists both providers', () => {
    const cfg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdktf.json'), 'utf8'));
    expect(cfg.language).toBe('typescript');
    expect(cfg.app).toContain('node --require ./build/lib/register.js build/lib/nodes/cdktf-app.js');
    // cdktf synth refuses to run when codeMakerOutput is missing and providers are listed: point it at imports/.
    expect(fs.existsSync(path.join(__dirname, '..', '..', cfg.codeMakerOutput))).toBe(true);
    expect(cfg.terraformProviders).toEqual(['vmware/vsphere@~> 2.15', 'terraform-provider-openstack/openstack@~> 3.4']);
    expect(fs.existsSync(path.join(__dirname, '..', '..', 'lib', 'nodes', 'cdktf-app.ts'))).toBe(true);
  });

  test('clusterSpecsOf finds specs exported singly or in arrays, once each, by name', () => {
    const eth = ethTeachingSpec();
    const e2x = e2xSpec();
    expect(clusterSpecsOf({ eth, all: [e2x, eth], other: 42, text: 'x' }).map((s) => s.name)).toEqual(['e2x', 'eth-teaching']);
  });

  test('builds one stack per cluster, named after it, with the same resources hubfleet synth writes', () => {
    const app = Testing.app();
    const stacks = addNodeStacks(app, [ethTeachingSpec() as ClusterSpec, e2xSpec() as ClusterSpec]);
    expect(stacks.map((s) => s.node.id)).toEqual(['eth-teaching', 'e2x']);
    const viaCli = JSON.parse(Testing.synth(stacks[0]!));
    const viaHubfleet = stackOf(ethTeachingSpec());
    for (const key of ['provider', 'data', 'resource', 'locals', 'variable', 'output']) {
      expect(JSON.stringify(stripMeta(viaCli[key]))).toBe(JSON.stringify(stripMeta(viaHubfleet[key])));
    }
    // cdktf.out/stacks/<cluster> is three levels below the project root: the same state file.
    expect(viaCli.terraform.backend.local.path).toBe(`${CDKTF_STATE_ROOT}/.hubfleet-state/eth-teaching/terraform.tfstate`);
  });

  test('Testing.fullSynth writes cdktf\'s layout: manifest.json and stacks/<cluster>/cdk.tf.json', () => {
    const [stack] = addNodeStacks(Testing.app(), [e2xSpec() as ClusterSpec]);
    const outdir = Testing.fullSynth(stack!);
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
      expect(manifest.stacks.e2x.synthesizedStackPath).toBe('stacks/e2x/cdk.tf.json');
      expect(fs.existsSync(path.join(outdir, 'stacks', 'e2x', 'cdk.tf.json'))).toBe(true);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('fails with a ValidationError for a broken spec', () => {
    const spec = e2xSpec();
    spec.networks.nodeCidr = 'not-a-cidr';
    expect(() => addNodeStacks(Testing.app(), [spec as ClusterSpec])).toThrow(ValidationError);
  });
});

/** Drop cdktf's "//" metadata (it names the stack) and sort keys. */
function stripMeta(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripMeta);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .filter((k) => k !== '//')
        .sort()
        .map((k) => [k, stripMeta((v as Json)[k])]),
    );
  }
  return v;
}
