"""When scheduled digests are due, and building the one that is.

`[digest] daily = "07:00"` and `weekly = "mon 07:00"` are wall-clock times in
`[digest] timezone`; the latest scheduled time at or before now is computed with zoneinfo,
so it stays at 07:00 local across DST changes (a time skipped by a spring-forward change
falls an hour later that day; a time that occurs twice in autumn counts once, the first).

Each tick, for each kind, the digest ending at the latest scheduled time is built unless
one of that kind already ends there or later. Its window starts where the previous digest
of that kind ended (else 24 hours / 7 days before). A daemon that was down at 07:00 builds
and sends that morning's digest when it starts (covering everything since the last one);
an older missed digest is never built separately, so nothing is sent twice.

Which rules go where: the daily digest holds alerts of rules with deliver = "daily" or
"immediate" (immediate alerts were pushed one by one; the daily digest is their record);
the weekly digest holds deliver = "weekly" rules.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from monitor.config import DigestSchedule
from monitor.rulebook.files import Rulebook
from monitor.storage import Storage

log = logging.getLogger(__name__)

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DELIVERS = {"daily": ("daily", "immediate"), "weekly": ("weekly",)}
DEFAULT_WINDOW = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}


@dataclass(frozen=True)
class Due:
    """A scheduled digest: its kind ("daily" or "weekly") and when its period ends (UTC)."""

    kind: str
    end: datetime


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _at(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """`clock` on `day` in `zone`, as UTC (fold=0: first of a repeated hour; a skipped
    time resolves with the pre-change offset, i.e. that much later on the wall clock)."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def latest_daily(clock: str, zone: str, now: datetime) -> datetime:
    """The latest "HH:MM" in `zone` at or before `now`, in UTC."""
    tz, at = ZoneInfo(zone), _clock(clock)
    day = now.astimezone(tz).date()
    for back in range(3):
        moment = _at(day - timedelta(days=back), at, tz)
        if moment <= now:
            return moment
    raise AssertionError("unreachable: a daily time occurs within three days")


def latest_weekly(day_clock: str, zone: str, now: datetime) -> datetime:
    """The latest "DAY HH:MM" in `zone` at or before `now`, in UTC."""
    tz = ZoneInfo(zone)
    day_name, clock = day_clock.split()
    weekday, at = DAYS.index(day_name[:3].lower()), _clock(clock)
    today = now.astimezone(tz).date()
    last = today - timedelta(days=(today.weekday() - weekday) % 7)
    for back in range(3):
        moment = _at(last - timedelta(weeks=back), at, tz)
        if moment <= now:
            return moment
    raise AssertionError("unreachable: a weekly time occurs within three weeks")


def scheduled(schedule: DigestSchedule, now: datetime) -> list[Due]:
    """The latest scheduled digest of each configured kind."""
    found = []
    if schedule.daily:
        found.append(Due("daily", latest_daily(schedule.daily, schedule.timezone, now)))
    if schedule.weekly:
        found.append(Due("weekly", latest_weekly(schedule.weekly, schedule.timezone, now)))
    return found


@dataclass(frozen=True)
class Built:
    """A scheduled digest just built and saved."""

    kind: str
    digest_id: int
    total: int


def build_due(
    store: Storage,
    schedule: DigestSchedule,
    rulebook: Rulebook | None,
    state_dir: Path,
    now: datetime,
    handled: set[Due] | None = None,
) -> list[Built]:
    """Build and save each scheduled digest that is due and not yet built.

    `handled` (kept by the caller between ticks) skips the database check for scheduled
    times already dealt with.
    """
    from monitor.digest import build_digest, last_digest_end, save_digest

    built = []
    for item in scheduled(schedule, now):
        if handled is not None and item in handled:
            continue
        previous = last_digest_end(store, item.kind)
        if previous is None or previous < item.end:
            start = previous or item.end - DEFAULT_WINDOW[item.kind]
            digest = build_digest(
                store, start=start, end=item.end, kind=item.kind, rulebook=rulebook,
                delivers=DELIVERS[item.kind],
            )
            digest_id = save_digest(store, digest, state_dir, now)
            log.info("%s digest built: %d alerts (id %d)", item.kind, digest.total, digest_id)
            built.append(Built(item.kind, digest_id, digest.total))
        if handled is not None:
            handled.add(item)
    return built
