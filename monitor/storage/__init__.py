"""The only place with SQL: one interface (`Storage`), two engines, chosen by URL.

`open_storage(None, state_dir)` opens SQLite in the state directory (the default);
`open_storage("postgresql://…", state_dir)` opens PostgreSQL (`monitor.storage.postgres`,
imported only then). See README in this folder for the contract.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from monitor.errors import ConfigError, MonitorError, StateError
from monitor.storage.base import Storage
from monitor.storage.records import (
    Alert,
    AlertFilter,
    AlertRecord,
    AllOf,
    AnyOf,
    Backtest,
    ChannelFlags,
    DaemonRecord,
    DatabaseUsage,
    Delivery,
    DeliveryView,
    DigestRecord,
    FeedMark,
    Fetch,
    HitDetail,
    IndexQuery,
    IndexWords,
    NewAlert,
    NewHit,
    SearchHit,
    SourceChoice,
    SourceFailure,
    SourceRef,
    StatusRow,
    StoredEntry,
    StoryCandidate,
)

__all__ = [
    "AllOf", "Alert", "AlertFilter", "AlertRecord", "AnyOf", "Backtest",
    "ChannelFlags", "DaemonRecord", "DatabaseUsage", "Delivery", "DeliveryView",
    "DigestRecord", "FeedMark", "Fetch", "HitDetail", "IndexQuery", "IndexWords", "NewAlert",
    "NothingStoredError",
    "NewHit", "SearchHit", "SourceChoice", "SourceFailure", "SourceRef", "StatusRow",
    "Storage", "StoredEntry", "StoryCandidate", "open_storage",
]

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class NothingStoredError(StateError):
    """A command that only reads found no database: nothing was polled here yet."""


def open_storage(database_url: str | None, state_dir: Path, create: bool = True) -> Storage:
    """Open (and migrate) the storage: SQLite in `state_dir` when no URL is given, else the
    engine the URL names. With create=False (commands that only read) a SQLite file that is
    not there yet is a NothingStoredError, and no folder or file is made."""
    if not database_url or database_url.startswith("sqlite:"):
        from monitor.storage.sqlite import DB_NAME, SqliteStorage

        path = _sqlite_path(database_url) if database_url else None
        if not create and not (path or state_dir / DB_NAME).is_file():
            raise NothingStoredError(
                f"nothing stored yet (no database at {path or state_dir / DB_NAME}); "
                "`monitor poll` fetches the sources first"
            )
        return SqliteStorage(state_dir, path=path)
    if database_url.startswith(POSTGRES_SCHEMES):
        try:
            module = importlib.import_module("monitor.storage.postgres")
        except ImportError as exc:
            raise MonitorError(
                f"PostgreSQL support is not installed ({exc}); "
                "reinstall monitor (make install) to get psycopg, or drop the database setting "
                "to use SQLite in the state directory"
            ) from exc
        storage: Storage = module.open_postgres(database_url)
        return storage
    raise ConfigError(
        f"database {database_url!r}: use a postgresql://user@host/db URL, "
        "or leave it out for SQLite in the state directory"
    )


def _sqlite_path(url: str) -> Path:
    """The file a sqlite: URL names, as SQLAlchemy reads them: sqlite:///relative.db,
    sqlite:////absolute/path.db (and sqlite:relative.db)."""
    rest = url.removeprefix("sqlite:")
    rest = rest.removeprefix("///") if rest.startswith("///") else rest
    if not rest:
        raise ConfigError(f"database {url!r}: name the file, e.g. sqlite:///path/monitor.db")
    return Path(rest).expanduser()
