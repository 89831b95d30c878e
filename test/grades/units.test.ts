/** The grade service's small pieces, run by python3 (lib/grades/service/hubfleet_grades). */
import { runGradesPython } from './python';

const program = String.raw`
import json, sys
from hubfleet_grades import platform, launches, sender, settings as S
out = {}
out["next"] = [platform.next_link(h) for h in [
  '<https://lms.example/li?page=2>; rel="next"',
  '<https://lms.example/li?page=1>; rel="prev", <https://lms.example/li?page=3>; rel="next"',
  '<https://lms.example/li?page=9>; rel="last"',
  '<https://lms.example/a,b>; rel=next',
  '<https://lms.example/x>; rel="prev next"',
  '',
  None,
  'garbage',
]]
out["scores"] = [platform.scores_url(u) for u in [
  "https://lms.example/api/lti/courses/5/line_items/2",
  "https://lms.example/mod/lti/services.php/2/lineitems/7/lineitem?type_id=3",
  "https://lms.example/li/4/",
]]
out["roles"] = sorted(launches.context_role_names([
  "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
  "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
  "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
  "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
  "Learner",
  "urn:lti:role:ims/lis/Mentor",
]))
base = {"issuer": "https://moodle.example.org", "clientIds": ["c1"], "tokenUrl": "https://moodle.example.org/mod/lti/token.php", "firstRetrySeconds": 60, "maxRetrySeconds": 3600}
env = {"JUPYTERHUB_API_TOKEN": "t"}
st = S.from_dict(base, env)
out["allowed"] = [st.url_allowed(u) for u in [
  "https://moodle.example.org/mod/lti/services.php/2/lineitems",
  "https://MOODLE.example.org/x",
  "http://moodle.example.org/x",
  "https://moodle.example.org.evil.example/x",
  "https://evil.example/?h=moodle.example.org",
  "file:///etc/passwd",
]]
out["backoff"] = [round(sender.backoff(st, n) / 60, 2) for n in range(1, 10)]
errors = []
for bad in [{"issuer": ""}, {"tokenUrl": "http://moodle.example.org/token"}, {"tokenUrl": "https://elsewhere.example/token", "serviceHosts": ["moodle.example.org"]}, {"clientIds": []}, {"maxRetrySeconds": 1}, {"firstRetrySeconds": "soon"}]:
    try:
        S.from_dict({**base, **bad}, env)
        errors.append(None)
    except S.SettingsError as e:
        errors.append(str(e))
try:
    S.from_dict(base, {})
except S.SettingsError as e:
    errors.append(str(e))
out["settings"] = errors
out["scopes"] = [sorted(x.rsplit("/", 1)[1] for x in platform.needed_scopes(g)) for g in [
  [launches.SCOPE_LINEITEM, launches.SCOPE_SCORE, launches.SCOPE_LINEITEM_READONLY],
  [launches.SCOPE_LINEITEM_READONLY, launches.SCOPE_SCORE],
  [launches.SCOPE_LINEITEM],
  [],
]]
def parse(**kw):
    c = {"iss": "https://moodle.example.org", "aud": "c1", "sub": "42", launches.LTI + "deployment_id": "1", launches.LTI + "context": {"id": "7", "title": "Intro"}, launches.LTI + "roles": []}
    c.update(kw)
    try:
        l = launches.parse("u", {k: v for k, v in c.items() if v is not None}, "https://moodle.example.org", ("c1", "c2"))
        return [l.client_id, l.context_id, l.context_title, list(l.ags.__dict__.values()) if l.ags else None]
    except launches.LaunchError as e:
        return str(e)
out["parse"] = [
  parse(),
  parse(aud=["c2", "other"], azp="c2"),
  parse(aud=["c2", "other"]),
  parse(aud="c3"),
  parse(sub=""),
  parse(**{launches.LTI + "context": None}),
  parse(**{launches.AGS: {"scope": [launches.SCOPE_SCORE], "lineitems": "https://moodle.example.org/li"}}),
]
print(json.dumps(out))
`;

describe('grade service pieces', () => {
  const out = JSON.parse(runGradesPython(program));

  test('follows Link rel="next" (RFC 8288), with several links, commas in URLs and rel lists', () => {
    expect(out.next).toEqual(['https://lms.example/li?page=2', 'https://lms.example/li?page=3', null, 'https://lms.example/a,b', 'https://lms.example/x', null, null, null]);
  });

  test('the scores URL is the line item URL with /scores on its path, the query kept (AGS 2.0 §3.4)', () => {
    expect(out.scores).toEqual([
      'https://lms.example/api/lti/courses/5/line_items/2/scores',
      'https://lms.example/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=3',
      'https://lms.example/li/4/scores',
    ]);
  });

  test('only context roles count (membership vocabulary and bare names), never institution or system roles', () => {
    expect(out.roles).toEqual(['Instructor', 'Learner', 'TeachingAssistant']);
  });

  test('the platform token goes only to https URLs on the allowed hosts', () => {
    expect(out.allowed).toEqual([true, true, false, false, false, false]);
  });

  test('backoff doubles from the first delay (±10 %) and stops at the maximum', () => {
    const expected = [1, 2, 4, 8, 16, 32, 60, 60, 60];
    out.backoff.forEach((b: number, i: number) => {
      expect(b).toBeGreaterThanOrEqual(Math.min(60, expected[i] * 0.9) - 0.01);
      expect(b).toBeLessThanOrEqual(Math.min(60, expected[i] * 1.1) + 0.01);
    });
  });

  test('settings that cannot work are refused with the field and the reason', () => {
    expect(out.settings).toEqual([
      "settings field 'issuer' (the platform's issuer) is missing",
      "tokenUrl 'http://moodle.example.org/token' must be https on one of the service hosts ['moodle.example.org']",
      "tokenUrl 'https://elsewhere.example/token' must be https on one of the service hosts ['moodle.example.org']",
      "settings field 'clientIds' must be a non-empty list of strings, not []",
      'maxRetrySeconds must be at least firstRetrySeconds',
      "settings field 'firstRetrySeconds' must be a number >= 0.01, not 'soon'",
      'JUPYTERHUB_API_TOKEN is empty: the service needs its hub API token (Secret hub-generated)',
    ]);
  });

  test('asks for the score scope and the strongest line item scope granted; nothing without score', () => {
    expect(out.scopes).toEqual([['lineitem', 'score'], ['lineitem.readonly', 'score'], [], []]);
  });

  test('reads a launch: client id from azp or a single aud; refuses foreign clients, empty subs, launches without a course', () => {
    expect(out.parse).toEqual([
      ['c1', '7', 'Intro', null],
      ['c2', '7', 'Intro', null],
      "client id None is not one of this tool's (c1, c2)",
      "client id 'c3' is not one of this tool's (c1, c2)",
      'claim sub is empty',
      'the launch has no LTI context (it did not come from a course)',
      ['c1', '7', 'Intro', ['https://moodle.example.org/li', '', ['https://purl.imsglobal.org/spec/lti-ags/scope/score']]],
    ]);
  });
});
