import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { nbgitpullerLink, nbgitpullerLti11Launch, nbgitpullerPath } from '../../lib/hub/nbgitpuller';
import { UserImage } from '../../lib/hub/user-image';
import { issuesOf, testSpec } from '../helpers';

describe('nbgitpuller links', () => {
  test('a JupyterLab link opens the file inside the cloned repo folder', () => {
    const url = new URL(nbgitpullerLink({ hubUrl: 'https://intro.example.org/', repo: 'https://github.com/org/intro-material.git', path: 'week1/a.ipynb' }));
    expect(url.pathname).toBe('/hub/user-redirect/git-pull');
    expect(url.searchParams.get('repo')).toBe('https://github.com/org/intro-material.git');
    expect(url.searchParams.get('urlpath')).toBe('lab/tree/intro-material/week1/a.ipynb');
    expect(url.searchParams.get('branch')).toBe('main');
    expect(url.searchParams.has('targetPath')).toBe(false);
  });

  test('a target path, branch, classic notebook and named server', () => {
    const p = nbgitpullerPath({ repo: 'https://git.example.org/c/m', branch: 'hs26', targetPath: 'course', app: 'notebook', serverName: 'exam' });
    const url = new URL(`https://h.example.org/${p}`);
    expect(url.pathname).toBe('/hub/user-redirect/exam/git-pull');
    expect(url.searchParams.get('urlpath')).toBe('tree/course');
    expect(url.searchParams.get('targetPath')).toBe('course');
    expect(url.searchParams.get('branch')).toBe('hs26');
  });

  test('hubs under a base path keep it', () => {
    expect(nbgitpullerLink({ hubUrl: 'https://jupyter.example.org/intro', repo: 'https://x.org/r' })).toMatch(/^https:\/\/jupyter\.example\.org\/intro\/hub\/user-redirect\/git-pull\?/);
  });

  test('the LTI 1.1 launch wraps the hub-relative link in next=', () => {
    const launch = new URL(nbgitpullerLti11Launch({ hubUrl: 'https://jupyter.example.org/intro/', repo: 'https://x.org/r' }));
    expect(launch.pathname).toBe('/intro/hub/lti/launch');
    const next = launch.searchParams.get('next')!;
    expect(next.startsWith('/intro/hub/user-redirect/git-pull?repo=')).toBe(true);
  });
});

describe('gitPullLink values', () => {
  const rulesOf = (o: Record<string, unknown>) => {
    const app = new ClusterApp(testSpec());
    const hub = new CourseJupyterHub(app, 'intro', { auth: HubAuth.dummy(), image: UserImage.of('ghcr.io/org/course:2025-08-18', { provides: ['nbgitpuller'] }), students: 3 });
    hub.gitPullLink({ repo: 'https://github.com/org/course', ...o });
    return issuesOf(app).map((i) => i.rule);
  };
  test.each([
    [{ repo: 'http://github.com/org/course' }, 'gitpull-repo'],
    [{ repo: '--upload-pack=touch /tmp/x' }, 'gitpull-repo'],
    [{ repo: 'https://user:token@github.com/org/course' }, 'gitpull-repo'],
    [{ branch: '--output=/tmp/x' }, 'gitpull-branch'],
    [{ branch: 'main; rm -rf ~' }, 'gitpull-branch'],
    [{ branch: 'a..b' }, 'gitpull-branch'],
    [{ path: '/etc/passwd' }, 'gitpull-paths'],
    [{ path: '../../.ssh/id_rsa' }, 'gitpull-paths'],
    [{ targetPath: '../outside' }, 'gitpull-paths'],
  ])('fails %j (%s)', (o, rule) => {
    expect(rulesOf(o)).toEqual([rule]);
  });
  test('a plain link passes', () => expect(rulesOf({ branch: 'release/2026', path: 'week1/intro.ipynb', targetPath: 'course' })).toEqual([]));
});
