/** `hubfleet new <dir>`: a project of one's own (the offline end-to-end run is test/cli/package.e2e.test.ts). */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { packageNameOf } from '../../lib/cli/scaffold';
import { run, tree } from './helpers';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-new-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('writes the project; refuses a folder that is not empty and writes nothing then', async () => {
  const dir = path.join(tmp, 'Uni Teaching');
  const r = await run('new', dir);
  expect(r.code).toBe(0);
  const files = tree(dir);
  const pkg = JSON.parse(files['package.json']);
  expect(pkg.name).toBe('uni-teaching');
  expect(pkg.dependencies.hubfleet).toMatch(/^\^\d+\.\d+\.\d+$/);
  expect(pkg.scripts.test).toBe('tsc --noEmit && node --require hubfleet/register --test test/clusters.test.ts');
  expect(files['test/clusters.test.ts']).not.toMatch(/fixtures|\.\.\/\.\.\/lib/);
  expect(fs.statSync(path.join(dir, 'ci/gitops.sh')).mode & 0o111).not.toBe(0);
  fs.writeFileSync(path.join(dir, 'apps/index.ts'), 'changed');
  const again = await run('new', dir);
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/is not empty .*\[new-not-empty\]/);
  expect(fs.readFileSync(path.join(dir, 'apps/index.ts'), 'utf8')).toBe('changed');
  fs.mkdirSync(path.join(tmp, 'clone/.git'), { recursive: true });
  expect((await run('new', path.join(tmp, 'clone'))).code).toBe(0);
});

test('the CI files run the tests, review every merge request and publish main, with the deploy key from CI secrets', async () => {
  const dir = path.join(tmp, 'p');
  await run('new', dir);
  const files = tree(dir);
  const gh = parse(files['.github/workflows/hubfleet.yml']);
  const steps = gh.jobs.hubfleet.steps as { run?: string; if?: string }[];
  expect(steps.map((s) => s.run).filter(Boolean)).toEqual(['npm ci', 'npm test', 'sh ci/gitops.sh review', 'sh ci/gitops.sh publish']);
  expect(steps.find((s) => s.run === 'sh ci/gitops.sh review')!.if).toBe("github.event_name == 'pull_request'");
  expect(steps.find((s) => s.run === 'sh ci/gitops.sh publish')!.if).toMatch(/refs\/heads\/main/);
  expect(gh.jobs.hubfleet.env.GITOPS_DEPLOY_KEY).toBe('${{ secrets.GITOPS_DEPLOY_KEY }}');
  expect(gh.permissions).toEqual({ contents: 'read' });
  const gl = parse(files['.gitlab-ci.yml']);
  expect(gl.review.script).toEqual(['sh ci/gitops.sh review']);
  expect(gl.review.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
  expect(gl.publish.script).toEqual(['sh ci/gitops.sh publish']);
  expect(gl.publish.rules).toEqual([{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }]);
  const script = files['ci/gitops.sh'];
  expect(script).toContain('npx hubfleet validate --strict --typecheck');
  expect(script).toContain('npx hubfleet synth --strict --typecheck --out');
  for (const shell of ['sh', 'dash', 'bash']) {
    const r = spawnSync(shell, ['-n', path.join(dir, 'ci/gitops.sh')], { encoding: 'utf8' });
    if (r.error) continue; // that shell is not installed
    expect(r.stderr).toBe('');
  }
  // Without GITOPS_REPO it says what to set and touches nothing.
  const r = spawnSync('sh', ['ci/gitops.sh', 'publish'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/set the CI variable GITOPS_REPO/);
});

test('package names', () => {
  expect([packageNameOf('/x/My Uni!'), packageNameOf('/x/.hidden'), packageNameOf('/x/-')]).toEqual(['my-uni', 'hidden', 'teaching-clusters']);
});
