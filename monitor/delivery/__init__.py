"""Delivery: scheduled digests and immediate alerts, sent to channels through Apprise.

The daemon calls `Deliverer.tick` once per tick, after matching. The tick does its database
work on the daemon's thread (build due digests, queue new immediate alerts and digests in
the outbox) and starts a background task per channel with due rows, with Apprise in
worker threads, so a slow or hanging channel holds up neither polling nor other channels.
See `outbox` for the at-most-once rules and `schedule` for when digests are due.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import datetime

from monitor.config import Channel, Config
from monitor.delivery import channels, outbox
from monitor.delivery.due import Due, build_due
from monitor.rulebook.files import Rulebook
from monitor.storage import Delivery, Storage

log = logging.getLogger(__name__)


class Deliverer:
    """The daemon's side of delivery: recover at start, then queue and send every tick."""

    def __init__(
        self, store: Storage, *, sender: outbox.Sender = channels.send,
        daemon_id: str | None = None,
    ) -> None:
        self.store = store
        self.sender = sender
        self.daemon_id = daemon_id  # who claims the rows it sends (several daemons, one db)
        self._tasks: dict[str, asyncio.Task[list[outbox.Attempt]]] = {}  # sending, per channel
        self._unreported: list[asyncio.Task[list[outbox.Attempt]]] = []  # running, for `wait`
        self._handled: set[Due] = set()
        self._catch_up = True  # look for scheduled digests not yet queued (first tick)
        self._known: set[str] = set()  # channel names already remembered
        self._alerts_top = -1  # newest alert id already looked at for immediate delivery

    def recover(
        self, now: datetime, channels: Iterable[Channel] = (), alive: Iterable[str] = ()
    ) -> list[Delivery]:
        """Sends cut off by a crash: sent again with the same delivery id, or held for the
        channels with resend_interrupted = false (see `outbox.recover`). Rows being sent by
        the daemons in `alive` (other daemons still beating) are theirs: left alone."""
        return outbox.recover(self.store, now, alive=alive, channels=channels)

    def take_over(
        self, now: datetime, channels: Iterable[Channel], stopped: Iterable[str]
    ) -> list[Delivery]:
        """Sends cut off when the daemons `stopped` died: recovered as at a start."""
        return outbox.recover(self.store, now, channels=channels, stopped=stopped)

    def tick(self, config: Config, rulebook: Rulebook | None, now: datetime) -> None:
        """Build due digests, queue new work, and start sending to each channel with due
        rows that is not sending already.

        Never raises: a delivery problem is logged and must not stop polling. Each step is
        tried on its own, so a digest that cannot be saved (a full disk) holds up neither
        immediate alerts nor the retries already queued.
        """
        for step in (self._queue_digests_due, self._queue_immediate):
            try:
                step(config, rulebook, now)
            except Exception:
                log.exception("delivery: queueing failed; trying again next tick")
        try:
            waiting = outbox.due_channels(self.store, now, [c.name for c in config.channels])
        except Exception:
            log.exception("delivery: reading the outbox failed; trying again next tick")
            return
        loop = asyncio.get_running_loop()
        self._unreported = [task for task in self._unreported if not task.done()]
        for name in waiting:
            task = self._tasks.get(name)
            if task is None or task.done():
                self._tasks[name] = loop.create_task(self._send(config, name, now))
                self._unreported.append(self._tasks[name])

    def _queue_digests_due(
        self, config: Config, rulebook: Rulebook | None, now: datetime
    ) -> None:
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

    def _queue_immediate(self, config: Config, rulebook: Rulebook | None, now: datetime) -> None:
        top = self.store.top_alert_id()
        if top != self._alerts_top and rulebook is not None:  # no write lock while idle
            added = outbox.enqueue_immediate(self.store, config.channels, rulebook, now)
            if added:
                log.info("queued %d immediate alert deliveries", added)
            self._alerts_top = top

    def _queue_digests(self, config: Config, now: datetime) -> None:
        """Queue the scheduled digests the digest channels have not got yet."""
        added = outbox.enqueue_new_digests(self.store, config.channels, now)
        if added:
            log.info("queued %d digest deliveries", added)

    async def _send(self, config: Config, name: str, now: datetime) -> list[outbox.Attempt]:
        try:
            return await outbox.send_due(
                self.store, config, now, sender=self.sender, names=[name],
                daemon_id=self.daemon_id,
            )
        except Exception:
            log.exception("delivery: sending failed; pending deliveries are tried next tick")
            return []

    async def wait(self, timeout: float | None = None) -> list[outbox.Attempt]:
        """Wait for the sends still running (or finished since this tick began); the outcomes
        of those that finished (the others are reported by a later wait)."""
        if not self._unreported:
            return []
        done, _ = await asyncio.wait(set(self._unreported), timeout=timeout)
        finished = [task for task in self._unreported if task in done]
        self._unreported = [task for task in self._unreported if task not in done]
        return [outcome for task in finished for outcome in task.result()]
