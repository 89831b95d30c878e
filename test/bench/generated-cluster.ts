/**
 * The generated bench cluster: `npm run bench` measures it at 10, 100 and 1,000 hubs, and the
 * byte-identical output test (test/fleet/output-identical.test.ts) hashes it at 30.
 */
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { SealedSecret } from '../../lib/secrets/sealed-secret';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { COURSE_IMAGES } from '../../apps/course-images';
import { testSpec, SEALED_STAND_IN } from '../helpers';

/**
 * A cluster of n hubs with a realistic mix: LTI, nbgrader, GPU profiles, LDAP, on a spec with a GPU
 * pool, so that every check synth runs passes, as it must for a real cluster.
 */
export function generatedCluster(n: number): ClusterApp {
  // A GPU pool for the GPU profiles (synth proves every profile fits a pool).
  const gpu = { name: 'gpu', roles: ['worker' as const], count: 4, vcpus: 32, memoryGiB: 256, diskGiB: 200, gpus: 4, labels: { 'hubfleet.io/gpu': 'true' }, taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' as const }] };
  const app = new ClusterApp(testSpec({ name: 'bench', nodePools: [...testSpec().nodePools, gpu] }));
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    const hub = new CourseJupyterHub(app, `course-${i}`, {
      auth:
        kind === 3
          ? HubAuth.ldap({ serverAddress: 'ldap.example.org', lookup: { userSearchBase: 'ou=p,dc=x', searchUser: 'cn=s,dc=x', searchPassword: SecretKeyRef.fromName('ldap', 'pw') }, allowedGroups: ['cn=course,dc=x'] })
          : HubAuth.moodle('https://moodle.example.org', [`client-${i}`], { staffAdmins: true }),
      // nbgrader hubs need an image that provides it (and instructors as ngshare admins).
      image: kind === 0 ? COURSE_IMAGES.scipy : 'quay.io/jupyter/scipy-notebook:2025-08-18',
      students: 20 + (i % 7) * 40,
      nbgrader: kind === 0 ? { instructors: ['prof'] } : undefined,
      profiles: kind === 1 ? [{ displayName: 'CPU', default: true }, { displayName: 'GPU', gpus: 1, memoryLimitGiB: 16, memoryGuaranteeGiB: 8, nodeSelector: { 'hubfleet.io/gpu': 'true' } }] : undefined,
    });
    // LDAP hubs read their search password from a SealedSecret (a well-formed stand-in here).
    if (kind === 3) new SealedSecret(hub, 'ldap', { encryptedData: { pw: SEALED_STAND_IN } });
  }
  return app;
}
