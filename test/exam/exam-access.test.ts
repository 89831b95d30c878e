/**
 * Issue 17: a candidate's server token (readable in the terminal) carried the `server` role's
 * `access:servers!server` and opened the notebook from any browser; candidates could make API tokens
 * inside SEB and type them into another device. The exam hub now scopes both (lib/exam/exam-access.ts).
 * Proven on upstream JupyterHub 5.5 behind configurable-http-proxy (lib/hub/README-exams.md); here the
 * rendered config runs under python3.
 */
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { EXAM_SERVER_TOKEN_SCOPES, EXAM_USER_ROLE, SELF_SCOPES } from '../../lib/exam/exam-access';
import { OneTimePasswords } from '../../lib/exam/one-time-passwords';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { ExamHub } from '../../lib/hub/exam-hub';
import { HubAuth } from '../../lib/hub/auth';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { testSpec } from '../helpers';
import { hasPython, RECORDING_CONFIG, runPython } from './python';

const IMAGE = 'quay.io/jupyter/scipy-notebook:2025-08-18';

function examConfig(): string {
  const app = new ClusterApp(testSpec());
  return new ExamHub(app, 'final', {
    auth: OneTimePasswords.auth({ hashes: SecretKeyRef.fromName('exam-passwords', 'hashes'), prefix: 'final', seats: 20 }),
    image: IMAGE,
    students: 20,
    window: { start: '2026-02-10T09:00', end: '2026-02-10T11:00', timeZone: 'Europe/Berlin' },
    allowedSourceCidrs: ['194.95.66.0/24'],
    seb: { configKeys: SecretKeyRef.fromName('seb', 'config-keys') },
  }).hubConfig;
}

/** The rendered config executed with stand-ins; prints the server token scopes and the roles. */
function roles(config: string): { serverTokenScopes: string[] | null; roles: Array<{ name: string; scopes: string[] }> } {
  const out = runPython(`${RECORDING_CONFIG}\nexec(compile(${JSON.stringify(config)}, "jupyterhub_config.py", "exec"))\nimport json\nprint(json.dumps({"serverTokenScopes": c.Spawner.get("server_token_scopes"), "roles": c.JupyterHub.load_roles}))`, {
    env: { HUBFLEET_OTP_HASHES: '', HUBFLEET_SEB_CONFIG_KEYS: '0f'.repeat(32) },
  });
  return JSON.parse(out);
}

describe('exam access', () => {
  test('the candidates\' role is JupyterHub\'s "self" without tokens and shares, with everything a server needs', () => {
    expect(SELF_SCOPES).toHaveLength(14);
    expect(EXAM_USER_ROLE.scopes).not.toContain('tokens!user');
    expect(EXAM_USER_ROLE.scopes).not.toContain('users:shares!user');
    for (const needed of ['servers!user', 'access:servers!user', 'read:servers!user', 'users:activity!user']) expect(EXAM_USER_ROLE.scopes).toContain(needed);
  });

  (hasPython ? test : test.skip)('an exam hub gives servers an activity-only token and candidates no tokens or shares (fails before: the server role, "self")', () => {
    const r = roles(examConfig());
    expect(r.serverTokenScopes).toEqual([...EXAM_SERVER_TOKEN_SCOPES]);
    const user = r.roles.find((x) => x.name === 'user');
    expect(user?.scopes).toEqual([...EXAM_USER_ROLE.scopes]);
    // The other roles stay.
    expect(r.roles.map((x) => x.name)).toEqual(expect.arrayContaining(['course-grader', 'user']));
  });

  (hasPython ? test : test.skip)('course hubs keep JupyterHub\'s defaults', () => {
    const app = new ClusterApp(testSpec());
    const course = new CourseJupyterHub(app, 'intro', { auth: HubAuth.moodle('https://moodle.example.org', ['c'], { staffAdmins: true }), image: IMAGE, students: 10 });
    const r = roles(course.hubConfig);
    expect(r.serverTokenScopes).toBeNull();
    expect(r.roles.find((x) => x.name === 'user')).toBeUndefined();
  });
});
