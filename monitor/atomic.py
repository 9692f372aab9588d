"""Files written whole or not at all: a daemon reloading rules, a feed reader polling an
Atom file, or another run reading a word list sees the old file or the new one, never
half of one, and a crash leaves at most a hidden temporary file behind."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write `data` (text as UTF-8) to a new temporary file beside `path`, then rename it
    over `path`. The temporary's name is unique, so two writers never share one, and it
    is created with the mode any new file gets (the umask's), not a private 0600. The
    temporary is removed when writing fails; the OSError is the caller's to report."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(raw)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
