"""Queries that parse but look wrong get warnings (lower-case and/or/not/near between
terms); NEAR/x is an error at its column; a query typed on the command line is shown with
a caret under the mistake; `rules remove` takes a rule out of its file tidily."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from monitor.cli import cli
from monitor.cli_rules import without_rule
from monitor.rulebook.files import load_rulebook
from monitor.rulebook.query import QueryError, parse_query, point_at, query_warnings


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


@pytest.mark.parametrize(("query", "column", "suggests"), [
    ("Tata and Morocco", 6, "AND"), ("JF-17 or Thunder", 7, "OR"), ("Tata not Motors", 6, "NOT"),
    ("Thunder near Morocco", 9, "NEAR/10"), ("Thunder near/5 Morocco", 9, "NEAR/5"),
])
def test_lower_case_operators_between_terms_get_a_warning(
    query: str, column: int, suggests: str
) -> None:
    parse_query(query)  # still a valid query: the words are searched
    (warning,) = query_warnings(query)
    assert warning.column == column
    assert f"write {suggests}" in warning.message


@pytest.mark.parametrize("query", ["and then", "rock and", "Tata AND Morocco", '"war and peace"',
                                   "(and OR x)"])
def test_no_warning_where_the_word_is_no_operator(query: str) -> None:
    assert query_warnings(query) == []


@pytest.mark.parametrize(("query", "column"), [("Tata NEAR/x Morocco", 6), ("a NEAR/ b", 3),
                                               ("a NEAR/5x b", 3)])
def test_near_without_a_number_is_an_error_at_its_column(query: str, column: int) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert caught.value.column == column
    assert "NEAR/5" in caught.value.reason


def test_point_at_puts_a_caret_under_the_column_of_a_multiline_query() -> None:
    assert point_at("a NEAR/x b", 3) == "  a NEAR/x b\n    ^"
    assert point_at("(a OR\n  b NEAR/x c)", 11) == "    b NEAR/x c)\n      ^"


def test_rules_add_points_into_the_query_and_warns(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    bad = invoke("rules", "add", "x", "Tata NEAR/x Morocco", "--rules", str(rules))
    assert bad.exit_code == 1
    assert "  Tata NEAR/x Morocco\n       ^" in bad.stderr
    assert "column 6" in str(bad.exception) and "line" not in str(bad.exception)
    assert not rules.exists()
    warned = invoke("rules", "add", "x", "Tata and Morocco", "--rules", str(rules))
    assert warned.exit_code == 0, warned.output
    assert "warning: the query, column 6: 'and' is searched as a word" in warned.stderr
    checked = invoke("rules", "check", "--rules", str(rules))
    assert checked.exit_code == 0
    assert "warning: rule x: column 6" in checked.stderr and "1 warning(s)" in checked.stdout
    typed = invoke("rules", "check", "--query", 'a OR "b')
    assert typed.exit_code == 1 and "  a OR \"b\n       ^" in typed.stderr


RULES = """\
# My rules: about the file.

# the first
[[rule]]
id = "one"
query = "Thunder"

# the second
[[rule]]
id = "two"
query = '''Loudiyi
  OR Morocco'''
# still about two

[[rule]]
id = "three"
query = "Tata"
"""


def test_rules_remove_takes_the_rule_and_its_comments_out(tmp_path: Path) -> None:
    file = tmp_path / "rules.toml"
    file.write_text(RULES, encoding="utf-8")
    done = invoke("rules", "remove", "two", "--rules", str(file))
    assert done.exit_code == 0, done.output
    left = file.read_text(encoding="utf-8")
    assert "two" not in left and "Loudiyi" not in left and "\n\n\n" not in left
    assert [r.id for r in load_rulebook(file).rules] == ["one", "three"]
    assert without_rule(RULES, 4).startswith("# My rules: about the file.\n\n# the second")
    assert without_rule(RULES, 15).endswith("# still about two\n")
    missing = invoke("rules", "remove", "nope", "--rules", str(file))
    assert missing.exit_code == 1 and "rules list" in str(missing.exception)


def test_the_try_a_query_box_warns_about_a_lower_case_operator(tmp_path: Path) -> None:
    from monitor.config import load_config
    from monitor.web.views import try_query

    config = load_config(tmp_path / "monitor.toml")
    trial = try_query(config, "Tata or Morocco", 7)
    assert trial.error is None
    assert len(trial.warnings) == 1 and "OR" in trial.warnings[0]
