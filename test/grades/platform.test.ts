/**
 * The stand-in platform checks what a platform must (so the service tests prove something): the
 * client assertion against the tool's key set (IMS Security Framework 1.0 §4.1, RFC 7523 §3),
 * scopes per AGS endpoint (AGS 2.0 §3.2, §3.4; RFC 6750 §3.1), media types. A tampered assertion
 * is refused; so is the service when the platform holds another key for it, which the instructor
 * sees in the score's reason.
 */
import * as path from 'path';
import { runGradesPython } from './python';
import { CLIENT_ID, PEOPLE, Scenario } from './scenario';

jest.setTimeout(120000);

/** Client assertions signed with the scenario's tool key, correct and broken in named ways. */
function assertions(s: Scenario): Record<string, string> {
  const program = `
import json, sys, time, jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from hubfleet_grades import keys
key = keys.load_or_create(sys.argv[1])
client, aud = sys.argv[2], sys.argv[3]
kid = keys.public_jwk(key)["kid"]
now = time.time()
def claims(**kw):
    c = {"iss": client, "sub": client, "aud": aud, "iat": int(now), "exp": int(now) + 300, "jti": kw.pop("jti", "j-%f" % time.time())}
    c.update(kw)
    return {k: v for k, v in c.items() if v is not None}
def sign(c, k=key, headers=None, alg="RS256"):
    return jwt.encode(c, k, algorithm=alg, headers=headers if headers is not None else {"kid": kid})
other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
valid = keys.client_assertion(key, client, aud, now)
h, p, sig = valid.split(".")
forged_payload = jwt.utils.base64url_encode(json.dumps({**jwt.decode(valid, options={"verify_signature": False}), "sub": "someone-else"}).encode()).decode()
print(json.dumps({
  "valid": valid,
  "tampered": ".".join([h, forged_payload, sig]),
  "wrongAudience": sign(claims(aud="https://elsewhere.example/token")),
  "wrongIssuer": sign(claims(iss="another-tool", sub="another-tool")),
  "expired": sign(claims(iat=int(now) - 1000, exp=int(now) - 600)),
  "noJti": sign(claims(jti=None)),
  "longLived": sign(claims(exp=int(now) + 7200)),
  "otherKeySameKid": sign(claims(), k=other),
  "unknownKid": sign(claims(), k=other, headers={"kid": "nope"}),
  "hs256": sign(claims(), k="not-a-key-but-a-shared-secret", alg="HS256"),
  "replay": valid,
}))
`;
  return JSON.parse(runGradesPython(program, [path.join(s.dir, 'tool-key.pem'), CLIENT_ID, `${s.platformUrl}/token`]));
}

async function tokenRequest(s: Scenario, assertion: string, scope = 'https://purl.imsglobal.org/spec/lti-ags/scope/score') {
  const r = await fetch(`${s.platformUrl}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion, scope }).toString(),
  });
  return { status: r.status, body: (await r.json()) as any };
}

describe('stand-in LTI 1.3 platform', () => {
  let s: Scenario;
  afterEach(async () => {
    await s?.stop();
  });

  test('grants a token for an assertion signed with the key in the tool key set, and refuses tampered, misaddressed, expired, replayed or foreign-key ones', async () => {
    s = await Scenario.start();
    const a = assertions(s);
    const ok = await tokenRequest(s, a.valid);
    expect(ok).toMatchObject({ status: 200, body: { token_type: 'Bearer', expires_in: 3600, scope: 'https://purl.imsglobal.org/spec/lti-ags/scope/score' } });
    const refused: Record<string, [number, string, RegExp]> = {
      tampered: [401, 'invalid_client', /does not verify: Signature verification failed/],
      wrongAudience: [401, 'invalid_client', /does not verify: .*[Aa]udience/],
      wrongIssuer: [401, 'invalid_client', /iss and sub must be the client id/],
      expired: [401, 'invalid_client', /does not verify: Signature has expired/],
      noJti: [401, 'invalid_client', /does not verify: .*jti/],
      longLived: [401, 'invalid_client', /lives longer than an hour/],
      otherKeySameKid: [401, 'invalid_client', /Signature verification failed/],
      unknownKid: [401, 'invalid_client', /no key 'nope' in the tool's key set/],
      hs256: [401, 'invalid_client', /alg HS256 is not RS256/],
      replay: [401, 'invalid_grant', /was used before \(replay\)/],
    };
    for (const [name, [status, error, why]] of Object.entries(refused)) {
      const r = await tokenRequest(s, a[name]);
      expect({ name, status: r.status, error: r.body.error }).toEqual({ name, status, error });
      expect(r.body.error_description).toMatch(why);
    }
    const unknownScope = await tokenRequest(s, assertions(s).valid, 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly');
    expect(unknownScope).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
  });

  test('checks scopes per endpoint and media types (AGS 2.0 §3.2, §3.4)', async () => {
    s = await Scenario.start();
    const scoreOnly = (await tokenRequest(s, assertions(s).valid)).body.access_token;
    const container = `${s.platformUrl}/contexts/course-a/lineitems`;
    const list = await fetch(container, { headers: { Authorization: `Bearer ${scoreOnly}` } });
    expect(list.status).toBe(403);
    expect(list.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope"');
    expect((await fetch(container)).status).toBe(401);
    const full = (await tokenRequest(s, assertions(s).valid, 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem https://purl.imsglobal.org/spec/lti-ags/scope/score')).body.access_token;
    const wrongType = await fetch(container, { method: 'POST', headers: { Authorization: `Bearer ${full}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ label: 'x', scoreMaximum: 1 }) });
    expect(wrongType.status).toBe(415);
    const created = await fetch(container, { method: 'POST', headers: { Authorization: `Bearer ${full}`, 'Content-Type': 'application/vnd.ims.lis.v2.lineitem+json' }, body: JSON.stringify({ label: 'x', scoreMaximum: 1 }) });
    expect(created.status).toBe(201);
    const item = (await created.json()) as { id: string };
    const score = await fetch(`${item.id}/scores`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${full}`, 'Content-Type': 'application/vnd.ims.lis.v1.score+json' },
      body: JSON.stringify({ userId: 'sub-s1', scoreGiven: 1, scoreMaximum: 1, timestamp: '2025-01-01T00:00:00.000000+00:00', activityProgress: 'Completed', gradingProgress: 'FullyGraded' }),
    });
    expect(score.status).toBe(200);
    const older = await fetch(`${item.id}/scores`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${full}`, 'Content-Type': 'application/vnd.ims.lis.v1.score+json' },
      body: JSON.stringify({ userId: 'sub-s1', scoreGiven: 0, scoreMaximum: 1, timestamp: '2024-12-31T00:00:00.000000+00:00', activityProgress: 'Completed', gradingProgress: 'FullyGraded' }),
    });
    expect(older.status).toBe(409);
  });

  test('when the platform holds another key for the tool, the service is refused a token and the instructor sees why; nothing is lost', async () => {
    s = await Scenario.start();
    for (const sub of ['sub-anna', 'sub-s1']) await s.launch('course-a', sub);
    // The LMS admin registered the wrong key set URL (here: the platform's own keys).
    await s.control('config', { tool: { clientId: CLIENT_ID, deploymentId: 'deployment-1', jwksUrl: `${s.platformUrl}/jwks`, loginUrl: '', redirectUris: [] } });
    const anna = PEOPLE['course-a'].members['sub-anna'].username;
    await s.send(anna, 'ps1', [{ student: PEOPLE['course-a'].members['sub-s1'].username, score: 4, maxScore: 5 }]);
    const seen = await s.until('a refused token request', () => s.status(anna, '?assignment=ps1'), (x) => x.body.scores[0].attempts >= 1);
    expect(seen.body.scores[0]).toMatchObject({ state: 'queued', reason: expect.stringMatching(/\/token answered 401 .*no key '[^']+' in the tool's key set/) });
    expect((await s.state()).scores).toEqual([]);
    // The admin fixes the registration: the queued score goes out.
    await s.control('config', { tool: { clientId: CLIENT_ID, deploymentId: 'deployment-1', jwksUrl: `${s.serviceUrl}.well-known/jwks.json`, loginUrl: '', redirectUris: [] } });
    expect((await s.settled(anna, 'ps1'))[0].state).toBe('sent');
  });
});
