"""Pure scheduling decisions: when a source is checked next, and with what state.

Nothing here does I/O, so every rule of politeness and backoff is tested without a
server or a database (the "decider" split that lemon24/reader uses).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from monitor.models import Outcome, SourceState

MIN_BACKOFF = 60.0


def utcnow() -> datetime:
    """The current time in UTC (the one clock the rest of the code asks)."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """ISO 8601 UTC with a Z, to the second: sorts as text, which the due-query relies on."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(value: str) -> datetime:
    """Read back a time written by `iso`."""
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@dataclass(frozen=True)
class Schedule:
    """The schedule fields a poll writes back to its source."""

    state: SourceState
    error_count: int
    next_check: datetime


def backoff_delay(errors: int, interval: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff from the poll interval, capped, with ±20% jitter; never gives up."""
    base = max(interval, MIN_BACKOFF) * 2.0 ** min(max(errors - 1, 0), 64)
    return min(base * rng.uniform(0.8, 1.2), cap)


def next_schedule(
    outcome: Outcome,
    *,
    now: datetime,
    interval: float,
    error_count: int,
    cap: float,
    retry_after: float | None = None,
    freshness: float | None = None,
    rng: random.Random | None = None,
) -> Schedule:
    """Decide the next check after a poll.

    Success: the interval, pushed later (up to `cap`) by a longer Cache-Control max-age or
    RSS <ttl>. Error: exponential backoff, and never sooner than a Retry-After. Gone (410):
    disabled until the user acts.
    """
    rng = rng or random.Random()
    if outcome is Outcome.GONE:
        return Schedule(SourceState.DISABLED, error_count + 1, now + timedelta(seconds=cap))
    if outcome is Outcome.ERROR:
        errors = error_count + 1
        delay = backoff_delay(errors, interval, cap, rng)
        if retry_after is not None:
            delay = max(delay, min(retry_after, cap))
        return Schedule(SourceState.ERROR, errors, now + timedelta(seconds=delay))
    delay = interval
    if freshness is not None and freshness > interval:
        delay = min(freshness, max(cap, interval))
    return Schedule(SourceState.OK, 0, now + timedelta(seconds=delay))
