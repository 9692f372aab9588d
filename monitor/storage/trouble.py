"""What a database failure means for the user: the disk is full, the state is read-only, the
file is damaged, or something else; one sentence that names the database and the way out.

Engine-neutral: SQLite's errors are told apart by their message, PostgreSQL's by SQLSTATE.
"""

from __future__ import annotations

import enum

from monitor.errors import StateError


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


def trouble_of(exc: BaseException) -> Trouble:
    """Classify an engine error (sqlite3.Error, psycopg.Error)."""
    state = getattr(exc, "sqlstate", None)
    if isinstance(state, str) and state in _PG_STATES:
        return _PG_STATES[state]
    text = str(exc).lower()
    for words, trouble in _SQLITE_WORDS:
        if words in text:
            return trouble
    return Trouble.OTHER


class StoreUnavailable(StateError):
    """The database cannot be written (or read) just now; the message says what to do."""

    def __init__(self, message: str, trouble: Trouble) -> None:
        super().__init__(message)
        self.trouble = trouble

    @classmethod
    def of(cls, exc: BaseException, location: str) -> StoreUnavailable:
        """The sentence for `exc`, raised by the database at `location`."""
        trouble = trouble_of(exc)
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
