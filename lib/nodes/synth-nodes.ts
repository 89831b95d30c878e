/**
 * synthNodeStack: a cluster's node layer as files, for hubfleet synth to write under `dist/<cluster>/`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { ValidationError } from '../core/errors';
import { ClusterSpec, validateClusterSpec } from '../fleet/cluster-spec';
import { validateInfrastructure } from './infrastructure';
import { kubesprayInventoryFiles } from './kubespray-inventory';
import { NODE_STACK_NAME, NodeStack } from './node-stack';

/**
 * Ignore file written next to the stacks, so that Terraform's working files, state and variable
 * files (they may hold credentials) are never committed. `.terraform.lock.hcl` is not ignored:
 * commit it, so every checkout installs the same provider builds. Synth keeps all of these in place
 * (lib/fleet/output.ts).
 */
export const TERRAFORM_GITIGNORE =
  '# Written by hubfleet. Working files of terraform/tofu init and apply, variable files (they may hold\n' +
  '# credentials) and state (it lives outside the output folder). Commit .terraform.lock.hcl.\n' +
  '.terraform/\n*.tfstate\n*.tfstate.*\n.terraform.tfstate.lock.info\nterraform.tfstate.d/\n' +
  '*.tfvars\n*.tfvars.json\ncrash.log\n';

/** JSON with object keys sorted (arrays keep their order), two-space indent, trailing newline. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as Record<string, unknown>)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

/** True when `text` mentions `dir` as a path (not merely as part of a longer name). */
function mentionsPath(text: string, dir: string): boolean {
  if (dir.length <= 1) return false;
  const escaped = dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9._~-])${escaped}(?=[/\\\\"'\\s]|$)`).test(text);
}

/** Throw when a file mentions a machine-specific path (the synth directory, the working directory, the home directory). */
function assertPortable(file: string, text: string, tmp: string): void {
  const bad = [tmp, fs.realpathSync(tmp), process.cwd(), os.homedir()].filter((p) => mentionsPath(text, p));
  if (bad.length > 0) {
    throw new Error(`${file} contains the machine-specific path ${bad[0]}; hubfleet output must be the same on every machine. Fix: use relative paths in the ClusterSpec.`);
  }
}

/**
 * Synthesize a cluster's node stack with cdktf and return the files, by path relative to
 * `dist/<cluster>/`:
 * - `terraform/manifest.json`, `terraform/stacks/nodes/cdk.tf.json` (cdktf's layout; apply with
 *   `terraform`/`tofu` inside `terraform/stacks/nodes/`),
 * - `terraform/.gitignore`,
 * - for Kubespray clusters `terraform/kubespray/hosts.yaml` and
 *   `terraform/kubespray/group_vars/k8s_cluster/hubfleet.yml`.
 *
 * Output is deterministic (sorted keys, no timestamps, no absolute paths). A spec without
 * `infrastructure` has no node layer: the map is empty. Throws ValidationError when the spec breaks
 * a ClusterSpec or infrastructure rule.
 */
export function synthNodeStack(spec: ClusterSpec): Map<string, string> {
  const files = new Map<string, string>();
  if (!spec.infrastructure) return files;
  const issues = [...validateClusterSpec(spec), ...validateInfrastructure(spec)];
  if (issues.length > 0) throw new ValidationError(issues);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-nodes-'));
  try {
    const app = new App({ outdir: tmp, stackTraces: false, hclOutput: false, context: {} });
    new NodeStack(app, NODE_STACK_NAME, { spec });
    app.synth();
    const manifestPath = path.join(tmp, 'manifest.json');
    const stackPath = path.join(tmp, 'stacks', NODE_STACK_NAME, 'cdk.tf.json');
    const manifest = stableJson(JSON.parse(fs.readFileSync(manifestPath, 'utf8')));
    const stack = stableJson(JSON.parse(fs.readFileSync(stackPath, 'utf8')));
    assertPortable('terraform/manifest.json', manifest, tmp);
    assertPortable(`terraform/stacks/${NODE_STACK_NAME}/cdk.tf.json`, stack, tmp);
    files.set('terraform/.gitignore', TERRAFORM_GITIGNORE);
    files.set('terraform/manifest.json', manifest);
    files.set(`terraform/stacks/${NODE_STACK_NAME}/cdk.tf.json`, stack);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (spec.kubernetes.distribution === 'kubespray') {
    for (const [p, text] of kubesprayInventoryFiles(spec)) {
      assertPortable(`terraform/kubespray/${p}`, text, os.tmpdir());
      files.set(`terraform/kubespray/${p}`, text);
    }
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
