import { nbgitpullerLink, nbgitpullerLti11Launch, nbgitpullerPath } from '../../lib/hub/nbgitpuller';

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
