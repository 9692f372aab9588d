"""`monitor notify`: check channels with a test message, see and retry deliveries.

A thin layer over monitor.delivery (channels: one send through Apprise; outbox: the
recorded deliveries).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import click

from monitor.delivery.channels import Message, find_channels, send
from monitor.delivery.outbox import HELD, STATUSES, counts, list_deliveries, retry
from monitor.errors import MonitorError
from monitor.schedule import iso, utcnow


@click.group()
def notify() -> None:
    """Delivery channels: test them, list what was sent, retry what was not."""


@notify.command("test")
@click.argument("channel", required=False)
@click.pass_obj
def notify_test(app: Any, channel: str | None) -> None:
    """Send a test message to CHANNEL (default: every channel) and say if it arrived."""
    config = app.config()
    targets = find_channels(config.channels, channel)
    message = Message(
        "monitor test message",
        f"This is a test from monitor ({iso(utcnow())}). If you can read it, the channel "
        "works: digests and alerts will arrive here.",
    )
    failed = []
    for target in targets:
        error = send(target, message)
        if error is None:
            click.echo(f"sent a test message to {target.name}")
        elif len(targets) == 1:
            raise MonitorError(f"channel {target.name}: not sent: {error}")
        else:
            failed.append(target.name)
            click.echo(f"{target.name}: not sent: {error}", err=True)
    if failed:
        raise MonitorError(f"{len(failed)} of {len(targets)} channels failed: {', '.join(failed)}")


@notify.command("list")
@click.option("--status", type=click.Choice(STATUSES), help="Only deliveries in this state.")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True,
              help="How many of the most recent deliveries.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_obj
def notify_list(app: Any, status: str | None, limit: int, as_json: bool) -> None:
    """Recent deliveries of digests and alerts: status, attempts, next try, last error."""
    config = app.config()
    with app.store(config, sync=False) as store:
        views = list_deliveries(store, status=status, limit=limit)
        totals = counts(store)
    if as_json:
        for view in views:
            click.echo(json.dumps(asdict(view), ensure_ascii=False))
        return
    if not views:
        click.echo("no deliveries yet" + (f" with status {status}" if status else ""))
    for view in views:
        line = f"{view.id:>5}  {view.status:<11} {view.channel:<12} {view.what}"
        if view.status == "sent":
            line += f"  (sent {view.sent}"
            line += f", after {view.attempts} attempts)" if view.attempts > 1 else ")"
        elif view.attempts:
            line += f"  ({view.attempts} attempts"
            line += f"; next {view.next_attempt})" if view.next_attempt else ")"
        click.echo(line)
        if view.last_error and view.status != "sent":
            click.echo(f"       {view.last_error}")
    summary = ", ".join(f"{totals[s]} {s}" for s in STATUSES if totals.get(s))
    if summary:
        click.echo(f"all deliveries: {summary}")
    if any(totals.get(s) for s in HELD):
        click.echo("interrupted and unconfirmed deliveries may or may not have arrived; "
                   "`monitor notify retry ID` sends one again (with the same delivery id)")


@notify.command("retry")
@click.argument("delivery_id", type=int)
@click.pass_obj
def notify_retry(app: Any, delivery_id: int) -> None:
    """Queue a held (interrupted, unconfirmed) or failing delivery for the daemon's next
    tick; it goes with the same delivery id, so the receiver can drop a repeat."""
    config = app.config()
    with app.store(config, sync=False) as store:
        row = retry(store, delivery_id, utcnow())
    from monitor.daemon import daemon_running

    if daemon_running(config.state_dir):
        click.echo(f"delivery {row.id} to {row.channel} queued; the running daemon sends it")
    else:
        click.echo(f"delivery {row.id} to {row.channel} queued; no daemon is running: "
                   "`monitor run` sends it")


COMMANDS = [notify]
__all__ = ["COMMANDS", "notify"]
