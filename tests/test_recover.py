"""A damaged or empty database: never taken for a fresh one; `monitor db recover` keeps
what can be read, with the damaged file set aside, and deliveries already sent stay sent."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run_main, write_config
from test_delivery import add_entry, make_config, rules_for

from monitor.alerts import match_pending
from monitor.cli import App
from monitor.cli_db import recover
from monitor.delivery import outbox
from monitor.errors import StateError
from monitor.storage.sqlite import DB_NAME, MIGRATIONS, SqliteStorage
from monitor.storage.sqlite.recover import recover_database

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def test_an_empty_database_file_is_never_taken_for_a_fresh_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MONITOR_STATE", raising=False)
    monkeypatch.delenv("MONITOR_DATABASE", raising=False)
    write_config(tmp_path / "monitor.toml", ["http://127.0.0.1:9/feed.xml"])
    (tmp_path / "state").mkdir()
    db = tmp_path / "state" / DB_NAME
    db.touch()
    code, out, err = run_main(monkeypatch, capsys, "--config", "monitor.toml", "status")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "is empty (0 bytes), not a database: restore it from a backup" in err
    assert db.stat().st_size == 0  # left as found
    with pytest.raises(StateError, match="is empty"):
        SqliteStorage(tmp_path / "state")


def _fill(tmp_path: Path) -> tuple[Path, int]:
    """A database with a source, 400 sizeable entries, an alert and its sent delivery;
    returns its file and the delivery's id."""
    config = make_config(tmp_path, [{"name": "hook", "url": "json://127.0.0.1:9/x"}])
    rules = rules_for(config)
    store = SqliteStorage(config.state_dir)
    outbox.remember_channels(store, config.channels, NOW)
    add_entry(store, "Tata news", NOW)
    for n in range(400):
        add_entry(store, f"Filler story {n}", NOW, summary=f"words {n} " * 150)
    match_pending(store, rules, NOW)
    store.index_entries()
    assert outbox.enqueue_immediate(store, config.channels, rules.book, NOW) == 1
    [row] = outbox.due(store, NOW)
    assert outbox.claim(store, row.id)
    outbox.settle(store, row, None, NOW)
    store.close()
    return config.state_dir / DB_NAME, row.id


def _damage_entries(db: Path) -> int:
    """Write garbage over a leaf page of the entries table in the middle; its number."""
    conn = sqlite3.connect(db)
    pages = [p for (p,) in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'entries' AND pagetype = 'leaf' ORDER BY pageno"
    )]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    page = pages[len(pages) // 2]
    with db.open("r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\xde\xad\xbe\xef" * (size // 4))
    return page


def test_recover_keeps_what_can_be_read_and_sets_the_damaged_file_aside(tmp_path: Path) -> None:
    db, delivery_id = _fill(tmp_path)
    _damage_entries(db)
    with pytest.raises(sqlite3.DatabaseError):
        conn = sqlite3.connect(db)
        try:
            conn.execute("SELECT count(*) FROM entries WHERE summary_text LIKE '%x%'").fetchall()
        finally:
            conn.close()
    damaged_bytes = db.read_bytes()

    report = recover_database(db, NOW)

    assert report.damaged.read_bytes() == damaged_bytes  # kept exactly as found
    assert report.unreadable.get("entries", 0) >= 1
    assert 300 <= report.kept["entries"] < 401  # one page of entries lost, the rest kept
    store = SqliteStorage(db.parent)
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.schema_version == len(MIGRATIONS)
    row = store.delivery(delivery_id)
    assert row is not None and row.status == "sent"  # not pushed again
    assert store.alert(row.alert_id or 0) is not None
    assert [h.title for h in store.search("Tata")] == ["Tata news"]  # index rebuilt
    assert len(store.sources()) == 1
    store.close()


def test_db_recover_command_says_what_it_kept(tmp_path: Path) -> None:
    db, _ = _fill(tmp_path)
    _damage_entries(db)
    app = App(str(tmp_path / "monitor.toml"), None, False)
    result = CliRunner().invoke(recover, [], obj=app)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"recovered {db}; the damaged file is kept as {db}.damaged-")
    assert "1 sources" in lines[1] and "1 alerts" in lines[1] and "1 deliveries" in lines[1]
    assert "unreadable stretches stepped past in: entries" in result.output
    assert len(list(db.parent.glob(f"{DB_NAME}.damaged-*"))) == 1


def test_db_recover_refuses_while_a_daemon_holds_the_state(tmp_path: Path) -> None:
    from monitor.daemon import state_lock

    db, _ = _fill(tmp_path)
    before = db.read_bytes()
    app = App(str(tmp_path / "monitor.toml"), None, False)
    with state_lock(db.parent):
        result = CliRunner().invoke(recover, [], obj=app)
    assert result.exit_code == 1
    assert "already running" in str(result.exception)
    assert db.read_bytes() == before


def test_recover_leaves_a_file_it_cannot_read_at_all_as_it_was(tmp_path: Path) -> None:
    db, _ = _fill(tmp_path)
    with db.open("r+b") as handle:
        handle.write(b"\x00" * 4096)  # the first page (header and schema) is gone
    before = db.read_bytes()
    with pytest.raises(StateError, match="nothing could be read from .*; it is unchanged"):
        recover_database(db, NOW)
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(DB_NAME)) == [
        DB_NAME
    ]
