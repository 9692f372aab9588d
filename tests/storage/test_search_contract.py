"""Search on both engines: the index finds every entry whose folded tokens hold the words
(a superset for the matcher), and `monitor.search` finds exactly what the matcher does."""

from __future__ import annotations

from datetime import timedelta

import pytest

from monitor.alerts import entry_document
from monitor.rulebook.matcher import CompiledRule, Matcher
from monitor.rulebook.query import QueryError, parse_query
from monitor.search import SCAN_LIMIT, search
from monitor.storage import AllOf, AnyOf, IndexWords, Storage
from tests.storage.test_contract import NOW, entry, poll, with_sources

TEXTS = [
    ("1", "Pakistan offers JF-17 jets to Morocco", "Talks in Rabat on Al-Khalid tanks."),
    ("2", "JF17 deal", "The jf 17 thunder, built at Kamra."),
    ("3", "صفقة طائرات JF-١٧", "أحمد في المغرب"),
    ("4", "MARRUECOS y Pakistán", "Vehículos WhAP de Tata Advanced Systems."),
    ("5", "Tatanka and Tatar", "No company named here; Pakistani weather."),
    ("6", "Tata Motors results", "Tata the carmaker, not defence."),
    ("7", "پاکستان کی فوج", "احمد اور جے ایف"),
    ("8", "Cheratte bridge", "Nothing about Cherat at all"),
]


@pytest.fixture
def filled(storage: Storage) -> Storage:
    [a] = with_sources(storage, "https://a.example/feed")
    poll(storage, a, [entry(guid, title, body) for guid, title, body in TEXTS])
    storage.index_entries()
    return storage


def titles(storage: Storage, need: object) -> set[str]:
    return {e.title for e in storage.search_candidates(need, 100)}  # type: ignore[arg-type]


def test_candidates_are_found_on_folded_tokens(filled: Storage) -> None:
    jf17 = {"Pakistan offers JF-17 jets to Morocco", "JF17 deal", "صفقة طائرات JF-١٧"}
    assert titles(filled, IndexWords(("jf", "17"))) == jf17
    assert titles(filled, IndexWords(("marruecos",))) == {"MARRUECOS y Pakistán"}
    # alef forms fold: احمد finds أحمد too
    assert titles(filled, IndexWords(("احمد",))) == {"صفقة طائرات JF-١٧", "پاکستان کی فوج"}


def test_candidates_take_prefixes_and_combinations(filled: Storage) -> None:
    assert titles(filled, IndexWords(("pakist",), prefix=True)) == {
        "Pakistan offers JF-17 jets to Morocco", "MARRUECOS y Pakistán",
        "Tatanka and Tatar"}
    assert titles(filled, AllOf((IndexWords(("tata",)), IndexWords(("motors",))))) == {
        "Tata Motors results"}
    assert titles(filled, AnyOf((IndexWords(("kamra",)), IndexWords(("rabat",))))) == {
        "JF17 deal", "Pakistan offers JF-17 jets to Morocco"}


def test_candidates_without_a_need_are_the_newest_in_pages(filled: Storage) -> None:
    everything = filled.search_candidates(None, 100)
    assert len(everything) == len(TEXTS)
    first, rest = filled.search_candidates(None, 3), filled.search_candidates(None, 100, 3)
    assert [e.id for e in first + rest] == [e.id for e in everything]


def test_candidates_see_a_changed_entry(storage: Storage) -> None:
    [a] = with_sources(storage, "https://a.example/feed")
    poll(storage, a, [entry("1", "Report", "alpaca")])
    storage.index_entries()
    poll(storage, a, [entry("1", "Report", "llama", version="2")])
    storage.index_entries()
    assert titles(storage, IndexWords(("llama",))) == {"Report"}
    assert titles(storage, IndexWords(("alpaca",))) == set()


QUERIES = [
    '"JF-17"', "JF17", "Tata", "case:Tata", "Tata AND NOT Motors", "Pakist*",
    "Tata NEAR/3 Systems", 'title:"jf 17"', "Cherat", "احمد", "~Tata",
    "(Rabat OR Kamra) AND jets", "summary:thunder OR title:MARRUECOS", "پاکستان",
]


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_exactly_what_the_matcher_finds(filled: Storage, query: str) -> None:
    matcher = Matcher([CompiledRule("q", parse_query(query))])
    every = filled.entries_since(NOW - timedelta(days=3650))
    expected = {e.id for e in every if matcher.match(entry_document(e))}
    result = search(filled, query, limit=100)
    assert {f.entry.id for f in result.found} == expected
    assert expected, "each query here matches something"
    assert result.scan == query.startswith("~")
    for found in result.found:
        assert found.hit.snippet.marks or found.hit.terms


def test_search_pages_and_says_when_it_scanned(filled: Storage) -> None:
    first = search(filled, "Tata OR JF17 OR Pakist*", limit=2)
    assert len(first.found) == 2 and first.more
    second = search(filled, "Tata OR JF17 OR Pakist*", limit=2, offset=2)
    assert not {f.entry.id for f in first.found} & {f.entry.id for f in second.found}
    named = search(filled, "~Tata")
    assert named.scan and str(SCAN_LIMIT) in (named.note or "")
    assert search(filled, "Tata").note is None


def test_an_unparsable_search_names_its_column(filled: Storage) -> None:
    with pytest.raises(QueryError) as caught:
        search(filled, 'Tata AND (JF-17 OR')
    assert caught.value.column == 19
