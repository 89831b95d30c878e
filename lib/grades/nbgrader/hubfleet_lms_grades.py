"""Scores from nbgrader's gradebook to the LMS, through the course hub's grade service.

In a terminal of an instructor's server (hubfleet mounts this file into every user server of a hub
with grades on and puts it on PYTHONPATH; HUBFLEET_GRADES_URL names the service):

    nbgrader export --exporter hubfleet_lms_grades.LmsExporter                   # every assignment
    nbgrader export --exporter hubfleet_lms_grades.LmsExporter --assignment [ps1]
    python3 -m hubfleet_lms_grades status [ASSIGNMENT]     # what was sent, what waits and why
    python3 -m hubfleet_lms_grades retry ASSIGNMENT [STUDENT ...]   # send rejected scores again

The export sends, per assignment, each submitted assignment's score (autograded plus manual
grades plus extra credit, minus nbgrader's late penalty), the assignment's maximum and its extra
credit; students who submitted nothing get nothing (a zero in the LMS is the instructor's decision).
Submissions that still need manual grading are held by the service until they are graded and sent
again. The request carries the instructor's own hub token ($JUPYTERHUB_API_TOKEN): the service
takes scores only from instructors of the LMS course the hub was opened from, for its students.
Then it waits (LmsExporter.wait_seconds) for the LMS's answers and prints them.

Only the Python standard library and nbgrader: it runs in any course image that has nbgrader.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

try:  # nbgrader is in every image of a hub with nbgrader on (rule hub-image-features)
    from nbgrader.plugins import ExportPlugin
    from traitlets import Float, Unicode
except ImportError:  # `python3 -m hubfleet_lms_grades status` needs none of it
    ExportPlugin = None

STATE_ORDER = ("refused", "rejected", "held", "queued", "sent")


class ServiceError(Exception):
    """The grade service refused the request or could not be reached; the message says why."""


def _url():
    url = os.environ.get("HUBFLEET_GRADES_URL", "")
    if not url:
        raise ServiceError("HUBFLEET_GRADES_URL is not set: this server was not started by a hub with grades on")
    return url if url.endswith("/") else url + "/"


def call(method, path, body=None, query=None, timeout=60):
    """One request to the grade service with this server's hub token; returns the JSON answer."""
    token = os.environ.get("JUPYTERHUB_API_TOKEN", "")
    if not token:
        raise ServiceError("JUPYTERHUB_API_TOKEN is not set: run this inside your JupyterHub server")
    url = _url() + path + ("?" + urllib.parse.urlencode(query) if query else "")
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as e:
        try:
            answer = json.loads(e.read() or b"{}")
        except ValueError:
            answer = {}
        msg = answer.get("error") or f"HTTP {e.code}"
        courses = answer.get("courses")
        if courses:
            msg += "; your courses: " + ", ".join(f"{c['context']} ({c['title']})" for c in courses) + " (LmsExporter.context / --context)"
        raise ServiceError(f"the grade service refused: {msg}") from e
    except (urllib.error.URLError, OSError) as e:
        raise ServiceError(f"the grade service at {url} cannot be reached: {e}") from e


def submission_rows(gradebook, assignments=(), students=()):
    """The rows to send, per assignment: one per submission in the gradebook."""
    out = []
    for assignment in gradebook.assignments:
        if assignments and assignment.name not in assignments:
            continue
        rows = []
        for sub in gradebook.assignment_submissions(assignment.name):
            student = sub.student.id
            if students and student not in students:
                continue
            extra = sum((g.extra_credit or 0.0) for nb in sub.notebooks for g in nb.grades)
            penalty = sub.late_submission_penalty or 0.0
            rows.append(
                {
                    "student": student,
                    "score": max(0.0, float(sub.score or 0.0) - penalty),
                    "maxScore": float(assignment.max_score or 0.0),
                    "extraCredit": float(extra),
                    "needsManualGrade": bool(sub.needs_manual_grade),
                }
            )
        out.append({"name": assignment.name, "rows": sorted(rows, key=lambda r: r["student"])})
    return out


def _fmt(x):
    return "-" if x is None else f"{x:g}"


def print_rows(rows, out=sys.stdout):
    """One line per score, the unhappy ones first, with the reason."""
    rows = sorted(rows, key=lambda r: (STATE_ORDER.index(r["state"]) if r["state"] in STATE_ORDER else 9, r.get("assignment", ""), r["student"]))
    width = max([len(r["student"]) for r in rows] + [7])
    for r in rows:
        score = f"{_fmt(r.get('scoreGiven'))}/{_fmt(r.get('scoreMaximum'))}"
        when = r.get("sentAt") or (f"next try {r['nextAttemptAt']}" if r.get("nextAttemptAt") else "")
        line = f"  {r['state']:<9} {r.get('assignment', ''):<12} {r['student']:<{width}} {score:>11}  {when}"
        print(line.rstrip(), file=out)
        if r.get("reason") and r["state"] != "sent":
            print(f"            {r['reason']}", file=out)


def summary(rows):
    counts = {}
    for r in rows:
        counts[r["state"]] = counts.get(r["state"], 0) + 1
    return ", ".join(f"{counts[s]} {s}" for s in STATE_ORDER + tuple(sorted(set(counts) - set(STATE_ORDER))) if s in counts) or "nothing"


def send(batches, context="", wait_seconds=60.0, out=sys.stdout):
    """Send `batches` ([{name, rows}]); print what the service and then the LMS answered. Returns the final rows."""
    body = {"assignments": batches}
    if context:
        body["context"] = context
    answer = call("POST", "api/scores", body)
    print(f'Scores for the LMS course "{answer["title"]}" ({answer["context"]}):', file=out)
    for a in answer["assignments"]:
        outcomes = {}
        for r in a["rows"]:
            outcomes[r["outcome"]] = outcomes.get(r["outcome"], 0) + 1
        print(f"  {a['name']}: " + ", ".join(f"{n} {o}" for o, n in sorted(outcomes.items())), file=out)
    names = [a["name"] for a in answer["assignments"]]
    deadline = time.monotonic() + max(0.0, wait_seconds)
    while True:
        rows = [r for n in names for r in call("GET", "api/status", query={"assignment": n, "context": answer["context"]})["scores"]]
        if not any(r["state"] == "queued" for r in rows) or time.monotonic() >= deadline:
            break
        time.sleep(1.0)
    print(f"At the LMS: {summary(rows)}.", file=out)
    print_rows([r for r in rows if r["state"] != "sent"], out)
    if any(r["state"] == "queued" for r in rows):
        print("Queued scores are sent by the service, retried until the LMS takes them; see `python3 -m hubfleet_lms_grades status`.", file=out)
    return rows


if ExportPlugin is not None:

    class LmsExporter(ExportPlugin):
        """nbgrader export plugin: sends scores to the LMS through the hub's grade service."""

        context = Unicode("", help="The LTI context (LMS course) when the hub is opened from several of yours.").tag(config=True)
        wait_seconds = Float(60.0, help="How long to wait for the LMS's answers before returning (the service keeps sending).").tag(config=True)

        def export(self, gradebook):
            batches = submission_rows(gradebook, [str(a) for a in self.assignment], [str(s) for s in self.student])
            batches = [b for b in batches if b["rows"]]
            if not batches:
                self.log.warning("No submissions to send (nbgrader export sends submitted assignments only).")
                return
            self.log.info("Sending %d scores of %s to the LMS", sum(len(b["rows"]) for b in batches), ", ".join(b["name"] for b in batches))
            try:
                send(batches, self.context, self.wait_seconds)
            except ServiceError as e:
                print(f"Nothing was sent: {e}", file=sys.stderr)
                sys.exit(1)


def main(argv):
    import argparse

    ap = argparse.ArgumentParser(prog="python3 -m hubfleet_lms_grades", description="Scores sent from this hub to the LMS.")
    sub = ap.add_subparsers(dest="command", required=True)
    st = sub.add_parser("status", help="what was sent, what waits and why")
    st.add_argument("assignment", nargs="?", default="")
    st.add_argument("--context", default="", help="the LMS course (LTI context id or title) when you teach several on this hub")
    st.add_argument("--history", action="store_true", help="every attempt of each score")
    rt = sub.add_parser("retry", help="send the scores the LMS rejected again")
    rt.add_argument("assignment")
    rt.add_argument("students", nargs="*")
    rt.add_argument("--context", default="")
    args = ap.parse_args(argv)
    try:
        if args.command == "status":
            query = {k: v for k, v in {"assignment": args.assignment, "context": args.context, "history": "1" if args.history else ""}.items() if v}
            answer = call("GET", "api/status", query=query)
            print(f'LMS course "{answer["title"]}" ({answer["context"]}): {summary(answer["scores"])}.')
            print_rows(answer["scores"])
            if args.history:
                for r in answer["scores"]:
                    for h in r.get("history", []):
                        print(f"    {r['assignment']} {r['student']}: {h['at']} {h['outcome']} {h.get('httpStatus') or ''} {h['detail']}".rstrip())
        else:
            body = {"assignment": args.assignment, "students": args.students, **({"context": args.context} if args.context else {})}
            print(f"{call('POST', 'api/retry', body)['requeued']} scores queued again.")
    except ServiceError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
