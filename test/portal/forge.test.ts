/**
 * The portal's merge-request client against stand-in forges that validate every request against
 * the operations of the forges' published API descriptions (fixtures/forge-api/: GitHub's
 * pulls/create and pulls/list as published; GitLab's merge request operations derived from its
 * documentation).
 */
import { ForgeError, GitHubForge, GitLabForge } from '../../lib/portal/forge';
import { startStandInForge, StandInForge } from './stand-in-forge';

const MR = { sourceBranch: 'course-requests/big-data-20260301-120000-a1b2c3', targetBranch: 'main', title: 'Course request: new course big-data (2026-spring)', description: 'verdict and diff\n```\n</script>\n```' };

describe.each(['github', 'gitlab'] as const)('the %s client', (kind) => {
  let forge: StandInForge;
  beforeAll(async () => {
    forge = await startStandInForge(kind, 'token-123');
  });
  afterAll(() => forge.close());
  const client = (token = 'token-123') =>
    kind === 'github' ? new GitHubForge({ apiUrl: forge.url, repository: 'example-university/teaching-clusters', token }) : new GitLabForge({ apiUrl: forge.url, repository: 'platform/teaching-clusters', token });

  test('opens a merge request whose call the published description accepts, and finds it by its branch', async () => {
    const mr = await client().open(MR);
    expect(mr.state).toBe('open');
    expect(mr.url).toMatch(kind === 'github' ? /\/pull\/1$/ : /\/-\/merge_requests\/1$/);
    const held = forge.requests[0];
    expect(held).toMatchObject({ sourceBranch: MR.sourceBranch, targetBranch: 'main', title: MR.title, description: MR.description });
    expect(await client().find(MR.sourceBranch)).toEqual(mr);
    expect(await client().find('course-requests/other')).toBeUndefined();
    expect(forge.violations).toEqual([]);
    expect(forge.calls.map((c) => c.operation)).toEqual(kind === 'github' ? ['pulls/create', 'pulls/list', 'pulls/list'] : ['postApiV4ProjectsIdMergeRequests', 'getApiV4ProjectsIdMergeRequests', 'getApiV4ProjectsIdMergeRequests']);
  });

  test('reads merged and closed states', async () => {
    forge.requests[0].state = 'merged';
    expect((await client().find(MR.sourceBranch))?.state).toBe('merged');
    forge.requests[0].state = 'closed';
    expect((await client().find(MR.sourceBranch))?.state).toBe('closed');
  });

  test('fails with the forge\'s status on a wrong token', async () => {
    await expect(client('wrong').open(MR)).rejects.toThrow(ForgeError);
    await expect(client('wrong').open(MR)).rejects.toMatchObject({ status: 401 });
  });

  test('the stand-in refuses what the description does not allow (the check can fail)', async () => {
    const res = await fetch(kind === 'github' ? `${forge.url}/repos/a/b/pulls?state=everything` : `${forge.url}/projects/1/merge_requests?state=everything`, { headers: kind === 'github' ? { Authorization: 'Bearer token-123' } : { 'PRIVATE-TOKEN': 'token-123' } });
    expect(res.status).toBe(422);
    const post = await fetch(kind === 'github' ? `${forge.url}/repos/a/b/pulls` : `${forge.url}/projects/1/merge_requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(kind === 'github' ? { Authorization: 'Bearer token-123' } : { 'PRIVATE-TOKEN': 'token-123' }) },
      body: JSON.stringify(kind === 'github' ? { title: 'no head or base' } : { source_branch: 'x', title: 'no target', sourceBranch: 'misspelt' }),
    });
    expect(post.status).toBe(422);
    expect(forge.violations.length).toBeGreaterThanOrEqual(2);
  });
});

test('repository names are checked before any call', () => {
  expect(() => new GitHubForge({ apiUrl: 'https://api.github.com', repository: 'no-slash', token: 't' })).toThrow(/owner\/name/);
  expect(() => new GitLabForge({ apiUrl: 'https://gitlab.example.org/api/v4', repository: '../etc', token: 't' })).toThrow(/numeric id or its path/);
});
