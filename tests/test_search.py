"""`monitor search` takes the rules' query language; SQLite's index holds folded tokens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_main, write_config

from monitor.config import SourceSpec
from monitor.storage.sqlite import SqliteStorage
from tests.storage.test_contract import NOW, entry, poll

URL = "https://a.example/feed"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A monitor.toml and a database holding a few entries."""
    monkeypatch.chdir(tmp_path)
    for name in ("MONITOR_CONFIG", "MONITOR_STATE", "MONITOR_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    write_config(tmp_path / "monitor.toml", [URL])
    store = SqliteStorage(tmp_path / "state")
    store.sync_sources([SourceSpec(URL, title="Alpha news")], NOW)
    [source] = store.sources()
    poll(store, source, [
        entry("1", "Pakistan offers JF-17 jets", "Talks on the JF17 and Al-Khalid tanks."),
        entry("2", "Tata Motors results", "Tata the carmaker."),
        entry("3", "Tata Advanced Systems", "WhAP vehicles built by Tata in Morocco."),
    ])
    store.close()
    return tmp_path


def test_search_runs_the_query_language_and_marks_the_terms(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run_main(monkeypatch, capsys, "search", "Tata AND NOT Motors")
    assert code == 0
    assert "Tata Advanced Systems" in out and "Tata Motors results" not in out
    assert "Alpha news" in out
    assert "WhAP vehicles built by Tata in Morocco" in out  # the snippet, plain in a pipe
    assert "**" not in out
    code, out, _ = run_main(monkeypatch, capsys, "search", "--json", "JF17")
    [found] = json.loads(out)["entries"]
    assert found["title"] == "Pakistan offers JF-17 jets"
    assert found["snippet"] == "Talks on the JF17 and Al-Khalid tanks."
    assert [found["snippet"][a:b] for a, b in found["marks"]] == ["JF17"]
    assert set(found["terms"]) == {"JF-17", "JF17"}


def test_search_pages_with_offset(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run_main(monkeypatch, capsys, "search", "--json", "--limit", "1", "Tata")
    first = json.loads(out)
    assert len(first["entries"]) == 1 and first["more"]
    _, out, _ = run_main(monkeypatch, capsys, "search", "--json", "--limit", "1",
                         "--offset", "1", "Tata")
    second = json.loads(out)
    assert second["entries"][0]["id"] != first["entries"][0]["id"] and not second["more"]


def test_search_error_points_at_its_column(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_main(monkeypatch, capsys, "search", "Tata AND (JF-17 OR")
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith("monitor: error: column 19: ")
    assert lines[1] == "  Tata AND (JF-17 OR"
    assert lines[2] == "  " + " " * 18 + "^"


def test_search_by_name_alone_says_it_scanned(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_main(monkeypatch, capsys, "search", "~Tata")
    assert code == 0 and "Tata Advanced Systems" in out
    assert "scanned the newest" in err


def test_an_index_of_raw_text_is_rebuilt_folded(tmp_path: Path) -> None:
    store = SqliteStorage(tmp_path)
    store.sync_sources([SourceSpec(URL)], NOW)
    [source] = store.sources()
    poll(store, source, [entry("1", "JF17 deal", "أحمد")])
    # an index as an older monitor made it: FTS5 over the raw columns
    store.db.execute("INSERT INTO entries_fts (rowid, title, summary_text, "
                     "content_text) SELECT id, title, summary_text, content_text FROM entries")
    store.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('fts_indexed_upto', "
                     "(SELECT max(id) FROM entries))")
    store.db.execute("DELETE FROM meta WHERE key = 'fts_tokens'")
    assert store.index_entries() == 1  # emptied and filled again, folded
    from monitor.storage import IndexWords
    assert [e.title for e in store.search_candidates(IndexWords(("jf", "17")), 10)] == [
        "JF17 deal"]
    assert [e.title for e in store.search_candidates(IndexWords(("احمد",)), 10)] == [
        "JF17 deal"]
    store.db.execute("INSERT INTO entries_fts(entries_fts, rank) VALUES('integrity-check', 0)")


def test_lower_case_operators_get_a_warning_that_suggests_the_operator(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_main(monkeypatch, capsys, "search", "Tata or JF17")
    assert code == 0
    assert "monitor: warning: column 6: 'or' is searched as a word; write OR" in err
    _, _, err = run_main(monkeypatch, capsys, "search", 'Tata "or" JF17')
    assert "warning" not in err


def test_pruned_entries_leave_the_folded_index_consistent(tmp_path: Path) -> None:
    from datetime import timedelta

    from monitor.storage import IndexWords

    store = SqliteStorage(tmp_path)
    store.sync_sources([SourceSpec(URL)], NOW)
    [source] = store.sources()
    poll(store, source, [entry("old", "JF-17 old news", "Pakistan"),
                         entry("keep", "JF17 kept", "Pakistan")], now=NOW - timedelta(days=90))
    poll(store, source, [entry("new", "Newest", "Morocco")])
    store.clear_pending()
    store.index_entries()
    assert store.prune_entries(NOW - timedelta(days=30)) == 2
    store.db.execute("INSERT INTO entries_fts(entries_fts, rank) VALUES('integrity-check', 0)")
    assert store.search_candidates(IndexWords(("jf", "17")), 10) == []
    # the index itself holds nothing of them (a 'delete' with other values than were
    # indexed would leave their words behind)
    assert store.db.execute("SELECT rowid FROM entries_fts WHERE entries_fts MATCH "
                            "'\"jf 17\" OR pakistan'").fetchall() == []
    assert [e.title for e in store.search_candidates(IndexWords(("morocco",)), 10)] == ["Newest"]
