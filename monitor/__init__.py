"""monitor: a feed and document alert monitor.

Polls feeds, pages and local documents, stores entries in SQLite, matches watch rules
against them, and delivers alerts as digests, notifications and Atom feeds.
"""

import importlib.machinery
import sys
import types

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/monitor-project/monitor"
USER_AGENT = f"monitor/{__version__} (+{PROJECT_URL})"


def _skip_httpx_command_line() -> None:
    """`import httpx` also imports its own command-line tool (click, rich, pygments: about
    a third of httpx's import time, paid before every poll) whenever those are installed,
    as they are here. We never run that tool, so its module is stood in for."""
    if "httpx" in sys.modules:
        return
    stand_in = types.ModuleType("httpx._main")
    # A spec, as every imported module has: importlib.util.find_spec("httpx._main") (tools
    # that look modules up) raises ValueError on a module without one.
    stand_in.__spec__ = importlib.machinery.ModuleSpec("httpx._main", None)

    def main() -> None:
        raise SystemExit("the httpx command-line tool is not available inside monitor")

    stand_in.main = main  # type: ignore[attr-defined]
    sys.modules.setdefault("httpx._main", stand_in)


_skip_httpx_command_line()
