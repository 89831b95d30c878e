import type { IStorageClass } from '../lib/core/storage-class-ref';
import { ClusterApp } from '../lib/fleet/cluster-app';
import { CoursePortal } from '../lib/course-portal/course-portal';
import { COURSE_PORTAL_SEALED } from './eth-teaching.secrets';

/**
 * eth-teaching's course portal (lib/portal/README.md): lecturers of the `lecturers` group of the
 * university login request courses at https://portal.teaching.example-university.ch; each request
 * becomes a branch `course-requests/…` and a merge request in the repository that holds this file,
 * which the platform team reviews. The portal reaches only the login (login.example-university.ch)
 * and the GitLab host (gitlab.example-university.ch: SSH for the deploy key, HTTPS for the API).
 * `homes` is the class the stack gives the catalogue's hubs, so the portal's verdict and diff see
 * the hubs synth makes.
 */
export function ethTeachingCoursePortal(app: ClusterApp, homes: IStorageClass): CoursePortal {
  return new CoursePortal(app, 'course-portal', {
    image: 'ghcr.io/example-university/hubfleet-portal:2026-03-01',
    oidc: { issuer: 'https://login.example-university.ch/realms/university', clientId: 'course-portal', requesterGroups: ['lecturers'] },
    git: {
      url: 'git@gitlab.example-university.ch:platform/teaching-clusters.git',
      // `ssh-keyscan -t ed25519 gitlab.example-university.ch`, checked against the host's published fingerprint (an example key).
      knownHosts: 'gitlab.example-university.ch ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDtldhuNsdlU8pEqSyFamaxhTsIuLXn8SBNNqWW12d4f',
    },
    forge: { kind: 'gitlab', apiUrl: 'https://gitlab.example-university.ch/api/v4', repository: 'platform/teaching-clusters' },
    egress: {
      idp: { host: 'login.example-university.ch', cidrs: ['192.0.2.10/32'] },
      git: { host: 'gitlab.example-university.ch', cidrs: ['192.0.2.20/32'], ports: [22, 443] },
    },
    sealed: COURSE_PORTAL_SEALED,
    homeStorageClass: homes.storageClassName,
  });
}
