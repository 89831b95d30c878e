/** `hubfleet diff`: exit codes (0 same, 2 changed, 1 error), risks first, nothing written. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run, tree } from './helpers';

const APPS = path.join(__dirname, '..', 'fixtures', 'apps');

let out: string;
beforeEach(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-gitops-'));
});
afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

const synth = async (app: string) => expect((await run('synth', '--out', out, '--app', path.join(APPS, app))).code).toBe(0);
const diff = (app: string, ...more: string[]) => run('diff', '--out', out, '--app', path.join(APPS, app), ...more);

describe('hubfleet diff', () => {
  test('exit 0 and "no changes" against an unchanged output; writes nothing', async () => {
    await synth('good.ts');
    const before = tree(out);
    const r = await diff('good.ts');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`test-cluster: no changes (${out}/test-cluster/ is what synth would write).\n`);
    expect(tree(out)).toEqual(before);
  });

  test('exit 2 after a course is added: lists the new package and its Application', async () => {
    await synth('semesterBase.ts');
    const r = await diff('semesterMore.ts');
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('Risks');
    expect(r.stdout).toContain('  k8s/courses/physics/ (new package: 21 added)\n');
    expect(r.stdout).toContain('    + Application/courses-physics (argocd)\n');
    // The inventory (a JSON file, not a Kubernetes object) is compared as text: it lists the new hub.
    expect(r.stdout).toMatch(/  inventory\.json \(changed\)\n(      .*\n)*      \+.*"physics"/);
    expect(r.stdout).toMatch(/test-cluster: 0 risks; packages: 1 added, 0 removed, 1 changed; objects: 23 added, 0 removed, 0 changed; 1 other file changed\.\n$/);
  });

  test('exit 2 against an output with a course the stack no longer has: the removal first, with the kept claims and the archive procedure', async () => {
    await synth('semesterBase.ts');
    const before = tree(out);
    const r = await diff('semesterLess.ts');
    expect(r.code).toBe(2);
    const lines = r.stdout.split('\n');
    expect(lines[2]).toBe('Risks (1):');
    expect(lines[3]).toBe('  ! course stats disappears (k8s/courses/stats/, Application courses-stats) [diff-package-removed]');
    expect(r.stdout).toContain('      PVC hub-db-dir (the hub database): stays (Prune=false,Delete=false)\n');
    expect(r.stdout).toContain('      Namespace/course-stats: stays (Prune=false,Delete=false)\n');
    expect(r.stdout).toMatch(/Do: follow the end-of-course procedure: .*docs\/retire-a-course\.md/);
    expect(r.stdout.indexOf('Risks')).toBeLessThan(r.stdout.indexOf('Changes:'));
    expect(r.stdout).toContain('      The homes are on nfs-homes, which is Retain: even a deleted claim leaves its directory on the storage.\n');
    expect(r.stdout).toContain('  k8s/courses/stats/ (package removed: 21 removed)\n');
    expect(tree(out)).toEqual(before);
  });

  test('without an Argo CD tree in the output it says so instead of guessing', async () => {
    await synth('good.ts');
    const r = await diff('smaller.ts');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('  ! course stats disappears (k8s/courses/stats/) [diff-package-removed]\n');
    expect(r.stdout).toMatch(/No Argo CD Application in the output syncs k8s\/courses\/stats\//);
  });

  test('exit 2 for a cluster that is not in the output folder yet (everything is new)', async () => {
    const r = await diff('good.ts');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('k8s/courses/intro/ (new package');
  });

  test('exit 1 when the stack does not validate, or the output folder holds a file that is not YAML', async () => {
    expect((await diff('badMemory.ts')).code).toBe(1);
    await synth('good.ts');
    fs.writeFileSync(path.join(out, 'test-cluster/k8s/courses/intro/broken.yaml'), 'a: [1\n');
    const r = await diff('good.ts');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/test-cluster: the output folder: k8s\/courses\/intro\/broken\.yaml: not valid YAML/);
  });

  test('exit 1 on an unknown flag or a --now that is not a time', async () => {
    expect((await run('diff', '--outdir', out)).code).toBe(1);
    const r = await diff('good.ts', '--now', 'tomorrow');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--now tomorrow is not a date and time');
  });

  test('notes folders of the output that belong to no cluster of the stack', async () => {
    await synth('good.ts');
    fs.mkdirSync(path.join(out, 'other-team'));
    const r = await diff('good.ts');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`note: ${out}/other-team/ belongs to no cluster of the app stack`);
  });
});
