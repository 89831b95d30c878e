/** Every cluster's facts, for tools that read them all (cdktf.json's program, hubfleet seal). */
export { ethTeaching } from './eth-teaching';
export { e2x } from './e2x';
export { campusMetal } from './campus-metal';
