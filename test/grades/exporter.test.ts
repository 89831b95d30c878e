/**
 * The nbgrader exporter (lib/grades/nbgrader/hubfleet_lms_grades.py) and the hub's launch hook
 * (lib/grades/hub/record_launch.py), run by python3 against a real grade service and the stand-in
 * platform. nbgrader is not installed here: a gradebook stand-in offers what the exporter reads of
 * nbgrader 0.9.5's Gradebook (`assignments`, `assignment_submissions(name)`; a submission's
 * `student.id`, `score` (grades incl. extra credit), `late_submission_penalty`,
 * `needs_manual_grade`, `notebooks[].grades[].extra_credit`; an assignment's `name`, `max_score`),
 * and ExportPlugin/traitlets stand-ins when those are missing. The harness runs it on real nbgrader.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { gradesPython, ROOT } from './python';
import { PEOPLE, Scenario, SERVICE_TOKEN } from './scenario';

jest.setTimeout(120000);

const NBGRADER_DIR = path.join(ROOT, 'lib', 'grades', 'nbgrader');
const HOOK = path.join(ROOT, 'lib', 'grades', 'hub', 'record_launch.py');
const ANNA = PEOPLE['course-a'].members['sub-anna'].username;

const STUBS = String.raw`
import logging, sys, types
try:
    import nbgrader.plugins
except ImportError:
    nb = types.ModuleType("nbgrader"); plugins = types.ModuleType("nbgrader.plugins")
    try:  # nbgrader/plugins/export.py: a LoggingConfigurable with the List traits assignment and student
        from traitlets import List
        from traitlets.config import LoggingConfigurable
        class ExportPlugin(LoggingConfigurable):
            assignment = List([])
            student = List([])
    except ImportError:  # no traitlets either: the exporter's traits are stood in for too
        traitlets = types.ModuleType("traitlets")
        class _Trait:
            def __init__(self, default_value=None, help=None):
                self.v = default_value
            def tag(self, **kw):
                return self
            def __set_name__(self, owner, name):
                self.name = name
            def __get__(self, obj, owner):
                return self if obj is None else obj.__dict__.get(self.name, self.v)
        traitlets.Unicode = traitlets.Float = traitlets.List = _Trait
        sys.modules["traitlets"] = traitlets
        class ExportPlugin:
            def __init__(self, **kw):
                self.assignment, self.student, self.log = [], [], logging.getLogger("export")
                self.__dict__.update(kw)
    plugins.ExportPlugin = ExportPlugin
    nb.plugins = plugins
    sys.modules["nbgrader"] = nb; sys.modules["nbgrader.plugins"] = plugins
N = types.SimpleNamespace
def submission(student, score, penalty=0.0, manual=False, extra=()):
    return N(student=N(id=student), score=score, late_submission_penalty=penalty, needs_manual_grade=manual,
             notebooks=[N(grades=[N(extra_credit=e) for e in extra] + [N(extra_credit=None)])])
class Gradebook:
    def __init__(self, assignments):
        self.assignments = [N(name=n, max_score=m) for n, m, _ in assignments]
        self._subs = {n: subs for n, _, subs in assignments}
    def assignment_submissions(self, name):
        return self._subs[name]
`;

/** Run Python without blocking this process (the hub stand-in the service asks lives in it). */
function runPy(program: string, args: string[], env: Record<string, string>): Promise<{ status: number; out: string; err: string }> {
  const py = gradesPython();
  return new Promise((resolve) => {
    const child = spawn(py.cmd, ['-c', program, ...args], { env: { ...py.env, PYTHONPATH: `${NBGRADER_DIR}${path.delimiter}${py.env.PYTHONPATH}`, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ status: code ?? -1, out: out + err, err }));
  });
}

function runExporter(s: Scenario, body: string, token = `tok-${ANNA}`) {
  return runPy(`${STUBS}\nimport hubfleet_lms_grades as x\n${body}`, [], { HUBFLEET_GRADES_URL: s.serviceUrl, JUPYTERHUB_API_TOKEN: token });
}

describe('nbgrader exporter', () => {
  let s: Scenario;
  afterEach(async () => {
    await s?.stop();
    s = undefined as unknown as Scenario;
  });

  test('sends one row per submission (late penalty off, extra credit declared), holds what needs manual grading, prints what the LMS answered', async () => {
    s = await Scenario.start();
    for (const sub of ['sub-anna', 'sub-s1', 'sub-s2', 'sub-s3']) await s.launch('course-a', sub);
    const r = await runExporter(
      s,
      `
gb = Gradebook([
  ("ps1", 10.0, [submission("s1@uni.example", 8.0, penalty=1.0), submission("s2@uni.example", 11.0, extra=[2.0]), submission("s3@uni.example", 5.0, manual=True)]),
  ("ps2", 4.0, [submission("s1@uni.example", 4.0)]),
  ("ps3", 5.0, []),
])
x.LmsExporter(assignment=["ps1", "ps3"], wait_seconds=30).export(gb)
`,
    );
    expect(r.status).toBe(0);
    expect(r.out).toContain('Scores for the LMS course "Intro A" (course-a):');
    expect(r.out).toMatch(/ps1: 1 held, 2 queued/);
    expect(r.out).toContain('At the LMS: 1 held, 2 sent.');
    expect(r.out).toMatch(/held\s+ps1\s+s3@uni.example\s+5\/10\s*\n\s+needs-manual-grading: the submission still has answers to grade by hand/);
    const st = await s.state();
    expect(st.scores.map((x) => [x.userId, x.scoreGiven, x.scoreMaximum])).toEqual([
      ['sub-s1', 7, 10],
      ['sub-s2', 11, 10],
    ]);
    expect(st.lineitems.map((l) => l.label)).toEqual(['ps1']);
    // Graded by hand later: sending again releases it.
    const again = await runExporter(s, 'gb = Gradebook([("ps1", 10.0, [submission("s3@uni.example", 5.0)])])\nx.LmsExporter(wait_seconds=30).export(gb)');
    expect(again.out).toContain('ps1: 1 queued\nAt the LMS: 3 sent.');
    expect((await s.state()).scores.map((x) => x.userId)).toEqual(['sub-s1', 'sub-s2', 'sub-s3']);
  });

  test('status and retry from the command line; a refusal ends the export with the reason and exit 1', async () => {
    s = await Scenario.start();
    for (const sub of ['sub-anna', 'sub-s1']) await s.launch('course-a', sub);
    await s.send(ANNA, 'ps1', [
      { student: 's1@uni.example', score: 3, maxScore: 10 },
      { student: 's9@uni.example', score: 12, maxScore: 10 },
    ]);
    await s.settled(ANNA, 'ps1');
    const st = await runExporter(s, 'import sys\nsys.exit(x.main(["status", "ps1"]))');
    expect(st.status).toBe(0);
    expect(st.out).toContain('LMS course "Intro A" (course-a): 1 refused, 1 sent.');
    expect(st.out).toMatch(/refused\s+ps1\s+s9@uni.example\s+12\/10\s*\n\s+the score 12 is above the maximum 10/);
    const retry = await runExporter(s, 'import sys\nsys.exit(x.main(["retry", "ps1"]))');
    expect(retry.out).toContain('0 scores queued again.');
    const student = await runExporter(s, 'gb = Gradebook([("ps1", 10.0, [submission("s1@uni.example", 1.0)])])\nx.LmsExporter(wait_seconds=0).export(gb)', 'tok-s1@uni.example');
    expect(student.status).toBe(1);
    expect(student.err).toMatch(/^Nothing was sent: the grade service refused: this token has no access to the grade service/);
    const unreachable = await runPy(`${STUBS}\nimport hubfleet_lms_grades as x, sys\nsys.exit(x.main(["status"]))`, [], { HUBFLEET_GRADES_URL: 'http://127.0.0.1:9/services/grades/', JUPYTERHUB_API_TOKEN: 'x' });
    expect(unreachable.status).toBe(1);
    expect(unreachable.err).toMatch(/the grade service at http:\/\/127.0.0.1:9\/services\/grades\/api\/status cannot be reached/);
  });
});

describe('the hub hook that reports launches', () => {
  let s: Scenario;
  afterEach(async () => {
    await s?.stop();
    s = undefined as unknown as Scenario;
  });

  const runHook = async (url: string, authentication: unknown) => {
    const program = `
import asyncio, json, logging, os, sys
logging.basicConfig(level=logging.WARNING, stream=sys.stdout, format="%(levelname)s %(message)s")
HUBFLEET_GRADES_LAUNCHES_URL = sys.argv[1]
exec(compile(open(sys.argv[2]).read(), sys.argv[2], "exec"))
class A:
    log = logging.getLogger("auth")
out = asyncio.run(hubfleet_grades_record_launch(A(), None, json.loads(sys.argv[3])))
print("RETURNED", json.dumps(out, sort_keys=True)[:80])
`;
    const r = await runPy(program, [url, HOOK, JSON.stringify(authentication)], { HUBFLEET_GRADES_TOKEN: SERVICE_TOKEN });
    if (r.status !== 0) throw new Error(r.out);
    return r.out;
  };

  test('sends the launch claims the service needs (nothing personal beyond sub); the service learns the instructor', async () => {
    s = await Scenario.start();
    const claims = await s.control('claims', { sub: 'sub-anna', context: 'course-a' });
    const out = await runHook(`${s.serviceUrl}api/launches`, { name: ANNA, auth_state: claims, admin: true });
    expect(out).toContain('RETURNED {"admin": true');
    expect((await s.status(ANNA)).status).toBe(200);
    // The claims it forwards are exactly those the service reads (lib/grades/service/hubfleet_grades/launches.py).
    const listed = (file: string, name: string) => {
      const text = fs.readFileSync(file, 'utf8');
      const block = new RegExp(`${name} = \\(([\\s\\S]*?)\\n\\)`).exec(text)![1];
      return [...block.matchAll(/"([^"]+)"|LTI \+ "([^"]+)"|(AGS)/g)].map((m) => m[1] ?? (m[2] ? `https://purl.imsglobal.org/spec/lti/claim/${m[2]}` : 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'));
    };
    expect(listed(HOOK, 'HUBFLEET_GRADES_CLAIMS')).toEqual(listed(path.join(ROOT, 'lib/grades/service/hubfleet_grades/launches.py'), 'FORWARDED_CLAIMS'));
  });

  test('a grade service that cannot be reached never stops the login: a warning, and the authentication is returned unchanged', async () => {
    const out = await runHook('http://127.0.0.1:9/services/grades/api/launches', { name: 'x@uni.example', auth_state: { sub: 'sub-x', iss: 'https://lms' } });
    expect(out).toMatch(/^WARNING grades: could not report the launch of x@uni.example to the grade service/m);
    expect(out).toContain('RETURNED {"auth_state": {"iss": "https://lms", "sub": "sub-x"}, "name": "x@uni.example"}');
    expect(await runHook('http://127.0.0.1:9/x', { name: 'y', auth_state: null })).toContain('RETURNED');
  });
});
