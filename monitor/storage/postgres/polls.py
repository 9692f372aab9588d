"""One poll's write on PostgreSQL: the engine-neutral `PollWrites` on this engine's
entries and sources."""

from __future__ import annotations

from monitor.storage.polls import PollWrites
from monitor.storage.postgres.entries import Entries
from monitor.storage.postgres.sources import Sources


class Polls(Entries, Sources, PollWrites):
    """Recording what each poll did."""
