/** Annotations hubfleet gives objects so that later steps can see what an object is (set by components, read by the fleet's rules). */

/**
 * A Secret (or an object holding a secret) whose value must never change once the component started
 * with it, e.g. SEB Server's `sebserver_password`, which encrypts its data: `hubfleet diff` reports
 * a change as a risk (lib/fleet/diff-risks.ts). The value says which key and why.
 */
export const IMMUTABLE_SECRET_ANNOTATION = 'hubfleet.io/immutable-secret';

/**
 * On a hub's grade service Deployment (lib/grades): the tool's public key set URL. `hubfleet diff`
 * reports a hub turning grades to the LMS on or off by it (lib/fleet/diff-risks.ts).
 */
export const GRADES_KEYSET_ANNOTATION = 'hubfleet.io/lti-keyset-url';
