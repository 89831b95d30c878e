/**
 * nbgitpuller links: one click pulls a course's Git repo into the student's home (merging, never
 * overwriting their changes) and opens a file. nbgitpuller must be installed in the user image.
 */

import { PropRule } from '../core/errors';
import { gitRefProblem, httpsUrlProblem, relativePathProblem, valueRule } from '../core/value-rules';

/** What to pull and what to open. */
export interface NbgitpullerLinkOptions {
  /** The hub's public URL, e.g. `https://intro.teaching.example.org/` (CourseJupyterHub.url). */
  readonly hubUrl: string;
  /** Git repo to pull, e.g. `https://github.com/org/course-material`. */
  readonly repo: string;
  /** @default 'main' */
  readonly branch?: string;
  /** File or folder inside the repo to open. @default '' (the repo folder) */
  readonly path?: string;
  /** Folder in the home the repo is cloned to. @default the repo's last path component */
  readonly targetPath?: string;
  /** Which app opens the file. @default 'lab' */
  readonly app?: 'lab' | 'notebook' | 'rstudio' | 'shiny';
  /** Named server to pull into. @default undefined (the default server) */
  readonly serverName?: string;
}

function repoDir(repo: string): string {
  const last = repo.replace(/\/+$/, '').split('/').pop() ?? 'repo';
  return last.replace(/\.git$/, '');
}

function urlPath(app: string, dir: string, file: string): string {
  const p = file ? `${dir}/${file.replace(/^\/+/, '')}` : dir;
  switch (app) {
    case 'lab':
      return `lab/tree/${p}`;
    case 'notebook':
      return `tree/${p}`;
    case 'rstudio':
      return 'rstudio/';
    default:
      return `shiny/${p}/`;
  }
}

/** The hub-relative path `/hub/user-redirect/git-pull?...` (for LTI deep links and Moodle Tool URLs). */
export function nbgitpullerPath(o: Omit<NbgitpullerLinkOptions, 'hubUrl'>): string {
  const target = o.targetPath ?? repoDir(o.repo);
  const q = new URLSearchParams();
  q.set('repo', o.repo);
  q.set('urlpath', urlPath(o.app ?? 'lab', target, o.path ?? ''));
  q.set('branch', o.branch ?? 'main');
  if (o.targetPath) q.set('targetPath', o.targetPath);
  const server = o.serverName ? `${encodeURIComponent(o.serverName)}/` : '';
  return `hub/user-redirect/${server}git-pull?${q.toString()}`;
}

/** A full nbgitpuller link for a hub. */
export function nbgitpullerLink(o: NbgitpullerLinkOptions): string {
  const base = o.hubUrl.endsWith('/') ? o.hubUrl : `${o.hubUrl}/`;
  return `${base}${nbgitpullerPath(o)}`;
}

/**
 * The same link wrapped for an LTI 1.1 launch: `/hub/lti/launch?next=...`. For LTI 1.3, put
 * {@link nbgitpullerLink} itself into the platform's Tool URL (the authenticator follows it).
 */
export function nbgitpullerLti11Launch(o: NbgitpullerLinkOptions): string {
  const base = o.hubUrl.endsWith('/') ? o.hubUrl : `${o.hubUrl}/`;
  const basePath = new URL(base).pathname;
  return `${base}hub/lti/launch?next=${encodeURIComponent(`${basePath}${nbgitpullerPath(o)}`)}`;
}

/**
 * The link's values as nbgitpuller uses them (nbgitpuller/pull.py: `git clone --branch <branch>
 * <repo> <targetPath>` and a path it opens): an https repository, a Git ref that is not an option, and
 * relative paths inside the home. Each has a "fails …" test (test/hub/nbgitpuller.test.ts).
 */
export const NBGITPULLER_LINK_RULES: readonly PropRule<Omit<NbgitpullerLinkOptions, 'hubUrl'>>[] = [
  valueRule('gitpull-repo', 'gitPullLink.repo', (o) => [o.repo], httpsUrlProblem, 'give the repository as an https URL without credentials, e.g. "https://github.com/org/course-material".'),
  valueRule('gitpull-branch', 'gitPullLink.branch', (o) => [o.branch], gitRefProblem, 'name a branch or tag, e.g. "main".'),
  valueRule('gitpull-paths', 'gitPullLink.path/targetPath', (o) => [o.path || undefined, o.targetPath], relativePathProblem, 'give paths inside the repository and the home, without "/" first or "..", e.g. "week1/intro.ipynb".'),
];
