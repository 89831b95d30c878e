/**
 * The repository that holds the catalogue, as the portal uses it: a bare clone it fetches, reads
 * the catalogue from (`git ls-tree`, `git cat-file`) and writes requests to, each as one commit on
 * a new branch under the request prefix, made with Git's plumbing (a private index, `commit-tree`)
 * so no working tree is ever touched and concurrent requests cannot mix. Every value reaches Git as
 * an argument or on stdin (never through a shell); branch names are checked by
 * `git check-ref-format` and must start with the prefix, so the portal can push nothing else (the
 * forge enforces the same for its deploy key: lib/portal/README.md, "The deploy key").
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CatalogueSources, CATALOGUE_FILE, LIFECYCLE_FILE } from '../catalogue/load';

/** A person in a commit. */
export interface GitIdentity {
  readonly name: string;
  readonly email: string;
}

/** Options of {@link CatalogueRepo}. */
export interface CatalogueRepoOptions {
  /** The repository's address (ssh://, git@host:path, https:// or a local path). */
  readonly url: string;
  /** The folder for the portal's bare clone (created when missing). */
  readonly workDir: string;
  /** The branch the catalogue is read from and requests are made against. @default 'main' */
  readonly branch?: string;
  /** Request branches start with this. @default 'course-requests/' */
  readonly requestPrefix?: string;
  /** The deploy key (private key file) for SSH remotes. @default none (the remote needs none) */
  readonly sshKeyFile?: string;
  /** known_hosts with the Git host's key; with an SSH key, hosts are checked strictly. @default none */
  readonly knownHostsFile?: string;
  /** The committer of every request: the portal. */
  readonly committer: GitIdentity;
}

/** A request branch as the remote has it. */
export interface RequestBranch {
  readonly branch: string;
  readonly commit: string;
  readonly author: GitIdentity;
  /** Author date, ISO 8601. */
  readonly date: string;
  readonly subject: string;
  /** The course files the request writes. */
  readonly files: readonly string[];
}

/** What {@link CatalogueRepo.propose} writes. */
export interface ProposedChange {
  /** The branch name after the prefix (the portal makes it: `<course>-<time>-<random>`). */
  readonly name: string;
  /** File path in the repository → new text. */
  readonly files: ReadonlyMap<string, string>;
  readonly author: GitIdentity;
  readonly message: string;
  /** The commit the change is made on (the catalogue the request was checked against). */
  readonly base: string;
  /** Author and committer time. @default now */
  readonly date?: Date;
}

/** A git command that failed. */
export class GitError extends Error {}

const MAX_BUFFER = 64 * 1024 * 1024;

/** A name part of a branch: lowercase letters, digits and dashes. */
const NAME_PART = /^[a-z0-9]([a-z0-9-]{0,80}[a-z0-9])?$/;

export class CatalogueRepo {
  readonly branch: string;
  readonly requestPrefix: string;
  private readonly gitDir: string;

  constructor(private readonly o: CatalogueRepoOptions) {
    this.branch = o.branch ?? 'main';
    this.requestPrefix = o.requestPrefix ?? 'course-requests/';
    if (!/^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*\/$/.test(this.requestPrefix)) {
      throw new GitError(`requestPrefix "${this.requestPrefix}": use lowercase path segments ending in "/" (e.g. course-requests/)`);
    }
    this.gitDir = path.resolve(o.workDir);
  }

  private env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const ssh = this.o.sshKeyFile
      ? [
          'ssh',
          '-i', this.o.sshKeyFile,
          '-o', 'IdentitiesOnly=yes',
          '-o', 'BatchMode=yes',
          ...(this.o.knownHostsFile ? ['-o', `UserKnownHostsFile=${this.o.knownHostsFile}`, '-o', 'StrictHostKeyChecking=yes'] : []),
        ]
          .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
          .join(' ')
      : undefined;
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.gitDir,
      GIT_DIR: this.gitDir,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      LC_ALL: 'C',
      ...(ssh ? { GIT_SSH_COMMAND: ssh } : {}),
      ...extra,
    };
  }

  /** Run git with arguments (never a shell), optional stdin; resolves stdout. */
  git(args: readonly string[], o: { input?: string | Buffer; env?: Record<string, string>; cwd?: string } = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = execFile('git', [...args], { env: this.env(o.env), cwd: o.cwd ?? this.gitDir, maxBuffer: MAX_BUFFER, encoding: 'utf8' }, (err, stdout, stderr) => {
        if (err) reject(new GitError(`git ${args[0]} failed: ${String(stderr).trim() || err.message}`));
        else resolve(stdout);
      });
      if (o.input !== undefined) child.stdin!.end(o.input);
    });
  }

  /** Create the bare clone when missing and fetch the branch and the request branches; the branch's commit. */
  async sync(): Promise<string> {
    if (!fs.existsSync(path.join(this.gitDir, 'HEAD'))) {
      fs.mkdirSync(this.gitDir, { recursive: true });
      await this.git(['init', '--bare', '--quiet'], { env: { GIT_DIR: this.gitDir } });
      await this.git(['remote', 'add', 'origin', this.o.url]);
    }
    await this.git([
      'fetch', '--quiet', '--prune', '--no-tags', 'origin',
      `+refs/heads/${this.branch}:refs/remotes/origin/${this.branch}`,
      `+refs/heads/${this.requestPrefix}*:refs/remotes/origin/${this.requestPrefix}*`,
    ]);
    return (await this.git(['rev-parse', '--verify', `refs/remotes/origin/${this.branch}^{commit}`])).trim();
  }

  /** The files under a folder at a commit: path → text. */
  async filesAt(commit: string, folder: string): Promise<Map<string, string>> {
    const list = await this.git(['ls-tree', '-r', '-z', '--full-tree', commit, '--', folder]);
    const entries = list.split('\0').filter(Boolean).map((l) => {
      const [meta, file] = l.split('\t');
      const [, type, sha] = meta.split(' ');
      return { type, sha, file };
    }).filter((e) => e.type === 'blob');
    const out = new Map<string, string>();
    if (!entries.length) return out;
    // One cat-file process for every blob: "<sha> blob <size>\n<content>\n" each.
    const raw = await this.batch(entries.map((e) => e.sha));
    entries.forEach((e, i) => out.set(e.file, raw[i]));
    return out;
  }

  private batch(shas: readonly string[]): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const child = execFile('git', ['cat-file', '--batch'], { env: this.env(), cwd: this.gitDir, maxBuffer: MAX_BUFFER, encoding: 'buffer' }, (err, stdout) => {
        if (err) return reject(new GitError(`git cat-file failed: ${err.message}`));
        const buf = stdout as unknown as Buffer;
        const out: string[] = [];
        let at = 0;
        for (let i = 0; i < shas.length; i++) {
          const nl = buf.indexOf(10, at);
          const size = Number(buf.subarray(at, nl).toString('utf8').split(' ')[2]);
          out.push(buf.subarray(nl + 1, nl + 1 + size).toString('utf8'));
          at = nl + 1 + size + 1;
        }
        resolve(out);
      });
      child.stdin!.end(shas.map((s) => `${s}\n`).join(''));
    });
  }

  /** The catalogue of `cluster` at a commit, as `readCatalogue` reads it from a checkout (paths relative to the repository). */
  async catalogueAt(commit: string, cluster: string): Promise<CatalogueSources> {
    const dir = `courses/${cluster}`;
    const files = await this.filesAt(commit, dir);
    const courses: Array<{ file: string; text: string; folder: string }> = [];
    const extra = new Map<string, string>();
    for (const [file, text] of [...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const rel = file.slice(dir.length + 1).split('/');
      if (rel.length === 1) {
        if (/\.ya?ml$/.test(rel[0]) && rel[0] !== CATALOGUE_FILE && rel[0] !== LIFECYCLE_FILE) courses.push({ file, text, folder: '' });
      } else if (rel.length === 2 && !rel[0].startsWith('.')) {
        if (/\.ya?ml$/.test(rel[1])) courses.push({ file, text, folder: rel[0] });
        else extra.set(file, text);
      }
    }
    const at = (name: string) => (files.has(`${dir}/${name}`) ? { file: `${dir}/${name}`, text: files.get(`${dir}/${name}`)! } : undefined);
    return { cluster, catalogue: at(CATALOGUE_FILE), lifecycle: at(LIFECYCLE_FILE), courses, extra };
  }

  /** The full ref of a request branch; throws unless `name` is a safe name under the prefix. */
  async requestRef(name: string): Promise<string> {
    const parts = name.split('/');
    if (!parts.every((p) => NAME_PART.test(p)) || parts.length > 2) throw new GitError(`request branch name "${name}": lowercase letters, digits and dashes only`);
    const branch = `${this.requestPrefix}${name}`;
    const checked = (await this.git(['check-ref-format', '--branch', branch])).trim();
    if (checked !== branch || !branch.startsWith(this.requestPrefix)) throw new GitError(`request branch "${branch}" is not under ${this.requestPrefix}`);
    return `refs/heads/${branch}`;
  }

  /**
   * Write the files as one commit on `base` (author: the lecturer; committer: the portal) and push
   * it as a new branch under the prefix. Never forces: an existing branch of that name is an error.
   */
  async propose(change: ProposedChange): Promise<{ branch: string; commit: string }> {
    const ref = await this.requestRef(change.name);
    for (const f of change.files.keys()) if (!/^courses\/[a-z0-9][a-z0-9-]*\/([a-z0-9][a-z0-9-]*\/)?[a-z0-9][a-z0-9-]*\.yaml$/.test(f)) throw new GitError(`the portal writes course files only, not "${f}"`);
    const index = path.join(this.gitDir, `portal-index-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const when = `${Math.floor((change.date ?? new Date()).getTime() / 1000)} +0000`;
    try {
      const idx = { GIT_INDEX_FILE: index };
      await this.git(['read-tree', change.base], { env: idx });
      for (const [file, text] of change.files) {
        const blob = (await this.git(['hash-object', '-w', '--stdin'], { input: text })).trim();
        await this.git(['update-index', '--add', '--cacheinfo', `100644,${blob},${file}`], { env: idx });
      }
      const tree = (await this.git(['write-tree'], { env: idx })).trim();
      const commit = (
        await this.git(['commit-tree', tree, '-p', change.base, '-F', '-'], {
          input: change.message,
          env: {
            GIT_AUTHOR_NAME: change.author.name,
            GIT_AUTHOR_EMAIL: change.author.email,
            GIT_AUTHOR_DATE: when,
            GIT_COMMITTER_NAME: this.o.committer.name,
            GIT_COMMITTER_EMAIL: this.o.committer.email,
            GIT_COMMITTER_DATE: when,
          },
        })
      ).trim();
      // An explicit refspec for one new ref: no force, no other branch, no tags.
      await this.git(['push', '--quiet', '--no-follow-tags', 'origin', `${commit}:${ref}`]);
      await this.git(['update-ref', ref.replace(/^refs\/heads\//, 'refs/remotes/origin/'), commit]);
      return { branch: ref.slice('refs/heads/'.length), commit };
    } finally {
      fs.rmSync(index, { force: true });
    }
  }

  /** The request branches fetched by the last {@link sync}, newest first. */
  async requests(): Promise<RequestBranch[]> {
    const sep = '\x1f';
    const out = await this.git(['for-each-ref', '--sort=-authordate', `--format=%(refname)${sep}%(objectname)${sep}%(authorname)${sep}%(authoremail)${sep}%(authordate:iso-strict)${sep}%(subject)`, `refs/remotes/origin/${this.requestPrefix}`]);
    const rows = out.split('\n').filter(Boolean).map((l) => l.split(sep));
    const prefix = 'refs/remotes/origin/';
    return Promise.all(
      rows.map(async ([ref, commit, name, email, date, subject]) => {
        const files = (await this.git(['diff-tree', '--no-commit-id', '--name-only', '-r', '-z', `${commit}^`, commit])).split('\0').filter(Boolean);
        return { branch: ref.slice(prefix.length), commit, author: { name, email: email.replace(/^<|>$/g, '') }, date, subject, files };
      }),
    );
  }

  /** True when `commit` is contained in the branch (merged without squashing). */
  async isMerged(commit: string): Promise<boolean> {
    try {
      await this.git(['merge-base', '--is-ancestor', commit, `refs/remotes/origin/${this.branch}`]);
      return true;
    } catch {
      return false;
    }
  }
}
