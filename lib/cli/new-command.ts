import * as fs from 'fs';
import * as path from 'path';
import type { Command } from './command';

/** `hubfleet new <dir>`: a university's own project that depends on hubfleet by version (lib/cli/scaffold.ts). */
export const newCommand: Command = {
  name: 'new',
  summary: 'write a project of your own (package.json on hubfleet, clusters/, apps/, CI, a test)',
  description: `Write a new project into <dir> (new, or empty but for .git): package.json depending on this
hubfleet's version, tsconfig.json, apps/ and clusters/ (no cluster yet: add one with
\`hubfleet init <cluster>\` inside it), cdk8s.yaml and cdktf.json, a README, CI for GitHub Actions
and GitLab (tests, validate --strict --typecheck and diff on every merge request; on main the
output pushed to the GitOps repository, ci/gitops.sh) and test/clusters.test.ts.`,
  positionals: [{ name: 'dir', description: 'the folder of the new project' }],
  examples: ['npx hubfleet new teaching-clusters && cd teaching-clusters && npm install && npx hubfleet init demo'],
  async run(inv) {
    const { formatIssue } = await import('../core/errors');
    const { planNew } = await import('./scaffold');
    const { scaffoldVersions } = await import('./version');
    const dir = path.resolve(inv.cwd, inv.positionals[0]);
    const existing = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    const plan = planNew(inv.positionals[0], existing, scaffoldVersions());
    if (Array.isArray(plan)) {
      inv.io.stderr(`hubfleet new: nothing was written.\n`);
      for (const i of plan) inv.io.stderr(`  ✗ ${formatIssue(i)}\n`);
      return 1;
    }
    for (const [rel, text] of plan) {
      const file = path.join(dir, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text, { flag: 'wx', mode: rel.endsWith('.sh') ? 0o755 : 0o644 });
    }
    const shown = path.relative(inv.cwd, dir) || '.';
    inv.io.stdout(
      `wrote ${shown}/ (${plan.size} files).\n\nNext:\n` +
        `  cd ${shown}\n` +
        '  npm install                                   # hubfleet and TypeScript; commit package-lock.json\n' +
        '  npx hubfleet init demo --provider none        # a first cluster (see --help)\n' +
        '  npm run synth && npm test\n',
    );
    return 0;
  },
};
