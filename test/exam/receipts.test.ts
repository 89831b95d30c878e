import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CHECK_PY, EXPORT_PY, RECEIPT_CORE_PY, receiptSubmitPython } from '../../lib/exam/receipts';
import { hasPython, runPython } from './python';

/**
 * ngshare_exchange 0.5.3's ExchangeSubmit as the hook uses it (ngshare_exchange/exchange.py
 * encode_dir: {"user", "files": JSON list of {"path", "content" (base64)}}; submit.py
 * post_submission posts it to /submission/<course>/<assignment> and returns the timestamp).
 */
const NGSHARE_EXCHANGE_STUB = String.raw`
import base64, json, os, sys, types, logging
if "ngshare_exchange" not in sys.modules:
    m = types.ModuleType("ngshare_exchange")
    class ExchangeSubmit:
        posted = []
        def __init__(self, course, assignment):
            self.coursedir = types.SimpleNamespace(course_id=course, assignment_id=assignment)
            self.log = logging.getLogger("submit")
            self.username = "final-002"
        def ignore_patterns(self):
            return lambda d, f, s: f.endswith(".pyc")
        def encode_dir(self, src_dir, ignore=None):
            files = []
            for sub, dirs, names in os.walk(src_dir):
                for n in sorted(names):
                    p = os.path.join(sub, n)
                    data = open(p, "rb").read()
                    if ignore and ignore(sub, n, len(data)):
                        continue
                    files.append({"path": os.path.relpath(p, src_dir), "content": base64.b64encode(data).decode()})
            return {"user": self.username, "files": json.dumps(files)}
        def ngshare_api_post(self, url, data):
            ExchangeSubmit.posted.append((url, data))
            return {"success": True, "timestamp": "2026-02-10 10:41:07.123456 "}
    m.ExchangeSubmit = ExchangeSubmit
    sys.modules["ngshare_exchange"] = m
`;

/** ngshare v0.6.0's tables as the export reads them (ngshare/database/database.py). */
const NGSHARE_DB = String.raw`
import hashlib, os, sqlite3, uuid
def make_ngshare(root, submissions):
    """submissions: [(student, assignment, timestamp, {path: bytes})]"""
    os.makedirs(os.path.join(root, "files"), exist_ok=True)
    db = sqlite3.connect(os.path.join(root, "ngshare.db"))
    db.executescript("""
CREATE TABLE courses (_id INTEGER PRIMARY KEY, id TEXT UNIQUE);
CREATE TABLE assignments (_id INTEGER PRIMARY KEY, id TEXT, course_id INTEGER, due TIMESTAMP);
CREATE TABLE users (id TEXT PRIMARY KEY);
CREATE TABLE submissions (_id INTEGER PRIMARY KEY, assignment_id INTEGER, timestamp TIMESTAMP, student_id TEXT);
CREATE TABLE files (_id INTEGER PRIMARY KEY, filename TEXT, checksum TEXT, size INTEGER, actual_name TEXT);
CREATE TABLE submission_files_assoc_table (left_id TEXT, right_id INTEGER, PRIMARY KEY (left_id, right_id));
INSERT INTO courses VALUES (1, 'final');
""")
    assignments = {}
    for student, assignment, ts, files in submissions:
        if assignment not in assignments:
            assignments[assignment] = len(assignments) + 1
            db.execute("INSERT INTO assignments VALUES (?, ?, 1, NULL)", (assignments[assignment], assignment))
        cur = db.execute("INSERT INTO submissions (assignment_id, timestamp, student_id) VALUES (?, ?, ?)", (assignments[assignment], ts, student))
        sid = cur.lastrowid
        for p, data in files.items():
            actual = str(uuid.uuid4())
            open(os.path.join(root, "files", actual), "wb").write(data)
            fid = db.execute("INSERT INTO files (filename, checksum, size, actual_name) VALUES (?, ?, ?, ?)", (p, hashlib.md5(data).hexdigest(), len(data), actual)).lastrowid
            db.execute("INSERT INTO submission_files_assoc_table VALUES (?, ?)", (sid, fid))
    db.commit()
    return db
`;

(hasPython ? describe : describe.skip)('exam receipts and the export, run in Python', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'receipts-'))));
  afterEach(() => {
    for (const [d, sub] of walk(dir)) for (const x of sub) fs.chmodSync(path.join(d, x), 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  function* walk(d: string): Generator<[string, string[]]> {
    if (!fs.existsSync(d)) return;
    const ents = fs.readdirSync(d, { withFileTypes: true });
    fs.chmodSync(d, 0o755);
    yield [d, []];
    for (const e of ents) if (e.isDirectory()) yield* walk(path.join(d, e.name));
  }

  test('the manifest is sha256sum\'s format over the posted bytes; the receipt is 80 bits of its SHA-256 in Crockford base32', () => {
    const out = JSON.parse(runPython(`${RECEIPT_CORE_PY}\nimport json\nm = hubfleet_manifest([("b.ipynb", b"B"), ("a.txt", b"A"), ("SHA256SUMS", b"ignored")])\nprint(json.dumps([m, hubfleet_receipt("final-002", "final", "exam1", m), hubfleet_normalize_receipt(" abcd-efgh-ijkl-mnop "), hubfleet_parse_manifest(m), hubfleet_receipt("final-003", "final", "exam1", m)]))`));
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    const manifest = `${sha('A')}  a.txt\n${sha('B')}  b.ipynb\n`;
    expect(out[0]).toBe(manifest);
    // The receipt by hand: first 10 bytes of SHA-256 over who, what and the manifest, 16 symbols of 5 bits.
    const digest = createHash('sha256').update(`hubfleet-receipt-v1\nfinal-002\nfinal\nexam1\n${manifest}`).digest().subarray(0, 10);
    let bits = '';
    for (const b of digest) bits += b.toString(2).padStart(8, '0');
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const code = Array.from({ length: 16 }, (_, i) => alphabet[parseInt(bits.slice(i * 5, i * 5 + 5), 2)]).join('');
    expect(out[1]).toBe(`${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}-${code.slice(12)}`);
    expect(out[2]).toBe('ABCDEFGH1JK1MN0P');
    expect(out[3]).toEqual({ 'a.txt': sha('A'), 'b.ipynb': sha('B') });
    // Another student with the same files gets another receipt.
    expect(out[4]).not.toBe(out[1]);
  });

  test('the submit hook posts the manifest with the files and writes the receipt next to the assignment', () => {
    const src = path.join(dir, 'home', 'exam1');
    fs.mkdirSync(path.join(src, 'data'), { recursive: true });
    fs.writeFileSync(path.join(src, 'exam1.ipynb'), '{"cells": []}');
    fs.writeFileSync(path.join(src, 'data', 'x.csv'), '1,2\n');
    fs.writeFileSync(path.join(src, 'SHA256SUMS'), 'a forged manifest of my own');
    fs.writeFileSync(path.join(src, 'cache.pyc'), 'ignored');
    const program = `${NGSHARE_EXCHANGE_STUB}
class _C:
    class ExchangeFactory: pass
c = _C()
${receiptSubmitPython()}
import json, base64
s = HubfleetReceiptSubmit("final", "exam1")
ts = s.post_submission(${JSON.stringify(src)})
url, data = HubfleetReceiptSubmit.posted[0]
files = {f["path"]: base64.b64decode(f["content"]).decode() for f in json.loads(data["files"])}
print(json.dumps([ts, url, sorted(files), files["SHA256SUMS"], hubfleet_receipt("final-002", "final", "exam1", files["SHA256SUMS"]), open(${JSON.stringify(path.join(dir, 'home', 'RECEIPT-exam1.txt'))}).read(), c.ExchangeFactory.submit.__name__]))`;
    const [ts, url, names, manifest, receipt, receiptFile, cls] = JSON.parse(runPython(program));
    expect(ts).toBe('2026-02-10 10:41:07.123456 ');
    expect(url).toBe('/submission/final/exam1');
    expect(names).toEqual(['SHA256SUMS', 'data/x.csv', 'exam1.ipynb']);
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(manifest).toBe(`${sha('1,2\n')}  data/x.csv\n${sha('{"cells": []}')}  exam1.ipynb\n`);
    expect(receiptFile).toBe(`2026-02-10 10:41:07.123456   exam1  ${receipt} (3 files)\n`);
    expect(cls).toBe('HubfleetReceiptSubmit');
  });

  /** Build an ngshare store, run the export, return the export folder and its stdout. */
  function exportOf(submissions: string, env: Record<string, string> = {}) {
    const store = path.join(dir, 'ngshare');
    const out = path.join(dir, 'export');
    fs.mkdirSync(out);
    runPython(`${NGSHARE_DB}\n${RECEIPT_CORE_PY}\nmake_ngshare(${JSON.stringify(store)}, ${submissions})`);
    const log = runPython(EXPORT_PY, { env: { NGSHARE_DB: path.join(store, 'ngshare.db'), NGSHARE_STORAGE: path.join(store, 'files'), EXPORT_ROOT: out, EXAM_NAME: 'final', ...env } });
    const run = fs.readdirSync(path.join(out, 'exports'))[0];
    return { root: path.join(out, 'exports', run), log, store };
  }
  const withManifest = (files: Record<string, string>) => `(lambda f: dict(f, **{"SHA256SUMS": hubfleet_manifest(list(f.items())).encode()}))({${Object.entries(files).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}.encode()`).join(', ')}})`;

  test('the export writes every submission, the latest per student in nbgrader\'s layout, a manifest, receipts and SHA256SUMS, write-once', () => {
    const { root, log } = exportOf(`[
      ("final-002", "exam1", "2026-02-10 10:01:00.000000", ${withManifest({ 'exam1.ipynb': 'first' })}),
      ("final-002", "exam1", "2026-02-10 10:41:07.123456", ${withManifest({ 'exam1.ipynb': 'second', 'notes.txt': 'n' })}),
      ("final-003", "exam1", "2026-02-10 10:30:00.000000", {"exam1.ipynb": b"no hook"}),
    ]`);
    expect(log).toMatch(/exported 3 submissions of 2 students to .*; SHA-256 of SHA256SUMS: [0-9a-f]{64}; 0 changed/);
    expect(fs.readFileSync(path.join(root, 'submitted', 'final-002', 'exam1', 'exam1.ipynb'), 'utf8')).toBe('second');
    expect(fs.readFileSync(path.join(root, 'submitted', 'final-002', 'exam1', 'timestamp.txt'), 'utf8')).toBe('2026-02-10 10:41:07.123456');
    expect(fs.readFileSync(path.join(root, 'all', 'final-002', 'exam1', '2026-02-10 10:01:00.000000', 'exam1.ipynb'), 'utf8')).toBe('first');
    const doc = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8'));
    expect(doc.submissions.map((s: any) => [s.student, s.latest, s.manifestMatches, s.receipt !== null])).toEqual([
      ['final-002', false, true, true],
      ['final-002', true, true, true],
      ['final-003', true, null, false],
    ]);
    expect(fs.readFileSync(path.join(root, 'receipts.html'), 'utf8')).toContain(doc.submissions[1].receipt);
    // Write-once: files 0444, folders 0555; nothing can be created or replaced.
    expect(fs.statSync(path.join(root, 'manifest.json')).mode & 0o777).toBe(0o444);
    expect(fs.statSync(path.join(root, 'submitted')).mode & 0o777).toBe(0o555);
    if (process.getuid?.() !== 0) expect(() => fs.writeFileSync(path.join(root, 'manifest.json'), 'x')).toThrow();
    const sums = fs.readFileSync(path.join(root, 'SHA256SUMS'), 'utf8');
    for (const line of sums.trim().split('\n')) {
      const [h, rel] = line.split('  ');
      expect(createHash('sha256').update(fs.readFileSync(path.join(root, rel))).digest('hex')).toBe(h);
    }
  });

  test('a submission changed in the exchange after it was sent shows: the export names it, its receipt no longer matches the student\'s', () => {
    const store = path.join(dir, 'pre');
    runPython(`${NGSHARE_DB}\n${RECEIPT_CORE_PY}\nimport json\ndb = make_ngshare(${JSON.stringify(store)}, [("final-002", "exam1", "2026-02-10 10:41:07.123456", ${withManifest({ 'exam1.ipynb': 'honest answer' })})])\nname = db.execute("SELECT actual_name FROM files WHERE filename = 'exam1.ipynb'").fetchone()[0]\nopen(${JSON.stringify(store)} + "/files/" + name, "wb").write(b"changed answer")`);
    const out = path.join(dir, 'export');
    fs.mkdirSync(out);
    const log = runPython(EXPORT_PY, { env: { NGSHARE_DB: path.join(store, 'ngshare.db'), NGSHARE_STORAGE: path.join(store, 'files'), EXPORT_ROOT: out } });
    expect(log).toMatch(/1 changed/);
    expect(log).toMatch(/CHANGED: final-002 exam1 .*FILES DIFFER from the manifest the student's server sent/);
    const doc = JSON.parse(fs.readFileSync(path.join(out, 'exports', fs.readdirSync(path.join(out, 'exports'))[0], 'manifest.json'), 'utf8'));
    expect(doc.submissions[0].files.find((f: any) => f.path === 'exam1.ipynb').ngshareMd5Matches).toBe(false);
  });

  test('the graders\' check: all fine, paper receipts compared, and a file changed after the export is found', () => {
    const { root } = exportOf(`[("final-002", "exam1", "2026-02-10 10:41:07.123456", ${withManifest({ 'exam1.ipynb': 'answer' })})]`);
    const doc = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8'));
    const receipt: string = doc.submissions[0].receipt;
    const check = (args: string[]) => {
      try {
        return { code: 0, out: runPython(CHECK_PY, { args: [path.dirname(path.dirname(root)), ...args] }) };
      } catch (e: any) {
        return { code: e.status as number, out: String(e.stdout) };
      }
    };
    const ok = check([`final-002=${receipt.toLowerCase().replace(/0/g, 'o')}`]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/final-002 .* ok, paper receipt matches/);
    const wrong = check(['final-002=AAAA-BBBB-CCCC-DDDD']);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/paper receipt DOES NOT MATCH/);
    // Someone with write access to the NFS export changes a file.
    const f = path.join(root, 'submitted', 'final-002', 'exam1', 'exam1.ipynb');
    fs.chmodSync(path.dirname(f), 0o755);
    fs.chmodSync(f, 0o644);
    fs.writeFileSync(f, 'forged');
    const changed = check([]);
    expect(changed.code).toBe(1);
    expect(changed.out).toContain('CHANGED since the export: submitted/final-002/exam1/exam1.ipynb');
  });
});
