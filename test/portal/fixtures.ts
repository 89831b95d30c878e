/**
 * What the portal's tests run against: a real bare Git repository holding a small catalogue (with a
 * pre-receive hook that, as the forge's branch rules do for the deploy key, refuses every ref
 * outside the request prefix and logs every ref pushed), the cluster it belongs to, and a real
 * OpenID provider (oidc-provider, OpenID Certified) on loopback with test users and groups.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { addCatalogue } from '../../lib/catalogue/app';
import { loadCatalogue } from '../../lib/catalogue/load';
import { ClusterDefinition, defineCluster } from '../../lib/fleet/define';
import { nativeRequire } from '../../lib/portal/esm';
import { testSpec } from '../helpers';

export const CLUSTER = 'test-cluster';
export const PREFIX = 'course-requests/';

export const CATALOGUE = `$schema: ../../schemas/catalogue.schema.json
terms:
  2026-spring:
    opens: 2026-02-16
    closes: 2026-06-15
    archiveAfter: 2026-07-01
    deleteAfter: 2027-07-01
logins:
  moodle:
    moodle:
      url: https://moodle.example.org
      staffAdmins: false
images:
  scipy:
    ref: ghcr.io/example/course-scipy:2026-01-12
    provides: [nbgrader, ngshare-exchange, nbgitpuller]
    description: Python with the scientific stack
  r:
    ref: ghcr.io/example/course-r:2026-01-12
    provides: [nbgrader, ngshare-exchange]
    description: R
defaults:
  cpuGuarantee: 0.1
  memoryGuaranteeGiB: 0.5
  home:
    sizeGiB: 5
policy:
  maxStudents: 800
  maxConcurrentUsers: 200
  maxCpuLimit: 4
  maxMemoryLimitGiB: 8
  maxHomeSizeGiB: 20
`;

export const LIFECYCLE = `$schema: ../../schemas/lifecycle.schema.json
date: 2026-03-01
`;

const course = (title: string, owner: string, clientId: string, students: number, servers: number) => `$schema: ../../../schemas/course.schema.json
# Written by the platform team.
title: ${title}
owners: [${owner}]
login:
  use: moodle
  clientIds: [${clientId}]
image: scipy
students: ${students}
maxConcurrentUsers: ${servers}
memoryLimitGiB: 2
nbgrader: true
staff:
  instructors:
    users: [${owner}]
`;

/** The catalogue's files (path in the repository → text). */
export function catalogueFiles(): Map<string, string> {
  return new Map([
    [`courses/${CLUSTER}/catalogue.yaml`, CATALOGUE],
    [`courses/${CLUSTER}/lifecycle.yaml`, LIFECYCLE],
    [`courses/${CLUSTER}/2026-spring/intro.yaml`, course('Introduction to Programming', 'anna.keller@example.org', 'Xq3t9VwJ2m1aKpL', 120, 40)],
    [`courses/${CLUSTER}/2026-spring/statistics.yaml`, course('Statistics', 'ben.meier@example.org', 'Sb5t9VwJ2m1aKpQ', 80, 30)],
  ]);
}

/** The test cluster, whose app stack loads the catalogue from `dir` (`<checkout>/courses/test-cluster`; the portal gives its own). */
export function portalCluster(dir = path.join(os.tmpdir(), 'hubfleet-portal-no-checkout', 'courses', CLUSTER)): ClusterDefinition {
  return defineCluster(testSpec(), (app) => {
    addCatalogue(app, loadCatalogue(dir));
  });
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Platform Team', GIT_AUTHOR_EMAIL: 'platform@example.org', GIT_COMMITTER_NAME: 'Platform Team', GIT_COMMITTER_EMAIL: 'platform@example.org' } });

/** A bare repository with the catalogue on main, and its pre-receive hook's log. */
export interface TestRepo {
  readonly dir: string;
  readonly bare: string;
  /** Every ref update the hook saw: "<old> <new> <ref>". */
  pushedRefs(): string[];
  git(...args: string[]): string;
  /** Check out a branch into a new folder; its path. */
  checkout(branch: string): string;
  cleanup(): void;
}

export function makeRepo(): TestRepo {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-portal-repo-'));
  const bare = path.join(dir, 'catalogue.git');
  git(dir, 'init', '--bare', '--quiet', '--initial-branch=main', bare);
  const log = path.join(dir, 'pushed-refs.log');
  // The forge's rule for the deploy key, as a hook: only refs under the prefix, never a deletion.
  fs.writeFileSync(
    path.join(bare, 'hooks', 'pre-receive'),
    `#!/bin/sh
status=0
while read old new ref; do
  echo "$old $new $ref" >> '${log}'
  case "$ref" in
    refs/heads/${PREFIX}*) case "$new" in 0000000000000000000000000000000000000000) echo "deleting $ref is not allowed" >&2; status=1;; esac ;;
    *) if [ -n "$HUBFLEET_TEST_ADMIN_PUSH" ]; then :; else echo "the deploy key may push only refs/heads/${PREFIX}*, not $ref" >&2; status=1; fi ;;
  esac
done
exit $status
`,
    { mode: 0o755 },
  );
  const work = path.join(dir, 'setup');
  git(dir, 'clone', '--quiet', bare, work);
  for (const [file, text] of catalogueFiles()) {
    fs.mkdirSync(path.join(work, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(work, file), text);
  }
  git(work, 'add', '-A');
  git(work, 'commit', '--quiet', '-m', 'The catalogue');
  execFileSync('git', ['push', '--quiet', 'origin', 'HEAD:refs/heads/main'], { cwd: work, env: { ...process.env, HUBFLEET_TEST_ADMIN_PUSH: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
  fs.writeFileSync(log, '');
  return {
    dir,
    bare,
    pushedRefs: () => fs.readFileSync(log, 'utf8').split('\n').filter(Boolean),
    git: (...args: string[]) => git(bare, ...args),
    checkout(branch: string) {
      const out = fs.mkdtempSync(path.join(dir, 'checkout-'));
      git(dir, 'clone', '--quiet', '--branch', branch, bare, out);
      return out;
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A test user of the provider. */
export interface TestUser {
  readonly email: string;
  readonly name: string;
  readonly groups: readonly string[];
}

export const USERS: Record<string, TestUser> = {
  anna: { email: 'anna.keller@example.org', name: 'Anna Keller', groups: ['lecturers', 'staff'] },
  ben: { email: 'ben.meier@example.org', name: 'Ben Meier', groups: ['lecturers'] },
  eve: { email: 'eve.student@example.org', name: 'Eve Student', groups: ['students'] },
};

/** oidc-provider on loopback: its issuer now, its client registered once the portal's callback is known. */
export interface TestProvider {
  readonly issuer: string;
  /** Register the portal as a confidential client (PKCE required) with this callback. */
  register(redirectUri: string): void;
  readonly clientId: string;
  readonly clientSecret: string;
  close(): Promise<void>;
}

export async function startProvider(users: Record<string, TestUser> = USERS): Promise<TestProvider> {
  let handler: http.RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'course-portal';
  const clientSecret = 'a-test-client-secret-of-enough-length';
  return {
    issuer,
    clientId,
    clientSecret,
    register(redirectUri: string) {
      const { testProvider } = nativeRequire(path.join(__dirname, 'oidc-test-provider.js'));
      handler = testProvider(issuer, { clientId, clientSecret, redirectUri, users: JSON.parse(JSON.stringify(users)) });
    },
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
