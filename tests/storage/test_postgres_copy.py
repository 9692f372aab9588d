"""`monitor db copy --to postgresql://…`: a SQLite state made through the storage API
arrives in PostgreSQL whole (checked by counts), and a second run copies nothing twice."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import run_main, write_config

from monitor.config import SourceSpec
from monitor.models import Entry, Outcome, SourceState
from monitor.schedule import Schedule, iso
from monitor.snippets import Snippet
from monitor.storage import (
    AlertFilter,
    Backtest,
    ChannelFlags,
    DigestRecord,
    NewAlert,
    NewHit,
    open_storage,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
URLS = ["https://example.org/a.xml", "https://example.org/b.xml"]


def _entry(identity: str, title: str) -> Entry:
    digest = hashlib.sha256(title.encode()).hexdigest()
    return Entry(identity, identity, f"https://news.example/{identity}", title, None,
                 iso(NOW), None, "", f"{title} body", "", "", None, digest)


def _make_state(state: Path) -> None:
    """Sources, entries, alerts (one marked), hits, a digest, deliveries, channel marks and
    a backtest, all through the SQLite engine's public methods."""
    store = open_storage(None, state)
    try:
        store.sync_sources([SourceSpec(url) for url in URLS], NOW)
        schedule = Schedule(SourceState.OK, 0, NOW + timedelta(hours=1))
        a, b = store.sources()
        store.record_poll(a, now=NOW, outcome=Outcome.OK, status=200, schedule=schedule,
                          entries=[_entry("a1", "Tata buys JF-17"), _entry("a2", "Weather")])
        store.record_poll(b, now=NOW, outcome=Outcome.OK, status=200, schedule=schedule,
                          entries=[_entry("b1", "Tata buys JF-17 jets")])
        store.remember_channels(["mail"], NOW - timedelta(days=1))
        entries = {e.title: e for e in store.pending_entries()}
        alert_id, _ = store.add_alert(NewAlert(
            "tata", "https://news.example/a1", "Tata buys JF-17", "tata buys jf 17",
            "https://news.example/a1", "high", Snippet("Tata buys", ((0, 4),)), iso(NOW)))
        other, _ = store.add_alert(NewAlert(
            "weather", "https://news.example/a2", "Weather", "weather", None, "low",
            Snippet("Weather"), iso(NOW)))
        for title, rule, alert in (("Tata buys JF-17", "tata", alert_id),
                                   ("Tata buys JF-17 jets", "tata", alert_id),
                                   ("Weather", "weather", other)):
            store.add_hit(NewHit(rule, entries[title].id, alert, [{"term": "x"}], Snippet("s"),
                                 iso(NOW)))
        store.clear_pending()
        store.mark_alerts([other], "dismissed")
        store.enqueue_immediate([ChannelFlags("mail", True, True)], {"tata"}, NOW)
        digest_id, _ = store.add_digest(DigestRecord(
            0, "daily", iso(NOW - timedelta(days=1)), iso(NOW), iso(NOW), [alert_id, other]))
        store.enqueue_digest(["mail"], digest_id, NOW)
        sent = store.delivery_for("mail", digest_id)
        assert sent is not None and store.claim_delivery(sent.id, "d1")
        store.settle_delivery(sent.id, attempts=1, now=NOW)
        store.save_backtest(Backtest("tata", "tata", [entries["Tata buys JF-17"].id], iso(NOW)))
    finally:
        store.close()


def _counts(out: str) -> dict[str, dict[str, int]]:
    return json.loads(out)["tables"]


def test_copy_moves_a_state_and_a_second_copy_adds_nothing(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = write_config(tmp_path / "monitor.toml", URLS, state=str(tmp_path / "state"))
    _make_state(tmp_path / "state")

    code, out, err = run_main(monkeypatch, capsys, "--config", str(config), "db", "copy",
                              "--to", pg_url, "--fetch-log", "--json")
    assert code == 0, err
    first = _counts(out)
    expected = {"sources": 2, "entries": 3, "alerts": 2, "hits": 3, "digests": 1,
                "deliveries": 2, "backtests": 1, "fetch log": 2}
    assert {t: c["sqlite"] for t, c in first.items() if t in expected} == expected
    assert all(c["copied"] == c["sqlite"] and c["already_there"] == 0 for c in first.values())

    code, out, err = run_main(monkeypatch, capsys, "--config", str(config), "db", "copy",
                              "--to", pg_url, "--fetch-log")
    assert code == 0, err
    assert "copied" in out and "already there" in out
    code, out, err = run_main(monkeypatch, capsys, "--config", str(config), "db", "copy",
                              "--to", pg_url, "--fetch-log", "--json")
    again = _counts(out)
    assert all(c["copied"] == 0 and c["already_there"] == c["sqlite"] for c in again.values())

    sqlite = open_storage(None, tmp_path / "state")
    postgres = open_storage(pg_url, tmp_path / "state")
    try:
        def view(store):  # type: ignore[no-untyped-def]
            alerts = store.list_alerts(AlertFilter(status="all"))
            by_id = {a.id: (a.rule, a.title) for a in alerts}
            digest_id = store.digest_id("daily", NOW)
            digest = store.digest(digest_id)
            return {
                "alerts": sorted((a.rule, a.status, a.title, a.snippet.text, a.snippet.marks,
                                  tuple(sorted(a.sources)))
                                 for a in alerts),
                "digest": sorted(by_id.get(i, ("gone", "")) for i in digest.alert_ids),
                "deliveries": sorted((d.channel, d.status, d.attempts, d.claimed_by,
                                      d.digest_id is None) for d in store.list_deliveries()),
                "backtest": len(store.backtest("tata").entry_ids),
                "since": store.channel_since("mail"),
                "search": [h.title for h in store.search("jets")],
                "status": [(row.source.url, row.entries) for row in store.status()],
                "fetches": [len(store.fetch_log(s.id)) for s in store.sources()],
            }

        expected_view = view(sqlite)
        assert expected_view["search"] == ["Tata buys JF-17 jets"]
        assert len(expected_view["alerts"]) == 2 and len(expected_view["deliveries"]) == 2
        assert view(postgres) == expected_view
        # The channel's marks moved with it: nothing already looked at is queued again.
        assert postgres.enqueue_immediate([ChannelFlags("mail", True, True)], {"tata"}, NOW) == 0
    finally:
        sqlite.close()
        postgres.close()


def test_copy_wants_a_postgresql_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "monitor.toml", URLS, state=str(tmp_path / "state"))
    code, out, err = run_main(monkeypatch, capsys, "--config", str(config), "db", "copy",
                              "--to", "mysql://x/y")
    assert code != 0
    assert "postgresql://" in err and "Traceback" not in err


def test_copy_into_a_database_a_daemon_already_uses_matches_by_url(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Ids differ between the two databases; references follow the natural keys."""
    config = write_config(tmp_path / "monitor.toml", URLS, state=str(tmp_path / "state"))
    _make_state(tmp_path / "state")
    postgres = open_storage(pg_url, tmp_path / "state")
    postgres.sync_sources([SourceSpec("https://other.example/feed"),
                           *[SourceSpec(url) for url in reversed(URLS)]], NOW)
    postgres.close()

    code, out, err = run_main(monkeypatch, capsys, "--config", str(config), "db", "copy",
                              "--to", pg_url, "--json")
    assert code == 0, err
    tables = _counts(out)
    assert tables["sources"] == {"sqlite": 2, "copied": 0, "already_there": 2}
    assert tables["entries"]["copied"] == 3

    postgres = open_storage(pg_url, tmp_path / "state")
    try:
        alerts = {a.rule: a for a in postgres.list_alerts(AlertFilter(status="all"))}
        assert sorted(alerts["tata"].sources) == sorted(URLS)
        digest = postgres.digest(postgres.digest_id("daily", NOW))
        assert sorted(digest.alert_ids) == sorted(a.id for a in alerts.values())
        assert [h.title for h in postgres.search("jets")] == ["Tata buys JF-17 jets"]
    finally:
        postgres.close()
