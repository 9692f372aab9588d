"""`monitor serve`, the review page, through Starlette's TestClient: every page, the alert
filters, single and bulk marks, CSRF and token refusals, hostile feed text kept escaped,
query errors shown by the query box, and the Atom feeds."""

from __future__ import annotations

import asyncio
import re
import socket
import sqlite3
import warnings
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import feedparser
import pytest
from click.testing import CliRunner
from conftest import write_config

from monitor.alerts import Rules, match_pending
from monitor.cli import cli
from monitor.config import Config, load_config
from monitor.errors import ConfigError, MonitorError
from monitor.models import Entry, Outcome, SourceState
from monitor.schedule import Schedule, utcnow
from monitor.snippets import Snippet
from monitor.storage.sqlite import SqliteStorage
from monitor.web.app import create_app, marks, web_link
from monitor.web.guard import is_loopback

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2 for its TestClient
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

BASE = "http://127.0.0.1:8765"
ORIGIN = {"origin": BASE}
TOKEN = "s3cret-token-0123456789"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
RULES = """\
[[rule]]
id = "jf17"
name = "JF-17 sales"
query = '"JF-17" OR Loudiyi'
severity = "high"

[[rule]]
id = "harbour"
query = "harbour NEAR/3 strike"
"""
A, B, C = (f"http://127.0.0.1:9/{name}.xml" for name in "abc")


def _entry(key: str, title: str, text: str, link: str | None) -> Entry:
    return Entry(key, None, link, title, None, None, None, "", text, "", "", None, f"hash-{key}")


@dataclass
class Site:
    """A state dir with three sources, three alerts and a client for the app on it."""

    config: Config
    client: TestClient
    ids: dict[str, int]

    def page(self, path: str, status: int = 200) -> str:
        response = self.client.get(path)
        assert response.status_code == status, (path, response.text[:500])
        return response.text

    def csrf(self, path: str = "/") -> str:
        match = re.search(r'name="csrf" value="([0-9a-f]{64})"', self.page(path))
        assert match, "the page has no CSRF field"
        return match[1]

    def mark(self, data: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        return self.client.post("/alerts/mark", data=data, follow_redirects=False,
                                headers=ORIGIN if headers is None else headers)

    def statuses(self) -> dict[int, str]:
        with sqlite3.connect(self.config.state_dir / "monitor.db") as conn:
            return dict(conn.execute("SELECT id, status FROM alerts").fetchall())

    def starred(self) -> set[int]:
        with sqlite3.connect(self.config.state_dir / "monitor.db") as conn:
            return {row[0] for row in conn.execute("SELECT id FROM alerts WHERE starred = 1")}


def make_site(tmp_path: Path, **serve: str) -> Site:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "watch.toml").write_text(RULES, encoding="utf-8")
    path = write_config(tmp_path / "monitor.toml", [A, B, C])
    if serve:
        path.write_text(path.read_text() + "\n[serve]\n" + "".join(
            f'{k} = "{v}"\n' for k, v in serve.items()))
    config = load_config(path)
    now = utcnow()
    old = now - timedelta(days=10)
    store = SqliteStorage(config.state_dir)
    try:
        store.sync_sources(config.sources, old)
        a, b, c = store.sources()
        ok = Schedule(SourceState.OK, 0, now + timedelta(hours=1))
        rulebook = Rules(config.rules_dir)
        rulebook.refresh()
        store.record_poll(a, now=old, outcome=Outcome.OK, schedule=ok, status=200, entries=[
            _entry("1", "Harbour strike closes the port", "the harbour workers strike today",
                   "https://example.org/harbour"),
        ], feed_title="Alpha wire")
        match_pending(store, rulebook, old)
        store.record_poll(a, now=now, outcome=Outcome.OK, schedule=ok, status=200, entries=[
            _entry("2", f"{SCRIPT} JF-17 deal", "Pakistan offers the JF-17 to Morocco.",
                   "https://example.org/jf17?utm_source=rss"),
            _entry("3", f"{IMG} Loudiyi visits", f"Loudiyi met officials. {SCRIPT}",
                   "javascript:alert(1)"),
            _entry("4", "Weather", "Sunny with clouds.", "https://example.org/weather"),
        ])
        store.record_poll(b, now=now, outcome=Outcome.OK, schedule=ok, status=200, entries=[
            _entry("5", "JF-17 deal for Morocco", "The JF-17 offer.", "https://example.org/jf17"),
        ], feed_title="Bravo news")
        store.record_poll(c, now=now, outcome=Outcome.ERROR,
                          schedule=Schedule(SourceState.ERROR, 1, now + timedelta(hours=1)),
                          status=500, error=f"HTTP 500 {SCRIPT}")
        match_pending(store, rulebook, now)
        ids = {}
        for alert_id, title in store.db.execute("SELECT id, title FROM alerts"):
            key = "harbour" if "Harbour" in title else "jf17" if "JF-17" in title else "loudiyi"
            ids[key] = alert_id
    finally:
        store.close()
    assert len(ids) == 3
    client = TestClient(create_app(config), base_url=BASE)
    return Site(config, client, ids)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path)


def alert_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-alert="(\d+)"', html)]


# -- pages --------------------------------------------------------------------------------


def test_alert_list_shows_each_alert_with_snippet_rule_and_source_count(site: Site) -> None:
    html = site.page("/")
    assert alert_ids(html) == [site.ids["loudiyi"], site.ids["jf17"], site.ids["harbour"]]
    assert "<mark>JF-17</mark>" in html
    assert "2 sources" in html  # the JF-17 story was carried by two feeds
    assert 'href="https://example.org/harbour"' in html
    response = site.client.get("/")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


def test_alert_page_lists_every_source_with_links_and_terms(site: Site) -> None:
    html = site.page(f"/alerts/{site.ids['jf17']}")
    assert "Alpha wire" in html and "Bravo news" in html
    assert 'href="https://example.org/jf17"' in html
    assert 'href="https://example.org/jf17?utm_source=rss"' in html
    assert "<code>JF-17</code>" in html
    site.page("/alerts/999", status=404)
    site.page("/alerts/x", status=404)


def test_search_finds_entries(site: Site) -> None:
    html = site.page("/search?q=Morocco")
    assert "JF-17 deal for Morocco" in html and "Bravo news" in html
    assert "Weather" not in html.split("<main>")[1]
    assert "No entries match" in site.page("/search?q=zeppelin")
    site.page('/search?q="unbalanced')  # FTS syntax errors fall back to plain words


def test_rules_page_counts_hits_over_7_and_30_days(site: Site) -> None:
    html = site.page("/rules")
    rows = dict(re.findall(r'data-rule="([a-z0-9]+)">(.*?)</tr>', html, re.S))
    counts = {rule: re.findall(r'class="num hits-\d+d">(\d+)<', row) for rule, row in rows.items()}
    assert counts == {"jf17": ["3", "3"], "harbour": ["0", "1"]}


def test_try_a_query_lists_matches_and_saves_nothing(site: Site) -> None:
    before = _dump(site)
    html = site.page("/rules?q=Morocco+AND+JF-17&days=30")
    assert re.search(r"2 of 5 entries from the last 30 days match", html)
    assert "<mark>JF-17</mark>" in html
    html = site.page("/rules?q=harbour&days=3")
    assert "0 of 4 entries from the last 3 days match" in html
    assert _dump(site) == before


def test_query_errors_are_shown_next_to_the_box_with_their_column(site: Site) -> None:
    html = site.page("/rules?q=JF-17+AND")
    error = re.search(r'<div class="problem query-error".*?</div>', html, re.S)
    assert error, "no error shown"
    assert "column 10" in error[0] and "ends too early" in error[0]
    assert "JF-17 AND\n         ^" in error[0]
    assert 'value="JF-17 AND"' in html  # the query stays in the box to be fixed


def test_sources_page_shows_health(site: Site) -> None:
    html = site.page("/sources")
    rows = re.findall(r'<tr data-source="\d+" class="state-(\w+)">(.*?)</tr>', html, re.S)
    assert [state for state, _ in rows] == ["ok", "ok", "error"]
    assert "HTTP 500 &lt;script&gt;" in rows[2][1] and "500" in rows[2][1]
    assert 'class="num entries">4<' in rows[0][1]  # four entries from the first source


def test_atom_feeds(site: Site) -> None:
    response = site.client.get("/atom/all.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo and len(feed.entries) == 3
    one = feedparser.parse(site.client.get("/atom/harbour.xml").content)
    assert [e.title for e in one.entries] == ["Harbour strike closes the port"]
    site.page("/atom/nothing.xml", status=404)
    site.page("/atom/..%2Fmonitor.xml", status=404)


def test_unknown_pages_get_a_page_not_a_traceback(site: Site) -> None:
    html = site.page("/nowhere", status=404)
    assert "Back to the alerts" in html


def test_read_only_pages_do_not_write(site: Site) -> None:
    before = _dump(site)
    for path in ("/", "/?status=new&rule=jf17", f"/alerts/{site.ids['jf17']}", "/rules",
                 "/rules?q=JF-17", "/sources", "/atom/all.xml"):
        site.page(path)
    assert _dump(site) == before


def _dump(site: Site) -> list[str]:
    with sqlite3.connect(site.config.state_dir / "monitor.db") as conn:
        return list(conn.iterdump())


# -- filters ------------------------------------------------------------------------------


def test_filters(site: Site) -> None:
    ids = site.ids
    assert alert_ids(site.page("/?rule=harbour")) == [ids["harbour"]]
    assert alert_ids(site.page("/?severity=high")) == [ids["loudiyi"], ids["jf17"]]
    assert alert_ids(site.page("/?source=" + B.replace(":", "%3A"))) == [ids["jf17"]]
    today = utcnow().date()
    assert alert_ids(site.page(f"/?date_from={today - timedelta(days=1)}")) == [
        ids["loudiyi"], ids["jf17"]]
    assert alert_ids(site.page(f"/?date_to={today - timedelta(days=5)}")) == [ids["harbour"]]
    assert alert_ids(site.page("/?status=read")) == []
    html = site.page("/?date_from=31/01/2026&severity=urgent")
    assert "is not a date: write it like 2026-01-31" in html
    assert "severity &#39;urgent&#39;: use one of low, normal, high" in html
    assert len(alert_ids(html)) == 3  # the bad filters are dropped, not applied
    assert "No alerts match these filters" in site.page("/?rule=jf17&severity=low")


def test_paging(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from monitor.web import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    first = site.page("/?severity=")
    assert len(alert_ids(first)) == 2 and "offset=2" in first
    assert alert_ids(site.page("/?offset=2")) == [site.ids["harbour"]]


# -- marks --------------------------------------------------------------------------------


def test_mark_one_alert_from_its_button(site: Site) -> None:
    token = site.csrf()
    jf17 = site.ids["jf17"]
    response = site.mark({"csrf": token, "action": f"read:{jf17}", "next": "/?rule=jf17",
                          "id": str(site.ids["harbour"])})  # a ticked box is not the target
    assert response.status_code == 303
    assert response.headers["location"] == "/?rule=jf17&done=read&n=1"
    assert site.statuses()[jf17] == "read"
    assert site.statuses()[site.ids["harbour"]] == "new"
    html = site.page(response.headers["location"])
    assert "1 alert(s) marked read" in html
    assert f'value="new:{jf17}"' in html  # a read alert offers "mark new"


def test_bulk_mark(site: Site) -> None:
    token = site.csrf()
    ids = [site.ids["jf17"], site.ids["loudiyi"]]
    response = site.mark({"csrf": token, "action": "starred", "id": [str(i) for i in ids],
                          "next": "/"})
    assert response.status_code == 303
    assert {site.statuses()[i] for i in ids} == {"new"}  # starring leaves the status
    assert site.starred() == set(ids)
    assert alert_ids(site.page("/?status=starred")) == sorted(ids, reverse=True)
    site.mark({"csrf": token, "action": f"unstarred:{ids[0]}", "next": "/"})
    assert site.starred() == {ids[1]}
    site.mark({"csrf": token, "action": f"dismissed:{ids[1]}", "next": "/"})
    assert ids[1] not in alert_ids(site.page("/"))  # dismissed leave the default view
    assert ids[1] in alert_ids(site.page("/?status=dismissed"))
    response = site.mark({"csrf": token, "action": "dismissed", "next": "/"})
    assert "done=none" in response.headers["location"]
    assert "Tick at least one alert" in site.page(response.headers["location"])
    assert site.mark({"csrf": token, "action": "read", "id": "999"}).status_code == 404
    assert site.mark({"csrf": token, "action": "burn", "id": "1"}).status_code == 400


def test_mark_redirects_only_within_the_site(site: Site) -> None:
    token = site.csrf()
    for target in ("https://example.org/", "//example.org/x", "/\\example.org"):
        response = site.mark({"csrf": token, "action": f"read:{site.ids['jf17']}",
                              "next": target})
        assert response.headers["location"].startswith("/?done=read")


def test_csrf_refusals_change_nothing(site: Site) -> None:
    token = site.csrf()
    target = {"action": f"dismissed:{site.ids['jf17']}", "next": "/"}
    before = site.statuses()
    cases = [
        ({**target}, ORIGIN),  # no token
        ({**target, "csrf": "0" * 64}, ORIGIN),  # wrong token
        ({**target, "csrf": token}, {"origin": "http://evil.example"}),  # wrong origin
        ({**target, "csrf": token}, {"referer": "http://evil.example/page"}),
        ({**target, "csrf": token}, {}),  # neither Origin nor Referer
    ]
    for data, headers in cases:
        assert site.mark(data, headers).status_code == 403, (data, headers)
    assert site.statuses() == before
    other = TestClient(site.client.app, base_url=BASE)  # another browser: another cookie
    assert other.post("/alerts/mark", data={**target, "csrf": token}, headers=ORIGIN,
                      follow_redirects=False).status_code == 403
    assert site.client.get("/alerts/mark").status_code == 405
    assert site.mark({**target, "csrf": token}, {"referer": f"{BASE}/"}).status_code == 303
    assert site.statuses()[site.ids["jf17"]] == "dismissed"


# -- who may connect ----------------------------------------------------------------------


def test_without_a_token_only_loopback_host_names_are_served(site: Site) -> None:
    assert site.client.get("/", headers={"host": "localhost:8765"}).status_code == 200
    response = site.client.get("/", headers={"host": "rebound.example:8765"})
    assert response.status_code == 400 and "127.0.0.1" in response.text


def test_a_token_is_required_for_every_request(tmp_path: Path) -> None:
    site = make_site(tmp_path, host="0.0.0.0", token=TOKEN)
    for path in ("/", "/rules", "/static/style.css", "/atom/all.xml"):
        response = site.client.get(path)
        assert response.status_code == 401, path
        assert "/?token=" in response.text
    assert site.client.get("/?token=wrong-token-0123456789").status_code == 401
    bearer = TestClient(site.client.app, base_url="http://192.0.2.1:8765")
    assert bearer.get("/sources", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert bearer.get("/sources", headers={"authorization": "Bearer nope"}).status_code == 401
    assert bearer.get(f"/atom/all.xml?token={TOKEN}").status_code == 200  # for feed readers
    response = site.client.get(f"/?rule=jf17&token={TOKEN}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/?rule=jf17"
    assert TOKEN not in response.headers["set-cookie"]  # the cookie is derived, not the token
    assert len(alert_ids(site.page("/?rule=jf17"))) == 2
    token = site.csrf()
    assert site.mark({"csrf": token, "action": f"read:{site.ids['jf17']}"}).status_code == 303


def test_serve_refuses_other_addresses_without_a_token(tmp_path: Path) -> None:
    config = write_config(tmp_path / "monitor.toml", [])
    result = CliRunner().invoke(cli, ["--config", str(config), "serve", "--host", "0.0.0.0"])
    assert result.exit_code != 0
    assert isinstance(result.exception, ConfigError)
    message = str(result.exception)
    assert "\n" not in message and "[serve] token" in message
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


# -- hostile feed text --------------------------------------------------------------------


def test_hostile_titles_and_links_never_reach_a_page_unescaped(site: Site) -> None:
    pages = ["/", f"/alerts/{site.ids['jf17']}", f"/alerts/{site.ids['loudiyi']}",
             "/search?q=Loudiyi", "/search?q=JF", "/rules?q=Loudiyi", "/sources",
             "/?status=new&rule=jf17"]
    for path in pages:
        html = site.page(path)
        assert SCRIPT not in html and "<img" not in html, path
        assert "javascript:" not in html, path
    html = site.page(f"/alerts/{site.ids['loudiyi']}")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;" in site.page("/")


def test_snippet_marks_are_made_after_escaping() -> None:
    text = "<b>JF-17</b> & **x"
    assert str(marks(Snippet(text, ((3, 8),)))) == (
        "&lt;b&gt;<mark>JF-17</mark>&lt;/b&gt; &amp; **x")
    assert str(marks(Snippet("<script>", ((0, 8),)))) == "<mark>&lt;script&gt;</mark>"
    assert str(marks(Snippet.stored("**old** row", None))) == "<mark>old</mark> row"
    assert web_link("https://example.org/a") == "https://example.org/a"
    assert web_link("JavaScript:alert(1)") is None and web_link("data:text/html,x") is None


def test_serve_says_so_when_the_port_is_taken(tmp_path: Path) -> None:
    config = write_config(tmp_path / "monitor.toml", [])
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["--config", str(config), "serve", "--port", str(port)])
    assert isinstance(result.exception, MonitorError)
    assert f"cannot listen on http://127.0.0.1:{port}" in str(result.exception)
    assert "--port" in str(result.exception) and "serving on" not in result.output


# -- hostile input gets a page, not a 500 ---------------------------------------------------


def test_out_of_range_numbers_and_dates_get_a_page_not_a_crash(site: Site) -> None:
    client = TestClient(site.client.app, base_url=BASE, raise_server_exceptions=False)
    huge = "9" * 25
    assert len(alert_ids(client.get(f"/?offset={huge}").text)) == 0
    assert client.get(f"/?offset={huge}").status_code == 200
    response = client.get("/?date_to=9999-12-31")  # the day after it is past date.max
    assert response.status_code == 200 and len(alert_ids(response.text)) == 3
    assert client.get(f"/alerts/{huge}").status_code == 404
    token = re.findall(r'name="csrf" value="(\w+)"', client.get("/").text)[0]
    for data in ({"action": f"read:{huge}"}, {"action": "read", "id": ["1", huge]}):
        response = client.post("/alerts/mark", data={**data, "csrf": token}, headers=ORIGIN,
                               follow_redirects=False)
        assert response.status_code == 404, data
    assert set(site.statuses().values()) == {"new"}


def test_hostile_queries_and_links_get_a_page_not_a_crash(site: Site) -> None:
    client = TestClient(site.client.app, base_url=BASE, raise_server_exceptions=False)
    assert client.get("/search?q=%00").status_code == 200
    response = client.get("/rules?q=" + "(" * 2000 + "a" + ")" * 2000)
    assert response.status_code == 200 and "nest" in response.text
    assert 'class="problem query-error"' in response.text
    assert web_link("http://[x/") is None  # urlsplit raises on this; a feed can carry it


def test_token_redirect_stays_on_this_site(tmp_path: Path) -> None:
    site = make_site(tmp_path, host="0.0.0.0", token=TOKEN)
    app = site.client.app
    for path in ("//evil.example/", "/\t/evil.example"):
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                 "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
                 "query_string": f"token={TOKEN}".encode(), "root_path": "",
                 "headers": [(b"host", b"127.0.0.1:8765")], "client": ("127.0.0.1", 1),
                 "server": ("127.0.0.1", 8765)}
        sent = asyncio.run(_call(app, scope))
        location = dict(sent[0]["headers"])[b"location"].decode()
        assert location.startswith("/") and not location.startswith("//"), (path, location)


async def _call(app: Any, scope: dict[str, Any]) -> list[dict[str, Any]]:
    """One raw ASGI request (TestClient would read a path like //host as another host)."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def test_stars_in_a_snippet_are_text_and_marks_come_from_its_spans(site: Site) -> None:
    """A stored snippet's own `**` is shown as is; the <mark> is where the spans say; a row
    from before marks were data (marks NULL) still shows its in-band marks."""
    jf17, loudiyi = site.ids["jf17"], site.ids["loudiyi"]
    store = SqliteStorage(site.config.state_dir)
    try:
        with store.db.conn:
            store.db.execute("UPDATE alerts SET snippet = ?, marks = ? WHERE id = ?",
                             ["**x** JF-17 **y**", "[[6, 11]]", jf17])
            store.db.execute("UPDATE alerts SET snippet = ?, marks = NULL WHERE id = ?",
                             ["old **Loudiyi** row", loudiyi])
    finally:
        store.close()
    page = site.page(f"/alerts/{jf17}")
    assert "**x** <mark>JF-17</mark> **y**" in page
    assert "old <mark>Loudiyi</mark> row" in site.page("/")


def test_a_story_two_rules_hit_is_one_row_with_both_rules(site: Site) -> None:
    store = SqliteStorage(site.config.state_dir)
    try:
        [a, *_] = store.sources()
        now = utcnow()
        store.record_poll(
            a, now=now, outcome=Outcome.OK, status=200,
            schedule=Schedule(SourceState.OK, 0, now + timedelta(hours=1)), entries=[
                _entry("9", "Loudiyi and the harbour strike", "the harbour workers strike; "
                       "Loudiyi", "https://example.org/both"),
            ])
        rules = Rules(site.config.rules_dir)
        rules.refresh()
        match_pending(store, rules, now)
        [both] = [i for i, t in store.db.execute("SELECT id, title FROM alerts")
                  if t.startswith("Loudiyi and")]
    finally:
        store.close()
    page = site.page("/")
    assert alert_ids(page).count(both) == 1
    row = page[page.index(f'data-alert="{both}"'):]
    row = row[:row.index("</li>")]
    assert 'href="/?rule=jf17"' in row and 'href="/?rule=harbour"' in row
    assert both in alert_ids(site.page("/?rule=harbour"))
    assert both in alert_ids(site.page("/?rule=jf17"))
    detail = site.page(f"/alerts/{both}")
    assert "rules" in detail and ">jf17<" in detail and ">harbour<" in detail
