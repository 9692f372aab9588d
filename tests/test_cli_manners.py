"""How `monitor` answers mistakes and failures: global options after the command, "did you
mean", a missing config, commands that only read creating nothing, `monitor init`, failures
told once per cause in words, and the exit statuses cron relies on."""

from __future__ import annotations

import json
import logging
import re
import socket
import ssl
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result
from conftest import FeedServer, Reply, rss, run_main, write_config

from monitor.cli import cli
from monitor.failures import failure_lines, network_error_words, plain_error
from monitor.models import Outcome, PollResult
from monitor.pipeline import log_result


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MONITOR_CONFIG", "MONITOR_STATE", "MONITOR_DATABASE", "MONITOR_RULES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


def test_global_options_may_follow_the_command(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    write_config(project / "monitor.toml", [], state="data")
    done = invoke("poll", "--json", "--config", str(project / "monitor.toml"), "-v")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["sources"] == 0
    assert (project / "data" / "monitor.db").is_file()
    done = invoke("sources", "list", "--config=" + str(project / "monitor.toml"))
    assert "no sources yet" in done.stdout
    other = tmp_path / "elsewhere"
    done = invoke("--config", str(project / "monitor.toml"), "poll", "--state", str(other))
    assert done.exit_code == 0 and (other / "monitor.db").is_file()


def test_rules_before_the_command_is_used_by_it(tmp_path: Path) -> None:
    rules = tmp_path / "r.toml"
    rules.write_text('[[rule]]\nid = "x"\nquery = "Thunder"\n', encoding="utf-8")
    done = invoke("--rules", str(rules), "rules", "list")
    assert done.exit_code == 0, done.output
    assert "x" in done.stdout


@pytest.mark.parametrize(("typed", "meant"), [
    (["alert"], "alerts"), (["staus"], "status"), (["sources", "lst"], "list"),
    (["sources", "disabel"], "disable"), (["rules", "chek"], "check"),
])
def test_a_mistyped_command_gets_did_you_mean(typed: list[str], meant: str) -> None:
    done = invoke(*typed)
    assert done.exit_code == 2
    assert f"Did you mean '{meant}'" in done.output


def test_a_mistyped_option_gets_did_you_mean(tmp_path: Path) -> None:
    done = invoke("poll", "--jsn")
    assert done.exit_code == 2
    assert "--json" in done.output


def test_a_config_that_is_not_there_is_an_error_and_nothing_is_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (["poll"], ["status"], ["search", "x"], ["alerts"], ["digest"], ["run"],
                    ["sources", "list"]):
        code, out, err = run_main(monkeypatch, capsys, "--config", "nope.toml", *command)
        assert code == 2, (command, out, err)
        assert err.startswith("monitor: error: no config file at ") and err.count("\n") == 1
        assert "monitor init" in err
    code, _, err = run_main(monkeypatch, capsys, "status")
    assert code == 2
    assert "not a monitor project" in err and "monitor init" in err
    assert list(tmp_path.iterdir()) == []


def test_commands_that_only_read_create_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "monitor.toml").write_text("", encoding="utf-8")
    for command in (["status"], ["search", "x"], ["alerts"], ["digest"]):
        code, out, err = run_main(monkeypatch, capsys, *command)
        assert code == 1, (command, out, err)
        assert err.count("\n") == 1 and "nothing stored yet" in err, err
        assert "monitor poll" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["monitor.toml"]


def test_init_writes_a_project_that_works(tmp_path: Path) -> None:
    done = invoke("init", "proj")
    assert done.exit_code == 0, done.output
    config = tmp_path / "proj" / "monitor.toml"
    assert config.is_file() and "#" in config.read_text(encoding="utf-8")
    assert (tmp_path / "proj" / "rules" / "example.toml").is_file()
    checked = invoke("--config", str(config), "rules", "check")
    assert checked.exit_code == 0, checked.output
    again = invoke("init", "proj")
    assert again.exit_code != 0 and "already exists" in str(again.exception)


def test_sources_add_creates_the_config(tmp_path: Path) -> None:
    done = invoke("sources", "add", "https://a.example/feed")
    assert done.exit_code == 0, done.output
    assert "https://a.example/feed" in (tmp_path / "monitor.toml").read_text(encoding="utf-8")


def test_sources_disable_and_enable(tmp_path: Path, server: FeedServer) -> None:
    server.routes["/a.xml"] = Reply(200, rss([{"guid": "1", "title": "one"}]),
                                    {"Content-Type": "application/rss+xml"})
    write_config(tmp_path / "monitor.toml", [server.url("/a.xml")], parse_workers=1)
    done = invoke("sources", "disable", server.url("/a.xml"))
    assert done.exit_code == 0 and "disabled" in done.stdout
    assert json.loads(invoke("poll", "--json").stdout)["sources"] == 0
    rows = json.loads(invoke("status", "--json").stdout)["sources"]
    assert rows[0]["state"] == "disabled"
    assert invoke("sources", "enable", server.url("/a.xml")).exit_code == 0
    assert json.loads(invoke("poll", "--json").stdout)["ok"] == 1


# -- failures in words, once per cause ---------------------------------------------------


def test_errno_texts_become_words() -> None:
    assert plain_error("cannot connect: [Errno 111] Connection refused") == "connection refused"
    assert plain_error("[Errno -2] Name or service not known") == "host name does not resolve"
    assert plain_error("timed out (ReadTimeout)") == "timed out"
    assert plain_error(
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, "
        "certificate is not valid for 'a.example'. (_ssl.c:1000)"
    ) == "TLS certificate not valid for this host"
    assert plain_error("HTTP 404 Not Found") == "HTTP 404 Not Found"


def test_network_exceptions_are_read_along_their_causes() -> None:
    def chained(cause: BaseException) -> httpx.ConnectError:
        try:
            try:
                raise cause
            except BaseException as inner:
                raise httpx.ConnectError("All connection attempts failed") from inner
        except httpx.ConnectError as outer:
            return outer

    assert network_error_words(chained(ConnectionRefusedError(111, "x"))) == "connection refused"
    assert network_error_words(chained(socket.gaierror(-2, "x"))) == "host name does not resolve"
    verify = ssl.SSLCertVerificationError(1, "x")
    verify.verify_message = "Hostname mismatch, certificate is not valid for 'a.example'."
    assert network_error_words(chained(verify)) == \
        "TLS certificate not valid for this host (a.example)"


def test_a_refused_connection_is_said_in_words_by_poll_and_status(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed.xml"
    write_config(tmp_path / "monitor.toml", [url], parse_workers=1)
    done = invoke("poll")
    assert done.exit_code == 3
    assert f"failed {url}: connection refused" in done.stdout
    row = json.loads(invoke("status", "--json").stdout)["sources"][0]
    assert row["problem"] == "connection refused"


def test_many_failures_with_one_cause_are_one_line() -> None:
    failures = [(f"https://s{i}.example/feed", "[Errno -2] Name or service not known")
                for i in range(17)]
    failures.append(("https://x.example/feed", "HTTP 404 Not Found"))
    lines = failure_lines(failures)
    assert len(lines) == 2
    assert lines[0].startswith("17 sources: host names do not resolve (no network?)")
    assert "s0.example" in lines[0] and "14 more" in lines[0]
    assert lines[1] == "https://x.example/feed: HTTP 404 Not Found"


def test_the_daemon_log_says_the_cause_and_when_it_retries(
    caplog: pytest.LogCaptureFixture,
) -> None:
    result = PollResult(url="https://a.example/f", outcome=Outcome.ERROR,
                        error="cannot connect: [Errno 111] Connection refused",
                        retry_at="2026-01-01T10:30:00Z")
    with caplog.at_level(logging.WARNING, logger="monitor.pipeline"):
        log_result(result)
    assert "https://a.example/f: connection refused; tried again at 2026-01-01T10:30:00Z" \
        in caplog.text


def test_poll_exit_statuses(
    tmp_path: Path, server: FeedServer, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server.routes["/a.xml"] = Reply(200, rss([{"guid": "1", "title": "one"}]),
                                    {"Content-Type": "application/rss+xml"})
    write_config(tmp_path / "monitor.toml", [server.url("/a.xml")], parse_workers=1)
    assert run_main(monkeypatch, capsys, "poll")[0] == 0
    write_config(tmp_path / "monitor.toml", [server.url("/a.xml"), server.url("/gone.xml")],
                 parse_workers=1)
    assert run_main(monkeypatch, capsys, "poll")[0] == 3
    assert run_main(monkeypatch, capsys, "poll", "--bogus")[0] == 2
    (tmp_path / "monitor.toml").write_text("[monitor\n", encoding="utf-8")
    assert run_main(monkeypatch, capsys, "poll")[0] == 2


# -- sources add checks what it adds; remove leaves tidy TOML ----------------------------


@pytest.mark.parametrize("typed", ["127.0.0.1:8811/x.xml", "example.org/feed"])
def test_a_url_without_scheme_is_an_error_that_suggests_one(
    typed: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run_main(monkeypatch, capsys, "sources", "add", typed)
    assert code == 1
    assert f"write https://{typed} (or http://{typed}" in err
    assert not (tmp_path / "monitor.toml").exists()


def test_sources_add_refuses_http_errors_and_bodies_that_are_no_feed_unless_forced(
    tmp_path: Path, server: FeedServer,
) -> None:
    server.routes["/broken.xml"] = Reply(500, b"oops")
    server.routes["/data.bin"] = Reply(200, b"\x00\x01 not a feed",
                                       {"Content-Type": "application/octet-stream"})
    server.routes["/ok.xml"] = Reply(200, rss([{"guid": "1", "title": "one"}]),
                                     {"Content-Type": "application/rss+xml"})
    for path in ("/missing.xml", "/broken.xml", "/data.bin"):
        done = invoke("sources", "add", server.url(path))
        assert done.exit_code == 1, (path, done.output)
        assert "--force" in str(done.exception)
        if path != "/data.bin":
            assert "answers HTTP" in str(done.exception)
        else:
            assert "neither a feed nor a web page" in str(done.exception)
    assert not (tmp_path / "monitor.toml").exists()
    assert invoke("sources", "add", server.url("/missing.xml"), "--force").exit_code == 0
    assert invoke("sources", "add", server.url("/ok.xml")).exit_code == 0
    text = (tmp_path / "monitor.toml").read_text(encoding="utf-8")
    assert server.url("/missing.xml") in text and server.url("/ok.xml") in text


TIDY = """\
# My monitor.
[monitor]
interval = "1h"

# the first feed I added
[[source]]
url = "https://first.example/feed"

# second
[[source]]
url = "https://second.example/feed"
"""


def test_sources_remove_leaves_tidy_toml(tmp_path: Path) -> None:
    config = tmp_path / "monitor.toml"
    config.write_text(TIDY, encoding="utf-8")
    assert invoke("sources", "add", "https://third.example/feed").exit_code == 0
    with config.open("a", encoding="utf-8") as out:
        out.write("# only about the third\n")
    assert invoke("sources", "remove", "https://third.example/feed").exit_code == 0
    assert config.read_text(encoding="utf-8") == TIDY
    assert invoke("sources", "remove", "https://first.example/feed").exit_code == 0
    left = config.read_text(encoding="utf-8")
    assert "first" not in left and "\n\n\n" not in left and left.endswith('second.example/feed"\n')
    assert "# second\n[[source]]" in left


# -- output people can read --------------------------------------------------------------


def test_status_fits_80_columns_in_a_pipe_with_names_and_problems_in_words(
    tmp_path: Path, server: FeedServer,
) -> None:
    long_path = "/" + "very-long-path-segment/" * 5 + "feed.xml"
    server.routes[long_path] = Reply(200, rss([{"guid": "1", "title": "one"}],
                                              title="A [bold] feed with a rather long title"),
                                     {"Content-Type": "application/rss+xml"})
    server.routes["/down.xml"] = Reply(503, b"busy")
    urls = [server.url(long_path), server.url("/down.xml")]
    write_config(tmp_path / "monitor.toml", urls, parse_workers=1)
    invoke("poll")
    out = invoke("status").stdout
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines), out
    assert lines[1].startswith("A [bold] feed with") and "…" in lines[1]  # title, cut
    assert len(re.findall(r"\b\d\d-\d\d \d\d:\d\d\b", lines[1])) == 2  # whole times
    assert lines[2].startswith("127.0.0.1 ")  # no title yet: the host
    assert "problems:" in lines and "  127.0.0.1: HTTP 503 Service Unavailable" in lines
    wide = invoke("status", "--wide").stdout
    assert server.url(long_path) in wide  # whole, on one line
    assert f"  {server.url('/down.xml')}: HTTP 503" in wide


def test_snippets_are_highlighted_on_a_terminal_and_plain_in_a_pipe() -> None:
    from monitor.cli_output import snippet_text
    from monitor.snippets import Snippet

    snippet = Snippet("Pakistan offers the JF-17 to Morocco", ((20, 25),))
    piped = snippet_text(snippet, terminal=False)
    assert piped.plain == "Pakistan offers the JF-17 to Morocco"
    assert not piped.spans
    shown = snippet_text(snippet, terminal=True)
    assert shown.plain == "Pakistan offers the JF-17 to Morocco"
    (span,) = shown.spans
    assert shown.plain[span.start:span.end] == "JF-17" and "bold" in str(span.style)


def test_folded_text_keeps_urls_and_times_whole() -> None:
    from monitor.cli_output import wrapped

    url = "https://news.example/" + "a" * 90
    text = wrapped(f"see {url} at 2026-12-02T02:01:26Z and more words " * 3)
    assert url in text.splitlines()[1]  # alone on its line, never split
    assert "2026-12-02T02:01:26Z" in text
    assert all(len(line) <= 80 for line in text.splitlines() if url not in line)
