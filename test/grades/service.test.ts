/**
 * The grade service (lib/grades/service) against the stand-in LTI 1.3 platform
 * (test/grades/platform/lti_platform.py): launches learned, scores sent for exactly the right subs,
 * idempotence, paging, and the bad inputs (a score above the maximum, an unknown student, a
 * platform answering 500 or not at all, a student's token, an instructor of another course), each
 * with what the instructor sees and that nothing is lost.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PEOPLE, Scenario, SERVICE_TOKEN } from './scenario';

jest.setTimeout(120000);

const ANNA = PEOPLE['course-a'].members['sub-anna'].username;
const BERT = PEOPLE['course-b'].members['sub-bert'].username;
const S1 = PEOPLE['course-a'].members['sub-s1'].username;
const S2 = PEOPLE['course-a'].members['sub-s2'].username;
const S3 = PEOPLE['course-a'].members['sub-s3'].username;
const TOM = PEOPLE['course-a'].members['sub-tom'].username;

async function launchCourseA(s: Scenario, subs = ['sub-anna', 'sub-s1', 'sub-s2']) {
  for (const sub of subs) expect((await s.launch('course-a', sub)).status).toBe(200);
}

const byUser = (rows: any[]) => Object.fromEntries(rows.map((r) => [r.student, r]));

describe('grade service against the stand-in platform', () => {
  let s: Scenario;
  afterEach(async () => {
    await s?.stop();
  });

  test('publishes its key set at a stable URL; the key is made once, kept 0600 on its volume and survives a restart', async () => {
    s = await Scenario.start();
    const first = await s.call('GET', '.well-known/jwks.json', undefined);
    expect(first.status).toBe(200);
    expect(first.body.keys).toHaveLength(1);
    const [k] = first.body.keys;
    expect(k).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    // 3072-bit modulus, base64url without padding.
    expect(Buffer.from(k.n, 'base64url').length).toBe(384);
    expect(k).not.toHaveProperty('d');
    const keyFile = path.join(s.dir, 'tool-key.pem');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    await s.stopService();
    await s.startService();
    const again = await s.call('GET', '.well-known/jwks.json', undefined);
    expect(again.body.keys[0].kid).toBe(k.kid);
    expect(again.body.keys[0].n).toBe(k.n);
  });

  test('instructor and students launch; the scores reach the platform for exactly the right subs, as AGS scores', async () => {
    s = await Scenario.start();
    await launchCourseA(s);
    const sent = await s.send(ANNA, 'ps1', [
      { student: S1, score: 7, maxScore: 10 },
      { student: S2, score: 9.5, maxScore: 10 },
    ]);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ context: 'course-a', title: 'Intro A' });
    expect(sent.body.assignments[0].rows.map((r: any) => r.outcome)).toEqual(['queued', 'queued']);
    const rows = byUser(await s.settled(ANNA, 'ps1'));
    expect(rows[S1]).toMatchObject({ state: 'sent', scoreGiven: 7, scoreMaximum: 10, attempts: 1 });
    expect(rows[S2]).toMatchObject({ state: 'sent', scoreGiven: 9.5 });
    const st = await s.state();
    expect(st.lineitems).toEqual([{ id: expect.stringMatching(/\/contexts\/course-a\/lineitems\/\d+$/), label: 'ps1', scoreMaximum: 10, resourceId: 'nbgrader:ps1', tag: 'nbgrader', context: 'course-a' }]);
    expect(st.scores.map((x) => [x.userId, x.scoreGiven, x.scoreMaximum])).toEqual([
      ['sub-s1', 7, 10],
      ['sub-s2', 9.5, 10],
    ]);
    for (const x of st.scores) {
      expect(x).toMatchObject({ activityProgress: 'Completed', gradingProgress: 'FullyGraded', lineitem: st.lineitems[0].id });
      expect(new Date(x.timestamp).toISOString()).toBeTruthy();
      expect(x.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    }
    // One token for the context's scopes, reused for both scores.
    expect(st.tokens).toBe(1);
    expect(st.refusals).toEqual([]);
  });

  test('sending the same scores twice changes nothing; a changed score supersedes the old one and is sent once', async () => {
    s = await Scenario.start();
    await launchCourseA(s);
    const rows = [
      { student: S1, score: 7, maxScore: 10 },
      { student: S2, score: 8, maxScore: 10 },
    ];
    await s.send(ANNA, 'ps1', rows);
    await s.settled(ANNA, 'ps1');
    const again = await s.send(ANNA, 'ps1', rows);
    expect(again.body.assignments[0].rows.map((r: any) => [r.outcome, r.state])).toEqual([
      ['unchanged', 'sent'],
      ['unchanged', 'sent'],
    ]);
    const changed = await s.send(ANNA, 'ps1', [{ student: S1, score: 8.5, maxScore: 10 }, rows[1]]);
    expect(changed.body.assignments[0].rows.map((r: any) => r.outcome)).toEqual(['queued', 'unchanged']);
    await s.until('the new score at the platform', () => s.state(), (st) => st.scores.length === 3);
    const final = byUser(await s.settled(ANNA, 'ps1'));
    expect(final[S1]).toMatchObject({ state: 'sent', scoreGiven: 8.5 });
    const st = await s.state();
    expect(st.scores.map((x) => [x.userId, x.scoreGiven])).toEqual([
      ['sub-s1', 7],
      ['sub-s2', 8],
      ['sub-s1', 8.5],
    ]);
    expect(st.lineitems).toHaveLength(1);
    expect(st.results.find((r) => r.userId === 'sub-s1').scoreGiven).toBe(8.5);
  });

  test.each([
    ['a list, paged by Link rel="next", filters ignored by the platform', { containerMode: 'list', pageSize: 1, ignoreFilters: true }],
    ['a single object when one item matches', { containerMode: 'object', pageSize: 5, ignoreFilters: false }],
  ])('finds the existing line item of an assignment (container answered as %s) instead of creating a second', async (_what, platform) => {
    s = await Scenario.start({ platform });
    for (const label of ['Quiz 1', 'Quiz 2', 'Quiz 3']) await s.control('lineitem', { context: 'course-a', label, scoreMaximum: 5, resourceId: `other-tool-${label}` });
    const existing = await s.control('lineitem', { context: 'course-a', label: 'Problem set 2', scoreMaximum: 20, resourceId: 'nbgrader:ps2', tag: 'nbgrader' });
    await launchCourseA(s);
    await s.send(ANNA, 'ps2', [{ student: S1, score: 15, maxScore: 20 }]);
    expect(byUser(await s.settled(ANNA, 'ps2'))[S1].state).toBe('sent');
    const st = await s.state();
    expect(st.lineitems).toHaveLength(4);
    expect(st.scores).toEqual([expect.objectContaining({ userId: 'sub-s1', lineitem: existing.id, scoreGiven: 15 })]);
    if (platform.pageSize === 1) {
      // It followed the pages up to the fourth item.
      expect(st.requests.filter(([m, p]) => m === 'GET' && p.endsWith('/lineitems')).length).toBe(4);
    }
  });

  test('a score above the maximum is refused and kept for the instructor to fix; extra credit above the maximum is sent (AGS allows it)', async () => {
    s = await Scenario.start();
    await launchCourseA(s);
    const r = await s.send(ANNA, 'ps1', [
      { student: S1, score: 12, maxScore: 10 },
      { student: S2, score: 11, maxScore: 10, extraCredit: 2 },
    ]);
    const [over, credit] = r.body.assignments[0].rows;
    expect(over).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('the score 12 is above the maximum 10') });
    expect(credit.outcome).toBe('queued');
    await s.until('the extra-credit score at the platform', () => s.state(), (st) => st.scores.length === 1);
    let rows = byUser((await s.status(ANNA, '?assignment=ps1')).body.scores);
    expect(rows[S1]).toMatchObject({ state: 'refused', scoreGiven: 12, scoreMaximum: 10 });
    expect(rows[S2]).toMatchObject({ state: 'sent', scoreGiven: 11 });
    expect((await s.state()).scores).toEqual([expect.objectContaining({ userId: 'sub-s2', scoreGiven: 11, scoreMaximum: 10 })]);
    // The instructor fixes the gradebook and sends again: the corrected score goes out.
    await s.send(ANNA, 'ps1', [{ student: S1, score: 10, maxScore: 10 }]);
    rows = byUser(await s.settled(ANNA, 'ps1'));
    expect(rows[S1]).toMatchObject({ state: 'sent', scoreGiven: 10 });
    for (const bad of [{ score: -1 }, { score: 'nine' }, { score: null }, { maxScore: 0 }]) {
      const out = await s.send(ANNA, 'ps1', [{ student: S2, score: 5, maxScore: 10, ...bad }]);
      expect(out.body.assignments[0].rows[0].outcome).toBe('refused');
    }
  });

  test('an unknown student (never launched from the course) is held, and sent to their sub as soon as they launch', async () => {
    s = await Scenario.start();
    await launchCourseA(s);
    const r = await s.send(ANNA, 'ps1', [
      { student: S1, score: 6, maxScore: 10 },
      { student: S3, score: 4, maxScore: 10 },
      { student: 'nobody@uni.example', score: 3, maxScore: 10 },
    ]);
    expect(r.body.assignments[0].rows.map((x: any) => x.outcome)).toEqual(['queued', 'held', 'held']);
    expect(r.body.assignments[0].rows[1].reason).toMatch(/^unknown-student: s3@uni.example has not opened the hub from this LMS course as a student/);
    let rows = byUser(await s.settled(ANNA, 'ps1'));
    expect(rows[S3]).toMatchObject({ state: 'held', scoreGiven: 4 });
    expect((await s.state()).scores.map((x) => x.userId)).toEqual(['sub-s1']);
    expect((await s.launch('course-a', 'sub-s3')).body.released).toBe(1);
    rows = byUser(await s.settled(ANNA, 'ps1'));
    expect(rows[S3]).toMatchObject({ state: 'sent' });
    expect(rows['nobody@uni.example']).toMatchObject({ state: 'held' });
    expect((await s.state()).scores.map((x) => [x.userId, x.scoreGiven])).toEqual([
      ['sub-s1', 6],
      ['sub-s3', 4],
    ]);
  });

  test('a platform answering 500 keeps the scores queued with the reason and retries with doubling delays until it answers; a restart loses nothing', async () => {
    s = await Scenario.start();
    await launchCourseA(s);
    await s.control('config', { faults: { scores: { status: 500, times: 1000 } } });
    await s.send(ANNA, 'ps1', [{ student: S1, score: 7, maxScore: 10 }]);
    const seen = await s.until(
      'three failed attempts',
      () => s.status(ANNA, '?assignment=ps1&history=1'),
      (x) => x.body.scores[0].attempts >= 3,
    );
    const row = seen.body.scores[0];
    expect(row.state).toBe('queued');
    expect(row.reason).toMatch(/answered 500 .*injected fault/);
    const delays = row.history.filter((h: any) => h.outcome === 'retry').map((h: any) => h.retryInSeconds);
    // firstRetrySeconds 0.2, doubling, ±10 %, capped at maxRetrySeconds 1.6.
    [0.2, 0.4, 0.8].forEach((d, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(d * 0.9 - 1e-9);
      expect(delays[i]).toBeLessThanOrEqual(d * 1.1 + 1e-9);
    });
    await s.until('attempts past the cap', () => s.status(ANNA, '?assignment=ps1&history=1'), (x) => x.body.scores[0].attempts >= 6);
    const capped = (await s.status(ANNA, '?assignment=ps1&history=1')).body.scores[0].history.map((h: any) => h.retryInSeconds);
    expect(Math.max(...capped)).toBeLessThanOrEqual(1.6 + 1e-9);
    // The service restarts while the platform is still failing: the score is still there.
    await s.stopService();
    await s.startService();
    expect((await s.status(ANNA, '?assignment=ps1')).body.scores[0]).toMatchObject({ state: 'queued', scoreGiven: 7 });
    await s.control('config', { faults: { scores: { status: 500, times: 0 } } });
    expect(byUser(await s.settled(ANNA, 'ps1'))[S1].state).toBe('sent');
    expect((await s.state()).results).toEqual([expect.objectContaining({ userId: 'sub-s1', scoreGiven: 7 })]);
  });

  test('a platform that does not answer (token endpoint hangs past the timeout) is retried; the instructor sees "no answer"', async () => {
    s = await Scenario.start();
    await launchCourseA(s);
    await s.control('config', { faults: { token: { hang: true, seconds: 30, times: 1 } } });
    await s.send(ANNA, 'ps1', [{ student: S2, score: 3, maxScore: 10 }]);
    const failed = await s.until('a timed-out attempt', () => s.status(ANNA, '?assignment=ps1&history=1'), (x) => x.body.scores[0].attempts >= 1);
    expect(failed.body.scores[0].history[0]).toMatchObject({ outcome: 'retry', detail: expect.stringMatching(/^no answer from http:\/\/127\.0\.0\.1:\d+\/token \(Timeout/) });
    expect(byUser(await s.settled(ANNA, 'ps1'))[S2]).toMatchObject({ state: 'sent', attempts: 2 });
  });

  test('a score the platform refuses (4xx) is rejected with its answer, not retried, and goes out when sent again', async () => {
    s = await Scenario.start();
    await launchCourseA(s);
    // The student left the LMS course after launching: the platform refuses their score.
    const contexts = JSON.parse(fs.readFileSync(path.join(s.dir, 'platform.json'), 'utf8')).contexts;
    const without = JSON.parse(JSON.stringify(contexts));
    delete without['course-a'].members['sub-s2'];
    await s.control('config', { contexts: without });
    await s.send(ANNA, 'ps1', [{ student: S2, score: 5, maxScore: 10 }]);
    const [row] = await s.settled(ANNA, 'ps1');
    expect(row).toMatchObject({ state: 'rejected', attempts: 1, reason: expect.stringMatching(/answered 400 .*user sub-s2 is not a member of course-a/) });
    await s.control('config', { contexts });
    const again = await s.send(ANNA, 'ps1', [{ student: S2, score: 5, maxScore: 10 }]);
    expect(again.body.assignments[0].rows[0].outcome).toBe('requeued');
    expect((await s.settled(ANNA, 'ps1'))[0]).toMatchObject({ state: 'sent', attempts: 2 });
  });

  test('an LMS not set up for grades (no score scope) holds the scores with what to enable; the next launch with the scope releases them', async () => {
    s = await Scenario.start({ platform: { grantedScopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly'] } });
    await launchCourseA(s);
    await s.send(ANNA, 'ps1', [{ student: S1, score: 3, maxScore: 4 }]);
    const [held] = await s.settled(ANNA, 'ps1');
    expect(held).toMatchObject({ state: 'held', reason: expect.stringMatching(/^lms-setup: the LMS did not grant this tool the score scope: .*use this service for grade sync and column management/) });
    expect((await s.state()).tokens).toBe(0);
    // The LMS admin enables the service; the instructor opens the hub from the course again.
    await s.control('config', { grantedScopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'] });
    expect((await s.launch('course-a', 'sub-anna')).body.released).toBe(1);
    expect((await s.settled(ANNA, 'ps1'))[0]).toMatchObject({ state: 'sent' });
    expect((await s.state()).scores.map((x) => [x.userId, x.scoreGiven])).toEqual([['sub-s1', 3]]);
  });

  test("a student's token is refused, with or without the hub scope; so is a token the hub does not know", async () => {
    s = await Scenario.start();
    await launchCourseA(s);
    const noScope = await s.send(S1, 'ps1', [{ student: S1, score: 10, maxScore: 10 }]);
    expect(noScope.status).toBe(403);
    expect(noScope.body.error).toMatch(/no access to the grade service \(scope access:services!service=grades\)/);
    s.hub.tokens.set('tok-s1-scoped', { name: S1, scopes: ['access:services'] });
    const scoped = await s.call('POST', 'api/scores', 'tok-s1-scoped', { assignments: [{ name: 'ps1', rows: [{ student: S1, score: 10, maxScore: 10 }] }] });
    expect(scoped.status).toBe(403);
    expect(scoped.body.error).toMatch(/has not opened this hub from an LMS course with a role that may send grades/);
    expect((await s.call('GET', 'api/status', 'tok-s1-scoped')).status).toBe(403);
    expect((await s.call('POST', 'api/scores', 'forged', {})).status).toBe(401);
    expect((await s.call('POST', 'api/scores', undefined, {})).status).toBe(401);
    expect((await s.state()).scores).toEqual([]);
  });

  test('an instructor of another course is refused for this course, and their scores never reach students of another course', async () => {
    s = await Scenario.start();
    await launchCourseA(s);
    expect((await s.launch('course-b', 'sub-bert')).status).toBe(200);
    const foreign = await s.send(BERT, 'ps1', [{ student: S1, score: 0, maxScore: 10 }], { context: 'course-a' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toBe("bert@uni.example does not teach the LMS course 'course-a' on this hub");
    expect((await s.status(BERT, '?context=course-a')).status).toBe(403);
    // In his own course, a student of course A is unknown: held, never sent.
    const own = await s.send(BERT, 'ps1', [{ student: S1, score: 0, maxScore: 10 }]);
    expect(own.body).toMatchObject({ context: 'course-b' });
    expect(own.body.assignments[0].rows[0].outcome).toBe('held');
    // Anna sees only course A's rows (she taught both: she must say which).
    expect((await s.launch('course-b', 'sub-anna')).status).toBe(200);
    const ambiguous = await s.status(ANNA);
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body.courses.map((c: any) => c.context).sort()).toEqual(['course-a', 'course-b']);
    expect((await s.status(ANNA, '?context=course-a')).body.scores).toEqual([]);
    expect((await s.state()).scores).toEqual([]);
  });

  test('a teaching assistant (membership/Instructor#TeachingAssistant) may send; the launch endpoint takes only the hub', async () => {
    s = await Scenario.start();
    await launchCourseA(s, ['sub-tom', 'sub-s1']);
    expect((await s.send(TOM, 'ps1', [{ student: S1, score: 1, maxScore: 1 }])).status).toBe(200);
    expect((await s.settled(TOM, 'ps1'))[0].state).toBe('sent');
    const claims = await s.control('claims', { sub: 'sub-s2', context: 'course-a' });
    expect((await s.call('POST', 'api/launches', `tok-${ANNA}`, { username: S2, claims })).status).toBe(403);
    const foreignIssuer = await s.call('POST', 'api/launches', SERVICE_TOKEN, { username: S2, claims: { ...claims, iss: 'https://evil.example' } });
    expect(foreignIssuer).toEqual({ status: 422, body: { error: "issuer 'https://evil.example' is not the platform this hub trusts ('" + s.platformUrl + "')" } });
    const noContext = { ...claims };
    delete noContext['https://purl.imsglobal.org/spec/lti/claim/context'];
    expect((await s.call('POST', 'api/launches', SERVICE_TOKEN, { username: S2, claims: noContext })).status).toBe(422);
  });

  test('catches up from the hub: launches found only in users\' auth_state (paged user list) are learned', async () => {
    s = await Scenario.start({ settings: { syncSeconds: 0.3 } });
    for (const sub of ['sub-anna', 'sub-s1', 'sub-s2']) await s.authStateOnly('course-a', sub);
    s.hub.authStates.set('no-lti-user', { oauth_user: {} });
    // Users are read in name order: the student may still be unknown when the instructor is known
    // (held), and is released as soon as the catch-up reaches them.
    const r = await s.until('the instructor learned from auth_state', () => s.send(ANNA, 'ps1', [{ student: S2, score: 2, maxScore: 2 }]), (x) => x.status === 200);
    expect(['queued', 'held']).toContain(r.body.assignments[0].rows[0].outcome);
    await s.until('the score sent', () => s.status(ANNA, '?assignment=ps1'), (x) => x.body.scores[0]?.state === 'sent');
    expect((await s.state()).scores.map((x) => x.userId)).toEqual(['sub-s2']);
    // It read the users page by page, with its own token.
    expect(s.hub.requests.filter((x) => x.startsWith('GET /hub/api/users?')).length).toBeGreaterThanOrEqual(2);
  });
});
