/**
 * Merge requests through the forge's REST API: GitHub (`POST /repos/{owner}/{repo}/pulls`,
 * `GET /repos/{owner}/{repo}/pulls?head=…&state=all`) and GitLab
 * (`POST /projects/:id/merge_requests`, `GET /projects/:id/merge_requests?source_branch=…&state=all`).
 * The request bodies and queries are checked in test/portal/forge.test.ts against the operations of
 * the forges' published API descriptions (test/portal/fixtures/forge-api/).
 * The token may open merge requests and read them, nothing else (lib/portal/README.md).
 */

/** A merge request as the portal shows it. */
export interface MergeRequestInfo {
  /** The forge's number: GitHub's pull request number, GitLab's `iid`. */
  readonly number: number;
  readonly url: string;
  readonly state: 'open' | 'merged' | 'closed';
}

/** What a merge request says. */
export interface NewMergeRequest {
  readonly sourceBranch: string;
  readonly targetBranch: string;
  readonly title: string;
  readonly description: string;
}

/** A forge the portal opens merge requests on. */
export interface Forge {
  readonly kind: 'github' | 'gitlab';
  open(mr: NewMergeRequest): Promise<MergeRequestInfo>;
  /** The newest merge request of a source branch, or undefined. */
  find(sourceBranch: string): Promise<MergeRequestInfo | undefined>;
}

/** Props of a forge client. */
export interface ForgeOptions {
  /** API root: `https://api.github.com`, `https://github.example.org/api/v3`, `https://gitlab.example.org/api/v4`. */
  readonly apiUrl: string;
  /** GitHub: `owner/name`; GitLab: the project's numeric id or its path (`group/project`). */
  readonly repository: string;
  /** The API token (GitHub: a fine-grained token with Pull requests: read and write; GitLab: a project access token, role Developer, scope api). */
  readonly token: string;
  /** @default the global fetch */
  readonly fetch?: typeof fetch;
}

/** A forge API call that failed. */
export class ForgeError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/** GitLab allows 1,048,576 characters in a description (doc/api/merge_requests.md); GitHub 65,536 in a body. */
const MAX_DESCRIPTION = { github: 65_536, gitlab: 1_048_576 } as const;

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 40)}\n\n… (shortened by the portal)\n`);

async function call(o: ForgeOptions, method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: unknown): Promise<unknown> {
  const res = await (o.fetch ?? fetch)(url, {
    method,
    headers: { Accept: 'application/json', 'User-Agent': 'hubfleet-portal', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    redirect: 'error',
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  if (!res.ok) throw new ForgeError(`${method} ${new URL(url).pathname}: HTTP ${res.status} ${text.slice(0, 300)}`, res.status);
  try {
    return JSON.parse(text);
  } catch {
    throw new ForgeError(`${method} ${new URL(url).pathname}: the answer is not JSON`);
  }
}

const root = (u: string) => u.replace(/\/+$/, '');

/** GitHub (and GitHub Enterprise Server): pull requests. */
export class GitHubForge implements Forge {
  readonly kind = 'github';
  private readonly owner: string;
  private readonly repo: string;

  constructor(private readonly o: ForgeOptions) {
    const m = /^([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/.exec(o.repository);
    if (!m) throw new ForgeError(`GitHub repository "${o.repository}": write owner/name`);
    [this.owner, this.repo] = [m[1], m[2]];
  }

  private get base() {
    return `${root(this.o.apiUrl)}/repos/${encodeURIComponent(this.owner)}/${encodeURIComponent(this.repo)}/pulls`;
  }

  private headers() {
    return { Accept: 'application/vnd.github+json', Authorization: `Bearer ${this.o.token}`, 'X-GitHub-Api-Version': '2022-11-28' };
  }

  private static info(x: any): MergeRequestInfo {
    if (typeof x?.number !== 'number' || typeof x?.html_url !== 'string') throw new ForgeError('GitHub answered without number and html_url');
    return { number: x.number, url: x.html_url, state: x.merged_at ? 'merged' : x.state === 'open' ? 'open' : 'closed' };
  }

  async open(mr: NewMergeRequest): Promise<MergeRequestInfo> {
    const body = { title: mr.title, head: mr.sourceBranch, base: mr.targetBranch, body: clip(mr.description, MAX_DESCRIPTION.github), maintainer_can_modify: false, draft: false };
    return GitHubForge.info(await call(this.o, 'POST', this.base, this.headers(), body));
  }

  async find(sourceBranch: string): Promise<MergeRequestInfo | undefined> {
    const q = new URLSearchParams({ state: 'all', head: `${this.owner}:${sourceBranch}`, sort: 'created', direction: 'desc', per_page: '1' });
    const list = await call(this.o, 'GET', `${this.base}?${q}`, this.headers());
    if (!Array.isArray(list)) throw new ForgeError('GitHub answered a list of pull requests with something else');
    return list.length ? GitHubForge.info(list[0]) : undefined;
  }
}

/** GitLab: merge requests. */
export class GitLabForge implements Forge {
  readonly kind = 'gitlab';
  constructor(private readonly o: ForgeOptions) {
    if (!/^([0-9]+|[A-Za-z0-9][A-Za-z0-9_.-]*(\/[A-Za-z0-9][A-Za-z0-9_.-]*)+)$/.test(o.repository)) throw new ForgeError(`GitLab project "${o.repository}": write its numeric id or its path (group/project)`);
  }

  private get base() {
    return `${root(this.o.apiUrl)}/projects/${encodeURIComponent(this.o.repository)}/merge_requests`;
  }

  private headers() {
    return { 'PRIVATE-TOKEN': this.o.token };
  }

  private static info(x: any): MergeRequestInfo {
    if (typeof x?.iid !== 'number' || typeof x?.web_url !== 'string') throw new ForgeError('GitLab answered without iid and web_url');
    return { number: x.iid, url: x.web_url, state: x.state === 'merged' ? 'merged' : x.state === 'opened' || x.state === 'locked' ? 'open' : 'closed' };
  }

  async open(mr: NewMergeRequest): Promise<MergeRequestInfo> {
    const body = { source_branch: mr.sourceBranch, target_branch: mr.targetBranch, title: mr.title, description: clip(mr.description, MAX_DESCRIPTION.gitlab), remove_source_branch: true, squash: false };
    return GitLabForge.info(await call(this.o, 'POST', this.base, this.headers(), body));
  }

  async find(sourceBranch: string): Promise<MergeRequestInfo | undefined> {
    const q = new URLSearchParams({ source_branch: sourceBranch, state: 'all', order_by: 'created_at', sort: 'desc', per_page: '1' });
    const list = await call(this.o, 'GET', `${this.base}?${q}`, this.headers());
    if (!Array.isArray(list)) throw new ForgeError('GitLab answered a list of merge requests with something else');
    return list.length ? GitLabForge.info(list[0]) : undefined;
  }
}

/** The forge client of a kind. */
export function forgeOf(kind: 'github' | 'gitlab', o: ForgeOptions): Forge {
  return kind === 'github' ? new GitHubForge(o) : new GitLabForge(o);
}
