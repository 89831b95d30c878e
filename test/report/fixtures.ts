import { capacityPlan } from '../../lib/capacity/plan';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { UserImage } from '../../lib/hub/user-image';
import { buildInventory } from '../../lib/model/inventory';
import { renderReport } from '../../lib/report/report';
import { exam, modelOf, simpleSpec } from '../capacity/fixtures';

/** A small cluster with an LTI course, an LDAP course and two exams (and, on request, an LTI course with grades). */
export function reportApp(o: { grades?: boolean; gradesLms?: 'moodle' | 'canvas' } = {}): ClusterApp {
  const a = new ClusterApp(simpleSpec());
  new CourseJupyterHub(a, 'intro', { auth: HubAuth.moodle('https://moodle.example.org', ['Client-A1', 'Client-B2']), image: 'quay.io/jupyter/minimal-notebook:2025-08-18', students: 20, title: 'Intro <b>' });
  if (o.grades) {
    new CourseJupyterHub(a, 'algo', {
      auth: o.gradesLms === 'canvas'
        ? HubAuth.canvas(['10000000000123'], { staffAdmins: true })
        : HubAuth.moodle('https://moodle.example.org', ['Client-C3'], { staffAdmins: true }),
      image: UserImage.of('ghcr.io/example-university/hubfleet-course-scipy:2025-08-18', { provides: ['nbgrader', 'ngshare-exchange'] }),
      students: 20,
      nbgrader: { instructors: ['anna@example.org'] },
      grades: { lms: 'lti13' },
    });
  }
  exam(a, 'math', { seats: 8, cpu: 1, memoryGiB: 2, start: '2026-02-10T09:00+01:00', end: '2026-02-10T12:00+01:00' });
  exam(a, 'physics', { seats: 8, cpu: 1, memoryGiB: 2, start: '2026-02-10T11:00+01:00', end: '2026-02-10T13:00+01:00' });
  return a;
}

export function reportHtml(a: ClusterApp = reportApp()): string {
  const m = modelOf(a);
  return renderReport(capacityPlan(m), buildInventory(m), m).get('index.html')!;
}

