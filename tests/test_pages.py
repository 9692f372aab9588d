"""Web pages as sources: items by selectors, the list of articles found automatically, and
the whole page's meaningful changes, polled from a local server like real sites."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import FeedServer, Reply

from monitor.cli import cli
from monitor.sources import pages as pages_module
from monitor.sources.pages import find_items, parse_date, parse_html, parse_page

HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE_URL = "http://127.0.0.1:9/press/"


# -- realistic pages ---------------------------------------------------------------------


def press_page(releases: list[tuple[str, str, str]], *, clock: str = "10:42") -> bytes:
    """A ministry's press page: site header with menu and clock, a list of releases with
    relative links, a sidebar and a footer."""
    items = "\n".join(
        f"""<li class="release">
          <span class="release-date">{date}</span>
          <h3 class="release-title"><a href="{href}">{title}</a></h3>
          <p>Press office of the Ministry. Read the full statement online.</p>
        </li>"""
        for href, title, date in releases
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ministry of National Defence | Press releases</title></head>
<body>
<header class="site-header">
  <a class="logo" href="/">Ministry of National Defence of the Kingdom</a>
  <div class="clock">Rabat, {clock} GMT+1</div>
  <nav class="main-menu"><ul>
    <li><a href="/about/">About the Ministry and its missions</a></li>
    <li><a href="/press/">Press releases and statements</a></li>
    <li><a href="/speeches/">Speeches of the Minister Delegate</a></li>
    <li><a href="/contact/">Contact the press office</a></li>
  </ul></nav>
</header>
<main>
  <h1>Press releases</h1>
  <ul class="releases">
  {items}
  </ul>
  <div class="pagination"><a href="?page=2">Next page of press releases »</a></div>
</main>
<footer>
  <ul>
    <li><a href="/legal/">Legal notice and terms of use</a></li>
    <li><a href="/privacy/">Privacy and personal data policy</a></li>
    <li><a href="/accessibility/">Accessibility statement of this site</a></li>
  </ul>
</footer>
</body></html>""".encode()


RELEASES = [
    ("2026/11/30/loudiyi-receives-delegation.html",
     "Loudiyi receives a Pakistani military delegation in Rabat", "30 November 2026"),
    ("2026/11/28/whap-production.html",
     "Tata Advanced Systems delivers the first WhAP 8x8 built in Berrechid", "28/11/2026"),
    ("/press/2026/11/25/jf17-talks.html?utm_source=home&utm_medium=list",
     "Talks on JF-17 cooperation with Pakistan Aeronautical Complex", "25 November 2026"),
]
NEW_RELEASE = ("2026/12/01/cherat-visit.html",
               "Inspector General visits Cherat training facilities", "1 December 2026")


def newsroom_page(*, ad: str, clock: str) -> bytes:
    """A company newsroom: cards of articles (no selectors given), a rotating ad, a clock,
    a 'most read' sidebar and a cookie banner; links relative to a <base href>."""
    cards = "\n".join(
        f"""<div class="card card-{n}">
          <a class="thumb" href="stories/{slug}"><img src="/img/{n}.jpg" alt=""></a>
          <div class="card-body">
            <a class="category" href="/topics/defence">Defence</a>
            <h2 class="card-title"><a href="stories/{slug}">{title}</a></h2>
            <p class="teaser">{teaser}</p>
            <a class="more" href="stories/{slug}#comments">3 comments</a>
          </div>
        </div>"""
        for n, (slug, title, teaser) in enumerate([
            ("armoured-vehicles", "Our armoured vehicle plant reaches full production",
             "The plant in Morocco now builds sixteen vehicles a month for the army."),
            ("new-contract", "New contract signed for wheeled armoured platforms",
             "The contract covers ninety platforms and local maintenance."),
            ("apprentices", "Two hundred apprentices join the engineering programme",
             "Apprentices train for two years on site and at partner schools."),
            ("results", "Quarterly results show growth in aerospace and defence",
             "Revenue grew by twelve percent, driven by exports."),
        ])
    )
    return f"""<html><head><title>Newsroom - Acme Defence Systems</title>
<base href="http://127.0.0.1:9/newsroom/"></head><body>
<div id="cookie-banner">We use cookies. <a href="/cookies">Read our cookie policy here</a></div>
<div class="topbar"><span class="clock">{clock}</span></div>
<nav><a href="/">Home page of Acme</a> <a href="/products">Products and services</a>
 <a href="/careers">Careers at Acme Defence</a></nav>
<div class="ad-slot"><a href="https://ads.invalid/click?id=7">{ad}</a></div>
<section class="stories">{cards}</section>
<aside class="most-read"><h3>Most read</h3><ol>
  <li><a href="stories/old-1">An older story everybody read last month</a></li>
  <li><a href="stories/old-2">Another older story that many people read</a></li>
  <li><a href="stories/old-3">Yet another older story from the archive</a></li>
</ol></aside>
<footer><a href="/legal">Legal information and imprint</a></footer>
</body></html>""".encode()


def statement_page(paragraphs: list[str], *, clock: str, ad: str) -> bytes:
    """A single statement page (no list of articles): its text is what changes."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html><head><title>Export control notice</title></head><body>
<header><div class="clock">Last updated {clock}</div></header>
<div class="advert">{ad}</div>
<main><article><h1>Export control notice</h1>
<p class="updated">Updated on {clock}</p>
{body}
</article></main>
<footer><p>Copyright 2026 Directorate of Export Controls</p></footer>
</body></html>""".encode()


STATEMENT = [
    "The Directorate reminds exporters that licences are required for military vehicles "
    "and their parts, including armoured wheeled platforms.",
    "Applications must name the end user and the country of final destination, and be "
    "filed at least thirty days before shipment.",
]

BROKEN = b"""<html><head><title>Notices</title><body>
<div class=list><ul>
<li class=notice><h4><a href=n/1>First notice about the tender for vehicles</h4><p>Terms & dates
<li class=notice><a href="n/2">Second notice about the tender for spare parts</a><p>text <b>bold
<li class=notice><a href='n/3'>Third notice: results of the tender are published</a></span></div>
<li class=notice><a href="javascript:void(0)">Share this notice with your friends</a>
<a href="mailto:press@ministry.invalid">Write to the press office today</a>
</ul>
"""


# -- parsing, without a server -----------------------------------------------------------


def test_selectors_give_one_entry_per_item_with_absolute_link_and_date() -> None:
    options = {"items": "li.release", "title": "h3", "link": "h3 a", "date": ".release-date"}
    parsed = parse_page(press_page(RELEASES), HTML, PAGE_URL, options, None)
    assert parsed.error is None and parsed.warning is None
    assert parsed.title == "Ministry of National Defence | Press releases"
    assert [e.title for e in parsed.entries] == [title for _, title, _ in RELEASES]
    assert [e.link for e in parsed.entries] == [
        "http://127.0.0.1:9/press/2026/11/30/loudiyi-receives-delegation.html",
        "http://127.0.0.1:9/press/2026/11/28/whap-production.html",
        "http://127.0.0.1:9/press/2026/11/25/jf17-talks.html?utm_source=home&utm_medium=list",
    ]
    # Identity is the canonical link: tracking parameters do not make a new entry.
    assert parsed.entries[2].identity == "127.0.0.1:9/press/2026/11/25/jf17-talks.html"
    assert [e.published for e in parsed.entries] == [
        "2026-11-30T00:00:00Z", "2026-11-28T00:00:00Z", "2026-11-25T00:00:00Z"
    ]
    first = parsed.entries[0]
    assert "Press office of the Ministry" in first.summary_text
    assert "Loudiyi" not in first.summary_text  # the title is not repeated in the summary
    assert first.language == "en"


def test_selectors_default_to_the_heading_its_link_and_a_time_element() -> None:
    page = b"""<html><body><div class="n"><time datetime="2026-11-30T09:30:00+01:00">today</time>
      <h2><a href="/a">Heading link of the first news item</a></h2><a href="/other">x</a></div>
      <div class="n"><a href="/b">Only a link, used as the title</a></div></body></html>"""
    parsed = parse_page(page, HTML, PAGE_URL, {"items": "div.n"}, None)
    assert [(e.title, e.link, e.published) for e in parsed.entries] == [
        ("Heading link of the first news item", "http://127.0.0.1:9/a", "2026-11-30T08:30:00Z"),
        ("Only a link, used as the title", "http://127.0.0.1:9/b", None),
    ]


def test_selectors_that_match_nothing_warn_and_name_the_selector() -> None:
    parsed = parse_page(press_page(RELEASES), HTML, PAGE_URL, {"items": "li.news"}, None)
    assert parsed.error is None and parsed.entries == []
    assert "select.items 'li.news' matched nothing" in (parsed.warning or "")
    parsed = parse_page(
        press_page(RELEASES), HTML, PAGE_URL, {"items": "li.release", "date": "time"}, None
    )
    assert len(parsed.entries) == 3
    assert "select.date 'time' matched nothing in the items" in (parsed.warning or "")


def test_invalid_css_is_an_error_that_says_so() -> None:
    parsed = parse_page(press_page(RELEASES), HTML, PAGE_URL, {"items": "li[class="}, None)
    assert parsed.error is not None and "not a valid CSS selector" in parsed.error


def test_auto_detection_finds_the_articles_not_menus_sidebars_or_footers() -> None:
    parsed = parse_page(press_page(RELEASES), HTML, PAGE_URL, {}, None)
    assert [e.title for e in parsed.entries] == [title for _, title, _ in RELEASES]
    assert parsed.entries[0].published == "2026-11-30T00:00:00Z"  # from class="...date"

    parsed = parse_page(newsroom_page(ad="Buy now", clock="09:00"), HTML, PAGE_URL, {}, None)
    assert [e.link for e in parsed.entries] == [
        f"http://127.0.0.1:9/newsroom/stories/{slug}"
        for slug in ("armoured-vehicles", "new-contract", "apprentices", "results")
    ]
    assert parsed.entries[1].title == "New contract signed for wheeled armoured platforms"
    assert "ninety platforms" in parsed.entries[1].summary_text


def test_auto_detection_is_deterministic_and_needs_three_items() -> None:
    doc = parse_html(press_page(RELEASES))
    assert doc is not None
    doc.make_links_absolute(PAGE_URL)
    first = [e.get("class") for e in find_items(doc, PAGE_URL)]
    assert first == ["release"] * 3
    two = parse_page(press_page(RELEASES[:2]), HTML, PAGE_URL, {}, None)
    # Two releases are no list: the page is watched as a whole instead.
    assert len(two.entries) == 1 and two.entries[0].identity.startswith("page:")


def test_broken_html_still_gives_entries_and_skips_script_and_mail_links() -> None:
    parsed = parse_page(BROKEN, {}, "http://127.0.0.1:9/notices/", {}, None)
    assert [e.link for e in parsed.entries] == [
        "http://127.0.0.1:9/notices/n/1", "http://127.0.0.1:9/notices/n/2",
        "http://127.0.0.1:9/notices/n/3",
    ]
    assert parsed.entries[0].title == "First notice about the tender for vehicles"
    assert parsed.entries[0].summary_text == "Terms & dates"
    by_selector = parse_page(
        BROKEN, {}, "http://127.0.0.1:9/notices/", {"items": ".notice"}, None
    )
    links = [e.link for e in by_selector.entries]
    assert links[:3] == [e.link for e in parsed.entries]
    assert all(link is None or link.startswith("http://") for link in links)


def test_an_item_without_a_link_is_known_by_its_text() -> None:
    page = b"<ul><li class=x>Notice one about tenders</li><li class=x>Notice two</li></ul>"
    parsed = parse_page(page, HTML, PAGE_URL, {"items": "li.x"}, None)
    assert [e.link for e in parsed.entries] == [None, None]
    assert all(e.identity.startswith("hash:") for e in parsed.entries)
    again = parse_page(page, HTML, PAGE_URL, {"items": "li.x"}, None)
    assert [e.identity for e in again.entries] == [e.identity for e in parsed.entries]


def test_encodings_from_header_and_meta() -> None:
    text = "<ul>" + "".join(
        f'<li><a href="/{n}">Défense : la délégation {n} arrive à Rabat</a></li>' for n in range(3)
    ) + "</ul>"
    latin = f'<html><head><meta charset="iso-8859-1"></head><body>{text}</body></html>'
    parsed = parse_page(latin.encode("latin-1"), {}, PAGE_URL, {}, None)
    assert parsed.entries[0].title == "Défense : la délégation 0 arrive à Rabat"
    header = {"Content-Type": "text/html; charset=windows-1252"}
    parsed = parse_page(text.encode("cp1252"), header, PAGE_URL, {}, None)
    assert parsed.entries[2].title == "Défense : la délégation 2 arrive à Rabat"
    assert parse_page(b"  ", HTML, PAGE_URL, {}, None).error is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-30T09:00:00+01:00", "2026-11-30T08:00:00Z"),
        ("2026-11-30", "2026-11-30T00:00:00Z"),
        ("Mon, 30 Nov 2026 10:00:00 GMT", "2026-11-30T10:00:00Z"),
        ("30 November 2026", "2026-11-30T00:00:00Z"),
        ("Published on November 30, 2026", "2026-11-30T00:00:00Z"),
        ("30/11/2026", "2026-11-30T00:00:00Z"),
        ("30 novembre 2026", "2026-11-30T00:00:00Z"),
        ("Publicado el 30 de noviembre de 2026", "2026-11-30T00:00:00Z"),
        ("30. November 2026, 14:05", "2026-11-30T14:05:00Z"),
        ("٣٠ نوفمبر ٢٠٢٦", "2026-11-30T00:00:00Z"),
        ("3 comments", None),
        ("", None),
    ],
)
def test_dates_are_read_leniently(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_whole_page_records_a_baseline_then_only_meaningful_changes() -> None:
    first = parse_page(statement_page(STATEMENT, clock="10:42", ad="Ad one"), HTML, PAGE_URL,
                       {}, None)
    assert len(first.entries) == 1
    entry = first.entries[0]
    assert entry.title == "Export control notice"
    assert entry.link == PAGE_URL and entry.identity.startswith("page:")
    assert "thirty days before shipment" in entry.content_text
    memory = first.memory
    assert memory is not None and len(json.dumps(memory)) < 2000

    clock_only = parse_page(
        statement_page(STATEMENT, clock="Tuesday 1 December 2026 11:17", ad="Ad two"), HTML,
        PAGE_URL, {}, memory,
    )
    assert clock_only.entries == [] and clock_only.error is None

    added = "The Directorate has added the JF-17 airframe and its engines to the list."
    changed = parse_page(statement_page([*STATEMENT, added], clock="12:00", ad="Ad three"), HTML,
                         PAGE_URL, {}, clock_only.memory)
    assert len(changed.entries) == 1
    news = changed.entries[0]
    assert news.content_text == added
    assert news.title.startswith("Export control notice: The Directorate has added")


def test_whole_page_memory_stays_bounded() -> None:
    paragraphs = [f"Paragraph {n} says something new about item number {n}." for n in range(400)]
    many = [" ".join(f"Sentence {word} of a long page." for word in p.split()) for p in paragraphs]
    parsed = parse_page(statement_page(many, clock="1", ad="x"), HTML, PAGE_URL, {}, None)
    assert parsed.memory is not None
    assert len(json.dumps(parsed.memory)) < 300_000


# -- polling through the CLI, from a local server ----------------------------------------


def _config(path: Path, url: str, select: str = "") -> None:
    path.write_text(
        f'[monitor]\nstate = "state"\nparse_workers = 1\n\n[[source]]\nurl = "{url}"\n'
        f'kind = "page"\n{select}',
        encoding="utf-8",
    )


def _poll(tmp_path: Path) -> dict[str, int]:
    result: Result = CliRunner().invoke(
        cli, ["--config", str(tmp_path / "monitor.toml"), "poll", "--json"]
    )
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.output)


def _entries(tmp_path: Path) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(tmp_path / "state" / "monitor.db") as conn:
        return list(conn.execute("SELECT title, link, published FROM entries ORDER BY id"))


def test_poll_with_selectors_stores_only_the_new_item(server: FeedServer, tmp_path: Path) -> None:
    server.routes["/press/"] = Reply(200, press_page(RELEASES), HTML)
    _config(tmp_path / "monitor.toml", server.url("/press/"),
            'select = { items = "li.release", title = "h3", date = ".release-date" }\n')
    assert _poll(tmp_path)["new_entries"] == 3
    assert _entries(tmp_path)[0] == (
        RELEASES[0][1], server.url("/press/2026/11/30/loudiyi-receives-delegation.html"),
        "2026-11-30T00:00:00Z",
    )
    server.routes["/press/"] = Reply(200, press_page([NEW_RELEASE, *RELEASES], clock="11:05"),
                                     HTML)
    second = _poll(tmp_path)
    assert (second["new_entries"], second["updated_entries"]) == (1, 0)
    assert _entries(tmp_path)[-1][0] == NEW_RELEASE[1]
    third = _poll(tmp_path)
    assert (third["new_entries"], third["updated_entries"]) == (0, 0)
    # A page is asked for as HTML, and conditionally like a feed once it has an ETag.
    assert server.requests[0][1]["accept"].startswith("text/html")
    server.routes["/press/"] = Reply(200, press_page([NEW_RELEASE, *RELEASES]),
                                     {**HTML, "ETag": '"v2"'})
    _poll(tmp_path)
    assert _poll(tmp_path)["not_modified"] == 1
    assert server.requests[-1][1]["if-none-match"] == '"v2"'


def test_poll_auto_detects_and_ignores_clock_and_rotating_ad(
    server: FeedServer, tmp_path: Path
) -> None:
    server.routes["/newsroom/"] = Reply(200, newsroom_page(ad="Visit our stand", clock="9:00"),
                                        HTML)
    _config(tmp_path / "monitor.toml", server.url("/newsroom/"))
    assert _poll(tmp_path)["new_entries"] == 4
    server.routes["/newsroom/"] = Reply(
        200, newsroom_page(ad="Download the brochure about our armoured range", clock="9:05"),
        HTML,
    )
    second = _poll(tmp_path)
    assert (second["new_entries"], second["updated_entries"]) == (0, 0)
    links = [link for _, link, _ in _entries(tmp_path)]
    assert all(link.startswith("http://127.0.0.1:9/newsroom/stories/") for link in links)


def test_poll_of_a_page_without_a_list_stores_its_changes(
    server: FeedServer, tmp_path: Path
) -> None:
    server.routes["/notice"] = Reply(200, statement_page(STATEMENT, clock="10:00", ad="A"), HTML)
    _config(tmp_path / "monitor.toml", server.url("/notice"))
    assert _poll(tmp_path)["new_entries"] == 1
    server.routes["/notice"] = Reply(200, statement_page(STATEMENT, clock="10:05", ad="B"), HTML)
    assert _poll(tmp_path)["new_entries"] == 0
    added = "Licences issued before 2026 remain valid for vehicles already shipped abroad."
    server.routes["/notice"] = Reply(
        200, statement_page([*STATEMENT, added], clock="10:10", ad="C"), HTML
    )
    assert _poll(tmp_path)["new_entries"] == 1
    title, link, _ = _entries(tmp_path)[-1]
    assert title.startswith("Export control notice: Licences issued before")
    assert link == server.url("/notice")


def test_a_selector_that_matches_nothing_shows_in_status(
    server: FeedServer, tmp_path: Path
) -> None:
    server.routes["/press/"] = Reply(200, press_page(RELEASES), HTML)
    _config(tmp_path / "monitor.toml", server.url("/press/"), 'select = { items = "li.news" }\n')
    assert _poll(tmp_path)["new_entries"] == 0
    result = CliRunner().invoke(
        cli, ["--config", str(tmp_path / "monitor.toml"), "status", "--json"]
    )
    row = json.loads(result.output)["sources"][0]
    assert row["state"] == "ok"
    assert "select.items 'li.news' matched nothing" in row["warning"]


# -- hostile pages -------------------------------------------------------------------------


def test_links_that_are_no_url_or_local_files_are_skipped_not_a_crash() -> None:
    items = "".join(
        f'<li class="n"><a href="{href}">Notice {n} about the tender for vehicles</a></li>'
        for n, href in enumerate(["http://[bad/1", "file:///etc/passwd", "/n/2", "/n/3", "/n/4"])
    )
    page = f"<html><body><ul>{items}</ul></body></html>".encode()
    for options in ({"items": "li.n"}, {}):
        parsed = parse_page(page, HTML, PAGE_URL, options, None)
        assert parsed.error is None
        links = [e.link for e in parsed.entries]
        assert "http://127.0.0.1:9/n/2" in links and "http://127.0.0.1:9/n/3" in links
        assert not any(link and not link.startswith("http://127.0.0.1:9/") for link in links)
    # A saved page on disk may link files next to it.
    local = parse_page(page, HTML, "file:///srv/saved/list.html", {"items": "li.n"}, None)
    assert "file:///etc/passwd" in [e.link for e in local.entries]


def test_an_unchanged_page_longer_than_memory_gives_nothing_new() -> None:
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima".split()
    lines = [" ".join(words[n // 12**k % 12] for k in range(4)) for n in range(7000)]
    page = statement_page([f"{line}." for line in lines], clock="1", ad="x")
    first = parse_page(page, HTML, PAGE_URL, {}, None)
    assert len(first.entries) == 1 and first.memory is not None
    assert len(first.memory["seen"]) == pages_module.MAX_SEEN
    again = parse_page(page, HTML, PAGE_URL, {}, first.memory)
    assert again.entries == []


def test_deeply_nested_page_is_read_without_the_slow_extractor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trafilatura

    calls: list[int] = []
    real = trafilatura.extract

    def counting(markup: str, **kwargs: object) -> str | None:
        calls.append(len(markup))
        return real(markup, **kwargs)

    monkeypatch.setattr(trafilatura, "extract", counting)
    monkeypatch.setattr(pages_module, "MAX_NESTED_TEXT", 2_000_000)
    # 250 unclosed blocks, each with a link, around a long text: trafilatura took minutes
    # on such a page of a few MB (text x depth).
    opened = "".join(f'<div class="c"><a href="/a/{n}">Headline {n} is here</a>'
                     for n in range(250))
    text = "Loudiyi visited the Heavy Industries Taxila plant. " * 400
    page = f"<html><body>{opened}<p>{text}</p>{'</div>' * 250}</body></html>".encode()
    parsed = parse_page(page, HTML, PAGE_URL, {}, None)
    assert calls == []
    assert len(parsed.entries) == 1 and "Heavy Industries Taxila" in parsed.entries[0].content_text
    parse_page(statement_page(STATEMENT, clock="1", ad="x"), HTML, PAGE_URL, {}, None)
    assert len(calls) == 1  # an ordinary page still goes through trafilatura


def test_a_bulk_poll_of_page_sources_keeps_their_memory(
    server: FeedServer, tmp_path: Path
) -> None:
    """40+ sources go through the bulk poll's worker processes: whole-page memory must come
    back from them, or every poll of a statement page would be a "first" poll again."""
    lines = ['[monitor]\nstate = "state"\nparse_workers = 2\n']
    for n in range(42):
        server.routes[f"/notice/{n}"] = Reply(
            200, statement_page(STATEMENT, clock="10:00", ad="A"), HTML
        )
        lines.append(f'[[source]]\nurl = "{server.url(f"/notice/{n}")}"\nkind = "page"\n')
    (tmp_path / "monitor.toml").write_text("\n".join(lines), encoding="utf-8")
    assert _poll(tmp_path)["new_entries"] == 42
    for n in range(42):
        server.routes[f"/notice/{n}"] = Reply(
            200, statement_page(STATEMENT, clock="10:05", ad="B"), HTML
        )
    added = "Licences issued before 2026 remain valid for vehicles already shipped abroad."
    server.routes["/notice/7"] = Reply(
        200, statement_page([*STATEMENT, added], clock="10:10", ad="C"), HTML
    )
    second = _poll(tmp_path)
    assert (second["new_entries"], second["updated_entries"], second["failed"]) == (1, 0, 0)
