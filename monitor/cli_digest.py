"""`monitor digest`: print the alerts of a window grouped by rule, save it, optionally send it.

A thin layer over digest.py (build, render, save) and delivery (send to channels).
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import click

from monitor.cli_options import rules_option, rules_path
from monitor.digest import FORMATS, build_digest, render_digest, save_digest, since_last_saved
from monitor.errors import MonitorError
from monitor.rulebook.files import Rulebook, RuleError, load_rulebook
from monitor.schedule import iso, parse_iso, utcnow
from monitor.units import parse_duration

DEFAULT_SINCE = "24h"


def _rulebook(path: Path) -> Rulebook | None:
    """The rules for names and severities; broken or missing files never stop a digest."""
    if not path.exists():
        return None
    try:
        return load_rulebook(path)
    except RuleError:
        click.echo("monitor: warning: the rule files have errors (see `monitor rules check`);"
                   " the digest uses the alerts' own rule ids and severities", err=True)
        return None


@click.command()
@click.option("--since", metavar="DURATION",
              help=f"Alerts first seen within this long, e.g. 24h or 7d (default {DEFAULT_SINCE}).")
@click.option("--since-last", is_flag=True,
              help="Alerts since the end of the last saved digest (else the last 24h).")
@click.option("--rule", "rule_ids", multiple=True, metavar="ID",
              help="Only this rule's alerts; repeat for several.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("--save", is_flag=True, help="Also save it under state/digests/ (HTML and "
              "Markdown); --since-last counts saved digests only.")
@click.option("--send", is_flag=True, help="Also save it and send it to the channels in "
              "monitor.toml.")
@rules_option
@click.pass_obj
def digest(
    app: Any, since: str | None, since_last: bool, rule_ids: tuple[str, ...], fmt: str,
    save: bool, send: bool, rules_arg: str | None,
) -> None:
    """Print the alerts first seen in a window, grouped by rule, high severity first, then
    the sources in error. With --save or --send it is also saved under state/digests/."""
    if since and since_last:
        raise MonitorError("give either --since or --since-last, not both")
    config = app.config()
    if send and not config.channels:
        raise MonitorError("no channels in monitor.toml; add a [[channel]] (see README)")
    window = parse_duration(since or DEFAULT_SINCE, "--since")
    # To the end of this second, as times are stored: a poll that just ended is inside.
    end = parse_iso(iso(utcnow())) + timedelta(seconds=1)
    book = _rulebook(rules_path(app, rules_arg))
    with app.store(config, sync=False, create=False) as store:
        start = end - timedelta(seconds=window)
        shown: set[int] = set()
        if since_last:  # saved digests only: printing one does not move the mark
            last = since_last_saved(store)
            if last is not None:
                start, shown = last
        if rule_ids:
            _check_rules(store, book, rule_ids)
        built = build_digest(store, start=start, end=end, kind="manual", rulebook=book,
                             rule_ids=set(rule_ids) if rule_ids else None, exclude=shown)
        digest_id = None
        if save or send:
            digest_id = save_digest(store, built, config.state_dir, utcnow())
        if fmt == "text" and sys.stdout.isatty():
            from rich.console import Console

            from monitor.digest import text_lines

            console = Console(highlight=False)
            for line in text_lines(built):
                console.print(line, soft_wrap=True)
        else:
            click.echo(render_digest(built, fmt).rstrip("\n"))
        if send and digest_id is not None:
            _send(store, config, digest_id)


def _check_rules(store: Any, book: Rulebook | None, rule_ids: tuple[str, ...]) -> None:
    """An unknown --rule is a typo, not an empty digest."""
    known = store.alert_rule_ids()
    if book:
        known |= {r.id for r in book.rules}
    for rule_id in rule_ids:
        if rule_id not in known:
            raise MonitorError(f"no rule {rule_id!r}; `monitor rules list` shows the rule ids")


def _send(store: Any, config: Any, digest_id: int) -> None:
    """Hand the saved digest to every channel; say on stderr what went where."""
    from monitor.delivery.outbox import send_digest

    results = send_digest(store, config, digest_id, utcnow())
    if not results:
        raise MonitorError("no channel in monitor.toml takes digests; set digests = true "
                           "on a [[channel]] (see README)")
    failed = 0
    for channel, sent, error in results:
        if sent:
            click.echo(f"sent digest {digest_id} to {channel}", err=True)
        else:
            failed += 1
            click.echo(f"not sent to {channel}: {error or 'unknown error'}", err=True)
    if failed:
        raise MonitorError(f"the digest could not be sent to {failed} channel(s); see above")


COMMANDS = [digest]
__all__ = ["COMMANDS", "digest"]
