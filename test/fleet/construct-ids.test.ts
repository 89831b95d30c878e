/** A construct id used twice is an issue naming both constructs (rule unique-construct-id), not constructs' bare exception. */
import { ValidationError } from '../../lib/core/errors';
import { buildCluster, defineCluster } from '../../lib/fleet/define';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { ExamHub } from '../../lib/hub/exam-hub';
import { SealedSecret } from '../../lib/secrets/sealed-secret';
import { testSpec } from '../helpers';

const base: CourseJupyterHubProps = { auth: HubAuth.moodle('https://moodle.example.org', ['c1']), image: 'quay.io/jupyter/scipy-notebook:2025-08-18', students: 30 };
const CIPHER = `AgB${'x'.repeat(400)}`;

function issueOf(stack: Parameters<typeof defineCluster>[1]) {
  try {
    buildCluster(defineCluster(testSpec(), stack));
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).issues;
  }
  throw new Error('built without an error');
}

describe('unique-construct-id', () => {
  test('fails on a course and an exam with one id, naming both types and the lines that made them', () => {
    const issues = issueOf((app) => {
      new CourseJupyterHub(app, 'python', base);
      new ExamHub(app, 'python', { ...base, allowedSourceCidrs: ['10.8.0.0/16'] });
    });
    expect(issues).toHaveLength(1);
    const [i] = issues;
    expect(i).toMatchObject({ path: 'python', field: 'id', value: 'python', rule: 'unique-construct-id' });
    expect(i.message).toMatch(/^two constructs are named "python" in the app: a CourseJupyterHub \(test\/fleet\/construct-ids\.test\.ts:(\d+)\) and an ExamHub \(test\/fleet\/construct-ids\.test\.ts:(\d+)\)/);
    const [, first, second] = /:(\d+)\) and an ExamHub \(.*:(\d+)\)/.exec(i.message)!;
    expect(Number(second)).toBe(Number(first) + 1);
    expect(i.fix).toMatch(/rename one of them/);
  });

  test('names the scope when the clash is inside a construct (two SealedSecrets in one hub)', () => {
    const issues = issueOf((app) => {
      const hub = new CourseJupyterHub(app, 'intro', base);
      new SealedSecret(hub, 'ldap', { encryptedData: { password: CIPHER } });
      new SealedSecret(hub, 'ldap', { encryptedData: { password: CIPHER } });
    });
    expect(issues[0].path).toBe('intro/ldap');
    expect(issues[0].message).toMatch(/^two constructs are named "ldap" in "intro": a SealedSecret \(.*\) and a SealedSecret \(.*\)/);
  });

  test('leaves other exceptions of a stack alone', () => {
    expect(() =>
      buildCluster(
        defineCluster(testSpec(), () => {
          throw new Error('boom');
        }),
      ),
    ).toThrow('boom');
  });
});
