"""Fuzzing the parsers of untrusted input: feeds, pages, rule queries, OPML and the config.

Each gets real inputs (the tests' data, the rules and config in the repository, the shared
corpus when present) mangled byte by byte: flipped, cut, repeated, spliced with another
input and with fragments known to trip parsers (entities, bad encodings, odd links and
dates). A parser must give its error value or raise a MonitorError, never anything else.

In the normal suite this runs a few dozen examples per parser (derandomized in CI by
MONITOR_TEST_PROFILE=ci); `make fuzz` runs many more (MONITOR_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from functools import cache
from pathlib import Path

import pytest
from conftest import CORPUS, rss
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.config import load_config
from monitor.errors import MonitorError
from monitor.models import ParsedFeed
from monitor.opml import read_opml, write_opml
from monitor.rulebook.query import parse_query
from monitor.sources.feeds import parse_feed
from monitor.sources.pages import parse_page
from monitor.urls import canonical_url, safe_link

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
FUZZ = int(os.environ.get("MONITOR_FUZZ_EXAMPLES", "0"))
SEED_BYTES = 12_000  # seeds are cut to this: small inputs, many of them, quick parses


def examples(quick: int) -> settings:
    """A few examples in the normal suite, MONITOR_FUZZ_EXAMPLES under `make fuzz`."""
    return settings(
        max_examples=FUZZ or quick,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# Fragments that have tripped parsers before: entities, CDATA, encodings, odd links, dates.
TOKENS = [
    b"<", b">", b"&", b"&amp;", b"&#0;", b"&#xD800;", b"&#x110000;", b"&nbsp;", b"&bogus;",
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', b"&a;", b"<![CDATA[", b"]]>", b"<!--", b"-->",
    b"\x00", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xc3", b"\xe2\x80", b"\r\n",
    b'<?xml version="1.0" encoding="utf-16"?>', b'<?xml version="1.0" encoding="bogus"?>',
    b"http://[x/", b"<link>http://[x/</link>", b'<link href="http://[x/"/>',
    b'<a href="javascript:alert(1)">x</a>', b'<a href="http://a:b:c/">x</a>',
    b"<pubDate>Mon, 99 Foo 99999 99:99:99 +9999</pubDate>",
    b"<updated>0000-00-00T25:61:61Z</updated>", b"<time datetime='9999-99-99'>x</time>",
    b"<item>", b"</item>", b"<entry>", b"</entry>", b"<guid>", b"</guid>", b"<div>", b"</div>",
    b"<article>", b"<li>", b"<table><tr><td>", b"<base href='http://[::1'>", b"<title>",
    b'{"version": "https://jsonfeed.org/version/1", "items": [{"id": 1, "url": 2}]}',
    b'"', b"'", b"=", b"[", b"]", b"{", b"}", b"\\", b"\n", b"#", b"9" * 40,
]
TEXT_TOKENS = [
    "AND", "OR", "NOT", "NEAR/", "NEAR/0", "NEAR/99999999999", "(", ")", '"', "'", "*", ":",
    "title:", "case:", "summary:", "content:", "-", "\\", " ", "\t", "\n", "\x00", "JF-17",
    "Tata*", "ٹاٹا", "टाटा", "8×8", "\u200d", "\ufffe", "[", "]", "=", "{", "}", "#",
]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes], tokens: list[bytes] = TOKENS) -> bytes:
    """A seed changed by a few random edits (or, now and then, random bytes)."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=512))
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(data)))
        end = draw(st.integers(at, min(len(data), at + 64)))
        edit = draw(st.integers(0, 5))
        if edit == 0:
            data[at:at] = draw(st.sampled_from(tokens))
        elif edit == 1:
            del data[at:end]
        elif edit == 2:
            data[at:at] = data[at:end] * draw(st.integers(2, 8))
        elif edit == 3 and data:
            spot = min(at, len(data) - 1)
            data[spot] ^= 1 << draw(st.integers(0, 7))
        elif edit == 4:
            other = draw(st.sampled_from(seeds))
            cut = draw(st.integers(0, len(other)))
            data[at:] = other[cut:]
        else:
            data[at:end] = draw(st.binary(max_size=16))
    return bytes(data)


@st.composite
def mutated_text(draw: st.DrawFn, seeds: list[str]) -> str:
    """A seed text changed by a few random edits, or random text."""
    if draw(st.integers(0, 4)) == 0:
        pieces = st.lists(st.sampled_from(TEXT_TOKENS) | st.characters(), max_size=30)
        return "".join(draw(pieces))
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(0, 5))):
        at = draw(st.integers(0, len(text)))
        end = draw(st.integers(at, min(len(text), at + 20)))
        edit = draw(st.integers(0, 2))
        if edit == 0:
            text = text[:at] + draw(st.sampled_from(TEXT_TOKENS)) + text[at:]
        elif edit == 1:
            text = text[:at] + text[end:]
        else:
            text = text[:at] + draw(st.text(max_size=4)) + text[end:]
    return text


def _files(folder: Path, pattern: str, limit: int) -> list[bytes]:
    """Up to `limit` files spread evenly over a folder (sorted: the same ones every run)."""
    if not folder.is_dir():
        return []
    paths = sorted(p for p in folder.rglob(pattern) if p.is_file())
    step = max(1, len(paths) // limit)
    return [p.read_bytes()[:SEED_BYTES] for p in paths[::step][:limit]]


def labelled_feed() -> bytes:
    """The labelled entries of tests/data (six languages) as one RSS feed."""
    import json

    lines = (DATA / "labelled.jsonl").read_text(encoding="utf-8").splitlines()
    items = []
    for line in lines[::8]:
        row = json.loads(line)
        items.append({"guid": row["id"], "title": row["title"], "link": row["link"],
                      "description": f"<p>{row['summary']}</p><p>{row['content']}</p>"})
    return rss(items)


@cache
def feed_seeds() -> list[bytes]:
    seeds = [rss(3), rss([{"guid": "1", "title": "Tata", "link": "http://[x/",
                           "description": "<p>Loudiyi</p>", "pubDate": "yesterday"}])]
    seeds.append(labelled_feed()[:SEED_BYTES])
    seeds += _files(CORPUS / "feedparser-tests", "*.xml", 60)
    seeds += _files(CORPUS / "feedparser-tests" / "json", "*", 2)
    seeds += _files(CORPUS / "real-feeds", "*.xml", 25)
    return [s for s in seeds if s]


@cache
def page_seeds() -> list[bytes]:
    seeds = [
        b"<!doctype html><html><head><title>News</title><base href='https://n.example/'>"
        b"</head><body><ul>" + b"".join(
            f"<li><article><h2><a href='/s/{n}'>Story {n} on Tata</a></h2>"
            f"<time datetime='2026-01-0{n + 1}'>Jan {n + 1}</time><p>Talks went on.</p>"
            "</article></li>".encode() for n in range(5)
        ) + b"</ul></body></html>",
    ]
    for path in sorted((DATA / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")[:4000]
        seeds.append(("<html><body><main>" + "".join(
            f"<p>{line}</p>" for line in text.splitlines() if line.strip()
        ) + "</main></body></html>").encode())
    return seeds + feed_seeds()[:10]


@cache
def query_seeds() -> list[str]:
    seeds = ['Loudiyi OR "Abdellatif Loudiyi"', "case:Tata NEAR/5 Morocco", "title:JF-17*",
             '(Cherat OR شيرات) AND NOT "Cherat Cement"']
    for path in sorted((ROOT / "rules").glob("*.toml")):
        for rule in tomllib.loads(path.read_text(encoding="utf-8")).get("rule", []):
            if isinstance(rule.get("query"), str):
                seeds.append(rule["query"])
    return seeds


@cache
def opml_seeds() -> list[bytes]:
    from monitor.config import SourceSpec

    written = write_opml([SourceSpec("https://a.example/feed", "A", ("news", "fr")),
                          SourceSpec("http://[x/", None, ())])
    nested = (
        b'<?xml version="1.0"?><opml version="1.0"><head/><body><outline text="News">'
        b'<outline type="rss" text="B" xmlUrl="https://b.example/rss" category="/x,y"/>'
        b'</outline><outline xmlurl=" https://c.example/atom "/></body></opml>'
    )
    return [written.encode(), nested]


@cache
def config_seeds() -> list[bytes]:
    seeds = [(ROOT / "monitor.toml").read_bytes()]
    seeds.append(
        b'[monitor]\nstate = "state"\ninterval = "5m"\nmax_body = "64KiB"\ntimeout = "2s"\n'
        b'concurrency = 4\nper_host = 2\n\n[[source]]\nurl = "https://a.example/feed"\n'
        b'tags = ["news"]\ninterval = "1h"\nfull_text = true\n\n[[source]]\n'
        b'url = "https://b.example/"\nkind = "page"\nitems = "article"\n'
    )
    return seeds


def _fine(outcome: object) -> None:
    assert isinstance(outcome, ParsedFeed)
    assert outcome.error is None or isinstance(outcome.error, str)


@examples(40)
@given(body=mutated(feed_seeds()),
       content_type=st.sampled_from(["application/rss+xml", "text/html", "application/json",
                                     "application/feed+json", "text/xml; charset=bogus", ""]))
def test_feed_parsing_never_crashes(body: bytes, content_type: str) -> None:
    _fine(parse_feed(body, {"content-type": content_type}, "https://feed.example/rss"))


@examples(25)
@given(body=mutated(page_seeds()),
       options=st.sampled_from([{}, {"items": "article", "title": "h2", "link": "a",
                                     "date": "time"}, {"items": "li >> p"}, {"items": "["}]))
def test_page_parsing_never_crashes(body: bytes, options: dict[str, str]) -> None:
    headers = {"content-type": "text/html; charset=utf-8"}
    _fine(parse_page(body, headers, "https://page.example/news/", options, {}))


@examples(150)
@given(query=mutated_text(query_seeds()))
def test_the_query_parser_gives_a_node_or_a_query_error(query: str) -> None:
    try:
        parse_query(query)
    except MonitorError as exc:
        assert str(exc)  # a message to show


def _in_a_file(data: bytes, name: str, read: object) -> object:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            return read(path)  # type: ignore[operator]
        except MonitorError as exc:
            assert str(exc) and "\n" not in str(exc).strip()  # one line for the user
            return None


@examples(60)
@given(data=mutated(opml_seeds()))
def test_opml_import_gives_sources_or_a_source_error(data: bytes) -> None:
    found = _in_a_file(data, "subs.opml", read_opml)
    assert found is None or isinstance(found, list)


@examples(50)
@given(data=mutated(config_seeds()))
def test_config_loading_gives_a_config_or_a_config_error(data: bytes) -> None:
    _in_a_file(data, "monitor.toml", load_config)


@examples(100)
@given(url=mutated_text(["https://a.example/x?utm_source=1&b=2#c", "http://[::1]:80/",
                         "http://[x/", "javascript:alert(1)", "//a.example/"]))
def test_link_checks_never_raise(url: str) -> None:
    link = safe_link(url)
    assert link is None or link.lower().startswith(("http://", "https://"))
    canonical_url(url)


def test_the_seeds_are_there() -> None:
    """The harness has real inputs to start from (the corpus adds more when present)."""
    assert len(feed_seeds()) >= 2 and len(page_seeds()) >= 4
    assert len(query_seeds()) >= 5 and opml_seeds() and config_seeds()
    if CORPUS.is_dir():
        assert len(feed_seeds()) > 50
    else:
        pytest.skip(f"only the built-in seeds: no corpus at {CORPUS}")


# Crashes the fuzzer found, kept as plain tests.


def test_a_page_link_with_control_characters_is_parsed() -> None:
    items = "".join(
        f"<li><article><h2><a href='/s/{n}\x01'>Story {n} on Tata and Loudiyi talks</a></h2>"
        f"<p>Talks on armoured vehicles went on in Rabat, day {n}.</p></article></li>"
        for n in range(4)
    )
    body = f"<html><body><ul>{items}</ul><a href=\x00\x01'/x'>x</a></body></html>".encode()
    parsed = parse_page(body, {}, "https://page.example/news/", {}, {})
    assert parsed.error is None
    assert [e.link for e in parsed.entries] == [f"https://page.example/s/{n}" for n in range(4)]


def test_a_page_with_control_characters_in_its_text_is_parsed() -> None:
    body = b"\x01<html><body><main><p>Talks \x02went on</p>\x03<script>x</script>\x04tail" \
           b"<p>Loudiyi \x00signed</p></main></body></html>"
    parsed = parse_page(body, {"content-type": "text/html"}, "https://page.example/", {}, {})
    assert parsed.error is None
    assert "Loudiyi signed" in " ".join(e.content_text for e in parsed.entries)
