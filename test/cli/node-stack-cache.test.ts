/** Node stacks are reused while the ClusterSpec and the node layer's code are unchanged. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cachedNodeStack, NODE_STACK_CACHE } from '../../lib/cli/node-stack-cache';
import type { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { testSpec } from '../helpers';

let cwd: string;
beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-node-cache-'));
  fs.mkdirSync(path.join(cwd, 'node_modules'));
});
afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));

test('builds once per spec, returns the same files from the cache, rebuilds for a changed spec, keeps one entry per cluster', () => {
  let builds = 0;
  const build = (spec: ClusterSpec) => {
    builds++;
    return new Map([['terraform/stacks/nodes/cdk.tf.json', JSON.stringify({ name: spec.name, domain: spec.domain })]]);
  };
  const spec = testSpec();
  const first = cachedNodeStack(spec, build, cwd);
  expect(cachedNodeStack(spec, build, cwd)).toEqual(first);
  expect(builds).toBe(1);
  const changed = cachedNodeStack({ ...spec, domain: 'other.example.org' }, build, cwd);
  expect(builds).toBe(2);
  expect(changed.get('terraform/stacks/nodes/cdk.tf.json')).toContain('other.example.org');
  expect(fs.readdirSync(path.join(cwd, NODE_STACK_CACHE))).toHaveLength(1);
});

test('caches nothing without a node_modules folder', () => {
  fs.rmSync(path.join(cwd, 'node_modules'), { recursive: true });
  let builds = 0;
  const build = () => (builds++, new Map([['a', 'b']]));
  cachedNodeStack(testSpec(), build, cwd);
  cachedNodeStack(testSpec(), build, cwd);
  expect(builds).toBe(2);
  expect(fs.existsSync(path.join(cwd, 'node_modules'))).toBe(false);
});
