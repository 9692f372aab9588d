"""`monitor db`: the database itself; `db copy` moves a SQLite state into PostgreSQL, `db recover`
saves what a damaged SQLite file still holds (instead of starting over, which would push every
alert again)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from monitor.errors import MonitorError
from monitor.schedule import utcnow
from monitor.storage import POSTGRES_SCHEMES, DatabaseUsage, open_storage


@click.group()
def db() -> None:
    """The database: check it, back it up, copy the SQLite state into PostgreSQL, recover a
    damaged SQLite file."""


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


@db.command("check")
@click.option("--quick", is_flag=True,
              help="SQLite's quick check only (skips matching every index to its table).")
@click.option("--json", "as_json", is_flag=True, help="The result as one JSON object.")
@click.pass_obj
def check(app: Any, quick: bool, as_json: bool) -> None:
    """Check the database: damage, size on disk, rows per table. Reads only, so it runs
    beside the daemon. Exits 1 when something is damaged."""
    config = app.config()
    with app.store(config, sync=False) as store:
        damage = store.integrity(full=not quick)
        where = store.location
        try:
            usage: DatabaseUsage | None = store.usage()
        except store.errors:
            if not damage:
                raise
            usage = None  # too damaged to count: the damage is what to say
    if as_json:
        click.echo(json.dumps({
            "database": where, "damage": damage, "bytes": usage and usage.size,
            "wal_bytes": usage and usage.wal, "rows": usage and usage.rows,
        }, ensure_ascii=False))
    elif usage is not None:
        click.echo(f"{where}: {_mib(usage.size)}" + (
            f" (write-ahead log {_mib(usage.wal)})" if usage.wal else ""))
        width = max(len(table) for table in usage.rows)
        for table, count in usage.rows.items():
            click.echo(f"  {table:<{width}}  {count:>9}")
        if not damage:
            click.echo("integrity: ok")
    if damage:
        shown = "; ".join(damage[:5]) + (f" (and {len(damage) - 5} more)" if len(damage) > 5
                                          else "")
        raise MonitorError(
            f"{where} is damaged: {shown}; stop the daemon and run `monitor db recover` "
            "(or restore a backup)"
        )


def _mib(size: int) -> str:
    return f"{size / (1 << 20):.1f} MiB"


@db.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def backup(app: Any, target: Path) -> None:
    """Copy the SQLite database to TARGET, consistent, while the daemon goes on running
    (SQLite's online backup). Restore: stop the daemon, put the copy in place of
    monitor.db (removing monitor.db-wal and -shm), start it again. PostgreSQL: use pg_dump."""
    config = app.config()
    with app.store(config, sync=False) as store:
        store.backup(target)
        where = store.location
    click.echo(f"backed up {where} -> {target} ({_mib(target.stat().st_size)})")
