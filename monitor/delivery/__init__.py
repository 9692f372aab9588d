"""Delivery: scheduled digests and immediate alerts, sent to channels through Apprise.

The daemon calls `Deliverer.tick` once per tick, after matching. The tick does its SQLite
work on the daemon's thread (build due digests, queue new immediate alerts and digests in
the outbox) and starts one background task that sends due rows, with Apprise in worker
threads, so a slow or hanging channel never holds up polling. See `outbox` for the
at-most-once rules and `schedule` for when digests are due.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime

from monitor.config import Config
from monitor.delivery import outbox
from monitor.delivery.schedule import Due, build_due
from monitor.rulebook.files import Rulebook
from monitor.store import Store

log = logging.getLogger(__name__)


class Deliverer:
    """The daemon's side of delivery: recover at start, then queue and send every tick."""

    def __init__(self, store: Store, *, sender: outbox.Sender = outbox.send) -> None:
        self.store = store
        self.sender = sender
        self._task: asyncio.Task[list[outbox.Outcome]] | None = None
        self._handled: set[Due] = set()
        self._catch_up = True  # look for scheduled digests not yet queued (first tick)
        self._known: set[str] = set()  # channel names already remembered
        self._alerts_top = -1  # newest alert id already looked at for immediate delivery

    def recover(self, now: datetime) -> list[outbox.Delivery]:
        """Mark sends cut off by a crash as interrupted (see `outbox.recover`)."""
        return outbox.recover(self.store, now)

    def tick(self, config: Config, rulebook: Rulebook | None, now: datetime) -> None:
        """Build due digests, queue new work, and start sending if no send is running.

        Never raises: a delivery problem is logged and must not stop polling.
        """
        try:
            self._queue(config, rulebook, now)
        except Exception:
            log.exception("delivery: queueing failed; trying again next tick")
            return
        if config.channels and (self._task is None or self._task.done()):
            self._task = asyncio.get_running_loop().create_task(self._send(config, now))

    def _queue(self, config: Config, rulebook: Rulebook | None, now: datetime) -> None:
        names = {c.name for c in config.channels}
        if names - self._known:
            if outbox.remember_channels(self.store, config.channels, now):
                self._catch_up = True
            self._known |= names
        built = build_due(
            self.store, config.digest, rulebook, config.state_dir, now, self._handled
        )
        if built or self._catch_up:
            self._queue_digests(config, now)
            self._catch_up = False
        top = self.store.db.execute("SELECT coalesce(max(id), 0) FROM alerts").fetchone()[0]
        if top != self._alerts_top and rulebook is not None:  # no write lock while idle
            added = outbox.enqueue_immediate(self.store, config.channels, rulebook, now)
            if added:
                log.info("queued %d immediate alert deliveries", added)
            self._alerts_top = top

    def _queue_digests(self, config: Config, now: datetime) -> None:
        """Queue every non-empty scheduled digest a digest channel has not got, made since
        that channel was first seen (also catches a crash between building and queueing)."""
        rows = self.store.db.execute(
            "SELECT id, created, alert_ids FROM digests WHERE kind IN ('daily', 'weekly') "
            "ORDER BY id"
        ).fetchall()
        for channel in config.channels:
            since = outbox.channel_since(self.store, channel.name)
            if not channel.digests or since is None:
                continue
            start = datetime.fromisoformat(since)
            for digest_id, created, alert_ids in rows:
                if json.loads(alert_ids or "[]") and datetime.fromisoformat(created) >= start:
                    outbox.enqueue_digest(self.store, [channel], digest_id, now)

    async def _send(self, config: Config, now: datetime) -> list[outbox.Outcome]:
        try:
            return await outbox.send_due(self.store, config, now, sender=self.sender)
        except Exception:
            log.exception("delivery: sending failed; pending deliveries are tried next tick")
            return []

    async def wait(self, timeout: float | None = None) -> list[outbox.Outcome]:
        """Wait for the running send (if any) to finish; its outcomes, or [] on timeout."""
        if self._task is None:
            return []
        done, _ = await asyncio.wait({self._task}, timeout=timeout)
        return self._task.result() if done else []
