"""`monitor init`: the files of a new project, a commented monitor.toml and an example rules
file, written only where nothing is there yet."""

from __future__ import annotations

from pathlib import Path

from monitor.errors import ConfigError

CONFIG_TEXT = """\
# monitor's configuration (written by `monitor init`). Paths are relative to this file.
# Every [monitor] key is optional; the values shown are the defaults.

[monitor]
rules = "rules"          # folder of watch-rule files (rules/*.toml)
state = "state"          # runtime data: monitor.db, digests, the daemon's lock
interval = "30m"         # default poll interval per source; a source may set its own
# database = "postgresql://user@host/monitor"   # default: SQLite in the state folder

# Digests (see README, "Notifications"): the daemon saves a daily one at 07:00 UTC.
# [digest]
# daily = "07:00"
# weekly = "mon 07:00"
#
# Channels are Apprise URLs; ${NAME} is taken from the environment.
# [[channel]]
# name = "phone"
# url = "ntfy://${NTFY_TOPIC}"

# Sources: add them with `monitor sources add URL` (it checks the URL answers), or by hand:
# [[source]]
# url = "https://example.org/feed.xml"
# title = "Example"        # shown instead of the URL
# tags = ["news"]
# interval = "1h"
"""

RULES_TEXT = """\
# An example watch rule (written by `monitor init`). One [[rule]] per thing to watch; check
# the files with `monitor rules check`, try a query with `monitor rules check --query '…'`.
#
# Operators are upper case: AND, OR, NOT, NEAR/5 (within 5 words), "a phrase", prefix*,
# case:Exact, ~Name (a name in any script). Lower-case and/or/not are ordinary words.
[[rule]]
id = "example"
name = "An example: a fighter jet near a country"
query = '"JF-17" OR (Thunder NEAR/3 (Pakistan OR Morocco))'
severity = "low"       # low, medium or high
tags = ["example"]
"""


def init_project(folder: Path) -> list[Path]:
    """Write monitor.toml and rules/example.toml in `folder` (made if needed); return the
    files written. An existing monitor.toml is never overwritten."""
    config = folder / "monitor.toml"
    if config.exists():
        raise ConfigError(f"{config} already exists; edit it, or init another folder")
    rules = folder / "rules"
    written = []
    try:
        rules.mkdir(parents=True, exist_ok=True)
        config.write_text(CONFIG_TEXT, encoding="utf-8")
        written.append(config)
        if not any(rules.glob("*.toml")):
            example = rules / "example.toml"
            example.write_text(RULES_TEXT, encoding="utf-8")
            written.append(example)
    except OSError as exc:
        raise ConfigError(f"cannot write in {folder}: {exc.strerror or exc}") from exc
    return written


__all__ = ["CONFIG_TEXT", "RULES_TEXT", "init_project"]
