import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, BrowserContext, Page } from 'playwright-core';
import { capacityPlan } from '../../lib/capacity/plan';
import { buildCluster } from '../../lib/fleet/define';
import { buildInventory } from '../../lib/model/inventory';
import { renderReport } from '../../lib/report/report';
import { modelOf } from '../capacity/fixtures';
import { reportHtml } from './fixtures';

/**
 * The report opened in Debian's Chromium (package `chromium`, installed by .ci/run when missing),
 * driven by playwright-core with its executablePath; playwright never downloads a browser here.
 * The screenshots are kept as test artifacts in test-artifacts/ (gitignored);
 * HUBFLEET_UPDATE_DOCS=1 also writes docs/images/report.png for the README.
 */

const CHROMIUM = '/usr/bin/chromium';
// No time limit of its own (Playwright waits 30 s by default; a full-page screenshot took longer
// under a load of 15): jest's one backstop against a hang (jest.config.js) holds for this file too.
const ROOT = path.join(__dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');

let ctx: BrowserContext;
let userData: string;
let dir: string;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does it)`);
  userData = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-chromium-'));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-report-html-'));
  ctx = await chromium.launchPersistentContext(userData, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
    // No time limits of Playwright's own (30 s per action, 180 s to start): a busy machine is slow,
    // not wrong; jest's backstop (jest.config.js) ends a hang.
    timeout: 0,
  });
  ctx.setDefaultTimeout(0);
  ctx.setDefaultNavigationTimeout(0);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await ctx?.close();
  fs.rmSync(userData, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

async function open(name: string, html: string): Promise<Page> {
  const file = path.join(dir, `${name}.html`);
  fs.writeFileSync(file, html);
  const page = await ctx.newPage();
  // Nothing may be fetched: the report is self-contained.
  const requests: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('file://')) requests.push(r.url());
  });
  await page.goto(`file://${file}`);
  expect(requests).toEqual([]);
  return page;
}

const count = (page: Page, sel: string) => page.locator(sel).count();

test('eth-teaching: the hubs, pools and seats tables and the pool chart render', async () => {
  const { ethTeachingCluster } = await import('../../apps/eth-teaching');
  const app = buildCluster(ethTeachingCluster);
  const m = modelOf(app);
  const html = renderReport(capacityPlan(m), buildInventory(m), m).get('index.html')!;
  const page = await open('eth-teaching', html);
  expect(await count(page, '#hubs-table tbody tr')).toBe(21); // 20 courses and the SEB exam
  expect(await count(page, '#pools-table tbody tr')).toBe(4);
  expect(await count(page, '#hub-demand-table tbody tr')).toBe(21);
  expect(await count(page, '#seats-table tbody tr')).toBe(2);
  expect(await count(page, '.sheet')).toBe(19); // every course but the LDAP one registers in Moodle
  const chart = page.locator('svg[data-pool="worker"]');
  const box = await chart.boundingBox();
  expect(box!.width).toBeGreaterThan(600);
  expect(box!.height).toBeGreaterThan(50);
  // CPU and memory bars: per-node pods, platform, 20 courses each; the allocatable line on each.
  expect(await chart.locator('rect[data-segment="platform pods"]').count()).toBe(2);
  expect(await chart.locator('rect[data-segment^="intro-programming at peak"]').count()).toBe(2);
  expect(await chart.locator('line[data-allocatable]').count()).toBe(2);
  // The courses' guarantees end before the allocatable line (the semester fits, with overcommitted limits).
  const line = await chart.locator('line[data-allocatable]').first().boundingBox();
  const last = await chart.locator('rect[data-segment^="research-methods at peak"]').first().boundingBox();
  expect(last!.x + last!.width).toBeLessThanOrEqual(line!.x + 1);
  expect(await page.locator('#verdict').innerText()).toMatch(/^overcommit: fits only with overcommit/);
  // The term timeline: every course of the catalogue (and the TypeScript one that follows its term), the catalogue's day.
  expect(await count(page, '#terms-table tbody tr')).toBe(20);
  expect(await count(page, '#term-timeline g[data-course][data-phase="open"]')).toBe(20);
  expect(await count(page, '#term-timeline g[data-course="intro-programming"] rect[data-stretch]')).toBe(3);
  expect(await count(page, '#term-timeline line[data-day="2025-10-01"]')).toBe(1);
  const timeline = (await page.locator('#term-timeline').boundingBox())!;
  expect(timeline.height).toBeGreaterThan(300);
  await page.screenshot({ path: path.join(ARTIFACTS, 'report-eth-teaching.png'), fullPage: true });
  if (process.env.HUBFLEET_UPDATE_DOCS === '1') {
    const top = (await page.locator('#capacity').boundingBox())!;
    const end = (await page.locator('.chart').last().boundingBox())!;
    await page.screenshot({ path: path.join(ROOT, 'docs', 'images', 'report.png'), fullPage: true, clip: { x: 0, y: top.y - 8, width: 1280, height: end.y + end.height - top.y + 16 } });
  }
  // After the full-page shots (an element's screenshot scrolls the page).
  await page.locator('#terms').screenshot({ path: path.join(ARTIFACTS, 'report-terms.png') });
  // Printable: the navigation is hidden and each LTI sheet starts a page.
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('nav').isVisible()).toBe(false);
  expect(await page.locator('.sheet').first().evaluate((e) => (globalThis as any).getComputedStyle(e).breakBefore)).toBe('page');
  await page.close();
});

test('exams: the timeline shows both exams and the overlap that does not fit', async () => {
  const page = await open('exams', reportHtml());
  expect(await count(page, '#exam-timeline rect[data-exam]')).toBe(2);
  expect(await count(page, '#exams-table tbody tr')).toBe(2);
  expect(await page.locator('#exam-stretches-table').innerText()).toMatch(/math \+ physics/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'report-exams.png'), fullPage: true });
  await page.close();
});
