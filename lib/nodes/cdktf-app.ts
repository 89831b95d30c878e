/**
 * The cdktf program behind `cdktf.json`: lets cdktf's own CLI (`cdktf synth`, or `cdktn synth` with
 * CDK Terrain) build the node stack of every cluster of the project it runs in, one stack per
 * cluster named after it (`cdktf.out/stacks/<cluster>/cdk.tf.json`), from `clusters/index.ts`
 * (every export that is a ClusterSpec). hubfleet synth builds the same stacks through
 * synthNodeStack (as `dist/<cluster>/terraform/stacks/nodes/`); both use the default state file
 * `.hubfleet-state/<cluster>/terraform.tfstate` in the project root.
 *
 * Run it with the TypeScript hook: `node --require hubfleet/register <this file>` (cdktf.json's
 * `app`; in hubfleet's repository `node --require ./build/lib/register.js build/lib/nodes/cdktf-app.js`).
 */
import * as path from 'path';
import { App } from 'cdktf';
import { addNodeStacks, clusterSpecsOf } from './cdktf-stacks';

const clusterModule = require(path.resolve(process.env.HUBFLEET_CLUSTERS ?? 'clusters')) as Record<string, unknown>;
const app = new App({ stackTraces: false });
addNodeStacks(app, clusterSpecsOf(clusterModule));
app.synth();
