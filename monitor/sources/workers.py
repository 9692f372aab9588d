"""Worker processes: how many, and how each one starts.

Parsing and bulk fetching run in forked processes; both kinds start the same way, so a
killed daemon leaves no orphans and Ctrl-C or SIGTERM reach the parent alone.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys


def worker_setup() -> None:
    """In a forked worker: leave Ctrl-C to the parent, which shuts workers down cleanly, and
    die with the parent, so a killed daemon leaves no orphans behind."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The daemon's event loop catches SIGTERM; a worker must not inherit that.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(ValueError):
        signal.set_wakeup_fd(-1)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG: nothing to flush here
        if os.getppid() == 1:  # the parent died before the line above took effect
            os._exit(0)


def parse_workers(configured: int) -> int:
    """How many parsing processes: the configured number, or one per core (0 = auto)."""
    return configured or (os.cpu_count() or 1)


def too_slow(limit: float) -> str:
    """The error a source records when its parse was stopped at the hard limit."""
    return (f"parse took longer than {limit:g} s and was stopped; the page or feed may be "
            "pathological (raise [monitor] parse_timeout if it is only large)")
