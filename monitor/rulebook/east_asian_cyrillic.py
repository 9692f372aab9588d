"""Chinese and Japanese names as Cyrillic writes them: the Russian and Ukrainian press
spell Chinese by the Palladius system (Си Цзиньпин = Xi Jinping, Шэньчжэнь = Shenzhen)
and Japanese by Polivanov's (Мицубиси = Mitsubishi, Фудзицу = Fujitsu), whose letters
read otherwise than pinyin and Hepburn's (цз is j, си is xi or shi). A folded Cyrillic
word that is wholly such syllables is read back into pinyin or Hepburn here, for the
name operator to compare with the Latin press (see monitor.rulebook.names)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from monitor.rulebook.pinyin import has_initial, initial_and_final, syllables

# A word is read in at most this many ways (Palladius has few ambiguous syllables).
MAX_READINGS = 4

# Palladius: pinyin initials and finals as Russian writes them (ё and й unfolded here).
_INITIALS = {"b": "б", "p": "п", "m": "м", "f": "ф", "d": "д", "t": "т", "n": "н", "l": "л",
             "g": "г", "k": "к", "h": "х", "j": "цз", "q": "ц", "x": "с", "zh": "чж",
             "ch": "ч", "sh": "ш", "r": "ж", "z": "цз", "c": "ц", "s": "с", "": ""}
_FINALS = {"a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу",
           "an": "ань", "en": "энь", "ang": "ан", "eng": "эн", "ong": "ун", "er": "эр",
           "i": "и", "ia": "я", "ie": "е", "iao": "яо", "iu": "ю", "ian": "янь",
           "in": "инь", "iang": "ян", "ing": "ин", "iong": "юн", "u": "у", "ua": "уа",
           "uo": "о", "uai": "уай", "ui": "уй", "uan": "уань", "un": "унь", "uang": "уан",
           "ue": "юэ"}
_AFTER_JQX = {"u": "юй", "uan": "юань", "un": "юнь"}  # their u is ü
_Z_C_S = frozenset({"z", "c", "s"})  # whose i is ы (цзы, цы, сы)
# Syllables without an initial consonant write y and w as a glide or в.
_ZERO = {"yi": "и", "ya": "я", "ye": "е", "yao": "яо", "you": "ю", "yan": "янь",
         "yin": "инь", "yang": "ян", "ying": "ин", "yong": "юн", "yu": "юй", "yue": "юэ",
         "yuan": "юань", "yun": "юнь", "yo": "ё", "wu": "у", "wa": "ва", "wo": "во",
         "wai": "вай", "wei": "вэй", "wan": "вань", "wen": "вэнь", "wang": "ван",
         "weng": "вэн"}
# Ukrainian writes Palladius with its own letters (Сі Цзіньпін, Ден Сяопін).
_UKRAINIAN = str.maketrans({"и": "і", "ы": "и", "э": "е"})
_UKRAINIAN_LETTERS = re.compile("[іїє]")

# Polivanov: Hepburn syllables as Russian writes them.
_KANA_ROWS = {"k": "к", "s": "с", "t": "т", "n": "н", "h": "х", "m": "м", "r": "р",
              "g": "г", "z": "дз", "d": "д", "b": "б", "p": "п"}
_ROW_VOWELS = {"a": "а", "i": "и", "u": "у", "e": "э", "o": "о"}
_GLIDED = {"a": "я", "u": "ю", "o": "ё"}  # kya, kyu, kyo
_HEPBURN_OF = {"si": "shi", "ti": "chi", "zi": "ji", "di": "ji", "sy": "sh", "ty": "ch",
               "zy": "j"}


def _fold(text: str) -> str:
    """Cyrillic as the matcher folds it: й as и, ё as е (see normalize)."""
    return text.replace("й", "и").replace("ё", "е")


def _palladius(syllable: str) -> str | None:
    """A pinyin syllable in Palladius Cyrillic, None if it is no pinyin syllable."""
    if syllable in _ZERO:
        return _ZERO[syllable]
    found = initial_and_final(syllable)
    if not found:
        return None
    initial, final = found
    if initial in ("j", "q", "x") and final in _AFTER_JQX:
        return _INITIALS[initial] + _AFTER_JQX[final]
    if initial in _Z_C_S and final == "i":
        return _INITIALS[initial] + "ы"
    if final == "er" and initial:
        return None
    return _INITIALS[initial] + _FINALS[final]


Table = dict[str, tuple[str, ...]]


@cache
def _tables() -> dict[tuple[str, str], Table]:
    """Folded Cyrillic syllables and what they read as, by system and language: Palladius
    to pinyin, Polivanov to Hepburn, each as Russian and as Ukrainian writes it (Сі
    Цзіньпін, Міцубісі, Йосіхіде, Кьото)."""
    russian: dict[str, dict[str, str]] = {"chinese": {}, "japanese": {}}
    for syllable in syllables():
        russian["chinese"][_palladius(syllable) or ""] = syllable
    japanese = russian["japanese"]
    rows = {"": "", **_KANA_ROWS}
    for row, letters in rows.items():
        for vowel, written in _ROW_VOWELS.items():
            if row in ("h", "t", "d") and vowel == "u":
                continue  # fu is фу, tsu цу, zu дзу: ху, ту, ду are no syllable of theirs
            japanese[letters + written] = _hepburn(row + vowel)
        if row:
            for vowel, written in _GLIDED.items():
                japanese[letters + written] = _hepburn(row + "y" + vowel)
    for kana, written in (("ya", "я"), ("yu", "ю"), ("yo", "ё"), ("wa", "ва"), ("n", "н"),
                          ("tsu", "цу"), ("fu", "фу")):
        japanese[written] = kana
    tables: dict[tuple[str, str], Table] = {}
    for system, table in russian.items():
        for language in ("ru", "uk"):
            found: dict[str, set[str]] = {}
            for written, read in table.items():
                if language == "uk":
                    written = written.translate(_UKRAINIAN).replace(
                        "ё", "ьо" if len(written) > 1 else "йо")
                found.setdefault(_fold(written), set()).add(read)
            tables[system, language] = {k: tuple(sorted(v)) for k, v in found.items()}
    return tables


def _table(system: str, word: str) -> Table:
    """The table a word is read with: Ukrainian's where it has a letter of Ukrainian's
    own (і, ї, є), else Russian's (Ukrainian's е is Russian's э: ген, a gene, is no
    geng)."""
    return _tables()[system, "uk" if _UKRAINIAN_LETTERS.search(word) else "ru"]


def _hepburn(kunrei: str) -> str:
    """A syllable spelled by rows (si, tya) as Hepburn writes it (shi, cha)."""
    for spelled, written in _HEPBURN_OF.items():
        if kunrei.startswith(spelled):
            return written + kunrei[len(spelled):]
    return kunrei


def _parses(word: str, table: Table, doubled: bool) -> list[list[str]]:
    """The ways a word is wholly a sequence of the table's syllables (at most
    MAX_READINGS), each as its readings; `doubled`: a consonant written twice is the
    Japanese small tsu, the next syllable's consonant doubled (Хоккайдо = Hokkaido)."""
    longest = max(map(len, table))
    ways: list[list[list[str]]] = [[] for _ in range(len(word) + 1)]
    ways[0] = [[]]
    for start in range(len(word)):
        if not ways[start]:
            continue
        skip = 1 if doubled and start + 1 < len(word) and word[start] == word[start + 1] \
            and word[start] not in "аеиоуэюяыіь" else 0
        for end in range(start + 1 + skip, min(len(word), start + skip + longest) + 1):
            for read in table.get(word[start + skip:end], ()):
                said = read[0] + read if skip else read
                for way in ways[start]:
                    if len(ways[end]) < MAX_READINGS and [*way, said] not in ways[end]:
                        ways[end].append([*way, said])
    return ways[len(word)]


@lru_cache(maxsize=65536)
def pinyin_readings(word: str) -> tuple[tuple[str, ...], ...]:
    """A folded Cyrillic word read as Palladius syllables, each way as its pinyin
    syllables (Шэньчжэнь: (shen, zhen)); none when it is not wholly such syllables."""
    ways = _parses(word, _table("chinese", word), doubled=False)
    # the fewest syllables, and of those the fewest without an initial after the first
    # (луна is lu-na, not long-a; Гуанчжоу guang-zhou, not gu-ang-zhou): names so
    # written are few (Сиань, Xi'an), and the Latin press marks them (Xi'an)
    ranked = [(len(way), sum(not has_initial(s) for s in way[1:]), way) for way in ways]
    best = min(((n, bare) for n, bare, _ in ranked), default=(0, 0))
    return tuple(tuple(way) for n, bare, way in ranked if (n, bare) == best)


@lru_cache(maxsize=65536)
def hepburn_readings(word: str) -> tuple[str, ...]:
    """A folded Cyrillic word read as Polivanov syllables, in Hepburn's letters (Фудзицу:
    fujitsu, Есихидэ: yoshihide); none when it is not wholly such syllables."""
    return tuple(dict.fromkeys("".join(way) for way in _parses(
        word.replace("ъ", ""), _table("japanese", word), doubled=True)))
