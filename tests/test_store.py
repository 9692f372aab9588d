"""The SQLite store: migrations, source sync, recording polls, the fetch log, search."""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from conftest import rss

from monitor.config import SourceSpec
from monitor.errors import StateError
from monitor.models import Entry, Outcome, Source, SourceState
from monitor.schedule import Schedule, iso, next_schedule
from monitor.sources.feeds import parse_feed
from monitor.storage.sqlite import DB_NAME, MIGRATIONS, SqliteStorage
from monitor.text import content_hash

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
URL_A = "https://a.example/feed"
URL_B = "https://b.example/feed"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStorage]:
    opened = SqliteStorage(tmp_path / "state")
    try:
        yield opened
    finally:
        opened.close()


def entries(items: list[dict[str, str]] | int) -> list[Entry]:
    parsed = parse_feed(rss(items), {"content-type": "application/rss+xml"}, URL_A)
    assert parsed.error is None
    return parsed.entries


def item(guid: str, title: str, body: str) -> dict[str, str]:
    return {"guid": guid, "title": title, "link": f"https://a.example/{guid}", "description": body}


def source(store: SqliteStorage, url: str = URL_A) -> Source:
    found = store.sources([url])
    assert len(found) == 1
    return found[0]


def record(
    store: SqliteStorage,
    src: Source,
    new_entries: list[Entry] | None = None,
    *,
    now: datetime = NOW,
    outcome: Outcome = Outcome.OK,
    status: int | None = 200,
    error: str | None = None,
) -> tuple[int, int]:
    schedule = next_schedule(
        outcome, now=now, interval=1800.0, error_count=src.error_count, cap=86400.0,
        rng=random.Random(0),
    )
    return store.record_poll(
        src, now=now, outcome=outcome, schedule=schedule, status=status, error=error,
        entries=new_entries, size=123, duration=0.25,
    )


def db_rows(store: SqliteStorage, sql: str, *params: object) -> list[tuple[object, ...]]:
    return store.db.execute(sql, params).fetchall()


# -- opening and migrations -----------------------------------------------------------


def test_open_creates_the_state_folder_and_migrates(tmp_path: Path) -> None:
    state = tmp_path / "deep" / "state"
    opened = SqliteStorage(state)
    try:
        assert (state / DB_NAME).is_file()
        assert opened.schema_version == len(MIGRATIONS)
        tables = {r[0] for r in db_rows(opened, "SELECT name FROM sqlite_master")}
        assert {"sources", "entries", "fetches", "meta", "entries_fts"} <= tables
    finally:
        opened.close()


def test_reopening_does_not_rerun_migrations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    SqliteStorage(tmp_path).close()
    calls: list[int] = []

    def spy(db: object) -> None:
        calls.append(1)
        raise AssertionError("migration ran again")

    monkeypatch.setattr("monitor.storage.sqlite.connection.MIGRATIONS", [spy] * len(MIGRATIONS))
    reopened = SqliteStorage(tmp_path)
    try:
        assert calls == []
        assert reopened.schema_version == len(MIGRATIONS)
    finally:
        reopened.close()


def test_a_failed_migration_leaves_no_trace_and_is_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = list(MIGRATIONS)

    def broken(db: object) -> None:
        original[0](db)  # type: ignore[arg-type]
        raise RuntimeError("power cut")

    monkeypatch.setattr("monitor.storage.sqlite.connection.MIGRATIONS", [broken, *original[1:]])
    with pytest.raises(RuntimeError):
        SqliteStorage(tmp_path)
    conn = sqlite3.connect(tmp_path / DB_NAME)
    try:
        assert conn.execute("PRAGMA user_version").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    finally:
        conn.close()
    monkeypatch.setattr("monitor.storage.sqlite.connection.MIGRATIONS", original)
    reopened = SqliteStorage(tmp_path)
    try:
        assert reopened.schema_version == len(original)
    finally:
        reopened.close()


def test_newer_schema_asks_to_upgrade(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StateError) as info:
        SqliteStorage(tmp_path)
    message = str(info.value)
    assert "schema version 999" in message
    assert "upgrade monitor" in message


def test_non_database_file_is_a_state_error(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / DB_NAME).write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(StateError) as info:
        SqliteStorage(state)
    assert str(state / DB_NAME) in str(info.value)
    assert "is not a SQLite database: restore it from a backup" in str(info.value)


def test_state_folder_that_is_a_file_is_a_state_error(tmp_path: Path) -> None:
    (tmp_path / "state").write_text("oops")
    with pytest.raises(StateError, match="cannot create state directory"):
        SqliteStorage(tmp_path / "state")


def test_wal_mode_and_foreign_keys_are_on(store: SqliteStorage) -> None:
    assert db_rows(store, "PRAGMA journal_mode") == [("wal",)]
    assert db_rows(store, "PRAGMA foreign_keys") == [(1,)]


# -- sources --------------------------------------------------------------------------


def test_sync_sources_adds_them_due_now(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A, "A", ("x", "y"), 600.0), SourceSpec(URL_B)], NOW)
    stored = store.sources()
    assert [s.url for s in stored] == [URL_A, URL_B]
    a = stored[0]
    assert (a.title, a.tags, a.interval) == ("A", ("x", "y"), 600.0)
    assert a.state is SourceState.NEVER
    assert a.next_check == iso(NOW)
    assert [s.url for s in store.due_sources(NOW)] == [URL_A, URL_B]
    assert store.next_due() == iso(NOW)


def test_sync_sources_updates_settings(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A, "A", ("x",), 600.0)], NOW)
    first_id = source(store).id
    store.sync_sources([SourceSpec(URL_A, "Renamed", ("y", "z"), None)], NOW)
    updated = source(store)
    assert updated.id == first_id
    assert (updated.title, updated.tags, updated.interval) == ("Renamed", ("y", "z"), None)


def test_sync_sources_deactivates_but_keeps_entries_then_reactivates(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A), SourceSpec(URL_B)], NOW)
    a = source(store)
    assert record(store, a, entries(3)) == (3, 0)

    store.sync_sources([SourceSpec(URL_B)], NOW)
    assert [s.url for s in store.sources()] == [URL_B]
    assert [r.source.url for r in store.status()] == [URL_B]
    assert [s.url for s in store.due_sources(NOW)] == [URL_B]
    assert db_rows(store, "SELECT count(*) FROM entries WHERE source_id = ?", a.id) == [(3,)]

    store.sync_sources([SourceSpec(URL_A), SourceSpec(URL_B)], NOW)
    back = source(store)
    assert back.id == a.id
    assert back.state is SourceState.OK
    assert {r.source.url: r.entries for r in store.status()} == {URL_A: 3, URL_B: 0}


def test_sources_can_be_found_by_their_moved_url(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A)], NOW)
    a = source(store)
    schedule = Schedule(SourceState.OK, 0, NOW + timedelta(hours=1))
    store.record_poll(
        a, now=NOW, outcome=Outcome.OK, schedule=schedule, status=200,
        moved_to="https://new.example/feed",
    )
    moved = store.sources(["https://new.example/feed"])
    assert [s.url for s in moved] == [URL_A]
    assert moved[0].effective_url == "https://new.example/feed"


def test_disabled_sources_are_not_due_until_enabled(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A)], NOW)
    record(store, source(store), outcome=Outcome.GONE, status=410, error="gone")
    gone = source(store)
    assert gone.state is SourceState.DISABLED
    later = NOW + timedelta(days=30)
    assert store.due_sources(later) == []
    assert store.next_due() is None
    store.enable(gone.id, later)
    enabled = source(store)
    assert enabled.state is SourceState.NEVER
    assert enabled.error_count == 0
    assert [s.url for s in store.due_sources(later)] == [URL_A]


# -- polls ----------------------------------------------------------------------------


def test_record_poll_stores_entries_once(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A)], NOW)
    batch = entries(5)
    assert record(store, source(store), batch) == (5, 0)
    assert record(store, source(store), batch, now=NOW + timedelta(hours=1)) == (0, 0)
    assert record(store, source(store), entries(7)) == (2, 0)
    assert db_rows(store, "SELECT count(*) FROM entries") == [(7,)]
    assert db_rows(store, "SELECT count(*) FROM entries WHERE changed = 1") == [(0,)]


def test_record_poll_updates_changed_entries(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A)], NOW)
    first = entries([item("g1", "Title", "old words"), item("g2", "Other", "same")])
    assert record(store, source(store), first) == (2, 0)
    later = NOW + timedelta(hours=2)
    second = entries([item("g1", "Title", "new words"), item("g2", "Other", "same")])
    assert record(store, source(store), second, now=later) == (0, 1)
    rows = db_rows(
        store,
        "SELECT title, summary_text, changed, last_changed, first_seen FROM entries "
        "ORDER BY id",
    )
    assert rows == [
        ("Title", "new words", 1, iso(later), iso(NOW)),
        ("Other", "same", 0, None, iso(NOW)),
    ]


def test_record_poll_keeps_the_first_of_repeated_identities(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A)], NOW)
    one = entries([item("dup", "First", "first body")])[0]
    two = replace(one, summary_text="second body", content_hash=content_hash("second"))
    assert record(store, source(store), [one, two]) == (1, 0)
    assert db_rows(store, "SELECT summary_text FROM entries") == [("first body",)]


def test_same_identity_in_two_sources_is_two_entries(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A), SourceSpec(URL_B)], NOW)
    batch = entries(2)
    assert record(store, source(store, URL_A), batch) == (2, 0)
    assert record(store, source(store, URL_B), batch) == (2, 0)


def test_record_poll_writes_schedule_state(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A)], NOW)
    record(store, source(store), entries(1))
    ok = source(store)
    assert (ok.state, ok.last_status, ok.last_error, ok.error_count) == (
        SourceState.OK, 200, None, 0,
    )
    assert ok.last_check == iso(NOW)
    assert ok.next_check == iso(NOW + timedelta(seconds=1800))

    later = NOW + timedelta(hours=1)
    record(store, ok, now=later, outcome=Outcome.ERROR, status=500, error="HTTP 500")
    failed = source(store)
    assert (failed.state, failed.last_status, failed.last_error, failed.error_count) == (
        SourceState.ERROR, 500, "HTTP 500", 1,
    )
    assert failed.last_check == iso(later)


def test_fetch_log_rows_are_written(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A)], NOW)
    record(store, source(store), entries(3))
    record(
        store, source(store), now=NOW + timedelta(minutes=30), outcome=Outcome.ERROR,
        status=503, error="HTTP 503",
    )
    log = store.fetch_log(source(store).id)
    assert [(r.outcome, r.status, r.new_entries, r.error) for r in log] == [
        ("error", 503, 0, "HTTP 503"),
        ("ok", 200, 3, None),
    ]
    assert log[1].url == URL_A
    assert log[1].bytes == 123
    assert log[1].duration_ms == 250
    assert log[1].at == iso(NOW)


def test_prune_fetch_log_drops_old_rows_only(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A)], NOW)
    for days_ago in (40, 31, 29, 1, 0):
        record(store, source(store), now=NOW - timedelta(days=days_ago))
    assert store.prune_fetch_log(NOW, 30) == 2
    kept = sorted(r.at for r in store.fetch_log(source(store).id))
    assert kept == [iso(NOW - timedelta(days=d)) for d in (29, 1, 0)]
    assert store.prune_fetch_log(NOW, 30) == 0


# -- full-text search -----------------------------------------------------------------


def test_index_entries_is_incremental(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A)], NOW)
    record(store, source(store), entries(4))
    assert store.index_entries() == 4
    assert store.index_entries() == 0
    record(store, source(store), entries(6))
    assert store.index_entries() == 2
    assert store.index_entries() == 0


def test_search_finds_entries_with_their_source(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A, title="Alpha news")], NOW)
    record(store, source(store), entries([
        item("g1", "Harbour strike", "Dockers walk out over pay."),
        item("g2", "Weather", "Sunny spells."),
    ]))
    hits = store.search("dockers")
    assert [(h.title, h.source, h.link) for h in hits] == [
        ("Harbour strike", "Alpha news", "https://a.example/g1"),
    ]
    assert store.search("nothing-like-this") == []


def test_search_takes_unparseable_queries_as_plain_words(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A)], NOW)
    record(store, source(store), entries([item("g1", "C++ release", "AND more")]))
    for query in ('"unbalanced', "C++", "AND", "(("):
        store.search(query)  # no exception
    assert [h.title for h in store.search('release "')] == ["C++ release"]


def test_search_finds_updated_text_after_an_indexed_entry_changes(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A)], NOW)
    record(store, source(store), entries([item("g1", "Report", "alpaca grazing")]))
    assert [h.title for h in store.search("alpaca")] == ["Report"]  # indexes it
    record(store, source(store), entries([item("g1", "Report", "zebra crossing")]))
    assert [h.title for h in store.search("zebra")] == ["Report"]
    assert store.search("alpaca") == []
    assert db_rows(store, "SELECT count(*) FROM entries_fts") == [(1,)]


def test_search_finds_updated_text_when_the_change_came_before_indexing(
    store: SqliteStorage,
) -> None:
    store.sync_sources([SourceSpec(URL_A)], NOW)
    record(store, source(store), entries([item("g1", "Report", "alpaca grazing")]))
    record(store, source(store), entries([item("g1", "Report", "zebra crossing")]))
    assert [h.title for h in store.search("zebra")] == ["Report"]
    assert store.search("alpaca") == []


def test_fts_index_stays_consistent_after_updates(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A)], NOW)
    record(store, source(store), entries([item(f"g{i}", f"T{i}", f"v1 body{i}") for i in range(5)]))
    store.index_entries()
    record(store, source(store), entries([item(f"g{i}", f"T{i}", f"v2 body{i}") for i in range(5)]))
    store.index_entries()
    # rank 0: the index's own consistency (it holds folded tokens, not the raw columns)
    store.db.execute("INSERT INTO entries_fts(entries_fts, rank) VALUES('integrity-check', 0)")
    assert len(store.search("v2")) == 5
    assert store.search("v1") == []


def test_nested_transaction_is_all_or_nothing_inside_the_outer_one(tmp_path: Path) -> None:
    store = SqliteStorage(tmp_path)
    with store._transaction() as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
        with pytest.raises(RuntimeError), store._transaction() as inner:
            inner.execute("INSERT INTO meta (key, value) VALUES ('b', '2')")
            raise RuntimeError("this poll failed half-way")
        with store._transaction() as inner:
            inner.execute("INSERT INTO meta (key, value) VALUES ('c', '3')")
    keys = [row[0] for row in store.db.execute("SELECT key FROM meta ORDER BY key")]
    assert keys == ["a", "c"]
    store.close()


def test_batched_polls_write_quiet_polls_together_at_the_end(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A), SourceSpec(URL_B)], NOW)
    a, b = source(store, URL_A), source(store, URL_B)
    with store.batched_polls():
        record(store, a, outcome=Outcome.NOT_MODIFIED, status=304)
        record(store, b, outcome=Outcome.ERROR, status=500, error="HTTP 500")
        # Queued, not written yet; a poll with entries is written at once, as before.
        assert db_rows(store, "SELECT count(*) FROM fetches") == [(0,)]
        assert record(store, a, entries(2)) == (2, 0)
        assert db_rows(store, "SELECT count(*) FROM fetches") == [(1,)]
    rows = db_rows(store, "SELECT url, outcome, status, error FROM fetches ORDER BY id")
    assert sorted(rows, key=str) == sorted([
        (URL_A, "ok", 200, None), (URL_A, "not_modified", 304, None),
        (URL_B, "error", 500, "HTTP 500"),
    ], key=str)
    after = source(store, URL_B)
    assert (after.state, after.last_status, after.last_error, after.error_count) == (
        SourceState.ERROR, 500, "HTTP 500", 1,
    )


def test_an_interrupted_batch_still_writes_what_it_queued(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A)], NOW)
    a = source(store, URL_A)
    with pytest.raises(KeyboardInterrupt), store.batched_polls():
        assert record(store, a, entries(3)) == (3, 0)
        record(store, a, outcome=Outcome.NOT_MODIFIED, status=304)
        raise KeyboardInterrupt
    # The entries were committed on their own; the queued 304 was written on the way out.
    assert db_rows(store, "SELECT count(*) FROM entries") == [(3,)]
    assert db_rows(store, "SELECT count(*) FROM fetches") == [(2,)]


def test_sync_with_an_unchanged_config_writes_nothing(store: SqliteStorage) -> None:
    specs = [SourceSpec(URL_A, "A", ("x",), 600.0), SourceSpec(URL_B)]
    store.sync_sources(specs, NOW)
    before = store.db.conn.total_changes
    store.sync_sources(specs, NOW)
    assert store.db.conn.total_changes == before
    store.sync_sources(specs[:1], NOW)  # B removed: one row deactivated, nothing else
    assert store.db.conn.total_changes == before + 1


def test_unchanged_parser_memory_is_not_rewritten(store: SqliteStorage) -> None:
    store.sync_sources([SourceSpec(URL_A)], NOW)
    schedule = next_schedule(Outcome.OK, now=NOW, interval=1800.0, error_count=0, cap=86400.0)
    kwargs = {"now": NOW, "outcome": Outcome.OK, "schedule": schedule, "status": 200}
    store.record_poll(source(store), memory={"seen": ["a"]}, **kwargs)
    assert source(store).memory == {"seen": ["a"]}
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    store.record_poll(source(store), memory={"seen": ["a"]}, **kwargs)
    store.db.conn.set_trace_callback(None)
    assert not any("memory" in sql for sql in seen)
    store.record_poll(source(store), memory={"seen": ["a", "b"]}, **kwargs)
    assert source(store).memory == {"seen": ["a", "b"]}


def _fill_the_disk(conn: sqlite3.Connection) -> None:
    """Insert until SQLite answers "disk full" (the database may not grow): SQLite then rolls
    back the whole transaction by itself."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)", [(f"k{i}", "x" * 3000) for i in range(50)]
    )


def test_a_full_disk_is_reported_as_such_in_a_transaction_and_a_savepoint(tmp_path: Path):
    store = SqliteStorage(tmp_path)
    with pytest.raises(sqlite3.OperationalError, match="full"), store._transaction() as conn:
        _fill_the_disk(conn)
    assert not store.db.conn.in_transaction
    with pytest.raises(sqlite3.OperationalError, match="full"), store._transaction() as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
        with store._transaction() as inner:
            _fill_the_disk(inner)
    assert not store.db.conn.in_transaction
    assert db_rows(store, "SELECT count(*) FROM meta WHERE key = 'a'") == [(0,)]
    store.close()


def test_a_database_from_before_claims_is_upgraded_in_place(tmp_path: Path) -> None:
    """A monitor.db at schema 3 (before issue 10) keeps its data and gains claims."""
    state = tmp_path / "state"
    state.mkdir()
    conn = sqlite3.connect(state / DB_NAME, isolation_level=None)
    db = sqlite_utils.Database(conn)
    for migration in MIGRATIONS[:3]:
        migration(db)
    conn.execute(
        "INSERT INTO sources (url, added, next_check) VALUES (?, ?, ?)",
        (URL_A, iso(NOW), iso(NOW)),
    )
    conn.execute(
        "INSERT INTO digests (kind, period_start, period_end, created) VALUES (?, ?, ?, ?)",
        ("daily", iso(NOW), iso(NOW), iso(NOW)),
    )
    conn.execute(
        "INSERT INTO deliveries (channel, digest_id, status, next_attempt, created) "
        "VALUES ('mail', 1, 'sending', ?, ?)", (iso(NOW), iso(NOW)),
    )
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    store = SqliteStorage(state)
    try:
        assert store.schema_version == len(MIGRATIONS) == 8  # 8: the due-order index
        [claimed] = store.claim_due_sources("d1", NOW, 5, timedelta(minutes=5), per_host=1)
        assert claimed.url == URL_A
        [interrupted] = store.recover_deliveries(NOW, "cut off")
        assert (interrupted.channel, interrupted.claimed_by) == ("mail", None)
    finally:
        store.close()


def test_snippets_stored_before_marks_were_data_keep_their_highlights(tmp_path: Path) -> None:
    """A database at schema 4 holds snippets with **term** in the text; after migration 5
    their marks column is NULL and they read as the same text and terms."""
    state = tmp_path / "state"
    state.mkdir()
    conn = sqlite3.connect(state / DB_NAME)
    db = sqlite_utils.Database(conn)
    for migration in MIGRATIONS[:4]:
        migration(db)
    conn.execute("INSERT INTO sources (url, added, next_check) VALUES (?, ?, ?)",
                 (URL_A, iso(NOW), iso(NOW)))
    conn.execute("INSERT INTO entries (source_id, identity, title, content_hash, first_seen) "
                 "VALUES (1, 'a', 'Tata deal', 'h', ?)", (iso(NOW),))
    conn.execute("INSERT INTO alerts (rule_id, story, title, title_key, severity, snippet, "
                 "first_seen, last_seen) VALUES ('tata', 's', 'Tata deal', 'tata deal', 'high', "
                 "'The **Tata** deal', ?, ?)", (iso(NOW), iso(NOW)))
    conn.execute("INSERT INTO hits (rule_id, entry_id, alert_id, terms, snippet, created) "
                 "VALUES ('tata', 1, 1, '[]', '**Tata** deal', ?)", (iso(NOW),))
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    store = SqliteStorage(state)
    try:
        alert = store.alert(1)
        assert alert is not None and alert.snippet.text == "The Tata deal"
        assert list(alert.snippet.parts()) == [("The ", False), ("Tata", True), (" deal", False)]
        [hit] = store.alert_hits([1])
        assert (hit.snippet.text, hit.snippet.marks) == ("Tata deal", ((0, 4),))
    finally:
        store.close()


def test_the_claim_reads_due_sources_in_order_from_an_index(tmp_path: Path) -> None:
    """The claim never sorts every due row (its cost would grow with the table, about 1 s
    a claim at a million sources): its plan walks an index in due order."""
    from monitor.storage.sqlite.sources import _CLAIMABLE, _DUE

    store = SqliteStorage(tmp_path)
    sql = _CLAIMABLE.format(due=_DUE.replace("?", ":now"))
    plan = [row[3] for row in store.db.execute(
        "EXPLAIN QUERY PLAN " + sql, {"now": "x", "scan": 300, "per_host": 4, "limit": 50}
    ).fetchall()]
    store.close()
    start = plan.index("CO-ROUTINE due")
    assert "USING INDEX sources_due_order" in plan[start + 1], plan
    assert plan[start + 2] != "USE TEMP B-TREE FOR ORDER BY", plan


def test_opening_the_sqlite_engine_imports_sqlite_utils_only_to_migrate(tmp_path: Path) -> None:
    """Opening a database that is up to date needs no sqlite-utils (its import is 50 ms of
    every command's start). Migrating imports it with numpy hidden: sqlite-utils imports
    numpy when installed (derive's language guesser brings it), which cost about 0.1 s.
    Imported first, numpy is still numpy to sqlite-utils."""
    import subprocess
    import sys

    def run(code: str, first: str = "") -> str:
        opening = (f"import sys; from pathlib import Path; from monitor.storage import "
                   f"open_storage; open_storage(None, Path({str(tmp_path)!r})).close(); ")
        done = subprocess.run([sys.executable, "-c", first + opening + code],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    # a new database is migrated
    assert run("import sqlite_utils.db as d; print('numpy' in sys.modules, d.np)") == (
        "False None"
    )
    # an up-to-date one is only opened
    assert run("print('sqlite_utils' in sys.modules)") == "False"
    shutil.rmtree(tmp_path)
    assert run("import sqlite_utils.db as d; print(d.np is numpy)", "import numpy; ") == "True"
    shutil.rmtree(tmp_path)
    assert run("import numpy; print(numpy.__name__)") == "numpy"
