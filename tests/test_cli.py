"""The `monitor` command: options and environment, every `sources` subcommand, poll, status
and search against the local test server, and one-line errors with exit code 1."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import FeedServer, Reply, rss, run_main, write_config

from monitor.cli import cli
from monitor.errors import ConfigError, SourceError
from monitor.models import Outcome, SourceState
from monitor.schedule import Schedule
from monitor.storage.sqlite import DB_NAME, SqliteStorage

FEED = {"kind": "feed", "options": {}}  # what `sources list --json` adds for a feed
ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
FEED_TYPE = {"Content-Type": "application/rss+xml"}
HAND_WRITTEN = """\
# My monitor. Sources are listed below, newest last.
[monitor]
interval = "1h"   # hourly is enough
parse_workers = 1

# the first feed I added
[[source]]
url = "https://first.example/feed"
tags = ["old"]
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in its own folder, with no MONITOR_* variables from outside."""
    monkeypatch.delenv("MONITOR_CONFIG", raising=False)
    monkeypatch.delenv("MONITOR_STATE", raising=False)
    monkeypatch.delenv("MONITOR_DATABASE", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    return tmp_path / "monitor.toml"


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=True)


def ok(*args: str, env: dict[str, str] | None = None) -> Result:
    result = invoke(*args, env=env)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def run_module(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args], cwd=cwd, env=env, capture_output=True,
        text=True, timeout=60,
    )


def feed_server(server: FeedServer, **paths: int) -> dict[str, str]:
    """Serve an RSS feed of n items at each /name.xml; return name -> URL."""
    urls = {}
    for name, count in paths.items():
        items = [
            {
                "guid": f"urn:{name}:{i}",
                "title": f"{name} story {i}",
                "link": f"https://example.org/{name}/{i}",
                "description": f"<p>Quarterly {name} harbour report number {i}.</p>",
            }
            for i in range(count)
        ]
        server.routes[f"/{name}.xml"] = Reply(200, rss(items, title=name), FEED_TYPE)
        urls[name] = server.url(f"/{name}.xml")
    return urls


# -- the console entry ----------------------------------------------------------------


def test_python_dash_m_monitor_help_works(tmp_path: Path) -> None:
    done = run_module("--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for command in ("poll", "run", "search", "sources", "status"):
        assert command in done.stdout
    assert "MONITOR_CONFIG" in done.stdout


def test_the_program_exits_quickly_with_its_output_and_exit_code(tmp_path: Path) -> None:
    # `monitor` ends with os._exit after flushing: large output piped must arrive whole,
    # and exit codes (0, 1 for a user error, 2 for usage) must be the real ones.
    config = tmp_path / "monitor.toml"
    write_config(config, [f"https://a.example/feed/{i}.xml" for i in range(400)])
    done = run_module("sources", "list", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["sources"]) == 400
    assert run_module("sources", "remove", "https://nope.example/", cwd=tmp_path).returncode == 1
    assert run_module("no-such-command", cwd=tmp_path).returncode == 2


def test_version_option(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(monkeypatch, capsys, "--version")
    assert code == 0
    assert out.startswith("monitor, version ")


@pytest.mark.parametrize("url", ["ftp://x", "https://"])
def test_bad_url_is_a_one_line_error_without_traceback(tmp_path: Path, url: str) -> None:
    done = run_module("sources", "add", url, cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("monitor: error: ")
    assert url in lines[0]
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "monitor.toml").exists()


def test_malformed_config_is_a_one_line_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "monitor.toml").write_text('[monitor\ninterval = "1h"\n', encoding="utf-8")
    done = run_module("sources", "list", cwd=tmp_path)
    assert done.returncode == 2  # a config mistake: README "Exit status"
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("monitor: error: ")
    assert str(tmp_path / "monitor.toml") in lines[0]
    assert "Traceback" not in done.stderr


def test_verbose_shows_the_traceback(
    cfg: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg.write_text("[monitor\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        run_main(monkeypatch, capsys, "-v", "sources", "list")


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("sources", "remove", "https://unknown.example/feed"), 1),
        (("sources", "enable", "https://unknown.example/feed"), 1),
        (("sources", "disable", "https://unknown.example/feed"), 1),
        (("poll", "https://unknown.example/feed"), 1),
        (("sources", "import", "missing.opml"), 1),
        (("sources", "add", "https://a.example/", "--interval", "often"), 2),  # usage
    ],
)
def test_user_errors_are_one_line_and_exit_1_or_2_for_usage(
    cfg: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...], status: int,
) -> None:
    cfg.write_text("", encoding="utf-8")
    code, _, err = run_main(monkeypatch, capsys, *args)
    assert code == status
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("monitor: error: ")


def test_sources_add_with_config_in_missing_folder_gives_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no" / "such" / "folder" / "monitor.toml"
    try:
        code, _, err = run_main(
            monkeypatch, capsys, "--config", str(missing), "sources", "add", "https://a.example/"
        )
    except OSError as exc:  # escaped main(): the user would see a traceback
        pytest.fail(f"traceback instead of a one-line error: {exc!r}")
    if code == 0:
        assert missing.is_file()  # creating the folder is also fine
    else:
        assert code == 2  # a config mistake
        assert err.startswith("monitor: error: ")
        assert len(err.strip().splitlines()) == 1


def test_usage_error_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(monkeypatch, capsys, "sources", "add")
    assert code == 2
    assert "Missing argument" in err


# -- config and state locations -------------------------------------------------------


def test_config_and_state_options(tmp_path: Path) -> None:
    config = tmp_path / "conf" / "m.toml"
    config.parent.mkdir()
    state = tmp_path / "my-state"
    ok("--config", str(config), "--state", str(state), "sources", "add", "https://a.example/")
    assert "https://a.example/" in config.read_text(encoding="utf-8")
    assert (state / DB_NAME).is_file()
    assert not (tmp_path / "monitor.toml").exists()
    assert not (config.parent / "state").exists()


def test_config_and_state_from_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "env.toml"
    state = tmp_path / "env-state"
    env = {"MONITOR_CONFIG": str(config), "MONITOR_STATE": str(state)}
    ok("sources", "add", "https://a.example/", env=env)
    assert config.is_file()
    assert (state / DB_NAME).is_file()
    listed = json.loads(ok("sources", "list", "--json", env=env).stdout)
    assert [s["url"] for s in listed["sources"]] == ["https://a.example/"]


def test_options_beat_the_environment(tmp_path: Path) -> None:
    env = {"MONITOR_CONFIG": str(tmp_path / "env.toml"), "MONITOR_STATE": str(tmp_path / "es")}
    ok(
        "--config", str(tmp_path / "opt.toml"), "--state", str(tmp_path / "os"),
        "sources", "add", "https://a.example/", env=env,
    )
    assert (tmp_path / "opt.toml").is_file()
    assert (tmp_path / "os" / DB_NAME).is_file()
    assert not (tmp_path / "env.toml").exists()
    assert not (tmp_path / "es").exists()


def test_default_config_and_state_are_in_the_working_folder(tmp_path: Path) -> None:
    ok("sources", "add", "https://a.example/")
    assert (tmp_path / "monitor.toml").is_file()
    assert (tmp_path / "state" / DB_NAME).is_file()


def test_state_from_the_config_file(cfg: Path, tmp_path: Path) -> None:
    cfg.write_text('[monitor]\nstate = "data"\n', encoding="utf-8")
    ok("sources", "add", "https://a.example/")
    assert (tmp_path / "data" / DB_NAME).is_file()
    said = invoke("--state", str(tmp_path / "other"), "status")
    assert said.exit_code == 1 and "nothing stored yet" in str(said.exception)
    assert not (tmp_path / "other").exists()  # a command that only reads creates nothing
    ok("--state", str(tmp_path / "other"), "sources", "disable", "https://a.example/")
    assert (tmp_path / "other" / DB_NAME).is_file()


# -- sources --------------------------------------------------------------------------


def test_sources_add_writes_the_config_keeping_comments(cfg: Path) -> None:
    cfg.write_text(HAND_WRITTEN, encoding="utf-8")
    result = ok(
        "sources", "add", "https://new.example/feed", "--interval", "30m",
        "--tag", "a", "--tag", "b", "--title", "New one",
    )
    assert "added https://new.example/feed" in result.stdout
    text = cfg.read_text(encoding="utf-8")
    assert text.startswith(HAND_WRITTEN)
    assert text[len(HAND_WRITTEN):].removeprefix("\n") == (
        '[[source]]\nurl = "https://new.example/feed"\ntitle = "New one"\n'
        'tags = ["a", "b"]\ninterval = "30m"\n'
    )
    listed = json.loads(ok("sources", "list", "--json").stdout)["sources"]
    assert listed[-1] == {
        "url": "https://new.example/feed", "title": "New one", "tags": ["a", "b"],
        "interval": 1800.0, "kind": "feed", "options": {},
    }
    status = json.loads(ok("status", "--json").stdout)["sources"]
    assert [s["url"] for s in status] == ["https://first.example/feed", "https://new.example/feed"]


def test_sources_add_twice_says_it_is_already_there(cfg: Path) -> None:
    ok("sources", "add", "https://a.example/")
    before = cfg.read_text(encoding="utf-8")
    assert "already a source" in ok("sources", "add", "https://a.example/").stdout
    assert cfg.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    "url", ["ftp://x", "https://", "http:///feed.xml", "gopher://example.org/feed"]
)
def test_sources_add_rejects_bad_urls(cfg: Path, url: str) -> None:
    result = invoke("sources", "add", url)
    assert result.exit_code == 1
    assert isinstance(result.exception, SourceError)
    assert not cfg.exists()


def test_sources_add_local_path_notes_a_missing_file(cfg: Path, tmp_path: Path) -> None:
    result = ok("sources", "add", "feeds/later.xml")
    assert "does not exist yet" in result.stderr
    assert 'url = "feeds/later.xml"' in cfg.read_text(encoding="utf-8")


def test_sources_add_rejects_a_folder(cfg: Path, tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    result = invoke("sources", "add", str(tmp_path / "feeds"))
    assert result.exit_code == 1
    assert "is a folder" in str(result.exception)


def test_sources_list(cfg: Path) -> None:
    cfg.write_text("", encoding="utf-8")
    assert "no sources yet" in ok("sources", "list").stdout
    cfg.write_text(HAND_WRITTEN, encoding="utf-8")
    ok("sources", "add", "https://b.example/", "--tag", "x", "--title", "Bee")
    lines = ok("sources", "list").stdout.splitlines()
    assert lines[0].startswith("https://first.example/feed")
    assert "old" in lines[0]
    assert lines[1].startswith("https://b.example/")
    assert "Bee" in lines[1]
    assert "x" in lines[1]
    listed = json.loads(ok("sources", "list", "--json").stdout)
    assert listed == {"sources": [
        {"url": "https://first.example/feed", "title": None, "tags": ["old"], "interval": None,
         **FEED},
        {"url": "https://b.example/", "title": "Bee", "tags": ["x"], "interval": None, **FEED},
    ]}


def test_sources_remove(cfg: Path) -> None:
    cfg.write_text(HAND_WRITTEN, encoding="utf-8")
    ok("sources", "add", "https://b.example/")
    assert "removed https://first.example/feed" in ok(
        "sources", "remove", "https://first.example/feed"
    ).stdout
    text = cfg.read_text(encoding="utf-8")
    assert "first.example" not in text
    assert "# My monitor." in text
    status = json.loads(ok("status", "--json").stdout)["sources"]
    assert [s["url"] for s in status] == ["https://b.example/"]


def test_sources_remove_unknown_url_is_an_error(cfg: Path) -> None:
    cfg.write_text(HAND_WRITTEN, encoding="utf-8")
    result = invoke("sources", "remove", "https://unknown.example/")
    assert result.exit_code == 1
    assert isinstance(result.exception, SourceError)
    assert "is not a source" in str(result.exception)
    assert cfg.read_text(encoding="utf-8") == HAND_WRITTEN


def test_sources_import_opml(cfg: Path, tmp_path: Path) -> None:
    cfg.write_text(HAND_WRITTEN, encoding="utf-8")
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline text="News">'
        '<outline type="rss" text="A" xmlUrl="https://a.example/feed"/>'
        '<outline type="rss" text="First" xmlUrl="https://first.example/feed"/>'
        "</outline>"
        '<outline type="rss" text="B" xmlUrl="https://b.example/feed" category="tech"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    result = ok("sources", "import", str(opml))
    assert "imported 2 sources (1 already present)" in result.stdout
    assert cfg.read_text(encoding="utf-8").startswith(HAND_WRITTEN)
    listed = json.loads(ok("sources", "list", "--json").stdout)["sources"]
    assert listed[1:] == [
        {"url": "https://a.example/feed", "title": "A", "tags": ["News"], "interval": None, **FEED},
        {"url": "https://b.example/feed", "title": "B", "tags": ["tech"], "interval": None, **FEED},
    ]
    assert "imported 0 sources (3 already present)" in ok("sources", "import", str(opml)).stdout


def test_sources_import_of_a_file_without_feeds_is_an_error(tmp_path: Path) -> None:
    opml = tmp_path / "empty.opml"
    opml.write_text('<opml version="2.0"><body><outline text="x"/></body></opml>')
    result = invoke("sources", "import", str(opml))
    assert result.exit_code == 1
    assert "no outlines with an xmlUrl" in str(result.exception)


def test_sources_export_is_valid_opml(cfg: Path) -> None:
    cfg.write_text(HAND_WRITTEN, encoding="utf-8")
    ok("sources", "add", "https://b.example/feed?a=1&b=2", "--title", "B & co", "--tag", "t")
    out = ok("sources", "export").stdout
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "opml"
    outlines = root.findall("body/outline")
    assert [(o.get("xmlUrl"), o.get("category")) for o in outlines] == [
        ("https://first.example/feed", "old"),
        ("https://b.example/feed?a=1&b=2", "t"),
    ]
    assert outlines[1].get("title") == "B & co"


def test_sources_enable_a_disabled_source(cfg: Path, tmp_path: Path) -> None:
    url = "https://gone.example/feed"
    ok("sources", "add", url)
    store = SqliteStorage(tmp_path / "state")
    try:
        (src,) = store.sources([url])
        now = datetime.now(UTC)
        store.record_poll(
            src, now=now, outcome=Outcome.GONE, status=410, error="HTTP 410",
            schedule=Schedule(SourceState.DISABLED, 1, now + timedelta(days=1)),
        )
    finally:
        store.close()
    (row,) = json.loads(ok("status", "--json").stdout)["sources"]
    assert row["state"] == "disabled"
    assert f"enabled {url}" in ok("sources", "enable", url).stdout
    (row,) = json.loads(ok("status", "--json").stdout)["sources"]
    assert row["state"] == "never"
    assert row["next_check"] <= datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- poll, status, search -------------------------------------------------------------


def test_poll_json_prints_the_counts(cfg: Path, server: FeedServer) -> None:
    urls = feed_server(server, alpha=3, beta=2)
    server.routes["/broken.xml"] = Reply(500, b"oops")
    with socket.socket() as probe:  # a port nothing listens on: connection refused
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/feed.xml"
    write_config(cfg, [urls["alpha"], urls["beta"], server.url("/broken.xml"), closed],
                 parse_workers=1)
    result = invoke("poll", "--json")
    assert result.exit_code == 3  # some sources failed: README "Exit status"
    summary = json.loads(result.stdout)
    counts = {"sources", "ok", "not_modified", "failed", "new_entries", "updated_entries"}
    assert counts <= set(summary)
    assert {key: summary[key] for key in counts} == {
        "sources": 4, "ok": 2, "not_modified": 0, "failed": 2, "new_entries": 5,
        "updated_entries": 0,
    }
    # a script reading the JSON learns which sources failed: the error as stored, and
    # its cause in the words `poll` and `status` give
    failures = {f.pop("url"): f for f in summary.pop("failures")}
    assert failures[server.url("/broken.xml")] == {
        "error": "HTTP 500 Internal Server Error", "problem": "HTTP 500 Internal Server Error"}
    assert failures[closed]["problem"] == "connection refused", failures
    assert all(isinstance(value, int) for value in summary.values())
    again = json.loads(invoke("poll", "--json").stdout)
    assert again["new_entries"] == 0
    assert again["ok"] + again["not_modified"] == 2


def test_poll_human_output(cfg: Path, server: FeedServer) -> None:
    urls = feed_server(server, alpha=2)
    write_config(cfg, [urls["alpha"], server.url("/missing.xml")], parse_workers=1)
    result = invoke("poll")
    assert result.exit_code == 3
    out = result.stdout
    assert f"failed {server.url('/missing.xml')}" in out
    assert "polled 2 sources: 1 ok, 0 not modified, 1 failed; 2 new entries, 0 updated" in out


def test_poll_url_polls_only_that_source(cfg: Path, server: FeedServer) -> None:
    urls = feed_server(server, alpha=1, beta=4)
    write_config(cfg, [urls["alpha"], urls["beta"]], parse_workers=1)
    summary = json.loads(ok("poll", urls["beta"], "--json").stdout)
    assert summary["sources"] == 1
    assert summary["new_entries"] == 4
    assert server.hits("/beta.xml") == 1
    assert server.hits("/alpha.xml") == 0


def test_poll_unknown_url_is_an_error(cfg: Path, server: FeedServer) -> None:
    urls = feed_server(server, alpha=1)
    write_config(cfg, [urls["alpha"]], parse_workers=1)
    result = invoke("poll", server.url("/other.xml"))
    assert result.exit_code == 1
    assert isinstance(result.exception, SourceError)
    assert "monitor sources add" in str(result.exception)
    assert server.requests == []


def test_poll_with_no_sources(cfg: Path) -> None:
    cfg.write_text("", encoding="utf-8")
    summary = json.loads(ok("poll", "--json").stdout)
    assert summary["sources"] == 0


def test_status_json(cfg: Path, server: FeedServer) -> None:
    urls = feed_server(server, alpha=3)
    server.routes["/broken.xml"] = Reply(503, b"busy")
    never = "https://never.example/feed"
    write_config(cfg, [urls["alpha"], server.url("/broken.xml"), never], parse_workers=1)
    assert invoke("poll", urls["alpha"], server.url("/broken.xml")).exit_code == 3
    rows = {r["url"]: r for r in json.loads(ok("status", "--json").stdout)["sources"]}
    assert list(rows) == [urls["alpha"], server.url("/broken.xml"), never]
    for row in rows.values():
        assert {
            "url", "state", "last_status", "last_error", "entries", "last_check", "next_check",
        } <= set(row)
        assert ISO_Z.match(row["next_check"]), row
    good = rows[urls["alpha"]]
    assert (good["state"], good["last_status"], good["last_error"], good["entries"]) == (
        "ok", 200, None, 3,
    )
    assert ISO_Z.match(good["last_check"])
    assert good["next_check"] > good["last_check"]
    bad = rows[server.url("/broken.xml")]
    assert (bad["state"], bad["last_status"], bad["entries"]) == ("error", 503, 0)
    assert bad["last_error"]
    assert ISO_Z.match(bad["last_check"])
    assert (rows[never]["state"], rows[never]["last_check"]) == ("never", None)


def test_status_human_output(cfg: Path, server: FeedServer) -> None:
    write_config(cfg, [], parse_workers=1)
    ok("poll")
    assert "no sources yet" in ok("status").stdout
    urls = feed_server(server, alpha=3)
    write_config(cfg, [urls["alpha"]], parse_workers=1)
    ok("poll")
    out = ok("status").stdout
    header, row = out.strip().splitlines()[:2]
    for column in ("source", "state", "http", "entries", "last check", "next check"):
        assert column in header
    assert row.startswith("alpha ")  # the feed's title, not its URL
    assert urls["alpha"] in ok("status", "--wide").stdout
    assert re.search(r"\bok\b", row)
    assert re.search(r"\b200\b", row)
    assert re.search(r"\b3\b", row)


def test_status_table_shows_a_working_sources_warning(cfg: Path, server: FeedServer) -> None:
    # A bozo feed still yields its entries; the table says why it is not quite right.
    server.routes["/bozo.xml"] = Reply(
        200, rss(2).replace(b"</channel>", b"<broken></channel>"),
        {"content-type": "application/rss+xml"},
    )
    write_config(cfg, [server.url("/bozo.xml")], parse_workers=1)
    ok("poll")
    warning = json.loads(ok("status", "--json").stdout)["sources"][0]["warning"]
    assert warning
    out = ok("status", env={"COLUMNS": "300"}).stdout
    assert "warning:" in out
    assert warning.split()[0] in out


def test_search_finds_a_polled_entry(cfg: Path, server: FeedServer) -> None:
    urls = feed_server(server, alpha=3)
    write_config(cfg, [urls["alpha"]], parse_workers=1)
    ok("poll")
    out = ok("search", "harbour number").stdout
    assert "alpha story 0" in out
    assert "https://example.org/alpha/0" in out
    hits = json.loads(ok("search", "--json", "--limit", "2", "harbour").stdout)["entries"]
    assert len(hits) == 2
    assert {"title", "source", "date", "link", "snippet", "terms"} <= set(hits[0])
    assert ok("search", "nothing-like-this").stdout.strip() == "no entries match"


def test_search_with_odd_characters_says_what_is_wrong(cfg: Path) -> None:
    cfg.write_text("", encoding="utf-8")
    ok("poll")  # a database to search (search only reads: it creates none)
    assert "no entries match" in ok("search", "C++").stdout
    for query in ('"unbalanced', "AND", "a:b"):
        result = invoke("search", query)
        assert result.exit_code != 0 and "column" in str(result.exception)


def test_httpx_still_works_beside_monitor_without_its_command_line_module() -> None:
    # monitor stands in for httpx._main (its command-line tool); httpx itself, and tools
    # that look the module up, must not notice anything else.
    code = (
        "import monitor, importlib.util, httpx\n"
        "assert importlib.util.find_spec('httpx._main').name == 'httpx._main'\n"
        "assert httpx.Client and httpx.URL('http://127.0.0.1/x').path == '/x'\n"
        "httpx.main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert "not available inside monitor" in done.stderr
