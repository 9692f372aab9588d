"""The daemon: APScheduler's clock, a lock on the state directory, and clean signals.

A tick every few seconds claims due sources in the database (with a lease, `per_host`
counted over every daemon sharing the database) and starts their polls; each poll is its
own task, so a slow source never holds up the others. Each tick also records this daemon's
heartbeat. Housekeeping (fetch-log pruning, full-text indexing) runs on its own interval job.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import functools
import logging
import os
import signal
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING

from monitor.alerts import Rules, match_pending
from monitor.config import Config, reload_config
from monitor.delivery import Deliverer
from monitor.delivery.atom import AtomFeeds
from monitor.errors import LockedError, MonitorError, StateError
from monitor.heartbeat import (
    MISSED_BEATS,
    Identity,
    forgettable,
    gone_here,
    lease_for,
    rules_fingerprint,
    stopped,
)
from monitor.models import PollResult, Source
from monitor.overdue import overdue
from monitor.pause import Notice, StorePause, UnstoredPoll
from monitor.pipeline import Poller, log_result
from monitor.rulebook.files import fingerprint
from monitor.schedule import iso, utcnow
from monitor.storage import DaemonRecord, Storage, open_storage
from monitor.storage.trouble import StoreUnavailable, Trouble

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger(__name__)

LOCK_NAME = "daemon.lock"
HOUSEKEEPING_SECONDS = 300
# SQLite's quick check reads the whole file (about 0.4 s per 100 MB, on the event loop):
# at start, then at most this often.
INTEGRITY_SECONDS = 3600.0
# On SIGTERM: polls still fetching or parsing get this long to finish, then are cancelled
# (they stored nothing, so they are due again at the next start); sends in flight get what
# is left of the stop budget. A service manager waits 10 s before it kills.
POLL_GRACE_SECONDS = 1.0
JOB_SETTLE_SECONDS = 1.0  # for a job the scheduler started as it stopped to see the stop
STOP_BUDGET_SECONDS = 4.0
# Sources overdue at this many ticks in a row mean polling is behind: said at most this often.
BEHIND_TICKS = 3
BEHIND_LOG_SECONDS = 600.0
# Ticks come from 7/8 to 9/8 of a tick apart (a tick on average). Daemons started together
# would otherwise tick in step, and the one a moment ahead would claim nearly every source
# that comes free; drifting apart, they share the polling.
TICK_JITTER = 0.25


def tick_trigger(tick: float) -> IntervalTrigger:
    """When the tick job runs: 7/8 to 9/8 of `tick` after its last run (see TICK_JITTER)."""
    from apscheduler.triggers.interval import IntervalTrigger  # only the daemon

    return IntervalTrigger(seconds=tick * (1 - TICK_JITTER / 2), jitter=tick * TICK_JITTER,
                           timezone="UTC")


@contextlib.contextmanager
def state_lock(state_dir: Path) -> Iterator[IO[str]]:
    """Hold an exclusive lock on the state directory, or fail at once naming the holder."""
    path = state_dir / LOCK_NAME
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+", encoding="utf-8")
    except OSError as exc:
        raise StateError(
            f"cannot write {path} ({exc.strerror}): the state directory must be writable; "
            "remount it read-write or fix its permissions, or give another --state"
        ) from exc
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise LockedError(
            f"another monitor daemon (pid {holder}) is already running on {state_dir}; "
            "stop it first, or give this one another --state directory"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    # Forked workers inherit this descriptor; closing their copy keeps the lock this
    # process's alone, so it is free the moment the daemon dies, whatever the workers do.
    os.register_at_fork(after_in_child=lambda: handle.close())
    try:
        yield handle
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def daemon_running(state_dir: Path) -> bool:
    """Whether a daemon holds the state directory's lock now (read-only: nothing written)."""
    try:
        handle = (state_dir / LOCK_NAME).open("r", encoding="utf-8")
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


@contextlib.contextmanager
def _logged(step: str, store_errors: tuple[type[Exception], ...] = ()) -> Iterator[None]:
    """Log an unexpected error in a daemon step instead of letting it end the tick (the
    database failing is no bug: that pauses polling, so it is raised)."""
    try:
        yield
    except store_errors:
        raise
    except Exception:
        log.exception("internal error while %s (please report this); polling goes on", step)


class Daemon:
    """Runs polls on schedule until SIGINT/SIGTERM."""

    def __init__(
        self, config: Config, config_arg: str | None, state_arg: str | None, rules: Rules
    ) -> None:
        self.config = config
        self.rules = rules
        self.atom = AtomFeeds(config.state_dir)
        self._config_arg = config_arg
        self._state_arg = state_arg
        self._config_mtime = self._mtime()
        self._inflight: dict[int, asyncio.Task[PollResult]] = {}
        self._stop = asyncio.Event()
        self._behind_ticks = 0  # ticks in a row with overdue sources
        self._behind_said: float | None = None  # when the warning was last logged
        self.store: Storage | None = None
        self.poller: Poller | None = None
        self.deliverer: Deliverer | None = None
        self.pause: StorePause | None = None
        self._integrity_checked: float | None = None  # loop time of the last check
        self.me = Identity.new()
        self.started = iso(utcnow())
        self._rules_print: tuple[str, str] | None = None  # (stat fingerprint, content one)
        self._others_checked: float | None = None  # when stopped daemons were looked for
        self._taken_over: set[str] = set()  # stopped daemons whose sends were taken over

    def _mtime(self) -> float | None:
        try:
            return self.config.path.stat().st_mtime
        except OSError:
            return None

    def _reload_config(self) -> None:
        """Pick up sources added or removed in the config file while running."""
        mtime = self._mtime()
        if mtime == self._config_mtime:
            return
        self._config_mtime = mtime
        try:
            fresh = reload_config(self.config, self._config_arg, self._state_arg)
        except MonitorError as exc:
            log.error("config not reloaded, keeping the last good one: %s", exc)
            return
        if fresh.settings != self.config.settings:
            log.warning("[monitor] settings changed; restart the daemon to apply them")
        assert self.store is not None
        self.store.sync_sources(fresh.sources, utcnow())
        self.config = fresh
        log.info("config reloaded: %d sources", len(fresh.sources))

    def _rules_fingerprint(self) -> str:
        """The rules' content fingerprint, read again only when a file changed."""
        stat = fingerprint(self.rules.path)
        if self._rules_print is None or self._rules_print[0] != stat:
            self._rules_print = (stat, rules_fingerprint(self.rules.path))
        return self._rules_print[1]

    def beat(self) -> None:
        """Record this daemon's heartbeat; every few ticks, look after stopped daemons."""
        assert self.store is not None
        now = utcnow()
        self.store.heartbeat(DaemonRecord(
            self.me.id, self.me.host, self.me.pid, self.started, iso(now),
            self._rules_fingerprint(),
        ))
        clock = asyncio.get_running_loop().time()
        every = MISSED_BEATS * self.config.settings.tick
        if self._others_checked is None or clock - self._others_checked >= every:
            self._others_checked = clock
            self._after_stopped(now)

    def _after_stopped(self, now: datetime) -> None:
        """Take over the sends a stopped daemon left half-done (once, when none of them can
        still be under way), and forget daemons stopped long ago. Its sources need nothing:
        its claims end with their lease."""
        assert self.store is not None
        sends_end = timedelta(seconds=max((c.timeout for c in self.config.channels),
                                          default=0) + MISSED_BEATS * self.config.settings.tick)
        for daemon in self.store.daemons(now):
            if daemon.id == self.me.id:
                continue
            if forgettable(daemon, now):
                self.store.forget_daemon(daemon.id)
                log.info("forgot daemon %s (no heartbeat since %s)", daemon.id, daemon.heartbeat)
                continue
            quiet = now - datetime.fromisoformat(daemon.heartbeat)
            gone = gone_here(daemon, self.me.host)
            if gone and self.store.release_claims(daemon.id):
                # Its process is gone for certain: its sources need not wait for the lease.
                log.info("released the claims of daemon %s (its process is gone)", daemon.id)
            if (gone or quiet > sends_end) and daemon.id not in self._taken_over:
                self._taken_over.add(daemon.id)
                if self.deliverer is not None:
                    taken = self.deliverer.take_over(now, self.config.channels, [daemon.id])
                    if taken:
                        log.warning("daemon %s stopped mid-send: took over %d deliveries",
                                    daemon.id, len(taken))

    def _others_alive(self) -> list[str]:
        """The other daemons still beating (their deliveries in flight are theirs)."""
        assert self.store is not None
        now = utcnow()
        return [d.id for d in self.store.daemons(now)
                if d.id != self.me.id and not stopped(d, now, self.config.settings.tick)
                and not gone_here(d, self.me.host)]

    async def tick(self) -> None:
        """Start a poll for every due source that is not already being polled; while the
        database cannot write, only retry storing what waits (see monitor.pause)."""
        if self._stop.is_set():  # a tick the scheduler started as it shut down: the store
            return  # may already be closed
        assert self.store is not None
        if self.pause is None:
            self.pause = StorePause(Notice(self.config.state_dir))
        if self.pause.paused and not self._retry_storing():
            return
        try:
            self._tick()
        except self.store.errors as exc:
            self.pause.hold(StoreUnavailable.of(exc, self.store.location), self._now())

    def _now(self) -> float:
        return asyncio.get_running_loop().time()

    def _retry_storing(self) -> bool:
        """Store the polls that waited; True (polling resumes) when all went in."""
        assert self.pause is not None and self.poller is not None
        now = self._now()
        if not self.pause.due(now):
            return False
        stored = 0
        while self.pause.waiting:
            try:
                self.poller.store_outcome(*self.pause.waiting[0])
            except StoreUnavailable:
                self.pause.failed_again(now)
                return False
            self.pause.waiting.pop(0)
            stored += 1
        self.pause.resume(stored)
        return True

    def _tick(self) -> None:
        """Claim due sources (as many as there is room for) and start their polls."""
        assert self.store is not None and self.poller is not None
        errors = self.store.errors
        self._reload_config()
        self.rules.refresh()
        with _logged("recording the heartbeat", errors):
            self.beat()
        # A bug in one of these steps is logged and retried next tick; polling goes on.
        with _logged("matching pending entries", errors):
            # Entries stored but not yet matched (a kill between the two steps).
            hits, alerts = match_pending(self.store, self.rules, utcnow())
            if hits:
                log.info("matched pending entries: %d hits, %d new alerts", hits, alerts)
        if self.store.engine == "sqlite":  # on PostgreSQL `monitor serve` renders them
            with _logged("writing the Atom feeds", errors):
                self.atom.refresh(self.store, self.rules.book)  # only when alerts changed
        if self.deliverer is not None:  # digests due, immediate alerts; sends in the background
            with _logged("delivering", errors):
                self.deliverer.tick(self.config, self.rules.book, utcnow())
        self._say_if_behind(self.store.due_sources(utcnow()))
        settings = self.config.settings
        room = settings.concurrency - len(self._inflight)
        if room <= 0:
            return
        # Only what this daemon can start now is claimed: a claim waiting for a free slot
        # would use up its lease, and another daemon may have room for it.
        claimed = self.store.claim_due_sources(
            self.me.id, utcnow(), room,
            lease_for(settings.timeout, settings.parse_timeout, settings.tick),
            per_host=settings.per_host,
        )
        for source in claimed:
            if source.id in self._inflight:  # its lease ran out mid-poll: that poll goes on
                continue
            task = asyncio.create_task(self.poller.poll_source(source))
            self._inflight[source.id] = task
            task.add_done_callback(functools.partial(self._finished, source.id))

    def _say_if_behind(self, due: list[Source]) -> None:
        """Warn when sources stay overdue (polls cannot keep up), naming the setting to
        raise; say so again at most every BEHIND_LOG_SECONDS, and once when caught up."""
        late = overdue(due, utcnow(), self.config.settings)
        if not late.sources:
            if self._behind_said is not None:
                log.info("polling has caught up: no source is overdue")
            self._behind_ticks, self._behind_said = 0, None
            return
        self._behind_ticks += 1
        now = asyncio.get_running_loop().time()
        quiet = self._behind_said is not None and now - self._behind_said < BEHIND_LOG_SECONDS
        if self._behind_ticks >= BEHIND_TICKS and not quiet:
            log.warning("%s", late.advice(self.config.settings))
            self._behind_said = now

    def _finished(self, source_id: int, task: asyncio.Task[PollResult]) -> None:
        self._inflight.pop(source_id, None)
        if task.cancelled():
            return
        problem = task.exception()
        if isinstance(problem, UnstoredPoll) and self.pause is not None:
            self.pause.hold(problem, self._now(), problem.outcome)
        elif problem is None:
            if self.pause is not None:
                self.pause.stored()
            log_result(task.result())

    async def housekeeping(self) -> None:
        """Check the database for damage, prune the fetch log and old entries, bring the
        search index up to date and give back the write-ahead log's space. Damage stops
        all writing (the user is told to recover); while paused, nothing else is done."""
        if self._stop.is_set():  # as in tick: the store may already be closed
            return
        assert self.store is not None
        if self.pause is None:
            self.pause = StorePause(Notice(self.config.state_dir))
        if self.pause.paused:
            return
        settings = self.config.settings
        try:
            checked = self._integrity_checked
            damage: list[str] = []
            if checked is None or self._now() - checked >= INTEGRITY_SECONDS:
                damage = self.store.integrity()
                self._integrity_checked = self._now()
            if damage:
                problem = StoreUnavailable(
                    f"{self.store.location} is damaged ({'; '.join(damage[:3])}); stop the "
                    "daemon and run `monitor db recover` (or restore a backup)",
                    Trouble.DAMAGED,
                )
                self.pause.hold(problem, self._now())
                return
            now = utcnow()
            pruned = self.store.prune_fetch_log(now, settings.fetch_log_days,
                                                settings.fetch_log_rows)
            dropped = 0
            if settings.keep_entries:
                dropped = self.store.prune_entries(now - timedelta(seconds=settings.keep_entries))
            indexed = self.store.index_entries()
            self.store.checkpoint()
        except self.store.errors as exc:
            self.pause.hold(StoreUnavailable.of(exc, self.store.location), self._now())
            return
        if pruned or indexed or dropped:
            log.info("housekeeping: %d fetch-log rows pruned, %d old entries dropped, "
                     "%d entries indexed", pruned, dropped, indexed)

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        """Run until stopped; in-flight polls get a short grace period, then are abandoned
        (each poll commits in one transaction, so an abandoned poll leaves nothing half-done;
        storing runs on this event loop, so a signal never lands in the middle of one)."""
        with state_lock(self.config.state_dir):
            self.store = open_storage(self.config.database, self.config.state_dir)
            self.store.sync_sources(self.config.sources, utcnow())
            self.pause = StorePause(Notice(self.config.state_dir))
            self.deliverer = Deliverer(self.store, daemon_id=self.me.id)
            # Sends cut off mid-way (not those of other daemons still beating), and the
            # sources of a daemon killed on this host (a restart need not wait for leases).
            self.deliverer.recover(utcnow(), self.config.channels, self._others_alive())
            for daemon in self.store.daemons(utcnow()):
                if daemon.id != self.me.id and gone_here(daemon, self.me.host):
                    self.store.release_claims(daemon.id)
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, self.stop)
            from apscheduler.schedulers.asyncio import AsyncIOScheduler  # only the daemon

            scheduler = AsyncIOScheduler(timezone="UTC")
            self.rules.refresh()
            async with Poller(self.store, self.config, rules=self.rules) as poller:
                self.poller = poller
                tick = self.config.settings.tick
                scheduler.add_job(
                    self.tick, tick_trigger(tick), next_run_time=utcnow(), max_instances=1,
                    coalesce=True, id="tick",
                )
                scheduler.add_job(
                    self.housekeeping, "interval", seconds=HOUSEKEEPING_SECONDS,
                    next_run_time=utcnow(), max_instances=1, coalesce=True, id="housekeeping",
                )
                scheduler.start()
                log.info(
                    "monitor daemon started: %d sources, state in %s, database %s (id %s)",
                    len(self.config.sources), self.config.state_dir, self.store.location,
                    self.me.id,
                )
                await self._stop.wait()
                log.info("stopping: %d polls in flight", len(self._inflight))
                stopping = loop.time()
                await stop_scheduler(scheduler)
                await self._drain()
                left = STOP_BUDGET_SECONDS - (loop.time() - stopping)
                await self.deliverer.wait(max(1.0, left))
                await _settle()
            with _logged("releasing this daemon's claims"):
                # Sources it was polling are due again at once for the other daemons.
                self.store.forget_daemon(self.me.id)
            self.store.close()
            self.pause.notice.close()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)
        log.info("monitor daemon stopped")

    async def _drain(self) -> None:
        """Give in-flight polls the grace period, then cancel the rest and wait for them, so
        no poll is left running on a closed pool or store (a tick under way as the stop came
        may still add one: looked for again until none is left)."""
        deadline = asyncio.get_running_loop().time() + POLL_GRACE_SECONDS
        abandoned = 0
        while tasks := [t for t in self._inflight.values() if not t.done()]:
            left = deadline - asyncio.get_running_loop().time()
            _, pending = await asyncio.wait(tasks, timeout=max(0.0, left))
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending)
                abandoned += len(pending)
        if abandoned:
            log.info("abandoned %d unfinished polls; they run again next time", abandoned)


async def stop_scheduler(scheduler: AsyncIOScheduler) -> None:
    """Stop the scheduler without cutting off a job it has just started: shutting down
    cancels a job that has not run yet, and APScheduler logs that as an error with a
    traceback on a clean stop. Paused, it starts no more; a tick or housekeeping returns
    at once on a stop and never awaits, so one turn of the loop lets it finish."""
    scheduler.pause()
    await asyncio.sleep(0)
    scheduler.shutdown(wait=False)


async def _settle() -> None:
    """Let the jobs the scheduler started as it shut down (a tick, housekeeping) see the
    stop and return, so the loop's end does not cut them off: APScheduler logs a job cut
    off that way as an error, with a traceback, on a clean stop."""
    me = asyncio.current_task()
    rest = [task for task in asyncio.all_tasks() if task is not me and not task.done()]
    if rest:
        await asyncio.wait(rest, timeout=JOB_SETTLE_SECONDS)
