"""Commands about rules and what they find: rules, match, backtest, alerts.

Kept apart from cli.py (sources, polling, the daemon) so each stays short; both are thin
layers over rulebook/, alerts.py and storage/.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from monitor.alerts import (
    LIST_STATUSES,
    Rules,
    compile_rules,
    entry_document,
    list_alerts,
    mark_alerts,
    record_hit,
    story_detail,
)
from monitor.atomic import write_atomically
from monitor.cli_options import rules_option, rules_path
from monitor.cli_output import echo_snippet, short_time, wrapped
from monitor.errors import MonitorError
from monitor.rulebook.files import (
    DEFAULT_FILE,
    DELIVERIES,
    SEVERITIES,
    Problem,
    Rule,
    Rulebook,
    RuleError,
    add_rule,
    claim_ids,
    load_rulebook,
    parse_rules_text,
    rule_files,
    set_enabled,
)
from monitor.rulebook.matcher import CompiledRule, Hit, Matcher, document_fields
from monitor.rulebook.query import QueryError, parse_query, point_at, query_warnings
from monitor.schedule import iso, utcnow
from monitor.storage import AlertFilter, Backtest, StoredEntry
from monitor.text import html_to_text
from monitor.units import parse_duration

if TYPE_CHECKING:
    from monitor.rulebook.suggest import Advice, Side, Story


def _load(path: Path) -> Rulebook:
    if not path.exists():
        raise MonitorError(
            f"no rules at {path}; add one with `monitor rules add ID QUERY` or pass --rules PATH"
        )
    return load_rulebook(path)


def _json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))


# -- rules --------------------------------------------------------------------------------


@click.group()
def rules() -> None:
    """List, check, add, edit, enable and disable watch rules (rules/*.toml)."""


@rules.command("list")
@rules_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def rules_list(app: Any, rules_arg: str | None, as_json: bool) -> None:
    """List rules: id, severity, delivery, whether enabled, and the query."""
    book = _load(rules_path(app, rules_arg))
    if as_json:
        _json({"rules": [
            {"id": r.id, "name": r.name, "query": r.query, "severity": r.severity,
             "tags": list(r.tags), "enabled": r.enabled, "deliver": r.deliver,
             "notes": r.notes, "file": str(r.file), "line": r.line}
            for r in book.rules
        ]})
        return
    if not book.rules:
        click.echo("no rules yet; add one with `monitor rules add ID QUERY`")
    for r in book.rules:
        state = "" if r.enabled else "  [disabled]"
        click.echo(f"{r.id}  ({r.severity}, {r.deliver}){state}")
        for line in r.query.splitlines():
            click.echo(wrapped(line, "  " + " " * (len(line) - len(line.lstrip()))))


@rules.command("check")
@rules_option
@click.option("--query", "query", metavar="QUERY",
              help="Check this query instead of the rule files (errors point into it).")
@click.pass_obj
def rules_check(app: Any, rules_arg: str | None, query: str | None) -> None:
    """Validate every rule file; print each problem with file and line; exit 1 if any.
    Queries that parse but look wrong (a lower-case `or` between terms) are warnings."""
    if query is not None:
        _check_query(query)
        click.echo("ok: the query parses")
        return
    path = rules_path(app, rules_arg)
    try:
        book = _load(path)
    except RuleError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(exc.problems)} problem(s) found", err=True)
        sys.exit(1)
    warned = 0
    for rule in book.rules:
        for warning in query_warnings(rule.query):
            warned += 1
            click.echo(f"{rule.file}:{rule.line}: warning: rule {rule.id}: {warning}", err=True)
    note = f", {warned} warning(s)" if warned else ""
    click.echo(f"ok: {len(book.rules)} rules in {len(book.files)} file(s), "
               f"{len(book.enabled)} enabled{note}")


def _check_query(query: str) -> None:
    """A query typed on the command line: an error shows the query with a caret under the
    mistake (not a line of a file); warnings are printed the same way, and pass."""
    try:
        parse_query(query)
    except QueryError as exc:
        click.echo(point_at(query, exc.column), err=True)
        raise MonitorError(f"the query, {exc}") from None
    for warning in query_warnings(query):
        click.echo(f"monitor: warning: the query, {warning}\n{point_at(query, warning.column)}",
                   err=True)


def _rule_file(path: Path, name: str | None) -> Path:
    """The file a command writes: a bare NAME in the rules folder (".toml" added), a path
    as given, or the default file."""
    if not name:
        return path if path.suffix == ".toml" else path / DEFAULT_FILE
    target = Path(name)
    if target.parent == Path(".") and not target.exists() and path.suffix != ".toml":
        target = path / target
    return target if target.suffix == ".toml" else target.with_suffix(".toml")


@rules.command("add")
@click.argument("rule_id")
@click.argument("query")
@rules_option
@click.option("--file", "file_arg", help=f"Rule file to append to (default {DEFAULT_FILE}).")
@click.option("--severity", type=click.Choice(SEVERITIES), default=None)
@click.option("--deliver", type=click.Choice(DELIVERIES), default=None)
@click.option("--name", default=None, help="A human name for the rule.")
@click.option("--tag", "tags", multiple=True, help="A tag; repeat for several.")
@click.pass_obj
def rules_add(
    app: Any, rule_id: str, query: str, rules_arg: str | None, file_arg: str | None,
    severity: str | None, deliver: str | None, name: str | None, tags: tuple[str, ...],
) -> None:
    """Append a rule to a rule file (validated first; comments are kept)."""
    _check_query(query)
    path = rules_path(app, rules_arg)
    book = load_rulebook(path) if path.exists() else Rulebook((), (), "")
    target = _rule_file(path, file_arg)
    values = {"id": rule_id, "query": query, "name": name, "severity": severity,
              "deliver": deliver, "tags": tags}
    written = add_rule(target, values, book)
    click.echo(f"added rule {rule_id} to {written}")


def _problems_header(problems: list[Any], offset: int) -> str:
    lines = ["# monitor: this file has errors; fix them and save, or quit without saving to",
             "# abandon the edit. These lines are removed when you save."]
    for p in problems:
        column = f":{p.column}" if p.column else ""
        lines.append(f"# ERROR line {p.line + offset}{column}: {p.message}")
    return "\n".join(lines) + "\n"


_HEADER_LINES = ("# monitor: this file has errors", "# abandon the edit.", "# ERROR line ")


def _strip_header(text: str) -> str:
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith(_HEADER_LINES):
        lines.pop(0)
    return "".join(lines)


@rules.command("edit")
@click.argument("file", required=False)
@rules_option
@click.pass_obj
def rules_edit(app: Any, file: str | None, rules_arg: str | None) -> None:
    """Edit a rule file in $EDITOR; it is saved only once it is valid (like crontab -e)."""
    path = rules_path(app, rules_arg)
    target = _rule_file(path, file)
    original = target.read_text(encoding="utf-8") if target.exists() else ""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    draft = original
    header = ""
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / target.name
        while True:
            scratch.write_text(header + draft, encoding="utf-8")
            status = subprocess.call([*shlex.split(editor), str(scratch)])
            if status != 0:
                raise MonitorError(f"the editor ({editor}) exited with {status}; nothing saved")
            draft = _strip_header(scratch.read_text(encoding="utf-8"))
            if draft == original:
                click.echo("no changes")
                return
            problems = _draft_problems(draft, target, path)
            if not problems:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(target, draft)
                click.echo(f"saved {target}")
                return
            for problem in problems:
                click.echo(str(problem), err=True)
            if not sys.stdin.isatty():
                raise MonitorError(f"{target} not saved: fix the errors above")
            if not click.confirm("edit again?", default=True, err=True):
                raise MonitorError(f"{target} not saved; your changes were abandoned")
            header = _problems_header(problems, offset=len(problems) + 2)


def _draft_problems(draft: str, target: Path, path: Path) -> list[Problem]:
    """Problems of an edited file, including ids that clash with other rule files."""
    found, problems = parse_rules_text(draft, target)
    others: dict[str, Rule] = {}
    for file in rule_files(path):
        if file.resolve() != target.resolve():
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # `rules check` reports that file; this edit is about the draft
            claim_ids(parse_rules_text(text, file)[0], others)
    return problems + claim_ids(found, others)


@rules.command("remove")
@click.argument("rule_id")
@rules_option
@click.pass_obj
def rules_remove(app: Any, rule_id: str, rules_arg: str | None) -> None:
    """Remove a rule from its file, with the comments just above it (its alerts stay)."""
    book = _load(rules_path(app, rules_arg))
    rule = book.get(rule_id)
    if rule is None:
        raise MonitorError(f"no rule {rule_id!r}; `monitor rules list` shows the ids")
    text = rule.file.read_text(encoding="utf-8")
    write_atomically(rule.file, without_rule(text, rule.line))
    click.echo(f"removed rule {rule_id} from {rule.file}")


def without_rule(text: str, header_line: int) -> str:
    """The rule file's text without the [[rule]] table whose header is on `header_line`
    (1-based), the comment lines right above it (unless they open the file) and the blank
    lines after it."""
    lines = text.splitlines(keepends=True)
    header = header_line - 1
    stop = next((i for i in range(header + 1, len(lines)) if _TABLE.match(lines[i])), len(lines))
    while stop > header + 1 and lines[stop - 1].lstrip().startswith("#"):
        stop -= 1  # comments right above the next table introduce that one
    while stop < len(lines) and not lines[stop].strip():
        stop += 1
    start = header
    while start > 0 and lines[start - 1].lstrip().startswith("#"):
        start -= 1
    if start == 0:  # the file's opening comments are about the file
        start = header
    before, after = lines[:start], lines[stop:]
    if not after:
        while before and not before[-1].strip():
            before.pop()
    return "".join(before + after)


_TABLE = re.compile(r"\s*\[")


@rules.command("disable")
@click.argument("rule_id")
@rules_option
@click.pass_obj
def rules_disable(app: Any, rule_id: str, rules_arg: str | None) -> None:
    """Disable a rule (enabled = false in its file)."""
    rule = set_enabled(_load(rules_path(app, rules_arg)), rule_id, False)
    click.echo(f"disabled {rule_id} ({rule.file})")


@rules.command("enable")
@click.argument("rule_id")
@rules_option
@click.pass_obj
def rules_enable(app: Any, rule_id: str, rules_arg: str | None) -> None:
    """Enable a rule again."""
    rule = set_enabled(_load(rules_path(app, rules_arg)), rule_id, True)
    click.echo(f"enabled {rule_id} ({rule.file})")


# -- match: try rules on documents without storing anything ------------------------------


def _read_documents(files: tuple[str, ...]) -> Iterator[tuple[str, dict[str, str]]]:
    """(id, fields) for each document: .jsonl lines, .html pages, anything else as text."""
    for name in files:
        if name == "-":
            text = sys.stdin.read()
            if text.lstrip().startswith("{"):
                yield from _jsonl(text, "-")
            else:
                yield "-", document_fields(content=text)
            continue
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise MonitorError(f"cannot read {name}: {exc.strerror or exc}") from exc
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            yield from _jsonl(text, name)
        elif suffix in (".html", ".htm"):
            yield name, _html_document(text)
        else:
            yield name, document_fields(content=text)


def _jsonl(text: str, name: str) -> Iterator[tuple[str, dict[str, str]]]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MonitorError(f"{name}:{number}: not a JSON object ({exc.msg})") from exc
        if not isinstance(item, dict):
            raise MonitorError(f"{name}:{number}: each line must be a JSON object")
        values = {k: str(item.get(k) or "") for k in
                  ("title", "summary", "content", "author", "link")}
        yield str(item.get("id", f"{name}:{number}")), document_fields(**values)


def _html_document(text: str) -> dict[str, str]:
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
    body = re.sub(r"<(head|script|style)\b.*?</\1\s*>", " ", text, flags=re.I | re.S)
    return document_fields(title=html_to_text(title.group(1)) if title else "",
                           content=html_to_text(body))


def _terms(hit: Hit) -> list[str]:
    return list(dict.fromkeys(t.term for t in hit.terms))


@click.command()
@click.argument("files", nargs=-1, required=True)
@rules_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit, a line each.")
@click.pass_obj
def match(app: Any, files: tuple[str, ...], rules_arg: str | None, as_json: bool) -> None:
    """Match documents (.txt, .html, .jsonl, or - for stdin) against the rules; stores nothing."""
    book = _load(rules_path(app, rules_arg))
    matcher = compile_rules(book.enabled)
    count = 0
    for doc_id, fields in _read_documents(files):
        for hit in matcher.match(fields):
            count += 1
            if as_json:
                _json({"doc": doc_id, "rule": hit.rule_id, "terms": _terms(hit),
                       "snippet": hit.snippet.text, "marks": [list(m) for m in hit.snippet.marks]})
            else:
                click.echo(f"{doc_id}: {hit.rule_id} ({', '.join(_terms(hit))})")
                echo_snippet(hit.snippet)
    if not as_json:
        click.echo(f"{count} hit(s)", err=True)


# -- backtest: run rules over the stored archive -----------------------------------------


def archive_hits(
    entries: Iterable[StoredEntry], matcher: Matcher
) -> dict[str, list[tuple[StoredEntry, Hit]]]:
    """Each rule's hits on stored entries, newest entry first (what backtest and rules
    suggest measure a rule by)."""
    found: dict[str, list[tuple[StoredEntry, Hit]]] = {r.id: [] for r in matcher.rules}
    for entry in entries:
        for hit in matcher.match(entry_document(entry)):
            found[hit.rule_id].append((entry, hit))
    return found


@click.command()
@click.argument("rule_ids", nargs=-1)
@rules_option
@click.option("--since", default="90d", show_default=True, help="How far back, e.g. 30d.")
@click.option("--apply", "apply_", is_flag=True, help="Record the hits and alerts found.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def backtest(
    app: Any, rule_ids: tuple[str, ...], rules_arg: str | None, since: str, apply_: bool,
    as_json: bool,
) -> None:
    """Run rules over stored entries: how many would hit, the newest examples, and (for a
    rule changed since its last backtest) the hits gained and lost."""
    book = _load(rules_path(app, rules_arg))
    chosen = [book.get(i) for i in rule_ids] if rule_ids else book.enabled
    missing = [i for i, r in zip(rule_ids, chosen, strict=False) if r is None]
    if missing:
        raise MonitorError(f"no rule {missing[0]!r}; `monitor rules list` shows the ids")
    selected = [r for r in chosen if r is not None]
    matcher = compile_rules(selected)
    now = utcnow()
    seconds = parse_duration(since, "--since")
    cutoff = iso(now - timedelta(seconds=seconds))
    config = app.config()
    with app.store(config) as store:
        found = archive_hits(store.entries_since(now - timedelta(seconds=seconds)), matcher)
        report: list[dict[str, Any]] = []
        for rule in selected:
            ids = sorted(entry.id for entry, _ in found[rule.id])
            previous = store.backtest(rule.id)
            gained = lost = None
            if previous and previous.query != rule.query:
                before = set(previous.entry_ids)
                gained = sorted(set(ids) - before)
                lost = sorted(before - set(ids))
            store.save_backtest(Backtest(rule.id, rule.query, ids, iso(now)))
            report.append({
                "rule": rule.id, "hits": len(ids),
                "examples": [{"entry": entry.id, "title": entry.title,
                              "source": entry.source_url, "date": entry.date,
                              "snippet": hit.snippet.text,
                              "marks": [list(m) for m in hit.snippet.marks]}
                             for entry, hit in found[rule.id][:3]],
                "gained": gained, "lost": lost,
            })
        applied = 0
        if apply_:
            by_id = {r.id: r for r in selected}
            with store.transaction():
                for rule_id, pairs in found.items():
                    for entry, hit in pairs:
                        applied += record_hit(store, entry, hit, by_id[rule_id], now)[1]
    if as_json:
        _json({"since": cutoff, "rules": report, "new_alerts": applied if apply_ else None})
        return
    for item in report:
        click.echo(f"{item['rule']}: {item['hits']} entries since {cutoff[:10]}")
        if item["gained"] is not None:
            click.echo(f"  changed since the last backtest: +{len(item['gained'])} gained, "
                       f"-{len(item['lost'])} lost")
        for example in item["examples"]:
            click.echo(f"  {example['date'] or ''}  {example['title']}  ({example['source']})")
    if apply_:
        click.echo(f"applied: {applied} new alert(s)")


# -- alerts -------------------------------------------------------------------------------


@click.group(invoke_without_command=True)
@click.option("--status", type=click.Choice(LIST_STATUSES),
              help="Only stories with this status (dismissed ones are left out unless asked "
                   "for; all: every one).")
@click.option("--rule", "rule_id", help="Only stories this rule hit.")
@click.option("--since", help="Only stories first seen within this long, e.g. 7d.")
@click.option("--limit", type=int, default=None, help="At most this many.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def alerts(
    ctx: click.Context, status: str | None, rule_id: str | None, since: str | None,
    limit: int | None, as_json: bool,
) -> None:
    """List alerts, newest first: one per story, with every rule that hit it and every
    source that carried it."""
    if ctx.invoked_subcommand is not None:
        return
    app = ctx.obj
    start = utcnow() - timedelta(seconds=parse_duration(since, "--since")) if since else None
    config = app.config()
    with app.store(config, sync=False, create=False) as store:
        found = list_alerts(store, status=status, rule=rule_id, since=start, limit=limit)
    if as_json:
        _json({"alerts": [
            {"id": a.id, "rule": a.rule, "rules": a.rules, "severity": a.severity,
             "status": a.status, "starred": a.starred, "title": a.title, "link": a.link,
             "sources": a.sources, "first_seen": a.first_seen, "snippet": a.snippet.text,
             "marks": [list(m) for m in a.snippet.marks]}
            for a in found
        ]})
        return
    if not found:
        click.echo("no alerts")
    for a in found:
        star = " *" if a.starred else ""
        click.echo(f"#{a.id} [{a.status}]{star} {short_time(a.first_seen)} ({a.severity})\n"
                   f"{wrapped('rules: ' + ', '.join(a.rules))}\n{wrapped(a.title)}\n"
                   f"  {a.link or ''}")
        echo_snippet(a.snippet)
        if len(a.sources) > 1:
            click.echo(wrapped(f"also in: {', '.join(a.sources[1:])}"))


@alerts.command("show")
@click.argument("alert_id", metavar="ID", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def alerts_show(app: Any, alert_id: int, as_json: bool) -> None:
    """Show one story: every source with its date and link, the matched terms per rule,
    the snippet and the stored text."""
    config = app.config()
    with app.store(config, sync=False) as store:
        story = story_detail(store, alert_id)
    if story is None:
        raise MonitorError(f"no alert {alert_id}; `monitor alerts` lists their ids")
    if as_json:
        _json(story.as_json())
        return
    click.echo(story.as_text(lambda term: click.style(term, bold=True)))


@alerts.command("mark")
@click.argument("args", nargs=-1, required=True, metavar="ID... STATUS")
@click.pass_obj
def alerts_mark(app: Any, args: tuple[str, ...]) -> None:
    """Mark stories: new, read or dismissed; starred or unstarred (a flag beside the
    status: starring leaves new or read as it was)."""
    if len(args) < 2:
        raise MonitorError("give alert ids then a status, e.g. `monitor alerts mark 3 4 read`")
    *raw_ids, status = args
    try:
        ids = [int(i) for i in raw_ids]
    except ValueError:
        raise MonitorError("alert ids are numbers, e.g. `monitor alerts mark 3 4 read`") from None
    config = app.config()
    with app.store(config, sync=False) as store:
        mark_alerts(store, ids, status)
    click.echo(f"marked {len(ids)} alert(s) {status}")


# -- derive: from a seed document to proposed rules ---------------------------------------


def _seed_text(seed: Path) -> str:
    """A seed's text as a folder source reads the file: a saved web page or a PDF by its
    words (not its tags), with its title as the headline derive reads first."""
    from monitor.sources.folder import DocumentError, read_document

    try:
        data = seed.read_bytes()
    except OSError as exc:
        raise MonitorError(f"cannot read {seed}: {exc.strerror or exc}") from exc
    try:
        document = read_document(seed.name, data)
    except DocumentError as exc:
        raise MonitorError(f"cannot read {seed}: {exc}; give a .txt, .md, .html or .pdf "
                           "file") from exc
    if seed.suffix.lower() in (".html", ".htm", ".pdf") and document.title \
            and not document.text.startswith(document.title):
        return f"{document.title}\n\n{document.text}"
    return document.text


TRANSLATED_SHOWN = 5  # names a warning lists that the press abroad may translate


@click.command()
@click.argument("seeds", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lang", default="auto", show_default=True,
              help="The seeds' language (a code such as es, ar, zh), or auto.")
@click.option("--top", default=30, show_default=True, help="How many candidates to list.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--write", "write_to", type=click.Path(path_type=Path),
              help="Write the story's core names as a rules file (checked before it is written).")
@click.option("--force", is_flag=True, help="With --write: overwrite a file you edited.")
def derive(
    seeds: tuple[Path, ...], lang: str, top: int, as_json: bool, write_to: Path | None,
    force: bool,
) -> None:
    """Propose watch rules from seed documents (any language or script): the story's core
    names, ranked, with the context an ambiguous name needs. Several seeds make one set."""
    from monitor.rulebook import frequencies
    from monitor.rulebook.derive import (
        KNOWN_SHARE,
        derive_story,
        dictionary_languages,
        edited_since_derived,
        has_word_list,
        headline_lines,
        known_share,
        language_name,
        languages,
        rules_text,
        translated_abroad,
        unplaced,
    )

    if lang != "auto" and not has_word_list(lang):
        raise MonitorError(f"--lang {lang}: use auto or one of " + ", ".join(
            sorted({*languages(), *dictionary_languages()})))
    texts = [_seed_text(seed) for seed in seeds]
    if frequencies.cache_is_cold():
        click.echo(f"first derive here: building word frequency lists in "
                   f"{frequencies.cache_folder()} (about 25 s, once)", err=True)
    candidates, story = derive_story(texts, lang=lang, top=max(top, 1))
    # (seeds in several languages: each read with its own word list; the share known is
    # the leading language's, over its own seeds)
    read = [t for t, read_as in zip(texts, story.seed_languages, strict=True)
            if read_as == story.languages[0]] if story.languages else texts
    if len(story.languages) > 1:
        click.echo("the seeds are in " + ", ".join(map(language_name, story.languages))
                   + ": derive read each language's seeds with its own word list and "
                   "made one story of them", err=True)
    for other in story.languages[1:]:  # (the leading language is warned of below)
        if other not in languages():
            click.echo(f"warning: derive has no word list for {language_name(other)}: check "
                       "the names it found in those seeds", err=True)
    for why in story.unread:
        click.echo(f"warning: {why}", err=True)
    if story.lang in dictionary_languages():
        click.echo(f"warning: derive has no word frequencies for {language_name(story.lang)}; "
                   "it told the seed's common words from its names by a dictionary of the "
                   "language, which misses some words: check the names", err=True)
    elif story.lang not in languages():
        click.echo(f"warning: derive has no word list for {language_name(story.lang)}, so it "
                   "read only the names the seed writes in Latin letters or digits; add the "
                   "story's names in its own script to the rules by hand", err=True)
    elif lang == "auto" and (share := known_share("\n".join(read), story.lang)) is not None \
            and share < KNOWN_SHARE and story.grammar not in ("", story.lang):
        click.echo(f"warning: the seed is in {language_name(story.grammar)}, which derive "
                   f"has no word list for; it read its words through "
                   f"{language_name(story.lang)}, which knows {share:.0%} of them, so common "
                   "words may come out as names: check them", err=True)
    elif lang == "auto" and share is not None and share < KNOWN_SHARE:
        click.echo(f"warning: the seed reads as {story.lang}, but that word list knows only "
                   f"{share:.0%} of its words: it may be in a language derive has no word "
                   "list for, and common words may come out as names; check them, or pass "
                   "--lang", err=True)
    chosen = [c for c in candidates if c.core] or candidates
    headlines = headline_lines(texts)
    if chosen and headlines and not any(c.lead for c in chosen):
        shown = headlines[0] if len(headlines[0]) <= 80 else headlines[0][:79] + "…"
        click.echo(f"warning: none of the names derive found is in the seed's headline "
                   f"(«{shown}») or first sentence, so they may not be what the story is "
                   "about (a name there that the word list counts as a common word is not "
                   "read as one): check them, and add the headline's names to the rules by "
                   "hand", err=True)
    translated = {c.term for c in candidates if translated_abroad(c, story.lang)}
    if translated:
        names = [c.term for c in chosen if c.term in translated]
        shown = ", ".join(names[:TRANSLATED_SHOWN]) + (
            " …" if len(names) > TRANSLATED_SHOWN else "")
        click.echo(f"warning: {len(names)} of the names have an everyday "
                   f"{language_name(story.lang)} word in them ({shown}): the press in "
                   "other languages may translate them rather than spell them (Сила Сибири "
                   "is Power of Siberia in English), and `~` finds a name's spellings and "
                   "scripts, not its translations (derive adds the English of a name and "
                   "one everyday word: Tren Maya, Maya Train); add the translations your "
                   "sources use to their rules" + ("" if len(story.languages) > 1 else
                                       ", or derive again with an article in another "
                                       "language as a second seed"), err=True)
    if write_to is not None:
        if write_to.exists() and not force and \
                edited_since_derived(write_to.read_text(encoding="utf-8", errors="replace")):
            raise MonitorError(
                f"{write_to} was edited since derive wrote it (or was not written by it); "
                "pass --force to overwrite it, or --write another file"
            )
        text = rules_text(candidates, [str(s) for s in seeds], story)
        _, problems = parse_rules_text(text, write_to)
        if problems:  # a bug in derive: never write a file that fails `rules check`
            raise RuleError(problems)
        write_to.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(write_to, text)
        off = [c.term for c in chosen if unplaced(c, story)]
        click.echo(f"wrote {len(chosen)} rules (the story's core names) to {write_to}; review "
                   f"them, then `monitor rules check --rules {write_to}`", err=True)
        if off:
            click.echo(f"warning: {len(off)} of them are off ({', '.join(off)}): each is a "
                       "common word or brand the seed gives nothing to place by; add a term "
                       "it must be near, then remove `enabled = false`", err=True)
    if as_json:
        _json({"language": story.lang, "languages": story.languages or [story.lang],
               "countries": story.countries, "terms": story.terms,
               "candidates": [
            {"term": c.term, "aliases": c.aliases, "score": c.score, "kind": c.kind,
             "core": c.core, "context": c.context, "sentence": c.sentence,
             "mentions": c.mentions, "seeds": c.seeds, "ambiguous": c.ambiguous,
             "why": c.why, "origins": c.origins,
             "translated_abroad": c.term in translated}
            for c in candidates
        ]})
        return
    for rank, c in enumerate(candidates, 1):
        aliases = f"  (also: {', '.join(c.aliases)})" if c.aliases else ""
        origins = "; ".join(f"{', '.join(forms)}: {where}" for forms, where in c.sources())
        role = "core" if c.core else "context"
        click.echo(f"{rank:>2}. {c.term}{aliases}")
        click.echo(f"    {role}, {c.kind}, score {c.score:g}: {c.why}")
        if origins:
            click.echo(f"    not in the seed: {origins}")
        if c.context and c.core:
            shown = " OR ".join(c.context[:12]) + (" …" if len(c.context) > 12 else "")
            click.echo(f"    context: {shown}")
        click.echo(f"    «{_around(c.sentence, c.term)}»")


def _around(sentence: str, term: str, width: int = 70) -> str:
    """The sentence around the term itself (at most `width` characters each side), the
    term in bold on a terminal."""
    at = sentence.find(term)
    if at < 0:
        at = sentence.lower().find(term.lower())
    if at < 0:
        return sentence if len(sentence) <= 2 * width else sentence[: 2 * width - 1] + "…"
    start, end = max(0, at - width), min(len(sentence), at + len(term) + width)
    before = ("…" if start else "") + sentence[start:at]
    after = sentence[at + len(term) : end] + ("…" if end < len(sentence) else "")
    return before + click.style(sentence[at : at + len(term)], bold=True) + after


COMMANDS = [rules, match, backtest, alerts, derive]
__all__ = ["COMMANDS", "Rules", "rules_option", "rules_path"]


# -- rules suggest: learn from triage ------------------------------------------------------


@rules.command("suggest")
@click.argument("rule_id", required=False)
@rules_option
@click.option("--since", default="90d", show_default=True,
              help="The archive window learned from and measured on, e.g. 30d.")
@click.option("--apply", "apply_number", type=int, default=None, metavar="N",
              help="Write suggestion N (as numbered by the same command) to its rule file.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def rules_suggest(
    app: Any, rule_id: str | None, rules_arg: str | None, since: str,
    apply_number: int | None, as_json: bool,
) -> None:
    """Propose rule changes from triaged alerts (dismissed vs read/starred), each with its
    backtest diff; writes nothing unless --apply N is given."""
    from monitor.rulebook.suggest import stories, suggest  # only this command needs it

    path = rules_path(app, rules_arg)
    book = _load(path)
    if rule_id is not None:
        chosen = book.get(rule_id)
        if chosen is None:
            raise MonitorError(f"no rule {rule_id!r}; `monitor rules list` shows the ids")
        selected = [chosen]
    else:
        selected = book.enabled
    now = utcnow()
    cutoff = now - timedelta(seconds=parse_duration(since, "--since"))
    config = app.config()
    with app.store(config, sync=False) as store:
        archive = store.entries_since(cutoff)
        entries = {e.id: e for e in archive}
        triage: dict[str, tuple[list[Story], dict[int, str]]] = {}
        surfaces: dict[str, str] = {}
        for rule in selected:
            found = store.list_alerts(AlertFilter(rule=rule.id, status="all"))
            hits = store.alert_hits([a.id for a in found]) if found else []
            story_list, entry_story, words = stories(found, hits, entries)
            triage[rule.id] = (story_list, entry_story)
            surfaces.update(words)

    def scan(compiled: Sequence[CompiledRule]) -> dict[str, set[int]]:
        found = archive_hits(archive, Matcher(compiled))
        return {key: {entry.id for entry, _ in pairs} for key, pairs in found.items()}

    advice = suggest(selected, triage, surfaces, entries, scan)
    if not advice:
        click.echo("no enabled rules to learn for")
        return
    if apply_number is not None:
        _apply_suggestion(path, book, advice, apply_number)
        return
    if as_json:
        _json({"since": iso(cutoff), "rules": [_advice_json(a) for a in advice]})
        return
    _print_advice(advice, iso(cutoff), rule_id)


def _side_json(side: Side) -> dict[str, Any]:
    return {
        "stories": [{"title": s.title, "mark": s.mark, "entries": list(s.entry_ids)}
                    for s in side.stories],
        "entries": side.entries,
        **{mark: side.count(mark) for mark in ("dismissed", "kept", "unmarked")},
    }


def _advice_json(advice: Advice) -> dict[str, Any]:
    return {
        "rule": advice.rule_id, "marked": advice.marked, "dismissed": advice.dismissed,
        "kept": advice.kept, "note": advice.note or None,
        "suggestions": [
            {"number": s.number, "kind": s.change.kind, "query": s.change.query,
             "old_query": s.old_query, "words": list(s.change.words), "why": s.change.why,
             "gained": _side_json(s.gained), "lost": _side_json(s.lost)}
            for s in advice.suggestions
        ],
    }


def _counts(side: Side) -> str:
    if not side.stories:
        return ""
    return " (" + ", ".join(f"{side.count(m)} {m}" for m in ("dismissed", "kept", "unmarked")) + ")"


def _print_advice(advice: list[Advice], cutoff: str, rule_id: str | None) -> None:
    shown = 0
    for item in advice:
        if not item.suggestions:
            click.echo(item.note)
            continue
        click.echo(f"rule {item.rule_id}: {item.marked} marked stories since {cutoff[:10]} "
                   f"({item.dismissed} dismissed, {item.kept} kept)")
        for s in item.suggestions:
            shown += 1
            what = "disable the rule" if s.change.query is None else s.change.query
            click.echo(f"  {s.number}. {s.change.kind}: {what}")
            click.echo(f"     {s.change.why}")
            click.echo(f"     backtest: -{len(s.lost.stories)} stories{_counts(s.lost)}, "
                       f"+{len(s.gained.stories)}{_counts(s.gained)}")
            for sign, side in (("-", s.lost), ("+", s.gained)):
                for story in side.stories[:5]:
                    click.echo(f"       {sign} [{story.mark}] {story.title}")
                if len(side.stories) > 5:
                    click.echo(f"       {sign} … and {len(side.stories) - 5} more")
    if shown:
        again = f" {rule_id}" if rule_id else ""
        click.echo(f"nothing was changed; write one with `monitor rules suggest{again} --apply N`")


def _apply_suggestion(path: Path, book: Rulebook, advice: list[Advice], number: int) -> None:
    """Write suggestion `number` into its rule's file (comments kept), validated the way
    `rules edit` validates a draft; nothing is written when it would not pass."""
    import tomlkit

    found = [s for a in advice for s in a.suggestions if s.number == number]
    if not found:
        raise MonitorError(f"no suggestion {number} (the data may have changed); "
                           "run `monitor rules suggest` again to see the numbers")
    suggestion = found[0]
    rule = book.get(suggestion.change.rule_id)
    assert rule is not None
    doc = tomlkit.parse(rule.file.read_text(encoding="utf-8"))
    for table in doc["rule"]:
        if table.get("id") != rule.id:
            continue
        if suggestion.change.query is None:
            table["enabled"] = False
        else:
            query = suggestion.change.query
            literal = "'" not in query and "\n" not in query
            value = tomlkit.string(query, literal=literal)
            old = table.get("query")
            if old is not None and hasattr(old, "trivia"):
                value.trivia.comment_ws = old.trivia.comment_ws
                value.trivia.comment = old.trivia.comment
            table["query"] = value
    draft = tomlkit.dumps(doc)
    problems = _draft_problems(draft, rule.file, path)
    if problems:  # a bug in suggest: never write a file that fails `rules check`
        raise RuleError(problems)
    write_atomically(rule.file, draft)
    what = "disabled" if suggestion.change.query is None else \
        f"query = {suggestion.change.query}"
    click.echo(f"applied suggestion {number} to rule {rule.id} in {rule.file}: {what}")
