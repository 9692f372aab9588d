"""The outbox: every digest and alert to send, one row per channel.

A delivery row is created in a transaction and is unique per (channel, digest) and
(channel, alert), so enqueueing twice is harmless. Sending one row:

1. claim it: 'pending' -> 'sending', committed *before* Apprise is called (a row another
   process already claimed is skipped);
2. send it (the only step outside the database; the daemon runs it in a worker thread),
   with the row's stable delivery id (`delivery_key`: a hash of rule id + story + channel,
   or digest kind + period end + channel), so a receiver can drop a repeat, even one sent
   from a rebuilt database;
3. settle it: 'sent'; or 'unconfirmed' when the request went out but no answer came
   within the channel's timeout (it may have arrived: held, not retried blindly); or back
   to 'pending' with attempts + 1, the reason in last_error and next_attempt = now +
   backoff (1m, 2m, 4m, … capped at 1h, ±20% jitter).

Pending rows are never given up on: a failing channel keeps being retried at the capped
backoff, and `monitor notify list` reports them. A row found 'sending' when the daemon
starts was interrupted mid-send: a missed alert costs more than a repeated one, so it is
sent again with the same delivery id (receivers drop the repeat); a channel with
`resend_interrupted = false` holds it as 'interrupted' instead, with a warning, until
`monitor notify retry ID`. 'unconfirmed' rows are held likewise.

Immediate alerts: a channel with immediate = true gets the stories that a rule with
deliver = "immediate" hit (one immediate rule among a story's rules makes the story
immediate), first seen after the channel itself was first seen (kept in the meta table
per channel name), so adding a channel never floods it with the backlog; nor does turning
immediate on for a channel (alerts from while it was off are not pushed). An alert row is
a story, so a story goes out once per channel however many rules hit it; its delivery id
is built on the rule that made the story, which the story keeps.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import logging
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from monitor.alerts import story_sources
from monitor.config import Channel, Config
from monitor.delivery.channels import Failure, Message, send
from monitor.errors import MonitorError
from monitor.rulebook.files import Rulebook
from monitor.rulebook.normalize import folded_tokens
from monitor.schedule import backoff_delay, iso
from monitor.storage import ChannelFlags, Delivery, DeliveryView, Storage

log = logging.getLogger(__name__)

STATUSES = ("pending", "sending", "sent", "interrupted", "unconfirmed")
HELD = ("interrupted", "unconfirmed")  # may or may not have arrived: wait for the user
RETRY_FIRST = 60.0  # seconds before the first retry; doubles per failure
RETRY_CAP = 3600.0  # never wait longer than this between tries

Sender = Callable[[Channel, Message], Failure | None]


def _flags(channels: Iterable[Channel]) -> list[ChannelFlags]:
    return [ChannelFlags(c.name, c.immediate, c.digests) for c in channels]


# -- channels first seen ---------------------------------------------------------------


def remember_channels(store: Storage, channels: Iterable[Channel], now: datetime) -> list[str]:
    """Record when each channel was first seen (and the newest alert then), so only alerts
    after that are sent to it; returns the names seen for the first time."""
    return store.remember_channels([c.name for c in channels], now)


def channel_since(store: Storage, name: str) -> str | None:
    """When the channel was first seen (ISO UTC), or None if never."""
    return store.channel_since(name)


# -- enqueueing --------------------------------------------------------------------------


def enqueue_immediate(
    store: Storage, channels: Iterable[Channel], rulebook: Rulebook | None, now: datetime
) -> int:
    """Queue new stories that a deliver = "immediate" rule hit, once per channel taking
    immediate alerts; returns the number of rows added. Call `remember_channels` first."""
    if rulebook is None:
        return 0  # no rules in force: nothing says which alerts are immediate
    immediate = {r.id for r in rulebook.rules if r.deliver == "immediate"}
    return store.enqueue_immediate(_flags(channels), immediate, now)


def enqueue_new_digests(store: Storage, channels: Iterable[Channel], now: datetime) -> int:
    """Queue each non-empty scheduled digest for every digest channel that has not got it,
    made since the channel was first seen and not yet looked at for it (also catches a
    crash between building and queueing). Every channel moves on, digests = false too, so
    turning digests on later never sends the ones made while it was off."""
    return store.enqueue_new_digests(_flags(channels), now)


def enqueue_digest(
    store: Storage, channels: Iterable[Channel], digest_id: int, now: datetime
) -> int:
    """Queue a digest for every channel taking digests; rows already there stay as they are."""
    return store.enqueue_digest([c.name for c in channels if c.digests], digest_id, now)


# -- one send: claim, message, settle ------------------------------------------------------


def recover(
    store: Storage, now: datetime, alive: Iterable[str] = (),
    channels: Iterable[Channel] = (), stopped: Iterable[str] | None = None,
) -> list[Delivery]:
    """At daemon start: rows left 'sending' were cut off mid-send. Those of `channels`
    with resend_interrupted (the default) are due again at once, with the same delivery id
    (receivers drop a repeat); the others are held as 'interrupted' (they may have
    arrived) until `monitor notify retry`. Rows claimed by the daemons in `alive` (still
    sending) are left alone; with `stopped`, only the rows of those daemons are taken
    (another daemon died while sending). Returns the rows cut off, as they were."""
    resend = {c.name for c in channels if c.resend_interrupted}
    with store.transaction():  # a kill in between must not leave a row held by mistake
        rows = store.recover_deliveries(
            now,
            f"interrupted mid-send (found at start {iso(now)}); it may or may not have arrived",
            keep=list(alive), only=None if stopped is None else list(stopped),
        )
        for row in rows:
            if row.channel in resend:
                store.retry_delivery(row.id, now)
    for row in rows:
        if row.channel in resend:
            log.warning(
                "delivery %d to %s was interrupted mid-send; sending it again with the same "
                "delivery id (the receiver can drop a repeat)", row.id, row.channel,
            )
        else:
            log.warning(
                "delivery %d to %s was interrupted mid-send; held (it may have arrived): "
                "`monitor notify retry %d` sends it again", row.id, row.channel, row.id,
            )
    return rows


def due(store: Storage, now: datetime, names: Iterable[str] | None = None) -> list[Delivery]:
    """Pending rows whose next attempt has come, oldest first (optionally for some channels)."""
    return store.due_deliveries(now, names)


def due_channels(store: Storage, now: datetime, names: Iterable[str]) -> list[str]:
    """Which of the channels `names` have a pending row whose next attempt has come."""
    return store.due_channels(now, names)


def claim(store: Storage, delivery_id: int, daemon_id: str | None = None) -> bool:
    """Mark a pending row 'sending' (committed); False if someone else already has it."""
    return store.claim_delivery(delivery_id, daemon_id)


def settle(
    store: Storage,
    delivery: Delivery,
    error: Failure | str | None,
    now: datetime,
    rng: random.Random | None = None,
) -> None:
    """Record a send's outcome: 'sent'; 'unconfirmed' (held) when it went out unanswered;
    else 'pending' again with a backed-off next attempt."""
    attempts = delivery.attempts + 1
    if error is None:
        store.settle_delivery(delivery.id, attempts=attempts, now=now)
        return
    if isinstance(error, Failure) and error.unanswered:
        store.hold_delivery(
            delivery.id, attempts=attempts, now=now, status="unconfirmed",
            note=f"{error}; `monitor notify retry {delivery.id}` sends it again",
        )
        return
    error = str(error)
    delay = backoff_delay(attempts, RETRY_FIRST, RETRY_CAP, rng or random.Random())
    store.settle_delivery(
        delivery.id, attempts=attempts, now=now, error=error,
        next_attempt=now + timedelta(seconds=delay),
    )


def retry(store: Storage, delivery_id: int, now: datetime) -> Delivery:
    """Make a held (interrupted, unconfirmed) or pending row due now (the user's decision
    to resend; it goes with the same delivery id)."""
    row = store.delivery(delivery_id)
    if row is None:
        raise MonitorError(f"no delivery {delivery_id}; `monitor notify list` shows them")
    if not store.retry_delivery(delivery_id, now):
        raise MonitorError(
            f"delivery {delivery_id} is {row.status}; only interrupted, unconfirmed or pending "
            "ones are retried"
        )
    found = store.delivery(delivery_id)
    assert found is not None
    return found


def _period_date(value: str, zone: str) -> str:
    moment = datetime.fromisoformat(value)
    return moment.astimezone(ZoneInfo(zone)).date().isoformat()


def digest_title(kind: str, count: int, period_end: str, zone: str) -> str:
    """"monitor daily digest: 5 alerts (2026-11-30)", dated in the digest time zone."""
    noun = "alert" if count == 1 else "alerts"
    return f"monitor {kind} digest: {count} {noun} ({_period_date(period_end, zone)})"


def _digest_message(store: Storage, digest_id: int, zone: str) -> Message:
    digest = store.digest(digest_id)
    if digest is None:
        raise MonitorError(f"no digest {digest_id}")
    ids, html_path = digest.alert_ids, digest.html_path
    title = digest_title(digest.kind, len(ids), digest.period_end, zone)
    if html_path and Path(html_path).is_file():
        return Message(title, Path(html_path).read_text(encoding="utf-8"), "html")
    # The saved file is gone: a plain list of the alerts, escaped, still tells the story.
    items = []
    for alert_id in ids:
        alert = store.alert(alert_id)
        if alert:
            link = f' <a href="{html.escape(alert.link)}">link</a>' if alert.link else ""
            rules = ", ".join(alert.rules or [alert.rule_id])
            items.append(f"<li>[{html.escape(rules)}] {html.escape(alert.title)}{link}</li>")
    return Message(title, f"<ul>{''.join(items)}</ul>", "html")


def _alert_message(store: Storage, alert_id: int) -> Message:
    alert = store.alert(alert_id)
    if alert is None:
        raise MonitorError(f"no alert {alert_id}")
    rule_id = ", ".join(alert.rules or [alert.rule_id])  # a story: every rule that hit it
    title, link, snippet = alert.title, alert.link, alert.snippet
    refs = story_sources(store, [alert_id]).get(alert_id, [])
    sources = sorted({ref.title or ref.url for ref in refs})
    lines = [snippet.text, ""]
    if sources:
        lines.append("Sources: " + ", ".join(sources))
    if link:
        lines.append(link)
    # Plain text: titles and snippets come from feeds; Apprise escapes them where needed.
    return Message(f"[{rule_id}] {title}", "\n".join(lines).strip(), "text")


def delivery_key(store: Storage, delivery: Delivery) -> str:
    """The delivery's stable id: a hash of what it carries and where, not of row ids, so
    it is the same on every resend and in a rebuilt database (rule id + story + channel;
    digest kind + period end + channel)."""
    if delivery.digest_id is not None:
        digest = store.digest(delivery.digest_id)
        if digest is None:
            raise MonitorError(f"no digest {delivery.digest_id}")
        parts = ["digest", digest.kind, digest.period_end, delivery.channel]
    else:
        assert delivery.alert_id is not None
        alert = store.alert(delivery.alert_id)
        if alert is None:
            raise MonitorError(f"no alert {delivery.alert_id}")
        story = alert.story
        if story.startswith("entry:"):  # an entry without a link: known by a row id, so
            story = "title:" + folded_tokens(alert.title)  # by its folded title instead
        parts = ["alert", alert.rule_id, story, delivery.channel]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def message_for(store: Storage, delivery: Delivery, zone: str = "UTC") -> Message:
    """What a delivery row sends (digests as HTML, alerts as plain text), with its key."""
    if delivery.digest_id is not None:
        message = _digest_message(store, delivery.digest_id, zone)
    else:
        assert delivery.alert_id is not None
        message = _alert_message(store, delivery.alert_id)
    return replace(message, key=delivery_key(store, delivery))


# -- sending -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """What one attempt did: the row (as it was before), the error if it failed, and
    whether it went out unanswered (held as 'unconfirmed')."""

    delivery: Delivery
    error: str | None
    unanswered: bool = False


def _channels(config: Config) -> dict[str, Channel]:
    return {c.name: c for c in config.channels}


def _prepare(
    store: Storage, row: Delivery, zone: str, daemon_id: str | None = None
) -> Message | None:
    """Build the message, then claim the row (for `daemon_id`); None if another process
    took it meanwhile."""
    message = message_for(store, row, zone)
    return message if claim(store, row.id, daemon_id) else None


async def send_due(
    store: Storage,
    config: Config,
    now: datetime,
    *,
    sender: Sender = send,
    names: Iterable[str] | None = None,
    daemon_id: str | None = None,
) -> list[Attempt]:
    """Send every due row (of the channels `names`, default all): the database here on the
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

    async def one_channel(channel: Channel, queue: list[Delivery]) -> list[Attempt]:
        done = []
        for row in queue:
            message = _prepare(store, row, config.digest.timezone, daemon_id)
            if message is None:
                continue
            error = await asyncio.to_thread(sender, channel, message)
            settle(store, row, error, now)
            _log(row, error)
            done.append(Attempt(
                row, str(error) if error else None, bool(error and error.unanswered)
            ))
            if error is not None:
                break
        return done

    results = await asyncio.gather(
        *(one_channel(channels[name], queue) for name, queue in by_channel.items())
    )
    return [outcome for group in results for outcome in group]


def _log(row: Delivery, error: Failure | None) -> None:
    what = f"digest {row.digest_id}" if row.digest_id is not None else f"alert {row.alert_id}"
    if error is None:
        log.info("sent %s to %s", what, row.channel)
    elif error.unanswered:
        log.warning(
            "sending %s to %s: %s; held as unconfirmed (`monitor notify retry %d`)",
            what, row.channel, error, row.id,
        )
    else:
        log.warning(
            "sending %s to %s failed (attempt %d, retrying with backoff): %s",
            what, row.channel, row.attempts + 1, error,
        )


def send_digest(
    store: Storage, config: Config, digest_id: int, now: datetime, *, sender: Sender = send
) -> list[tuple[str, bool, str | None]]:
    """Queue a digest for every channel with digests = true and send it now (blocking).

    Returns (channel name, sent?, error) per channel: a channel that already has this
    digest is not sent it again and counts as sent; a failed send stays queued, and the
    daemon retries it with backoff.
    """
    if store.digest(digest_id) is None:
        raise MonitorError(f"no digest {digest_id}")
    targets = [c for c in config.channels if c.digests]
    enqueue_digest(store, targets, digest_id, now)
    report: list[tuple[str, bool, str | None]] = []
    for channel in targets:
        found = store.delivery_for(channel.name, digest_id)
        assert found is not None  # just queued
        row = found
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
        report.append((channel.name, error is None, str(error) if error else None))
    return report


def _not_pending(row: Delivery) -> str:
    if row.status in HELD:
        return (
            f"delivery {row.id} is {row.status} (it may have arrived); "
            f"`monitor notify retry {row.id}` sends it again"
        )
    return f"delivery {row.id} is {row.status}"


# -- reporting -------------------------------------------------------------------------------


def list_deliveries(
    store: Storage, *, status: str | None = None, limit: int = 20
) -> list[DeliveryView]:
    """Recent deliveries, newest first, with a one-line description of each."""
    views = []
    for row in store.list_deliveries(status, limit):
        if row.digest_id is not None:
            digest = store.digest(row.digest_id)
            kind, end, count = (
                (digest.kind, digest.period_end, len(digest.alert_ids)) if digest
                else (None, None, 0)
            )
            what = f"{kind} digest to {end} ({count} alerts)"
        else:
            alert = store.alert(row.alert_id) if row.alert_id is not None else None
            rules = ", ".join(alert.rules or [alert.rule_id]) if alert else None
            what = f"alert [{rules}] {alert.title if alert else None}"
        try:
            key: str | None = delivery_key(store, row)
        except MonitorError:
            key = None  # what it carried is gone
        views.append(DeliveryView(
            row.id, row.channel, what, row.status, row.attempts,
            row.next_attempt if row.status == "pending" else None, row.last_error,
            row.created, row.sent, key,
        ))
    return views


def counts(store: Storage) -> dict[str, int]:
    """How many deliveries are in each status (for a one-line summary)."""
    return store.delivery_counts()


def trouble(store: Storage) -> str | None:
    """One line saying which deliveries are held (may or may not have arrived) or failing,
    for `monitor status`, the digest and the review page; None when all is well."""
    totals = store.delivery_counts()
    held = {status: totals[status] for status in HELD if totals.get(status)}
    failing = store.failing_deliveries()
    parts = []
    if held:
        what = ", ".join(f"{n} {status}" for status, n in held.items())
        parts.append(
            f"{sum(held.values())} held ({what}: they may or may not have arrived; "
            "`monitor notify retry ID` resends one)"
        )
    if failing:
        parts.append(f"{failing} failing (retried with backoff)")
    if not parts:
        return None
    return "deliveries " + " and ".join(parts) + "; `monitor notify list` says why"
