"""Rule files (rules/*.toml): loading, every kind of mistake reported with file, line and
column, the fingerprint that tells the daemon to reload, keeping the last good rulebook,
and edits (add a rule, enable/disable one) that keep the user's comments."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from monitor.alerts import Rules
from monitor.errors import MonitorError
from monitor.rulebook.files import (
    RULE_KEYS,
    Problem,
    Rulebook,
    RuleError,
    add_rule,
    fingerprint,
    load_rulebook,
    set_enabled,
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(RuleError) as info:
        load_rulebook(path)
    assert info.value.problems, "a RuleError must list its problems"
    return info.value.problems


def only_problem(path: Path) -> Problem:
    problems = problems_of(path)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def bump_mtime(path: Path) -> None:
    """Move a file's mtime on by a second, so the change is visible whatever the clock."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


FULL_RULE = """
# Defence procurement, Pakistan and Morocco.
[[rule]]
id = "jf17"
query = '"JF-17" OR Loudiyi'
name = "JF-17 sales"
severity = "high"
tags = ["pk", "defence"]
enabled = false
deliver = "immediate"
notes = "Started from the Tata seed."
"""


# -- loading valid files -------------------------------------------------------------------


def test_every_rule_key_is_read_from_the_file(tmp_path: Path) -> None:
    file = write(tmp_path / "rules" / "defence.toml", FULL_RULE)
    book = load_rulebook(tmp_path / "rules")
    (rule,) = book.rules
    assert rule.id == "jf17"
    assert rule.query == '"JF-17" OR Loudiyi'
    assert rule.name == "JF-17 sales"
    assert rule.title == "JF-17 sales"
    assert rule.severity == "high"
    assert rule.tags == ("pk", "defence")
    assert rule.enabled is False
    assert rule.deliver == "immediate"
    assert rule.notes == "Started from the Tata seed."
    assert rule.file == file
    assert rule.line == 2
    assert book.enabled == []
    assert book.get("jf17") is rule
    assert book.get("nope") is None


def test_defaults_are_normal_severity_enabled_and_daily_delivery(tmp_path: Path) -> None:
    write(tmp_path / "r.toml", '[[rule]]\nid = "tata"\nquery = "Tata"\n')
    (rule,) = load_rulebook(tmp_path / "r.toml").rules
    assert (rule.severity, rule.enabled, rule.deliver) == ("normal", True, "daily")
    assert (rule.name, rule.tags, rule.notes) == ("", (), "")
    assert rule.title == "tata"


def test_load_rulebook_on_a_directory_reads_every_toml_file_in_name_order(
    tmp_path: Path,
) -> None:
    rules = tmp_path / "rules"
    write(rules / "b.toml", '[[rule]]\nid = "b1"\nquery = "beta"\n')
    write(rules / "a.toml", '[[rule]]\nid = "a1"\nquery = "alpha"\n'
                            '\n[[rule]]\nid = "a2"\nquery = "gamma"\n')
    write(rules / "notes.txt", "not a rule file = [")
    book = load_rulebook(rules)
    assert [r.id for r in book.rules] == ["a1", "a2", "b1"]
    assert book.files == (rules / "a.toml", rules / "b.toml")
    assert [r.line for r in book.rules] == [1, 5, 1]


def test_load_rulebook_on_a_single_file_reads_only_that_file(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    write(rules / "a.toml", '[[rule]]\nid = "a1"\nquery = "alpha"\n')
    write(rules / "b.toml", "this is [ broken")
    book = load_rulebook(rules / "a.toml")
    assert [r.id for r in book.rules] == ["a1"]
    assert book.files == (rules / "a.toml",)


def test_an_empty_directory_or_file_is_an_empty_rulebook(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    assert load_rulebook(tmp_path / "rules").rules == ()
    write(tmp_path / "empty.toml", "# nothing yet\n")
    assert load_rulebook(tmp_path / "empty.toml").rules == ()


# -- mistakes, each with file and line -----------------------------------------------------


def test_a_typo_in_a_key_names_its_line_and_lists_the_allowed_keys(tmp_path: Path) -> None:
    file = write(tmp_path / "r.toml", """
        # my rules
        [[rule]]
        id = "tata"
        query = "Tata"
        severty = "high"
        """)
    problem = only_problem(file)
    assert problem.file == file
    assert problem.line == 5
    assert "severty" in problem.message
    for key in RULE_KEYS:
        assert key in problem.message
    assert str(problem).startswith(f"{file}:5")


def test_a_rule_without_an_id_is_reported_at_its_header(tmp_path: Path) -> None:
    file = write(tmp_path / "r.toml", """
        [[rule]]
        id = "ok"
        query = "fine"

        [[rule]]
        query = "Tata"
        """)
    problem = only_problem(file)
    assert problem.line == 5
    assert "no id" in problem.message


def test_a_rule_without_a_query_is_reported(tmp_path: Path) -> None:
    file = write(tmp_path / "r.toml", '[[rule]]\nid = "tata"\nname = "Tata"\n')
    problem = only_problem(file)
    assert problem.line == 1
    assert "no query" in problem.message


def test_an_empty_query_is_reported_on_its_line(tmp_path: Path) -> None:
    file = write(tmp_path / "r.toml", '[[rule]]\nid = "tata"\nquery = "   "\n')
    problem = only_problem(file)
    assert problem.line == 3
    assert "no query" in problem.message


@pytest.mark.parametrize("bad_id", ["Tata", "tata steel", "-tata", "tata!", "ta.ta"])
def test_an_id_that_is_not_a_slug_is_reported(tmp_path: Path, bad_id: str) -> None:
    file = write(tmp_path / "r.toml", f'[[rule]]\nquery = "Tata"\nid = "{bad_id}"\n')
    problem = only_problem(file)
    assert problem.line == 3
    assert "slug" in problem.message
    assert repr(bad_id) in problem.message


@pytest.mark.parametrize("good_id", ["tata", "jf-17", "pk_defence", "0day", "a"])
def test_slugs_are_accepted(tmp_path: Path, good_id: str) -> None:
    file = write(tmp_path / "r.toml", f'[[rule]]\nid = "{good_id}"\nquery = "Tata"\n')
    assert [r.id for r in load_rulebook(file).rules] == [good_id]


def test_a_bad_severity_names_the_line_and_the_allowed_values(tmp_path: Path) -> None:
    file = write(tmp_path / "r.toml", '[[rule]]\nid = "t"\nquery = "Tata"\nseverity = "urgent"\n')
    problem = only_problem(file)
    assert problem.line == 4
    assert "'urgent'" in problem.message
    for value in ("low", "normal", "high"):
        assert value in problem.message


def test_a_bad_delivery_names_the_line_and_the_allowed_values(tmp_path: Path) -> None:
    file = write(tmp_path / "r.toml", '[[rule]]\nid = "t"\nquery = "Tata"\ndeliver = "hourly"\n')
    problem = only_problem(file)
    assert problem.line == 4
    assert "'hourly'" in problem.message
    for value in ("immediate", "daily", "weekly"):
        assert value in problem.message


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('tags = "pk"', "tags"),
        ("tags = [1, 2]", "tags"),
        ('enabled = "no"', "enabled"),
        ("name = 3", "name"),
        ("notes = [\"a\"]", "notes"),
    ],
)
def test_values_of_the_wrong_type_are_reported(tmp_path: Path, line: str, key: str) -> None:
    file = write(tmp_path / "r.toml", f'[[rule]]\nid = "t"\nquery = "Tata"\n{line}\n')
    problem = only_problem(file)
    assert problem.line == 4
    assert key in problem.message


def test_a_top_level_key_outside_rule_tables_is_reported(tmp_path: Path) -> None:
    file = write(tmp_path / "r.toml", 'id = "t"\nquery = "Tata"\n')
    problems = problems_of(file)
    assert all(p.file == file for p in problems)
    assert any("[[rule]]" in p.message for p in problems)


def test_duplicate_ids_across_two_files_name_both_files(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    first = write(rules / "a.toml", '[[rule]]\nid = "tata"\nquery = "Tata"\n')
    second = write(rules / "b.toml", '# other\n[[rule]]\nid = "tata"\nquery = "Tata Steel"\n')
    problem = only_problem(rules)
    text = str(problem)
    assert str(first) in text and str(second) in text
    assert problem.file == second and problem.line == 2
    assert f"{first}:1" in problem.message
    assert "'tata'" in problem.message


def test_duplicate_ids_in_one_file_are_reported(tmp_path: Path) -> None:
    file = write(tmp_path / "r.toml", '[[rule]]\nid = "t"\nquery = "a"\n\n'
                                     '[[rule]]\nid = "t"\nquery = "b"\n')
    problem = only_problem(file)
    assert problem.line == 5
    assert f"{file}:1" in problem.message


def test_invalid_toml_names_the_file_and_line(tmp_path: Path) -> None:
    file = write(tmp_path / "r.toml", """
        # fine so far
        [[rule]]
        id = "tata"
        query = "Tata
        """)
    problem = only_problem(file)
    assert problem.file == file
    assert problem.line == 4
    assert "TOML" in problem.message
    assert str(problem).startswith(f"{file}:4")


def test_invalid_toml_in_one_file_does_not_hide_problems_in_another(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    write(rules / "a.toml", "[[rule]\n")
    write(rules / "b.toml", '[[rule]]\nid = "b"\nquery = "x"\nseverity = "huge"\n')
    problems = problems_of(rules)
    assert {p.file.name for p in problems} == {"a.toml", "b.toml"}


def test_a_query_syntax_error_points_at_the_character_in_the_file(tmp_path: Path) -> None:
    file = write(tmp_path / "r.toml", """
        [[rule]]
        id = "tata"
        query = "foo AND (bar"
        """)
    problem = only_problem(file)
    assert (problem.line, problem.column) == (3, 18)
    line = file.read_text().splitlines()[problem.line - 1]
    assert line[problem.column - 1] == "("
    assert str(problem).startswith(f"{file}:3:18: query:")
    assert "(" in problem.message


def test_a_query_error_column_allows_for_indentation_and_spacing(tmp_path: Path) -> None:
    file = write(tmp_path / "r.toml", '[[rule]]\n  id="t"\n  query   =   \'Tata OR (x\'\n')
    problem = only_problem(file)
    line = file.read_text().splitlines()[problem.line - 1]
    assert problem.line == 3
    assert problem.column is not None
    assert line[problem.column - 1] == "("


def test_a_query_error_in_an_escaped_string_gives_the_column_in_the_query(
    tmp_path: Path,
) -> None:
    """With escapes in the line, file and query columns differ; the query's column is said."""
    file = write(tmp_path / "r.toml", '[[rule]]\nid = "t"\nquery = "\\"JF-17\\" AND (x"\n')
    problem = only_problem(file)
    assert problem.line == 3
    assert "column" in problem.message and "of the query" in problem.message


def test_every_problem_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    file = write(tmp_path / "r.toml", """
        [[rule]]
        id = "one"
        query = "foo AND (bar"
        severty = "high"

        [[rule]]
        id = "Bad Slug"
        query = "x"
        severity = "urgent"
        deliver = "hourly"

        [[rule]]
        name = "no id and no query"

        [[rule]]
        id = "fine"
        query = "fine"
        """)
    problems = problems_of(file)
    lines = sorted(p.line for p in problems)
    assert lines == [3, 4, 7, 9, 10, 12, 12], [str(p) for p in problems]
    assert all(p.file == file for p in problems)
    assert len(str(RuleError(problems)).splitlines()) == len(problems)


def test_a_broken_file_loads_no_rules_at_all(tmp_path: Path) -> None:
    """One bad rule fails the whole load: a half-loaded rulebook would silently miss alerts."""
    rules = tmp_path / "rules"
    write(rules / "a.toml", '[[rule]]\nid = "good"\nquery = "fine"\n')
    write(rules / "b.toml", '[[rule]]\nid = "bad"\nquery = "("\n')
    with pytest.raises(RuleError):
        load_rulebook(rules)


# -- fingerprint and reloading -------------------------------------------------------------


def test_fingerprint_changes_when_a_file_is_touched_added_or_removed(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    a = write(rules / "a.toml", '[[rule]]\nid = "a"\nquery = "alpha"\n')
    first = fingerprint(rules)
    assert fingerprint(rules) == first

    bump_mtime(a)
    touched = fingerprint(rules)
    assert touched != first

    b = write(rules / "b.toml", '[[rule]]\nid = "b"\nquery = "beta"\n')
    added = fingerprint(rules)
    assert added not in (first, touched)

    b.unlink()
    removed = fingerprint(rules)
    assert removed not in (first, added)

    write(rules / "ignored.txt", "not a rule file")
    assert fingerprint(rules) == removed


def test_fingerprint_of_a_single_file_follows_its_content(tmp_path: Path) -> None:
    file = write(tmp_path / "r.toml", '[[rule]]\nid = "a"\nquery = "alpha"\n')
    before = fingerprint(file)
    file.write_text('[[rule]]\nid = "a"\nquery = "alpha OR beta"\n', encoding="utf-8")
    assert fingerprint(file) != before


def test_the_rulebook_carries_the_fingerprint_of_its_files(tmp_path: Path) -> None:
    write(tmp_path / "rules" / "a.toml", '[[rule]]\nid = "a"\nquery = "alpha"\n')
    assert load_rulebook(tmp_path / "rules").fingerprint == fingerprint(tmp_path / "rules")


def test_rules_refresh_keeps_the_last_good_rulebook_and_picks_up_the_fix(
    tmp_path: Path,
) -> None:
    rules_dir = tmp_path / "rules"
    file = write(rules_dir / "a.toml", '[[rule]]\nid = "a"\nquery = "alpha"\n')
    rules = Rules(rules_dir)
    assert rules.refresh() is True
    assert rules.book is not None and [r.id for r in rules.book.rules] == ["a"]
    assert rules.matcher is not None and len(rules.matcher) == 1
    assert rules.error is None
    assert rules.refresh() is False  # nothing changed

    good_book, good_matcher = rules.book, rules.matcher
    write(file, '[[rule]]\nid = "a"\nquery = "alpha AND (beta"\n')
    bump_mtime(file)
    assert rules.refresh() is False
    assert rules.book is good_book and rules.matcher is good_matcher
    assert rules.error is not None and f"{file}:3:20" in rules.error

    write(file, '[[rule]]\nid = "a"\nquery = "alpha"\n\n[[rule]]\nid = "b"\nquery = "beta"\n')
    bump_mtime(file)
    assert rules.refresh() is True
    assert [r.id for r in rules.book.rules] == ["a", "b"]
    assert rules.error is None
    assert len(rules.matcher) == 2


def test_rules_refresh_with_broken_files_from_the_start_has_no_rules_in_force(
    tmp_path: Path,
) -> None:
    file = write(tmp_path / "rules" / "a.toml", "[[rule]]\nid = \n")
    rules = Rules(tmp_path / "rules")
    assert rules.refresh() is False
    assert rules.book is None and rules.matcher is None
    assert rules.error is not None and str(file) in rules.error


def test_rules_refresh_compiles_only_enabled_rules(tmp_path: Path) -> None:
    write(tmp_path / "r.toml", '[[rule]]\nid = "on"\nquery = "alpha"\n\n'
                               '[[rule]]\nid = "off"\nquery = "beta"\nenabled = false\n')
    rules = Rules(tmp_path / "r.toml")
    rules.refresh()
    assert rules.matcher is not None
    hits = rules.matcher.match({"title": "alpha beta"})
    assert [h.rule_id for h in hits] == ["on"]


# -- editing: add_rule and set_enabled keep comments ---------------------------------------


COMMENTED = """
# Watch list for the Tata story. Keep this comment!
[[rule]]
id = "tata"            # the company, not grandma
query = "case:Tata"
severity = "high"
"""


def test_add_rule_appends_and_keeps_comments(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    file = write(rules / "local.toml", COMMENTED)
    book = load_rulebook(rules)
    written = add_rule(rules, {"id": "jf17", "query": '"JF-17"', "severity": "low",
                               "tags": ("pk",), "name": None}, book)
    assert written == file
    text = file.read_text(encoding="utf-8")
    assert text.startswith(textwrap.dedent(COMMENTED).lstrip("\n"))
    assert "# the company, not grandma" in text
    after = load_rulebook(rules)
    assert [r.id for r in after.rules] == ["tata", "jf17"]
    new = after.get("jf17")
    assert new is not None
    assert (new.query, new.severity, new.tags, new.name) == ('"JF-17"', "low", ("pk",), "")


def test_add_rule_to_a_named_file_creates_it(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    target = rules / "morocco.toml"
    written = add_rule(target, {"id": "loudiyi", "query": "Loudiyi"}, Rulebook((), (), ""))
    assert written == target
    assert [r.id for r in load_rulebook(rules).rules] == ["loudiyi"]


def test_add_rule_to_a_directory_without_files_creates_local_toml(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    written = add_rule(rules, {"id": "x", "query": "x"}, load_rulebook(rules))
    assert written == rules / "local.toml"


def test_add_rule_refuses_a_duplicate_id_and_leaves_the_file_alone(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    file = write(rules / "local.toml", COMMENTED)
    other = write(rules / "other.toml", '[[rule]]\nid = "more"\nquery = "more"\n')
    before = file.read_text(), other.read_text()
    book = load_rulebook(rules)
    with pytest.raises(RuleError) as info:
        add_rule(rules / "other.toml", {"id": "tata", "query": "Tata"}, book)
    assert "'tata'" in str(info.value)
    assert f"{file}:2" in str(info.value)
    assert (file.read_text(), other.read_text()) == before


def test_add_rule_refuses_a_bad_query_and_leaves_the_file_alone(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    file = write(rules / "local.toml", COMMENTED)
    before = file.read_text()
    with pytest.raises(RuleError) as info:
        add_rule(rules, {"id": "bad", "query": "Tata AND (x"}, load_rulebook(rules))
    assert "query" in str(info.value)
    assert file.read_text() == before


def test_add_rule_refuses_a_bad_slug_or_severity(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    with pytest.raises(RuleError):
        add_rule(rules, {"id": "Not A Slug", "query": "x"}, load_rulebook(rules))
    with pytest.raises(RuleError):
        add_rule(rules, {"id": "ok", "query": "x", "severity": "urgent"}, load_rulebook(rules))
    assert list(rules.iterdir()) == []


def test_set_enabled_flips_enabled_and_keeps_comments(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    file = write(rules / "local.toml", COMMENTED + '\n[[rule]]\nid = "other"\nquery = "o"\n')
    rule = set_enabled(load_rulebook(rules), "tata", False)
    assert rule.id == "tata" and rule.file == file
    text = file.read_text()
    assert "# Watch list for the Tata story. Keep this comment!" in text
    assert "# the company, not grandma" in text
    book = load_rulebook(rules)
    assert book.get("tata").enabled is False  # type: ignore[union-attr]
    assert book.get("other").enabled is True  # type: ignore[union-attr]
    assert [r.id for r in book.enabled] == ["other"]

    set_enabled(book, "tata", True)
    book = load_rulebook(rules)
    assert book.get("tata").enabled is True  # type: ignore[union-attr]
    assert "# the company, not grandma" in file.read_text()


def test_set_enabled_on_an_unknown_rule_is_an_error(tmp_path: Path) -> None:
    file = write(tmp_path / "r.toml", COMMENTED)
    before = file.read_text()
    with pytest.raises(MonitorError, match="no rule 'nope'"):
        set_enabled(load_rulebook(file), "nope", False)
    assert file.read_text() == before


def test_the_id_all_is_reserved_for_the_feed_of_all_alerts(tmp_path: Path) -> None:
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "all"\nquery = "tata"\n')
    with pytest.raises(RuleError) as info:
        load_rulebook(tmp_path)
    assert "reserved" in str(info.value)
    assert "r.toml:2" in str(info.value)
