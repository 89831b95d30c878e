import { ethTeaching } from '../clusters/eth-teaching';
import { ClusterApp } from '../lib/fleet/cluster-app';
import { defineCluster } from '../lib/fleet/define';
import { HubAuth } from '../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../lib/hub/course-jupyterhub';
import { COURSE_IMAGES as IMG } from './course-images';
import { ethTeachingPlatform } from './eth-teaching.platform';
import { ldapSearchSecret, sebCredentials } from './eth-teaching.secrets';
import { ethTeachingSebExam } from './eth-teaching.exam';
import { universityLdap } from './eth-teaching.ldap';
import { ethTeachingSeb } from './eth-teaching.seb';

/** The university Moodle; every course registers the hub as an LTI 1.3 tool and gets a client ID. */
// Instructors and TAs become hub admins on purpose: they help students inside their servers.
const moodle = (clientId: string) => HubAuth.moodle('https://moodle.example-university.ch', [clientId], { staffAdmins: true });

/** A course from the catalog: name → size and image. Everything else is the course hub's defaults. */
interface CatalogCourse extends Omit<CourseJupyterHubProps, 'auth'> {
  readonly moodleClientId?: string;
  readonly auth?: CourseJupyterHubProps['auth'];
}

/**
 * The semester's course catalog (~20 hubs of different sizes). `maxConcurrentUsers` is each course's
 * busiest lab session, not its enrolment: `hubfleet capacity --cluster eth-teaching` checks that all
 * of them together fit the 8 workers (the semester peak).
 */
const catalog: Record<string, CatalogCourse> = {
  'intro-programming': { title: 'Introduction to Programming', students: 400, maxConcurrentUsers: 70, image: IMG.scipy, cpuGuarantee: 0.1, cpuLimit: 1, memoryGuaranteeGiB: 0.5, memoryLimitGiB: 1, moodleClientId: 'Xq3t9VwJ2m1aKpL', nbgrader: { instructors: ['anna.keller@example-university.ch'] }, culling: { idleTimeoutMinutes: 30 } },
  'data-science': {
    title: 'Applied Data Science',
    students: 180,
    maxConcurrentUsers: 40,
    image: IMG.scipy,
    moodleClientId: 'b7Yh2QeLr9sTz0c',
    nbgrader: { instructors: ['marc.weber@example-university.ch', 'lena.huber@example-university.ch'] },
    profiles: [
      { displayName: 'Standard (2 GiB)', default: true },
      { displayName: 'Large (8 GiB)', cpuLimit: 4, memoryGuaranteeGiB: 4, memoryLimitGiB: 8 },
      { displayName: 'GPU (PyTorch, 1 GPU)', image: IMG.pytorchCuda12, cpuGuarantee: 2, cpuLimit: 4, memoryGuaranteeGiB: 8, memoryLimitGiB: 16, gpus: 1, nodeSelector: { 'hubfleet.io/gpu': 'true' } },
    ],
  },
  'r-statistics': { title: 'Statistics with R', students: 220, maxConcurrentUsers: 40, image: IMG.r, defaultUrl: '/rstudio', moodleClientId: 'Rs7kd0PwQ2nVb5e' },
  'julia-numerics': { title: 'Numerical Methods in Julia', students: 90, maxConcurrentUsers: 20, image: IMG.julia, memoryLimitGiB: 3, moodleClientId: 'Jl4mX8cT1rWq6uN' },
  'machine-learning': {
    title: 'Machine Learning',
    students: 160,
    maxConcurrentUsers: 15,
    image: IMG.scipy,
    memoryGuaranteeGiB: 2,
    memoryLimitGiB: 4,
    moodleClientId: 'Ml9pZ3vB7kQy2sD',
    nbgrader: { instructors: ['jonas.meier@example-university.ch'] },
    profiles: [
      { displayName: 'CPU', default: true },
      { displayName: 'GPU', image: IMG.pytorchCuda12, gpus: 1, memoryGuaranteeGiB: 8, memoryLimitGiB: 16, cpuGuarantee: 2, cpuLimit: 4, nodeSelector: { 'hubfleet.io/gpu': 'true' } },
    ],
  },
  'linear-algebra': { title: 'Linear Algebra', students: 300, maxConcurrentUsers: 40, image: IMG.scipy, cpuGuarantee: 0.1, memoryGuaranteeGiB: 0.5, memoryLimitGiB: 1, moodleClientId: 'La2wE5rT8yU1iO3' },
  'physics-simulation': { title: 'Computational Physics', students: 120, maxConcurrentUsers: 20, image: IMG.scipy, cpuLimit: 4, memoryLimitGiB: 4, moodleClientId: 'Ph6sD9fG2hJ4kL7' },
  bioinformatics: { title: 'Bioinformatics', students: 80, maxConcurrentUsers: 12, image: IMG.datascience, memoryGuaranteeGiB: 2, memoryLimitGiB: 6, moodleClientId: 'Bi3zX6cV9bN2mQ5' },
  econometrics: { title: 'Econometrics', students: 140, maxConcurrentUsers: 25, image: IMG.r, moodleClientId: 'Ec8aS1dF4gH7jK0' },
  'computational-finance': { title: 'Computational Finance', students: 70, maxConcurrentUsers: 15, image: IMG.scipy, moodleClientId: 'Cf5qW8eR1tY4uI7' },
  'deep-learning': {
    title: 'Deep Learning',
    students: 60, maxConcurrentUsers: 8,
    image: IMG.pytorchCuda12,
    cpuGuarantee: 1,
    cpuLimit: 4,
    memoryGuaranteeGiB: 4,
    memoryLimitGiB: 12,
    moodleClientId: 'Dl2oP5aS8dF1gH4',
    profiles: [
      { displayName: 'CPU only', default: true },
      { displayName: 'One GPU', gpus: 1, memoryGuaranteeGiB: 8, memoryLimitGiB: 16, nodeSelector: { 'hubfleet.io/gpu': 'true' } },
    ],
  },
  'signal-processing': { title: 'Signal Processing', students: 110, maxConcurrentUsers: 20, image: IMG.scipy, moodleClientId: 'Sp7jK0lZ3xC6vB9' },
  optimization: { title: 'Optimization', students: 75, maxConcurrentUsers: 15, image: IMG.julia, moodleClientId: 'Op4nM7qW0eR3tY6' },
  algorithms: { title: 'Algorithms and Data Structures', students: 350, maxConcurrentUsers: 60, image: IMG.minimal, cpuGuarantee: 0.1, cpuLimit: 1, memoryGuaranteeGiB: 0.25, memoryLimitGiB: 0.5, moodleClientId: 'Al1uI4oP7aS0dF3', nbgrader: { instructors: ['sara.frei@example-university.ch'] } },
  'digital-humanities': { title: 'Digital Humanities', students: 45, maxConcurrentUsers: 10, image: IMG.scipy, moodleClientId: 'Dh9gH2jK5lZ8xC1' },
  'climate-modelling': { title: 'Climate Modelling', students: 65, maxConcurrentUsers: 10, image: IMG.scipy, cpuLimit: 4, memoryGuaranteeGiB: 2, memoryLimitGiB: 8, moodleClientId: 'Cm6vB9nM2qW5eR8' },
  'chemistry-lab': { title: 'Computational Chemistry Lab', students: 55, maxConcurrentUsers: 12, image: IMG.scipy, moodleClientId: 'Ch3tY6uI9oP2aS5' },
  'statistics-intro': { title: 'Introduction to Statistics', students: 280, maxConcurrentUsers: 40, image: IMG.r, memoryLimitGiB: 1.5, cpuGuarantee: 0.1, memoryGuaranteeGiB: 0.5, moodleClientId: 'St0dF3gH6jK9lZ2' },
  'geo-information': { title: 'Geographic Information Science', students: 70, maxConcurrentUsers: 15, image: IMG.scipy, moodleClientId: 'Gi7xC0vB3nM6qW9' },
  'research-methods': {
    title: 'Research Methods (doctoral school)',
    students: 40, maxConcurrentUsers: 10,
    image: IMG.datascience,
    // The doctoral school logs in with the university directory, not Moodle.
    auth: universityLdap('cn=doctoral-school,ou=groups,dc=example-university,dc=ch'),
  },
};

/** The eth-teaching app stack: every course of the catalog as its own hub. */
export function ethTeachingStack(app: ClusterApp): void {
  // Add-ons, NFS and the ArgoCD tree come first; every course keeps its homes on NFS.
  const platform = ethTeachingPlatform(app);
  for (const [name, { moodleClientId, auth, ...course }] of Object.entries(catalog)) {
    // Small guarantees, generous limits: notebooks idle most of the time (lib/capacity/README.md).
    const hub = new CourseJupyterHub(app, name, { home: { storageClass: platform.nfs.homes, sizeGiB: 10 }, cpuGuarantee: 0.1, memoryGuaranteeGiB: 0.5, ...course, auth: auth ?? moodle(moodleClientId ?? '') });
    if (name === 'research-methods') ldapSearchSecret(hub);
  }
  const seb = ethTeachingSeb(app, platform.nfs.classFor('nfs-homes'));
  sebCredentials(seb);
  // An exam in Safe Exam Browser mode next to the SEB Server (apps/eth-teaching.exam.ts).
  ethTeachingSebExam(app, seb, platform.nfs.homes);
}

export const ethTeachingCluster = defineCluster(ethTeaching, ethTeachingStack);
