"""`monitor db recover`: save what a damaged SQLite database still holds, instead of
starting over (which would push every alert again). To be registered in the `db` group."""

from __future__ import annotations

from typing import Any

import click

from monitor.errors import MonitorError
from monitor.schedule import utcnow


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


@click.command("recover")
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


__all__ = ["recover"]
