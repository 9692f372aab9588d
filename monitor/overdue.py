"""Sources that run overdue: how far behind polling is, and which setting to change.

A source is overdue when it is past its next check by more than half its interval (at most
30 s). Many overdue sources for a while mean polls cannot keep up: too few in flight
(`concurrency`), or too many sources on one host for its `per_host`. The daemon logs this
and `monitor status` shows it, each with the setting to raise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from monitor.config import Settings
from monitor.models import Source, SourceState
from monitor.schedule import parse_iso

OVERDUE_AFTER = 30.0  # seconds past the next check, at most, before a source is overdue


@dataclass(frozen=True)
class Overdue:
    """How many sources are overdue, by how much the worst, and the busiest host's share."""

    sources: int = 0
    worst: float = 0.0  # seconds past its next check
    host: str | None = None  # the host with most overdue sources
    on_host: int = 0

    def advice(self, settings: Settings) -> str:
        """One line: what is behind and which setting to raise."""
        what = (f"{self.sources} sources are overdue (the most by {self.worst:.0f} s past "
                "its next check): polls are not keeping up")
        if self.host and self.on_host * 2 > self.sources:
            return (f"{what}, {self.on_host} of them on {self.host}; raise [monitor] per_host "
                    f"(now {settings.per_host}) if that host allows more at once, or give "
                    "its sources a longer interval")
        return (f"{what}; raise [monitor] concurrency (now {settings.concurrency}) in the "
                "config file and restart the daemon")


def overdue(sources: Iterable[Source], now: datetime, settings: Settings) -> Overdue:
    """The overdue sources among `sources` (disabled and never-scheduled ones are not)."""
    late: list[tuple[float, Source]] = []
    for source in sources:
        if source.state is SourceState.DISABLED or not source.next_check:
            continue
        past = (now - parse_iso(source.next_check)).total_seconds()
        if past > min(OVERDUE_AFTER, (source.interval or settings.interval) / 2):
            late.append((past, source))
    if not late:
        return Overdue()
    hosts = Counter(urlsplit(s.effective_url).netloc.lower() for _, s in late)
    host, on_host = hosts.most_common(1)[0]
    return Overdue(len(late), max(past for past, _ in late), host or None, on_host)
