/**
 * The cdktf program behind `cdktf.json`: lets cdktf's own CLI (`cdktf synth`, or `cdktn synth` with
 * CDK Terrain) build every example cluster's node stack, one stack per cluster named after it
 * (`cdktf.out/stacks/<cluster>/cdk.tf.json`). hubfleet synth builds the same stacks through
 * synthNodeStack (as `dist/<cluster>/terraform/stacks/nodes/`); both use the default state file
 * `.hubfleet-state/<cluster>/terraform.tfstate` in the project root.
 */
import { App } from 'cdktf';
import * as clusterModule from './index';
import { addNodeStacks, clusterSpecsOf } from '../lib/nodes/cdktf-stacks';

const app = new App({ stackTraces: false });
addNodeStacks(app, clusterSpecsOf(clusterModule as Record<string, unknown>));
app.synth();
