/**
 * The course portal as a lecturer uses it, in Debian's Chromium (playwright-core with its
 * executablePath and a fresh profile; nothing is downloaded), against a real OpenID provider (oidc-provider on
 * loopback, PKCE required), a real bare Git repository (whose hook refuses every ref outside the
 * request prefix, as the forge's rules do for the deploy key) and a stand-in GitLab that validates
 * each merge-request call against GitLab's API. One browser, one provider, one portal for the file.
 *
 * Then the refusals, each its own test: a field out of bounds, another lecturer's course, a
 * missing CSRF token, a forged session, a sign-in outside the requester group, hostile values.
 * Screenshots: test-artifacts/portal-*.png (HUBFLEET_UPDATE_DOCS=1 writes docs/images/portal-*.png).
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { chromium, Browser, BrowserContext, Page } from 'playwright-core';
import { loadCatalogue } from '../../lib/catalogue/load';
import { buildCluster } from '../../lib/fleet/define';
import { synthApp } from '../../lib/fleet/synth';
import { nativeRequire } from '../../lib/portal/esm';
import { GitLabForge } from '../../lib/portal/forge';
import { CLUSTER, makeRepo, portalCluster, PREFIX, startProvider, TestProvider, TestRepo } from './fixtures';
import { RunningPortal, startPortal } from './harness';
import { startStandInForge, StandInForge } from './stand-in-forge';
import { PrometheusUsage } from '../../lib/portal/usage';
import { RunningPrometheus, startPrometheus } from '../monitoring/prometheus-server';
import { lectureSeries } from './usage-series';

const CHROMIUM = '/usr/bin/chromium';
const ACTION_TIMEOUT_MS = 180_000;
jest.setTimeout(600_000);
const ROOT = path.join(__dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const DOCS = process.env.HUBFLEET_UPDATE_DOCS === '1';

let browser: Browser;
let repo: TestRepo;
let provider: TestProvider;
let forge: StandInForge;
let portal: RunningPortal;
let prometheus: RunningPrometheus;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does it)`);
  repo = makeRepo();
  provider = await startProvider();
  forge = await startStandInForge('gitlab', 'portal-forge-token');
  // The cluster's Prometheus (a real one, holding a lecture of each course: usage-series.ts).
  prometheus = await startPrometheus(lectureSeries());
  portal = await startPortal({ repo, provider, forge: new GitLabForge({ apiUrl: forge.url, repository: 'platform/teaching-clusters', token: 'portal-forge-token' }), clock: () => new Date('2026-03-01T10:00:00Z'), usage: new PrometheusUsage({ url: prometheus.url, timeoutMs: 60_000 }) });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await portal?.close();
  await forge?.close();
  await provider?.close();
  await prometheus?.stop();
  repo?.cleanup();
});

async function newContext(): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  ctx.setDefaultTimeout(ACTION_TIMEOUT_MS);
  contexts.push(ctx);
  return ctx;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `portal-${name}.png`), fullPage: true });
  if (DOCS) await page.screenshot({ path: path.join(ROOT, 'docs', 'images', `portal-${name}.png`), fullPage: true });
}

/** Sign in through the provider's own pages (its development login form and consent). */
async function signIn(ctx: BrowserContext, user: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(portal.url);
  await page.click('#sign-in');
  await page.waitForURL((u) => u.href.startsWith(provider.issuer));
  await page.fill('input[name=login]', user);
  await page.fill('input[name=password]', 'any');
  await page.click('button[type=submit]');
  // Consent, the first time.
  if (page.url().startsWith(provider.issuer)) await page.click('button[type=submit]');
  await page.waitForURL((u) => u.href.startsWith(portal.url));
  return page;
}

let annaCtx: BrowserContext;
let annaPage: Page;
let submittedBranch = '';

describe('a lecturer requests a course', () => {
  test('signs in with the university login and sees her courses with their LMS sheet', async () => {
    annaCtx = await newContext();
    const page = await annaCtx.newPage();
    await page.goto(portal.url);
    await shot(page, 'sign-in');
    annaPage = await signIn(annaCtx, 'anna');
    await expect(annaPage.locator('h1').textContent()).resolves.toBe('Your courses');
    const courses = annaPage.locator('#courses');
    await expect(courses.textContent()).resolves.toContain('Introduction to Programming');
    await expect(courses.textContent()).resolves.not.toContain('Statistics');
    await expect(courses.textContent()).resolves.toContain('https://intro.hubs.example.org/');
    await expect(courses.textContent()).resolves.toContain('open');
    // Her course's usage over its term so far, from the cluster's Prometheus.
    await expect(courses.locator('td.usage').textContent()).resolves.toBe('3 users, 5 server-hours, at most 3 of 40 servers at oncememory of one server at most 1.5 of 2 GiB (2026-02-23 – 2026-03-01)');
    await annaPage.click('#courses details summary');
    await expect(courses.textContent()).resolves.toContain('hub/lti13/oauth_login');
    const cookies = await annaCtx.cookies();
    const session = cookies.find((c) => c.name === '__Host-portal-session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    await shot(annaPage, 'courses');
  });

  test('requests a course too large for the term, reads the refusal, shrinks it and submits', async () => {
    const page = annaPage;
    await page.click('#new-course');
    await page.fill('#f-id', 'big-data');
    await page.fill('#f-title', 'Big Data Analytics');
    await page.fill('#f-students', '400');
    await page.fill('#f-maxConcurrentUsers', '150');
    await page.fill('#f-memoryGuaranteeGiB', '4');
    await page.fill('#f-memoryLimitGiB', '8');
    await page.fill('#f-login-clientIds', 'Bd7Yh2QeLr9sTz0');
    await page.fill('#f-staff-graders-users', 'tom.tutor@example.org');
    await page.click('#check');
    await expect(page.locator('#verdict h2').textContent()).resolves.toContain('Does not fit');
    const details = (await page.locator('#verdict').textContent()) ?? '';
    expect(details).toMatch(/% of what the cluster has free/);
    expect(details).toMatch(/It fits with at most \d+ servers at once \(instead of 150\)/);
    await expect(page.locator('#sheet').textContent()).resolves.toContain('https://big-data.hubs.example.org/hub/lti13/oauth_login');
    await shot(page, 'does-not-fit');
    // Submitting anyway is refused, and nothing is pushed.
    await page.click('#submit');
    await expect(page.locator('#refusal').textContent()).resolves.toContain('does not fit');
    expect(repo.pushedRefs()).toEqual([]);
    // Shrink it to what the verdict says fits.
    await page.fill('#f-maxConcurrentUsers', '20');
    await page.fill('#f-memoryGuaranteeGiB', '1');
    await page.fill('#f-memoryLimitGiB', '2');
    await page.click('#check');
    await expect(page.locator('#verdict h2').textContent()).resolves.toMatch(/: Fits/);
    await shot(page, 'fits');
    await page.click('#submit');
    await expect(page.locator('#submitted').textContent()).resolves.toContain(PREFIX);
    submittedBranch = /course-requests\/[a-z0-9-]+/.exec((await page.locator('#submitted code').textContent()) ?? '')![0];
    await shot(page, 'submitted');
    await page.goto(portal.url);
    await expect(page.locator('#requests').textContent()).resolves.toContain('waiting for review');
    await expect(page.locator('#requests').textContent()).resolves.toContain('big-data');
  });

  test('the branch holds the course file, authored by the lecturer and committed by the portal, and synth turns it into a hub', () => {
    expect(submittedBranch).toMatch(/^course-requests\/big-data-20260301-100000-[0-9a-f]{6}$/);
    // Only refs under the prefix were ever pushed (the hook logs every ref of every push).
    expect(repo.pushedRefs().map((l) => l.split(' ')[2])).toEqual([`refs/heads/${submittedBranch}`]);
    const who = repo.git('log', '-1', '--format=%an <%ae>|%cn <%ce>|%aI', submittedBranch).trim();
    expect(who).toBe('Anna Keller <anna.keller@example.org>|hubfleet course portal <portal@example.org>|2026-03-01T10:00:00+00:00');
    const message = repo.git('log', '-1', '--format=%B', submittedBranch);
    expect(message).toContain('portal: new course big-data');
    expect(message).toContain('Portal-Requester: anna.keller@example.org');
    expect(message).toMatch(/Capacity verdict: Fits/);
    expect(repo.git('diff', '--name-only', 'main', submittedBranch).trim()).toBe(`courses/${CLUSTER}/2026-spring/big-data.yaml`);
    const checkout = repo.checkout(submittedBranch);
    const file = fs.readFileSync(path.join(checkout, 'courses', CLUSTER, '2026-spring', 'big-data.yaml'), 'utf8');
    expect(file).toContain('owners:\n  - anna.keller@example.org');
    expect(file).toContain('maxConcurrentUsers: 20');
    // `hubfleet synth` in memory, with the catalogue of the branch's checkout.
    const out = synthApp(buildCluster(portalCluster(path.join(checkout, 'courses', CLUSTER))));
    const hub = [...out.files.keys()].filter((f) => f.startsWith('k8s/courses/big-data/'));
    expect(hub).toEqual(expect.arrayContaining(['k8s/courses/big-data/deployment-hub.yaml', 'k8s/courses/big-data/ingress-jupyterhub.yaml', 'k8s/courses/big-data/namespace-course-big-data.yaml']));
    expect(loadCatalogue(path.join(checkout, 'courses', CLUSTER)).issues.filter((i) => i.severity !== 'warning')).toEqual([]);
    // The merge request: the verdict and the diff's summary, validated against GitLab's API.
    expect(forge.violations).toEqual([]);
    expect(forge.requests).toHaveLength(1);
    expect(forge.requests[0]).toMatchObject({ sourceBranch: submittedBranch, targetBranch: 'main', title: 'Course request: new course big-data (2026-spring)' });
    expect(forge.requests[0].description).toContain('## Capacity verdict: Fits');
    expect(forge.requests[0].description).toMatch(/test-cluster: \d+ risks?.*packages: 1 added/);
  });

  test('a second lecturer sees neither the first one\'s courses nor her requests', async () => {
    const ctx = await newContext();
    const page = await signIn(ctx, 'ben');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Statistics');
    expect(text).not.toContain('Introduction to Programming');
    expect(text).not.toContain('big-data');
    // His own course's usage, none of hers.
    await expect(page.locator('#courses td.usage').textContent()).resolves.toMatch(/^1 user, 1 server-hour, at most 1 of 30 servers at once/);
    const res = await page.goto(`${portal.url}/courses/intro`);
    expect(res?.status()).toBe(404);
  });
});

/** A page's CSRF token. */
async function csrfOf(page: Page, url: string): Promise<string> {
  await page.goto(url);
  return (await page.locator('input[name=_csrf]').first().getAttribute('value'))!;
}

describe('the portal refuses', () => {
  const form = (o: Record<string, string>) => ({ id: 'refused-course', title: 'Refused', term: '2026-spring', students: '50', image: 'scipy', 'login.use': 'moodle', 'login.clientIds': 'Zz9Yh2QeLr9sTz0', action: 'submit', ...o });

  test('a field out of bounds (the policy allows at most 800 students)', async () => {
    const token = await csrfOf(annaPage, `${portal.url}/courses/new`);
    const res = await annaCtx.request.post(`${portal.url}/courses/new`, { form: form({ _csrf: token, students: '100000' }), maxRedirects: 0 });
    expect(res.status()).toBe(422);
    expect(await res.text()).toContain('must be between 1 and 800');
    const huge = await annaCtx.request.post(`${portal.url}/courses/new`, { form: form({ _csrf: token, title: 'x'.repeat(121) }), maxRedirects: 0 });
    expect(huge.status()).toBe(422);
    expect(await huge.text()).toContain('at most 120 characters');
    expect(repo.pushedRefs()).toHaveLength(1);
  });

  test("another lecturer's course: neither shown nor changed", async () => {
    const token = await csrfOf(annaPage, `${portal.url}/courses/new`);
    const page = await annaCtx.request.get(`${portal.url}/courses/statistics`);
    expect(page.status()).toBe(404);
    const res = await annaCtx.request.post(`${portal.url}/courses/statistics`, { form: form({ _csrf: token, students: '60' }), maxRedirects: 0 });
    expect(res.status()).toBe(404);
    expect(repo.pushedRefs()).toHaveLength(1);
  });

  test('a form without its CSRF token, or with another session\'s', async () => {
    const res = await annaCtx.request.post(`${portal.url}/courses/new`, { form: form({}), maxRedirects: 0 });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('security token');
    const other = await newContext();
    const benPage = await signIn(other, 'ben');
    const bensToken = await csrfOf(benPage, `${portal.url}/courses/new`);
    const crossed = await annaCtx.request.post(`${portal.url}/courses/new`, { form: form({ _csrf: bensToken }), maxRedirects: 0 });
    expect(crossed.status()).toBe(403);
    expect(repo.pushedRefs()).toHaveLength(1);
  });

  test('a forged session cookie (sealed with another key) is no session', async () => {
    // The attacker writes a session for anna with a key of their own.
    const Fastify = nativeRequire('fastify') as typeof import('fastify').default;
    const attacker = Fastify();
    await attacker.register(nativeRequire('@fastify/secure-session'), { key: randomBytes(32), cookieName: '__Host-portal-session', cookie: { path: '/', secure: true, httpOnly: true, sameSite: 'lax' } });
    attacker.get('/', async (req: any) => {
      req.session.set('user', { id: 'anna.keller@example.org', name: 'Anna Keller', email: 'anna.keller@example.org', groups: ['lecturers'] });
      req.session.set('_csrf', 'attacker-secret');
      return 'ok';
    });
    const made = await attacker.inject({ method: 'GET', url: '/' });
    const forged = /__Host-portal-session=([^;]+)/.exec(String(made.headers['set-cookie']))![1];
    await attacker.close();
    const withCookie = (cookie: string, init: RequestInit = {}) => fetch(`${portal.url}${init.method === 'POST' ? '/courses/new' : '/'}`, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: `__Host-portal-session=${cookie}` } });
    const home = await withCookie(forged);
    expect(await home.text()).toContain('<h1>Sign in</h1>');
    const edit = await fetch(`${portal.url}/courses/intro`, { redirect: 'manual', headers: { cookie: `__Host-portal-session=${forged}` } });
    expect(edit.status).toBe(303);
    const post = await withCookie(forged, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form({ _csrf: 'anything' })).toString() });
    expect(post.status).toBe(401);
    // A cookie of the real portal changed by one character is no session either (while the real one is).
    const real = (await annaCtx.cookies()).find((c) => c.name === '__Host-portal-session')!.value;
    expect(await (await withCookie(real)).text()).toContain('<h1>Your courses</h1>');
    const flipped = real.slice(0, 10) + (real[10] === 'A' ? 'B' : 'A') + real.slice(11);
    expect(await (await withCookie(flipped)).text()).toContain('<h1>Sign in</h1>');
  });

  test('a sign-in outside the lecturers group', async () => {
    const ctx = await newContext();
    const page = await signIn(ctx, 'eve');
    await expect(page.locator('main').textContent()).resolves.toContain('not in a group that may request courses');
    expect((await ctx.cookies()).some((c) => c.name === '__Host-portal-session')).toBe(true);
    const res = await ctx.request.get(`${portal.url}/courses/new`, { maxRedirects: 0 });
    expect(res.status()).toBe(303);
  });

  test('hostile values stay text: the page parses to the same value and no element is injected', async () => {
    const hostile = `</textarea><script>alert(1)</script>"'><img src=x onerror=alert(2)>&amp;`;
    const token = await csrfOf(annaPage, `${portal.url}/courses/new`);
    const res = await annaCtx.request.post(`${portal.url}/courses/new`, { form: form({ _csrf: token, id: 'hostile', title: hostile.slice(0, 120), 'staff.graders.users': hostile, action: 'check' }) });
    const html = await res.text();
    const parse5 = nativeRequire('parse5') as typeof import('parse5');
    const doc = parse5.parse(html);
    const all: any[] = [];
    const walk = (n: any) => {
      all.push(n);
      for (const c of n.childNodes ?? []) walk(c);
      if (n.content) walk(n.content);
    };
    walk(doc);
    expect(all.filter((n) => n.tagName === 'script' || n.tagName === 'img')).toEqual([]);
    expect(all.some((n) => (n.attrs ?? []).some((a: any) => a.name.startsWith('on')))).toBe(false);
    const title = all.find((n) => n.tagName === 'input' && n.attrs.some((a: any) => a.name === 'name' && a.value === 'title'));
    expect(title.attrs.find((a: any) => a.name === 'value').value).toBe(hostile.slice(0, 120));
    const graders = all.find((n) => n.tagName === 'textarea' && n.attrs.some((a: any) => a.name === 'name' && a.value === 'staff.graders.users'));
    expect(graders.childNodes.map((c: any) => c.value).join('')).toBe(hostile);
    // The grader names were refused (spaces and quotes are not user names), so nothing could be written.
    expect(html).toContain('one name per line');
  });
});
