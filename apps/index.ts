import { ethTeachingCluster } from './eth-teaching';

/** Every cluster `hubfleet synth` builds. */
export const clusters = [ethTeachingCluster];
