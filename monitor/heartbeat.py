"""Several daemons on one database: who each is, the rules it runs, and what `monitor status`
warns about (daemons on different rules, a daemon that stopped beating).

Decisions only (no I/O but reading rule files): the daemon records the beats, storage keeps
them, the status command shows them.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from monitor.rulebook.files import rule_files
from monitor.storage import DaemonRecord

# A daemon is taken as stopped when it has not beaten for this many of its ticks, and
# for at least STOPPED_AFTER_SECONDS (a busy machine can be late by a few short ticks).
MISSED_BEATS = 3
STOPPED_AFTER_SECONDS = 10.0
# Stopped daemons are dropped from the list this long after their last beat.
FORGET_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class Identity:
    """This daemon: host:pid:nonce (the nonce tells a restart with a reused pid apart)."""

    id: str
    host: str
    pid: int

    @classmethod
    def new(cls) -> Identity:
        host, pid = socket.gethostname(), os.getpid()
        return cls(f"{host}:{pid}:{secrets.token_hex(4)}", host, pid)


def rules_fingerprint(path: Path) -> str:
    """A digest of the rule files' names and contents: the same rules folder copied to
    another machine gives the same fingerprint (a stat-based one would not)."""
    digest = hashlib.sha256()
    for file in rule_files(path):
        try:
            data = file.read_bytes()
        except OSError:
            continue  # removed while we looked: the next beat sees the new state
        digest.update(f"{file.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:16]


def lease_for(timeout: float, parse_timeout: float, tick: float) -> timedelta:
    """How long a claim lasts: longer than a poll can take (fetch, then parse), with a
    margin for storing it and for the tick that starts it."""
    return timedelta(seconds=timeout + parse_timeout + max(10.0, 2 * tick))


def stopped(daemon: DaemonRecord, now: datetime, tick: float) -> bool:
    """Whether the daemon missed MISSED_BEATS beats in a row (and STOPPED_AFTER_SECONDS)."""
    last = datetime.fromisoformat(daemon.heartbeat)
    return now - last > timedelta(seconds=max(MISSED_BEATS * tick, STOPPED_AFTER_SECONDS))


def gone_here(daemon: DaemonRecord, host: str) -> bool:
    """Whether the daemon ran on this host and its process is gone (certain, unlike a
    missed beat: a restart right after a kill need not wait for the beats to run out)."""
    if daemon.host != host:
        return False
    try:
        os.kill(daemon.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # a process of another user has that pid now
        return False
    return False


def forgettable(daemon: DaemonRecord, now: datetime) -> bool:
    """Whether a stopped daemon has been quiet long enough to drop from the list."""
    return now - datetime.fromisoformat(daemon.heartbeat) > FORGET_AFTER


def warnings(daemons: list[DaemonRecord], now: datetime, tick: float) -> list[str]:
    """One line per problem: daemons running with different rules, daemons not beating."""
    found = []
    running = [d for d in daemons if not stopped(d, now, tick)]
    prints = {d.rules_fingerprint for d in running}
    if len(prints) > 1:
        groups = ", ".join(
            f"{d.host} pid {d.pid}: {d.rules_fingerprint or 'no rules'}" for d in running
        )
        found.append(
            f"daemons run with different rules ({groups}); give each the same rules folder"
        )
    for daemon in daemons:
        if stopped(daemon, now, tick):
            found.append(
                f"daemon {daemon.host} pid {daemon.pid} has not beaten since "
                f"{daemon.heartbeat}; it has stopped (its sources go to the others when its "
                "claims run out)"
            )
    return found
