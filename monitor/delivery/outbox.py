"""The outbox: every digest and alert to send, one row per channel, sent at most once.

A delivery row is created in a transaction and is unique per (channel, digest) and
(channel, alert), so enqueueing twice is harmless. Sending one row:

1. claim it: 'pending' -> 'sending', committed *before* Apprise is called (a row another
   process already claimed is skipped);
2. send it (the only step outside SQLite; the daemon runs it in a worker thread);
3. settle it: 'sent', or back to 'pending' with attempts + 1, the reason in last_error and
   next_attempt = now + backoff (1m, 2m, 4m, … capped at 1h, ±20% jitter).

Pending rows are never given up on: a failing channel keeps being retried at the capped
backoff, and `monitor notify list` reports them. A row found 'sending' when the daemon
starts was interrupted mid-send: the service may or may not have received it, so it is
marked 'interrupted' and NOT resent (never duplicated), with a warning in the log; it shows
in `monitor notify list`, and `monitor notify retry ID` sends it again if the user wants.

Immediate alerts: a channel with immediate = true gets the alerts of rules with
deliver = "immediate" first seen after the channel itself was first seen (kept in the meta
table per channel name), so adding a channel never floods it with the backlog; nor does
turning immediate on for a channel (alerts from while it was off are not pushed).
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from monitor.alerts import story_sources
from monitor.config import Channel, Config
from monitor.delivery.channels import Message, send
from monitor.errors import MonitorError
from monitor.rulebook.files import Rulebook
from monitor.schedule import backoff_delay, iso
from monitor.store import Store

log = logging.getLogger(__name__)

STATUSES = ("pending", "sending", "sent", "interrupted")
RETRY_FIRST = 60.0  # seconds before the first retry; doubles per failure
RETRY_CAP = 3600.0  # never wait longer than this between tries

Sender = Callable[[Channel, Message], str | None]


@dataclass(frozen=True)
class Delivery:
    """One row of the deliveries table: a digest or an alert for one channel."""

    id: int
    channel: str
    digest_id: int | None
    alert_id: int | None
    status: str
    attempts: int
    next_attempt: str
    last_error: str | None
    created: str
    sent: str | None


_COLUMNS = (
    "id, channel, digest_id, alert_id, status, attempts, next_attempt, last_error, created, sent"
)


def _rows(store: Store, where: str, params: Iterable[Any]) -> list[Delivery]:
    sql = f"SELECT {_COLUMNS} FROM deliveries WHERE {where}"
    return [Delivery(*row) for row in store.db.execute(sql, list(params)).fetchall()]


# -- channels first seen ---------------------------------------------------------------


def _since_key(name: str) -> str:
    return f"delivery.since.{name}"


def _upto_key(name: str) -> str:
    return f"delivery.alerts_upto.{name}"


def remember_channels(store: Store, channels: Iterable[Channel], now: datetime) -> list[str]:
    """Record when each channel was first seen (and the newest alert then), so only alerts
    after that are sent to it; returns the names seen for the first time."""
    fresh = []
    with store.transaction() as conn:
        top = conn.execute("SELECT coalesce(max(id), 0) FROM alerts").fetchone()[0]
        for channel in channels:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                (_since_key(channel.name), iso(now)),
            )
            if cursor.rowcount:
                conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                    (_upto_key(channel.name), str(top)),
                )
                fresh.append(channel.name)
    return fresh


def channel_since(store: Store, name: str) -> str | None:
    """When the channel was first seen (ISO UTC), or None if never."""
    row = store.db.execute("SELECT value FROM meta WHERE key = ?", (_since_key(name),)).fetchone()
    return row[0] if row else None


# -- enqueueing --------------------------------------------------------------------------


def enqueue_immediate(
    store: Store, channels: Iterable[Channel], rulebook: Rulebook | None, now: datetime
) -> int:
    """Queue new alerts of deliver = "immediate" rules for every channel taking immediate
    alerts; returns the number of rows added. Call `remember_channels` first."""
    if rulebook is None:
        return 0  # no rules in force: nothing says which alerts are immediate
    immediate = {r.id for r in rulebook.rules if r.deliver == "immediate"}
    added = 0
    with store.transaction() as conn:
        top = conn.execute("SELECT coalesce(max(id), 0) FROM alerts").fetchone()[0]
        for channel in channels:
            if not channel.immediate:
                # Moved on all the same: turning immediate on later must not push the
                # alerts that came while it was off.
                conn.execute(
                    "UPDATE meta SET value = ? WHERE key = ?", (str(top), _upto_key(channel.name))
                )
                continue
            meta = dict(
                conn.execute(
                    "SELECT key, value FROM meta WHERE key IN (?, ?)",
                    (_since_key(channel.name), _upto_key(channel.name)),
                ).fetchall()
            )
            since, upto = meta.get(_since_key(channel.name)), meta.get(_upto_key(channel.name))
            if since is None or upto is None or int(upto) >= top:
                continue
            rows = conn.execute(
                "SELECT id, rule_id FROM alerts WHERE id > ? AND id <= ? AND first_seen >= ?",
                (int(upto), top, since),
            ).fetchall()
            for alert_id, rule_id in rows:
                if rule_id in immediate:
                    added += conn.execute(
                        "INSERT OR IGNORE INTO deliveries (channel, alert_id, next_attempt, "
                        "created) VALUES (?, ?, ?, ?)",
                        (channel.name, alert_id, iso(now), iso(now)),
                    ).rowcount
            conn.execute(
                "UPDATE meta SET value = ? WHERE key = ?", (str(top), _upto_key(channel.name))
            )
    return added


def _digests_upto_key(name: str) -> str:
    return f"delivery.digests_upto.{name}"


def enqueue_new_digests(store: Store, channels: Iterable[Channel], now: datetime) -> int:
    """Queue each non-empty scheduled digest for every digest channel that has not got it,
    made since the channel was first seen and not yet looked at for it (also catches a
    crash between building and queueing). Every channel moves on, digests = false too, so
    turning digests on later never sends the ones made while it was off."""
    added = 0
    channels = list(channels)
    with store.transaction() as conn:
        # Only digests some channel has not looked at yet: not the whole history each tick.
        marks = [_digests_upto_key(channel.name) for channel in channels]
        seen = dict(conn.execute(
            f"SELECT key, value FROM meta WHERE key IN ({','.join('?' * len(marks))})", marks
        ).fetchall())
        oldest = min((int(seen.get(key, 0)) for key in marks), default=0)
        rows = conn.execute(
            "SELECT id, created, alert_ids FROM digests WHERE kind IN ('daily', 'weekly') "
            "AND id > ? ORDER BY id", (oldest,)
        ).fetchall()
        top = max((row[0] for row in rows), default=oldest)
        for channel in channels:
            keys = (_since_key(channel.name), _digests_upto_key(channel.name))
            meta = dict(conn.execute(
                "SELECT key, value FROM meta WHERE key IN (?, ?)", keys
            ).fetchall())
            since = meta.get(keys[0])
            if since is None:
                continue
            upto = int(meta.get(keys[1], 0))  # absent in state from before it was kept
            start = datetime.fromisoformat(since)
            for digest_id, created, alert_ids in rows:
                if (channel.digests and digest_id > upto and json.loads(alert_ids or "[]")
                        and datetime.fromisoformat(created) >= start):
                    added += conn.execute(
                        "INSERT OR IGNORE INTO deliveries (channel, digest_id, next_attempt, "
                        "created) VALUES (?, ?, ?, ?)",
                        (channel.name, digest_id, iso(now), iso(now)),
                    ).rowcount
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (keys[1], str(max(top, upto))),
            )
    return added


def enqueue_digest(
    store: Store, channels: Iterable[Channel], digest_id: int, now: datetime
) -> int:
    """Queue a digest for every channel taking digests; rows already there stay as they are."""
    added = 0
    with store.transaction() as conn:
        for channel in channels:
            if channel.digests:
                added += conn.execute(
                    "INSERT OR IGNORE INTO deliveries (channel, digest_id, next_attempt, created) "
                    "VALUES (?, ?, ?, ?)",
                    (channel.name, digest_id, iso(now), iso(now)),
                ).rowcount
    return added


# -- one send: claim, message, settle ------------------------------------------------------


def recover(store: Store, now: datetime) -> list[Delivery]:
    """At daemon start: rows left 'sending' were cut off mid-send; mark them 'interrupted'
    (not resent: they may have arrived) and return them so the caller can warn."""
    with store.transaction():
        rows = _rows(store, "status = 'sending'", [])
        store.db.execute(
            "UPDATE deliveries SET status = 'interrupted', last_error = ? "
            "WHERE status = 'sending'",
            (f"interrupted mid-send (found at start {iso(now)}); it may or may not have "
             "arrived, so it is not resent automatically",),
        )
    for row in rows:
        log.warning(
            "delivery %d to %s was interrupted mid-send; not resending (it may have arrived). "
            "`monitor notify retry %d` sends it again", row.id, row.channel, row.id,
        )
    return rows


def due(store: Store, now: datetime, names: Iterable[str] | None = None) -> list[Delivery]:
    """Pending rows whose next attempt has come, oldest first (optionally for some channels)."""
    where, params = "status = 'pending' AND next_attempt <= ?", [iso(now)]
    if names is not None:
        wanted = list(names)
        where += f" AND channel IN ({','.join('?' * len(wanted))})"
        params += wanted
    return _rows(store, where + " ORDER BY next_attempt, id", params)


def due_channels(store: Store, now: datetime, names: Iterable[str]) -> list[str]:
    """Which of the channels `names` have a pending row whose next attempt has come."""
    wanted = list(names)
    if not wanted:
        return []
    rows = store.db.execute(
        "SELECT DISTINCT channel FROM deliveries WHERE status = 'pending' AND next_attempt <= ? "
        f"AND channel IN ({','.join('?' * len(wanted))})",
        [iso(now), *wanted],
    ).fetchall()
    found = {row[0] for row in rows}
    return [name for name in wanted if name in found]


def claim(store: Store, delivery_id: int) -> bool:
    """Mark a pending row 'sending' (committed); False if someone else already has it."""
    with store.transaction() as conn:
        return bool(
            conn.execute(
                "UPDATE deliveries SET status = 'sending' WHERE id = ? AND status = 'pending'",
                (delivery_id,),
            ).rowcount
        )


def settle(
    store: Store,
    delivery: Delivery,
    error: str | None,
    now: datetime,
    rng: random.Random | None = None,
) -> None:
    """Record a send's outcome: 'sent', or 'pending' again with a backed-off next attempt."""
    attempts = delivery.attempts + 1
    with store.transaction() as conn:
        if error is None:
            conn.execute(
                "UPDATE deliveries SET status = 'sent', attempts = ?, sent = ?, last_error = NULL "
                "WHERE id = ?",
                (attempts, iso(now), delivery.id),
            )
            return
        delay = backoff_delay(attempts, RETRY_FIRST, RETRY_CAP, rng or random.Random())
        conn.execute(
            "UPDATE deliveries SET status = 'pending', attempts = ?, last_error = ?, "
            "next_attempt = ? WHERE id = ?",
            (attempts, error, iso(now + timedelta(seconds=delay)), delivery.id),
        )


def retry(store: Store, delivery_id: int, now: datetime) -> Delivery:
    """Make an interrupted or pending row due now (the user's decision to resend)."""
    with store.transaction() as conn:
        row = conn.execute(
            "SELECT status FROM deliveries WHERE id = ?", (delivery_id,)
        ).fetchone()
        if row is None:
            raise MonitorError(f"no delivery {delivery_id}; `monitor notify list` shows them")
        if row[0] not in ("interrupted", "pending"):
            raise MonitorError(
                f"delivery {delivery_id} is {row[0]}; only interrupted or pending ones are retried"
            )
        conn.execute(
            "UPDATE deliveries SET status = 'pending', next_attempt = ? WHERE id = ?",
            (iso(now), delivery_id),
        )
    return _rows(store, "id = ?", [delivery_id])[0]


def _period_date(value: str, zone: str) -> str:
    moment = datetime.fromisoformat(value)
    return moment.astimezone(ZoneInfo(zone)).date().isoformat()


def digest_title(kind: str, count: int, period_end: str, zone: str) -> str:
    """"monitor daily digest: 5 alerts (2026-11-30)", dated in the digest time zone."""
    noun = "alert" if count == 1 else "alerts"
    return f"monitor {kind} digest: {count} {noun} ({_period_date(period_end, zone)})"


def _digest_message(store: Store, digest_id: int, zone: str) -> Message:
    row = store.db.execute(
        "SELECT kind, period_end, alert_ids, html_path FROM digests WHERE id = ?", (digest_id,)
    ).fetchone()
    if row is None:
        raise MonitorError(f"no digest {digest_id}")
    kind, period_end, alert_ids, html_path = row
    ids = json.loads(alert_ids or "[]")
    title = digest_title(kind, len(ids), period_end, zone)
    if html_path and Path(html_path).is_file():
        return Message(title, Path(html_path).read_text(encoding="utf-8"), "html")
    # The saved file is gone: a plain list of the alerts, escaped, still tells the story.
    items = []
    for alert_id in ids:
        alert = store.db.execute(
            "SELECT rule_id, title, link FROM alerts WHERE id = ?", (alert_id,)
        ).fetchone()
        if alert:
            link = f' <a href="{html.escape(alert[2])}">link</a>' if alert[2] else ""
            items.append(f"<li>[{html.escape(alert[0])}] {html.escape(alert[1])}{link}</li>")
    return Message(title, f"<ul>{''.join(items)}</ul>", "html")


def _alert_message(store: Store, alert_id: int) -> Message:
    row = store.db.execute(
        "SELECT rule_id, title, link, snippet FROM alerts WHERE id = ?", (alert_id,)
    ).fetchone()
    if row is None:
        raise MonitorError(f"no alert {alert_id}")
    rule_id, title, link, snippet = row
    refs = story_sources(store, [alert_id]).get(alert_id, [])
    sources = sorted({ref.title or ref.url for ref in refs})
    lines = [snippet, ""]
    if sources:
        lines.append("Sources: " + ", ".join(sources))
    if link:
        lines.append(link)
    # Plain text: titles and snippets come from feeds; Apprise escapes them where needed.
    return Message(f"[{rule_id}] {title}", "\n".join(lines).strip(), "text")


def message_for(store: Store, delivery: Delivery, zone: str = "UTC") -> Message:
    """The title and body a delivery row sends (digests as HTML, alerts as plain text)."""
    if delivery.digest_id is not None:
        return _digest_message(store, delivery.digest_id, zone)
    assert delivery.alert_id is not None
    return _alert_message(store, delivery.alert_id)


# -- sending -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What one attempt did: the row (as it was before), and the error if it failed."""

    delivery: Delivery
    error: str | None


def _channels(config: Config) -> dict[str, Channel]:
    return {c.name: c for c in config.channels}


def _prepare(store: Store, row: Delivery, zone: str) -> Message | None:
    """Build the message, then claim the row; None if another process took it meanwhile."""
    message = message_for(store, row, zone)
    return message if claim(store, row.id) else None


async def send_due(
    store: Store,
    config: Config,
    now: datetime,
    *,
    sender: Sender = send,
    names: Iterable[str] | None = None,
) -> list[Outcome]:
    """Send every due row (of the channels `names`, default all): SQLite here on the
    caller's thread, Apprise in worker threads.

    Channels are sent to side by side; within a channel rows go in order, and a failure
    ends that channel's turn (its other rows wait for the next tick rather than each
    waiting out a timeout against a dead service).
    """
    channels = _channels(config)
    if names is not None:
        channels = {name: channels[name] for name in names if name in channels}
    if not channels:
        return []
    rows = due(store, now, channels)
    by_channel: dict[str, list[Delivery]] = {}
    for row in rows:
        by_channel.setdefault(row.channel, []).append(row)

    async def one_channel(channel: Channel, queue: list[Delivery]) -> list[Outcome]:
        done = []
        for row in queue:
            message = _prepare(store, row, config.digest.timezone)
            if message is None:
                continue
            error = await asyncio.to_thread(sender, channel, message)
            settle(store, row, error, now)
            _log(row, error)
            done.append(Outcome(row, error))
            if error is not None:
                break
        return done

    results = await asyncio.gather(
        *(one_channel(channels[name], queue) for name, queue in by_channel.items())
    )
    return [outcome for group in results for outcome in group]


def _log(row: Delivery, error: str | None) -> None:
    what = f"digest {row.digest_id}" if row.digest_id is not None else f"alert {row.alert_id}"
    if error is None:
        log.info("sent %s to %s", what, row.channel)
    else:
        log.warning(
            "sending %s to %s failed (attempt %d, retrying with backoff): %s",
            what, row.channel, row.attempts + 1, error,
        )


def send_digest(
    store: Store, config: Config, digest_id: int, now: datetime, *, sender: Sender = send
) -> list[tuple[str, bool, str | None]]:
    """Queue a digest for every channel with digests = true and send it now (blocking).

    Returns (channel name, sent?, error) per channel: a channel that already has this
    digest is not sent it again and counts as sent; a failed send stays queued, and the
    daemon retries it with backoff.
    """
    if store.db.execute("SELECT 1 FROM digests WHERE id = ?", (digest_id,)).fetchone() is None:
        raise MonitorError(f"no digest {digest_id}")
    targets = [c for c in config.channels if c.digests]
    enqueue_digest(store, targets, digest_id, now)
    report: list[tuple[str, bool, str | None]] = []
    for channel in targets:
        row = _rows(store, "channel = ? AND digest_id = ?", [channel.name, digest_id])[0]
        if row.status == "sent":
            report.append((channel.name, True, None))
            continue
        if row.status != "pending":
            report.append((channel.name, False, _not_pending(row)))
            continue
        message = _prepare(store, row, config.digest.timezone)
        if message is None:
            report.append((channel.name, False, "being sent by another process"))
            continue
        error = sender(channel, message)
        settle(store, row, error, now)
        _log(row, error)
        report.append((channel.name, error is None, error))
    return report


def _not_pending(row: Delivery) -> str:
    if row.status == "interrupted":
        return (
            f"delivery {row.id} was interrupted mid-send and may have arrived; "
            f"`monitor notify retry {row.id}` sends it again"
        )
    return f"delivery {row.id} is {row.status}"


# -- reporting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryView:
    """One line of `monitor notify list`: a delivery and what it carries."""

    id: int
    channel: str
    what: str
    status: str
    attempts: int
    next_attempt: str | None
    last_error: str | None
    created: str
    sent: str | None


def list_deliveries(
    store: Store, *, status: str | None = None, limit: int = 20
) -> list[DeliveryView]:
    """Recent deliveries, newest first, with a one-line description of each."""
    where = "WHERE d.status = ?" if status else ""
    params: list[Any] = [status] if status else []
    rows = store.db.execute(
        "SELECT d.id, d.channel, d.digest_id, g.kind, g.period_end, g.alert_ids, a.rule_id, "
        "a.title, d.status, d.attempts, d.next_attempt, d.last_error, d.created, d.sent "
        "FROM deliveries d LEFT JOIN digests g ON g.id = d.digest_id "
        f"LEFT JOIN alerts a ON a.id = d.alert_id {where} ORDER BY d.id DESC LIMIT ?",
        [*params, int(limit)],
    ).fetchall()
    views = []
    for row in rows:
        (ident, channel, digest_id, kind, end, alert_ids, rule_id, title, status_, attempts,
         next_attempt, error, created, sent) = row
        if digest_id is not None:
            count = len(json.loads(alert_ids or "[]"))
            what = f"{kind} digest to {end} ({count} alerts)"
        else:
            what = f"alert [{rule_id}] {title}"
        views.append(DeliveryView(
            ident, channel, what, status_, attempts,
            next_attempt if status_ == "pending" else None, error, created, sent,
        ))
    return views


def counts(store: Store) -> dict[str, int]:
    """How many deliveries are in each status (for a one-line summary)."""
    rows = store.db.execute("SELECT status, count(*) FROM deliveries GROUP BY status")
    return {status: n for status, n in rows.fetchall()}
