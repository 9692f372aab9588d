"""`make demo` works offline: the bundled sample feeds, served on 127.0.0.1, give alerts of
the shipped rules (and none for the decoys); and `make run` installs what running needs,
not the test tools."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from monitor.demo import MARKER, serve_feeds, write_project

ROOT = Path(__file__).resolve().parents[1]


def test_the_sample_feeds_give_alerts_of_the_shipped_rules(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    with serve_feeds() as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        config = write_project(folder, base_url)
        polled = CliRunner().invoke(cli, ["--config", str(config), "poll", "--json"])
    assert polled.exit_code == 0, polled.output
    assert json.loads(polled.stdout)["failed"] == 0
    shown = CliRunner().invoke(cli, ["--config", str(config), "alerts", "--json"])
    alerts = json.loads(shown.stdout)["alerts"]
    rules = {rule for a in alerts for rule in a.get("rules", [a["rule"]])}  # a story: all
    assert {"loudiyi", "jf-17", "whap", "tata-morocco"} <= rules
    titles = " ".join(a["title"] for a in alerts)
    assert "Tata Motors" not in titles and "Cherat Cement" not in titles  # decoys
    assert (folder / MARKER).is_file()


def test_a_folder_that_is_not_a_demo_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(SystemExit, match="not a demo folder"):
        write_project(tmp_path, "http://127.0.0.1:1")
    assert not (tmp_path / "monitor.toml").exists()


def test_the_demo_runs_end_to_end(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "monitor.demo", str(tmp_path / "d")],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "$ monitor poll" in done.stdout and "0 failed" in done.stdout
    assert "$ monitor digest" in done.stdout and "Loudiyi receives Pakistani" in done.stdout
    assert "http://127.0.0.1:8765" in done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="no make on this machine")
def test_make_run_installs_the_runtime_only_and_make_test_the_test_tools() -> None:
    def planned(target: str) -> str:
        return subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True,
                              text=True, timeout=30, check=True).stdout

    run = planned("run")
    assert "pip install -q -e .\n" in run and ".[test]" not in run
    assert "pip install -q -e '.[test]'" in planned("test")
    assert "python -m monitor.demo" in planned("demo")
