"""Atom feeds of alerts: one for all alerts, one per rule, for the user's feed reader.

Each alert is one entry whose id comes from the rule and the story (not the database row),
so it survives a rebuilt database, and whose `updated` is the alert's first_seen: a story
that gains sources or is re-read later keeps its date, so readers never show it again.
Dismissed alerts are left out. Everything from feeds is escaped, then sanitised by nh3.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nh3

from monitor.atomic import write_atomically
from monitor.rulebook.files import Rulebook
from monitor.snippets import Snippet
from monitor.storage import FeedMark, Storage
from monitor.urls import safe_link

log = logging.getLogger(__name__)

ALL = "all"
ATOM_DIR = "atom"
TAG = "tag:monitor,2026:"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # an empty feed's date: its file never churns
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")  # what rulebook/files.py allows as an id
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class _Alert:
    """One alert row with what its entry shows: terms and every source's entry."""

    id: int
    rule_id: str
    story: str
    title: str
    link: str | None
    severity: str
    snippet: Snippet
    first_seen: str
    terms: list[str] = field(default_factory=list)
    sources: list[tuple[str | None, str, str]] = field(default_factory=list)  # link, title, src


def entry_id(rule_id: str, story: str) -> str:
    """The alert's Atom id: from rule and story only, so it never changes for that story."""
    return f"{TAG}alert/{rule_id}/{hashlib.sha1(story.encode()).hexdigest()[:16]}"


def feed_id(rule_id: str | None) -> str:
    return f"{TAG}feed/{ALL}" if rule_id is None else f"{TAG}feed/rule/{rule_id}"


def feed_names(store: Storage, rulebook: Rulebook | None = None) -> list[str]:
    """"all", then every rule id with alerts or in the rulebook, sorted (safe file names)."""
    ids = store.alert_rule_ids()
    if rulebook is not None:
        ids |= {rule.id for rule in rulebook.rules}
    return [ALL, *sorted(i for i in ids if _SAFE_NAME.match(i) and i != ALL)]


def _text(value: str) -> str:
    """Text XML can carry: control characters dropped."""
    return _NOT_XML.sub("", value)


def _load_alerts(store: Storage, rule_id: str | None, limit: int) -> list[_Alert]:
    # A story several rules hit is in each of their feeds under that feed's rule (its id
    # stays (rule, story)); all.xml names the rule that made the story.
    alerts = {
        row.id: _Alert(row.id, rule_id or row.rule_id, row.story, row.title, row.link, row.severity,
                       row.snippet, row.first_seen)
        for row in store.feed_alerts(rule_id, limit)
    }
    if not alerts:
        return []
    for hit in store.alert_hits(list(alerts)):
        alert = alerts[hit.alert_id]
        for term in hit.terms:
            text = str(term.get("text") or term.get("term") or "") if isinstance(term, dict) else ""
            if text and text.casefold() not in {t.casefold() for t in alert.terms}:
                alert.terms.append(text)
        if (hit.link, hit.title, hit.source_name) not in alert.sources:
            alert.sources.append((hit.link, hit.title or "", hit.source_name or ""))
    return list(alerts.values())


def _content(alert: _Alert, rule_title: str) -> str:
    """The entry's HTML: snippet with terms in bold, the terms, the rule, every source."""
    snippet = alert.snippet.render(lambda term: f"<b>{html.escape(_text(term))}</b>",
                                   lambda text: html.escape(_text(text)))
    parts = [f"<p>{snippet}</p>"]
    if alert.terms:
        terms = ", ".join(f"<b>{html.escape(_text(t))}</b>" for t in alert.terms)
        parts.append(f"<p>Matched: {terms}</p>")
    rule = html.escape(_text(rule_title))
    if rule_title != alert.rule_id:
        rule += f" ({html.escape(alert.rule_id)})"
    parts.append(f"<p>Rule: {rule}; severity {html.escape(alert.severity)}</p>")
    if alert.sources:
        items = []
        for link, title, source in alert.sources:
            label = html.escape(_text(title or link or "(untitled)"))
            href = safe_link(link)
            shown = f'<a href="{html.escape(href, quote=True)}">{label}</a>' if href else label
            items.append(f"<li>{shown} ({html.escape(_text(source))})</li>")
        parts.append(f"<p>Sources:</p><ul>{''.join(items)}</ul>")
    return nh3.clean("".join(parts))


def _self_link(base_url: str, name: str) -> str:
    """The feed's own URL: base_url itself when it names the .xml file, else base/atom/…"""
    if base_url.endswith(".xml"):
        return base_url
    return f"{base_url.rstrip('/')}/{ATOM_DIR}/{name}.xml"


def render_atom(
    store: Storage,
    rule_id: str | None,
    *,
    rulebook: Rulebook | None = None,
    base_url: str | None = None,
    limit: int = 200,
) -> bytes:
    """The Atom document of one rule's alerts (rule_id None: all alerts), newest `limit`."""
    from feedgen.feed import FeedGenerator  # imported when a feed is made: quicker CLI start

    rule = rulebook.get(rule_id) if rulebook is not None and rule_id is not None else None
    titles = {r.id: r.title for r in rulebook.rules} if rulebook is not None else {}
    alerts = _load_alerts(store, rule_id, limit)

    fg = FeedGenerator()
    fg.id(feed_id(rule_id))
    fg.title(_text(f"monitor: {rule.title if rule else rule_id or 'all alerts'}"))
    fg.author({"name": "monitor"})
    if rule is not None and rule.notes:
        fg.subtitle(_text(rule.notes))
    if base_url:
        fg.link(href=_self_link(base_url, rule_id or ALL), rel="self",
                type="application/atom+xml")
    fg.updated(datetime.fromisoformat(alerts[0].first_seen) if alerts else EPOCH)
    for alert in alerts:
        seen = datetime.fromisoformat(alert.first_seen)  # strptime is 10x slower
        entry = fg.add_entry(order="append")
        entry.id(entry_id(alert.rule_id, alert.story))
        entry.title(_text(alert.title.strip()) or alert.rule_id)
        entry.updated(seen)
        entry.published(seen)
        link = safe_link(alert.link)
        if link:
            entry.link(href=link, rel="alternate")
        entry.category([
            {"term": alert.rule_id, "label": _text(titles.get(alert.rule_id, alert.rule_id))},
            {"term": alert.severity, "scheme": f"{TAG}severity"},
        ])
        entry.content(_content(alert, titles.get(alert.rule_id, alert.rule_id)), type="html")
    return bytes(fg.atom_str(pretty=True))


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write via a temporary file and os.replace, so a reader never sees half a feed;
    skipped when the bytes are the same (readers polling the file see no change)."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomically(path, data)
    return True


def _feed_path(folder: Path, name: str) -> Path | None:
    """folder/<name>.xml, or None for a name that could step outside the folder."""
    if not _SAFE_NAME.match(name):
        return None
    path = folder / f"{name}.xml"
    return path if path.parent == folder else None


def _write(
    store: Storage, folder: Path, names: Iterable[str], rulebook: Rulebook | None
) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        path = _feed_path(folder, name)
        if path is None:
            log.warning("no Atom feed for rule %r: not a safe file name", name)
            continue
        _write_if_changed(path, render_atom(store, None if name == ALL else name,
                                            rulebook=rulebook))
        paths.append(path)
    return paths


def write_atom_feeds(
    store: Storage, state_dir: Path, *, rulebook: Rulebook | None = None
) -> list[Path]:
    """Write state_dir/atom/all.xml and one <rule_id>.xml per feed name; feeds of rules
    that have neither alerts nor a place in the rulebook any more are removed."""
    folder = state_dir / ATOM_DIR
    names = feed_names(store, rulebook)
    paths = _write(store, folder, names, rulebook)
    for stale in set(folder.glob("*.xml")) - set(paths):
        stale.unlink(missing_ok=True)
    return paths


def _marks(store: Storage) -> dict[str, FeedMark]:
    """Per rule, a cheap summary that changes whenever its feed would: new alerts, new
    sources (last_seen), and alerts dismissed or brought back."""
    return {mark.rule_id: mark for mark in store.feed_marks()}


class AtomFeeds:
    """Keeps state_dir/atom/ current for the daemon: everything on the first refresh and
    when the rulebook changes, then only "all" and the rules whose alerts changed."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self._marks: dict[str, FeedMark] | None = None
        self._rulebook: str | None = None

    def refresh(self, store: Storage, rulebook: Rulebook | None = None) -> list[Path]:
        """Rewrite the feeds whose alerts changed since the last call; the paths written."""
        # ValueError: lxml refused text
        failures: tuple[type[Exception], ...] = (OSError, ValueError, *store.errors)
        try:
            marks = _marks(store)
            book = rulebook.fingerprint if rulebook is not None else None
            if self._marks is None or book != self._rulebook:
                paths = write_atom_feeds(store, self.state_dir, rulebook=rulebook)
            else:
                changed = {
                    rule for rule in marks.keys() | self._marks.keys()
                    if marks.get(rule) != self._marks.get(rule)
                }
                if not changed:
                    return []
                names = [ALL, *sorted(changed - {ALL})]
                paths = _write(store, self.state_dir / ATOM_DIR, names, rulebook)
        except failures as exc:
            log.error("Atom feeds not written (tried again next time): %s", exc)
            self._marks = None
            return []
        self._marks, self._rulebook = marks, book
        return paths
