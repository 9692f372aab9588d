"""Send one message to one channel through Apprise, and say why when it fails.

A channel is an Apprise URL (`mailto://`, `json://`, `ntfy://`, `slack://`, `tgram://`, …),
so every service Apprise knows works without code here. Apprise is imported on first use:
it is slow to import and most commands never send anything. Feed text is hostile, so
alerts go out as plain text (Apprise escapes it for HTML services); only digests, whose
HTML `monitor.digest` sanitises, go out as HTML.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Literal

from monitor.config import Channel
from monitor.errors import MonitorError

SEND_TIMEOUT = 30.0  # seconds for one whole send, whatever the service does
_ADD_LOCK = threading.Lock()  # LogCapture listens on Apprise's global logger

Format = Literal["text", "html", "markdown"]


class ChannelError(MonitorError):
    """A channel named on the command line is unknown, or none is configured."""


@dataclass(frozen=True)
class Message:
    """What goes to a channel: a title and a body in one of Apprise's formats."""

    title: str
    body: str
    format: Format = "text"


def _one_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "; ".join(dict.fromkeys(lines))[:500]


def send(channel: Channel, message: Message, timeout: float = SEND_TIMEOUT) -> str | None:
    """Send `message` to `channel`; None when it was accepted, else the reason in one line.

    Blocking (network I/O): the daemon calls it in a worker thread.
    """
    import apprise  # slow import, deferred to the first send

    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        logging.getLogger("apprise").setLevel(logging.WARNING)  # its INFO lines are per send
    notifier = apprise.Apprise()
    with _ADD_LOCK, apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as captured:
        added = notifier.add(channel.url)
    if not added:
        reason = _one_line(captured.getvalue()) or "Apprise does not know this URL"
        return f"channel {channel.name}: bad Apprise URL ({reason}); see the Apprise wiki"
    try:
        result = notifier.notify(
            body=message.body,
            title=message.title,
            body_format=message.format,
            timeout=timeout,
        )
    except Exception as exc:  # a plugin bug must not take the daemon down
        return f"{type(exc).__name__}: {exc}"
    if result:
        return None
    reasons = [entry.message for entry in result.logs() if entry.level in ("WARNING", "ERROR")]
    return _one_line("\n".join(reasons)) or f"Apprise reported {result.status.name.lower()}"


def find_channels(channels: tuple[Channel, ...], name: str | None) -> list[Channel]:
    """The channel called `name` (or all when None); a user-facing error when there is none."""
    if not channels:
        raise ChannelError(
            "no channels configured; add a [[channel]] with name and url (an Apprise URL) "
            "to monitor.toml"
        )
    if name is None:
        return list(channels)
    found = [c for c in channels if c.name == name]
    if not found:
        names = ", ".join(c.name for c in channels)
        raise ChannelError(f"no channel named {name!r}; configured channels: {names}")
    return found
