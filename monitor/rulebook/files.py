"""Rule files: `rules/*.toml`, one `[[rule]]` table per rule. Load, validate, edit.

Every problem is reported with its file, line (and column for query errors) and what to
do. Loading collects all problems rather than stopping at the first, so `rules check`
shows everything at once; the daemon keeps its last good rulebook when any file is broken.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.atomic import write_atomically
from monitor.errors import MonitorError
from monitor.rulebook.query import Node, QueryError, parse_query

SEVERITIES = ("low", "normal", "high")
DELIVERIES = ("immediate", "daily", "weekly")
RULE_KEYS = ("id", "query", "name", "severity", "tags", "enabled", "deliver", "notes")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
RESERVED_IDS = frozenset({"all"})  # state/atom/all.xml is every rule's alerts
_RULE_HEADER = re.compile(r"^\s*\[\[\s*rule\s*\]\]")
DEFAULT_FILE = "local.toml"


class RuleError(MonitorError):
    """A rule file problem; `problems` lists every one found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    """One mistake in a rule file: where, and what to do about it."""

    file: Path
    line: int
    message: str
    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Rule:
    """A watch rule as written in its file, with the parsed query."""

    id: str
    query: str
    ast: Node = field(compare=False, repr=False)
    name: str = ""
    severity: str = "normal"
    tags: tuple[str, ...] = ()
    enabled: bool = True
    deliver: str = "daily"
    notes: str = ""
    file: Path = Path()
    line: int = 0

    @property
    def title(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Rulebook:
    """All rules found under a path, and a fingerprint of the files they came from."""

    rules: tuple[Rule, ...]
    files: tuple[Path, ...]
    fingerprint: str

    @property
    def enabled(self) -> list[Rule]:
        return [r for r in self.rules if r.enabled]

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def rule_files(path: Path) -> list[Path]:
    """The rule files a path names: the file itself, or a directory's *.toml, sorted."""
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.glob("*.toml") if p.is_file())
    return []


def fingerprint(path: Path) -> str:
    """Changes whenever a rule file is added, removed or modified (cheap: stat only)."""
    digest = hashlib.sha256()
    for file in rule_files(path):
        try:
            stat = file.stat()
        except OSError:
            continue  # removed while we looked: the next check sees the new state
        digest.update(f"{file}\0{stat.st_ino}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    return digest.hexdigest()


def _lines_of_rules(text: str) -> list[int]:
    """Line numbers (1-based) of each [[rule]] header, in order."""
    return [i + 1 for i, line in enumerate(text.splitlines()) if _RULE_HEADER.match(line)]


def _key_line(lines: list[str], start: int, key: str) -> tuple[int, int]:
    """(line, column where the value starts) of `key = ` in the table starting at `start`."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=\s*")
    for number in range(start, len(lines) + 1):
        if number > start and _RULE_HEADER.match(lines[number - 1]):
            break
        match = pattern.match(lines[number - 1])
        if match:
            return number, match.end() + 1
    return start, 1


def parse_rules_text(text: str, file: Path) -> tuple[list[Rule], list[Problem]]:
    """Rules of one file's text, and every problem in it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = (int(match.group(1)), int(match.group(2))) if match else (1, None)
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        return [], [Problem(file, line, f"not valid TOML: {reason}", column)]
    lines = text.splitlines()
    headers = _lines_of_rules(text)
    problems: list[Problem] = []
    for key in data:
        if key != "rule":
            problems.append(Problem(file, 1, f"unknown top-level key {key!r}: write rules as "
                                    "[[rule]] tables"))
    raw = data.get("rule", [])
    if not isinstance(raw, list):
        return [], problems + [Problem(file, 1, "write each rule as a [[rule]] table")]
    rules = []
    for index, table in enumerate(raw):
        start = headers[index] if index < len(headers) else 1
        rule = _rule(table, file, start, lines, problems)
        if rule is not None:
            rules.append(rule)
    return rules, problems


def _rule(
    table: dict[str, Any], file: Path, start: int, lines: list[str], problems: list[Problem]
) -> Rule | None:
    def problem(key: str | None, message: str, column: int | None = None) -> None:
        line, value_column = _key_line(lines, start, key) if key else (start, None)
        problems.append(Problem(file, line, message, column or value_column))

    before = len(problems)
    for key in table:
        if key not in RULE_KEYS:
            problem(key, f"unknown key {key!r}; a rule has: " + ", ".join(RULE_KEYS))
    rule_id = table.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        problem(None, 'this rule has no id: add id = "a-slug" (lower case, digits, - or _)')
    elif not _SLUG.match(rule_id):
        problem("id", f"id {rule_id!r} is not a slug: use lower case letters, digits, - and _")
    elif rule_id in RESERVED_IDS:
        problem("id", f"id {rule_id!r} is reserved (the Atom feed of all alerts); choose another")
    query = table.get("query")
    ast = None
    if not isinstance(query, str) or not query.strip():
        problem("query" if "query" in table else None,
                'this rule has no query: add query = "Loudiyi OR \\"JF-17\\""')
    else:
        try:
            ast = parse_query(query)
        except QueryError as exc:
            line, value_column = _key_line(lines, start, "query")
            raw_line = lines[line - 1] if line <= len(lines) else ""
            single_line = raw_line[value_column - 1 : value_column] in ('"', "'") and not \
                raw_line[value_column - 1 :].startswith(('"""', "'''"))
            column = value_column + exc.column if single_line and '\\' not in raw_line else None
            problems.append(Problem(file, line, f"query: {exc.reason}"
                                    + ("" if column else f" (at column {exc.column} of the query)"),
                                    column))
    severity = table.get("severity", "normal")
    if severity not in SEVERITIES:
        problem("severity", f"severity {severity!r}: use one of " + ", ".join(SEVERITIES))
    deliver = table.get("deliver", "daily")
    if deliver not in DELIVERIES:
        problem("deliver", f"deliver {deliver!r}: use one of " + ", ".join(DELIVERIES))
    tags = table.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problem("tags", 'tags must be a list of strings, e.g. tags = ["pk", "defence"]')
        tags = []
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        problem("enabled", "enabled must be true or false (no quotes)")
    for key in ("name", "notes"):
        if key in table and not isinstance(table[key], str):
            problem(key, f"{key} must be a string in quotes")
    if len(problems) > before or ast is None:
        return None
    return Rule(
        id=str(rule_id), query=str(query), ast=ast, name=str(table.get("name", "")),
        severity=str(severity), tags=tuple(tags), enabled=bool(enabled), deliver=str(deliver),
        notes=str(table.get("notes", "")), file=file, line=start,
    )


def claim_ids(found: list[Rule], seen: dict[str, Rule]) -> list[Problem]:
    """Record the rules' ids in `seen`; a problem for each id some other rule has."""
    problems = []
    for rule in found:
        other = seen.get(rule.id)
        if other is not None and other is not rule:
            problems.append(Problem(
                rule.file, rule.line,
                f"rule id {rule.id!r} is already used at {other.file}:{other.line}; "
                "ids must be unique across files",
            ))
        else:
            seen[rule.id] = rule
    return problems


def load_rulebook(path: Path) -> Rulebook:
    """Load every rule under `path`; raises RuleError listing all problems, if any."""
    files = rule_files(path)
    if not files and path.exists() and not path.is_dir() and not path.is_file():
        raise RuleError([Problem(path, 1, "not a file or directory")])
    rules: list[Rule] = []
    problems: list[Problem] = []
    seen: dict[str, Rule] = {}
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(file, 1, f"cannot read it: {exc}"))
            continue
        found, file_problems = parse_rules_text(text, file)
        problems.extend(file_problems)
        clashes = claim_ids(found, seen)
        problems.extend(clashes)
        clashing = {(p.file, p.line) for p in clashes}
        rules.extend(r for r in found if (r.file, r.line) not in clashing)
    if problems:
        raise RuleError(problems)
    return Rulebook(tuple(rules), tuple(files), fingerprint(path))


def add_rule(path: Path, values: dict[str, Any], book: Rulebook) -> Path:
    """Append a rule (validated first) to a file under `path`, keeping its comments."""
    import tomlkit

    target = path if path.suffix == ".toml" else path / DEFAULT_FILE
    if book.get(str(values.get("id"))):
        other = book.get(str(values["id"]))
        assert other is not None
        raise RuleError([Problem(other.file, other.line,
                                 f"rule id {values['id']!r} already exists here; pick another")])
    original = target.read_text(encoding="utf-8") if target.exists() else ""
    doc = tomlkit.parse(original) if original else tomlkit.document()
    table = tomlkit.table()
    for key in RULE_KEYS:
        if key in values and values[key] not in (None, "", ()):
            table.add(key, list(values[key]) if isinstance(values[key], tuple) else values[key])
    if "rule" not in doc:
        doc.append("rule", tomlkit.aot())
    aot = doc["rule"]
    if len(aot):
        aot[-1].add(tomlkit.nl())
    aot.append(table)
    text = tomlkit.dumps(doc)
    _, problems = parse_rules_text(text, target)
    if problems:
        raise RuleError(problems)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, text)
    return target


def set_enabled(book: Rulebook, rule_id: str, enabled: bool) -> Rule:
    """Set a rule's `enabled` in its file (comments kept); returns the rule."""
    import tomlkit

    rule = book.get(rule_id)
    if rule is None:
        raise MonitorError(f"no rule {rule_id!r}; `monitor rules list` shows the ids")
    doc = tomlkit.parse(rule.file.read_text(encoding="utf-8"))
    for table in doc["rule"]:
        if table.get("id") == rule_id:
            if enabled and "enabled" in table:
                del table["enabled"]
            elif not enabled:
                table["enabled"] = False
    write_atomically(rule.file, tomlkit.dumps(doc))
    return rule
