"""Where monitor leans on a dependency's or CPython's behaviour: the start-up shortcuts each
have a test that fails when that changes under them (so the shortcut is fixed or dropped,
not left silently useless or broken), and dates are read through public APIs only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from monitor.sources.feeds import parse_feed


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=60)


def test_httpx_still_imports_its_command_line_tool_as_httpx_main() -> None:
    """Without monitor, `import httpx` pulls in httpx._main (and with it rich and pygments):
    the module monitor stands in for. If httpx stops doing that, drop the stand-in."""
    found = _python(
        "import sys, httpx; module = sys.modules.get('httpx._main')\n"
        "print(module is not None and httpx.main is module.main, 'pygments' in sys.modules)"
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == ["True", "True"]


def test_with_monitor_httpx_takes_the_stand_in_and_imports_no_command_line_tool() -> None:
    found = _python(
        "import sys, monitor, httpx\n"
        "stand_in = sys.modules['httpx._main']\n"
        "print(getattr(stand_in, '__file__', None), httpx.main is stand_in.main,\n"
        "      'pygments' in sys.modules, callable(httpx.Client))"
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == ["None", "True", "False", "True"]


def test_the_quick_exit_still_runs_exit_handlers_and_flushes_output(tmp_path: Path) -> None:
    """`entry` ends with atexit._run_exitfuncs() (CPython, undocumented) then os._exit: an
    exit handler must still run and the command's output still arrive."""
    marker = tmp_path / "ran"
    found = _python(
        "import atexit, sys\n"
        "from pathlib import Path\n"
        "from monitor.cli import entry\n"
        "atexit.register(Path(sys.argv[1]).write_text, 'ran')\n"
        "sys.argv = ['monitor', '--version']\n"
        "entry()\n"
        "raise SystemExit('entry returned instead of ending the process')",
        str(marker),
    )
    assert found.returncode == 0, found.stderr
    assert "Traceback" not in found.stderr
    assert found.stdout.strip()  # the version line was flushed before os._exit
    assert marker.read_text() == "ran"


def test_json_feed_dates_are_read_without_feedparser_internals() -> None:
    """JSON Feed dates (RFC 3339; RFC 822 tolerated) through the standard library, not
    feedparser's private _parse_date."""
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
        {"id": "1", "title": "a", "date_published": "2026-11-30T10:00:00+02:00",
         "date_modified": "2026-11-30T09:30:00Z"},
        {"id": "2", "title": "b", "date_published": "Mon, 30 Nov 2026 10:00:00 GMT"},
        {"id": "3", "title": "c", "date_published": "2026-11-30T10:00:00"},
        {"id": "4", "title": "d", "date_published": "last Tuesday"},
    ]}).encode()
    parsed = parse_feed(body, {"content-type": "application/feed+json"}, "https://j.example/")
    dates = {e.title: (e.published, e.updated) for e in parsed.entries}
    assert dates == {
        "a": ("2026-11-30T08:00:00Z", "2026-11-30T09:30:00Z"),
        "b": ("2026-11-30T10:00:00Z", None),
        "c": ("2026-11-30T10:00:00Z", None),
        "d": (None, None),
    }
