"""Start the grade service: `python3 -m hubfleet_grades` (settings: see settings.py)."""
import asyncio
import logging
import os
import signal
import sys
import time
from dataclasses import dataclass

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from . import keys, settings as settings_mod
from .hubapi import HubApi
from .launches import LaunchError, forwarded, parse
from .platform import Platform
from .sender import Sender
from .store import Store
from .web import make_app

log = logging.getLogger("hubfleet_grades")


@dataclass
class App:
    settings: object
    store: object
    key: object
    hubapi: object
    sender: object


async def sync_auth_states(app):
    """Catch up from the hub: every user's last launch (auth_state), for launches the hook could not report.

    Each launch overwrites a user's auth_state, so this sees only the latest launch per user; the
    hook reports every launch as it happens. Launches the service already knows are not newer and
    change nothing.
    """
    learned = skipped = 0
    for name in await app.hubapi.usernames():
        try:
            state = await app.hubapi.auth_state(name)
            if not state.get("sub"):
                skipped += 1
                continue
            launch = parse(name, forwarded(state), app.settings.issuer, app.settings.client_ids)
        except LaunchError:
            skipped += 1
            continue
        if app.store.record_launch(launch, "auth_state", time.time()):
            app.sender.poke()
        learned += 1
    log.info("read the last launch of %d users from the hub (%d without a usable launch)", learned, skipped)


async def sync_loop(app):
    if app.settings.sync_seconds <= 0:
        return
    while True:
        try:
            await sync_auth_states(app)
            delay = app.settings.sync_seconds
        except Exception as e:  # noqa: BLE001 - the hub may still be starting
            log.warning("could not read launches from the hub API (%s); trying again in a minute", e)
            delay = min(60, app.settings.sync_seconds)
        await asyncio.sleep(delay)


async def main():
    logging.basicConfig(level=logging.INFO, format="[%(levelname)1.1s %(asctime)s %(name)s] %(message)s", stream=sys.stdout)
    s = settings_mod.load()
    key = keys.load_or_create(s.key_file)
    store = Store(s.db_url, s.sender_roles, s.learner_roles)
    sender = Sender(s, store, Platform(s, key))
    app = App(settings=s, store=store, key=key, hubapi=HubApi(s), sender=sender)
    server = HTTPServer(make_app(app), max_body_size=10 * 1024 * 1024)
    sockets = bind_sockets(s.port, s.bind)
    server.add_sockets(sockets)
    port = sockets[0].getsockname()[1]
    log.info("grade service on %s:%d%s (key %s; outbox %s)", s.bind, port, s.prefix, keys.public_jwk(key)["kid"], store.counts())
    # Tests start the service on port 0 and read the port from this line.
    print(f"HUBFLEET_GRADES_LISTENING {port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    tasks = [asyncio.create_task(sender.run()), asyncio.create_task(sync_loop(app))]
    await stop.wait()
    sender.stop()
    server.stop()
    for t in tasks:
        t.cancel()
    log.info("stopped; queued scores stay in %s", s.db_url)


if __name__ == "__main__":
    os.umask(0o077)
    asyncio.run(main())
