"""`make demo` (`python -m monitor.demo [DIR]`): the monitor on a few bundled sample feeds,
offline. It serves monitor/demo/feeds/ on 127.0.0.1, writes DIR/monitor.toml (default
./demo) with those feeds and the shipped rules, polls them, and shows the alerts, a digest
and how to open the review page. Each run starts the demo's state afresh."""

from __future__ import annotations

import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

FEEDS = Path(__file__).parent / "feeds"
SHIPPED_RULES = Path(__file__).resolve().parents[2] / "rules"
MARKER = ".monitor-demo"  # a demo folder's state may be wiped; no other folder's is
PREFERRED_PORT = 8811


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base's name)
        """The demo's output is the monitor's, not the server's request log."""


@contextmanager
def serve_feeds() -> Iterator[str]:
    """Serve the bundled feeds on 127.0.0.1 (port 8811, or any free one); yield the base
    URL."""
    handler = partial(_QuietHandler, directory=str(FEEDS))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", PREFERRED_PORT), handler)
    except OSError:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def write_project(folder: Path, base_url: str) -> Path:
    """The demo's monitor.toml: every bundled feed, the shipped rules, state in DIR/state."""
    if folder.exists() and any(folder.iterdir()) and not (folder / MARKER).exists():
        raise SystemExit(f"monitor demo: {folder} is not empty and not a demo folder; "
                         "name another, e.g. `python -m monitor.demo /tmp/monitor-demo`")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("made by `make demo`; its state/ is wiped on each run\n")
    shutil.rmtree(folder / "state", ignore_errors=True)
    lines = ["# Written by `make demo`: the bundled sample feeds, served on 127.0.0.1.",
             "[monitor]", f'rules = "{SHIPPED_RULES.as_posix()}"', 'state = "state"',
             "parse_workers = 1", ""]
    for feed in sorted(FEEDS.glob("*.xml")):
        lines += ["[[source]]", f'url = "{base_url}/{feed.name}"', ""]
    config = folder / "monitor.toml"
    config.write_text("\n".join(lines), encoding="utf-8")
    return config


def _run(config: Path, *args: str) -> int:
    """Run one monitor command as a user would, showing it first."""
    print(f"\n$ monitor {' '.join(args)}", flush=True)
    return subprocess.call([sys.executable, "-m", "monitor", "--config", str(config), *args])


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else "demo").absolute()
    if not SHIPPED_RULES.is_dir():
        print(f"monitor demo: no rules at {SHIPPED_RULES}", file=sys.stderr)
        return 1
    with serve_feeds() as base_url:
        config = write_project(folder, base_url)
        print(f"Serving {len(list(FEEDS.glob('*.xml')))} sample feeds at {base_url}/ "
              f"(config: {config})")
        status = _run(config, "poll")
    if status != 0:
        return status
    _run(config, "alerts")
    _run(config, "digest", "--since", "7d")
    print(f"""
Next:
  review page: .venv/bin/monitor --config {config} serve
               then open http://127.0.0.1:8765
  your own:    .venv/bin/monitor init DIR, then monitor sources add URL (see README)""")
    return 0


__all__ = ["main", "serve_feeds", "write_project"]
