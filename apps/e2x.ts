import { e2x } from '../clusters/e2x';
import { ClusterApp } from '../lib/fleet/cluster-app';
import { defineCluster } from '../lib/fleet/define';
import { HubAuth } from '../lib/hub/auth';
import { addCatalogue, catalogueDir } from '../lib/catalogue/app';
import { loadCatalogue } from '../lib/catalogue/load';
import { GradingHub } from '../lib/exam/grading-hub';
import { OneTimePasswords } from '../lib/exam/one-time-passwords';
import { ExamHub } from '../lib/hub/exam-hub';
import { Platform } from '../lib/platform/platform';
import { SecretKeyRef } from '../lib/secrets/secret-ref';
import { COURSE_IMAGES } from './course-images';
import { examPasswordsSecret, ldapSearchSecret, monitoringSecrets } from './e2x.secrets';

/** The course image (images/course on scipy-notebook): nbgrader, ngshare_exchange, nbgitpuller. */
const IMAGE = COURSE_IMAGES.scipy;
/** The lecturers of the e2x course: ngshare admins of each hub. */
const INSTRUCTORS = ['pweil2s', 'tmetzl2s'];

/** The department's directory: graders log in with their university account. */
const ldap = (group: string) =>
  HubAuth.ldap({
    serverAddress: 'ldap.example-hbrs.de',
    tlsStrategy: 'on_connect',
    lookup: {
      userSearchBase: 'ou=people,dc=example-hbrs,dc=de',
      searchUser: 'cn=e2x-search,ou=services,dc=example-hbrs,dc=de',
      searchPassword: SecretKeyRef.fromName('ldap-search', 'password'),
    },
    allowedGroups: [group],
  });

/** The e2x app stack: the course hubs of its catalogue (assignments, scores back to LEA), exam hub (pool rooms and VPN only, one-time passwords, 120 seats on the exam pool), grading hub (LDAP). */
export function e2xStack(app: ClusterApp): void {
  // No MetalLB (the cloud has no load-balancer service; an LB instance fronts the NodePorts).
  // Monitoring: alerts go to the department's Mattermost (its incoming webhook, sealed).
  const platform = new Platform(app, 'platform', {
    metallb: false,
    monitoring: {
      grafana: { adminPassword: SecretKeyRef.fromName('grafana-admin', 'admin-password') },
      notifications: { chat: { webhookUrl: SecretKeyRef.fromName('alert-notifications', 'webhook-url'), cidrs: ['194.95.66.10/32'] } },
    },
  });
  monitoringSecrets(platform.monitoring!);
  const home = { storageClass: platform.nfs.homes, sizeGiB: 5 };
  // The course hubs are data: courses/e2x/<term>/*.yaml (lib/catalogue/README.md).
  addCatalogue(app, loadCatalogue(catalogueDir('e2x', __dirname)), { homeStorageClass: platform.nfs.homes });
  // The exam: pool rooms C-117 and C-118 and the exam VPN only, one-time passwords on paper slips
  // (hubfleet exam passwords, apps/e2x.secrets.ts), 120 seats on the dedicated exam pool, no
  // internet, and a receipt for every submission.
  const exam = new ExamHub(app, 'programming-exam', {
    home,
    title: 'e2x programming exam',
    auth: OneTimePasswords.auth({ hashes: SecretKeyRef.fromName('exam-passwords', 'hashes'), prefix: 'e2x-exam', seats: 120, supervisors: 2 }),
    image: IMAGE,
    students: 120,
    seats: 120,
    cpuGuarantee: 1,
    memoryGuaranteeGiB: 2,
    examPool: 'exam',
    window: { start: '2026-02-10T09:00', end: '2026-02-10T11:00', timeZone: 'Europe/Berlin' },
    // The lecturers log in with the supervisors' slips to release the exam and to test the rooms.
    nbgrader: { instructors: ['e2x-exam-s01', 'e2x-exam-s02'] },
    allowedSourceCidrs: ['194.95.66.0/24', '194.95.67.0/24', '10.8.0.0/16'],
  });
  examPasswordsSecret(exam);
  // Graders only (the LDAP group of graders); the exam's export mounted read-only.
  const grading = new GradingHub(app, 'grading', {
    home,
    namespace: 'course-grading',
    title: 'e2x grading',
    auth: ldap('cn=e2x-graders,ou=groups,dc=example-hbrs,dc=de'),
    image: IMAGE,
    students: 25,
    cpuGuarantee: 0.1,
    memoryLimitGiB: 4,
    nbgrader: { instructors: INSTRUCTORS, courseId: 'programming-exam' },
    exams: [exam],
  });
  ldapSearchSecret(grading);
}

export const e2xCluster = defineCluster(e2x, e2xStack);
