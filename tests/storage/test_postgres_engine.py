"""What only the PostgreSQL engine has to show: migrations under an advisory lock, claims
that two daemons never share (and that read an index), uniqueness under races, and
full-text search in several scripts. The shared behaviour is the contract suite's."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from monitor.config import SourceSpec
from monitor.models import Entry, Outcome, SourceState
from monitor.schedule import Schedule
from monitor.snippets import Snippet
from monitor.storage import NewAlert, open_storage
from monitor.storage.postgres import MIGRATIONS, PostgresStorage
from monitor.storage.postgres.search import query_text

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def storage(pg_url: str, tmp_path) -> Iterator[PostgresStorage]:  # type: ignore[no-untyped-def]
    opened = open_storage(pg_url, tmp_path)
    assert isinstance(opened, PostgresStorage)
    try:
        yield opened
    finally:
        opened.close()


def entry(identity: str, title: str, body: str = "") -> Entry:
    digest = hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()
    return Entry(identity, identity, f"https://example.org/{identity}", title, None, None,
                 None, "", body, "", "", None, digest)


def test_daemons_starting_at_once_migrate_once(pg_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    start = threading.Barrier(4)
    opened: list[PostgresStorage] = []
    errors: list[BaseException] = []

    def open_one() -> None:
        start.wait()
        try:
            opened.append(PostgresStorage(pg_url))
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert errors == []
        assert [s.schema_version for s in opened] == [len(MIGRATIONS)] * 4
        with psycopg.connect(pg_url) as conn:
            versions = conn.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
        assert versions == [(n,) for n in range(1, len(MIGRATIONS) + 1)]
    finally:
        for one in opened:
            one.close()


def test_a_newer_schema_is_refused_with_advice(storage: PostgresStorage, pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_version (version) VALUES (999)")
    with pytest.raises(Exception, match="newer than this monitor knows"):
        PostgresStorage(pg_url)


def test_an_unreachable_server_is_one_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from monitor.errors import StateError

    with pytest.raises(StateError, match="cannot connect") as caught:
        PostgresStorage("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "Connection refused" in str(caught.value)
    assert "secret" not in str(caught.value)  # the password never reaches a message
    assert "\n" not in str(caught.value)


def _sources(storage: PostgresStorage, count: int) -> None:
    storage.sync_sources([SourceSpec(f"https://example.org/feed/{i}") for i in range(count)],
                         NOW - timedelta(minutes=5))


def test_two_daemons_claiming_at_once_never_share_a_source(storage: PostgresStorage,
                                                           pg_url: str) -> None:
    _sources(storage, 60)
    other = PostgresStorage(pg_url)
    start = threading.Barrier(2)
    got: dict[str, list[int]] = {"a": [], "b": []}

    def claim(store: PostgresStorage, name: str) -> None:
        start.wait()
        for _ in range(10):
            got[name] += [s.id for s in store.claim_due_sources(name, NOW, 4, timedelta(60))]

    threads = [threading.Thread(target=claim, args=(storage, "a")),
               threading.Thread(target=claim, args=(other, "b"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    other.close()
    assert not set(got["a"]) & set(got["b"])
    assert sorted(got["a"] + got["b"]) == sorted({s.id for s in storage.sources()})
    assert storage.due_sources(NOW) == []


def test_a_claim_ends_with_its_lease_or_the_poll(storage: PostgresStorage) -> None:
    _sources(storage, 2)
    first = storage.claim_due_sources("a", NOW, 1, timedelta(minutes=5))
    assert len(first) == 1
    assert [s.id for s in storage.claim_due_sources("b", NOW, 5, timedelta(minutes=5))] != [
        first[0].id]
    later = NOW + timedelta(minutes=6)
    assert [s.id for s in storage.claim_due_sources("b", later, 5, timedelta(minutes=5))] == [
        first[0].id, *[s.id for s in storage.sources() if s.id != first[0].id]]
    storage.record_poll(first[0], now=later, outcome=Outcome.NOT_MODIFIED, status=304,
                        schedule=Schedule(SourceState.OK, 0, later + timedelta(hours=1)))
    assert storage.fetch_log(first[0].id)[0].daemon_id == "b"


def test_the_claim_reads_the_due_index(storage: PostgresStorage, pg_url: str) -> None:
    _sources(storage, 5)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(row[0] for row in conn.execute(
            "EXPLAIN SELECT id FROM sources WHERE active AND state <> 'disabled' "
            "AND coalesce(next_check, '') <= '2026-03-01T12:00:00Z' "
            "AND (claimed_until IS NULL OR claimed_until <= '2026-03-01T12:00:00Z') "
            "ORDER BY coalesce(next_check, ''), id LIMIT 10 FOR UPDATE SKIP LOCKED"
        ).fetchall())
    assert "sources_due" in plan, plan
    assert "Seq Scan" not in plan, plan


def test_racing_daemons_get_one_alert_per_story(storage: PostgresStorage, pg_url: str) -> None:
    others = [PostgresStorage(pg_url) for _ in range(3)]
    start = threading.Barrier(4)
    results: list[tuple[int, bool]] = []
    alert = NewAlert("rule", "https://example.org/story", "Title", "title", None, "high",
                     Snippet("snippet"), "2026-03-01T12:00:00Z")

    def add(store: PostgresStorage) -> None:
        start.wait()
        results.append(store.add_alert(alert))

    threads = [threading.Thread(target=add, args=(s,)) for s in [storage, *others]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for other in others:
        other.close()
    assert len({alert_id for alert_id, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, False, False, True]


@pytest.mark.parametrize(("title", "query"), [
    ("Marruecos compra aviones JF-17", "marruecos jf17"),
    ("Loudíyi visita Pakistán", "LOUDIYI"),
    ("الجيش الباكستاني يتسلم طائرات", "الجيش"),
    ("भारतीय वायु सेना ने नया विमान खरीदा", "विमान"),
    ("Пакистан закупает самолёты", "пакистан"),
    ("巴基斯坦空军购买新战机", "空军"),
    ("Tata Motors results", '"tata motors"'),
    ("Tatanka sighted", "tatan*"),
])
def test_search_finds_words_in_every_script(storage: PostgresStorage, title: str,
                                            query: str) -> None:
    _sources(storage, 1)
    source = storage.sources()[0]
    storage.record_poll(source, now=NOW, outcome=Outcome.OK, status=200,
                        schedule=Schedule(SourceState.OK, 0, NOW + timedelta(hours=1)),
                        entries=[entry("one", title), entry("two", "Unrelated weather report")])
    hits = storage.search(query)
    assert [h.title for h in hits] == [title]


def test_search_whole_words_and_operators(storage: PostgresStorage) -> None:
    _sources(storage, 1)
    source = storage.sources()[0]
    storage.record_poll(source, now=NOW, outcome=Outcome.OK, status=200,
                        schedule=Schedule(SourceState.OK, 0, NOW + timedelta(hours=1)),
                        entries=[entry("a", "Tata steel"), entry("b", "Tatar news"),
                                 entry("c", "Steel prices")])
    assert [h.title for h in storage.search("tata")] == ["Tata steel"]
    assert {h.title for h in storage.search("tata OR tatar")} == {"Tata steel", "Tatar news"}
    assert [h.title for h in storage.search("steel NOT tata")] == ["Steel prices"]
    assert {h.title for h in storage.search('(steel AND "unbalanced')} <= {"Tata steel",
                                                                          "Steel prices"}
    assert storage.index_entries() == 0


def test_query_text_is_always_valid_tsquery(pg_url: str) -> None:
    queries = ["a AND", "OR b", "((a", "a)", "NOT", '"', "x* y:z", "-- ;", "'quote'",
               "a NOT NOT b", "(a (b", "a (NOT)", "() a", "AND OR NOT", "a OR (b AND", "*",
               "back\\\\slash", "title: x"]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for query in queries:
            text = query_text(query)
            if text is not None:
                conn.execute("SELECT %s::tsquery", (text,))


def test_racing_daemons_keep_per_host_together(storage: PostgresStorage, pg_url: str) -> None:
    storage.sync_sources([SourceSpec(f"https://h{i % 3}.example/feed/{i}") for i in range(60)],
                         NOW - timedelta(minutes=5))
    others = [PostgresStorage(pg_url) for _ in range(3)]
    start = threading.Barrier(4)
    got: list[str] = []

    def claim(store: PostgresStorage, name: str) -> None:
        start.wait()
        for _ in range(5):
            got.extend(s.url for s in store.claim_due_sources(
                name, NOW, 10, timedelta(minutes=5), per_host=2))

    threads = [threading.Thread(target=claim, args=(s, f"d{n}"))
               for n, s in enumerate([storage, *others])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for other in others:
        other.close()
    hosts = sorted(url.split("/")[2] for url in got)
    assert hosts == ["h0.example"] * 2 + ["h1.example"] * 2 + ["h2.example"] * 2


def test_the_per_host_claim_reads_indexes_only(storage: PostgresStorage, pg_url: str) -> None:
    from monitor.storage.postgres.sources import _CLAIM

    _sources(storage, 5)
    params = {"now": "2026-03-01T12:00:00Z", "until": "2026-03-01T12:05:00Z", "daemon": "d",
              "limit": 10, "per_host": 4, "scan": 140}
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(row[0] for row in conn.execute(f"EXPLAIN {_CLAIM}", params).fetchall())
    assert "sources_due" in plan and "sources_claimed_host" in plan, plan
    assert "Seq Scan" not in plan, plan
