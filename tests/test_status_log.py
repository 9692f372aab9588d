"""`monitor status URL`: one source's fetch log, newest first."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import FAST, RSS, FeedServer, Reply, rss, write_config

from monitor.cli import cli


def test_status_with_a_url_shows_that_sources_fetches(tmp_path: Path, server: FeedServer) -> None:
    server.routes["/feed.xml"] = Reply(body=rss(3), headers={**RSS, "ETag": '"v1"'})
    url = server.url("/feed.xml")
    # Timeouts roomier than FAST's: a loaded machine must not turn the 304 into an error.
    cfg = write_config(tmp_path / "monitor.toml", [url, "http://127.0.0.1:1/down.xml"],
                       **{**FAST, "timeout": "20s", "connect_timeout": "10s",
                          "read_timeout": "10s"})
    runner = CliRunner()
    for _ in range(2):
        assert runner.invoke(cli, ["--config", str(cfg), "poll"]).exit_code == 3  # one down
    result = runner.invoke(cli, ["--config", str(cfg), "status", url, "--json"])
    assert result.exit_code == 0, result.output
    fetches = json.loads(result.output)["fetches"]
    assert [f["outcome"] for f in fetches] == ["not_modified", "ok"]  # newest first
    assert fetches[1]["new_entries"] == 3 and fetches[1]["status"] == 200
    human = runner.invoke(cli, ["--config", str(cfg), "status", "http://127.0.0.1:1/down.xml"])
    assert "connection refused" in human.output
    unknown = runner.invoke(cli, ["--config", str(cfg), "status", "http://nope.example/"])
    assert unknown.exit_code == 1 and "not a source" in str(unknown.exception)
