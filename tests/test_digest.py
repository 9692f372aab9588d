"""Digests: alerts of a window grouped by rule (high severity first, newest first), every
source that carried a story, the sources in error, each format, hostile feed text made
inert, files under state/digests/, saving twice, and `monitor digest`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from click.testing import CliRunner, Result
from conftest import rss, write_config
from markdown_it import MarkdownIt

from monitor.alerts import Rules, match_pending
from monitor.cli import cli
from monitor.config import SourceSpec
from monitor.digest import (
    Digest,
    build_digest,
    last_digest_end,
    render_digest,
    save_digest,
)
from monitor.models import Outcome, Source, SourceState
from monitor.rulebook.files import load_rulebook
from monitor.schedule import Schedule, iso, utcnow
from monitor.sources.feeds import parse_feed
from monitor.storage.sqlite import SqliteStorage

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
RULES = """\
[[rule]]
id = "jf17"
name = "JF-17 sales"
query = '"JF-17" OR Loudiyi'
severity = "high"

[[rule]]
id = "harbour"
query = "harbour NEAR/3 strike"
deliver = "weekly"

[[rule]]
id = "cherat"
query = "Cherat"
severity = "low"
"""
# Never fetched: these sources are fed by hand, so no request ever leaves the test.
URLS = {name: f"http://127.0.0.1:9/{name}.xml" for name in ("a", "b", "c")}


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MONITOR_CONFIG", "MONITOR_STATE", "MONITOR_RULES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


class World:
    """A store with three sources fed by hand at chosen times, and a rules folder."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.rules_dir = tmp_path / "rules"
        self.rules_dir.mkdir()
        (self.rules_dir / "watch.toml").write_text(RULES, encoding="utf-8")
        self.rules = Rules(self.rules_dir)
        assert self.rules.refresh()
        self.state = tmp_path / "state"
        self.config = write_config(tmp_path / "monitor.toml", [], parse_workers=1)
        self.store = SqliteStorage(self.state)
        specs = [SourceSpec(URLS["a"], title="Dawn"), SourceSpec(URLS["b"]), SourceSpec(URLS["c"])]
        self.store.sync_sources(specs, T0 - timedelta(days=30))

    def source(self, name: str) -> Source:
        return next(s for s in self.store.sources() if s.url == URLS[name])

    def poll(self, name: str, items: list[dict[str, str]], now: datetime) -> None:
        """One successful poll of a source serving `items`, then matching, at `now`."""
        parsed = parse_feed(rss(items, title=f"Feed {name.upper()}"),
                            {"content-type": "application/rss+xml"}, URLS[name])
        self.store.record_poll(
            self.source(name), now=now, outcome=Outcome.OK, status=200,
            schedule=Schedule(SourceState.OK, 0, now + HOUR), entries=parsed.entries,
            feed_title=parsed.title,
        )
        match_pending(self.store, self.rules, now)

    def fail(self, name: str, now: datetime, error: str) -> None:
        self.store.record_poll(
            self.source(name), now=now, outcome=Outcome.ERROR, status=503, error=error,
            schedule=Schedule(SourceState.ERROR, 1, now + HOUR),
        )

    def invoke(self, *args: str) -> Result:
        return CliRunner().invoke(
            cli, ["--config", str(self.config), "--state", str(self.state), *args]
        )


def item(guid: str, title: str, body: str = "", link: str | None = None) -> dict[str, str]:
    return {
        "guid": f"urn:test:{guid}", "title": title,
        "link": link or f"https://news.example/{guid}",
        "description": f"<p>{body or title}</p>",
    }


@pytest.fixture
def world(tmp_path: Path) -> Any:
    w = World(tmp_path)
    yield w
    w.store.close()


def story(world: World) -> None:
    """JF-17 seen in a (Dawn) at T0 and again in b an hour later (tracking parameter added),
    a harbour strike and a Cherat item at T0, and a Loudiyi item in b at T0+1h."""
    world.poll("a", [
        item("1", "Pakistan offers JF-17 Thunder to Morocco", link="https://news.example/jf"),
        item("2", "Harbour workers strike at Karachi"),
        item("3", "Cherat plant reopens"),
    ], T0)
    world.poll("b", [
        item("10", "Pakistan offers JF-17 Thunder to Morocco",
             link="https://news.example/jf?utm_source=rss"),
        item("11", "Loudiyi meets Pakistani officials"),
    ], T0 + HOUR)


# -- building ------------------------------------------------------------------------------


def test_groups_by_rule_high_severity_first_newest_first_with_every_source(world: World) -> None:
    story(world)
    book = load_rulebook(world.rules_dir)
    digest = build_digest(world.store, start=T0 - HOUR, end=T0 + 2 * HOUR, rulebook=book)

    assert [(g.rule_id, g.name, g.severity) for g in digest.groups] == [
        ("jf17", "JF-17 sales", "high"), ("harbour", "harbour", "normal"),
        ("cherat", "cherat", "low"),
    ]
    jf17 = digest.groups[0].alerts
    assert [a.title for a in jf17] == [
        "Loudiyi meets Pakistani officials", "Pakistan offers JF-17 Thunder to Morocco",
    ]
    folded = jf17[1]
    assert folded.link == "https://news.example/jf"
    assert [(s.url, s.title, s.link) for s in folded.sources] == [
        (URLS["a"], "Dawn", "https://news.example/jf"),
        (URLS["b"], "Feed B", "https://news.example/jf?utm_source=rss"),
    ]
    assert folded.first_seen == iso(T0) and folded.status == "new"
    assert ("JF-17", True) in folded.snippet.parts()
    assert digest.total == 4 and sorted(digest.alert_ids) == [1, 2, 3, 4]
    assert digest.failing_sources == []


def test_window_is_first_seen_from_start_up_to_but_not_including_end(world: World) -> None:
    story(world)
    world.poll("c", [item("20", "JF-17 order confirmed")], T0 + timedelta(days=1))

    def titles(start: datetime, end: datetime) -> list[str]:
        d = build_digest(world.store, start=start, end=end)
        return [a.title for g in d.groups for a in g.alerts]

    assert titles(T0 + 2 * HOUR, T0 + timedelta(days=2)) == ["JF-17 order confirmed"]
    assert titles(T0 + HOUR, T0 + timedelta(days=1)) == ["Loudiyi meets Pakistani officials"]
    assert len(titles(T0, T0 + HOUR)) == 3  # start included, end excluded


def test_rule_filter_and_delivery_kind(world: World, tmp_path: Path) -> None:
    story(world)
    # An alert of a rule that is gone from the rulebook since.
    old_dir = tmp_path / "old-rules"
    old_dir.mkdir()
    (old_dir / "old.toml").write_text(
        '[[rule]]\nid = "tata"\nquery = "Tata"\nseverity = "high"\n', encoding="utf-8"
    )
    old = Rules(old_dir)
    old.refresh()
    world.poll("c", [item("30", "Tata builds WhAP in Morocco")], T0)
    world.store.db.execute("UPDATE entries SET match_pending = 1 WHERE guid = 'urn:test:30'")
    match_pending(world.store, old, T0)
    book = load_rulebook(world.rules_dir)
    window = {"start": T0 - HOUR, "end": T0 + 2 * HOUR}

    weekly = build_digest(world.store, **window, rulebook=book, delivers={"weekly"})
    assert [(g.rule_id, g.severity) for g in weekly.groups] == [("tata", "high"), ("harbour",
                                                                                    "normal")]
    daily = build_digest(world.store, **window, rulebook=book, delivers={"daily"}, kind="daily")
    assert [g.rule_id for g in daily.groups] == ["jf17", "tata", "cherat"]
    only = build_digest(world.store, **window, rule_ids={"harbour", "cherat"})
    assert [g.rule_id for g in only.groups] == ["harbour", "cherat"]


def test_dismissed_alerts_are_left_out(world: World) -> None:
    story(world)
    world.store.db.execute("UPDATE alerts SET status = 'dismissed' WHERE rule_id = 'harbour'")
    world.store.db.execute("UPDATE alerts SET status = 'starred' WHERE rule_id = 'cherat'")
    digest = build_digest(world.store, start=T0, end=T0 + 2 * HOUR)
    assert [g.rule_id for g in digest.groups] == ["jf17", "cherat"]
    assert digest.groups[1].alerts[0].status == "starred"


def test_failing_sources_name_the_last_error_and_since_when(world: World) -> None:
    world.poll("a", [item("1", "Nothing here")], T0 - timedelta(days=2))
    world.fail("a", T0 - timedelta(days=1), "HTTP 500: old trouble")  # before the window
    world.poll("a", [item("1", "Nothing here")], T0 - HOUR)  # and fine since
    world.poll("b", [item("5", "Quiet day")], T0 - timedelta(days=3))
    world.fail("b", T0 - timedelta(days=2), "connection refused")
    world.fail("b", T0 + HOUR, "HTTP 503: Service Unavailable")
    world.fail("b", T0 + 2 * HOUR, "HTTP 503: Service Unavailable, again")
    world.fail("c", T0 - timedelta(days=5), "not a feed: got an HTML page")  # still in error

    digest = build_digest(world.store, start=T0, end=T0 + timedelta(days=1))
    failing = {f.url: f for f in digest.failing_sources}
    assert set(failing) == {URLS["b"], URLS["c"]}
    assert failing[URLS["b"]].error == "HTTP 503: Service Unavailable, again"
    assert failing[URLS["b"]].since == iso(T0 - timedelta(days=2))
    assert failing[URLS["b"]].failures == 2
    assert failing[URLS["b"]].title == "Feed B"
    assert failing[URLS["c"]].since == iso(T0 - timedelta(days=5))
    assert failing[URLS["c"]].failures == 0
    assert [f.url for f in digest.failing_sources] == [URLS["c"], URLS["b"]]  # longest first
    text = render_digest(digest, "text")
    assert "Sources in error (2)" in text and "connection refused" not in text
    assert "HTTP 503: Service Unavailable, again" in text and "No alerts in window." in text


# -- rendering -----------------------------------------------------------------------------


def _digest(world: World) -> Digest:
    story(world)
    world.fail("c", T0 + HOUR, "HTTP 503: Service Unavailable")
    return build_digest(world.store, start=T0 - HOUR, end=T0 + 2 * HOUR,
                        rulebook=load_rulebook(world.rules_dir))


def test_text_reads_as_plain_text(world: World) -> None:
    text = render_digest(_digest(world), "text")
    assert "\x1b[" not in text and "**" not in text
    lines = text.splitlines()
    assert lines[0] == "Digest (manual): 2024-05-01 07:00 UTC → 2024-05-01 10:00 UTC"
    assert lines[1] == "4 alerts in 3 rules: JF-17 sales 2, harbour 1, cherat 1"
    assert any("HTTP 503: Service Unavailable" in line for line in lines)
    order = [text.index(t) for t in ("== JF-17 sales (high)", "Loudiyi meets", "Pakistan offers",
                                     "== harbour (normal)", "== cherat (low)")]
    assert order == sorted(order)
    assert "also in: Feed B <https://news.example/jf?utm_source=rss>" in text
    assert "Pakistan offers JF-17 Thunder to Morocco" in text
    assert "  https://news.example/jf\n" in text
    # Alerts first, the failing sources after; no line is broken by the renderer, so a
    # link is never cut in two.
    assert text.index("== cherat (low)") < text.index("HTTP 503: Service Unavailable")
    long_link = "https://news.example/" + "a" * 150
    assert long_link in render_digest(replace(_digest(world), groups=[
        replace(g, alerts=[replace(a, link=long_link) for a in g.alerts])
        for g in _digest(world).groups
    ]), "text")


def test_markdown_marks_terms_and_links_every_source(world: World) -> None:
    md = render_digest(_digest(world), "markdown")
    assert md.startswith("# Digest (manual): 2024-05-01 07:00 UTC → 2024-05-01 10:00 UTC\n")
    assert "## JF\\-17 sales · high · 2 alerts" not in md  # no needless escapes mid-line
    assert "## JF-17 sales · high · 2 alerts" in md
    assert "### [Pakistan offers JF-17 Thunder to Morocco](https://news.example/jf)" in md
    assert ("also in: [Feed B](https://news.example/jf?utm_source=rss)") in md
    assert "**JF-17**" in md
    rendered = MarkdownIt().render(md)
    assert "<strong>JF-17</strong>" in rendered


def test_html_is_a_whole_email_safe_document(world: World) -> None:
    page = render_digest(_digest(world), "html")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    tree = lxml.html.document_fromstring(page)
    assert not tree.xpath("//script | //style | //link | //img | //iframe")
    assert [m.text for m in tree.xpath("//mark[@style]")][:2] == ["Loudiyi", "JF-17"]
    hrefs = tree.xpath("//a/@href")
    assert "https://news.example/jf" in hrefs
    assert "https://news.example/jf?utm_source=rss" in hrefs  # also in: Feed B, its own link
    assert all(el.get("class") is None for el in tree.iter())  # inline styles only
    assert "Sources in error (1)" in tree.text_content()


def test_json_is_one_object(world: World) -> None:
    data = json.loads(render_digest(_digest(world), "json"))
    assert data["window"] == {"start": "2024-05-01T07:00:00Z", "end": "2024-05-01T10:00:00Z"}
    assert data["kind"] == "manual"
    assert data["counts"] == {"jf17": 2, "harbour": 1, "cherat": 1}
    assert [r["id"] for r in data["rules"]] == ["jf17", "harbour", "cherat"]
    first = data["rules"][0]["alerts"][1]
    assert [s["title"] for s in first["sources"]] == ["Dawn", "Feed B"]
    assert [first["snippet"][a:b] for a, b in first["marks"]] == ["JF-17"]
    assert data["failing_sources"][0]["url"] == URLS["c"]


HOSTILE = [
    {
        "guid": "urn:test:h1",
        # Escaped twice, so the stored plain-text title really contains the markup.
        "title": "&lt;script&gt;alert(1)&lt;/script&gt; JF-17 "
                 "&lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(2))",
        "link": "javascript:alert(3)",
        "description": "<p>JF-17 &lt;img src=x onerror=alert(4)&gt; "
                       "<script>alert(5)</script> &lt;a href='javascript:alert(6)'&gt;x</p>",
    },
    {
        "guid": "urn:test:h2",
        "title": "Loudiyi <b onmouseover=alert(7)>bold</b>",
        "link": "https://news.example/h2\" onclick=\"alert(8)",
        "description": "<p>Loudiyi</p>",
    },
]


def _inert_html(page: str) -> None:
    tree = lxml.html.document_fromstring(page)
    assert not tree.xpath("//script | //img | //iframe | //object | //embed")
    for el in tree.iter():
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            if name == "href":
                assert value.startswith(("http://", "https://")), value
    assert "<script" not in page.lower() and "<img" not in page.lower()


def test_hostile_entries_never_survive_html_or_markdown(world: World) -> None:
    world.poll("a", HOSTILE, T0)
    world.store.db.execute(  # the source's own name is feed text too
        "UPDATE sources SET feed_title = '<script>alert(9)</script>' WHERE url = ?", [URLS["b"]]
    )
    world.poll("b", [item("h3", "JF-17 again", link="https://news.example/h3")], T0)
    world.fail("b", T0, "<img src=x onerror=alert(10)>")
    digest = build_digest(world.store, start=T0, end=T0 + HOUR)
    titles = [a.title for g in digest.groups for a in g.alerts]
    assert any("<script>" in t for t in titles)  # the hostile text really reached the digest

    page = render_digest(digest, "html")
    _inert_html(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; JF-17" in page  # shown, as text
    assert "javascript:" not in "".join(lxml.html.document_fromstring(page).xpath("//@href"))

    md = render_digest(digest, "markdown")
    assert "<script" not in md and "<img" not in md and "<b " not in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # only as escaped text
    assert "(https://news.example/h2%22%20onclick=%22alert%288%29)" in md  # inert inside the URL
    _inert_html("<!DOCTYPE html><html><body>" + MarkdownIt().render(md) + "</body></html>")

    text = render_digest(digest, "text")
    assert "javascript:alert(3)" not in text  # the link is dropped; the rest is plain text
    assert "<script>alert(1)</script> JF-17 <img src=x onerror=alert(1)> [x]" in text


# -- saving --------------------------------------------------------------------------------


def test_save_writes_html_and_markdown_once(world: World) -> None:
    story(world)
    end = T0 + 2 * HOUR
    digest = build_digest(world.store, start=T0 - HOUR, end=end, kind="daily")
    assert last_digest_end(world.store) is None
    digest_id = save_digest(world.store, digest, world.state, end)

    folder = world.state / "digests"
    stem = "daily-20240501T100000Z"
    html_file, md_file = folder / f"{stem}.html", folder / f"{stem}.md"
    assert sorted(p.name for p in folder.iterdir()) == [html_file.name, md_file.name]
    assert html_file.read_text(encoding="utf-8") == render_digest(digest, "html")
    assert md_file.read_text(encoding="utf-8") == render_digest(digest, "markdown")
    row = world.store.db.execute(
        "SELECT kind, period_start, period_end, alert_ids, html_path, markdown_path "
        "FROM digests WHERE id = ?", [digest_id],
    ).fetchone()
    assert row == ("daily", iso(T0 - HOUR), iso(end), json.dumps(digest.alert_ids),
                   str(html_file), str(md_file))

    # Same kind and end again: the first one stands, nothing is rewritten.
    later = build_digest(world.store, start=T0, end=end, kind="daily")
    assert save_digest(world.store, later, world.state, end + HOUR) == digest_id
    assert html_file.read_text(encoding="utf-8") == render_digest(digest, "html")
    assert world.store.db.execute("SELECT count(*) FROM digests").fetchone()[0] == 1
    assert last_digest_end(world.store) == end
    assert last_digest_end(world.store, "weekly") is None

    weekly = build_digest(world.store, start=T0 - HOUR, end=end, kind="weekly")
    assert save_digest(world.store, weekly, world.state, end) != digest_id
    assert (folder / "weekly-20240501T100000Z.md").exists()


# -- the command ---------------------------------------------------------------------------


def test_command_prints_saves_and_continues_since_the_last(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [T0 + 2 * HOUR]
    monkeypatch.setattr("monitor.cli_digest.utcnow", lambda: clock[0])
    empty = world.invoke("digest")
    assert empty.exit_code == 0, empty.output
    assert "No alerts in window." in empty.stdout

    now = T0 + HOUR
    world.poll("a", [item("1", "Pakistan offers JF-17 Thunder to Morocco")], now)
    world.poll("b", [item("2", "Harbour workers strike again")], now - timedelta(days=3))
    result = world.invoke("digest", "--rules", str(world.rules_dir))
    assert result.exit_code == 0, result.output
    assert not (world.state / "digests").exists()  # printed, not saved
    assert world.invoke("digest", "--save").exit_code == 0
    assert "1 alert in 1 rule: JF-17 sales 1" in result.stdout
    assert "Harbour" not in result.stdout
    week = json.loads(world.invoke("digest", "--since", "7d", "--format", "json").stdout)
    assert week["counts"] == {"jf17": 1, "harbour": 1}
    only = json.loads(world.invoke("digest", "--since", "7d", "--rule", "harbour",
                                   "--format", "json").stdout)
    assert only["counts"] == {"harbour": 1}
    saved = sorted(p.suffix for p in (world.state / "digests").iterdir())
    assert ".html" in saved and ".md" in saved

    since_last = world.invoke("digest", "--since-last", "--format", "markdown")
    assert since_last.exit_code == 0
    assert "No alerts in window." in since_last.stdout
    world.poll("c", [item("3", "Loudiyi in Islamabad")], clock[0])  # as that digest ended
    clock[0] += timedelta(seconds=1)
    fresh = json.loads(world.invoke("digest", "--since-last", "--format", "json").stdout)
    assert fresh["counts"] == {"jf17": 1}
    assert fresh["rules"][0]["alerts"][0]["title"] == "Loudiyi in Islamabad"

    html = world.invoke("digest", "--format", "html", "--since", "7d")
    _inert_html(html.stdout)


def test_command_survives_broken_rules_and_refuses_mistakes(world: World) -> None:
    world.poll("a", [item("1", "Pakistan offers JF-17 Thunder to Morocco")], utcnow() - HOUR)
    (world.rules_dir / "broken.toml").write_text("[[rule]]\nid = 'x'\nquery = '('\n")
    result = world.invoke("digest", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "rule files have errors" in result.stderr
    data = json.loads(result.stdout)
    assert data["rules"][0]["id"] == "jf17" and data["rules"][0]["name"] == "jf17"
    assert data["rules"][0]["severity"] == "high"  # from the alert row

    unknown = world.invoke("digest", "--rule", "nope")
    assert unknown.exit_code == 1 and "no rule 'nope'" in str(unknown.exception)
    both = world.invoke("digest", "--since", "1d", "--since-last")
    assert both.exit_code == 1 and "not both" in str(both.exception)


def test_send_without_channels_is_one_line(world: World) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(world.config), "--state",
         str(world.state), "digest", "--send"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "monitor: error: no channels in monitor.toml; add a [[channel]] (see README)"
    )
    assert not (world.state / "digests").exists()


def test_send_hands_the_saved_digest_to_every_channel(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    received: list[dict[str, Any]] = []

    class Hook(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    try:
        with world.config.open("a", encoding="utf-8") as config:
            config.write(f'\n[[channel]]\nname = "hook"\n'
                         f'url = "json://127.0.0.1:{httpd.server_address[1]}/digests"\n'
                         '\n[[channel]]\nname = "dead"\nurl = "json://127.0.0.1:1/nothing"\n')
        monkeypatch.setattr("monitor.cli_digest.utcnow", lambda: T0 + 2 * HOUR)
        story(world)
        result = world.invoke("digest", "--format", "markdown", "--send")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert result.exit_code == 1
    assert "could not be sent to 1 channel(s)" in str(result.exception)
    assert "### [Pakistan offers JF-17 Thunder to Morocco]" in result.stdout
    assert "sent digest 1 to hook" in result.stderr and "not sent to dead: " in result.stderr
    [body] = received
    assert "Pakistan offers JF-17 Thunder to Morocco" in body["message"]


def test_terminal_control_characters_from_feeds_are_dropped(world: World) -> None:
    world.poll("a", [item("1", "JF-17 deal")], T0)
    world.store.db.execute(  # a JSON feed can carry any character in a title
        "UPDATE alerts SET title = ?, snippet = ?, marks = NULL",  # NULL: the old in-band form
        ["JF-17 \x1b]8;;https://evil.example/\x07click\x1b]8;;\x07 \x1b[2J\x9b31m deal",
         "**JF-17** \x1b[31mred\x08\x00"],
    )
    digest = build_digest(world.store, start=T0, end=T0 + HOUR)
    for fmt in ("text", "markdown", "html"):
        out = render_digest(digest, fmt)
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out), fmt
        assert "click" in out and "red" in out


def test_stars_in_a_feed_title_are_text_and_only_the_term_is_highlighted(world: World) -> None:
    """Highlights are spans beside the snippet: a title's own `**` never marks, and never
    shifts the mark off the matched term, in the terminal, Markdown or HTML digest."""
    title = "**Breaking** Cherat ** cement **news**"
    world.poll("a", [item("1", title, body=title)], T0)
    digest = build_digest(world.store, start=T0, end=T0 + HOUR)
    [alert] = [a for group in digest.groups for a in group.alerts]
    assert alert.snippet.text == title
    assert [part for part, marked in alert.snippet.parts() if marked] == ["Cherat"]

    html = lxml.html.fromstring(render_digest(digest, "html"))
    assert [m.text_content() for m in html.iter("mark")] == ["Cherat"]
    assert "**Breaking** Cherat ** cement **news**" in html.text_content()

    markdown = render_digest(digest, "markdown")
    quoted = next(line for line in markdown.splitlines() if line.startswith("> "))
    rendered = lxml.html.fromstring(MarkdownIt().render(quoted))
    assert [s.text_content() for s in rendered.iter("strong")] == ["Cherat"]
    assert "**Breaking** Cherat ** cement **news**" in rendered.text_content()

    text = render_digest(digest, "text")
    assert "**Breaking** Cherat ** cement **news**" in text


def test_markdown_leaves_dates_alone(world: World) -> None:
    md = render_digest(_digest(world), "markdown")
    assert "\n2024-05-01 09:00 UTC · " in md.split("###", 2)[1]  # an alert's date, as written
    assert "2024\\-05" not in md
    assert md.index("## cherat") < md.index("Sources in error")  # alerts first


def test_a_digest_right_after_a_poll_shows_that_polls_alerts(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = T0 + HOUR
    monkeypatch.setattr("monitor.cli_digest.utcnow", lambda: now)
    world.poll("a", [item("1", "Pakistan offers JF-17 Thunder to Morocco")], now)
    shown = json.loads(world.invoke("digest", "--format", "json").stdout)
    assert shown["counts"] == {"jf17": 1}


def test_since_last_counts_saved_digests_only(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [T0 + HOUR]
    monkeypatch.setattr("monitor.cli_digest.utcnow", lambda: clock[0])
    world.poll("a", [item("1", "Pakistan offers JF-17 Thunder to Morocco")], T0)
    assert world.invoke("digest", "--since", "7d").exit_code == 0  # printed only
    clock[0] += HOUR
    again = json.loads(world.invoke("digest", "--since-last", "--format", "json").stdout)
    assert again["counts"] == {"jf17": 1}  # the printed digest did not move the mark
    assert world.invoke("digest", "--since", "7d", "--save").exit_code == 0
    saved = list((world.state / "digests").iterdir())
    assert sorted(p.name for p in saved) == [
        "manual-20240501T100001Z.html", "manual-20240501T100001Z.md"]
    clock[0] += HOUR
    after = json.loads(world.invoke("digest", "--since-last", "--format", "json").stdout)
    assert after["counts"] == {}


def test_a_rule_digest_lists_only_the_sources_of_those_rules(world: World) -> None:
    story(world)
    world.fail("a", T0 + HOUR, "HTTP 503: Service Unavailable")  # carried jf17
    world.fail("c", T0 + HOUR, "HTTP 500: Internal Server Error")  # carried no alert
    book = load_rulebook(world.rules_dir)
    both = build_digest(world.store, start=T0 - HOUR, end=T0 + 2 * HOUR, rulebook=book)
    assert {f.url for f in both.failing_sources} == {URLS["a"], URLS["c"]}
    jf = build_digest(world.store, start=T0 - HOUR, end=T0 + 2 * HOUR, rulebook=book,
                      rule_ids={"jf17"})
    assert [f.url for f in jf.failing_sources] == [URLS["a"]]
