import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli/main';
import { writeClusterFiles } from '../../lib/fleet/output';
import { canvasConfigJson, configTrait, parsePyLiteral, urlPathJoin } from '../../lib/report/lti';
import { writeReport } from '../../lib/report/write';
import { reportApp, reportHtml } from './fixtures';

const APPS = path.join(__dirname, '..', '..', 'apps', 'index.ts');
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('the LTI facts', () => {
  test('the Canvas JSON is byte for byte what ltiauthenticator 1.6.3 serves at /hub/lti13/config', () => {
    // The fixtures are the bodies LTI13ConfigHandler (ltiauthenticator/lti13/handlers.py) returned when run
    // in JupyterHub 5.5.0 with uri_scheme "https", for the hub's host, at base_url "/" and "/algo/".
    expect(canvasConfigJson('https://intro-programming.teaching.example-university.ch/')).toBe(fixture('lti13-config.intro-programming.json'));
    expect(canvasConfigJson('https://algo.example.org/algo/')).toBe(fixture('lti13-config.base-path.json'));
  });
  test('url_path_join as jupyterhub.utils has it', () => {
    expect(urlPathJoin('https://h', '/hub/')).toBe('https://h/hub/');
    expect(urlPathJoin('https://h/hub/', 'lti13', 'oauth_login')).toBe('https://h/hub/lti13/oauth_login');
    expect(urlPathJoin('/a/', '/b')).toBe('/a/b');
  });
  test('reads the traits of the rendered jupyterhub_config.py', () => {
    expect(parsePyLiteral('{"b", "a\\"q"}')).toEqual(['b', 'a"q']);
    expect(parsePyLiteral('True')).toBe(true);
    const cfg = 'c.LTI13Authenticator.client_id = {"x"}\nc.LTI13Authenticator.client_id = {"y", "z"}\n';
    expect(configTrait(cfg, 'LTI13Authenticator', 'client_id')).toEqual(['y', 'z']);
    expect(configTrait(cfg, 'LTI13Authenticator', 'issuer')).toBeUndefined();
  });
});

describe('the report', () => {
  const html = reportHtml();
  test('is deterministic and self-contained: same bytes twice, no script, no external resource, no timestamp', () => {
    expect(reportHtml()).toBe(html);
    expect(html).not.toMatch(/<script|<link |src="http|@import/);
    expect(html).not.toMatch(/20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/);
  });
  test('escapes what it shows', () => {
    expect(html).not.toContain('Intro <b>');
  });
  test('has the registration sheet with the client IDs the hub accepts and what to set for keys', () => {
    expect(html).toMatch(/<dt>Client ID<\/dt><dd><code>Client-A1<\/code>, <code>Client-B2<\/code>/);
    expect(html).toContain('https://intro.hubs.example.org/hub/lti13/oauth_login');
    expect(html).toContain('https://intro.hubs.example.org/hub/lti13/oauth_callback');
    expect(html).toMatch(/<dt>Public keyset<\/dt><dd>leave empty: ltiauthenticator 1\.6\.3 has no key pair and serves no keyset/);
    // A Moodle hub's sheet is Moodle's only (the Canvas developer key is a Canvas hub's: test/report/canvas.test.ts).
    expect(html).not.toContain('class="canvas-json"');
  });
  test('a hub with grades: the sheet gives the grade service\'s key set and the services to enable; Canvas gets public_jwk_url and the AGS scopes', () => {
    const g = reportHtml(reportApp({ grades: true }));
    const sheet = g.slice(g.indexOf('id="lti-algo"'));
    expect(sheet).toMatch(/<dt>Public keyset<\/dt><dd><a href="https:\/\/algo\.[^"]+\/services\/grades\/\.well-known\/jwks\.json">/);
    expect(sheet).toMatch(/<dt>Services: IMS LTI Assignment and Grade Services<\/dt><dd><strong>Use this service for grade sync and column management<\/strong>/);
    expect(sheet).toContain('access token URL https://moodle.example.org/mod/lti/token.php');
    // A Moodle hub's sheet is Moodle's only; the Canvas developer key is a Canvas hub's.
    expect(sheet).not.toContain('public_jwk_url');
    const c = reportHtml(reportApp({ grades: true, gradesLms: 'canvas' }));
    const canvas = c.slice(c.indexOf('id="lti-algo"'));
    expect(canvas).toMatch(/&quot;public_jwk_url&quot;: &quot;https:\/\/algo\.[^&]+\/services\/grades\/\.well-known\/jwks\.json&quot;/);
    expect(canvas).toContain('https://purl.imsglobal.org/spec/lti-ags/scope/score');
    // The hub without grades keeps its sheet.
    const intro = g.slice(g.indexOf('id="lti-intro"'), g.indexOf('id="lti-algo"') > g.indexOf('id="lti-intro"') ? g.indexOf('id="lti-algo"') : undefined);
    expect(intro).toMatch(/<dt>Public keyset<\/dt><dd>leave empty/);
    expect(intro).not.toContain('public_jwk_url');
  });
  test('has the exams and their overlap', () => {
    expect(html).toContain('id="exam-timeline"');
    expect(html).toMatch(/data-exam="math"/);
    expect(html).toMatch(/2026-02-10T10:00Z – 2026-02-10T11:00Z<\/td><td>math \+ physics/);
  });
});

describe('hubfleet report and synth keep each other\'s output', () => {
  let out: string;
  beforeEach(() => (out = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-report-'))));
  afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

  test('report writes <out>/<cluster>/report/index.html for both examples and touches nothing else', async () => {
    fs.mkdirSync(path.join(out, 'eth-teaching'), { recursive: true });
    fs.writeFileSync(path.join(out, 'eth-teaching', 'inventory.json'), '{}');
    const r = await run('report', '--out', out, '--app', APPS);
    expect(r.code).toBe(0);
    for (const c of ['eth-teaching', 'e2x']) expect(fs.readFileSync(path.join(out, c, 'report', 'index.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(fs.readFileSync(path.join(out, 'eth-teaching', 'inventory.json'), 'utf8')).toBe('{}');
    expect(fs.readdirSync(path.join(out, 'eth-teaching')).sort()).toEqual(['inventory.json', 'report']);
  });
  test('synth replaces the cluster folder but keeps report/; report replaces only report/', () => {
    writeClusterFiles(out, 'c1', new Map([['inventory.json', 'v1'], ['k8s/a.yaml', 'a']]));
    writeReport(out, 'c1', new Map([['index.html', 'report 1']]));
    writeClusterFiles(out, 'c1', new Map([['inventory.json', 'v2']]));
    expect(fs.readFileSync(path.join(out, 'c1', 'report', 'index.html'), 'utf8')).toBe('report 1');
    expect(fs.existsSync(path.join(out, 'c1', 'k8s', 'a.yaml'))).toBe(false);
    writeReport(out, 'c1', new Map([['index.html', 'report 2']]));
    expect(fs.readFileSync(path.join(out, 'c1', 'inventory.json'), 'utf8')).toBe('v2');
    expect(fs.readFileSync(path.join(out, 'c1', 'report', 'index.html'), 'utf8')).toBe('report 2');
    expect(fs.readdirSync(path.join(out, 'c1')).sort()).toEqual(['inventory.json', 'report']);
  });
  test('a report/ that synth itself writes wins over the kept one', () => {
    writeReport(out, 'c1', new Map([['index.html', 'old']]));
    writeClusterFiles(out, 'c1', new Map([['report/index.html', 'from synth']]));
    expect(fs.readFileSync(path.join(out, 'c1', 'report', 'index.html'), 'utf8')).toBe('from synth');
  });
});
