"""The storage interface: every read and write the monitor makes, one engine-neutral contract.

Two engines implement it: SQLite (`monitor.storage.sqlite`, the embedded default) and
PostgreSQL (`monitor.storage.postgres`). Callers pass and get the records of
`monitor.storage.records` (and `monitor.models.Source`), never a connection, row or SQL.
The behaviour every engine must show is pinned by tests/storage/ (one suite, each engine).

Rules every implementation keeps:
- Each write method is atomic on its own. `transaction()` groups several calls into one
  (nesting is allowed: an inner block is a savepoint that succeeds or fails as a whole).
- Uniqueness is the database's job, never read-then-write: one alert per story (key),
  one row per (alert, rule), one hit per (rule, entry), one delivery per (channel, digest)
  and (channel, alert) -- so a story goes out once per channel -- one digest per (kind,
  period end). Two daemons racing get one row and both see its id.
- A claimed source (`claim_due_sources`) is not returned again by `claim_due_sources` or
  `due_sources` until its lease ends; `record_poll` releases the claim. `per_host` holds
  for the live claims of all daemons together.
- A delivery is sent only after `claim_delivery` returned True (pending -> sending).
- Times are ISO 8601 UTC strings in records and `datetime`s in arguments.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from monitor.config import SourceSpec
from monitor.models import Entry, Outcome, Source
from monitor.schedule import Schedule
from monitor.storage.records import (
    Alert,
    AlertFilter,
    AlertRecord,
    Backtest,
    ChannelFlags,
    DaemonRecord,
    DatabaseUsage,
    Delivery,
    DigestRecord,
    FeedMark,
    Fetch,
    HitDetail,
    IndexQuery,
    NewAlert,
    NewHit,
    SearchHit,
    SourceChoice,
    SourceFailure,
    SourceRef,
    StatusRow,
    StoredEntry,
    StoryCandidate,
)


class Storage(Protocol):
    """Everything the monitor keeps. See the module docstring for the rules."""

    engine: str  # "sqlite" or "postgresql"
    # What the engine raises when the database itself fails (disk full, locked, connection
    # lost): callers that must survive such a failure catch these.
    errors: tuple[type[Exception], ...]

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def location(self) -> str:
        """Where the data lives, for messages (a file path, or the URL without password)."""

    @property
    def schema_version(self) -> int:
        """The number of migrations applied (opening applies the missing ones)."""

    def close(self) -> None:
        """Release the connection(s)."""

    def transaction(self) -> AbstractContextManager[None]:
        """Group the calls inside into one atomic write (a savepoint when nested)."""

    # -- sources and schedule ----------------------------------------------------------------

    def sync_sources(self, specs: Iterable[SourceSpec], now: datetime) -> None:
        """Make the stored sources match the config: add new, update changed settings,
        deactivate (not delete) those no longer listed; writes nothing when all agree."""

    def sources(self, urls: Iterable[str] | None = None) -> list[Source]:
        """Active sources in config order (all, or those whose url or fetch_url is given)."""

    def due_sources(self, now: datetime) -> list[Source]:
        """Active, not disabled sources whose next check has come and that no daemon holds
        a live claim on, soonest first."""

    def claim_due_sources(
        self,
        daemon_id: str,
        now: datetime,
        limit: int,
        lease: timedelta,
        per_host: int | None = None,
    ) -> list[Source]:
        """Claim up to `limit` due sources for `daemon_id` until now + lease (soonest due
        first); a source under another live claim is skipped, never returned twice. With
        `per_host`, no host ends up with more than that many live claims (all daemons'
        together); sources without a host (local files) are not counted."""

    def release_claims(self, daemon_id: str) -> int:
        """Drop every claim `daemon_id` holds (a daemon stopping cleanly); how many."""

    def next_due(self) -> str | None:
        """The earliest next check of an active, enabled source, or None."""

    def status(self) -> list[StatusRow]:
        """Every active source with its number of entries and its warning."""

    def source_choices(self) -> list[SourceChoice]:
        """Every stored source (active or not) as a filter menu lists it, in id order."""

    def enable(self, source_id: int, now: datetime) -> None:
        """Re-enable a disabled source and make it due now (others are left alone)."""

    def disable(self, source_id: int, now: datetime) -> None:
        """Stop polling a source until `enable` (its entries and alerts stay)."""

    def record_poll(
        self,
        source: Source,
        *,
        now: datetime,
        outcome: Outcome,
        schedule: Schedule,
        status: int | None,
        error: str | None = None,
        warning: str | None = None,
        entries: list[Entry] | None = None,
        feed_title: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        moved_to: str | None = None,
        size: int = 0,
        duration: float = 0.0,
        memory: dict[str, Any] | None = None,
    ) -> tuple[int, int]:
        """Store one poll atomically: new and changed entries (flagged for matching), the
        source's schedule state, a fetch-log row; releases the source's claim.
        Returns (new entries, updated entries)."""

    def batched_polls(self) -> AbstractContextManager[None]:
        """Within the block, polls without entries may be queued and written together at
        its end (a kill loses only their schedule updates; they are polled again)."""

    def fetch_log(self, source_id: int, limit: int = 20) -> list[Fetch]:
        """A source's most recent fetches, newest first."""

    def prune_fetch_log(self, now: datetime, days: int, per_source: int = 0) -> int:
        """Drop fetch-log rows older than `days` days, and past the newest `per_source` rows
        of each source (0: no row limit); how many."""

    def failing_sources(self, start: datetime, end: datetime) -> list[SourceFailure]:
        """Active sources with a failed poll in [start, end) or in error/disabled now, with
        the last error and when the failures began (None when the log no longer reaches)."""

    # -- entries and search ------------------------------------------------------------------

    def stored_hashes(self, source_id: int, identities: list[str]) -> dict[str, str]:
        """Identity -> content hash of those entries already stored for the source."""

    def prune_entries(self, before: datetime) -> int:
        """Delete entries first seen before `before` that no rule hit and that are matched
        (hits and alerts stay; the search index follows); how many."""

    def index_entries(self) -> int:
        """Bring the full-text index up to date; how many entries it took in."""

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Entries matching a full-text query, best first; a query the engine's syntax
        cannot parse is taken as plain words."""

    def search_candidates(
        self, need: IndexQuery | None, limit: int, offset: int = 0
    ) -> list[StoredEntry]:
        """Entries the full-text index finds for `need`, best first, `limit` from `offset`
        (None: the newest entries, for a query the index cannot narrow). A candidate may
        still not match: the caller runs the real matcher (monitor.search). Every entry
        whose folded tokens hold `need` is found; call `index_entries` first."""

    def pending_entries(self, source_id: int | None = None) -> list[StoredEntry]:
        """Entries new or changed since they were last matched (of one source, or all).
        Inside a transaction they are held until it ends: another daemon's new version of
        one waits for it, and another daemon's matching does not read them."""

    def clear_pending(
        self, source_id: int | None = None, entry_ids: Sequence[int] | None = None
    ) -> None:
        """Mark those entries matched; with `entry_ids`, only those of them (the ones
        read and matched: an entry another daemon stored since stays pending for it)."""

    def entry(self, entry_id: int) -> StoredEntry | None:
        """One stored entry with its text (for reading it on the review page), or None."""

    def entries_since(self, cutoff: datetime) -> list[StoredEntry]:
        """Entries first seen at or after `cutoff`, newest date first (backtests, tries)."""

    # -- hits and alerts ---------------------------------------------------------------------

    def has_hit(self, rule_id: str, entry_id: int) -> bool:
        """Whether the rule already hit this entry."""

    def alert_for_story(self, story: str) -> int | None:
        """The id of the alert (story) with this story key, if any."""

    def alert_for_entry(self, entry_id: int) -> int | None:
        """The alert (story) an entry already belongs to (another rule hit it), if any."""

    def story_candidates(self, bands: Collection[str], since: datetime) -> list[StoryCandidate]:
        """Stories last seen at or after `since` sharing a band key with `bands` (an
        indexed lookup: the cost does not grow with the number of stories)."""

    def add_alert(self, alert: NewAlert) -> tuple[int, bool]:
        """Create the alert for a story, with its first rule and band keys, or, when one
        with that story key exists (another daemon made it first), mark it seen; returns
        (alert id, created). Unique by the database."""

    def add_story_rule(self, alert_id: int, rule_id: str, severity: str, seen: str) -> bool:
        """Put a rule on a story (the alert's severity becomes the highest of its rules);
        False when the rule was already on it."""

    def add_story_bands(self, alert_id: int, bands: Collection[str]) -> None:
        """Add band keys to a story (a new copy of it widens what folds into it)."""

    def touch_alert(self, alert_id: int, seen: datetime) -> None:
        """Record that the alert's story was seen again."""

    def add_hit(self, hit: NewHit) -> bool:
        """Record a hit; False (nothing written) when the rule already hit that entry."""

    def list_alerts(self, query: AlertFilter) -> list[Alert]:
        """Stories newest first (first_seen, then id), one row each, with every source URL
        and every rule behind each."""

    def alert(self, alert_id: int) -> AlertRecord | None:
        """One alert (story) with its rules, or None."""

    def alerts_between(self, start: datetime, end: datetime) -> list[AlertRecord]:
        """Stories first seen in [start, end), dismissed ones left out, newest first."""

    def feed_alerts(self, rule_id: str | None, limit: int) -> list[AlertRecord]:
        """The newest `limit` stories not dismissed (that a rule hit, or all), newest first."""

    def alert_hits(self, alert_ids: Collection[int]) -> list[HitDetail]:
        """Every hit behind these alerts, in the order they were recorded."""

    def story_sources(self, alert_ids: Iterable[int]) -> dict[int, list[SourceRef]]:
        """Each alert's sources, in the order they were first hit (one per source)."""

    def mark_alerts(self, ids: list[int], status: str) -> list[int]:
        """Mark stories: new, read or dismissed set the status; starred and unstarred set
        the flag beside it. Returns the ids not found; when any is missing, nothing changes."""

    def alert_rule_ids(self) -> set[str]:
        """The rule ids that have alerts."""

    def top_alert_id(self) -> int:
        """The newest alert id, 0 when none (cheap: tells whether anything was added)."""

    def feed_marks(self) -> list[FeedMark]:
        """Per rule with alerts, the summary that changes whenever its Atom feed would."""

    def story_counts(self) -> dict[str, tuple[int, int]]:
        """Rule id -> (its stories still new, all its stories), for the review page."""

    def hit_counts(self, week: datetime, month: datetime) -> dict[str, tuple[int, int]]:
        """Per rule, hits created since `week` and since `month`."""

    def backtest(self, rule_id: str) -> Backtest | None:
        """The last backtest recorded for a rule."""

    def save_backtest(self, backtest: Backtest) -> None:
        """Record a rule's backtest, replacing the previous one."""

    # -- deliveries --------------------------------------------------------------------------

    def remember_channels(self, names: Iterable[str], now: datetime) -> list[str]:
        """Record when each channel was first seen (and the newest alert and digest then);
        returns the names seen for the first time."""

    def channel_since(self, name: str) -> str | None:
        """When the channel was first seen, or None."""

    def enqueue_immediate(
        self, channels: Iterable[ChannelFlags], rule_ids: Collection[str], now: datetime
    ) -> int:
        """For each remembered channel taking immediate alerts, queue the alerts of
        `rule_ids` added since it last looked (and first seen after the channel); every
        channel moves its mark on. Returns rows added."""

    def enqueue_new_digests(self, channels: Iterable[ChannelFlags], now: datetime) -> int:
        """Queue each non-empty daily/weekly digest, made since the channel was first seen
        and not yet looked at for it, for each channel taking digests; every channel moves
        its mark on. Returns rows added."""

    def enqueue_digest(self, names: Iterable[str], digest_id: int, now: datetime) -> int:
        """Queue a digest for these channels; rows already there stay. Returns rows added."""

    def recover_deliveries(
        self,
        now: datetime,
        note: str,
        keep: Collection[str] = (),
        only: Collection[str] | None = None,
    ) -> list[Delivery]:
        """Mark rows left 'sending' as 'interrupted' with `note`, except those claimed by
        the daemons in `keep` (alive); with `only`, just the rows claimed by those daemons
        (stopped ones). Returns the rows as they were."""

    def due_deliveries(
        self, now: datetime, names: Iterable[str] | None = None
    ) -> list[Delivery]:
        """Pending rows whose next attempt has come, oldest first (of some channels)."""

    def due_channels(self, now: datetime, names: Iterable[str]) -> list[str]:
        """Which of `names` have a due pending row, in the order given."""

    def claim_delivery(self, delivery_id: int, daemon_id: str | None = None) -> bool:
        """pending -> sending, committed; False when another process claimed it first."""

    def settle_delivery(
        self,
        delivery_id: int,
        *,
        attempts: int,
        now: datetime,
        error: str | None = None,
        next_attempt: datetime | None = None,
    ) -> None:
        """'sent' (error None) or back to 'pending' with the error and next attempt."""

    def hold_delivery(
        self, delivery_id: int, *, attempts: int, now: datetime, status: str, note: str
    ) -> None:
        """Hold a row that may have arrived (status 'unconfirmed' or 'interrupted'): not sent
        again until `retry_delivery`; `note` goes in last_error, the claim is dropped."""

    def retry_delivery(self, delivery_id: int, now: datetime) -> bool:
        """Make an interrupted, unconfirmed or pending row due now (pending, claim dropped);
        False if it is none of these."""

    def delivery(self, delivery_id: int) -> Delivery | None:
        """One delivery row, or None."""

    def delivery_for(self, channel: str, digest_id: int) -> Delivery | None:
        """The row carrying this digest to this channel, or None."""

    def list_deliveries(self, status: str | None = None, limit: int = 20) -> list[Delivery]:
        """Recent deliveries, newest first (of one status, or all)."""

    def delivery_counts(self) -> dict[str, int]:
        """How many deliveries are in each status."""

    def failing_deliveries(self) -> int:
        """How many pending rows have failed at least once (being retried with backoff)."""

    # -- digests -----------------------------------------------------------------------------

    def last_digest_end(self, kind: str | None = None) -> str | None:
        """The end of the latest saved digest (of that kind, or any)."""

    def digest_id(self, kind: str, period_end: datetime) -> int | None:
        """The saved digest of this kind ending then, if any."""

    def add_digest(self, digest: DigestRecord) -> tuple[int, bool]:
        """Record a digest (its `id` is ignored); when one of that kind and end exists
        (another daemon built it first) nothing changes. Returns (id, created)."""

    def digest(self, digest_id: int) -> DigestRecord | None:
        """One saved digest, or None."""

    # -- daemons -----------------------------------------------------------------------------

    def heartbeat(self, daemon: DaemonRecord) -> None:
        """Record (or refresh) a daemon: host, pid, start, last beat, rules fingerprint."""

    def daemons(self, now: datetime) -> list[DaemonRecord]:
        """Every daemon that ever beat, with its polls in the hour before `now`, most
        recent beat first."""

    def forget_daemon(self, daemon_id: str) -> None:
        """Drop a daemon's record and its claims (it stopped cleanly)."""

    # -- upkeep ------------------------------------------------------------------------------

    def integrity(self, full: bool = False) -> list[str]:
        """What is damaged in the database, in the engine's words; empty when sound. Quick
        by default (housekeeping); `full` also checks every index against its table."""

    def checkpoint(self) -> None:
        """Give back the write-ahead log's space (SQLite: checkpoint and truncate the WAL;
        PostgreSQL does this itself)."""

    def usage(self) -> DatabaseUsage:
        """Bytes on disk and rows per table."""

    def backup(self, target: Path) -> None:
        """Write a consistent copy of the database to `target` while others keep writing
        (SQLite's online backup); an engine with its own tools says which (MonitorError)."""
