/**
 * The node stack of a cluster is a function of its ClusterSpec alone (lib/nodes/synth-nodes.ts),
 * and building it loads CDK for Terraform (about a second). So `hubfleet synth` keeps the files of
 * the last node stacks it built in `node_modules/.cache/hubfleet/node-stacks/`, keyed by a SHA-256
 * of the spec, the node layer's code and the versions of cdktf and its providers: a change in an
 * app file reuses them; any change of the spec or of the code builds them again. Without a
 * writable node_modules/ nothing is cached.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { ClusterSpec } from '../fleet/cluster-spec';

/** Where the cache lives, below the folder the command runs in. */
export const NODE_STACK_CACHE = path.join('node_modules', '.cache', 'hubfleet', 'node-stacks');

let codeFingerprint: string | undefined;

/** A hash of the code that makes node stacks: hubfleet's node layer and the CDK for Terraform packages it loads. */
function fingerprint(): string {
  if (codeFingerprint) return codeFingerprint;
  const h = createHash('sha256');
  const nodesDir = path.dirname(require.resolve('../nodes/synth-nodes'));
  for (const dir of [nodesDir, path.join(nodesDir, '..', '..', 'imports', 'openstack')]) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) if (/\.(js|ts)$/.test(f) && !f.endsWith('.d.ts')) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  }
  for (const pkg of ['cdktf', '@cdktf/provider-vsphere', 'constructs']) {
    try {
      h.update(pkg).update((JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version);
    } catch {
      h.update(`${pkg}?`);
    }
  }
  return (codeFingerprint = h.digest('hex'));
}

/** The node stack's files: from the cache when the spec and the code are unchanged, else built (and stored). */
export function cachedNodeStack(spec: ClusterSpec, build: (spec: ClusterSpec) => Map<string, string>, cwd: string = process.cwd()): Map<string, string> {
  const key = createHash('sha256').update(fingerprint()).update(JSON.stringify(spec)).digest('hex');
  const file = path.join(cwd, NODE_STACK_CACHE, `${spec.name}-${key.slice(0, 32)}.json`);
  try {
    return new Map(JSON.parse(fs.readFileSync(file, 'utf8')) as [string, string][]);
  } catch {
    // not cached yet
  }
  const files = build(spec);
  if (fs.existsSync(path.join(cwd, 'node_modules'))) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // One entry per cluster: drop the stacks of its earlier specs (cluster names are DNS labels).
      const earlier = new RegExp(`^${spec.name}-[0-9a-f]{32}\\.json$`);
      for (const old of fs.readdirSync(path.dirname(file))) if (earlier.test(old)) fs.rmSync(path.join(path.dirname(file), old), { force: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify([...files]));
      fs.renameSync(tmp, file);
    } catch {
      // a read-only node_modules: no cache
    }
  }
  return files;
}
