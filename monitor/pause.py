"""Polling paused while the database cannot write (disk full, read-only, damaged).

A poll that cannot record its outcome cannot move its source's next check either: without
a pause the daemon would fetch every due source on every tick. So the first such failure
pauses polling, says so once (in the log and in the state directory's notice, which
`monitor status` shows), keeps the outcomes that could not be stored, and retries storing
them with a backoff; when they store, polling resumes by itself. A damaged database is
never written again: that pause lasts until the user recovers it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from monitor.models import FetchResult, ParsedFeed, Source
from monitor.storage.trouble import StoreUnavailable, Trouble

log = logging.getLogger(__name__)

NOTICE_NAME = "daemon.notice"
NOTICE_BYTES = 4096  # reserved when the daemon starts: rewriting it needs no new disk space
RETRY_FIRST_SECONDS = 2.0
RETRY_MAX_SECONDS = 300.0

Unstored = tuple[Source, FetchResult, ParsedFeed | None]


class UnstoredPoll(StoreUnavailable):
    """A poll whose outcome the database could not take; it carries the outcome."""

    def __init__(self, problem: StoreUnavailable, outcome: Unstored) -> None:
        super().__init__(str(problem), problem.trouble)
        self.outcome = outcome


class Notice:
    """A one-line notice in the state directory, read by `monitor status` while the daemon
    runs. Its space is taken up front, so it can be written on a full disk."""

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / NOTICE_NAME
        self._fd: int | None = None
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            os.pwrite(self._fd, b" " * NOTICE_BYTES, 0)
            os.ftruncate(self._fd, NOTICE_BYTES)
        except OSError as exc:  # a read-only directory fails sooner, with its own message
            log.debug("no notice file %s: %s", self.path, exc)
            self.close()

    def say(self, text: str) -> None:
        """Replace the notice (an empty text clears it)."""
        if self._fd is None:
            return
        data = text.encode("utf-8")[: NOTICE_BYTES - 1] + b"\n"
        try:
            os.pwrite(self._fd, data.ljust(NOTICE_BYTES, b" "), 0)
        except OSError as exc:
            log.debug("notice not written: %s", exc)

    def close(self) -> None:
        if self._fd is not None:
            self.say("")
            os.close(self._fd)
            self._fd = None


def read_notice(state_dir: Path) -> str | None:
    """The running daemon's notice, or None when it has nothing to say."""
    try:
        text = (state_dir / NOTICE_NAME).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return text.strip() or None


class StorePause:
    """Whether polling is paused, why, and the outcomes waiting to be stored."""

    def __init__(self, notice: Notice, clock_start: float = 0.0) -> None:
        self.notice = notice
        self.problem: StoreUnavailable | None = None
        self.waiting: list[Unstored] = []
        self.delay = RETRY_FIRST_SECONDS
        self.retry_at = clock_start
        # Resumed with nothing waiting to prove the database writes: the next stored poll
        # proves it (then "resumed" is said), another failure pauses again without a word.
        self.trying = False

    @property
    def paused(self) -> bool:
        return self.problem is not None

    def hold(self, problem: StoreUnavailable, now: float, outcome: Unstored | None = None) -> None:
        """Pause (said once), keeping `outcome` to store when the database can write."""
        if outcome is not None:
            self.waiting.append(outcome)
        if self.problem is not None:
            return
        self.problem = problem
        if self.trying:
            self.trying = False
            self.failed_again(now)
            return
        if problem.trouble is Trouble.DAMAGED:
            line = f"polling stopped, nothing more is written: {problem}"
        else:
            line = (f"polling paused: {problem}; storing is retried with a backoff and polling "
                    "resumes by itself")
        log.error("%s", line)
        self.notice.say(line)
        self.retry_at = now + self.delay

    def due(self, now: float) -> bool:
        """Whether to try storing again now (never for a damaged database)."""
        if self.problem is None or self.problem.trouble is Trouble.DAMAGED:
            return False
        return now >= self.retry_at

    def failed_again(self, now: float) -> None:
        """The retry failed too: wait twice as long (up to RETRY_MAX_SECONDS)."""
        self.delay = min(self.delay * 2, RETRY_MAX_SECONDS)
        self.retry_at = now + self.delay

    def resume(self, stored: int) -> None:
        """Poll on: the database took the polls that waited (said once), or, when none
        waited, to try whether it writes again (see `stored`)."""
        self.problem = None
        self.trying = True
        if stored:
            self.stored()

    def stored(self) -> None:
        """A poll was stored: if polling was trying again, it has resumed (said once)."""
        if not self.trying:
            return
        self.trying = False
        self.delay = RETRY_FIRST_SECONDS
        log.warning("the database writes again: polling resumed")
        self.notice.say("")
