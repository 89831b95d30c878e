"""The service's HTTP endpoints, under its JupyterHub prefix (`/services/grades/`).

- `GET  .well-known/jwks.json`  the tool's public key set (public: the platform fetches it);
- `GET  health`                 liveness;
- `GET  ` (the prefix)          what the service is, for a browser (no personal data);
- `POST api/launches`           the hub's post-auth hook reports a launch (the service's own token);
- `POST api/scores`             an instructor's server sends scores (the instructor's hub token);
- `GET  api/status`             what was sent, what is waiting and why (same token);
- `POST api/retry`              queue rejected scores of an assignment again (same token).

An instructor may send and see scores only for the LMS courses (LTI contexts) they launched the
hub from with a sender role, and only for students who launched from the same course.
"""
import hmac
import html
import json
import logging
import time

from tornado import web

from . import keys
from .launches import LaunchError, parse

log = logging.getLogger("hubfleet_grades.web")

MAX_ROWS = 20000


class Base(web.RequestHandler):
    def initialize(self, app):
        self.app = app

    def check_xsrf_cookie(self):
        # Token-authenticated API only; no cookies are read.
        return

    def write_json(self, status, payload):
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(payload, sort_keys=True))

    def fail(self, status, message, **extra):
        self.write_json(status, {"error": message, **extra})

    def body_json(self):
        try:
            data = json.loads(self.request.body or b"null")
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def bearer(self):
        auth = self.request.headers.get("Authorization", "")
        scheme, _, value = auth.partition(" ")
        return value.strip() if scheme.lower() in ("token", "bearer") and value.strip() else None


class JwksHandler(Base):
    def get(self):
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "public, max-age=300")
        self.finish(json.dumps(keys.key_set(self.app.key), sort_keys=True))


class HealthHandler(Base):
    def get(self):
        self.write_json(200, {"ok": True})


class IndexHandler(Base):
    def get(self):
        prefix = html.escape(self.app.settings.prefix)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(
            "<!doctype html><meta charset=utf-8><title>Grades to the LMS</title>"
            "<h1>Grades to the LMS</h1>"
            "<p>This course's grade service sends nbgrader scores to the LMS (LTI 1.3 Assignment and Grade Services).</p>"
            "<p>Instructors, in a terminal of their server: <code>nbgrader export --exporter hubfleet_lms_grades.LmsExporter</code> "
            "(all assignments, or <code>--assignment [ps1]</code>), then <code>python3 -m hubfleet_lms_grades status</code> "
            "for what was sent, what is waiting and why.</p>"
            f'<p>The tool\'s public key set: <a href="{prefix}.well-known/jwks.json">{prefix}.well-known/jwks.json</a></p>'
        )


class LaunchesHandler(Base):
    def post(self):
        token = self.bearer()
        if not token or not hmac.compare_digest(token.encode(), self.app.settings.api_token.encode()):
            return self.fail(403, "only the hub reports launches")
        data = self.body_json()
        if data is None:
            return self.fail(400, "the body is not a JSON object")
        try:
            launch = parse(data.get("username"), data.get("claims"), self.app.settings.issuer, self.app.settings.client_ids)
        except LaunchError as e:
            return self.fail(422, str(e))
        released = self.app.store.record_launch(launch, "hook", time.time())
        if released:
            self.app.sender.poke()
        self.write_json(200, {"context": launch.context_id, "released": released})


class UserApi(Base):
    """Endpoints for instructors: the caller's hub token decides who they are and which courses they may use."""

    async def prepare(self):
        token = self.bearer()
        if not token:
            return self.fail(401, "send your hub token: Authorization: token $JUPYTERHUB_API_TOKEN")
        model = await self.app.hubapi.identify(token)
        if model is None:
            return self.fail(401, "the hub does not know this token")
        if not self.app.hubapi.may_use(model):
            return self.fail(
                403,
                f"this token has no access to the grade service (scope access:services!service={self.app.settings.service_name}): "
                "only graders of the course have it, in the servers they start after becoming graders",
            )
        self.user = model["name"]
        self.contexts = self.app.store.sender_contexts(self.user)
        if not self.contexts:
            return self.fail(
                403,
                f"{self.user} has not opened this hub from an LMS course with a role that may send grades "
                f"({', '.join(sorted(self.app.settings.sender_roles))}); open it from the course once",
            )

    def pick_context(self, wanted):
        """The course the request is about: the one named, or the only one the caller teaches."""
        if wanted:
            for c in self.contexts:
                if wanted in (c.context_id, c.title):
                    return c
            self.fail(403, f"{self.user} does not teach the LMS course {wanted!r} on this hub", courses=self.course_list())
            return None
        if len(self.contexts) > 1:
            self.fail(409, "this hub is linked from several of your LMS courses: name one (context)", courses=self.course_list())
            return None
        return self.contexts[0]

    def course_list(self):
        return [{"context": c.context_id, "title": c.title} for c in self.contexts]


def _assignment_name(v):
    return isinstance(v, str) and 0 < len(v) <= 255 and v.isprintable()


class ScoresHandler(UserApi):
    def post(self):
        data = self.body_json()
        if data is None:
            return self.fail(400, "the body is not a JSON object")
        ctx = self.pick_context(data.get("context"))
        if ctx is None:
            return
        batches = data.get("assignments")
        if not isinstance(batches, list) or not batches:
            return self.fail(400, "assignments must be a non-empty list of {name, rows}")
        total = 0
        for b in batches:
            if not isinstance(b, dict) or not _assignment_name(b.get("name")) or not isinstance(b.get("rows"), list):
                return self.fail(400, "each assignment needs a printable name (1-255 characters) and a list of rows")
            if not all(isinstance(r, dict) for r in b["rows"]):
                return self.fail(400, f"the rows of {b.get('name')!r} must be objects")
            total += len(b["rows"])
        if total > MAX_ROWS:
            return self.fail(413, f"at most {MAX_ROWS} scores per request")
        now = time.time()
        out = []
        for b in batches:
            rows = [{**r, "assignment": b["name"]} for r in b["rows"]]
            out.append({"name": b["name"], "rows": self.app.store.submit(ctx.id, self.user, rows, now)})
        self.app.sender.poke()
        log.info("%s sent %d scores for %s (%s)", self.user, total, ctx.context_id, ", ".join(b["name"] for b in batches))
        self.write_json(200, {"context": ctx.context_id, "title": ctx.title, "assignments": out})


class StatusHandler(UserApi):
    def get(self):
        ctx = self.pick_context(self.get_argument("context", ""))
        if ctx is None:
            return
        rows = self.app.store.status(ctx.id, self.get_argument("assignment", "") or None, history=self.get_argument("history", "") == "1")
        counts = {}
        for r in rows:
            counts[r["state"]] = counts.get(r["state"], 0) + 1
        self.write_json(200, {"context": ctx.context_id, "title": ctx.title, "counts": counts, "scores": rows})


class RetryHandler(UserApi):
    def post(self):
        data = self.body_json()
        if data is None or not _assignment_name(data.get("assignment")):
            return self.fail(400, "name the assignment: {\"assignment\": ..., \"students\": [...] (optional)}")
        ctx = self.pick_context(data.get("context"))
        if ctx is None:
            return
        students = data.get("students") or None
        n = self.app.store.requeue(ctx.id, data["assignment"], time.time(), students)
        self.app.sender.poke()
        self.write_json(200, {"requeued": n})


def make_app(app):
    p = app.settings.prefix
    args = {"app": app}
    return web.Application(
        [
            (p + r"\.well-known/jwks\.json", JwksHandler, args),
            (p + "health", HealthHandler, args),
            (p + "api/launches", LaunchesHandler, args),
            (p + "api/scores", ScoresHandler, args),
            (p + "api/status", StatusHandler, args),
            (p + "api/retry", RetryHandler, args),
            (p.rstrip("/") + "/?", IndexHandler, args),
        ],
        xsrf_cookies=False,
    )
