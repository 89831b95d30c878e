import { campusMetal } from '../clusters/campus-metal';
import { ClusterApp } from '../lib/fleet/cluster-app';
import { defineCluster } from '../lib/fleet/define';
import { HubAuth } from '../lib/hub/auth';
import { CourseJupyterHub } from '../lib/hub/course-jupyterhub';
import { Platform } from '../lib/platform/platform';
import { SecretKeyRef } from '../lib/secrets/secret-ref';
import { monitoringSecrets } from './campus-metal.secrets';
import { COURSE_IMAGES as IMG } from './course-images';

/**
 * Canvas (Instructure-hosted): each hub is an LTI 1.3 developer key; its ID is the client ID. Staff
 * become graders, not admins; teachers, TAs and course designers also join `gpu-users`, the group
 * the GPU profile is for (everyone else neither sees nor can start it).
 */
const canvas = (developerKeyId: string) =>
  HubAuth.canvas([developerKeyId], { staffAdmins: false, roleGroups: { 'gpu-users': ['Instructor', 'TeachingAssistant', 'ContentDeveloper'] } });

/**
 * The campus-metal app stack: the platform add-ons hubfleet installs (sealed-secrets, the NFS
 * provisioner on the ZFS export, local-path volumes for hub databases on the workers' NVMe, Traefik
 * behind the gateway, monitoring, Argo CD's tree: MetalLB and cert-manager run already), the general
 * hub every course uses (RStudio, a GPU profile), and a course with nbgrader.
 */
export function campusMetalStack(app: ClusterApp): void {
  const platform = new Platform(app, 'platform', {
    localPath: { path: '/var/lib/local-path', nodeSelector: { 'campus.example.edu/local-nvme': 'true' } },
    // What the team once added by hand: Prometheus (a semester on a worker's NVMe), Grafana with the
    // dashboards in Git, and alerts by e-mail through the campus relay (no login from the nodes).
    monitoring: {
      retentionDays: 150,
      prometheusVolumeGiB: 100,
      grafana: { adminPassword: SecretKeyRef.fromName('grafana-admin', 'admin-password') },
      notifications: { email: { to: ['jupyter-admins@campus.example.edu'], from: 'jupyter-alerts@campus.example.edu', smarthost: 'smtp.campus.example.edu:25', relayCidrs: ['10.0.1.25/32'] } },
    },
  });
  monitoringSecrets(platform.monitoring!);
  const home = { storageClass: platform.nfs.homes, sizeGiB: 20 };
  new CourseJupyterHub(app, 'jupyter', {
    title: 'Campus JupyterHub',
    auth: canvas('10000000000417'),
    image: IMG.datascience,
    home,
    students: 2400,
    // The busiest hour of a normal teaching day (hubfleet capacity --cluster campus-metal).
    maxConcurrentUsers: 250,
    cpuGuarantee: 0.25,
    cpuLimit: 2,
    memoryGuaranteeGiB: 1,
    memoryLimitGiB: 4,
    profiles: [
      { displayName: 'Python (4 GiB)', default: true },
      { displayName: 'R and RStudio', image: IMG.r, defaultUrl: '/rstudio' },
      { displayName: 'Large memory (16 GiB)', cpuLimit: 8, memoryGuaranteeGiB: 4, memoryLimitGiB: 16 },
      { displayName: 'GPU (PyTorch, 1 L40S)', image: IMG.pytorchCuda12, cpuGuarantee: 4, cpuLimit: 8, memoryGuaranteeGiB: 16, memoryLimitGiB: 32, gpus: 1, nodeSelector: { 'campus.example.edu/gpu': 'l40s' }, groups: ['gpu-users'] },
    ],
  });
  new CourseJupyterHub(app, 'stats101', {
    title: 'Statistics 101',
    auth: canvas('10000000000418'),
    image: IMG.scipy,
    home,
    students: 320,
    maxConcurrentUsers: 90,
    cpuGuarantee: 0.1,
    cpuLimit: 1,
    memoryGuaranteeGiB: 0.5,
    memoryLimitGiB: 2,
    nbgrader: { instructors: ['m.okafor@campus.example.edu'] },
  });
}

export const campusMetalCluster = defineCluster(campusMetal, campusMetalStack);
