/**
 * writeClusterFiles: replaces a cluster folder atomically, but keeps Terraform's own working files
 * next to the stacks it writes again (lock file, variable files, .terraform/, state).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TERRAFORM_STATE_FILES, TERRAFORM_WORKING_FILES, writeClusterFiles } from '../../lib/fleet/output';

const STACK = 'c1/terraform/stacks/nodes';

let out: string;
beforeEach(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-output-'));
});
afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

function tree(dir: string): Record<string, string> {
  const res: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (e.isSymbolicLink()) res[rel] = `-> ${fs.readlinkSync(p)}`;
      else if (e.isDirectory()) walk(p);
      else res[rel] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return res;
}

function put(rel: string, text: string, mode = 0o644): void {
  const p = path.join(out, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text, { mode });
}

/** What terraform init / apply and an operator leave next to a stack. */
function terraformLeftovers(stack = STACK): void {
  put(`${stack}/.terraform.lock.hcl`, 'provider "registry.terraform.io/vmware/vsphere" { version = "2.15.2" }\n');
  put(`${stack}/site.auto.tfvars`, 'vsphere_user = "svc"\n');
  put(`${stack}/secrets.auto.tfvars.json`, '{"rke2_token": "x"}\n');
  put(`${stack}/terraform.tfvars`, 'a = 1\n');
  put(`${stack}/prod.tfvars`, 'b = 2\n');
  put(`${stack}/.terraform/terraform.tfstate`, '{"backend": {"type": "local"}}\n');
  put(`${stack}/.terraform/providers/registry.terraform.io/vmware/vsphere/2.15.2/linux_amd64/terraform-provider-vsphere_v2.15.2`, 'ELF', 0o755);
  fs.symlinkSync('/var/cache/terraform/plugins', path.join(out, stack, '.terraform', 'plugin-cache'));
  put(`${stack}/terraform.tfstate`, '{"version": 4, "resources": ["vm"]}\n');
  put(`${stack}/terraform.tfstate.backup`, '{"version": 4}\n');
  put(`${stack}/terraform.tfstate.d/staging/terraform.tfstate`, '{"version": 4}\n');
}

const FILES = new Map([
  ['k8s/app.yaml', 'kind: ConfigMap\n'],
  ['terraform/.gitignore', '.terraform/\n'],
  ['terraform/stacks/nodes/cdk.tf.json', '{"resource": {}}\n'],
]);

describe('writeClusterFiles', () => {
  test('keeps the lock file, variable files, .terraform/ and state of a stack it writes again', () => {
    writeClusterFiles(out, 'c1', FILES);
    terraformLeftovers();
    const before = tree(path.join(out, STACK));
    writeClusterFiles(out, 'c1', new Map([...FILES, ['terraform/stacks/nodes/cdk.tf.json', '{"resource": {"new": 1}}\n']]));
    const after = tree(path.join(out, STACK));
    expect(after).toEqual({ ...before, 'cdk.tf.json': '{"resource": {"new": 1}}\n' });
    expect(after['.terraform/plugin-cache']).toBe('-> /var/cache/terraform/plugins');
    const provider = path.join(out, STACK, '.terraform/providers/registry.terraform.io/vmware/vsphere/2.15.2/linux_amd64/terraform-provider-vsphere_v2.15.2');
    expect(fs.statSync(provider).mode & 0o111).toBe(0o111);
  });

  test('stale files of ours still disappear, also inside the stack folder and next to it', () => {
    writeClusterFiles(out, 'c1', new Map([...FILES, ['k8s/old.yaml', 'x\n'], ['terraform/stacks/nodes/old.json', '{}\n'], ['terraform/kubespray/hosts.yaml', 'all: {}\n']]));
    terraformLeftovers();
    put('c1/terraform/.terraform.lock.hcl', 'not in a stack folder\n');
    put('c1/k8s/terraform.tfstate', 'not in a stack folder\n');
    writeClusterFiles(out, 'c1', FILES);
    const t = tree(path.join(out, 'c1'));
    for (const gone of ['k8s/old.yaml', 'terraform/stacks/nodes/old.json', 'terraform/kubespray/hosts.yaml', 'terraform/.terraform.lock.hcl', 'k8s/terraform.tfstate']) {
      expect(t).not.toHaveProperty([gone]);
    }
    expect(t).toHaveProperty(['terraform/stacks/nodes/.terraform.lock.hcl']);
  });

  test('a stack that is no longer written loses its working files but keeps its state (its VMs still exist)', () => {
    writeClusterFiles(out, 'c1', new Map([...FILES, ['terraform/stacks/gpu/cdk.tf.json', '{}\n']]));
    terraformLeftovers('c1/terraform/stacks/gpu');
    writeClusterFiles(out, 'c1', FILES);
    expect(Object.keys(tree(path.join(out, 'c1/terraform/stacks/gpu'))).sort()).toEqual([
      'terraform.tfstate',
      'terraform.tfstate.backup',
      'terraform.tfstate.d/staging/terraform.tfstate',
    ]);
  });

  test('a file hubfleet writes wins over a kept one of the same name', () => {
    writeClusterFiles(out, 'c1', FILES);
    terraformLeftovers();
    writeClusterFiles(out, 'c1', new Map([...FILES, ['terraform/stacks/nodes/terraform.tfvars', 'ours = 1\n']]));
    expect(fs.readFileSync(path.join(out, STACK, 'terraform.tfvars'), 'utf8')).toBe('ours = 1\n');
  });

  test('a failed write changes nothing: old output and Terraform files intact, no staging folder left', () => {
    writeClusterFiles(out, 'c1', FILES);
    terraformLeftovers();
    const before = tree(out);
    // "k8s/app.yaml" as a file and as a folder: the second write fails midway
    expect(() => writeClusterFiles(out, 'c1', new Map([['k8s/app.yaml', 'a\n'], ['k8s/app.yaml/x.yaml', 'b\n']]))).toThrow();
    expect(tree(out)).toEqual(before);
    expect(fs.readdirSync(out)).toEqual(['c1']);
  });

  test('kept files are hard links of the old ones where possible (no copy of a large .terraform/)', () => {
    writeClusterFiles(out, 'c1', FILES);
    terraformLeftovers();
    const lock = path.join(out, STACK, '.terraform.lock.hcl');
    const ino = fs.statSync(lock).ino;
    writeClusterFiles(out, 'c1', FILES);
    expect(fs.statSync(lock).ino).toBe(ino);
  });

  test('the patterns name Terraform\'s own files only', () => {
    const kept = (name: string) => TERRAFORM_WORKING_FILES.some((p) => p.test(name));
    for (const n of ['.terraform', '.terraform.lock.hcl', 'terraform.tfvars', 'terraform.tfvars.json', 'prod.auto.tfvars', 'x.auto.tfvars.json', 'prod.tfvars', 'terraform.tfstate', 'terraform.tfstate.backup', 'terraform.tfstate.1700000000.backup', '.terraform.tfstate.lock.info', 'terraform.tfstate.d']) {
      expect(kept(n)).toBe(true);
    }
    for (const n of ['cdk.tf.json', 'main.tf', 'override.tf', 'notes.txt', 'tfvars.txt', '.terraformrc']) expect(kept(n)).toBe(false);
    expect(TERRAFORM_STATE_FILES.some((p) => p.test('.terraform.lock.hcl'))).toBe(false);
  });
});
