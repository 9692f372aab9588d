"""Keeping the database sound and small, on each engine: integrity, pruning old entries
and the fetch log by rows, usage, checkpoint and backup."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from monitor.errors import MonitorError
from monitor.models import Outcome
from monitor.schedule import iso
from monitor.snippets import Snippet
from monitor.storage import NewHit, Storage
from storage.test_contract import NOW, A, B, alert, entry, one, poll, with_sources


def test_a_sound_database_passes_the_integrity_check(storage: Storage) -> None:
    with_sources(storage, A)
    poll(storage, one(storage), [entry("1")])
    assert storage.integrity() == []
    assert storage.integrity(full=True) == []


def test_old_entries_without_hits_go_hits_and_alerts_stay(storage: Storage) -> None:
    [a] = with_sources(storage, A)
    old = NOW - timedelta(days=200)
    poll(storage, a, [entry("old", "Tata old", "Loudiyi steel")], now=old)
    poll(storage, one(storage), [entry("hit", "Tata hit")], now=old)
    [hit] = [e for e in storage.entries_since(old) if e.title == "Tata hit"]
    alert_id, _ = storage.add_alert(alert("tata", "https://a.example/hit", "Tata hit", old))
    storage.add_hit(NewHit("tata", hit.id, alert_id, [], Snippet("Tata", ((0, 4),)), iso(old)))
    storage.clear_pending()
    poll(storage, one(storage), [entry("unmatched", "Cherat unmatched")], now=old)  # pending
    poll(storage, one(storage), [entry("new", "Tata new")], now=NOW)
    storage.index_entries()

    # "unmatched" is still waiting to be matched: kept until it is.
    assert storage.prune_entries(NOW - timedelta(days=180)) == 1
    left = {e.title for e in storage.entries_since(NOW - timedelta(days=400))}
    assert left == {"Tata hit", "Cherat unmatched", "Tata new"}
    assert storage.alert(alert_id) is not None
    assert len(storage.alert_hits([alert_id])) == 1
    # The search index follows: the deleted entry is not found, the others are.
    assert storage.search("Loudiyi") == []
    assert [h.title for h in storage.search("Cherat")] == ["Cherat unmatched"]
    storage.clear_pending()
    assert storage.prune_entries(NOW - timedelta(days=180)) == 1
    assert storage.search("Cherat") == []
    assert storage.integrity(full=True) == []


def test_the_fetch_log_is_bounded_by_rows_per_source(storage: Storage) -> None:
    a, b = with_sources(storage, A, B)
    for minute in range(6):
        poll(storage, a, now=NOW - timedelta(minutes=10 - minute), outcome=Outcome.ERROR,
             error=f"HTTP 50{minute}")
    poll(storage, b, now=NOW)
    assert storage.prune_fetch_log(NOW, 30, per_source=4) == 2
    assert [f.error for f in storage.fetch_log(a.id)] == [
        "HTTP 505", "HTTP 504", "HTTP 503", "HTTP 502"]
    assert len(storage.fetch_log(b.id)) == 1
    assert storage.prune_fetch_log(NOW, 30, per_source=4) == 0


def test_usage_counts_rows_and_bytes(storage: Storage) -> None:
    [a] = with_sources(storage, A)
    poll(storage, a, [entry("1"), entry("2")])
    storage.checkpoint()
    usage = storage.usage()
    assert usage.rows["sources"] == 1 and usage.rows["entries"] == 2
    assert usage.rows["fetches"] == 1 and usage.rows["alerts"] == 0
    assert usage.size > 0 and 0 <= usage.wal <= usage.size


def test_backup_is_a_database_or_names_the_tool(
    storage: Storage, engine: str, tmp_path: Path
) -> None:
    [a] = with_sources(storage, A)
    poll(storage, a, [entry("1")])
    target = tmp_path / "copy.db"
    if engine != "sqlite":
        with pytest.raises(MonitorError, match="pg_dump"):
            storage.backup(target)
        return
    storage.backup(target)
    from monitor.storage.sqlite import SqliteStorage

    copy = SqliteStorage(tmp_path / "other", path=target)
    try:
        assert [s.url for s in copy.sources()] == [A]
        assert copy.integrity(full=True) == []
    finally:
        copy.close()
    with pytest.raises(MonitorError, match="exists"):
        storage.backup(target)
