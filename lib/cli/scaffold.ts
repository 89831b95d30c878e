/**
 * `hubfleet new <dir>`: a university's own project, which depends on hubfleet by version. The files
 * are computed here (planNew) and written by new-command.ts; every file is new, nothing is
 * overwritten. `hubfleet init <cluster>` then adds clusters to it (lib/cli/init.ts).
 */
import * as path from 'path';
import { Issue } from '../core/errors';

/** What the project's package.json pins besides hubfleet: the versions hubfleet itself is built and tested with. */
export interface ScaffoldVersions {
  /** hubfleet's version; the project depends on `^<version>`. */
  readonly hubfleet: string;
  readonly typescript: string;
  readonly typesNode: string;
}

/** An npm package name for the folder: lowercase, URL-safe. */
export function packageNameOf(dir: string): string {
  const base = path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[-._]+$/g, '').slice(0, 214);
  return base || 'teaching-clusters';
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

function packageJson(name: string, v: ScaffoldVersions): string {
  return json({
    name,
    version: '0.1.0',
    private: true,
    description: 'Our teaching clusters, described with hubfleet: synthesized to the GitOps repository that Argo CD syncs.',
    engines: { node: '>=20' },
    scripts: {
      synth: 'hubfleet synth',
      validate: 'hubfleet validate --strict --typecheck',
      diff: 'hubfleet diff',
      typecheck: 'tsc --noEmit',
      test: 'tsc --noEmit && node --require hubfleet/register --test test/clusters.test.ts',
    },
    dependencies: { hubfleet: `^${v.hubfleet}` },
    devDependencies: { '@types/node': v.typesNode, typescript: v.typescript },
  });
}

const TSCONFIG = json({
  compilerOptions: {
    target: 'ES2022',
    module: 'node16',
    moduleResolution: 'node16',
    lib: ['ES2022'],
    strict: true,
    noEmit: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    incremental: true,
    tsBuildInfoFile: 'node_modules/.cache/hubfleet/tsconfig.tsbuildinfo',
    types: ['node'],
  },
  include: ['apps/**/*.ts', 'clusters/**/*.ts', 'test/**/*.ts'],
});

const APPS_INDEX = `import type { ClusterDefinition } from 'hubfleet';

/** Every cluster \`hubfleet synth\` builds. \`npx hubfleet init <cluster>\` adds one here. */
export const clusters: ClusterDefinition[] = [];
`;

const CLUSTERS_INDEX = `/** Every cluster's facts (its ClusterSpec), for programs that read them all (cdktf.json's app). \`npx hubfleet init <cluster>\` adds one here. */
export {};
`;

const TEST = `/**
 * Every cluster of apps/index.ts synthesizes: no error and no warning (\`npm test\`; CI runs it on
 * every merge request). Add tests of your own next to it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCluster, formatIssue, synthApp, ValidationError } from 'hubfleet';
import { clusters } from '../apps';

test('every cluster synthesizes without errors or warnings', (t) => {
  if (clusters.length === 0) {
    t.skip('no cluster yet: add one with \`npx hubfleet init <cluster>\`');
    return;
  }
  for (const def of clusters) {
    try {
      const out = synthApp(buildCluster(def));
      assert.deepEqual(out.warnings.map(formatIssue), [], \`\${def.spec.name}: warnings\`);
      assert.ok(out.objects > 0, \`\${def.spec.name}: no objects\`);
    } catch (e) {
      if (e instanceof ValidationError) assert.fail(\`\${def.spec.name}:\\n\${e.issues.map(formatIssue).join('\\n')}\`);
      throw e;
    }
  }
});
`;

const CDK8S_YAML = `# \`cdk8s synth\` runs hubfleet's pipeline (validate every object, then write dist/<cluster>/).
language: typescript
app: npx hubfleet synth --out dist
output: dist
`;

function cdktfJson(name: string): string {
  return json({
    language: 'typescript',
    app: 'node --require hubfleet/register node_modules/hubfleet/build/lib/nodes/cdktf-app.js',
    output: 'cdktf.out',
    projectId: name,
    sendCrashReports: 'false',
    terraformProviders: [],
    terraformModules: [],
    context: {},
  });
}

const GITIGNORE = `node_modules/
dist/
cdktf.out/
# Terraform state of the node stacks (cdktf's default backend): it can hold secrets, never commit it.
.hubfleet-state/
`;

/** The script both CI files run: review a merge request, or publish main to the GitOps repository. */
const GITOPS_SH = `#!/bin/sh
# ci/gitops.sh review|publish: what CI does with the GitOps repository (Argo CD syncs it).
#   review   every merge request: validate strictly (warnings and type errors fail), then show
#            what the change does to the GitOps repository (hubfleet diff: risks first).
#   publish  main: synthesize into the GitOps repository and push one commit (nothing when unchanged).
# Settings (CI variables; none of them is ever committed):
#   GITOPS_REPO         the repository to push to, e.g. git@git.example.edu:platform/gitops.git
#   GITOPS_BRANCH       its branch Argo CD follows (default main)
#   GITOPS_PATH         the folder of the clusters in it: the ClusterSpecs' gitops.pathPrefix (default dist)
#   GITOPS_DEPLOY_KEY   an SSH deploy key with write access to GITOPS_REPO (a secret: the key, or a
#                       file holding it, as GitLab's "File" variables are)
#   GITOPS_KNOWN_HOSTS  the repository host's SSH host key line (ssh-keyscan HOST, checked by hand)
set -eu
mode=\${1:-}
case "$mode" in review|publish) ;; *) echo "usage: ci/gitops.sh review|publish" >&2; exit 2 ;; esac
: "\${GITOPS_REPO:?set the CI variable GITOPS_REPO to the GitOps repository (see ci/gitops.sh)}"
branch=\${GITOPS_BRANCH:-main}
out=\${GITOPS_PATH:-dist}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "\${GITOPS_DEPLOY_KEY:-}" ]; then
  : "\${GITOPS_KNOWN_HOSTS:?set GITOPS_KNOWN_HOSTS to the host key of the server of the GitOps repository (ssh-keyscan HOST)}"
  key="$work/deploy-key"
  if [ -f "$GITOPS_DEPLOY_KEY" ]; then cp "$GITOPS_DEPLOY_KEY" "$key"; else printf '%s\\n' "$GITOPS_DEPLOY_KEY" > "$key"; fi
  chmod 600 "$key"
  printf '%s\\n' "$GITOPS_KNOWN_HOSTS" > "$work/known_hosts"
  GIT_SSH_COMMAND="ssh -i $key -o IdentitiesOnly=yes -o UserKnownHostsFile=$work/known_hosts -o StrictHostKeyChecking=yes"
  export GIT_SSH_COMMAND
fi

git clone --quiet "$GITOPS_REPO" "$work/gitops"
if git -C "$work/gitops" rev-parse --verify --quiet "origin/$branch" > /dev/null; then
  git -C "$work/gitops" checkout --quiet -B "$branch" "origin/$branch"
else
  git -C "$work/gitops" checkout --quiet --orphan "$branch"   # a new, empty GitOps repository
fi

if [ "$mode" = review ]; then
  npx hubfleet validate --strict --typecheck
  status=0
  npx hubfleet diff --out "$work/gitops/$out" || status=$?
  [ "$status" -eq 0 ] || [ "$status" -eq 2 ]   # 2: there are changes (shown above); 1: an error
  exit 0
fi

npx hubfleet synth --strict --typecheck --out "$work/gitops/$out"
source_rev=\${GITHUB_SHA:-\${CI_COMMIT_SHA:-$(git rev-parse HEAD)}}
cd "$work/gitops"
git add -A -- "$out"
if git diff --cached --quiet; then
  echo "the GitOps repository is up to date"
  exit 0
fi
git -c user.name="hubfleet CI" -c user.email="hubfleet-ci@invalid" commit --quiet -m "hubfleet synth of $source_rev"
git push --quiet origin "HEAD:$branch"
echo "pushed $(git rev-parse --short HEAD) to $branch of the GitOps repository"
`;

const GITHUB_WORKFLOW = `# Every pull request: the project's tests, strict validation with the type check, and the diff
# against the GitOps repository. main: the synthesized output pushed to the GitOps repository.
# Set in the repository's settings: variables GITOPS_REPO, GITOPS_KNOWN_HOSTS (and GITOPS_BRANCH,
# GITOPS_PATH when not main and dist), secret GITOPS_DEPLOY_KEY (see ci/gitops.sh).
name: hubfleet
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
concurrency:
  group: hubfleet-\${{ github.ref }}
  cancel-in-progress: false
jobs:
  hubfleet:
    runs-on: ubuntu-latest
    env:
      GITOPS_REPO: \${{ vars.GITOPS_REPO }}
      GITOPS_BRANCH: \${{ vars.GITOPS_BRANCH }}
      GITOPS_PATH: \${{ vars.GITOPS_PATH }}
      GITOPS_KNOWN_HOSTS: \${{ vars.GITOPS_KNOWN_HOSTS }}
      GITOPS_DEPLOY_KEY: \${{ secrets.GITOPS_DEPLOY_KEY }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - run: npm test
      - name: Review against the GitOps repository
        if: github.event_name == 'pull_request'
        run: sh ci/gitops.sh review
      - name: Publish to the GitOps repository
        if: github.event_name == 'push' && github.ref == 'refs/heads/main'
        run: sh ci/gitops.sh publish
`;

const GITLAB_CI = `# Every merge request: the project's tests, strict validation with the type check, and the diff
# against the GitOps repository. The default branch: the synthesized output pushed to the GitOps
# repository. Set in Settings → CI/CD → Variables: GITOPS_REPO, GITOPS_KNOWN_HOSTS (and
# GITOPS_BRANCH, GITOPS_PATH when not main and dist), GITOPS_DEPLOY_KEY as a protected "File"
# variable (see ci/gitops.sh).
image: node:20
stages: [test, publish]
default:
  cache:
    key:
      files: [package-lock.json]
    paths: [.npm/]
  before_script:
    - npm ci --cache .npm --prefer-offline
test:
  stage: test
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - npm test
review:
  stage: test
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script:
    - sh ci/gitops.sh review
publish:
  stage: publish
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  resource_group: gitops
  script:
    - sh ci/gitops.sh publish
`;

function readme(name: string): string {
  return `# ${name}

\`\`\`sh
npm install && npm run synth    # set-up, then synthesize every cluster into ./dist
npm test                        # type-check, and every cluster synthesizes without warnings
\`\`\`

Our teaching clusters, described with [hubfleet](https://www.npmjs.com/package/hubfleet): one
\`clusters/<cluster>.ts\` (the ClusterSpec: nodes, networks, storage, domain, GitOps repository) and one
\`apps/<cluster>.ts\` (the add-ons and the course hubs) per cluster. \`hubfleet synth\` writes plain
Kubernetes YAML and Terraform JSON to \`dist/<cluster>/\`; CI pushes it to the GitOps repository that
Argo CD syncs.

## A first cluster

\`\`\`sh
npx hubfleet init demo --domain demo.example.edu --provider none   # or vsphere, openstack
npm run synth
\`\`\`

\`hubfleet init\` writes \`clusters/demo.ts\` and \`apps/demo.ts\` and registers them in the index files;
replace the values marked \`CHANGE\`. Every command answers \`--help\` (\`npx hubfleet --help\`).

## The edit loop

\`hubfleet synth\` transpiles the TypeScript without checking types, so a change shows in seconds.
Type errors show in the editor, in \`npm test\` and \`npm run validate\` (\`tsc\`), and in CI, which
never publishes a project with a type error (\`synth --typecheck\`).

| command | what |
|---|---|
| \`npm run synth\` | validate and write \`dist/<cluster>/\` |
| \`npm run validate\` | validate strictly (warnings fail) and type-check, writing nothing |
| \`npx hubfleet diff --out <GitOps checkout>/dist\` | what a change does to the clusters, risks first |
| \`npm test\` | type-check, then \`test/clusters.test.ts\` |

## CI and the GitOps repository

\`.github/workflows/hubfleet.yml\` and \`.gitlab-ci.yml\` (keep the one you use) run \`npm test\` on every
merge request and \`ci/gitops.sh review\` (\`validate --strict --typecheck\`, then \`diff\` against the
GitOps repository); on main, \`ci/gitops.sh publish\` synthesizes into the GitOps repository and pushes
one commit. Set the CI variables \`GITOPS_REPO\`, \`GITOPS_KNOWN_HOSTS\` and the secret
\`GITOPS_DEPLOY_KEY\` (an SSH deploy key with write access to the GitOps repository only); they never
go into Git. \`GITOPS_PATH\` is the ClusterSpecs' \`gitops.pathPrefix\` (default \`dist\`). Commit
\`package-lock.json\` (CI runs \`npm ci\`).

\`cdk8s synth\` (cdk8s.yaml) runs the same pipeline; \`cdktf synth\` (cdktf.json) builds the node stacks
of the clusters that describe their VMs.

## Upgrading hubfleet

\`npm install hubfleet@<version>\`, then \`npm test\` and \`npx hubfleet diff\`: hubfleet's CHANGELOG.md says
what changed in its output.
`;
}

/** The project's files (path relative to the project → content), or the issues that stop it. */
export function planNew(dir: string, existing: readonly string[], versions: ScaffoldVersions): Map<string, string> | Issue[] {
  const name = packageNameOf(dir);
  const issues: Issue[] = [];
  const clash = existing.filter((f) => f !== '.git');
  if (clash.length) {
    issues.push({ path: 'hubfleet new', field: 'dir', value: dir, message: `${dir} is not empty (${clash.slice(0, 5).join(', ')}${clash.length > 5 ? ', …' : ''}); new never writes over a project.`, fix: 'name a new or empty folder (an empty Git clone is fine), or use `hubfleet init <cluster>` inside an existing project.', rule: 'new-not-empty' });
  }
  if (issues.length) return issues;
  return new Map([
    ['package.json', packageJson(name, versions)],
    ['tsconfig.json', TSCONFIG],
    ['README.md', readme(name)],
    ['.gitignore', GITIGNORE],
    ['apps/index.ts', APPS_INDEX],
    ['clusters/index.ts', CLUSTERS_INDEX],
    ['test/clusters.test.ts', TEST],
    ['cdk8s.yaml', CDK8S_YAML],
    ['cdktf.json', cdktfJson(name)],
    ['ci/gitops.sh', GITOPS_SH],
    ['.github/workflows/hubfleet.yml', GITHUB_WORKFLOW],
    ['.gitlab-ci.yml', GITLAB_CI],
  ]);
}
