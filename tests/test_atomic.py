"""monitor.atomic: rule files, config, digests, Atom feeds and word lists are written
whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from monitor.atomic import write_atomically


def test_text_and_bytes_replace_the_file_and_leave_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "rules.toml"
    target.write_text("old", encoding="utf-8")
    write_atomically(target, "new — ñ")
    assert target.read_text(encoding="utf-8") == "new — ñ"
    write_atomically(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert [p.name for p in tmp_path.iterdir()] == ["rules.toml"]


def test_a_new_file_gets_the_umasks_mode_not_a_private_one(tmp_path: Path) -> None:
    """A feed or digest another program serves must stay readable by it."""
    previous = os.umask(0o022)
    try:
        write_atomically(tmp_path / "all.xml", b"<feed/>")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "all.xml").stat().st_mode) == 0o644


def test_a_failed_write_keeps_the_old_file_and_removes_its_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "monitor.toml"
    target.write_text("old", encoding="utf-8")

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["monitor.toml"]


def test_two_writers_never_share_a_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs building the same word list at once each write their own file."""
    names: set[str] = set()
    real_open = os.open

    def recording_open(path: str | Path, flags: int, mode: int = 0o777) -> int:
        names.add(Path(path).name)
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", recording_open)
    write_atomically(tmp_path / "best_en.bin", b"a")
    write_atomically(tmp_path / "best_en.bin", b"b")
    assert len(names) == 2 and all(n.startswith(".best_en.bin.") for n in names)
