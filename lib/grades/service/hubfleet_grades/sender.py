"""The outbox: sends queued scores, keeps every failure, retries with backoff.

Each tick takes the queued rows whose time has come, per (LMS course, assignment): a token for the
scopes the launch granted, the assignment's line item (found by resourceId, else created), then
one score per student. A failure that a later attempt may cure (no answer, 5xx, 429, 401) keeps
the row queued with the error and the next attempt `firstRetrySeconds × 2^(attempts−1)` later
(±10 %, at most `maxRetrySeconds`); a refusal (another 4xx) marks it `rejected` with the platform's
answer, until the instructor sends it again.

Each attempt carries its own time as the AGS `timestamp` (AGS 2.0 §3.4: a tool must not send two
updates of one line item and user with the same timestamp, and the platform must not replace a
result with an older one), so a repeat after a lost answer is a newer copy of the same score, and
attempts of one student's scores stay in the order they were given (a newer score supersedes an
older one before it is sent). A 409 means the platform keeps a newer score (one given in the LMS):
the row is rejected with that reason and is sent again only on request.
"""
import asyncio
import json
import logging
import random
import time

from .launches import SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY
from .platform import RESOURCE_PREFIX, PlatformError, needed_scopes
from .store import HELD_LMS_SETUP, HELD_UNKNOWN_STUDENT, iso

log = logging.getLogger("hubfleet_grades.sender")

NO_SCORE_SCOPE = (
    f"{HELD_LMS_SETUP}: the LMS did not grant this tool the score scope: enable the Assignment and Grade Services for the tool "
    "(Moodle: 'IMS LTI Assignment and Grade Services: use this service for grade sync and column management'; "
    "Canvas: the developer key's AGS scopes), then open the hub from the course once as an instructor"
)
NO_CONTAINER = (
    f"{HELD_LMS_SETUP}: the LMS gave this tool no line item container (one grade column per link at most): choose "
    "'grade sync and column management' for the tool in Moodle (Canvas: the lineitem scope), then open the hub from the course once"
)


def backoff(settings, attempt):
    """Delay before attempt `attempt + 1`, after `attempt` failures (1, 2, …)."""
    base = settings.first_retry_seconds * (2 ** max(0, attempt - 1))
    return min(settings.max_retry_seconds, base * (0.9 + 0.2 * random.random()))


class Sender:
    def __init__(self, settings, store, platform, clock=time.time):
        self.settings = settings
        self.store = store
        self.platform = platform
        self.clock = clock
        self._wake = asyncio.Event()
        self._stopped = False

    def poke(self):
        """Something was queued: look now instead of at the next tick."""
        self._wake.set()

    def stop(self):
        self._stopped = True
        self._wake.set()

    async def run(self):
        while not self._stopped:
            try:
                await self.tick()
            except Exception:  # noqa: BLE001 - the loop must survive; rows keep their state
                log.exception("sending scores failed; the outbox is unchanged and is tried again")
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.settings.tick_seconds)
            except asyncio.TimeoutError:
                pass

    async def tick(self):
        rows = self.store.due(self.clock())
        groups = {}
        for r in rows:
            groups.setdefault((r.context, r.assignment), []).append(r)
        for (ctx, assignment), group in groups.items():
            await self._send_group(ctx, assignment, group)

    def _failed(self, row, err):
        now = self.clock()
        if err.retry:
            self.store.mark_retry(row.id, now, now + backoff(self.settings, row.attempts + 1), err.status, err.detail)
        else:
            self.store.mark_rejected(row.id, now, err.status, err.detail)

    async def _send_group(self, ctx, assignment, group):
        context = self.store.context(ctx)
        granted = json.loads(context.scopes or "[]")
        scopes = needed_scopes(granted)
        if not scopes:
            for r in group:
                self.store.mark_held(r.id, self.clock(), NO_SCORE_SCOPE)
            return
        if not context.lineitems_url or not scopes & {SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY}:
            for r in group:
                self.store.mark_held(r.id, self.clock(), NO_CONTAINER)
            return
        try:
            token = await self.platform.token(context.client_id, scopes, self.clock())
            item_url = await self._lineitem(ctx, context, assignment, token, scopes, group[0].score_maximum)
        except PlatformError as e:
            if e.status == 401:
                self.platform.forget_token(context.client_id, scopes)
            for r in group:
                self._failed(r, e)
            return
        if item_url is None:
            reason = f"{HELD_LMS_SETUP}: the LMS course has no grade column for {assignment!r} and grants only lineitem.readonly, so the tool cannot create it: create it there with resource id {RESOURCE_PREFIX}{assignment}, or grant the lineitem scope"
            for r in group:
                self.store.mark_held(r.id, self.clock(), reason)
            return
        for r in group:
            member = self.store.learner(ctx, r.username)
            if member is None:
                self.store.mark_held(r.id, self.clock(), f"{HELD_UNKNOWN_STUDENT}: {r.username} has not opened the hub from this LMS course as a student")
                continue
            try:
                resp = await self.platform.post_score(token, item_url, member.sub, r.score_given, r.score_maximum, iso(self.clock()))
                self.store.mark_sent(r.id, self.clock(), member.sub, resp.code)
            except PlatformError as e:
                if e.status == 409:
                    e = PlatformError(e.detail + " (the LMS keeps a newer score for this student, given there; send again to replace it)", status=409, retry=False)
                if e.status == 401:
                    self.platform.forget_token(context.client_id, scopes)
                if e.status == 404:
                    # The column was deleted in the LMS: find or create it again on the next attempt.
                    self.store.forget_lineitem(ctx, assignment)
                    e = PlatformError(e.detail + " (the grade column is gone; it is looked up again)", status=404, retry=True)
                self._failed(r, e)

    async def _lineitem(self, ctx, context, assignment, token, scopes, score_maximum):
        cached = self.store.lineitem(ctx, assignment)
        if cached is not None and cached.score_maximum == score_maximum:
            return cached.url
        resource_id = RESOURCE_PREFIX + assignment
        item = await self.platform.find_lineitem(token, context.lineitems_url, resource_id)
        created = False
        if item is None:
            if SCOPE_LINEITEM not in scopes:
                return None
            item = await self.platform.create_lineitem(token, context.lineitems_url, assignment, resource_id, score_maximum)
            created = True
        elif item.get("scoreMaximum") != score_maximum and SCOPE_LINEITEM in scopes:
            await self.platform.update_lineitem(token, item, score_maximum)
        if not self.settings.url_allowed(item["id"]):
            raise PlatformError(f"the platform's line item URL {item['id']!r} is not https on an allowed host (grades.serviceHosts)", retry=False)
        self.store.save_lineitem(ctx, assignment, item["id"], score_maximum, created, self.clock())
        return item["id"]
