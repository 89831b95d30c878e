/**
 * Submissions that show any change, as e2x does it (e2xgrader/exchange/submit.py, hash_utils.py:
 * a `SHA1SUM.txt` of every submitted file and a receipt code = the hash of that file cut to
 * `XXXX-XXXX-XXXX`, shown to the student who writes it on the paper sheet), on what hubfleet's exams
 * really run: nbgrader 0.9 with ngshare_exchange in the user image and ngshare as the exchange.
 *
 * Where the hook lives: in the user server. ngshare_exchange's `ExchangeSubmit.post_submission`
 * (ngshare_exchange/submit.py) encodes the assignment folder and posts it to ngshare in one
 * request; ngshare stores the bytes and an MD5 per file in its database (ngshare/ngshare.py
 * `json_files_unpack`, database.py `File`) and returns only a timestamp. The exchange server has
 * no hook and its image is upstream's, so hubfleet subclasses the submit in the user servers'
 * `nbgrader_config.py` (`c.ExchangeFactory.submit`): it hashes exactly the bytes it posts, adds
 * the manifest `SHA256SUMS` to the submission, and shows the receipt (written to
 * `RECEIPT-<assignment>.txt` next to the assignment folder and to the log).
 *
 * Manifest: one line per file, `<sha256 hex>  <path>`, sorted by path, UTF-8, as `sha256sum`
 * writes it (`sha256sum -c SHA256SUMS` checks a submission). Receipt: SHA-256 of the manifest's
 * bytes prefixed with the student, course and assignment (so that two students who submit the same
 * files get different receipts), the first 80 bits in Crockford base32 (no I, L, O, U),
 * `XXXX-XXXX-XXXX-XXXX` (e2x uses 48 bits of SHA-1 over the files alone: too few against someone who
 * wants a changed submission with the same receipt, and the same for identical submissions).
 *
 * At the end of the window a Job (CronJob `submission-export`) reads ngshare's database and files
 * read-only and writes a write-once export to the claim `exam-submissions` (kept on removal):
 * `exports/<UTC time>/` with `submitted/<student>/<assignment>/` (the latest submission of each,
 * nbgrader's collect layout), `all/…/<timestamp>/` (every submission), `manifest.json` (per
 * submission: files with SHA-256, size, whether ngshare's MD5 still matches, the receipt and whether
 * the student's manifest matches the files), `receipts.html` and `SHA256SUMS` over the export.
 * Files are created exclusively and made read-only (0444, folders 0555); the grading hub mounts the
 * claim read-only and checks it again with `check_receipts.py`.
 */
import { Construct } from 'constructs';
import { K8sObject } from '../core/k8s-object';
import { KEEP_ON_REMOVAL, resources, restrictedContainerSecurity, restrictedPodSecurity } from '../core/pod';
import { IMAGES } from '../hub/versions';
import { PRIORITY } from '../fleet/priority-classes';
import { IStorageClass } from '../core/storage-class-ref';
import { cronAt, ResolvedWindow } from './window';

/** The manifest's file name inside each submission. */
export const MANIFEST_NAME = 'SHA256SUMS';
/** The export claim in the exam namespace. */
export const EXPORT_CLAIM = 'exam-submissions';
/** ConfigMap with the export script. */
export const EXPORT_CONFIGMAP = 'submission-export';

/** Manifest and receipt, shared by the submit hook, the export and the checker (stdlib only). */
export const RECEIPT_CORE_PY = String.raw`import base64 as _hubfleet_rc_base64
import hashlib as _hubfleet_rc_hashlib

HUBFLEET_MANIFEST_NAME = "${MANIFEST_NAME}"
_HUBFLEET_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def hubfleet_manifest(files):
    """files: (path, bytes) pairs -> the manifest text (sha256sum format, sorted by path)."""
    lines = sorted((p, _hubfleet_rc_hashlib.sha256(b).hexdigest()) for p, b in files if p != HUBFLEET_MANIFEST_NAME)
    return "".join("%s  %s\n" % (h, p) for p, h in lines)


def hubfleet_parse_manifest(text):
    """The manifest text -> {path: sha256}."""
    out = {}
    for line in text.splitlines():
        if line.strip():
            h, _, p = line.partition("  ")
            out[p] = h
    return out


def hubfleet_receipt(student, course, assignment, manifest_text):
    """80 bits of SHA-256 over who submitted what and the manifest, Crockford base32: XXXX-XXXX-XXXX-XXXX.

    Student, course and assignment are part of it, so two students who submit the same files get
    different receipts (a receipt cannot be passed on)."""
    text = "hubfleet-receipt-v1\n%s\n%s\n%s\n%s" % (student, course, assignment, manifest_text)
    digest = _hubfleet_rc_hashlib.sha256(text.encode("utf-8")).digest()[:10]
    n = int.from_bytes(digest, "big")
    chars = "".join(_HUBFLEET_CROCKFORD[(n >> (5 * i)) & 31] for i in reversed(range(16)))
    return "-".join(chars[i:i + 4] for i in range(0, 16, 4))


def hubfleet_safe_part(part):
    """A student, assignment or timestamp as one folder name: "/", "\\", "%", NUL and control
    characters percent-encoded (so two names never meet in one folder), "", "." and ".." made plain."""
    out = "".join("%%%02X" % ord(ch) if ch in "/\\%" or ord(ch) < 32 or ord(ch) == 127 else ch for ch in str(part))
    if out in ("", ".", ".."):
        out = "%" + out.replace(".", "%2E")
    return out


def hubfleet_normalize_receipt(text):
    """What a grader types from the paper: case, spaces, dashes and the usual misreadings do not matter."""
    t = (text or "").upper().replace("-", "").replace(" ", "")
    return t.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
`;

/** Appended to the user servers' nbgrader_config.py: the submit that hashes and shows the receipt. */
export function receiptSubmitPython(): string {
  return [
    '# Exam receipts (hubfleet lib/exam/receipts.ts): the submission carries a manifest of the SHA-256',
    '# of every file posted, and the candidate gets the receipt code of that manifest.',
    RECEIPT_CORE_PY,
    'import json as _hubfleet_json',
    'import os as _hubfleet_os',
    'import time as _hubfleet_time',
    'import ngshare_exchange as _hubfleet_ngshare_exchange',
    '',
    '',
    'class HubfleetReceiptSubmit(_hubfleet_ngshare_exchange.ExchangeSubmit):',
    '    def post_submission(self, src_path):',
    '        encoded = self.encode_dir(src_path, ignore=self.ignore_patterns())',
    '        files = [f for f in _hubfleet_json.loads(encoded["files"]) if f["path"] != HUBFLEET_MANIFEST_NAME]',
    '        manifest = hubfleet_manifest([(f["path"], _hubfleet_rc_base64.b64decode(f["content"])) for f in files])',
    '        files.append({"path": HUBFLEET_MANIFEST_NAME, "content": _hubfleet_rc_base64.b64encode(manifest.encode("utf-8")).decode("ascii")})',
    '        encoded["files"] = _hubfleet_json.dumps(files)',
    '        url = "/submission/{}/{}".format(self.coursedir.course_id, self.coursedir.assignment_id)',
    '        response = self.ngshare_api_post(url, encoded)',
    '        if response is None:',
    '            return None',
    '        receipt = hubfleet_receipt(self.username, self.coursedir.course_id, self.coursedir.assignment_id, manifest)',
    '        line = "%s  %s  %s (%d files)\\n" % (response["timestamp"], self.coursedir.assignment_id, receipt, len(files))',
    '        path = _hubfleet_os.path.join(_hubfleet_os.path.dirname(_hubfleet_os.path.abspath(src_path)), "RECEIPT-%s.txt" % self.coursedir.assignment_id)',
    '        with open(path, "a", encoding="utf-8") as fh:',
    '            fh.write(line)',
    '        self.log.info("Receipt for %s %s: %s (write it on your exam sheet; also in %s)", self.coursedir.assignment_id, response["timestamp"], receipt, path)',
    '        return response["timestamp"]',
    '',
    '',
    'c.ExchangeFactory.submit = HubfleetReceiptSubmit',
  ].join('\n');
}

/** The export script (runs in the hub image: Python 3 with sqlite3). */
export const EXPORT_PY = String.raw`"""Write-once export of every submission of an exam's ngshare (hubfleet lib/exam/receipts.ts)."""
import datetime, hashlib, html, json, os, sqlite3, stat, sys
${RECEIPT_CORE_PY}

DB = os.environ.get("NGSHARE_DB", "/srv/ngshare/ngshare.db")
STORAGE = os.environ.get("NGSHARE_STORAGE", "/srv/ngshare/files")
OUT = os.environ.get("EXPORT_ROOT", "/srv/export")
EXAM = os.environ.get("EXAM_NAME", "exam")


def write_once(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def rel_ok(path):
    parts = path.split("/")
    return path and not path.startswith("/") and all(p not in ("", ".", "..") for p in parts) and not any(ord(ch) < 32 or ord(ch) == 127 or ch == "\\" for ch in path)


def main():
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H-%M-%SZ")
    root = os.path.join(OUT, "exports", stamp)
    n = 1
    while os.path.exists(root):
        n += 1
        root = os.path.join(OUT, "exports", "%s-%d" % (stamp, n))
    db = sqlite3.connect("file:%s?mode=ro" % DB, uri=True)
    rows = db.execute(
        "SELECT s._id, c.id, a.id, s.student_id, s.timestamp FROM submissions s "
        "JOIN assignments a ON s.assignment_id = a._id JOIN courses c ON a.course_id = c._id "
        "ORDER BY c.id, a.id, s.student_id, s.timestamp"
    ).fetchall()
    latest = {}
    for sid, course, assignment, student, ts in rows:
        latest[(course, assignment, student)] = sid
    written = {}
    submissions = []
    for sid, course, assignment, student, ts in rows:
        files = db.execute(
            "SELECT f.filename, f.checksum, f.actual_name FROM files f JOIN submission_files_assoc_table t ON t.right_id = f._id WHERE t.left_id = ? ORDER BY f.filename",
            (sid,),
        ).fetchall()
        is_latest = latest[(course, assignment, student)] == sid
        contents = []
        entries = []
        for filename, md5, actual in files:
            if not rel_ok(filename):
                entries.append({"path": filename, "error": "unsafe path, not exported"})
                continue
            data = open(os.path.join(STORAGE, actual), "rb").read()
            contents.append((filename, data))
            entries.append({"path": filename, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "ngshareMd5Matches": hashlib.md5(data).hexdigest() == md5})
            targets = [os.path.join("all", hubfleet_safe_part(student), hubfleet_safe_part(assignment), hubfleet_safe_part(ts), filename)]
            if is_latest:
                targets.append(os.path.join("submitted", hubfleet_safe_part(student), hubfleet_safe_part(assignment), filename))
            for t in targets:
                write_once(os.path.join(root, t), data)
                written[t] = hashlib.sha256(data).hexdigest()
        if is_latest:
            t = os.path.join("submitted", hubfleet_safe_part(student), hubfleet_safe_part(assignment), "timestamp.txt")
            write_once(os.path.join(root, t), str(ts).encode())
            written[t] = hashlib.sha256(str(ts).encode()).hexdigest()
        stored = dict(contents)
        manifest = stored.get(HUBFLEET_MANIFEST_NAME)
        if manifest is None:
            receipt, matches, why = None, None, "no %s in the submission (submitted without the exam receipt hook)" % HUBFLEET_MANIFEST_NAME
        else:
            text = manifest.decode("utf-8")
            receipt = hubfleet_receipt(student, course, assignment, text)
            matches = text == hubfleet_manifest(contents)
            why = "files match the student's manifest" if matches else "FILES DIFFER from the manifest the student's server sent"
        submissions.append({"course": course, "assignment": assignment, "student": student, "timestamp": str(ts), "latest": is_latest, "receipt": receipt, "manifestMatches": matches, "status": why, "files": entries})
    doc = {"version": 1, "exam": EXAM, "created": stamp, "source": "ngshare database %s, files %s" % (DB, STORAGE), "receiptFormat": "Crockford base32 of the first 80 bits of SHA-256 over 'hubfleet-receipt-v1', student, course, assignment and the submission's %s, one per line" % HUBFLEET_MANIFEST_NAME, "submissions": submissions}
    body = json.dumps(doc, indent=1, sort_keys=True).encode()
    write_once(os.path.join(root, "manifest.json"), body)
    written["manifest.json"] = hashlib.sha256(body).hexdigest()
    rows_html = "".join(
        "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td><code>%s</code></td><td>%s</td></tr>" % tuple(html.escape(str(x)) for x in (s["student"], s["assignment"], s["timestamp"], "latest" if s["latest"] else "", s["receipt"] or "-", s["status"]))
        for s in submissions
    )
    page = ("<!doctype html><meta charset=utf-8><title>Receipts of %s</title><h1>Receipts of %s (export %s)</h1><table border=1 cellpadding=4><tr><th>student</th><th>assignment</th><th>submitted</th><th></th><th>receipt</th><th>status</th></tr>%s</table>" % (html.escape(EXAM), html.escape(EXAM), stamp, rows_html)).encode()
    write_once(os.path.join(root, "receipts.html"), page)
    written["receipts.html"] = hashlib.sha256(page).hexdigest()
    sums = "".join("%s  %s\n" % (written[p], p) for p in sorted(written)).encode()
    write_once(os.path.join(root, "SHA256SUMS"), sums)
    for d, dirs, _ in os.walk(root, topdown=False):
        os.chmod(d, 0o555)
    bad = [s for s in submissions if s["manifestMatches"] is False or any(e.get("ngshareMd5Matches") is False for e in s["files"])]
    print("exported %d submissions of %d students to %s; SHA-256 of SHA256SUMS: %s; %d changed" % (len(submissions), len({s["student"] for s in submissions}), root, hashlib.sha256(sums).hexdigest(), len(bad)))
    for s in bad:
        print("CHANGED: %s %s %s: %s" % (s["student"], s["assignment"], s["timestamp"], s["status"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
`;

/** The graders' check of an export (in the grading hub): re-hash everything, compare receipts. */
export const CHECK_PY = String.raw`"""Check an exam export and receipts (hubfleet lib/exam/receipts.ts).

usage: check_receipts.py EXPORT_DIR [STUDENT=RECEIPT ...]
Re-hashes every file against the export's SHA256SUMS and manifest.json, recomputes each
submission's receipt from its SHA256SUMS, and compares receipts written on the paper sheets.
Exit code 1 when anything does not match.
"""
import hashlib, json, os, sys
${RECEIPT_CORE_PY}


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    root = argv[1]
    if os.path.isdir(os.path.join(root, "exports")):
        runs = sorted(os.listdir(os.path.join(root, "exports")))
        root = os.path.join(root, "exports", runs[-1])
    problems = 0
    sums = open(os.path.join(root, "SHA256SUMS"), encoding="utf-8").read()
    for rel, want in sorted(hubfleet_parse_manifest(sums).items()):
        got = hashlib.sha256(open(os.path.join(root, rel), "rb").read()).hexdigest()
        if got != want:
            problems += 1
            print("CHANGED since the export: %s" % rel)
    doc = json.load(open(os.path.join(root, "manifest.json"), encoding="utf-8"))
    paper = {}
    for a in argv[2:]:
        student, _, receipt = a.partition("=")
        paper[student] = hubfleet_normalize_receipt(receipt)
    for s in doc["submissions"]:
        folder = os.path.join(root, "all", hubfleet_safe_part(s["student"]), hubfleet_safe_part(s["assignment"]), hubfleet_safe_part(s["timestamp"]))
        files = []
        for e in s["files"]:
            if "sha256" in e:
                files.append((e["path"], open(os.path.join(folder, e["path"]), "rb").read()))
        stored = dict(files)
        receipt = hubfleet_receipt(s["student"], s["course"], s["assignment"], stored[HUBFLEET_MANIFEST_NAME].decode("utf-8")) if HUBFLEET_MANIFEST_NAME in stored else None
        matches = receipt is not None and stored[HUBFLEET_MANIFEST_NAME].decode("utf-8") == hubfleet_manifest(files)
        state = "ok" if matches and receipt == s["receipt"] else "CHANGED"
        if s["student"] in paper and s["latest"]:
            state += ", paper receipt " + ("matches" if receipt and hubfleet_normalize_receipt(receipt) == paper[s["student"]] else "DOES NOT MATCH")
        if not state.startswith("ok") or "DOES NOT" in state:
            problems += 1
        print("%-24s %-20s %-28s %s %s" % (s["student"], s["assignment"], s["timestamp"], receipt or "-", state))
    print("%s: %d problem(s)" % (root, problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
`;

/** What the export needs. */
export interface SubmissionExportOptions {
  readonly namespace: string;
  readonly examName: string;
  readonly labels: (component: string) => Record<string, string>;
  readonly window: ResolvedWindow;
  /** File storage for the export (NFS: the grading hub mounts it read-only). */
  readonly storageClass?: IStorageClass;
  readonly sizeGiB: number;
  /** Minutes after the window closes. */
  readonly delayMinutes: number;
}

/** The export claim, ConfigMap and CronJob in the exam namespace. */
export function submissionExport(scope: Construct, o: SubmissionExportOptions): void {
  const labels = o.labels('submission-export');
  new K8sObject(scope, 'export-pvc', {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: EXPORT_CLAIM, namespace: o.namespace, labels, annotations: { ...KEEP_ON_REMOVAL } },
    spec: {
      accessModes: [o.storageClass?.readWriteMany ? 'ReadWriteMany' : 'ReadWriteOnce'],
      ...(o.storageClass ? { storageClassName: o.storageClass.storageClassName } : {}),
      resources: { requests: { storage: `${o.sizeGiB}Gi` } },
    },
  });
  new K8sObject(scope, 'export-script', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: EXPORT_CONFIGMAP, namespace: o.namespace, labels },
    data: { 'export.py': EXPORT_PY },
  });
  const at = o.window.closesMs + o.delayMinutes * 60000;
  new K8sObject(scope, 'export-cronjob', {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'submission-export', namespace: o.namespace, labels },
    spec: {
      schedule: cronAt(at, o.window.timeZone),
      timeZone: o.window.timeZone,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 86400,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels },
        spec: {
          backoffLimit: 3,
          ttlSecondsAfterFinished: 30 * 86400,
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: 'Never',
              automountServiceAccountToken: false,
              priorityClassName: PRIORITY.examHub,
              securityContext: restrictedPodSecurity({ runAsUser: 1000, fsGroup: 1000 }),
              // ngshare's volume is ReadWriteOnce: the export runs on ngshare's node.
              affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { component: 'ngshare', app: 'jupyterhub', release: o.examName } }, topologyKey: 'kubernetes.io/hostname' }] } },
              containers: [
                {
                  name: 'export',
                  image: IMAGES.hub,
                  command: ['python3', '/opt/hubfleet/export.py'],
                  env: [
                    { name: 'EXAM_NAME', value: o.examName },
                    { name: 'NGSHARE_DB', value: '/srv/ngshare/ngshare.db' },
                    { name: 'NGSHARE_STORAGE', value: '/srv/ngshare/files' },
                    { name: 'EXPORT_ROOT', value: '/srv/export' },
                  ],
                  resources: resources({ cpuRequest: 0.1, cpuLimit: 1, memoryRequestMiB: 256, memoryLimitMiB: 1024 }),
                  securityContext: restrictedContainerSecurity({ readOnlyRootFilesystem: true }),
                  volumeMounts: [
                    { name: 'ngshare', mountPath: '/srv/ngshare', readOnly: true },
                    { name: 'export', mountPath: '/srv/export' },
                    { name: 'script', mountPath: '/opt/hubfleet', readOnly: true },
                  ],
                },
              ],
              volumes: [
                { name: 'ngshare', persistentVolumeClaim: { claimName: 'ngshare-data', readOnly: true } },
                { name: 'export', persistentVolumeClaim: { claimName: EXPORT_CLAIM } },
                { name: 'script', configMap: { name: EXPORT_CONFIGMAP } },
              ],
            },
          },
        },
      },
    },
  });
}
