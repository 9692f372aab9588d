"""`monitor db`: the database itself; `db copy` moves a SQLite state into PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import click

from monitor.errors import MonitorError
from monitor.storage import POSTGRES_SCHEMES, open_storage


@click.group()
def db() -> None:
    """The database: copy the SQLite state into PostgreSQL."""


@db.command("copy")
@click.option("--to", "target", required=True, metavar="URL",
              help="The PostgreSQL database to copy into (postgresql://user@host/db).")
@click.option("--fetch-log/--no-fetch-log", default=False, show_default=True,
              help="Also copy the fetch log (diagnosis only; it can be large).")
@click.option("--json", "as_json", is_flag=True, help="The counts as one JSON object.")
@click.pass_obj
def db_copy(app: Any, target: str, fetch_log: bool, as_json: bool) -> None:
    """Copy sources, entries, hits, alerts (with their marks), deliveries, digests and
    backtests from this state's SQLite database into PostgreSQL. Rows already there are
    kept, so running it again copies nothing twice."""
    if not target.startswith(POSTGRES_SCHEMES):
        raise MonitorError(f"--to {target!r}: give a postgresql://user@host/db URL")
    config = app.config()
    if config.database and config.database.startswith(POSTGRES_SCHEMES):
        raise MonitorError(
            "the configured database is already PostgreSQL; db copy reads the SQLite state "
            "(drop --database / MONITOR_DATABASE / [monitor] database to name it)"
        )
    # Opening migrates the SQLite file to the current schema, which the copy reads.
    sqlite = open_storage(config.database, config.state_dir)
    sqlite_path = sqlite.location
    sqlite.close()

    from monitor.storage.postgres.copy import copy_sqlite

    postgres = open_storage(target, config.state_dir)
    try:
        counts = copy_sqlite(sqlite_path, postgres, fetch_log=fetch_log)
        where = postgres.location
    finally:
        postgres.close()
    if as_json:
        click.echo(json.dumps({
            "from": str(sqlite_path), "to": where,
            "tables": {c.table: {"sqlite": c.in_sqlite, "copied": c.copied,
                                 "already_there": c.present} for c in counts},
        }, ensure_ascii=False))
        return
    click.echo(f"copied {sqlite_path} -> {where}")
    width = max(len(c.table) for c in counts)
    for c in counts:
        click.echo(f"  {c.table:<{width}}  {c.in_sqlite:>7} in SQLite  {c.copied:>7} copied  "
                   f"{c.present:>7} already there")
