import { campusMetalCluster } from './campus-metal';
import { e2xCluster } from './e2x';
import { ethTeachingCluster } from './eth-teaching';

/** Every cluster `hubfleet synth` builds. */
export const clusters = [ethTeachingCluster, e2xCluster, campusMetalCluster];
