"""Digests: the stories first seen in a window, grouped by rule, rendered for people.

A story several rules hit is shown once, under the first of its rules (highest severity
first) that the digest covers, naming the others ("also matched").

One `Digest` is built from the database (alerts, the sources that carried each story, the
sources that failed in the window) and rendered as text (rich), Markdown, email-safe HTML
or JSON. Everything that came from a feed is untrusted: HTML and Markdown output escape it,
and only http/https links survive.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Collection, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.alerts import story_sources
from monitor.atomic import write_atomically
from monitor.rulebook.files import Rulebook
from monitor.schedule import iso, parse_iso
from monitor.snippets import Snippet
from monitor.storage import DigestRecord, SourceRef, Storage
from monitor.urls import safe_link

KINDS = ("daily", "weekly", "manual")
FORMATS = ("text", "markdown", "html", "json")
SEVERITY_RANK = {"high": 0, "normal": 1, "low": 2}
CADENCE_RANK = {"immediate": 0, "daily": 1, "weekly": 2}
DIGESTS_DIR = "digests"
_SPACE = re.compile(r"\s+")
# C0/C1 control characters: feed text must not move a terminal's cursor, clear its screen
# or hide a link in an escape sequence.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class DigestAlert:
    """One alert as a digest shows it; `sources[0]` is where the story was first seen."""

    id: int
    rule_id: str
    title: str
    link: str | None
    sources: list[SourceRef]
    first_seen: str
    snippet: Snippet
    status: str
    severity: str
    rules: list[str] = field(default_factory=list)  # every rule that hit it; rule_id first

    @property
    def other_rules(self) -> list[str]:
        return [r for r in self.rules if r != self.rule_id]


@dataclass(frozen=True)
class RuleGroup:
    """A rule's alerts in the window, newest first."""

    rule_id: str
    name: str
    severity: str
    alerts: list[DigestAlert]


@dataclass(frozen=True)
class FailingSource:
    """A source whose polls failed in the window (or that is failing now): alerts from it
    may be missing, so the digest says so."""

    url: str
    title: str
    error: str
    since: str | None
    failures: int = 0


@dataclass(frozen=True)
class Digest:
    """Alerts first seen in [start, end), grouped by rule, high severity first."""

    kind: str
    start: datetime
    end: datetime
    groups: list[RuleGroup]
    failing_sources: list[FailingSource]
    deliveries: str | None = None  # deliveries held or failing (monitor.delivery.outbox)

    @property
    def alert_ids(self) -> list[int]:
        return [a.id for g in self.groups for a in g.alerts]

    @property
    def total(self) -> int:
        return sum(len(g.alerts) for g in self.groups)


# -- building -------------------------------------------------------------------------------


def build_digest(
    store: Storage,
    *,
    start: datetime,
    end: datetime,
    kind: str = "manual",
    rulebook: Rulebook | None = None,
    rule_ids: Collection[str] | None = None,
    delivers: Collection[str] | None = None,
    exclude: Collection[int] = (),
) -> Digest:
    """The digest of stories first seen in [start, end), dismissed ones left out, each once.

    `rule_ids` keeps only stories those rules hit; `delivers` keeps only stories whose
    soonest cadence among their rules (immediate, daily, weekly) is in it (rules gone from
    the rulebook do not count; a story with none left is kept, with its own severity);
    stories in `exclude` (already in the last saved digest) are left out."""
    if kind not in KINDS:
        raise ValueError(f"digest kind {kind!r}: use one of {', '.join(KINDS)}")
    rows = store.alerts_between(start, end)
    sources = {
        alert_id: [replace(ref, title=ref.title or _host(ref.url)) for ref in refs]
        for alert_id, refs in story_sources(store, [row.id for row in rows]).items()
    }
    wanted = set(rule_ids) if rule_ids is not None else None
    by_rule: dict[str, list[DigestAlert]] = {}
    for row in rows:
        rules = row.rules or [row.rule_id]
        shown = [r for r in rules if wanted is None or r in wanted]
        if not shown or row.id in exclude:
            continue
        if delivers is not None and rulebook is not None:
            cadence = _cadence(rulebook, rules)
            if cadence is not None and cadence not in delivers:
                continue
        by_rule.setdefault(shown[0], []).append(DigestAlert(
            id=row.id, rule_id=shown[0], title=row.title, link=row.link,
            sources=sources.get(row.id, []), first_seen=row.first_seen, snippet=row.snippet,
            status=row.status, severity=row.severity,
            rules=[shown[0], *(r for r in rules if r != shown[0])],
        ))
    groups = []
    for rule_id, alerts in by_rule.items():
        rule = rulebook.get(rule_id) if rulebook else None
        if rule is not None:
            name, severity = rule.title, rule.severity
        else:
            name = rule_id
            severity = min((a.severity for a in alerts), key=lambda s: SEVERITY_RANK.get(s, 9))
        groups.append(RuleGroup(rule_id, name, severity, alerts))
    groups.sort(key=lambda g: (SEVERITY_RANK.get(g.severity, 9), g.rule_id))
    from monitor.delivery.outbox import trouble  # deliveries held or failing, in the header

    failing = failing_sources(store, start, end)
    if wanted is not None:  # a digest of some rules: only the sources those rules rely on
        relied_on = rule_sources(store, wanted)
        failing = [f for f in failing if f.url in relied_on]
    return Digest(kind, start, end, groups, failing, trouble(store))


def rule_sources(store: Storage, rule_ids: Collection[str]) -> set[str]:
    """The URLs of the sources that ever carried an alert of these rules (rules are not tied
    to sources, so the sources that fed them are the ones that matter to them)."""
    from monitor.storage import AlertFilter

    ids = [a.id for rule_id in rule_ids for a in store.list_alerts(AlertFilter(rule=rule_id))]
    return {ref.url for refs in story_sources(store, ids).values() for ref in refs}


def _cadence(rulebook: Rulebook, rule_ids: list[str]) -> str | None:
    """The soonest delivery among the story's rules still in the rulebook (None if none)."""
    found = [rule.deliver for r in rule_ids if (rule := rulebook.get(r)) is not None]
    return min(found, key=lambda d: CADENCE_RANK.get(d, 9)) if found else None


def failing_sources(store: Storage, start: datetime, end: datetime) -> list[FailingSource]:
    """Sources with a failed poll in [start, end) or in error now, with their last error
    and when the failures began (None when the fetch log no longer reaches back)."""
    found = [
        FailingSource(f.url, f.title or _host(f.url), f.error, f.since, f.failures)
        for f in store.failing_sources(start, end)
    ]
    found.sort(key=lambda f: (f.since or "", f.url))
    return found


def since_last_saved(store: Storage) -> tuple[datetime, set[int]] | None:
    """Where `--since-last` starts: the last second of the latest saved digest (an alert
    stored in that second after the digest was made belongs to the next one), and the alerts
    that digest already had, to leave out. None before the first saved digest."""
    end = store.last_digest_end(None)
    if end is None:
        return None
    shown: set[int] = set()
    for kind in KINDS:
        digest_id = store.digest_id(kind, parse_iso(end))
        record = store.digest(digest_id) if digest_id is not None else None
        if record is not None:
            shown.update(record.alert_ids)
    return parse_iso(end) - timedelta(seconds=1), shown


def last_digest_end(store: Storage, kind: str | None = None) -> datetime | None:
    """The end of the latest saved digest (of that kind, or any), or None if none yet."""
    end = store.last_digest_end(kind)
    return parse_iso(end) if end else None


# -- saving ---------------------------------------------------------------------------------


def save_digest(store: Storage, digest: Digest, state_dir: Path, now: datetime) -> int:
    """Write the digest's HTML and Markdown under state_dir/digests/ and record it; a digest
    of the same kind and end already saved is left as it is. Returns the digest id."""
    folder = state_dir / DIGESTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    existing = store.digest_id(digest.kind, digest.end)
    if existing is not None:
        return existing
    base = folder / digest_file_stem(digest.kind, digest.end)
    html_path, md_path = base.with_suffix(".html"), base.with_suffix(".md")
    write_atomically(html_path, render_digest(digest, "html"))
    write_atomically(md_path, render_digest(digest, "markdown"))
    # Another daemon may have saved the same digest meanwhile: the database keeps one.
    digest_id, _ = store.add_digest(DigestRecord(
        id=0, kind=digest.kind, period_start=iso(digest.start), period_end=iso(digest.end),
        created=iso(now), alert_ids=digest.alert_ids, html_path=str(html_path),
        markdown_path=str(md_path),
    ))
    return digest_id


def digest_file_stem(kind: str, end: datetime) -> str:
    """The one pattern of digest file names: kind and end to the second, e.g.
    daily-20240501T070000Z (.html and .md)."""
    return f"{kind}-{end.strftime('%Y%m%dT%H%M%SZ')}"


# -- rendering ------------------------------------------------------------------------------


def render_digest(digest: Digest, fmt: str) -> str:
    """The digest as "text" (plain, for terminals and email), "markdown", "html" or "json"."""
    if fmt == "text":
        out = io.StringIO()
        from rich.console import Console  # imported when drawn: quicker CLI start-up

        console = Console(file=out, width=100, force_terminal=False, highlight=False)
        for renderable in text_lines(digest):
            console.print(renderable, soft_wrap=True)  # no hard line breaks: links stay whole
        return out.getvalue()
    if fmt == "markdown":
        return _markdown(digest)
    if fmt == "html":
        return _html(digest)
    if fmt == "json":
        return json.dumps(digest_json(digest), ensure_ascii=False)
    raise ValueError(f"digest format {fmt!r}: use one of {', '.join(FORMATS)}")


def _alert_json(alert: DigestAlert) -> dict[str, Any]:
    """An alert for JSON: the snippet as plain text, its marks as [start, end] pairs."""
    return {**asdict(alert), "snippet": alert.snippet.text,
            "marks": [list(mark) for mark in alert.snippet.marks]}


def digest_json(digest: Digest) -> dict[str, Any]:
    """The digest as one JSON-ready object."""
    return {
        "window": {"start": iso(digest.start), "end": iso(digest.end)},
        "kind": digest.kind,
        "counts": {g.rule_id: len(g.alerts) for g in digest.groups},
        "rules": [
            {"id": g.rule_id, "name": g.name, "severity": g.severity,
             "alerts": [_alert_json(a) for a in g.alerts]}
            for g in digest.groups
        ],
        "failing_sources": [asdict(f) for f in digest.failing_sources],
        "deliveries": digest.deliveries,
    }


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc or url
    except ValueError:  # "http://[x/"
        return url


def _when(stamp: str | None) -> str:
    """"2024-05-01 07:00 UTC" from a stored ISO time."""
    if not stamp:
        return "unknown"
    try:
        return parse_iso(stamp).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return stamp


def _one_line(text: str) -> str:
    """Feed text on one line, without control characters."""
    return _CONTROL.sub("", _SPACE.sub(" ", text)).strip()


def marked_parts(snippet: Snippet) -> Iterator[tuple[str, bool]]:
    """(text, is a matched term) pieces of a snippet, on one line, without control characters."""
    for part, marked in snippet.parts():
        cleaned = _CONTROL.sub("", _SPACE.sub(" ", part))
        if cleaned:
            yield cleaned, marked


def _title(alert: DigestAlert) -> str:
    return _one_line(alert.title) or "(untitled)"


def _heading(digest: Digest) -> str:
    return f"Digest ({digest.kind}): {_when(iso(digest.start))} → {_when(iso(digest.end))}"


def _summary(digest: Digest) -> str:
    if not digest.total:
        return "No alerts in window."
    rules = "rule" if len(digest.groups) == 1 else "rules"
    alerts = "alert" if digest.total == 1 else "alerts"
    return f"{digest.total} {alerts} in {len(digest.groups)} {rules}"


def _failure_text(f: FailingSource) -> str:
    since = f" since {_when(f.since)}" if f.since else ""
    count = f", {f.failures} failed poll(s) in window" if f.failures else ""
    from monitor.failures import plain_error

    return f"{plain_error(_one_line(f.error))} (failing{since}{count})"


# text (rich) ---------------------------------------------------------------------------------


def text_lines(digest: Digest) -> list[Any]:
    """Rich renderables for the digest: plain in a file or email, coloured on a terminal.
    Feed text goes in as Text (never markup), so brackets in a title are just brackets."""
    from rich.style import Style
    from rich.text import Text

    def linked(text: str, url: str | None, style: str = "") -> Text:
        link = safe_link(url)
        return Text(text, style=Style.parse(style or "none") + Style(link=link) if link else style)

    out: list[Any] = [Text(_heading(digest), style="bold")]
    summary = Text(_summary(digest))
    for i, group in enumerate(digest.groups):
        summary.append(": " if i == 0 else ", ")
        summary.append(f"{group.name} {len(group.alerts)}", style=_severity_style(group.severity))
    out.append(summary)
    for group in digest.groups:
        out.append(Text(""))
        count = "alert" if len(group.alerts) == 1 else "alerts"
        out.append(Text(f"== {group.name} ({group.severity}) · {len(group.alerts)} {count} ==",
                        style="bold " + _severity_style(group.severity)))
        for alert in group.alerts:
            out.append(Text(""))
            out.append(Text("• ") + linked(_title(alert), alert.link, "bold"))
            main = alert.sources[0] if alert.sources else None
            meta = Text(f"  {_when(alert.first_seen)}")
            if main:
                meta.append(" · ")
                meta.append(_one_line(main.title or main.url))
            if alert.status != "new":
                meta.append(f" · {alert.status}", style="dim")
            if alert.other_rules:
                meta.append(" · also matched: " + ", ".join(alert.other_rules), style="dim")
            out.append(meta)
            if safe_link(alert.link):
                out.append(Text(f"  {safe_link(alert.link)}", style="blue", no_wrap=True,
                                overflow="ignore"))
            if len(alert.sources) > 1:
                also = Text("  also in: ")
                for i, ref in enumerate(alert.sources[1:]):
                    if i:
                        also.append(", ")
                    also.append_text(linked(_one_line(ref.title or ref.url), ref.link or ref.url))
                    link = safe_link(ref.link) or safe_link(ref.url)
                    if link:
                        also.append(f" <{link}>", style="dim")
                out.append(also)
            if alert.snippet:
                snippet = Text("  ")
                for part, marked in marked_parts(alert.snippet):
                    snippet.append(part, style="bold yellow" if marked else "")
                out.append(snippet)
    if digest.failing_sources or digest.deliveries:
        out.append(Text(""))
    if digest.failing_sources:
        out.append(Text(f"Sources in error ({len(digest.failing_sources)}); alerts from them "
                        "may be missing:", style="bold red"))
        for f in digest.failing_sources:
            line = Text("  ! ")
            line.append(_one_line(f.title), style="bold")
            line.append(f" {_one_line(f.url)}: {_failure_text(f)}")
            out.append(line)
    if digest.deliveries:
        out.append(Text(f"Delivery: {digest.deliveries}", style="bold red"))
    return out


def _severity_style(severity: str) -> str:
    return {"high": "red", "low": "dim"}.get(severity, "")


# Markdown ------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
_MD_LINE_START = re.compile(r"^(\s*)(\d*)([-+=.)])")


def md_escape(text: str) -> str:
    """Feed text made inert in Markdown: HTML escaped, Markdown punctuation backslashed."""
    text = html.escape(_CONTROL.sub("", _SPACE.sub(" ", text)), quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(r"\1\2\\\3", text)


def md_url(url: str | None) -> str | None:
    """An http(s) URL safe inside Markdown's (…), or None."""
    link = safe_link(url)
    if link is None:
        return None
    for char in " ()<>\\\"'`[]":
        link = link.replace(char, f"%{ord(char):02X}")
    return link


def _md_link(text: str, url: str | None) -> str:
    link = md_url(url)
    return f"[{md_escape(text)}]({link})" if link else md_escape(text)


def _markdown(digest: Digest) -> str:
    lines = [f"# {md_escape(_heading(digest))}", ""]
    summary = md_escape(_summary(digest))
    if digest.groups:
        summary += ": " + ", ".join(
            f"{md_escape(g.name)} ({g.severity}) {len(g.alerts)}" for g in digest.groups
        )
    lines += [summary, ""]
    for group in digest.groups:
        count = "alert" if len(group.alerts) == 1 else "alerts"
        lines += [f"## {md_escape(group.name)} · {group.severity} · {len(group.alerts)} {count}",
                  ""]
        for alert in group.alerts:
            lines += [f"### {_md_link(_title(alert), alert.link)}", ""]
            meta = [_when(alert.first_seen)]  # ours, not the feed's: nothing to escape
            if alert.sources:
                main = alert.sources[0]
                meta.append(_md_link(main.title or main.url, main.link or main.url))
            if alert.status != "new":
                meta.append(md_escape(alert.status))
            if alert.other_rules:
                meta.append("also matched: " + md_escape(", ".join(alert.other_rules)))
            if len(alert.sources) > 1:
                meta.append("also in: " + ", ".join(
                    _md_link(ref.title or ref.url, ref.link or ref.url) for ref in alert.sources[1:]
                ))
            lines += [" · ".join(meta), ""]
            if alert.snippet:
                snippet = "".join(
                    f"**{md_escape(part)}**" if marked else md_escape(part)
                    for part, marked in marked_parts(alert.snippet)
                )
                lines += [f"> {snippet}", ""]
    if digest.failing_sources:
        lines += [f"**Sources in error ({len(digest.failing_sources)})**; alerts from them may "
                  "be missing:", ""]
        for f in digest.failing_sources:
            lines.append(f"- {_md_link(f.title, f.url)}: {md_escape(_failure_text(f))}")
        lines.append("")
    if digest.deliveries:
        lines += [f"**Delivery**: {md_escape(digest.deliveries)}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# HTML (email-safe: inline styles, no scripts, no external resources) -------------------------

_HTML_TEMPLATE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ heading }}</title>
</head>
<body style="margin:0;padding:0;background:#f4f4f4;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" \
style="background:#f4f4f4;">
<tr><td align="center" style="padding:16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" \
style="max-width:680px;background:#ffffff;border:1px solid #dddddd;\
font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45;color:#222222;">
<tr><td style="padding:20px 24px;">
<h1 style="margin:0 0 8px 0;font-size:20px;">{{ heading }}</h1>
<p style="margin:0 0 12px 0;">{{ summary }}{% if groups %}: {% for g in groups %}\
<span style="{{ severity_style(g.severity) }}">{{ g.name }} {{ g.alerts|length }}</span>\
{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}</p>
{% for g in groups %}
<h2 style="margin:20px 0 8px 0;padding:0 0 4px 0;font-size:17px;border-bottom:2px solid \
{{ severity_colour(g.severity) }};">{{ g.name }} <span style="font-weight:normal;color:#666666;\
font-size:14px;">· {{ g.severity }} · {{ g.alerts|length }} \
{{ "alert" if g.alerts|length == 1 else "alerts" }}</span></h2>
{% for a in g.alerts %}
<div style="margin:0 0 14px 0;">
<div style="font-size:16px;font-weight:bold;">{{ link(title(a), a.link) }}</div>
<div style="font-size:13px;color:#666666;">{{ when(a.first_seen) }}\
{% if a.sources %} · {{ link(a.sources[0].title, a.sources[0].link or a.sources[0].url) }}\
{% endif %}{% if a.status != "new" %} · {{ a.status }}{% endif %}\
{% if a.other_rules %} · also matched: {{ a.other_rules|join(", ") }}{% endif %}\
{% if a.sources|length > 1 %} · also in: {% for s in a.sources[1:] %}\
{{ link(s.title, s.link or s.url) }}{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}\
</div>
{% if a.snippet %}<div style="margin:4px 0 0 0;color:#333333;">{{ highlight(a.snippet) }}</div>\
{% endif %}
</div>
{% endfor %}
{% endfor %}
{% if failing %}
<div style="margin:0 0 16px 0;padding:10px 12px;background:#fdecea;border-left:4px solid #c62828;">
<p style="margin:0 0 6px 0;font-weight:bold;color:#c62828;">\
Sources in error ({{ failing|length }}); alerts from them may be missing:</p>
<ul style="margin:0;padding-left:20px;">
{% for f in failing %}<li style="margin:0 0 4px 0;">{{ link(f.title, f.url) }}: \
{{ failure_text(f) }}</li>
{% endfor %}</ul>
</div>
{% endif %}
{% if deliveries %}
<p style="margin:0 0 16px 0;padding:10px 12px;background:#fdecea;border-left:4px solid #c62828;\
color:#c62828;"><b>Delivery:</b> {{ deliveries }}</p>
{% endif %}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
"""
_MARK_STYLE = "background:#fff3a3;color:#222222;font-weight:bold;padding:0 1px;"
_LINK_STYLE = "color:#1a5fb4;text-decoration:underline;"


def _html(digest: Digest) -> str:
    from jinja2 import Environment
    from markupsafe import Markup, escape

    def link(text: str, url: str | None) -> Markup:
        target = safe_link(url)
        label = escape(_one_line(text))
        if target is None:
            return label
        return Markup('<a href="{}" style="{}">{}</a>').format(target, _LINK_STYLE, label)

    def highlight(snippet: Snippet) -> Markup:
        return Markup("").join(
            Markup('<mark style="{}">{}</mark>').format(_MARK_STYLE, part) if marked
            else escape(part)
            for part, marked in marked_parts(snippet)
        )

    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    template = env.from_string(_HTML_TEMPLATE)
    return template.render(
        heading=_heading(digest), summary=_summary(digest), groups=digest.groups,
        failing=digest.failing_sources, deliveries=digest.deliveries, link=link,
        highlight=highlight, when=_when, title=_title, failure_text=_failure_text,
        severity_style=lambda s: {"high": "color:#c62828;font-weight:bold;"}.get(s, ""),
        severity_colour=lambda s: {"high": "#c62828", "low": "#bbbbbb"}.get(s, "#1a5fb4"),
    )
