"""Every storage behaviour, run on each engine (ENGINES in conftest.py): what callers may
rely on whichever database holds the monitor's state."""

from __future__ import annotations

import importlib
import inspect
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from monitor.config import SourceSpec
from monitor.models import Entry, Outcome, Source, SourceKind, SourceState
from monitor.schedule import Schedule, iso
from monitor.snippets import Snippet
from monitor.storage import (
    AlertFilter,
    Backtest,
    ChannelFlags,
    DaemonRecord,
    DigestRecord,
    NewAlert,
    NewHit,
    Storage,
)

NOW = datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC)
A, B, C = "https://a.example/feed", "https://b.example/feed", "https://c.example/feed"
LEASE = timedelta(minutes=5)
Connect = Callable[..., Storage]
# how long a test gives another daemon's write that must wait for its transaction
WAIT_FOR_OTHER = 1.0


def entry(guid: str, title: str = "", body: str = "", *, version: str = "1") -> Entry:
    return Entry(
        identity=f"guid:{guid}", guid=guid, link=f"https://a.example/{guid}",
        title=title or f"Entry {guid}", author=None, published=None, updated=None,
        summary_html=body, summary_text=body, content_html="", content_text="", language=None,
        content_hash=f"{guid}-{version}-{body}",
    )


def schedule(state: SourceState = SourceState.OK, minutes: int = 30, errors: int = 0) -> Schedule:
    return Schedule(state, errors, NOW + timedelta(minutes=minutes))


def poll(
    storage: Storage, src: Source, entries: list[Entry] | None = None, *,
    now: datetime = NOW, outcome: Outcome = Outcome.OK, minutes: int = 30,
    error: str | None = None,
) -> tuple[int, int]:
    state = SourceState.ERROR if outcome is Outcome.ERROR else SourceState.OK
    return storage.record_poll(
        src, now=now, outcome=outcome, schedule=schedule(state, minutes), status=200,
        error=error, entries=entries, size=10, duration=0.5,
    )


def one(storage: Storage, url: str = A) -> Source:
    [found] = storage.sources([url])
    return found


def with_sources(storage: Storage, *urls: str) -> list[Source]:
    storage.sync_sources([SourceSpec(url) for url in urls], NOW)
    return storage.sources()


def alert(rule: str = "tata", story: str = "https://a.example/1", title: str = "Tata builds",
          seen: datetime = NOW, severity: str = "high", bands: tuple[str, ...] = (),
          signature: str = "") -> NewAlert:
    return NewAlert(rule, story, title, title.casefold(), story, severity,
                    Snippet("**Tata** builds", ((2, 6),)), iso(seen), signature, bands)


def hit_on(storage: Storage, src: Source, guid: str, rule: str = "tata",
           seen: datetime = NOW) -> int:
    """Store an entry and an alert with one hit on it; the alert id."""
    poll(storage, src, [entry(guid)], now=seen)
    [stored] = [e for e in storage.entries_since(NOW - timedelta(days=30))
                if e.link and e.link.endswith(f"/{guid}")]
    alert_id, _ = storage.add_alert(alert(rule, f"https://a.example/{guid}", f"Story {guid}",
                                          seen))
    storage.add_hit(NewHit(rule, stored.id, alert_id, [{"term": "tata", "text": "Tata"}],
                           Snippet("Tata **", ((0, 4),)), iso(seen)))
    return alert_id


# -- schema ------------------------------------------------------------------------------------


def test_the_engine_offers_every_method_of_the_interface(storage: Storage) -> None:
    """Same names, same parameters: a caller written against `Storage` works on each."""
    wanted = {name: value for name, value in vars(Storage).items()
              if not name.startswith("_") and callable(value)}
    for name, method in wanted.items():
        found = getattr(storage, name, None)
        assert callable(found), f"{storage.engine} has no {name}()"
        assert (list(inspect.signature(found).parameters)
                == list(inspect.signature(method).parameters)[1:]), name
    for name in ("engine", "errors", "location", "schema_version"):
        assert getattr(storage, name) is not None


def test_a_new_database_is_migrated_and_reopening_keeps_it(connect: Connect, engine: str) -> None:
    first = connect()
    version = first.schema_version
    # Each engine numbers its own migrations (PostgreSQL's first one is SQLite's 1-4).
    package = {"sqlite": "sqlite", "postgresql": "postgres"}[engine]
    module = importlib.import_module(f"monitor.storage.{package}")
    assert version == len(module.MIGRATIONS) >= 1
    with_sources(first, A)
    first.close()
    again = connect()
    assert again.schema_version == version
    assert [s.url for s in again.sources()] == [A]
    assert again.engine in ("sqlite", "postgresql")
    assert again.location


def test_a_transaction_groups_calls_all_or_nothing(storage: Storage) -> None:
    with_sources(storage, A)
    with pytest.raises(RuntimeError), storage.transaction():
        storage.add_alert(alert())
        with storage.transaction():  # nested: a savepoint inside the outer one
            storage.save_backtest(Backtest("tata", "Tata", [1], iso(NOW)))
        raise RuntimeError("cut off")
    assert storage.top_alert_id() == 0
    assert storage.backtest("tata") is None


# -- sources and schedule --------------------------------------------------------------------


def test_sync_adds_updates_and_deactivates_sources(storage: Storage) -> None:
    storage.sync_sources([SourceSpec(A, title="A"), SourceSpec(B, tags=("x",))], NOW)
    assert [(s.url, s.title, s.tags) for s in storage.sources()] == [
        (A, "A", ()), (B, None, ("x",))]
    storage.sync_sources([SourceSpec(B, title="Bee", interval=60.0,
                                     kind=SourceKind.PAGE, options={"items": "li"})], NOW)
    [b] = storage.sources()
    assert (b.url, b.title, b.interval, b.kind, b.options) == (
        B, "Bee", 60.0, SourceKind.PAGE, {"items": "li"})
    assert [row.source.url for row in storage.status()] == [B]
    assert {c.url for c in storage.source_choices()} == {A, B}  # inactive ones still named
    storage.sync_sources([SourceSpec(A), SourceSpec(B, title="Bee", interval=60.0,
                                                    kind=SourceKind.PAGE,
                                                    options={"items": "li"})], NOW)
    assert [s.url for s in storage.sources()] == [A, B]  # config order = first added


def test_sources_by_url_also_finds_the_moved_address(storage: Storage) -> None:
    [a, _] = with_sources(storage, A, B)
    storage.record_poll(a, now=NOW, outcome=Outcome.OK, schedule=schedule(), status=200,
                        moved_to="https://a.example/new")
    assert [s.url for s in storage.sources(["https://a.example/new"])] == [A]
    assert one(storage).effective_url == "https://a.example/new"


def test_due_sources_and_next_due_follow_the_schedule(storage: Storage) -> None:
    a, b = with_sources(storage, A, B)
    assert [s.url for s in storage.due_sources(NOW)] == [A, B]  # new sources are due now
    poll(storage, a, minutes=10)
    poll(storage, b, minutes=20)
    assert storage.due_sources(NOW) == []
    assert storage.next_due() == iso(NOW + timedelta(minutes=10))
    assert [s.url for s in storage.due_sources(NOW + timedelta(minutes=15))] == [A]


def test_a_disabled_source_is_not_due_until_enabled(storage: Storage) -> None:
    [a] = with_sources(storage, A)
    storage.record_poll(a, now=NOW, outcome=Outcome.GONE,
                        schedule=Schedule(SourceState.DISABLED, 5, NOW), status=410,
                        error="HTTP 410")
    assert storage.due_sources(NOW + timedelta(days=1)) == []
    assert storage.next_due() is None
    storage.enable(a.id, NOW)
    again = one(storage)
    assert (again.state, again.error_count) == (SourceState.NEVER, 0)
    assert [s.url for s in storage.due_sources(NOW)] == [A]


def test_a_claimed_source_goes_to_one_daemon_only(connect: Connect) -> None:
    first, second = connect(), connect()
    with_sources(first, A, B, C)
    mine = first.claim_due_sources("d1", NOW, 2, LEASE)
    theirs = second.claim_due_sources("d2", NOW, 10, LEASE)
    assert [s.url for s in mine] == [A, B]  # soonest due first, then id
    assert [s.url for s in theirs] == [C]
    assert second.claim_due_sources("d2", NOW, 10, LEASE) == []
    assert first.due_sources(NOW) == []  # claimed sources are not due for anyone else


def test_a_claim_ends_with_its_lease_or_the_poll(connect: Connect) -> None:
    first, second = connect(), connect()
    with_sources(first, A, B)
    [a, b] = first.claim_due_sources("d1", NOW, 10, LEASE)
    # d1 dies: after the lease another daemon takes what it held.
    assert second.claim_due_sources("d2", NOW + LEASE - timedelta(seconds=1), 10, LEASE) == []
    later = NOW + LEASE
    assert [s.url for s in second.claim_due_sources("d2", later, 1, LEASE)] == [A]
    # A poll releases the claim (and is logged under the daemon that claimed the source).
    poll(second, a, now=later, minutes=0)
    assert [s.url for s in first.claim_due_sources("d1", later, 10, LEASE)] == [A, B]
    assert first.fetch_log(a.id)[0].daemon_id == "d2"
    assert first.release_claims("d1") == 2
    assert [s.url for s in second.due_sources(later)] == [A, B]


def _hosts(storage: Storage, per_host: dict[str, int]) -> None:
    storage.sync_sources(
        [SourceSpec(f"https://{host}/feed/{i}") for host, count in per_host.items()
         for i in range(count)] + [SourceSpec("/srv/documents/report.txt")],
        NOW,
    )


def _by_host(sources: list[Source]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for src in sources:
        host = src.url.split("/")[2] if "://" in src.url else ""
        counts[host] = counts.get(host, 0) + 1
    return counts


def test_per_host_holds_across_daemons(connect: Connect) -> None:
    first, second = connect(), connect()
    _hosts(first, {"a.example": 5, "b.example": 2})
    mine = first.claim_due_sources("d1", NOW, 3, LEASE, per_host=2)
    assert _by_host(mine) == {"a.example": 2, "b.example": 1}  # soonest first, capped
    theirs = second.claim_due_sources("d2", NOW, 10, LEASE, per_host=2)
    # a.example already has 2 live claims (d1's): none more; the local file is not held.
    assert _by_host(theirs) == {"b.example": 1, "": 1}
    assert second.claim_due_sources("d2", NOW, 10, LEASE, per_host=2) == []
    # A poll frees its host's turn; without per_host nothing is held back.
    poll(first, mine[0], now=NOW, minutes=60)
    assert _by_host(second.claim_due_sources("d2", NOW, 10, LEASE, per_host=2)) == {
        "a.example": 1}
    assert _by_host(second.claim_due_sources("d2", NOW, 10, LEASE)) == {"a.example": 2}


def test_per_host_counts_only_live_claims(connect: Connect) -> None:
    first, second = connect(), connect()
    _hosts(first, {"a.example": 3})
    assert _by_host(first.claim_due_sources("d1", NOW, 10, LEASE, per_host=2)) == {
        "a.example": 2, "": 1}
    # d1 dies: once its lease ends its claims no longer count against the host.
    later = NOW + LEASE
    again = second.claim_due_sources("d2", later, 10, LEASE, per_host=2)
    assert _by_host(again) == {"a.example": 2, "": 1}
    assert second.claim_due_sources("d2", later, 10, LEASE, per_host=2) == []


def test_per_host_follows_a_permanent_move(storage: Storage) -> None:
    _hosts(storage, {"a.example": 2})
    src = one(storage, "https://a.example/feed/0")
    storage.record_poll(src, now=NOW, outcome=Outcome.OK, schedule=schedule(minutes=0),
                        status=200, moved_to="https://b.example/moved")
    claimed = storage.claim_due_sources("d1", NOW, 10, LEASE, per_host=1)
    assert sorted(s.effective_url for s in claimed if "://" in s.url) == [
        "https://a.example/feed/1", "https://b.example/moved"]


# -- polls and entries -------------------------------------------------------------------------


def test_a_poll_stores_new_entries_once_and_flags_changed_ones(storage: Storage) -> None:
    [a] = with_sources(storage, A)
    assert poll(storage, a, [entry("1"), entry("2"), entry("2")]) == (2, 0)
    assert poll(storage, a, [entry("1"), entry("2")]) == (0, 0)
    assert poll(storage, a, [entry("1", version="2"), entry("3")]) == (1, 1)
    assert storage.stored_hashes(a.id, ["guid:1", "guid:3", "guid:9"]) == {
        "guid:1": "1-2-", "guid:3": "3-1-"}
    assert [row.entries for row in storage.status()] == [3]


def test_pending_entries_are_the_new_and_changed_ones_until_cleared(storage: Storage) -> None:
    a, b = with_sources(storage, A, B)
    poll(storage, a, [entry("1", "Tata in Morocco", "WhAP 8x8")])
    poll(storage, b, [entry("2")])
    pending = storage.pending_entries(a.id)
    assert [(e.title, e.summary_text, e.source_url) for e in pending] == [
        ("Tata in Morocco", "WhAP 8x8", A)]
    storage.clear_pending(a.id)
    assert storage.pending_entries(a.id) == []
    assert [e.source_id for e in storage.pending_entries()] == [b.id]
    poll(storage, a, [entry("1", "Tata in Morocco", "WhAP 8x8 changed")])
    assert [e.summary_text for e in storage.pending_entries(a.id)] == ["WhAP 8x8 changed"]
    storage.clear_pending()
    assert storage.pending_entries() == []


def test_clearing_the_entries_read_leaves_those_stored_since_pending(storage: Storage) -> None:
    """Matching reads the pending entries, then marks them matched. Another daemon may
    store entries in between (on PostgreSQL each statement sees what is committed when
    it runs): only the entries read are marked, the others stay pending for it."""
    a, b = with_sources(storage, A, B)
    poll(storage, a, [entry("1")])
    read = [e.id for e in storage.pending_entries()]
    poll(storage, b, [entry("2")])  # stored after the read
    storage.clear_pending(None, read)
    assert [e.source_id for e in storage.pending_entries()] == [b.id]
    storage.clear_pending(None, [])
    assert [e.source_id for e in storage.pending_entries()] == [b.id]


def _in_thread(work: Callable[[], None]) -> threading.Thread:
    """`work` in a thread of its own (another daemon), started."""
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def test_an_entry_changed_while_it_is_matched_is_matched_again(
    storage: Storage, connect: Connect
) -> None:
    """Another daemon may store a new version of an entry while this one matches the old:
    it waits until the matching commits, so the new version stays pending and is matched
    too (marked matched with the old one, its hits would be lost)."""
    [a] = with_sources(storage, A)
    poll(storage, a, [entry("1", "Tata in Morocco")])
    changed = threading.Event()

    def change() -> None:
        other = connect(True)
        try:
            poll(other, a, [entry("1", "Tata in Morocco", "WhAP 8x8")])
            changed.set()
        finally:
            other.close()

    with storage.transaction():
        read = storage.pending_entries()
        other = _in_thread(change)
        changed.wait(WAIT_FOR_OTHER)  # it must wait for this transaction, and times out
        storage.clear_pending(None, [e.id for e in read])
    other.join(timeout=30)
    assert changed.is_set()
    assert [e.summary_text for e in storage.pending_entries()] == ["WhAP 8x8"]


def test_entries_one_daemon_matches_are_not_matched_by_another_meanwhile(
    storage: Storage, connect: Connect
) -> None:
    """Two daemons' matching never reads the same pending entries: the second passes over
    (PostgreSQL) or waits for (SQLite) those the first holds, then finds them matched."""
    [a] = with_sources(storage, A)
    poll(storage, a, [entry("1")])
    seen: list[list[int]] = []

    def match() -> None:
        other = connect(True)
        try:
            with other.transaction():
                seen.append([e.id for e in other.pending_entries()])
        finally:
            other.close()

    with storage.transaction():
        read = storage.pending_entries()
        thread = _in_thread(match)
        thread.join(WAIT_FOR_OTHER)
        storage.clear_pending(None, [e.id for e in read])
    thread.join(timeout=30)
    assert len(read) == 1 and seen == [[]]


def test_entries_since_are_newest_first_with_their_source(storage: Storage) -> None:
    [a] = with_sources(storage, A)
    poll(storage, a, [entry("old")], now=NOW - timedelta(days=40))
    poll(storage, a, [entry("1")], now=NOW - timedelta(days=2))
    poll(storage, a, [entry("2")], now=NOW)
    found = storage.entries_since(NOW - timedelta(days=30))
    assert [e.title for e in found] == ["Entry 2", "Entry 1"]
    assert found[0].date == iso(NOW) and found[0].source_name == A


def test_batched_polls_write_everything_by_the_end(storage: Storage) -> None:
    a, b = with_sources(storage, A, B)
    with storage.batched_polls():
        poll(storage, a, outcome=Outcome.NOT_MODIFIED)
        assert poll(storage, b, [entry("1")]) == (1, 0)
    assert storage.due_sources(NOW) == []
    assert [len(storage.fetch_log(s.id)) for s in (a, b)] == [1, 1]


def test_the_fetch_log_keeps_each_poll_and_is_pruned_by_age(storage: Storage) -> None:
    [a] = with_sources(storage, A)
    poll(storage, a, [entry("1")], now=NOW - timedelta(days=40))
    poll(storage, a, outcome=Outcome.ERROR, error="HTTP 503")
    log = storage.fetch_log(a.id)
    assert [(f.outcome, f.new_entries, f.error, f.bytes, f.duration_ms) for f in log] == [
        ("error", 0, "HTTP 503", 10, 500), ("ok", 1, None, 10, 500)]
    assert log[0].at == iso(NOW) and log[0].url == A and log[0].daemon_id is None
    assert storage.prune_fetch_log(NOW, 30) == 1
    assert [f.outcome for f in storage.fetch_log(a.id)] == ["error"]


def test_failing_sources_say_since_when(storage: Storage) -> None:
    a, b = with_sources(storage, A, B)
    poll(storage, a, now=NOW - timedelta(hours=5))
    poll(storage, a, outcome=Outcome.ERROR, error="HTTP 500", now=NOW - timedelta(hours=3))
    poll(storage, a, outcome=Outcome.ERROR, error="HTTP 502", now=NOW - timedelta(hours=1))
    poll(storage, b, now=NOW - timedelta(hours=1))
    [failing] = storage.failing_sources(NOW - timedelta(hours=4), NOW)
    assert (failing.url, failing.error, failing.failures) == (A, "HTTP 502", 2)
    assert failing.since == iso(NOW - timedelta(hours=3))


def test_search_finds_words_in_several_scripts(storage: Storage) -> None:
    [a] = with_sources(storage, A)
    poll(storage, a, [
        entry("1", "Tata Advanced Systems en Marruecos", "vehículos WhAP"),
        entry("2", "الهند والمغرب", "شركة تاتا"),
        entry("3", "Nothing here", "alpaca"),
    ])
    storage.index_entries()
    assert [h.title for h in storage.search("Marruecos")] == [
        "Tata Advanced Systems en Marruecos"]
    assert [h.entry_id for h in storage.search("تاتا")] == [
        storage.entries_since(NOW - timedelta(days=1))[1].id]
    assert [h.title for h in storage.search('alpaca "unclosed')] == []
    assert storage.search("") == []
    assert storage.search("alpaca")[0].source == A
    assert storage.index_entries() == 0  # already up to date


def test_search_sees_a_changed_entry(storage: Storage) -> None:
    [a] = with_sources(storage, A)
    poll(storage, a, [entry("1", "Report", "alpaca")])
    storage.index_entries()
    poll(storage, a, [entry("1", "Report", "llama", version="2")])
    assert [h.title for h in storage.search("llama")] == ["Report"]
    assert storage.search("alpaca") == []


# -- hits and alerts --------------------------------------------------------------------------


def test_one_alert_per_story_even_across_handles(connect: Connect) -> None:
    first, second = connect(), connect()
    made, created = first.add_alert(alert())
    again, created_again = second.add_alert(alert(rule="cherat", seen=NOW + timedelta(hours=1)))
    assert (created, created_again, again) == (True, False, made)
    assert first.alert(made) is not None
    assert first.alert(made).last_seen == iso(NOW + timedelta(hours=1))  # type: ignore[union-attr]
    other, created_other = first.add_alert(alert(story="https://a.example/2"))
    assert created_other and other != made
    assert first.alert_for_story("https://a.example/1") == made
    assert first.alert_for_story("https://elsewhere/") is None


def test_the_rules_on_a_story_highest_severity_first(connect: Connect) -> None:
    first, second = connect(), connect()
    made, _ = first.add_alert(alert(rule="tata", severity="normal"))
    assert first.add_story_rule(made, "cherat", "high", iso(NOW))
    assert not second.add_story_rule(made, "cherat", "high", iso(NOW))  # once per rule
    assert second.add_story_rule(made, "whap", "low", iso(NOW))
    record = first.alert(made)
    assert record is not None
    assert (record.rules, record.severity, record.rule_id) == (
        ["cherat", "tata", "whap"], "high", "tata")
    assert first.alert_rule_ids() == {"tata", "cherat", "whap"}
    assert {m.rule_id for m in first.feed_marks()} == {"tata", "cherat", "whap"}


def test_story_candidates_come_from_shared_band_keys_in_the_window(storage: Storage) -> None:
    old, _ = storage.add_alert(alert(story="s-old", title="Old story", bands=("0:aa", "1:bb"),
                                     seen=NOW - timedelta(days=10)))
    new, _ = storage.add_alert(alert(story="s-new", title="New story", bands=("0:aa", "1:cc"),
                                     signature="1 2 3"))
    since = NOW - timedelta(days=3)
    assert [(c.id, c.title, c.signature) for c in storage.story_candidates(["0:aa"], since)] == [
        (new, "New story", "1 2 3")]
    assert storage.story_candidates(["1:bb"], since) == []  # too old
    storage.touch_alert(old, NOW)
    assert [c.id for c in storage.story_candidates(["1:bb", "0:aa"], since)] == [old, new]
    storage.add_story_bands(old, ["9:zz", "9:zz"])
    assert [c.id for c in storage.story_candidates(["9:zz"], since)] == [old]
    assert storage.story_candidates([], since) == []


def test_an_entry_already_in_a_story_is_found_by_its_hits(storage: Storage) -> None:
    [a] = with_sources(storage, A)
    alert_id = hit_on(storage, a, "1")
    [stored] = storage.entries_since(NOW - timedelta(days=1))
    assert storage.alert_for_entry(stored.id) == alert_id
    assert storage.alert_for_entry(stored.id + 1000) is None


def test_one_hit_per_rule_and_entry(storage: Storage) -> None:
    [a] = with_sources(storage, A)
    alert_id = hit_on(storage, a, "1")
    [stored] = storage.entries_since(NOW - timedelta(days=1))
    assert storage.has_hit("tata", stored.id)
    assert not storage.has_hit("cherat", stored.id)
    assert not storage.add_hit(NewHit("tata", stored.id, alert_id, [], Snippet(), iso(NOW)))
    assert len(storage.alert_hits([alert_id])) == 1


def test_alerts_are_listed_newest_first_with_filters_and_pages(storage: Storage) -> None:
    a, b = with_sources(storage, A, B)
    first = hit_on(storage, a, "1", seen=NOW - timedelta(days=2))
    second = hit_on(storage, b, "2", rule="cherat", seen=NOW - timedelta(days=1))
    [stored_b] = [e for e in storage.entries_since(NOW - timedelta(days=9)) if e.source_id == b.id]
    storage.add_hit(NewHit("tata", stored_b.id, first, [], Snippet(), iso(NOW)))  # b carries it too
    listed = storage.list_alerts(AlertFilter())
    assert [x.id for x in listed] == [second, first]
    assert sorted(listed[1].sources) == [A, B]
    assert [x.id for x in storage.list_alerts(AlertFilter(rule="tata"))] == [first]
    assert [x.id for x in storage.list_alerts(AlertFilter(source=B))] == [second, first]
    assert [x.id for x in storage.list_alerts(AlertFilter(source=A))] == [first]
    assert [x.id for x in storage.list_alerts(
        AlertFilter(since=iso(NOW - timedelta(days=1))))] == [second]
    assert [x.id for x in storage.list_alerts(
        AlertFilter(until=iso(NOW - timedelta(days=1))))] == [first]
    assert [x.id for x in storage.list_alerts(AlertFilter(limit=1, offset=1))] == [first]
    assert [x.id for x in storage.list_alerts(AlertFilter(offset=1))] == [first]
    assert storage.list_alerts(AlertFilter(severity="low")) == []
    assert [x.id for x in storage.alerts_between(NOW - timedelta(days=3), NOW)] == [
        second, first]
    assert storage.story_sources([first])[first][0].url == A
    assert [r.url for r in storage.story_sources([first])[first]] == [A, B]
    assert storage.alert_rule_ids() == {"tata", "cherat"}
    assert storage.top_alert_id() == max(first, second)
    # a second rule on the first story: one row, listed under either rule
    storage.add_story_rule(first, "cherat", "high", iso(NOW))
    assert [(x.id, x.rules) for x in storage.list_alerts(AlertFilter(rule="cherat"))] == [
        (second, ["cherat"]), (first, ["tata", "cherat"])]
    assert [x.id for x in storage.list_alerts(AlertFilter())] == [second, first]


def test_marks_change_status_all_or_nothing(storage: Storage) -> None:
    [a] = with_sources(storage, A)
    first = hit_on(storage, a, "1")
    second = hit_on(storage, a, "2")
    assert storage.mark_alerts([first, 999_999], "read") == [999_999]
    assert storage.alert(first).status == "new"  # type: ignore[union-attr]
    before = {m.rule_id: m for m in storage.feed_marks()}
    assert storage.mark_alerts([first, second], "dismissed") == []
    assert storage.alert(second).status == "dismissed"  # type: ignore[union-attr]
    assert storage.feed_marks() != list(before.values())
    assert storage.feed_alerts(None, 10) == []
    assert storage.alerts_between(NOW - timedelta(days=1), NOW + timedelta(days=1)) == []
    assert storage.list_alerts(AlertFilter()) == []  # dismissed leave the default list
    assert len(storage.list_alerts(AlertFilter(status="dismissed"))) == 2
    assert len(storage.list_alerts(AlertFilter(status="all"))) == 2
    assert storage.mark_alerts([first], "read") == []
    assert [x.id for x in storage.feed_alerts("tata", 10)] == [first]
    assert storage.feed_alerts("cherat", 10) == []


def test_starred_is_a_flag_beside_the_status(storage: Storage) -> None:
    [a] = with_sources(storage, A)
    first = hit_on(storage, a, "1")
    second = hit_on(storage, a, "2")
    storage.mark_alerts([second], "read")
    assert storage.mark_alerts([first, second], "starred") == []
    found = {x.id: (x.status, x.starred) for x in storage.list_alerts(AlertFilter())}
    assert found == {first: ("new", True), second: ("read", True)}
    assert storage.alert(first).starred  # type: ignore[union-attr]
    storage.mark_alerts([first], "unstarred")
    assert [x.id for x in storage.list_alerts(AlertFilter(status="starred"))] == [second]
    assert storage.alert(first).starred is False  # type: ignore[union-attr]


def test_hit_details_and_counts(storage: Storage) -> None:
    [a] = with_sources(storage, A)
    alert_id = hit_on(storage, a, "1", seen=NOW - timedelta(days=10))
    hit_on(storage, a, "2")
    [detail] = storage.alert_hits([alert_id])
    assert (detail.source_url, detail.terms, detail.snippet) == (
        A, [{"term": "tata", "text": "Tata"}], Snippet("Tata **", ((0, 4),)))
    [stored] = [a for a in storage.list_alerts(AlertFilter()) if a.id == alert_id]
    assert stored.snippet == Snippet("**Tata** builds", ((2, 6),))  # stars stay text
    assert storage.alert(alert_id).snippet == stored.snippet
    assert storage.hit_counts(NOW - timedelta(days=7), NOW - timedelta(days=30)) == {
        "tata": (1, 2)}


def test_a_backtest_replaces_the_last_one(storage: Storage) -> None:
    storage.save_backtest(Backtest("tata", "Tata", [3, 1], iso(NOW)))
    storage.save_backtest(Backtest("tata", "Tata OR WhAP", [1, 2], iso(NOW)))
    assert storage.backtest("tata") == Backtest("tata", "Tata OR WhAP", [1, 2], iso(NOW))
    assert storage.backtest("nope") is None


# -- deliveries and digests ----------------------------------------------------------------------


MAIL = ChannelFlags("mail", immediate=True, digests=True)
CHAT = ChannelFlags("chat", immediate=False, digests=False)


def test_a_channel_gets_only_alerts_from_after_it_was_first_seen(storage: Storage) -> None:
    [a] = with_sources(storage, A)
    hit_on(storage, a, "before")
    assert storage.remember_channels(["mail", "chat"], NOW) == ["mail", "chat"]
    assert storage.remember_channels(["mail"], NOW + timedelta(hours=1)) == []
    assert storage.channel_since("mail") == iso(NOW)
    assert storage.channel_since("never") is None
    assert storage.enqueue_immediate([MAIL, CHAT], {"tata"}, NOW) == 0
    after = hit_on(storage, a, "after")
    hit_on(storage, a, "other", rule="cherat")
    assert storage.enqueue_immediate([MAIL, CHAT], {"tata"}, NOW) == 1
    assert storage.enqueue_immediate([MAIL, CHAT], {"tata"}, NOW) == 0  # looked at already
    [row] = storage.due_deliveries(NOW)
    assert (row.channel, row.alert_id, row.digest_id, row.status) == (
        "mail", after, None, "pending")


def _digest(storage: Storage, kind: str = "daily", end: datetime = NOW,
            alert_ids: list[int] | None = None) -> tuple[int, bool]:
    return storage.add_digest(DigestRecord(
        0, kind, iso(end - timedelta(days=1)), iso(end), iso(end),
        [1] if alert_ids is None else alert_ids, "/tmp/d.html", "/tmp/d.md",
    ))


def test_a_digest_is_saved_once_per_kind_and_end(connect: Connect) -> None:
    first, second = connect(), connect()
    made, created = _digest(first)
    assert (made, created) == (_digest(second)[0], True)
    assert _digest(second) == (made, False)
    assert first.digest_id("daily", NOW) == made
    assert first.digest_id("weekly", NOW) is None
    saved = first.digest(made)
    assert saved is not None and saved.alert_ids == [1] and saved.html_path == "/tmp/d.html"
    assert first.digest(made + 1000) is None
    _digest(first, "weekly", NOW + timedelta(days=1))
    assert first.last_digest_end("daily") == iso(NOW)
    assert first.last_digest_end() == iso(NOW + timedelta(days=1))


def test_new_digests_are_queued_once_per_digest_channel(storage: Storage) -> None:
    storage.remember_channels(["mail", "chat"], NOW - timedelta(days=2))
    made, _ = _digest(storage)
    _digest(storage, end=NOW + timedelta(hours=1), alert_ids=[])  # empty: not sent
    assert storage.enqueue_new_digests([MAIL, CHAT], NOW) == 1
    assert storage.enqueue_new_digests([MAIL, CHAT], NOW) == 0
    assert storage.enqueue_digest(["mail", "chat"], made, NOW) == 1  # chat's row is new
    assert storage.delivery_for("mail", made) is not None
    assert storage.delivery_counts() == {"pending": 2}


def test_a_delivery_is_claimed_by_one_process_and_settled(connect: Connect) -> None:
    first, second = connect(), connect()
    made, _ = _digest(first)
    first.enqueue_digest(["mail", "chat"], made, NOW)
    mail = first.delivery_for("mail", made)
    assert mail is not None
    assert first.due_channels(NOW, ["chat", "mail", "sms"]) == ["chat", "mail"]
    assert first.claim_delivery(mail.id, "d1")
    assert not second.claim_delivery(mail.id, "d2")
    assert [d.channel for d in second.due_deliveries(NOW)] == ["chat"]
    first.settle_delivery(mail.id, attempts=1, now=NOW)
    sent = second.delivery(mail.id)
    assert sent is not None and (sent.status, sent.attempts, sent.sent) == ("sent", 1, iso(NOW))
    chat = first.delivery_for("chat", made)
    assert chat is not None and first.claim_delivery(chat.id)
    later = NOW + timedelta(minutes=2)
    first.settle_delivery(chat.id, attempts=1, now=NOW, error="HTTP 500", next_attempt=later)
    again = first.delivery(chat.id)
    assert again is not None
    assert (again.status, again.last_error, again.next_attempt) == (
        "pending", "HTTP 500", iso(later))
    assert first.due_deliveries(NOW) == []
    assert [d.id for d in first.due_deliveries(later, ["chat"])] == [chat.id]
    assert first.delivery_counts() == {"sent": 1, "pending": 1}
    assert [d.id for d in first.list_deliveries()] == [chat.id, mail.id]
    assert [d.id for d in first.list_deliveries("sent", 5)] == [mail.id]


def test_sends_cut_off_are_interrupted_unless_their_daemon_lives(storage: Storage) -> None:
    made, _ = _digest(storage)
    storage.enqueue_digest(["mail", "chat", "sms"], made, NOW)
    rows = {name: storage.delivery_for(name, made) for name in ("mail", "chat", "sms")}
    assert storage.claim_delivery(rows["mail"].id, "dead")  # type: ignore[union-attr]
    assert storage.claim_delivery(rows["chat"].id, "alive")  # type: ignore[union-attr]
    assert storage.claim_delivery(rows["sms"].id)  # type: ignore[union-attr]
    found = storage.recover_deliveries(NOW, "cut off", keep=["alive"])
    assert sorted(d.channel for d in found) == ["mail", "sms"]
    mail = storage.delivery(rows["mail"].id)  # type: ignore[union-attr]
    assert mail is not None and (mail.status, mail.last_error) == ("interrupted", "cut off")
    chat = storage.delivery(rows["chat"].id)  # type: ignore[union-attr]
    assert chat is not None and chat.status == "sending"
    assert storage.retry_delivery(mail.id, NOW)
    assert not storage.retry_delivery(chat.id, NOW)  # being sent: not a retry
    assert storage.delivery(mail.id).status == "pending"  # type: ignore[union-attr]
    assert storage.delivery(123_456) is None


def test_a_stopped_daemons_sends_are_taken_over_alone(storage: Storage) -> None:
    made, _ = _digest(storage)
    storage.enqueue_digest(["mail", "chat", "sms"], made, NOW)
    rows = {name: storage.delivery_for(name, made) for name in ("mail", "chat", "sms")}
    assert storage.claim_delivery(rows["mail"].id, "dead")  # type: ignore[union-attr]
    assert storage.claim_delivery(rows["chat"].id, "alive")  # type: ignore[union-attr]
    assert storage.claim_delivery(rows["sms"].id)  # type: ignore[union-attr]  # a CLI send
    found = storage.recover_deliveries(NOW, "its daemon stopped", only=["dead"])
    assert [d.channel for d in found] == ["mail"]
    assert storage.delivery_counts() == {"interrupted": 1, "sending": 2}


# -- daemons -----------------------------------------------------------------------------------


def test_daemons_beat_and_are_listed_with_their_polls(storage: Storage) -> None:
    [a] = with_sources(storage, A)
    one_ = DaemonRecord("d1", "host-a", 100, iso(NOW), iso(NOW), "fp1")
    storage.heartbeat(one_)
    storage.heartbeat(DaemonRecord("d2", "host-b", 200, iso(NOW), iso(NOW), "fp2"))
    storage.claim_due_sources("d1", NOW, 1, LEASE)
    poll(storage, a, now=NOW)
    later = NOW + timedelta(minutes=1)
    storage.heartbeat(DaemonRecord("d1", "host-a", 100, iso(NOW), iso(later), "fp3"))
    listed = storage.daemons(later)
    assert [(d.id, d.heartbeat, d.rules_fingerprint, d.polls_last_hour) for d in listed] == [
        ("d1", iso(later), "fp3", 1), ("d2", iso(NOW), "fp2", 0)]
    assert storage.daemons(NOW + timedelta(hours=2))[0].polls_last_hour == 0
    storage.claim_due_sources("d2", NOW + timedelta(hours=1), 1, LEASE)
    storage.forget_daemon("d2")
    assert [d.id for d in storage.daemons(later)] == ["d1"]
    assert [s.url for s in storage.due_sources(NOW + timedelta(hours=1))] == [A]

