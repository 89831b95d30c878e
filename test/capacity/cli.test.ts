import * as path from 'path';
import { main } from '../../lib/cli/main';

const APPS = path.join(__dirname, '..', '..', 'apps', 'index.ts');

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('hubfleet capacity', () => {
  test('eth-teaching --json with a 1 GiB / 1 CPU seat: 360–384 seats at full load, 450–540 with the statistical allowance', async () => {
    const r = await run('capacity', '--cluster', 'eth-teaching', '--json', '--seat-memory-gib', '1', '--seat-cpu', '1', '--app', APPS);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.cluster).toBe('eth-teaching');
    expect(plan.seats.pools).toEqual(['worker']);
    expect(plan.seats.fullLoad.seats).toBeGreaterThanOrEqual(360);
    expect(plan.seats.fullLoad.seats).toBeLessThanOrEqual(384);
    expect(plan.seats.statistical.seats).toBeGreaterThanOrEqual(450);
    expect(plan.seats.statistical.seats).toBeLessThanOrEqual(540);
    expect(plan.seats.fullLoad.binding).toBe('memory');
    // What is left for users once hubs, proxies, SEB and add-ons run: less, and said so.
    expect(plan.seats.afterPlatform.fullLoad.seats).toBeLessThan(plan.seats.fullLoad.seats);
    expect(plan.hubs).toHaveLength(21); // 20 courses and the SEB exam
    // The example's courses are sized to their busiest lab sessions: the guarantees fit, the limits overcommit.
    expect(plan.verdict.status).toBe('overcommit');
  });
  test('the text form has the pool table, the hubs, the seats line and the verdict', async () => {
    const r = await run('capacity', '--cluster', 'eth-teaching', '--app', APPS);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pool +nodes +alloc CPU/m);
    expect(r.stdout).toMatch(/^worker +8 × 12\/48 +92 +369\.5/m);
    expect(r.stdout).toMatch(/^intro-programming +course +70 /m);
    expect(r.stdout).toMatch(/^seats of 2 CPU \/ 2 GiB \(guarantees 0\.1 CPU \/ 0\.5 GiB\)/m);
    expect(r.stdout).toMatch(/^verdict: fits only with overcommit: .*limits exceed what is free for users [\d.]+× in memory/m);
  });
  test('refuses a bad seat size', async () => {
    const r = await run('capacity', '--seat-cpu', '-1', '--app', APPS);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--seat-cpu -1: a positive number is needed/);
  });
  test('an unknown cluster is an error', async () => {
    const r = await run('capacity', '--cluster', 'nope', '--app', APPS);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no cluster named "nope"; known: eth-teaching, e2x/);
  });
});
