"""The review page's triage parts: rows with sources and dates, counts per rule, search in
the rules' language, saving a tried query as a rule, source actions, stored text, feeds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_config
from test_web import BASE, ORIGIN, Site, _entry, alert_ids, make_site

from monitor.alerts import Rules, match_pending
from monitor.cli import cli
from monitor.config import load_config
from monitor.models import Outcome, SourceState
from monitor.schedule import Schedule, utcnow
from monitor.storage import open_storage
from monitor.storage.sqlite import SqliteStorage
from monitor.web import views
from monitor.web.app import create_app

with __import__("warnings").catch_warnings():
    __import__("warnings").simplefilter("ignore")
    from starlette.testclient import TestClient


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path)


def post(site: Site, path: str, data: dict[str, str], csrf_from: str = "/") -> object:
    return site.client.post(path, data={"csrf": site.csrf(csrf_from), **data},
                            follow_redirects=False, headers=ORIGIN)


# -- the alert list -----------------------------------------------------------------------


def test_rows_show_source_names_and_published_date(site: Site) -> None:
    html = site.page("/")
    row = re.search(rf'id="alert-{site.ids["jf17"]}".*?</li>', html, re.S)
    assert row
    assert re.search(r'class="sources"[^>]*>Alpha wire, Bravo news<', row[0])
    assert re.search(r'class="published"[^>]*>\d{4}-\d\d-\d\d \d\d:\d\d', row[0])
    assert 'class="title" href="/alerts/' in row[0] and 'dir="auto"' in row[0]


def test_counts_of_new_and_total_stories_per_rule(site: Site) -> None:
    def counts() -> dict[str, tuple[str, str]]:
        html = site.page("/")
        return {rule: (new, total) for rule, new, total in re.findall(
            r'<li data-rule="([a-z0-9]+)">.*?>(\d+) new</a> / <span class="count-total"'
            r'[^>]*>(\d+)<', html)}

    assert counts() == {"harbour": ("1", "1"), "jf17": ("2", "2")}
    site.mark({"csrf": site.csrf(), "action": f"read:{site.ids['jf17']}", "next": "/"})
    assert counts() == {"harbour": ("1", "1"), "jf17": ("1", "2")}


def test_keyboard_script_is_served_from_our_own_origin(site: Site) -> None:
    response = site.client.get("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert '<script src="/static/triage.js"></script>' in response.text
    assert 'id="keys-help"' in response.text and "hidden" in response.text
    script = site.client.get("/static/triage.js")
    assert script.status_code == 200 and "keydown" in script.text
    # without the script every action is still a button in a form
    assert 'class="mark-read"' in response.text and 'class="mark-dismissed"' in response.text


def test_a_mark_comes_back_to_the_row_it_was_made_on(site: Site) -> None:
    story = site.ids["jf17"]
    response = site.mark({"csrf": site.csrf(), "action": f"starred:{story}",
                          "next": f"/?status=new#alert-{story}"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/?status=new&done=starred&n=1#alert-{story}"


# -- search -------------------------------------------------------------------------------


def test_search_takes_the_rules_language_and_highlights_terms(site: Site) -> None:
    html = site.page('/search?q="JF-17"+AND+Morocco')
    main = html.split("<main>")[1]
    assert "JF-17 deal for Morocco" in main and "Loudiyi" not in main
    assert "<mark>JF-17</mark>" in main and "Bravo news" in main
    assert 'class="snippet" dir="auto"' in main
    assert "Weather" not in site.page("/search?q=harbour+NEAR/3+strike").split("<main>")[1]
    assert "Harbour strike closes the port" in site.page("/search?q=harbour+NEAR/3+strike")


def test_search_error_shows_its_column(site: Site) -> None:
    html = site.page("/search?q=JF-17+AND+(Morocco")
    error = re.search(r'<div class="problem query-error".*?</div>', html, re.S)
    assert error and "column 11" in error[0] and "never closed" in error[0]
    assert "\n" + " " * 10 + "^</pre>" in error[0]


def test_search_by_name_alone_says_it_scanned(site: Site) -> None:
    html = site.page("/search?q=~Loudiyi")
    assert "scanned the newest" in html and "Loudiyi visits" in html


def test_search_results_come_in_pages(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    first = site.page("/search?q=JF-17+OR+harbour")
    assert len(re.findall(r'<li class="entry"', first)) == 1
    assert "offset=1" in first
    second = site.page("/search?q=JF-17+OR+harbour&offset=1")
    ids = [re.findall(r'data-entry="(\d+)"', page) for page in (first, second)]
    assert ids[0] != ids[1] and "previous" in second


# -- save as rule -------------------------------------------------------------------------


def test_save_a_tried_query_as_a_rule(site: Site) -> None:
    html = site.page("/rules?q=Morocco+AND+JF-17")
    assert 'action="/rules/save"' in html
    response = post(site, "/rules/save", {"id": "jf17-morocco", "name": "JF-17 to Morocco",
                                          "severity": "high", "query": "Morocco AND JF-17"})
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["location"].startswith("/rules?saved=jf17-morocco")  # type: ignore[attr-defined]
    saved = tomllib.loads((site.config.rules_dir / "local.toml").read_text())
    assert saved["rule"] == [{"id": "jf17-morocco", "query": "Morocco AND JF-17",
                              "name": "JF-17 to Morocco", "severity": "high"}]
    html = site.page("/rules?saved=jf17-morocco")
    assert 'id="rule-jf17-morocco"' in html and "Saved rule jf17-morocco" in html


def test_save_as_rule_is_validated_like_rules_add(site: Site) -> None:
    for values, problem in (
        ({"id": "Bad Id", "query": "Tata"}, "is not a slug"),
        ({"id": "jf17", "query": "Tata"}, "already exists"),
        ({"id": "fine", "query": "Tata AND"}, "ends too early"),
    ):
        response = post(site, "/rules/save", {**values, "severity": "normal"})
        assert response.status_code == 400, values  # type: ignore[attr-defined]
        assert problem in response.text, values  # type: ignore[attr-defined]
        assert 'class="problem save-error"' in response.text  # type: ignore[attr-defined]
    assert not (site.config.rules_dir / "local.toml").exists()


def test_save_as_rule_needs_the_csrf_token(site: Site) -> None:
    response = site.client.post("/rules/save", data={"id": "x1", "query": "Tata"},
                                headers=ORIGIN, follow_redirects=False)
    assert response.status_code == 403
    assert not (site.config.rules_dir / "local.toml").exists()


# -- sources ------------------------------------------------------------------------------


def test_add_disable_enable_and_poll_a_source(site: Site) -> None:
    response = post(site, "/sources/add", {"url": "http://127.0.0.1:9/new.xml", "name": "New"},
                    "/sources")
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert "http://127.0.0.1:9/new.xml" in site.config.path.read_text()
    html = site.page(response.headers["location"])  # type: ignore[attr-defined]
    assert "added http://127.0.0.1:9/new.xml" in html
    [row] = re.findall(r'<tr data-source="(\d+)" class="state-never">', html)
    response = post(site, f"/sources/{row}/disable", {}, "/sources")
    assert "state-disabled" in site.page("/sources")
    response = post(site, f"/sources/{row}/enable", {}, "/sources")
    assert "state-disabled" not in site.page("/sources")
    response = post(site, f"/sources/{row}/poll", {}, "/sources")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "polled 1 source" in response.text  # type: ignore[attr-defined]
    assert f'<tr data-source="{row}" class="state-error">' in site.page("/sources")


def test_source_actions_refuse_bad_input_and_missing_tokens(site: Site) -> None:
    response = post(site, "/sources/add", {"url": "example.org/feed"}, "/sources")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "http:// or https://" in response.text  # type: ignore[attr-defined]
    assert "example.org/feed" not in site.config.path.read_text()
    refused = site.client.post("/sources/1/disable", headers=ORIGIN, follow_redirects=False)
    assert refused.status_code == 403
    assert post(site, "/sources/999/disable", {}, "/sources").status_code == 404  # type: ignore[attr-defined]


def test_failing_sources_are_summarised_by_cause(site: Site) -> None:
    html = site.page("/sources")
    summary = re.search(r'<div class="failures".*?</div>', html, re.S)
    assert summary and "1 source failing" in summary[0]
    assert summary[0].count('class="failure"') == 1


# -- stored text, feeds -------------------------------------------------------------------


def test_an_entry_shows_its_stored_text(site: Site) -> None:
    html = site.page(f"/alerts/{site.ids['jf17']}")
    entry_link = re.search(r'href="(/entries/\d+)"', html)
    assert entry_link
    page = site.page(entry_link[1])
    assert 'id="stored-text"' in page and "offer" in page
    assert "<h2>Summary</h2>" not in page  # a summary alone is shown once, as the text
    site.page("/entries/999999", status=404)


def test_a_folder_document_can_be_searched_and_read(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    text = "Minutes of the meeting.\n\nThe Cherat plant will build more shells.\n"
    (inbox / "minutes.txt").write_text(text, encoding="utf-8")
    config_path = tmp_path / "monitor.toml"
    config_path.write_text('[monitor]\nstate = "state"\nparse_workers = 1\n\n'
                           '[[source]]\nurl = "inbox"\nkind = "dir"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config_path), "poll"])
    assert result.exit_code == 0, result.output
    client = TestClient(create_app(load_config(config_path)), base_url=BASE)
    html = client.get("/search?q=Cherat").text
    link = re.search(r'href="(/entries/\d+)"', html)
    assert link and "<mark>Cherat</mark>" in html
    page = client.get(link[1]).text
    assert "The Cherat plant will build more shells." in page


def test_atom_is_served_as_utf8_atom_and_feeds_are_listed(site: Site) -> None:
    response = site.client.get("/atom/all.xml")
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    html = site.page("/feeds")
    assert f"{BASE}/atom/all.xml" in html and f"{BASE}/atom/jf17.xml" in html
    assert f"{BASE}/atom/harbour.xml" in html
    assert '<a href="/feeds"' in site.page("/")


def test_right_to_left_text_gets_dir_auto(site: Site) -> None:
    store = SqliteStorage(site.config.state_dir)
    try:
        [a, *_] = store.sources()
        title, body = "صفقة طائرات JF-17 للمغرب", "عرضت باكستان طائرات JF-17 على المغرب"
        store.record_poll(a, now=utcnow(), outcome=Outcome.OK, status=200, entries=[
            _entry("ar", title, body, "https://example.org/ar")],
            schedule=Schedule(SourceState.OK, 0, utcnow()))
        match_pending(store, rules_of(site), utcnow())
    finally:
        store.close()
    html = site.page("/search?q=%D8%A7%D9%84%D9%85%D8%BA%D8%B1%D8%A8")  # المغرب
    assert re.search(rf'<a class="title" href="/entries/\d+" dir="auto">{title}</a>', html)
    assert re.search(r'<p class="snippet" dir="auto">.*<mark>المغرب</mark>', html)
    assert 'name="q" value="المغرب" placeholder=' in html and 'aria-label="query" ' in html
    listing = site.page("/")
    assert re.search(rf'class="title" href="/alerts/\d+" dir="auto">{title}</a>', listing)
    assert alert_ids(listing)


def rules_of(site: Site) -> Rules:
    rules = Rules(site.config.rules_dir)
    rules.refresh()
    return rules


def test_lower_case_operators_are_flagged_in_the_query_boxes(site: Site) -> None:
    for path in ("/search?q=Morocco+and+JF-17", "/rules?q=Morocco+and+JF-17"):
        html = site.page(path)
        warning = re.search(r'<p class="warning query-warning">(.*?)</p>', html)
        assert warning and "column 9" in warning[1] and "write AND" in warning[1], path
    assert "query-warning" not in site.page("/search?q=Morocco+AND+JF-17")


def test_the_review_page_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "watch.toml").write_text(
        '[[rule]]\nid = "jf17"\nquery = \'"JF-17"\'\n', encoding="utf-8")
    path = tmp_path / "monitor.toml"
    path.write_text(f'[monitor]\nstate = "state"\ndatabase = "{pg_url}"\n\n'
                    '[[source]]\nurl = "http://127.0.0.1:9/a.xml"\n', encoding="utf-8")
    config = load_config(path)
    store = open_storage(config.database, config.state_dir)
    try:
        store.sync_sources(config.sources, utcnow())
        [a] = store.sources()
        store.record_poll(a, now=utcnow(), outcome=Outcome.OK, status=200, entries=[
            _entry("1", "JF17 offered to Morocco", "Pakistan offers the JF-17.", None),
            _entry("2", "Weather", "Rain.", None)],
            schedule=Schedule(SourceState.OK, 0, utcnow()))
        rules = Rules(config.rules_dir)
        rules.refresh()
        match_pending(store, rules, utcnow())
    finally:
        store.close()
    client = TestClient(create_app(config), base_url=BASE)
    html = client.get("/search?q=JF-17+AND+NOT+Weather").text
    assert "<mark>JF-17</mark>" in html and 'dir="auto">Weather</a>' not in html
    assert 'dir="auto">Weather</a>' in client.get("/search?q=rain").text
    entry_link = re.search(r'href="(/entries/\d+)"', html)
    assert entry_link and "Pakistan offers the JF-17." in client.get(entry_link[1]).text
    listing = client.get("/").text
    assert re.search(r'<li data-rule="jf17">.*?>1 new</a> / <span class="count-total"[^>]*>1<',
                     listing)
    assert client.get("/feeds").status_code == 200


def test_many_sources_failing_for_one_cause_are_one_line(tmp_path: Path) -> None:
    urls = [f"http://127.0.0.{i}:9/feed.xml" for i in range(2, 7)]
    path = write_config(tmp_path / "monitor.toml", [*urls, "http://127.0.0.1:9/ok.xml"])
    config = load_config(path)
    store = SqliteStorage(config.state_dir)
    try:
        store.sync_sources(config.sources, utcnow())
        failing = Schedule(SourceState.ERROR, 1, utcnow())
        for source in store.sources():
            ok = source.url.endswith("ok.xml")
            store.record_poll(source, now=utcnow(), outcome=Outcome.OK if ok else Outcome.ERROR,
                              schedule=Schedule(SourceState.OK, 0, utcnow()) if ok else failing,
                              status=200 if ok else None,
                              error=None if ok else "cannot connect: connection refused")
    finally:
        store.close()
    html = TestClient(create_app(config), base_url=BASE).get("/sources").text
    summary = re.search(r'<div class="failures".*?</div>', html, re.S)
    assert summary and "5 sources failing" in summary[0]
    [line] = re.findall(r'<li class="failure" data-count="(\d+)">(.*?)</li>', summary[0])
    assert line[0] == "5" and "127.0.0.2, 127.0.0.3, 127.0.0.4, and 2 more" in line[1]
