"""The service's database (SQLite on its own claim): launches learned, line items, the score outbox.

Nothing is ever deleted. A score row moves between states and keeps every attempt:

- `queued`: waiting to be sent (`next_attempt_at`); after a failed attempt it stays queued with the
  error in `reason` and a later `next_attempt_at` (exponential backoff, capped);
- `sent`: the platform accepted it (HTTP 2xx);
- `held`: it cannot be sent yet and no retry would help until something changes: the student has
  not launched the hub from this LMS course (so the platform's id for them is unknown), the
  submission still needs manual grading, or the LMS is not set up for the tool's grades (no score
  scope, no line item container). Held rows go back to `queued` by themselves when the missing
  launch (or a launch with a new AGS claim) arrives, otherwise when sent again;
- `rejected`: the platform refused it (a 4xx other than 401/408/425/429, e.g. 409 when it keeps a
  newer score given in the LMS); sending it again queues it;
- `refused`: the service refused it (a score below 0, above the maximum without extra credit, not
  a number); the instructor fixes the gradebook and sends again;
- `superseded`: a newer score for the same student and assignment replaced it.

One row per (context, assignment, student) is current (not superseded). Sending the same value
again changes nothing; a different value supersedes the current row with a new one. `timestamp`
is when a value arrived (shown to instructors); each attempt sends its own time as the AGS
timestamp (sender.py).
"""
import json
import math
from datetime import datetime, timezone

from sqlalchemy import (Column, Float, ForeignKey, Integer, MetaData, String, Table, Text, UniqueConstraint, and_, create_engine, event, func, insert, select,
                        update)

from .launches import context_role_names

metadata = MetaData()

contexts = Table(
    "contexts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("issuer", String(512), nullable=False),
    Column("client_id", String(255), nullable=False),
    Column("deployment_id", String(255), nullable=False),
    Column("context_id", String(255), nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("lineitems_url", Text, nullable=False, default=""),
    Column("lineitem_url", Text, nullable=False, default=""),
    Column("scopes", Text, nullable=False, default="[]"),
    Column("ags_from", String(255), nullable=False, default=""),
    Column("ags_at", Float, nullable=False, default=0.0),
    UniqueConstraint("issuer", "client_id", "deployment_id", "context_id"),
)

members = Table(
    "members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("context", Integer, ForeignKey("contexts.id"), nullable=False),
    Column("username", String(255), nullable=False),
    Column("sub", String(255), nullable=False),
    Column("roles", Text, nullable=False, default="[]"),
    Column("issued_at", Float, nullable=False, default=0.0),
    Column("learned_at", Float, nullable=False),
    Column("source", String(32), nullable=False),
    UniqueConstraint("context", "username"),
)

lineitems = Table(
    "lineitems",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("context", Integer, ForeignKey("contexts.id"), nullable=False),
    Column("assignment", String(255), nullable=False),
    Column("url", Text, nullable=False),
    Column("score_maximum", Float, nullable=False),
    Column("created", Integer, nullable=False, default=0),
    Column("at", Float, nullable=False),
    UniqueConstraint("context", "assignment"),
)

scores = Table(
    "scores",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("context", Integer, ForeignKey("contexts.id"), nullable=False),
    Column("assignment", String(255), nullable=False),
    Column("username", String(255), nullable=False),
    Column("score_given", Float),
    Column("score_maximum", Float),
    Column("extra_credit", Float, nullable=False, default=0.0),
    Column("submitted_by", String(255), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("timestamp", String(40), nullable=False),
    Column("state", String(16), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", Float),
    Column("last_attempt_at", Float),
    Column("sent_at", Float),
    Column("sent_sub", String(255)),
    Column("superseded_by", Integer),
)

attempts = Table(
    "attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("score", Integer, ForeignKey("scores.id"), nullable=False),
    Column("at", Float, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("http_status", Integer),
    Column("detail", Text, nullable=False, default=""),
    Column("retry_in", Float),
)

HELD_UNKNOWN_STUDENT = "unknown-student"
HELD_MANUAL_GRADING = "needs-manual-grading"
# The LMS's side is not set up for the tool's grades (no score scope, no line item container): a
# launch that brings a new AGS claim, or sending again, queues such rows.
HELD_LMS_SETUP = "lms-setup"


def iso(t):
    """ISO 8601 with sub-second precision and offset, as AGS 2.0 §3.4 wants its `timestamp`."""
    return datetime.fromtimestamp(t, timezone.utc).isoformat(timespec="microseconds")


def _finite(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


class Store:
    def __init__(self, db_url, sender_roles, learner_roles):
        self.engine = create_engine(db_url, future=True)
        if db_url.startswith("sqlite"):
            @event.listens_for(self.engine, "connect")
            def _pragmas(conn, _record):
                cur = conn.cursor()
                cur.execute("PRAGMA foreign_keys=ON")
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=FULL")
                cur.close()
        metadata.create_all(self.engine)
        self.sender_roles = frozenset(sender_roles)
        self.learner_roles = frozenset(learner_roles)

    # --- launches -----------------------------------------------------------------------------

    def record_launch(self, launch, source, now):
        """Remember a launch; returns how many held scores it released."""
        with self.engine.begin() as db:
            key = dict(issuer=launch.issuer, client_id=launch.client_id, deployment_id=launch.deployment_id, context_id=launch.context_id)
            row = db.execute(select(contexts).filter_by(**key)).first()
            if row is None:
                ctx = db.execute(insert(contexts).values(**key, title=launch.context_title)).inserted_primary_key[0]
            else:
                ctx = row.id
                db.execute(update(contexts).where(contexts.c.id == ctx).values(title=launch.context_title))
            # The AGS claim of the most recent launch that carried one (every launch of a context
            # carries the same endpoint); a new one may be what held scores waited for.
            released = 0
            if launch.ags and (launch.ags.lineitems or launch.ags.lineitem):
                current = db.execute(select(contexts.c.ags_at).where(contexts.c.id == ctx)).scalar_one()
                if launch.issued_at >= current or current == 0:
                    db.execute(
                        update(contexts)
                        .where(contexts.c.id == ctx)
                        .values(lineitems_url=launch.ags.lineitems, lineitem_url=launch.ags.lineitem, scopes=json.dumps(list(launch.ags.scopes)), ags_from=launch.username, ags_at=launch.issued_at or now)
                    )
                    released += db.execute(
                        update(scores)
                        .where(and_(scores.c.context == ctx, scores.c.state == "held", scores.c.superseded_by.is_(None), scores.c.reason.like(HELD_LMS_SETUP + "%")))
                        .values(state="queued", reason="", next_attempt_at=now)
                    ).rowcount
            m = db.execute(select(members).filter_by(context=ctx, username=launch.username)).first()
            values = dict(sub=launch.sub, roles=json.dumps(list(launch.roles)), issued_at=launch.issued_at, learned_at=now, source=source)
            if m is None:
                db.execute(insert(members).values(context=ctx, username=launch.username, **values))
            elif launch.issued_at >= m.issued_at:
                db.execute(update(members).where(members.c.id == m.id).values(**values))
            if context_role_names(launch.roles) & self.learner_roles:
                released += db.execute(
                    update(scores)
                    .where(and_(scores.c.context == ctx, scores.c.username == launch.username, scores.c.state == "held", scores.c.reason.like(HELD_UNKNOWN_STUDENT + "%")))
                    .values(state="queued", reason="", next_attempt_at=now)
                ).rowcount
            return released

    def sender_contexts(self, username):
        """The contexts in which `username` launched with a role that may send grades."""
        with self.engine.connect() as db:
            rows = db.execute(select(contexts, members.c.roles).join(members, members.c.context == contexts.c.id).where(members.c.username == username)).all()
        return [r for r in rows if context_role_names(json.loads(r.roles)) & self.sender_roles]

    def context(self, ctx):
        with self.engine.connect() as db:
            return db.execute(select(contexts).where(contexts.c.id == ctx)).first()

    def learner(self, ctx, username):
        """The member row of a student of the context, or None."""
        with self.engine.connect() as db:
            m = db.execute(select(members).filter_by(context=ctx, username=username)).first()
        if m is None or not (context_role_names(json.loads(m.roles)) & self.learner_roles):
            return None
        return m

    def counts(self):
        with self.engine.connect() as db:
            return {
                "contexts": db.execute(select(func.count()).select_from(contexts)).scalar_one(),
                "members": db.execute(select(func.count()).select_from(members)).scalar_one(),
                **{state: n for state, n in db.execute(select(scores.c.state, func.count()).group_by(scores.c.state)).all()},
            }

    # --- submissions ----------------------------------------------------------------------------

    def submit(self, ctx, sender, rows, now):
        """Take scores from an instructor; returns one outcome per row, in order."""
        outcomes = []
        with self.engine.begin() as db:
            for row in rows:
                outcomes.append(self._submit_one(db, ctx, sender, row, now))
        return outcomes

    def _validate(self, row):
        student, score, maximum, extra = row.get("student"), row.get("score"), row.get("maxScore"), row.get("extraCredit", 0) or 0
        if not isinstance(student, str) or not student:
            return "the row names no student"
        if not _finite(maximum) or maximum <= 0:
            return f"the maximum {maximum!r} is not a positive number"
        if not _finite(score):
            return f"the score {score!r} is not a number"
        if not _finite(extra) or extra < 0:
            return f"the extra credit {extra!r} is not a number >= 0"
        if score < 0:
            return f"the score {score} is below 0"
        if score > maximum + extra + 1e-9:
            credit = f" plus extra credit {extra}" if extra else ""
            return f"the score {score} is above the maximum {maximum}{credit}: fix it in the gradebook (formgrader) and send again"
        return None

    def _submit_one(self, db, ctx, sender, row, now):
        student = row.get("student") if isinstance(row.get("student"), str) else ""
        assignment = row["assignment"]
        problem = self._validate(row)
        score, maximum = row.get("score"), row.get("maxScore")
        extra = float(row.get("extraCredit") or 0) if _finite(row.get("extraCredit") or 0) else 0.0
        current = db.execute(
            select(scores).where(and_(scores.c.context == ctx, scores.c.assignment == assignment, scores.c.username == student, scores.c.superseded_by.is_(None))).order_by(scores.c.id.desc())
        ).first()
        manual = bool(row.get("needsManualGrade"))
        if problem is None and current is not None and current.state != "refused" and current.score_given == float(score) and current.score_maximum == float(maximum) and current.extra_credit == extra:
            if current.state == "rejected":
                db.execute(update(scores).where(scores.c.id == current.id).values(state="queued", next_attempt_at=now, reason=f"sent again after: {current.reason}"))
                return {"student": student, "outcome": "requeued", "id": current.id}
            if current.state == "held" and (current.reason.startswith(HELD_MANUAL_GRADING) and not manual):
                db.execute(update(scores).where(scores.c.id == current.id).values(state="queued", next_attempt_at=now, reason=""))
                return {"student": student, "outcome": "queued", "id": current.id}
            if current.state == "held" and current.reason.startswith(HELD_LMS_SETUP):
                db.execute(update(scores).where(scores.c.id == current.id).values(state="queued", next_attempt_at=now, reason=""))
                return {"student": student, "outcome": "queued", "id": current.id}
            if current.state == "held" and current.reason.startswith(HELD_UNKNOWN_STUDENT) and self._is_learner(db, ctx, student):
                db.execute(update(scores).where(scores.c.id == current.id).values(state="queued", next_attempt_at=now, reason=""))
                return {"student": student, "outcome": "queued", "id": current.id}
            return {"student": student, "outcome": "unchanged", "state": current.state, "reason": current.reason, "id": current.id}
        if problem is not None:
            state, reason = "refused", problem
        elif manual:
            state, reason = "held", f"{HELD_MANUAL_GRADING}: the submission still has answers to grade by hand; grade them in formgrader and send again"
        elif not self._is_learner(db, ctx, student):
            state, reason = "held", (
                f"{HELD_UNKNOWN_STUDENT}: {student} has not opened the hub from this LMS course as a student, so the platform's id for them is unknown; "
                "the score is sent as soon as they do"
            )
        else:
            state, reason = "queued", ""
        new_id = db.execute(
            insert(scores).values(
                context=ctx,
                assignment=assignment,
                username=student,
                score_given=float(score) if _finite(score) else None,
                score_maximum=float(maximum) if _finite(maximum) else None,
                extra_credit=extra,
                submitted_by=sender,
                created_at=now,
                timestamp=iso(now),
                state=state,
                reason=reason,
                next_attempt_at=now if state == "queued" else None,
            )
        ).inserted_primary_key[0]
        if current is not None:
            db.execute(update(scores).where(scores.c.id == current.id).values(superseded_by=new_id, state="superseded" if current.state != "sent" else "sent"))
        outcome = {"queued": "queued", "held": "held", "refused": "refused"}[state]
        return {"student": student, "outcome": outcome, "reason": reason, "id": new_id}

    def _is_learner(self, db, ctx, username):
        m = db.execute(select(members.c.roles).filter_by(context=ctx, username=username)).first()
        return m is not None and bool(context_role_names(json.loads(m.roles)) & self.learner_roles)

    def requeue(self, ctx, assignment, now, students=None):
        """Queue the rejected rows of an assignment (or of some of its students) again, on request."""
        cond = and_(scores.c.context == ctx, scores.c.assignment == assignment, scores.c.superseded_by.is_(None), scores.c.state == "rejected")
        if students:
            cond = and_(cond, scores.c.username.in_(list(students)))
        with self.engine.begin() as db:
            return db.execute(update(scores).where(cond).values(state="queued", next_attempt_at=now)).rowcount

    # --- the outbox -----------------------------------------------------------------------------

    def due(self, now, limit=200):
        """Queued rows whose time has come, oldest first."""
        with self.engine.connect() as db:
            return db.execute(
                select(scores).where(and_(scores.c.state == "queued", scores.c.superseded_by.is_(None), scores.c.next_attempt_at <= now)).order_by(scores.c.next_attempt_at, scores.c.id).limit(limit)
            ).all()

    def next_due(self):
        with self.engine.connect() as db:
            return db.execute(select(func.min(scores.c.next_attempt_at)).where(and_(scores.c.state == "queued", scores.c.superseded_by.is_(None)))).scalar()

    def _attempt(self, db, score_id, now, outcome, http_status, detail, retry_in=None):
        db.execute(insert(attempts).values(score=score_id, at=now, outcome=outcome, http_status=http_status, detail=detail, retry_in=retry_in))

    def mark_sent(self, score_id, now, sub, http_status, detail=""):
        with self.engine.begin() as db:
            db.execute(
                update(scores)
                .where(scores.c.id == score_id)
                .values(state="sent", reason=detail, attempts=scores.c.attempts + 1, last_attempt_at=now, sent_at=now, sent_sub=sub, next_attempt_at=None)
            )
            self._attempt(db, score_id, now, "sent", http_status, detail)

    def mark_retry(self, score_id, now, next_at, http_status, detail):
        with self.engine.begin() as db:
            db.execute(update(scores).where(scores.c.id == score_id).values(reason=detail, attempts=scores.c.attempts + 1, last_attempt_at=now, next_attempt_at=next_at))
            self._attempt(db, score_id, now, "retry", http_status, detail, retry_in=next_at - now)

    def mark_rejected(self, score_id, now, http_status, detail):
        with self.engine.begin() as db:
            db.execute(update(scores).where(scores.c.id == score_id).values(state="rejected", reason=detail, attempts=scores.c.attempts + 1, last_attempt_at=now, next_attempt_at=None))
            self._attempt(db, score_id, now, "rejected", http_status, detail)

    def mark_held(self, score_id, now, reason):
        with self.engine.begin() as db:
            db.execute(update(scores).where(scores.c.id == score_id).values(state="held", reason=reason, next_attempt_at=None, last_attempt_at=now))
            self._attempt(db, score_id, now, "held", None, reason)

    # --- line items -----------------------------------------------------------------------------

    def lineitem(self, ctx, assignment):
        with self.engine.connect() as db:
            return db.execute(select(lineitems).filter_by(context=ctx, assignment=assignment)).first()

    def save_lineitem(self, ctx, assignment, url, score_maximum, created, now):
        with self.engine.begin() as db:
            existing = db.execute(select(lineitems.c.id).filter_by(context=ctx, assignment=assignment)).first()
            if existing:
                db.execute(update(lineitems).where(lineitems.c.id == existing.id).values(url=url, score_maximum=score_maximum, at=now))
            else:
                db.execute(insert(lineitems).values(context=ctx, assignment=assignment, url=url, score_maximum=score_maximum, created=int(created), at=now))

    def forget_lineitem(self, ctx, assignment):
        with self.engine.begin() as db:
            db.execute(lineitems.delete().where(and_(lineitems.c.context == ctx, lineitems.c.assignment == assignment)))

    # --- what instructors see -------------------------------------------------------------------

    def status(self, ctx, assignment=None, history=False):
        cond = scores.c.context == ctx
        if assignment:
            cond = and_(cond, scores.c.assignment == assignment)
        with self.engine.connect() as db:
            rows = db.execute(select(scores).where(and_(cond, scores.c.superseded_by.is_(None))).order_by(scores.c.assignment, scores.c.username)).all()
            tries = {}
            if history and rows:
                for a in db.execute(select(attempts).where(attempts.c.score.in_([r.id for r in rows])).order_by(attempts.c.id)).all():
                    tries.setdefault(a.score, []).append({"at": iso(a.at), "outcome": a.outcome, "httpStatus": a.http_status, "detail": a.detail, "retryInSeconds": a.retry_in})
        out = []
        for r in rows:
            item = {
                "id": r.id,
                "assignment": r.assignment,
                "student": r.username,
                "scoreGiven": r.score_given,
                "scoreMaximum": r.score_maximum,
                "state": r.state,
                "reason": r.reason,
                "attempts": r.attempts,
                "timestamp": r.timestamp,
                "lastAttemptAt": iso(r.last_attempt_at) if r.last_attempt_at else None,
                "nextAttemptAt": iso(r.next_attempt_at) if r.next_attempt_at and r.state == "queued" else None,
                "nextAttemptEpoch": r.next_attempt_at if r.state == "queued" else None,
                "sentAt": iso(r.sent_at) if r.sent_at else None,
            }
            if history:
                item["history"] = tries.get(r.id, [])
            out.append(item)
        return out
