"""What a database failure means for the user: the disk is full, the state is read-only, the
file is damaged, or something else; one sentence that names the database and the way out.

Engine-neutral: SQLite's errors are told apart by their message, PostgreSQL's by SQLSTATE.
"""

from __future__ import annotations

import enum
import os
import shutil
from pathlib import Path

from monitor.errors import StateError

# Below this much free space an I/O error on a database file is taken for a full disk.
LOW_SPACE_BYTES = 1 << 20


class Trouble(enum.Enum):
    """Why the store cannot write."""

    FULL = "full"
    READ_ONLY = "read-only"
    DAMAGED = "damaged"
    OTHER = "other"


# PostgreSQL SQLSTATEs: disk_full, insufficient_resources class, read_only_sql_transaction,
# data_corrupted, index_corrupted.
_PG_STATES = {
    "53100": Trouble.FULL,
    "53000": Trouble.FULL,
    "25006": Trouble.READ_ONLY,
    "XX001": Trouble.DAMAGED,
    "XX002": Trouble.DAMAGED,
}
_SQLITE_WORDS = (
    ("disk is full", Trouble.FULL),
    ("readonly", Trouble.READ_ONLY),
    ("read-only", Trouble.READ_ONLY),
    ("malformed", Trouble.DAMAGED),
    ("not a database", Trouble.DAMAGED),
    ("disk i/o error", Trouble.DAMAGED),
)


def trouble_of(exc: BaseException, location: str = "") -> Trouble:
    """Classify an engine error (sqlite3.Error, psycopg.Error) raised by the database at
    `location`; for a file, an I/O error on a full or read-only disk is that, not damage."""
    state = getattr(exc, "sqlstate", None)
    if isinstance(state, str) and state in _PG_STATES:
        return _PG_STATES[state]
    text = str(exc).lower()
    found = next((trouble for words, trouble in _SQLITE_WORDS if words in text), Trouble.OTHER)
    if found in (Trouble.DAMAGED, Trouble.OTHER) and location and "://" not in location:
        return _disk_trouble(Path(location).parent) or found
    return found


def _disk_trouble(directory: Path) -> Trouble | None:
    """FULL or READ_ONLY when the directory's disk is, else None."""
    try:
        if os.statvfs(directory).f_flag & os.ST_RDONLY:
            return Trouble.READ_ONLY
        if shutil.disk_usage(directory).free < LOW_SPACE_BYTES:
            return Trouble.FULL
    except OSError:
        return None
    return None


class StoreUnavailable(StateError):
    """The database cannot be written (or read) just now; the message says what to do."""

    def __init__(self, message: str, trouble: Trouble) -> None:
        super().__init__(message)
        self.trouble = trouble

    @classmethod
    def of(cls, exc: BaseException, location: str) -> StoreUnavailable:
        """The sentence for `exc`, raised by the database at `location`."""
        trouble = trouble_of(exc, location)
        if trouble is Trouble.FULL:
            what = (f"cannot write to {location}: the disk is full; free space there "
                    "(nothing stored was lost; the polls that failed run again)")
        elif trouble is Trouble.READ_ONLY:
            what = (f"cannot write to {location}: it is read-only; remount it read-write or "
                    "fix its permissions (nothing stored was lost)")
        elif trouble is Trouble.DAMAGED:
            way = ("restore it from your pg_dump backup" if "://" in location
                   else "stop the daemon and run `monitor db recover` (or restore a backup)")
            what = f"{location} is damaged ({exc}); {way}"
        else:
            what = f"the database {location} failed: {exc}"
        return cls(what, trouble)
