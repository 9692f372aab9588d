"""Recover a damaged SQLite database: copy every row SQLite can still read into a new file
with the current schema, check it, and put it in place of the damaged one (kept aside).

Starting over with a fresh file would push every alert again and lose the history; this
keeps what can be read. SQLite's own `.recover` needs the `sqlite_dbpage` table, which
neither Debian's sqlite3 CLI (3.40) nor Python's sqlite3 module offers here, so rows are
read table by table, in rowid order, stepping past the stretches that cannot be read.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from monitor.errors import StateError

CHUNK = 256  # rows read at a time while the pages read fine
PROBE_SPAN = 4096  # rowids looked up one by one past a damaged stretch
FTS_TABLE = "entries_fts"
_SIDE_FILES = ("-wal", "-shm")


@dataclass
class Recovery:
    """What `recover_database` did: where the files are, and the rows kept per table
    (`read` = rows readable in the damaged file, `kept` = rows in the new one)."""

    path: Path
    damaged: Path
    kept: dict[str, int] = field(default_factory=dict)
    unreadable: dict[str, int] = field(default_factory=dict)  # damaged stretches per table
    orphans: int = 0  # rows dropped because what they point to was lost


def recover_database(path: Path, now: datetime) -> Recovery:
    """Recover `path` in place: the new file replaces it only after its integrity check,
    and the damaged file (and its -wal) is kept as `<name>.damaged-<time>`; on any failure
    `path` is left as it was."""
    from monitor.storage.sqlite.connection import Connection  # the schema, by its migrations

    if not path.is_file():
        raise StateError(f"no database at {path}; nothing to recover")
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    damaged = path.with_name(f"{path.name}.damaged-{stamp}")
    fresh = path.with_name(f"{path.name}.recovering")
    scratch = path.with_name(f"{path.name}.reading")
    _remove(fresh, scratch)
    # Read from a copy: opening a file can change it (a journal replayed), and the damaged
    # file must stay exactly as found.
    for source, target in zip((path, *_side(path)), (scratch, *_side(scratch)), strict=True):
        if source.exists():
            shutil.copy2(source, target)
    report = Recovery(path=path, damaged=damaged)
    try:
        Connection(fresh.parent, path=fresh).close()  # an empty database, current schema
        _copy_into(scratch, fresh, report)
    except BaseException:
        _remove(fresh, scratch)
        raise
    _remove(scratch)
    # Swap: the damaged file (and its journal) aside, the recovered one in its place.
    path.replace(damaged)
    for side, aside in zip(_side(path), _side(damaged), strict=True):
        if side.exists():
            side.replace(aside)
    fresh.replace(path)
    _remove_sides(fresh)
    return report


def _copy_into(scratch: Path, fresh: Path, report: Recovery) -> None:
    """Copy the readable rows of `scratch` into `fresh`, rebuild the search index, check."""
    src = sqlite3.connect(scratch, isolation_level=None)
    dst = sqlite3.connect(fresh, isolation_level=None)
    try:
        dst.execute("PRAGMA foreign_keys = OFF")
        dst.execute("BEGIN")
        for table in _tables(dst):
            kept, gaps = _copy_table(src, dst, table)
            report.kept[table] = kept
            if gaps:
                report.unreadable[table] = gaps
        if not any(report.kept.values()):
            raise StateError(
                f"nothing could be read from {report.path}; it is unchanged: restore it "
                "from a backup"
            )
        report.orphans = _drop_orphans(dst)
        if _has_table(dst, FTS_TABLE):  # the search index is rebuilt from the entries kept
            # (folded, by the next index_entries: FTS5's 'rebuild' would index raw text)
            dst.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('delete-all')")
            dst.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('fts_indexed_upto', '0')"
            )
        dst.execute("COMMIT")
        check = dst.execute("PRAGMA integrity_check").fetchall()
        if check != [("ok",)]:
            raise StateError(
                f"the recovered copy failed its check ({check[0][0]}); {report.path} is "
                "unchanged: restore it from a backup"
            )
        dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        src.close()
        dst.close()


def _remove(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
        _remove_sides(path)


def _remove_sides(path: Path) -> None:
    for side in _side(path):
        side.unlink(missing_ok=True)


def _side(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in _SIDE_FILES]


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = ?", (name,)
    ).fetchone() is not None


def _tables(conn: sqlite3.Connection) -> list[str]:
    """The ordinary tables of the schema (not the search index, which is rebuilt)."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE ? AND name != ? ORDER BY rowid",
        (f"{FTS_TABLE}_%", FTS_TABLE),
    ).fetchall()
    return [row[0] for row in rows]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")').fetchall()]


def _copy_table(src: sqlite3.Connection, dst: sqlite3.Connection, table: str) -> tuple[int, int]:
    """Copy the readable rows of `table`; (rows copied, damaged stretches stepped past)."""
    try:
        have = set(_columns(src, table))
    except sqlite3.DatabaseError:
        have = set()
    columns = [c for c in _columns(dst, table) if c in have]
    if not columns:
        return 0, 1 if have == set() else 0
    names = ", ".join(f'"{c}"' for c in columns)
    insert = (
        f'INSERT OR IGNORE INTO "{table}" (rowid, {names}) '
        f"VALUES (?, {', '.join('?' * len(columns))})"
    )
    select = f'SELECT rowid, {names} FROM "{table}"'
    copied = gaps = 0
    for row in _readable_rows(src, select):
        if row is None:
            gaps += 1
            continue
        copied += dst.execute(insert, row).rowcount
    return copied, gaps


def _readable_rows(src: sqlite3.Connection, select: str) -> Iterator[tuple[object, ...] | None]:
    """Rows in rowid order; None marks a damaged stretch that was stepped past."""
    last = -(2**63)
    while True:
        batch: list[tuple[object, ...]] | None
        try:
            batch = src.execute(
                f"{select} WHERE rowid > ? ORDER BY rowid LIMIT {CHUNK}", (last,)
            ).fetchall()
        except sqlite3.DatabaseError:
            batch = _one_row(src, select, last)
            if batch is None:  # the very next row cannot be read: step past it
                yield None
                resumed = _past_damage(src, select, last)
                if resumed is None:
                    return
                rows, last = resumed
                yield from rows
                continue
        if not batch:
            return
        yield from batch
        rowid = batch[-1][0]
        assert isinstance(rowid, int)  # the first column selected is the rowid
        last = rowid


def _one_row(src: sqlite3.Connection, select: str, last: int) -> list[tuple[object, ...]] | None:
    try:
        return src.execute(f"{select} WHERE rowid > ? ORDER BY rowid LIMIT 1", (last,)).fetchall()
    except sqlite3.DatabaseError:
        return None


def _past_damage(
    src: sqlite3.Connection, select: str, last: int
) -> tuple[list[tuple[object, ...]], int] | None:
    """After an unreadable row: the rows found by looking up rowids one by one just past
    `last`, and where to go on scanning from; None when nothing further can be read."""
    rows: list[tuple[object, ...]] = []
    for rowid in range(last + 1, last + 1 + PROBE_SPAN):
        try:
            rows.extend(src.execute(f"{select} WHERE rowid = ?", (rowid,)).fetchall())
        except sqlite3.DatabaseError:
            continue
    step = PROBE_SPAN
    while step < 2**62:  # further on: the first rowid a scan can reach again
        try:
            found = src.execute(
                f"{select} WHERE rowid > ? ORDER BY rowid LIMIT 1", (last + step,)
            ).fetchall()
        except sqlite3.DatabaseError:
            step *= 2
            continue
        return (rows, last + step) if found or rows else None
    return (rows, last + step) if rows else None


def _drop_orphans(conn: sqlite3.Connection) -> int:
    """Delete rows whose parent row was lost (a hit of an entry that could not be read)."""
    dropped = 0
    for _ in range(5):  # a deletion can orphan rows further down
        found = conn.execute("PRAGMA foreign_key_check").fetchall()
        if not found:
            break
        for table, rowid, _parent, _fk in found:
            if rowid is not None:
                dropped += conn.execute(
                    f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,)
                ).rowcount
    return dropped
