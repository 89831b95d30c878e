import { ethTeaching } from '../clusters/eth-teaching';
import { ClusterApp } from '../lib/fleet/cluster-app';
import { defineCluster } from '../lib/fleet/define';
import { addCatalogue, catalogueDir, termLifecycle } from '../lib/catalogue/app';
import { CourseLifecycle } from '../lib/fleet/course-lifecycle';
import { Platform } from '../lib/platform/platform';
import { loadCatalogue } from '../lib/catalogue/load';
import { CourseJupyterHub } from '../lib/hub/course-jupyterhub';
import { COURSE_IMAGES as IMG } from './course-images';
import { ethTeachingPlatform } from './eth-teaching.platform';
import { ethTeachingCoursePortal } from './eth-teaching.portal';
import { ldapSearchSecret, sebCredentials } from './eth-teaching.secrets';
import { ethTeachingSebExam } from './eth-teaching.exam';
import { universityLdap } from './eth-teaching.ldap';
import { ethTeachingSeb } from './eth-teaching.seb';

/** The eth-teaching app stack: the platform, a hub per course of its catalogue, one TypeScript special case, SEB and an exam. */
export function ethTeachingStack(app: ClusterApp): void {
  // Add-ons, NFS and the ArgoCD tree come first; every course keeps its homes on NFS.
  const platform = ethTeachingPlatform(app);
  // The courses are data: one file per course in courses/eth-teaching/<term>/ (lib/catalogue/README.md).
  const catalogue = loadCatalogue(catalogueDir('eth-teaching', __dirname));
  addCatalogue(app, catalogue, { homeStorageClass: platform.nfs.homes });
  // Lecturers request courses in the course portal: each request a reviewed merge request.
  ethTeachingCoursePortal(app, platform.nfs.homes);
  // A special case stays TypeScript: the doctoral school logs in with the university directory,
  // whose search password is a SealedSecret of the hub's namespace (apps/eth-teaching.secrets.ts).
  // It follows the catalogue's autumn term all the same.
  const lifecycle = termLifecycle(catalogue, 'research-methods', '2025-autumn');
  if (lifecycle.phase !== 'planned') researchMethods(app, platform, lifecycle);
  const seb = ethTeachingSeb(app, platform.nfs.classFor('nfs-homes'));
  sebCredentials(seb);
  // An exam in Safe Exam Browser mode next to the SEB Server (apps/eth-teaching.exam.ts).
  ethTeachingSebExam(app, seb, platform.nfs.homes);
}

/** The doctoral school's course: the directory login with its sealed search password. */
function researchMethods(app: ClusterApp, platform: Platform, lifecycle: CourseLifecycle): void {
  const research = new CourseJupyterHub(app, 'research-methods', {
    title: 'Research Methods (doctoral school)',
    students: 40,
    maxConcurrentUsers: 10,
    image: IMG.datascience,
    home: { storageClass: platform.nfs.homes, sizeGiB: 10 },
    cpuGuarantee: 0.1,
    memoryGuaranteeGiB: 0.5,
    auth: universityLdap('cn=doctoral-school,ou=groups,dc=example-university,dc=ch'),
    lifecycle,
  });
  ldapSearchSecret(research);
}

export const ethTeachingCluster = defineCluster(ethTeaching, ethTeachingStack);
