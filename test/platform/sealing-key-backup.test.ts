import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { SEALING_KEY_BACKUP_SCRIPT, SEALING_KEY_LABEL, SEALING_KEY_RESTORE_SCRIPT, SEALING_KEY_TEMPLATE } from '../../lib/platform/sealing-key-backup';

const FIXTURES = join(__dirname, '..', 'fixtures', 'sealed-secrets');
const b64 = (f: string) => readFileSync(f).toString('base64');

/** Two key Secrets as the controller makes them (the second one after a renewal). */
const KEYS = [
  { name: 'sealed-secrets-keyabcde', crt: b64(join(FIXTURES, 'cert.pem')), key: b64(join(FIXTURES, 'key.pem')) },
  { name: 'sealed-secrets-keyfghij', crt: b64(join(FIXTURES, 'expired-cert.pem')), key: b64(join(FIXTURES, 'key.pem')) },
];

/** What kubectl prints for SEALING_KEY_TEMPLATE over those Secrets (the template itself is run with Go's text/template outside the repo). */
function rendered(keys = KEYS): string {
  return keys
    .map((k) => `---\napiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: ${k.name}\n  namespace: kube-system\n  labels:\n    ${SEALING_KEY_LABEL}: active\ndata:\n  tls.crt: ${k.crt}\n  tls.key: ${k.key}\n`)
    .join('');
}

/**
 * A fake kubectl on PATH: it logs its arguments, answers `get secret` with the go-template output
 * (only for exactly our template), remembers `apply -f`, and has the controller Deployment when
 * CONTROLLER=yes.
 */
function sandbox(output = rendered()) {
  const root = mkdtempSync(join(tmpdir(), 'sealing-keys-'));
  const bin = join(root, 'bin');
  mkdirSync(bin);
  writeFileSync(join(root, 'template'), SEALING_KEY_TEMPLATE);
  writeFileSync(join(root, 'output'), output);
  writeFileSync(
    join(bin, 'kubectl'),
    `#!/bin/bash
printf '%s\\n' "$*" >> "$ROOT/log"
case "$*" in
  *"get secret -l ${SEALING_KEY_LABEL} -o go-template="*)
    t="\${@: -1}"; t="\${t#-o go-template=}"; t="\${t#go-template=}"
    [ "$t" = "$(cat "$ROOT/template")" ] || { echo "unexpected template" >&2; exit 3; }
    cat "$ROOT/output";;
  "get namespace kube-system") exit 0;;
  "apply -f "*) cp "$3" "$ROOT/applied";;
  "-n kube-system get deployment sealed-secrets-controller") [ "$CONTROLLER" = yes ];;
  *rollout*) exit 0;;
  *) echo "unexpected: $*" >&2; exit 4;;
esac
`,
  );
  chmodSync(join(bin, 'kubectl'), 0o755);
  const run = (script: string, args: string[], env: Record<string, string> = {}) =>
    spawnSync('bash', ['-c', script, 'script', ...args], { env: { PATH: `${bin}:${process.env.PATH}`, HOME: root, ROOT: root, ...env }, encoding: 'utf8', cwd: root });
  const log = () => (existsSync(join(root, 'log')) ? readFileSync(join(root, 'log'), 'utf8') : '');
  return { root, run, log };
}

describe('backup-sealing-keys.sh', () => {
  test('writes every key Secret as a clean manifest (no uid/resourceVersion), mode 600', () => {
    const s = sandbox();
    const r = s.run(SEALING_KEY_BACKUP_SCRIPT, ['keys.yaml']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/backed up 2 sealing key\(s\) from kube-system to keys\.yaml/);
    const file = join(s.root, 'keys.yaml');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());
    expect(docs.map((d) => d.metadata.name)).toEqual(KEYS.map((k) => k.name));
    for (const d of docs) {
      expect(Object.keys(d.metadata).sort()).toEqual(['labels', 'name', 'namespace']);
      expect(d.type).toBe('kubernetes.io/tls');
      expect(Object.keys(d.data).sort()).toEqual(['tls.crt', 'tls.key']);
    }
    expect(s.log()).toContain(`-n kube-system get secret -l ${SEALING_KEY_LABEL} -o go-template=`);
  });

  test('checks that the committed certificate\'s key is in the backup', () => {
    const ok = sandbox();
    expect(ok.run(SEALING_KEY_BACKUP_SCRIPT, ['keys.yaml', join(FIXTURES, 'cert.pem')]).status).toBe(0);
    const other = sandbox();
    const r = other.run(SEALING_KEY_BACKUP_SCRIPT, ['keys.yaml', join(__dirname, '..', '..', 'clusters', 'eth-teaching', 'sealed-secrets.pem')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is not among the 2 keys in kube-system/);
    expect(existsSync(join(other.root, 'keys.yaml'))).toBe(false);
  });

  test('fails without keys, with a key Secret lacking its private key, and never overwrites a backup', () => {
    const none = sandbox('');
    const r1 = none.run(SEALING_KEY_BACKUP_SCRIPT, ['keys.yaml']);
    expect(r1.status).toBe(1);
    expect(r1.stderr).toMatch(/no Secret labelled/);
    expect(existsSync(join(none.root, 'keys.yaml'))).toBe(false);
    const broken = sandbox(rendered([KEYS[0], { ...KEYS[1], key: '' }]));
    const r2 = broken.run(SEALING_KEY_BACKUP_SCRIPT, ['keys.yaml']);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/1 of 2 key Secrets have no private key/);
    const twice = sandbox();
    writeFileSync(join(twice.root, 'keys.yaml'), 'older backup');
    expect(twice.run(SEALING_KEY_BACKUP_SCRIPT, ['keys.yaml']).status).toBe(2);
    expect(readFileSync(join(twice.root, 'keys.yaml'), 'utf8')).toBe('older backup');
  });
});

describe('restore-sealing-keys.sh', () => {
  const backup = (s: { root: string }) => {
    writeFileSync(join(s.root, 'keys.yaml'), rendered());
    return 'keys.yaml';
  };

  test('applies the backup and restarts a running controller so it loads the keys', () => {
    const s = sandbox();
    const r = s.run(SEALING_KEY_RESTORE_SCRIPT, [backup(s)], { CONTROLLER: 'yes' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(s.root, 'applied'), 'utf8')).toBe(rendered());
    expect(s.log()).toContain('-n kube-system rollout restart deployment sealed-secrets-controller');
    expect(r.stdout).toMatch(/restored 2 sealing key\(s\); sealed-secrets-controller restarted/);
  });

  test('on a fresh cluster (no controller yet) only applies: the controller loads them when it starts', () => {
    const s = sandbox();
    const r = s.run(SEALING_KEY_RESTORE_SCRIPT, [backup(s)], { CONTROLLER: 'no' });
    expect(r.status).toBe(0);
    expect(s.log()).not.toContain('rollout');
    expect(r.stdout).toMatch(/not installed yet/);
  });

  test('refuses files that are not a sealing-key backup', () => {
    const s = sandbox();
    writeFileSync(join(s.root, 'other.yaml'), 'apiVersion: v1\nkind: ConfigMap\n');
    expect(s.run(SEALING_KEY_RESTORE_SCRIPT, ['other.yaml']).stderr).toMatch(/holds no Secret/);
    writeFileSync(join(s.root, 'elsewhere.yaml'), rendered().replace(/namespace: kube-system/g, 'namespace: default'));
    expect(s.run(SEALING_KEY_RESTORE_SCRIPT, ['elsewhere.yaml']).stderr).toMatch(/outside kube-system/);
    expect(existsSync(join(s.root, 'applied'))).toBe(false);
  });
});
