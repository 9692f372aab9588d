"""`monitor db`: the database itself; `db copy` moves a SQLite state into PostgreSQL, `db recover`
saves what a damaged SQLite file still holds (instead of starting over, which would push every
alert again)."""

from __future__ import annotations

import json
from typing import Any

import click

from monitor.errors import MonitorError
from monitor.schedule import utcnow
from monitor.storage import POSTGRES_SCHEMES, open_storage


@click.group()
def db() -> None:
    """The database: copy the SQLite state into PostgreSQL, recover a damaged SQLite file."""


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

    from monitor.storage.postgres import PostgresStorage
    from monitor.storage.postgres.copy import copy_sqlite

    postgres = open_storage(target, config.state_dir)
    if not isinstance(postgres, PostgresStorage):  # open_storage chose by the URL's scheme
        postgres.close()
        raise MonitorError(f"{target} is not a PostgreSQL URL; give --to postgresql://…")
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


def sqlite_file(config: Any) -> Any:
    """The SQLite file the config uses; an error for another engine."""
    from monitor.storage import POSTGRES_SCHEMES, _sqlite_path
    from monitor.storage.sqlite import DB_NAME

    url = config.database
    if url and url.startswith(POSTGRES_SCHEMES):
        raise MonitorError(
            "`monitor db recover` repairs a SQLite file; a PostgreSQL database is repaired "
            "with PostgreSQL's own tools (restore from pg_dump, or from a replica)"
        )
    return _sqlite_path(url) if url else config.state_dir / DB_NAME


@db.command("recover")
@click.pass_obj
def recover(app: Any) -> None:
    """Recover a damaged database: keep every row SQLite can still read, in a new file that
    replaces it after a check (the damaged file is kept beside it). Stop the daemon first."""
    from monitor.daemon import state_lock  # held while recovering: no daemon may start
    from monitor.storage.sqlite.recover import recover_database

    config = app.config()
    path = sqlite_file(config)
    with state_lock(config.state_dir):
        report = recover_database(path, utcnow())
    click.echo(f"recovered {path}; the damaged file is kept as {report.damaged}")
    kept = ", ".join(f"{report.kept[t]} {t}" for t in report.kept if report.kept[t])
    click.echo(f"kept: {kept or 'nothing'}")
    if report.unreadable:
        stretches = ", ".join(f"{t} ({n})" for t, n in report.unreadable.items())
        click.echo(f"unreadable stretches stepped past in: {stretches}")
    if report.orphans:
        click.echo(f"dropped {report.orphans} rows whose entry, alert or source was lost")
    click.echo("deliveries already sent stay sent; lost entries are fetched again if the "
               "feeds still carry them")
