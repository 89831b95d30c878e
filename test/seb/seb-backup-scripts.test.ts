import { execFileSync, spawnSync } from 'child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { gunzipSync } from 'zlib';
import { BACKUP_FILE_PATTERN, BACKUP_SCRIPT, PASSWORD_GUARD_SCRIPT, RESTORE_SCRIPT } from '../../lib/seb/seb-backup';

/**
 * Runs the generated bash scripts against fake `mariadb` / `mariadb-dump` commands on PATH, so file
 * naming, retention, the consistency flags, restore input and the password guard are tested for real.
 */
function sandbox(fakes: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'seb-scripts-'));
  const bin = join(root, 'bin');
  const backup = join(root, 'backup');
  execFileSync('mkdir', ['-p', bin, backup]);
  for (const [name, body] of Object.entries(fakes)) {
    writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  const run = (script: string, env: Record<string, string>) =>
    spawnSync('bash', ['-c', script], { env: { PATH: `${bin}:${process.env.PATH}`, DB_HOST: 'seb-mariadb', DB_PORT: '3306', BACKUP_DIR: backup, LOG: join(root, 'log'), STATE: join(root, 'state'), ...env }, encoding: 'utf8' });
  return { root, backup, run };
}

const DAY = 24 * 3600;
function age(file: string, seconds: number) {
  const t = Date.now() / 1000 - seconds;
  utimesSync(file, t, t);
}

describe('backup.sh', () => {
  const fakes = {
    mariadb: 'echo "mariadb $*" >> "$LOG"; printf "information_schema\\nmysql\\nSEBServer\\nSEBScreenProctoring\\nhubfleet_guard\\nperformance_schema\\n"',
    'mariadb-dump': 'echo "mariadb-dump $*" >> "$LOG"; echo "-- dump of $*"',
  };

  it('writes sebserver-<UTC stamp>.sql.gz with a consistent dump of the SEB schemas and prunes old dumps', () => {
    const s = sandbox(fakes);
    const old = ['sebserver-20200101T023000Z.sql.gz', 'sebserver-20200102T023000Z.sql.gz', 'sebserver-20200103T023000Z.sql.gz'];
    for (const f of old) writeFileSync(join(s.backup, f), 'x');
    age(join(s.backup, old[0]), 20 * DAY); // older than 14 days: pruned
    age(join(s.backup, old[1]), 14 * DAY + 3600); // 14 days: pruned (keep 14 days = ages 0..13)
    age(join(s.backup, old[2]), 13 * DAY); // kept
    writeFileSync(join(s.backup, 'unrelated.txt'), 'keep me');
    age(join(s.backup, 'unrelated.txt'), 100 * DAY);
    const r = s.run(BACKUP_SCRIPT, { RETENTION_DAYS: '14', MYSQL_PWD: 'x' });
    expect(r.stderr).not.toMatch(/error|denied/i);
    expect(r.status).toBe(0);
    const files = readdirSync(s.backup).sort();
    const fresh = files.filter((f) => BACKUP_FILE_PATTERN.test(f) && !old.includes(f));
    expect(fresh).toHaveLength(1);
    expect(files).toEqual([old[2], fresh[0], 'unrelated.txt'].sort());
    const dump = gunzipSync(readFileSync(join(s.backup, fresh[0]))).toString();
    expect(dump).toContain('--databases SEBServer SEBScreenProctoring hubfleet_guard');
    const log = readFileSync(join(s.root, 'log'), 'utf8');
    for (const flag of ['--single-transaction', '--routines', '--triggers', '--add-drop-database']) expect(log).toContain(flag);
    expect(log).not.toMatch(/-p\S|--password/); // the password comes from MYSQL_PWD, never the command line
    expect(r.stdout).toMatch(/pruned .*sebserver-20200101T023000Z\.sql\.gz/);
  });

  it('fails, and leaves no file that looks like a backup, when the dump fails', () => {
    const s = sandbox({ ...fakes, 'mariadb-dump': 'echo partial; exit 3' });
    const r = s.run(BACKUP_SCRIPT, { RETENTION_DAYS: '14' });
    expect(r.status).not.toBe(0);
    expect(readdirSync(s.backup)).toEqual([]);
  });

  it('fails when the database is unreachable (not "nothing to back up")', () => {
    const s = sandbox({ ...fakes, mariadb: 'echo "cannot connect" >&2; exit 1' });
    const r = s.run(BACKUP_SCRIPT, { RETENTION_DAYS: '14' });
    expect(r.status).not.toBe(0);
  });
});

describe('restore.sh', () => {
  const fakes = { mariadb: 'echo "mariadb $*" >> "$LOG"; cat > "$STATE"' };

  it('feeds the newest dump to mariadb for BACKUP_FILE=latest', () => {
    const s = sandbox(fakes);
    const { gzipSync } = require('zlib');
    writeFileSync(join(s.backup, 'sebserver-20260101T023000Z.sql.gz'), gzipSync('old dump'));
    writeFileSync(join(s.backup, 'sebserver-20260102T023000Z.sql.gz'), gzipSync('new dump'));
    const r = s.run(RESTORE_SCRIPT, { BACKUP_FILE: 'latest' });
    expect(r.status).toBe(0);
    expect(readFileSync(join(s.root, 'state'), 'utf8')).toBe('new dump');
    expect(readFileSync(join(s.root, 'log'), 'utf8')).toContain('-h seb-mariadb -P 3306 -u root');
    const named = s.run(RESTORE_SCRIPT, { BACKUP_FILE: 'sebserver-20260101T023000Z.sql.gz' });
    expect(named.status).toBe(0);
    expect(readFileSync(join(s.root, 'state'), 'utf8')).toBe('old dump');
  });

  it('refuses a missing file or a path', () => {
    const s = sandbox(fakes);
    expect(s.run(RESTORE_SCRIPT, { BACKUP_FILE: 'sebserver-20990101T000000Z.sql.gz' }).status).toBe(1);
    expect(s.run(RESTORE_SCRIPT, { BACKUP_FILE: '../state' }).status).toBe(2);
    expect(s.run(RESTORE_SCRIPT, { BACKUP_FILE: 'latest' }).status).toBe(1);
  });
});

describe('password-guard.sh', () => {
  // A one-row table in a file: INSERT IGNORE writes it only when empty; SELECT reads it.
  const fakes = {
    mariadb: [
      'q="${@: -1}"',
      'case "$q" in',
      '  *"INSERT IGNORE"*) [ -f "$STATE" ] || echo "$q" | grep -o "[0-9a-f]\\{64\\}" > "$STATE" ;;',
      '  *"SELECT fingerprint"*) cat "$STATE" ;;',
      'esac',
    ].join('\n'),
  };

  it('records the password on first start, accepts it later and refuses a changed one', () => {
    const s = sandbox(fakes);
    const env = { DB_USER: 'sebserver', GUARD_WAIT_SECONDS: '0' };
    const first = s.run(PASSWORD_GUARD_SCRIPT, { ...env, SEBSERVER_PASSWORD: 'correct horse battery staple' });
    expect(first.status).toBe(0);
    const stored = readFileSync(join(s.root, 'state'), 'utf8').trim();
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain('horse');
    expect(s.run(PASSWORD_GUARD_SCRIPT, { ...env, SEBSERVER_PASSWORD: 'correct horse battery staple' }).status).toBe(0);
    const changed = s.run(PASSWORD_GUARD_SCRIPT, { ...env, SEBSERVER_PASSWORD: 'a new password' });
    expect(changed.status).toBe(1);
    expect(changed.stderr).toMatch(/REFUSING TO START: sebserver_password differs/);
    expect(readFileSync(join(s.root, 'state'), 'utf8').trim()).toBe(stored);
  });
});
