/**
 * Values stay data (lib/core/README.md, "Where values go"): for every generator that renders a
 * script, a page or a config from values, a table of hostile values run through the real
 * interpreter (sh and dash, bash for the bash scripts, python3; the HTML read by parse5, YAML read
 * back by the yaml package), proving that each value comes out as the same data and runs nothing.
 * A marker file is the tell: every payload tries to create it.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseHtml } from 'parse5';
import { parse as parseYaml } from 'yaml';
import { capacityPlan } from '../../lib/capacity/plan';
import { PLACEHOLDER_SCRIPT } from '../../lib/exam/seat-reservation';
import { CHECK_PY, EXPORT_PY } from '../../lib/exam/receipts';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { nbgitpullerLink } from '../../lib/hub/nbgitpuller';
import { buildInventory } from '../../lib/model/inventory';
import { renderUserData, renderVsphereMetadata, rke2Registries } from '../../lib/nodes/cloud-init';
import { renderKubesprayHosts } from '../../lib/nodes/kubespray-inventory';
import { planNodes } from '../../lib/nodes/node-plan';
import { RKE2_INSTALL_SCRIPT_PATH } from '../../lib/nodes/rke2-install-script';
import { SEALING_KEY_RESTORE_SCRIPT } from '../../lib/platform/sealing-key-backup';
import { renderReport } from '../../lib/report/report';
import { BACKUP_SCRIPT, PASSWORD_GUARD_SCRIPT, RESTORE_SCRIPT, restoreJobManifest } from '../../lib/seb/seb-backup';
import { NFS_ARCHIVE_SCRIPT } from '../../lib/storage/nfs-archive';
import { modelOf } from '../capacity/fixtures';
import { ethTeachingSpec, fillTemplate, JOIN, vsphereOf } from '../nodes/fixtures';
import { reportApp } from '../report/fixtures';

const has = (cmd: string) => spawnSync(cmd, ['-c', 'true']).status === 0;
const SHELLS = ['sh', 'dash', 'bash'].filter(has);
const POSIX = ['sh', 'dash'].filter(has);
const PYTHON = spawnSync('python3', ['--version']).status === 0;

let dir: string;
let mark: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-sinks-'));
  mark = path.join(dir, 'PWNED');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Values that try to run code, end a string, a line, an attribute or a comment, or climb out of a folder. */
const hostile = () => [
  `$(touch ${mark})`,
  `\`touch ${mark}\``,
  `'; touch ${mark}; '`,
  `"; touch ${mark}; "`,
  `x\ntouch ${mark}`,
  `a[$(touch ${mark})]`,
  '\\c\\n%s%d -e -n',
  '"><script>alert(1)</script><img src=x onerror=alert(2)>',
  "' onmouseover='alert(3)",
  '{{ lookup("pipe", "id") }} ${jndi:ldap://x} %{ if true }',
  '../../../etc/passwd',
  '--help',
  '-n',
  '',
  'ünïcødé ✓ \u202eevil',
];

/** Run a script text with a shell, env added to a minimal PATH. */
function sh(shell: string, script: string, env: Record<string, string>, extraPath?: string) {
  return spawnSync(shell, ['-c', script], { env: { PATH: `${extraPath ? `${extraPath}:` : ''}${process.env.PATH}`, HOME: dir, ...env }, encoding: 'utf8' });
}

/** Stand-in commands in a bin folder. */
function stubs(scripts: Record<string, string>): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  for (const [name, body] of Object.entries(scripts)) fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return bin;
}

describe('shell: seat placeholders (lib/exam/seat-reservation.ts)', () => {
  test.each(POSIX.concat(SHELLS.includes('bash') ? ['bash'] : []))('%s: the texts come out as they went in, the bounds never run', (shell) => {
    const bin = stubs({ date: 'echo 1000', sleep: 'echo "slept $1"' });
    for (const v of hostile()) {
      const r = sh(shell, PLACEHOLDER_SCRIPT, { HOLD_FROM: '900', HOLD_UNTIL: '1100', HOLD_FROM_TEXT: v, HOLD_UNTIL_TEXT: v }, bin);
      expect(r.stdout).toBe(`holding a seat until ${v}\nslept 100\n`);
      const out = sh(shell, PLACEHOLDER_SCRIPT, { HOLD_FROM: '2000', HOLD_UNTIL: '3000', HOLD_FROM_TEXT: v, HOLD_UNTIL_TEXT: `${v}!` }, bin);
      expect(out.stdout).toBe(`not in the hold window (${v} to ${v}!): nothing to hold\n`);
      const bad = sh(shell, PLACEHOLDER_SCRIPT, { HOLD_FROM: v, HOLD_UNTIL: v, HOLD_FROM_TEXT: 'f', HOLD_UNTIL_TEXT: 'u' }, bin);
      expect(bad.status).toBe(2);
    }
    expect(fs.existsSync(mark)).toBe(false);
  });
});

describe('shell: NFS archive (lib/storage/nfs-archive.ts)', () => {
  test.each(POSIX)('%s: hostile PV names, paths and settings archive nothing outside the export and run nothing', (shell) => {
    const exp = path.join(dir, 'export');
    fs.mkdirSync(path.join(exp, 'course-x', 'claim-a'), { recursive: true });
    const lines = hostile().flatMap((v) => [
      [v.replace(/\|/g, ''), 'Released', 'nfs-homes', '10.0.0.5', '/export/course-x/claim-a', 'course-x', 'claim-a'].join('|'),
      ['pv-ok', 'Released', 'nfs-homes', '10.0.0.5', `/export/${v.replace(/\|/g, '')}`, 'course-x', v.replace(/\|/g, '')].join('|'),
    ]);
    lines.push(['pv-ok', 'Released', 'nfs-homes', '10.0.0.5', '/export/course-x/claim-a', 'course-x', 'claim-a'].join('|'));
    fs.writeFileSync(path.join(dir, 'pvs'), `${lines.join('\n')}\n`);
    for (const v of hostile()) {
      const r = sh(shell, NFS_ARCHIVE_SCRIPT, { MODE: 'archive', EXPORT_ROOT: exp, NFS_PATH: '/export', NFS_SERVER: '10.0.0.5', CLASSES: 'nfs-homes', PV_LIST: path.join(dir, 'pvs'), STAMP: '2026-09-01', NAMESPACE: v });
      expect(r.stderr).toBe('');
    }
    const r = sh(shell, NFS_ARCHIVE_SCRIPT, { MODE: 'archive', EXPORT_ROOT: exp, NFS_PATH: '/export', NFS_SERVER: '10.0.0.5', CLASSES: 'nfs-homes', PV_LIST: path.join(dir, 'pvs'), STAMP: '2026-09-01' });
    expect(r.status).toBe(0);
    // Only real PV names became folder names; nothing left the export; nothing ran.
    const archived = fs.existsSync(path.join(exp, 'hubfleet-archive')) ? fs.readdirSync(path.join(exp, 'hubfleet-archive', '2026-09-01', 'course-x')) : [];
    expect(archived).toEqual(['claim-a--pv-ok']);
    expect(fs.readdirSync(dir).sort()).toEqual(['export', 'pvs']);
    expect(r.stdout).toMatch(/SKIP .*: not a PersistentVolume name/);
  });
});

describe('bash: SEB Server backup, restore and password guard (lib/seb/seb-backup.ts)', () => {
  const bashOnly = has('bash') ? test : test.skip;
  bashOnly('RETENTION_DAYS reaches arithmetic only as digits (bash would evaluate a[$(…)] in $((…)))', () => {
    const bin = stubs({ mariadb: 'echo information_schema', 'mariadb-dump': 'echo dump' });
    fs.mkdirSync(path.join(dir, 'backup'));
    for (const v of hostile()) {
      const r = spawnSync('bash', ['-c', BACKUP_SCRIPT], { env: { PATH: `${bin}:${process.env.PATH}`, DB_HOST: 'db', DB_PORT: '3306', BACKUP_DIR: path.join(dir, 'backup'), RETENTION_DAYS: v }, encoding: 'utf8' });
      expect(r.status).not.toBe(0);
    }
    expect(fs.existsSync(mark)).toBe(false);
    const ok = spawnSync('bash', ['-c', BACKUP_SCRIPT], { env: { PATH: `${bin}:${process.env.PATH}`, DB_HOST: 'db', DB_PORT: '3306', BACKUP_DIR: path.join(dir, 'backup'), RETENTION_DAYS: '14' }, encoding: 'utf8' });
    expect(ok.status).toBe(0);
  });

  bashOnly('BACKUP_FILE is a file name in the backup folder or nothing: no path, no code', () => {
    const bin = stubs({ mariadb: 'cat > /dev/null', gzip: 'exit 0', gunzip: 'exit 0' });
    fs.mkdirSync(path.join(dir, 'backup'));
    for (const v of hostile()) {
      const r = spawnSync('bash', ['-c', RESTORE_SCRIPT], { env: { PATH: `${bin}:${process.env.PATH}`, DB_HOST: 'db', DB_PORT: '3306', BACKUP_DIR: path.join(dir, 'backup'), BACKUP_FILE: v }, encoding: 'utf8' });
      expect(r.status).not.toBe(0);
      expect(r.stdout).not.toContain('restoring');
    }
    expect(fs.existsSync(mark)).toBe(false);
    // The manifest that sets BACKUP_FILE takes backup names only.
    for (const v of hostile()) expect(() => restoreJobManifest({ namespace: 'seb', image: 'mariadb:11.4.5', labels: {}, rootPassword: { secretName: 's', key: 'k' } }, v)).toThrow(/is not a backup file name/);
  });

  bashOnly('the SEB Server password is hashed as data: only its hex fingerprint reaches SQL', () => {
    const bin = stubs({ mariadb: 'for a in "$@"; do printf "%s\\n" "$a"; done >> "$SQL_LOG"; case "$*" in *"SELECT fingerprint"*) cat "$FP_FILE";; esac' });
    for (const v of hostile().filter((x) => x !== '')) {
      const want = createHash('sha256').update(`hubfleet-seb-password-guard:${v}`).digest('hex');
      fs.writeFileSync(path.join(dir, 'fp'), `${want}\n`);
      fs.writeFileSync(path.join(dir, 'sql'), '');
      const r = spawnSync('bash', ['-c', PASSWORD_GUARD_SCRIPT], { env: { PATH: `${bin}:${process.env.PATH}`, DB_HOST: 'db', DB_PORT: '3306', DB_USER: 'seb', SEBSERVER_PASSWORD: v, SQL_LOG: path.join(dir, 'sql'), FP_FILE: path.join(dir, 'fp'), GUARD_WAIT_TRIES: '1' }, encoding: 'utf8' });
      expect(r.stdout).toContain('matches the fingerprint');
      const sql = fs.readFileSync(path.join(dir, 'sql'), 'utf8');
      expect(sql).toContain(`VALUES (1, '${want}')`);
      expect(sql).not.toContain(v.slice(0, 8) || '\u0000');
    }
    expect(fs.existsSync(mark)).toBe(false);
  });
});

describe('bash: sealing-key restore (lib/platform/sealing-key-backup.ts)', () => {
  (has('bash') ? test : test.skip)('the namespace is compared as text, not as a pattern: ".*" does not let Secrets of other namespaces through', () => {
    const bin = stubs({ kubectl: 'echo "kubectl $*" >> "$LOG"' });
    const backup = path.join(dir, 'backup.yaml');
    fs.writeFileSync(backup, ['---', 'apiVersion: v1', 'kind: Secret', 'type: kubernetes.io/tls', 'metadata:', '  name: k', '  namespace: other', '  labels:', '    sealedsecrets.bitnami.com/sealed-secrets-key: active', 'data:', '  tls.crt: x', '  tls.key: y', ''].join('\n'));
    for (const ns of ['.*', 'o.her', 'other|x']) {
      const r = spawnSync('bash', ['-c', SEALING_KEY_RESTORE_SCRIPT, 'restore', backup], { env: { PATH: `${bin}:${process.env.PATH}`, SEALED_SECRETS_NAMESPACE: ns, LOG: path.join(dir, 'log') }, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('has Secrets outside');
    }
    expect(fs.existsSync(path.join(dir, 'log'))).toBe(false);
  });
});

describe('shell: RKE2 first-boot script (lib/nodes/rke2-install-script.ts), values past the rules', () => {
  test.each(POSIX)('%s: the version, URLs and artifact folder reach curl and install.sh as the same bytes', (shell) => {
    const log = path.join(dir, 'log');
    const bin = stubs({
      curl: 'for a in "$@"; do printf "curl-arg:%s\\000" "$a" >> "$LOG"; done; exit 7',
      sleep: 'exit 0',
      systemctl: 'echo systemctl >> "$LOG"',
    });
    for (const v of hostile().filter((x) => x !== '')) {
      fs.rmSync(log, { force: true });
      const spec = ethTeachingSpec();
      spec.kubernetes.version = `v1.35.7+rke2r1${v}`;
      vsphereOf(spec).rke2 = { scriptUrl: `https://get.example.org/${v}`, artifactUrl: `https://mirror.example.org/${v}`, installAttempts: 1 };
      const node = planNodes(spec as ClusterSpec).find((n) => n.name === 'eth-teaching-cp-1')!;
      const cc = parseYaml(fillTemplate(renderUserData(spec as ClusterSpec, node, JOIN)));
      const script = (cc.write_files as Array<{ path: string; content: string }>).find((f) => f.path === RKE2_INSTALL_SCRIPT_PATH)!.content;
      const root = path.join(dir, 'root');
      fs.mkdirSync(root, { recursive: true });
      const r = spawnSync(shell, ['-c', script], { env: { PATH: `${bin}:/usr/bin:/bin`, HUBFLEET_ROOT: root, LOG: log }, encoding: 'utf8' });
      expect(r.status).toBe(1);
      const args = fs.readFileSync(log, 'utf8').split('\u0000').filter((l) => l.startsWith('curl-arg:'));
      expect(args).toContain(`curl-arg:https://get.example.org/${v}`);
      expect(fs.readFileSync(path.join(root, 'var/lib/hubfleet/rke2-install.failed'), 'utf8')).toContain(`RKE2 v1.35.7+rke2r1${v} did not install after 1 attempts`);
    }
    expect(fs.existsSync(mark)).toBe(false);
  });
});

describe('YAML: cloud-init, vSphere metadata, registries, Kubespray inventory (lib/nodes)', () => {
  test('hostile labels, taints, SANs, keys, mirrors and search domains read back as the same strings', () => {
    for (const v of hostile()) {
      const spec = ethTeachingSpec() as ClusterSpec;
      const pool = spec.nodePools.find((p) => p.roles.includes('worker'))!;
      (pool as { labels?: Record<string, string> }).labels = { purpose: v };
      (pool as { taints?: unknown[] }).taints = [{ key: 'dedicated', value: v, effect: 'NoSchedule' }];
      const infra = vsphereOf(spec as never);
      infra.tlsSans = [v];
      infra.sshAuthorizedKeys = [`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIF admin ${v}`];
      infra.rke2 = { ...(infra.rke2 ?? {}), registryMirrors: { 'docker.io': [`https://mirror.example.org/${v}`] }, systemDefaultRegistry: v };
      (infra as { addressing?: { searchDomains?: string[] } }).addressing!.searchDomains = [v];
      const node = planNodes(spec).find((n) => n.pool.name === pool.name)!;
      const cc = parseYaml(fillTemplate(renderUserData(spec, node, JOIN)));
      expect(cc.ssh_authorized_keys).toEqual([`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIF admin ${v}`]);
      const config = parseYaml((cc.write_files as Array<{ path: string; content: string }>).find((f) => f.path === '/etc/rancher/rke2/config.yaml')!.content);
      expect(config['node-label']).toEqual([`purpose=${v}`]);
      expect(config['node-taint']).toEqual([v === '' ? 'dedicated:NoSchedule' : `dedicated=${v}:NoSchedule`]);
      expect(parseYaml(rke2Registries(spec)!).mirrors['docker.io'].endpoint).toEqual([`https://mirror.example.org/${v}`]);
      expect(parseYaml(renderVsphereMetadata(spec, node)).network.ethernets.nics.nameservers.search).toEqual([v]);
      const hosts = parseYaml(renderKubesprayHosts({ ...spec, kubernetes: { ...spec.kubernetes, distribution: 'kubespray', version: 'v1.35.4' } } as ClusterSpec));
      expect(Object.values(hosts.all.hosts as Record<string, { node_labels?: Record<string, string> }>).some((h) => h.node_labels?.purpose === v)).toBe(true);
    }
  });
});

describe('URL: nbgitpuller links (lib/hub/nbgitpuller.ts)', () => {
  test('hostile repository, branch and paths come back out of the link as the same query values', () => {
    for (const v of hostile()) {
      const link = new URL(nbgitpullerLink({ hubUrl: 'https://intro.example.org/', repo: `https://git.example.org/${v}`, branch: v, path: v, targetPath: `t${v}` }));
      expect(link.origin).toBe('https://intro.example.org');
      expect(link.searchParams.get('repo')).toBe(`https://git.example.org/${v}`);
      expect(link.searchParams.get('branch')).toBe(v);
      expect(link.searchParams.get('targetPath')).toBe(`t${v}`);
    }
  });
});

/** Every text node and attribute of a parse5 document. */
function walkHtml(node: any, visit: (n: any) => void): void {
  visit(node);
  for (const c of node.childNodes ?? []) walkHtml(c, visit);
  if (node.content) walkHtml(node.content, visit);
}

(PYTHON ? describe : describe.skip)('python3 + HTML: the submission export and the graders\' check (lib/exam/receipts.ts)', () => {
  test('hostile students, assignments and file names are written under the export only, listed as data, shown as text', () => {
    const ng = path.join(dir, 'ngshare');
    fs.mkdirSync(path.join(ng, 'files'), { recursive: true });
    const names = [...hostile().filter((x) => x !== ''), '.', '..', 'a/b', 'a_b', 'a%2Fb', 'anna.keller@example.org'];
    const setup = String.raw`
import json, sqlite3, sys, os
db = sqlite3.connect(sys.argv[1])
db.executescript("""
CREATE TABLE courses (_id INTEGER PRIMARY KEY, id TEXT);
CREATE TABLE assignments (_id INTEGER PRIMARY KEY, id TEXT, course_id INTEGER);
CREATE TABLE submissions (_id INTEGER PRIMARY KEY, assignment_id INTEGER, student_id TEXT, timestamp TEXT);
CREATE TABLE files (_id INTEGER PRIMARY KEY, filename TEXT, checksum TEXT, actual_name TEXT);
CREATE TABLE submission_files_assoc_table (left_id INTEGER, right_id INTEGER);
INSERT INTO courses VALUES (1, 'final');
""")
names = json.loads(sys.argv[2])
for i, n in enumerate(names):
    db.execute("INSERT INTO assignments VALUES (?, ?, 1)", (i + 1, n))
    db.execute("INSERT INTO submissions VALUES (?, ?, ?, ?)", (i + 1, i + 1, n, "2026-02-10 10:00:%02d" % i))
    data = ("answer of %r" % n).encode()
    fname = "f%d" % i
    open(os.path.join(sys.argv[3], fname), "wb").write(data)
    import hashlib
    db.execute("INSERT INTO files VALUES (?, ?, ?, ?)", (i + 1, n if "/" not in n and n not in (".", "..") and "\n" not in n else "nb.ipynb", hashlib.md5(data).hexdigest(), fname))
    db.execute("INSERT INTO submission_files_assoc_table VALUES (?, ?)", (i + 1, i + 1))
db.commit()
`;
    const db = path.join(ng, 'ngshare.db');
    const made = spawnSync('python3', ['-c', setup, db, JSON.stringify(names), path.join(ng, 'files')], { encoding: 'utf8' });
    expect(made.stderr).toBe('');
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    const r = spawnSync('python3', ['-c', EXPORT_PY], { env: { PATH: process.env.PATH, NGSHARE_DB: db, NGSHARE_STORAGE: path.join(ng, 'files'), EXPORT_ROOT: out, EXAM_NAME: hostile()[7] }, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // Nothing outside the export folder, nothing ran.
    expect(fs.readdirSync(dir).sort()).toEqual(['ngshare', 'out']);
    expect(fs.existsSync(mark)).toBe(false);
    const [stamp] = fs.readdirSync(path.join(out, 'exports'));
    const root = path.join(out, 'exports', stamp);
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const f of walk(root)) expect(path.relative(root, f).startsWith('..')).toBe(false);
    // Every student got a folder of their own (no two names meet in one), and the manifest lists the names as they were.
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8'));
    expect(manifest.submissions.map((s: { student: string }) => s.student).sort()).toEqual([...names].sort());
    expect(fs.readdirSync(path.join(root, 'submitted'))).toHaveLength(names.length);
    // The page shows each name as text: no element or attribute came from the data.
    const doc = parseHtml(fs.readFileSync(path.join(root, 'receipts.html'), 'utf8'));
    const tags = new Set<string>();
    const texts: string[] = [];
    walkHtml(doc, (n) => {
      if (n.tagName) tags.add(n.tagName);
      for (const a of n.attrs ?? []) expect(a.name).not.toMatch(/^on/);
      if (n.nodeName === '#text') texts.push(n.value);
    });
    expect([...tags].sort()).toEqual(['body', 'code', 'h1', 'head', 'html', 'meta', 'table', 'tbody', 'td', 'th', 'title', 'tr']);
    for (const n of names) expect(texts).toContain(n);
    expect(texts).toContain(`Receipts of ${hostile()[7]}`);
    // The graders' check finds every submission where the export put it.
    const check = spawnSync('python3', ['-c', CHECK_PY, out], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.stdout).toContain(`${root}: ${names.length} problem(s)`); // no manifests (no receipt hook): each is reported, none crashes the check
  });
});

describe('HTML: the report (lib/report)', () => {
  test('hostile names, titles, client ids and link URLs are text: no element, attribute or script link comes from them', () => {
    const m = modelOf(reportApp());
    const plan = capacityPlan(m);
    const clean = renderReport(plan, buildInventory(m), m).get('index.html')!;
    const elementsOf = (html: string) => {
      const tags: string[] = [];
      walkHtml(parseHtml(html), (n) => n.tagName && tags.push(n.tagName));
      return tags.length;
    };
    for (const v of hostile()) {
      const inv = buildInventory(m);
      const hub = inv.hubs[0] as any;
      hub.login = v;
      hub.profiles = [{ displayName: v, cpuGuarantee: 1, cpuLimit: 1, memoryGuaranteeGiB: 1, memoryLimitGiB: 1 }];
      hub.links = [{ title: v, url: 'javascript:alert(1)' }, { title: 'notes', url: `https://intro.example.org/${encodeURIComponent(v)}` }];
      hub.image = `${hub.image}${v}`;
      (plan.assumptions.notCounted as string[]).splice(0, Infinity, v);
      const html = renderReport(plan, inv, m).get('index.html')!;
      const doc = parseHtml(html);
      const texts: string[] = [];
      walkHtml(doc, (n) => {
        for (const a of n.attrs ?? []) {
          expect(a.name).not.toMatch(/^on/);
          if (a.name === 'href') expect(a.value).toMatch(/^(https?:\/\/|#)/);
        }
        if (n.tagName === 'script') throw new Error('a script element came from the data');
        if (n.nodeName === '#text') texts.push(n.value);
      });
      const all = texts.join('\u0000');
      expect(all).toContain(v === '' ? 'notes' : v);
      // Same structure as the clean report plus the one link and one profile line the data adds.
      expect(Math.abs(elementsOf(html) - elementsOf(clean))).toBeLessThan(12);
    }
  });
});
