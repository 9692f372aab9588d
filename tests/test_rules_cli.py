"""The rule commands: `monitor rules list/check/add/disable/enable/edit`, `monitor match`
(try rules on documents, storing nothing) and `monitor backtest` (run rules over what is
stored); `--rules PATH` and MONITOR_RULES everywhere rules are read."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import FeedServer, Reply, rss, write_config

from monitor.cli import cli
from monitor.rulebook.files import load_rulebook
from monitor.schedule import iso, utcnow
from monitor.storage.sqlite import DB_NAME

FEED_TYPE = {"Content-Type": "application/rss+xml"}
WATCH = """\
# Watch rules for the Tata story; comments must survive every edit.
[[rule]]
id = "tata"          # the company
query = "case:Tata"
severity = "high"

[[rule]]
id = "jf17"
query = '"JF-17" OR Loudiyi'
deliver = "immediate"
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MONITOR_CONFIG", "MONITOR_STATE", "MONITOR_RULES", "VISUAL", "EDITOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


class Project:
    """monitor.toml (one feed on the test server), rules/watch.toml and a state dir."""

    def __init__(self, tmp_path: Path, server: FeedServer) -> None:
        self.root = tmp_path
        self.server = server
        self.rules = tmp_path / "rules"
        self.rules.mkdir()
        self.watch = self.rules / "watch.toml"
        self.watch.write_text(WATCH, encoding="utf-8")
        self.state = tmp_path / "state"
        self.feed_url = server.url("/feed.xml")
        self.serve([])
        self.config = write_config(tmp_path / "monitor.toml", [self.feed_url], parse_workers=1)

    def serve(self, items: list[dict[str, str]]) -> None:
        self.server.routes["/feed.xml"] = Reply(200, rss(items), FEED_TYPE)

    def invoke(self, *args: str, env: dict[str, str] | None = None, input: str | None = None
               ) -> Result:
        return CliRunner().invoke(
            cli, ["--config", str(self.config), "--state", str(self.state), *args],
            env=env, input=input,
        )

    def ok(self, *args: str, env: dict[str, str] | None = None, input: str | None = None
           ) -> Result:
        result = self.invoke(*args, env=env, input=input)
        assert result.exit_code == 0, (result.output, result.exception)
        return result

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(self.state / DB_NAME)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def backtest(self, *args: str) -> dict[str, Any]:
        return json.loads(self.ok("backtest", "--json", *args).stdout)


@pytest.fixture
def project(tmp_path: Path, server: FeedServer) -> Project:
    return Project(tmp_path, server)


def run_module(*args: str, cwd: Path, env: dict[str, str] | None = None
               ) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith("MONITOR_") and k not in ("VISUAL", "EDITOR")}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args], cwd=cwd, env=environ, capture_output=True,
        text=True, timeout=60, stdin=subprocess.DEVNULL,
    )


def editor(tmp_path: Path, name: str, body: str) -> str:
    """An executable editor script: Python `body` runs with `path` the file being edited."""
    script = tmp_path / name
    script.write_text(
        f"#!{sys.executable}\nimport sys\nfrom pathlib import Path\npath = Path(sys.argv[1])\n"
        + textwrap.dedent(body), encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script)


def appending_editor(tmp_path: Path, text: str, name: str = "append.py") -> str:
    return editor(tmp_path, name, f"path.write_text(path.read_text() + {text!r})\n")


def replacing_editor(tmp_path: Path, text: str, name: str = "replace.py") -> str:
    return editor(tmp_path, name, f"path.write_text({text!r})\n")


def item(guid: str, title: str, body: str = "", date: str | None = None) -> dict[str, str]:
    entry = {
        "guid": f"urn:test:{guid}", "title": title, "link": f"https://news.example/{guid}",
        "description": f"<p>{body or 'Nothing to see.'}</p>",
    }
    if date:
        entry["pubDate"] = date
    return entry


# -- rules list ---------------------------------------------------------------------------


def test_rules_list_shows_ids_severity_delivery_and_query(project: Project) -> None:
    out = project.ok("rules", "list").stdout
    assert "tata  (high, daily)" in out
    assert "case:Tata" in out
    assert "jf17  (normal, immediate)" in out
    assert "[disabled]" not in out


def test_rules_list_json(project: Project) -> None:
    rules = json.loads(project.ok("rules", "list", "--json").stdout)["rules"]
    assert [r["id"] for r in rules] == ["tata", "jf17"]
    assert rules[0] == {
        "id": "tata", "name": "", "query": "case:Tata", "severity": "high", "tags": [],
        "enabled": True, "deliver": "daily", "notes": "", "file": str(project.watch), "line": 2,
    }
    assert rules[1]["line"] == 7


def test_rules_list_marks_disabled_rules(project: Project) -> None:
    project.ok("rules", "disable", "jf17")
    out = project.ok("rules", "list").stdout
    assert "jf17  (normal, immediate)  [disabled]" in out
    assert json.loads(project.ok("rules", "list", "--json").stdout)["rules"][1]["enabled"] is False


def test_rules_list_with_no_rules_folder_says_how_to_add_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["rules", "list"])
    assert result.exit_code == 1
    assert "monitor rules add" in str(result.exception)


def test_rules_list_with_an_empty_folder(project: Project) -> None:
    project.watch.unlink()
    assert "no rules yet" in project.ok("rules", "list").stdout


# -- rules check --------------------------------------------------------------------------


def test_rules_check_valid_rules_exit_0_with_a_summary(project: Project) -> None:
    (project.rules / "more.toml").write_text('[[rule]]\nid = "x"\nquery = "x"\nenabled = false\n')
    result = project.ok("rules", "check")
    assert result.stdout.strip() == "ok: 3 rules in 2 file(s), 2 enabled"


def test_rules_check_reports_one_line_per_problem_and_exits_1(project: Project) -> None:
    broken = project.rules / "broken.toml"
    broken.write_text(textwrap.dedent("""\
        [[rule]]
        id = "bad"
        query = "Tata AND (x"
        severty = "high"

        [[rule]]
        id = "tata"
        query = "Tata"
        """), encoding="utf-8")
    (project.rules / "syntax.toml").write_text("[[rule]\n", encoding="utf-8")
    result = project.invoke("rules", "check")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "4 problem(s) found"
    problems = lines[:-1]
    assert len(problems) == 4
    assert any(p.startswith(f"{broken}:3:19: query:") for p in problems)
    assert any(p.startswith(f"{broken}:4:") and "severty" in p for p in problems)
    assert any(f"{broken}:6" in p and f"{project.watch}:2" in p and "'tata'" in p
               for p in problems)
    assert any(p.startswith(f"{project.rules / 'syntax.toml'}:1") and "TOML" in p
               for p in problems)


def test_rules_check_as_a_process_prints_no_traceback(project: Project) -> None:
    (project.rules / "broken.toml").write_text('[[rule]]\nid = "b"\nquery = "("\n')
    proc = run_module("--config", str(project.config), "rules", "check", cwd=project.root)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0].startswith(f"{project.rules / 'broken.toml'}:3:")
    assert proc.stderr.splitlines()[-1] == "1 problem(s) found"


# -- rules add ----------------------------------------------------------------------------


def test_rules_add_appends_to_local_toml_by_default(project: Project) -> None:
    out = project.ok("rules", "add", "loudiyi", "Loudiyi NEAR/5 visit").stdout
    local = project.rules / "local.toml"
    assert out.strip() == f"added rule loudiyi to {local}"
    rule = load_rulebook(project.rules).get("loudiyi")
    assert rule is not None
    assert (rule.query, rule.severity, rule.file) == ("Loudiyi NEAR/5 visit", "normal", local)


def test_rules_add_to_a_file_keeps_its_comments(project: Project) -> None:
    project.ok("rules", "add", "cherat", "Cherat", "--file", "watch.toml", "--severity", "low",
               "--deliver", "weekly", "--name", "Cherat base", "--tag", "pk", "--tag", "base")
    text = project.watch.read_text(encoding="utf-8")
    assert text.startswith(WATCH)
    assert "# Watch rules for the Tata story" in text and "# the company" in text
    rule = load_rulebook(project.rules).get("cherat")
    assert rule is not None
    assert (rule.severity, rule.deliver, rule.name, rule.tags) == (
        "low", "weekly", "Cherat base", ("pk", "base"))
    assert rule.file == project.watch


def test_rules_add_file_name_without_suffix_goes_in_the_rules_folder(project: Project) -> None:
    project.ok("rules", "add", "morocco", "Marruecos OR Maroc", "--file", "morocco")
    assert (project.rules / "morocco.toml").is_file()
    assert load_rulebook(project.rules).get("morocco") is not None


def test_rules_add_in_a_fresh_project_puts_the_named_file_in_the_rules_folder(
    tmp_path: Path,
) -> None:
    """No rules folder yet: `--file morocco` must create rules/morocco.toml (as the default
    file would be rules/local.toml), not ./morocco.toml beside it."""
    result = CliRunner().invoke(cli, ["rules", "add", "tata", "Tata", "--file", "morocco"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert not (tmp_path / "morocco.toml").exists()
    assert (tmp_path / "rules" / "morocco.toml").is_file()
    assert "tata" in CliRunner().invoke(cli, ["rules", "list"]).output


def test_rules_add_in_a_fresh_project_creates_rules_local_toml(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["rules", "add", "tata", "Tata"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert (tmp_path / "rules" / "local.toml").is_file()
    assert "tata" in CliRunner().invoke(cli, ["rules", "list"]).output


def test_rules_add_refuses_a_bad_query_and_leaves_the_file_unchanged(project: Project) -> None:
    before = project.watch.read_text()
    result = project.invoke("rules", "add", "bad", "Tata AND (x", "--file", "watch.toml")
    assert result.exit_code == 1
    assert "query" in str(result.exception) and "parenthesis" in str(result.exception)
    assert project.watch.read_text() == before
    assert not (project.rules / "local.toml").exists()


def test_rules_add_refuses_a_duplicate_id(project: Project) -> None:
    before = project.watch.read_text()
    result = project.invoke("rules", "add", "tata", "Tata Steel")
    assert result.exit_code == 1
    assert "'tata'" in str(result.exception) and f"{project.watch}:2" in str(result.exception)
    assert project.watch.read_text() == before
    assert not (project.rules / "local.toml").exists()


def test_rules_add_refuses_a_bad_slug(project: Project) -> None:
    result = project.invoke("rules", "add", "Not A Slug", "Tata")
    assert result.exit_code == 1
    assert "slug" in str(result.exception)
    assert not (project.rules / "local.toml").exists()


def test_rules_add_refuses_an_unknown_severity(project: Project) -> None:
    result = project.invoke("rules", "add", "x", "Tata", "--severity", "urgent")
    assert result.exit_code == 2
    assert not (project.rules / "local.toml").exists()


def test_rules_add_bad_query_as_a_process_is_one_line(project: Project) -> None:
    proc = run_module("--config", str(project.config), "rules", "add", "bad", "(", cwd=project.root)
    assert proc.returncode == 1
    # The query with a caret under the mistake, then the one-line error.
    assert proc.stderr.splitlines()[:2] == ["  (", "  ^"]
    assert len(proc.stderr.strip().splitlines()) == 3
    assert proc.stderr.splitlines()[2].startswith("monitor: error: the query, column 1")
    assert "Traceback" not in proc.stderr


# -- rules disable / enable ---------------------------------------------------------------


def test_rules_disable_and_enable_keep_comments(project: Project) -> None:
    assert "disabled tata" in project.ok("rules", "disable", "tata").stdout
    book = load_rulebook(project.rules)
    assert book.get("tata").enabled is False  # type: ignore[union-attr]
    assert "# the company" in project.watch.read_text()
    assert "# Watch rules for the Tata story" in project.watch.read_text()
    assert "enabled tata" in project.ok("rules", "enable", "tata").stdout
    assert load_rulebook(project.rules).get("tata").enabled is True  # type: ignore[union-attr]
    assert "# the company" in project.watch.read_text()


def test_rules_disable_an_unknown_rule_is_an_error(project: Project) -> None:
    before = project.watch.read_text()
    result = project.invoke("rules", "disable", "nope")
    assert result.exit_code == 1
    assert "no rule 'nope'" in str(result.exception)
    assert project.watch.read_text() == before


# -- rules edit ---------------------------------------------------------------------------


NEW_RULE = '\n[[rule]]\nid = "cherat"\nquery = "Cherat"\n'


def test_rules_edit_saves_a_valid_file(project: Project, tmp_path: Path) -> None:
    result = project.ok("rules", "edit", env={"EDITOR": appending_editor(tmp_path, NEW_RULE)})
    local = project.rules / "local.toml"
    assert f"saved {local}" in result.stdout
    assert local.read_text() == NEW_RULE
    assert load_rulebook(project.rules).get("cherat") is not None


def test_rules_edit_a_named_file_starts_from_its_content(project: Project, tmp_path: Path) -> None:
    project.ok("rules", "edit", "watch.toml",
               env={"EDITOR": appending_editor(tmp_path, NEW_RULE)})
    assert project.watch.read_text() == WATCH + NEW_RULE


def test_rules_edit_a_new_file_named_without_suffix_is_saved_as_toml(
    project: Project, tmp_path: Path
) -> None:
    """As with `rules add --file morocco`: a file saved without .toml would never be loaded."""
    result = project.ok("rules", "edit", "morocco",
                        env={"EDITOR": appending_editor(tmp_path, NEW_RULE)})
    assert (project.rules / "morocco.toml").read_text() == NEW_RULE, result.stdout
    assert load_rulebook(project.rules).get("cherat") is not None


def test_rules_edit_without_changes_saves_nothing(project: Project, tmp_path: Path) -> None:
    before = project.watch.stat().st_mtime_ns
    result = project.ok("rules", "edit", "watch.toml",
                        env={"EDITOR": editor(tmp_path, "noop.py", "pass\n")})
    assert "no changes" in result.stdout
    assert project.watch.stat().st_mtime_ns == before


def test_rules_edit_an_invalid_file_without_a_tty_is_not_saved(
    project: Project, tmp_path: Path
) -> None:
    before = project.watch.read_text()
    bad = replacing_editor(tmp_path, '[[rule]]\nid = "tata"\nquery = "Tata AND (x"\n')
    proc = run_module("--config", str(project.config), "rules", "edit", "watch.toml",
                      cwd=project.root, env={"EDITOR": bad})
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"{project.watch}:3:" in proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == (
        f"monitor: error: {project.watch} not saved: fix the errors above")
    assert project.watch.read_text() == before


def test_rules_edit_refuses_an_id_used_in_another_file(project: Project, tmp_path: Path) -> None:
    clash = replacing_editor(tmp_path, '[[rule]]\nid = "jf17"\nquery = "JF17"\n')
    result = project.invoke("rules", "edit", "other.toml", env={"EDITOR": clash})
    assert result.exit_code == 1
    assert "not saved" in str(result.exception)
    assert f"{project.watch}:7" in result.stderr
    assert not (project.rules / "other.toml").exists()


def test_rules_edit_when_the_editor_fails_saves_nothing(project: Project, tmp_path: Path) -> None:
    before = project.watch.read_text()
    failing = editor(tmp_path, "fail.py", "path.write_text('garbage')\nsys.exit(3)\n")
    result = project.invoke("rules", "edit", "watch.toml", env={"EDITOR": failing})
    assert result.exit_code == 1
    assert "nothing saved" in str(result.exception)
    assert project.watch.read_text() == before


def test_rules_edit_prefers_visual_over_editor(project: Project, tmp_path: Path) -> None:
    env = {"VISUAL": appending_editor(tmp_path, NEW_RULE),
           "EDITOR": editor(tmp_path, "wrong.py", "sys.exit(9)\n")}
    project.ok("rules", "edit", env=env)
    assert (project.rules / "local.toml").read_text() == NEW_RULE


# -- --rules PATH and MONITOR_RULES, everywhere rules are read ----------------------------


@pytest.fixture
def elsewhere(project: Project) -> Path:
    """Rules away from the config's folder, which is broken so using it would show."""
    (project.rules / "broken.toml").write_text("[[rule]]\nid = \n", encoding="utf-8")
    alt = project.root / "elsewhere"
    alt.mkdir()
    (alt / "alt.toml").write_text('# alternative rules\n[[rule]]\nid = "alt"\nquery = "Cherat"\n')
    return alt


def _poll_feed(project: Project, how: list[str], env: dict[str, str]) -> None:
    project.serve([item("1", "Cherat base", "News from Cherat.")])
    project.ok("poll", *how, env=env)


Check = Callable[[Project, Path, list[str], dict[str, str], Path], None]


def _list(project: Project, alt: Path, how: list[str], env: dict[str, str], _: Path) -> None:
    rules = json.loads(project.ok("rules", "list", "--json", *how, env=env).stdout)["rules"]
    assert [r["id"] for r in rules] == ["alt"]


def _check(project: Project, alt: Path, how: list[str], env: dict[str, str], _: Path) -> None:
    assert "ok: 1 rules" in project.ok("rules", "check", *how, env=env).stdout


def _add(project: Project, alt: Path, how: list[str], env: dict[str, str], _: Path) -> None:
    project.ok("rules", "add", "extra", "Tata", *how, env=env)
    assert [r.id for r in load_rulebook(alt).rules] == ["alt", "extra"]
    assert (alt / "local.toml").is_file()


def _disable(project: Project, alt: Path, how: list[str], env: dict[str, str], _: Path) -> None:
    project.ok("rules", "disable", "alt", *how, env=env)
    assert load_rulebook(alt).get("alt").enabled is False  # type: ignore[union-attr]


def _enable(project: Project, alt: Path, how: list[str], env: dict[str, str], _: Path) -> None:
    (alt / "alt.toml").write_text('[[rule]]\nid = "alt"\nquery = "Cherat"\nenabled = false\n')
    project.ok("rules", "enable", "alt", *how, env=env)
    assert load_rulebook(alt).get("alt").enabled is True  # type: ignore[union-attr]


def _edit(project: Project, alt: Path, how: list[str], env: dict[str, str], tmp: Path) -> None:
    env = {**env, "EDITOR": appending_editor(tmp, NEW_RULE)}
    project.ok("rules", "edit", *how, env=env)
    assert (alt / "local.toml").read_text() == NEW_RULE
    assert not (project.rules / "local.toml").exists()


def _match(project: Project, alt: Path, how: list[str], env: dict[str, str], tmp: Path) -> None:
    doc = tmp / "doc.txt"
    doc.write_text("The Cherat cantonment.")
    out = project.ok("match", "--json", *how, str(doc), env=env).stdout
    assert [json.loads(line)["rule"] for line in out.splitlines()] == ["alt"]


def _backtest(project: Project, alt: Path, how: list[str], env: dict[str, str], _: Path) -> None:
    _poll_feed(project, how, env)
    report = json.loads(project.ok("backtest", "--json", *how, env=env).stdout)
    assert [(r["rule"], r["hits"]) for r in report["rules"]] == [("alt", 1)]


def _poll(project: Project, alt: Path, how: list[str], env: dict[str, str], _: Path) -> None:
    _poll_feed(project, how, env)
    alerts = json.loads(project.ok("alerts", "--json").stdout)["alerts"]
    assert [a["rule"] for a in alerts] == ["alt"]


CHECKS: dict[str, Check] = {
    "list": _list, "check": _check, "add": _add, "disable": _disable, "enable": _enable,
    "edit": _edit, "match": _match, "backtest": _backtest, "poll": _poll,
}


@pytest.mark.parametrize("how", ["option", "env"])
@pytest.mark.parametrize("command", list(CHECKS))
def test_rules_path_is_honoured(
    project: Project, elsewhere: Path, tmp_path: Path, command: str, how: str
) -> None:
    if how == "option":
        args, env = ["--rules", str(elsewhere)], {}
    else:
        args, env = [], {"MONITOR_RULES": str(elsewhere)}
    CHECKS[command](project, elsewhere, args, env, tmp_path)


def test_the_config_rules_folder_is_used_without_rules_option(
    project: Project, elsewhere: Path
) -> None:
    result = project.invoke("rules", "check")
    assert result.exit_code == 1
    assert str(project.rules / "broken.toml") in result.stderr


def test_the_rules_option_wins_over_the_environment(project: Project, elsewhere: Path) -> None:
    env = {"MONITOR_RULES": str(project.rules)}
    assert "ok: 1 rules" in project.ok("rules", "check", "--rules", str(elsewhere),
                                       env=env).stdout


def test_rules_option_naming_a_single_file(project: Project, elsewhere: Path) -> None:
    single = ["--rules", str(elsewhere / "alt.toml")]
    (elsewhere / "other.toml").write_text('[[rule]]\nid = "other"\nquery = "Tata"\n')
    assert "ok: 1 rules in 1 file(s)" in project.ok("rules", "check", *single).stdout
    rules = json.loads(project.ok("rules", "list", "--json", *single).stdout)["rules"]
    assert [r["id"] for r in rules] == ["alt"]
    project.ok("rules", "add", "more", "Loudiyi", *single)
    text = (elsewhere / "alt.toml").read_text()
    assert text.startswith("# alternative rules\n") and 'id = "more"' in text
    project.ok("rules", "disable", "more", *single)
    assert load_rulebook(elsewhere / "alt.toml").get("more").enabled is False  # type: ignore[union-attr]
    doc = project.root / "doc.txt"
    doc.write_text("Tata met Loudiyi in Cherat.")
    out = project.ok("match", "--json", *single, str(doc)).stdout
    assert [json.loads(line)["rule"] for line in out.splitlines()] == ["alt"]


def test_a_relative_rules_option_is_relative_to_the_working_directory(
    project: Project, elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.root)
    assert "ok: 1 rules" in project.ok("rules", "check", "--rules", "elsewhere").stdout


# -- match --------------------------------------------------------------------------------


@pytest.fixture
def docs(project: Project) -> Path:
    folder = project.root / "docs"
    folder.mkdir()
    (folder / "note.txt").write_text("Loudiyi flew to Lahore to see the JF-17 line.\n")
    (folder / "quiet.txt").write_text("Nothing about anything.\n")
    (folder / "page.html").write_text(textwrap.dedent("""\
        <!doctype html>
        <html><head><title>Tata &amp; sons</title>
        <script>var plane = "JF-17";</script><style>.Loudiyi { color: red }</style></head>
        <body><h1>Annual report</h1><p>Steel output rose.</p>
        <script type="text/javascript">track("Loudiyi");</script></body></html>
        """))
    lines = [
        {"id": "n1", "title": "Tata Motors results", "summary": "", "content": "Cars."},
        {"id": 7, "title": "Air show", "content": "The JF-17 flew."},
        {"title": "Loudiyi, no id here"},
        {"id": "n4", "summary": "nothing"},
    ]
    (folder / "items.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n\n")
    return folder


def match_json(project: Project, *args: str, input: str | None = None) -> list[dict[str, Any]]:
    out = project.ok("match", "--json", *args, input=input).stdout
    return [json.loads(line) for line in out.splitlines()]


def test_match_a_text_file_uses_its_path_as_the_id(project: Project, docs: Path) -> None:
    name = str(docs / "note.txt")
    (hit,) = match_json(project, name, str(docs / "quiet.txt"))
    assert set(hit) == {"doc", "rule", "terms", "snippet", "marks"}
    assert hit["doc"] == name
    assert hit["rule"] == "jf17"
    assert set(hit["terms"]) == {"Loudiyi", '"JF-17"'}
    assert {hit["snippet"][a:b] for a, b in hit["marks"]} == {"Loudiyi", "JF-17"}


def test_match_a_relative_path_keeps_it_as_given(project: Project, docs: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(docs)
    assert [h["doc"] for h in match_json(project, "note.txt")] == ["note.txt"]


def test_match_html_takes_the_title_and_ignores_scripts_and_styles(
    project: Project, docs: Path
) -> None:
    hits = match_json(project, str(docs / "page.html"))
    assert [(h["doc"], h["rule"]) for h in hits] == [(str(docs / "page.html"), "tata")]
    assert hits[0]["snippet"] == "Tata & sons" and hits[0]["marks"] == [[0, 4]]


def test_match_html_title_is_the_title_field(project: Project, docs: Path, tmp_path: Path) -> None:
    rules = tmp_path / "scoped.toml"
    rules.write_text('[[rule]]\nid = "t"\nquery = "title:sons"\n\n'
                     '[[rule]]\nid = "c"\nquery = "content:steel"\n\n'
                     '[[rule]]\nid = "not-title"\nquery = "title:steel"\n')
    hits = match_json(project, "--rules", str(rules), str(docs / "page.html"))
    assert sorted(h["rule"] for h in hits) == ["c", "t"]


def test_match_jsonl_reads_every_line_with_its_fields(project: Project, docs: Path) -> None:
    hits = match_json(project, str(docs / "items.jsonl"))
    assert [(h["doc"], h["rule"]) for h in hits] == [
        ("n1", "tata"), ("7", "jf17"), (f"{docs / 'items.jsonl'}:3", "jf17"),
    ]


def test_match_jsonl_fields_are_scoped_and_missing_ones_empty(
    project: Project, tmp_path: Path
) -> None:
    rules = tmp_path / "fields.toml"
    rules.write_text("\n".join(
        f'[[rule]]\nid = "{f}"\nquery = "{f}:needle"\n'
        for f in ("title", "summary", "content", "author", "link")
    ))
    data = tmp_path / "d.jsonl"
    data.write_text("\n".join(json.dumps(x) for x in [
        {"id": "t", "title": "needle"},
        {"id": "s", "summary": "a needle"},
        {"id": "c", "content": "needle here"},
        {"id": "a", "author": "Needle, J."},
        {"id": "l", "link": "https://x.example/needle"},
        {"id": "none", "title": None, "other": "needle"},
    ]))
    hits = match_json(project, "--rules", str(rules), str(data))
    assert [(h["doc"], h["rule"]) for h in hits] == [
        ("t", "title"), ("s", "summary"), ("c", "content"), ("a", "author"), ("l", "link"),
    ]


def test_match_reads_stdin_for_a_dash(project: Project) -> None:
    hits = match_json(project, "-", input="Loudiyi in Rabat\n")
    assert [(h["doc"], h["rule"]) for h in hits] == [("-", "jf17")]


def test_match_reads_jsonl_from_stdin(project: Project) -> None:
    lines = json.dumps({"id": "x1", "title": "Tata"}) + "\n" + json.dumps({"id": "x2"}) + "\n"
    hits = match_json(project, "-", input=lines)
    assert [(h["doc"], h["rule"]) for h in hits] == [("x1", "tata")]


def test_match_text_output_and_count(project: Project, docs: Path) -> None:
    result = project.ok("match", str(docs / "note.txt"), str(docs / "quiet.txt"))
    assert result.stdout.splitlines()[0] == f"{docs / 'note.txt'}: jf17 (Loudiyi, \"JF-17\")"
    assert "  Loudiyi flew to Lahore" in result.stdout  # piped: plain, no ** marks
    assert "**" not in result.stdout
    assert result.stderr.strip() == "1 hit(s)"


def test_match_with_no_hits_exits_0(project: Project, docs: Path) -> None:
    result = project.ok("match", str(docs / "quiet.txt"))
    assert result.stdout == ""
    assert result.stderr.strip() == "0 hit(s)"


def test_match_skips_disabled_rules(project: Project, docs: Path) -> None:
    project.ok("rules", "disable", "jf17")
    assert match_json(project, str(docs / "note.txt")) == []


def test_match_stores_nothing(project: Project, docs: Path) -> None:
    files = [str(docs / n) for n in ("note.txt", "page.html", "items.jsonl")]
    assert len(match_json(project, *files)) == 5
    project.ok("match", "--rules", str(project.rules), *files)
    assert not project.state.exists()
    assert not (project.root / "state").exists()
    assert not list(project.root.rglob("*.db"))


def test_match_an_unreadable_file_is_an_error(project: Project, docs: Path) -> None:
    result = project.invoke("match", str(docs / "missing.txt"))
    assert result.exit_code == 1
    assert "cannot read" in str(result.exception)


def test_match_bad_jsonl_names_the_line(project: Project, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "ok"}\n{not json\n')
    result = project.invoke("match", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:2:" in str(result.exception)


def test_match_with_broken_rules_is_an_error_naming_the_file(
    project: Project, docs: Path
) -> None:
    (project.rules / "broken.toml").write_text('[[rule]]\nid = "b"\nquery = "("\n')
    proc = run_module("--config", str(project.config), "match", str(docs / "note.txt"),
                      cwd=project.root)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"{project.rules / 'broken.toml'}:3" in proc.stderr


# -- backtest -----------------------------------------------------------------------------


@pytest.fixture
def archive(project: Project) -> Project:
    """Six entries stored by a poll, with publication dates a day apart."""
    project.serve([
        item("1", "Tata Steel", "Steel.", "Mon, 01 Jan 2024 10:00:00 GMT"),
        item("2", "JF-17 for Nigeria", "Jets.", "Tue, 02 Jan 2024 10:00:00 GMT"),
        item("3", "Loudiyi speaks", "Words.", "Wed, 03 Jan 2024 10:00:00 GMT"),
        item("4", "JF-17 Block III", "Upgrade.", "Thu, 04 Jan 2024 10:00:00 GMT"),
        item("5", "Tata Motors", "Cars, and a JF-17 flypast.", "Fri, 05 Jan 2024 10:00:00 GMT"),
        item("6", "Weather", "Rain.", "Sat, 06 Jan 2024 10:00:00 GMT"),
    ])
    project.ok("poll")
    return project


def entry_id(project: Project, guid: str) -> int:
    return project.query("SELECT id FROM entries WHERE guid = ?", f"urn:test:{guid}")[0][0]


def test_backtest_counts_hits_per_rule_with_the_newest_examples(archive: Project) -> None:
    report = archive.backtest()
    assert report["new_alerts"] is None
    by_rule = {r["rule"]: r for r in report["rules"]}
    assert list(by_rule) == ["tata", "jf17"]
    assert by_rule["tata"]["hits"] == 2
    assert by_rule["jf17"]["hits"] == 4
    examples = by_rule["jf17"]["examples"]
    assert [e["title"] for e in examples] == ["Tata Motors", "JF-17 Block III", "Loudiyi speaks"]
    assert examples[0]["source"] == archive.feed_url
    assert examples[0]["date"] == "2024-01-05T10:00:00Z"
    assert examples[0]["entry"] == entry_id(archive, "5")
    ex = examples[0]
    assert "JF-17" in [ex["snippet"][a:b] for a, b in ex["marks"]]
    assert by_rule["jf17"]["gained"] is None and by_rule["jf17"]["lost"] is None


def test_backtest_text_output(archive: Project) -> None:
    out = archive.ok("backtest").stdout
    assert "tata: 2 entries since" in out
    assert "jf17: 4 entries since" in out
    assert f"2024-01-05T10:00:00Z  Tata Motors  ({archive.feed_url})" in out
    assert "applied" not in out


def test_backtest_named_rules_only(archive: Project) -> None:
    assert [r["rule"] for r in archive.backtest("tata")["rules"]] == ["tata"]


def test_backtest_an_unknown_rule_is_an_error(archive: Project) -> None:
    result = archive.invoke("backtest", "tata", "nope")
    assert result.exit_code == 1
    assert "no rule 'nope'" in str(result.exception)
    proc = run_module("--config", str(archive.config), "--state", str(archive.state),
                      "backtest", "nope", cwd=archive.root)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "monitor: error: no rule 'nope'; `monitor rules list` shows the ids"]


def test_backtest_after_a_query_change_reports_gained_and_lost(archive: Project) -> None:
    archive.backtest()
    archive.watch.write_text(WATCH.replace("'\"JF-17\" OR Loudiyi'", '"JF-17 OR Weather"'))
    report = {r["rule"]: r for r in archive.backtest()["rules"]}
    assert report["jf17"]["hits"] == 4
    assert report["jf17"]["gained"] == [entry_id(archive, "6")]
    assert report["jf17"]["lost"] == [entry_id(archive, "3")]
    assert report["tata"]["gained"] is None  # unchanged rule
    out = archive.ok("backtest").stdout  # same query again: nothing to compare
    assert "gained" not in out


def test_backtest_text_output_shows_gained_and_lost(archive: Project) -> None:
    archive.backtest("jf17")
    archive.watch.write_text(WATCH.replace("'\"JF-17\" OR Loudiyi'", '"Weather"'))
    out = archive.ok("backtest", "jf17").stdout
    assert "jf17: 1 entries since" in out
    assert "+1 gained, -4 lost" in out


def test_backtest_since_limits_to_recently_stored_entries(archive: Project) -> None:
    old = iso(utcnow().replace(year=utcnow().year - 1))
    conn = sqlite3.connect(archive.state / DB_NAME)
    with conn:
        conn.execute("UPDATE entries SET first_seen = ? WHERE guid IN (?, ?)",
                     (old, "urn:test:4", "urn:test:5"))
    conn.close()
    report = {r["rule"]: r["hits"] for r in archive.backtest("--since", "30d")["rules"]}
    assert report == {"tata": 1, "jf17": 2}
    report = {r["rule"]: r["hits"] for r in archive.backtest("--since", "800d")["rules"]}
    assert report == {"tata": 2, "jf17": 4}


def test_backtest_without_apply_records_no_alerts(archive: Project) -> None:
    before = archive.query("SELECT count(*) FROM alerts")[0][0]
    archive.watch.write_text(WATCH + '\n[[rule]]\nid = "weather"\nquery = "Weather"\n')
    archive.backtest()
    assert archive.query("SELECT count(*) FROM alerts")[0][0] == before


def test_backtest_apply_records_alerts_without_duplicating_existing_ones(
    archive: Project,
) -> None:
    per_rule = "SELECT rule_id, count(*) FROM alert_rules GROUP BY rule_id"
    assert dict(archive.query(per_rule)) == {"tata": 2, "jf17": 4}
    assert archive.query("SELECT count(*) FROM alerts")[0][0] == 5  # "Tata Motors": one story
    archive.watch.write_text(WATCH + '\n[[rule]]\nid = "weather"\nquery = "Weather OR Rain"\n')
    report = archive.backtest("--apply")
    assert report["new_alerts"] == 1
    assert dict(archive.query(per_rule)) == {"tata": 2, "jf17": 4, "weather": 1}
    assert archive.query("SELECT count(*) FROM hits")[0][0] == 7
    weather = json.loads(archive.ok("alerts", "--json", "--rule", "weather").stdout)["alerts"]
    assert [(a["title"], a["sources"]) for a in weather] == [("Weather", [archive.feed_url])]

    assert archive.backtest("--apply")["new_alerts"] == 0
    assert archive.query("SELECT count(*) FROM alerts")[0][0] == 6
    assert archive.query("SELECT count(*) FROM hits")[0][0] == 7
    assert "applied: 0 new alert(s)" in archive.ok("backtest", "--apply").stdout
