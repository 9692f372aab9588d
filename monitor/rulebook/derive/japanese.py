"""Japanese for derive, read with MeCab and IPAdic (installed with wordfreq's Japanese
support): which katakana and kanji runs are common words, compounds or people, and what
the titles after a name say of its person."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import cache, lru_cache
from typing import Any

from monitor.rulebook.derive.story import Candidate
from monitor.rulebook.names import script as name_script

# a katakana letter, the long-vowel mark or a kanji: what runs on into a name before it
RUN_BEFORE = "[\u30a1-\u30fa\u30fc\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


@cache
def _tagger() -> Any:
    """MeCab with IPAdic (both installed with wordfreq's Japanese support)."""
    import ipadic
    import MeCab

    return MeCab.Tagger(ipadic.MECAB_ARGS)


def japanese_noun(term: str) -> bool:
    """Whether IPAdic knows a katakana word as a common noun (ファンド, fund; センター),
    not as a proper one (トヨタ, ボーイング) nor not at all (a new company's name)."""
    if " " in term or name_script(term) != "kana":
        return False
    lines = _tagger().parse(term).splitlines()
    return len(lines) == 2 and lines[0].startswith(f"{term}\t名詞,一般,")


# A one-kanji country before a company (米アマゾン, the American Amazon; 英シェル)
COUNTRY_KANJI = frozenset("米英独仏伊中韓露豪加印台蘭瑞")
_GLUE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u30a1-\u30fa\u30fc]")


def compound_part(term: str, text: str) -> bool:
    """Whether the seed writes a katakana word only glued to another word (国産ジェット
    旅客機, ハイブリッド車, 投資ファンド): a common noun inside compounds, where a company
    stands alone or after a one-kanji country (米アマゾン)."""
    found = False
    for match in re.finditer(re.escape(term), text):
        found = True
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        country = before in COUNTRY_KANJI and (
            match.start() < 2 or not _GLUE.match(text[match.start() - 2]))
        if not ((_GLUE.match(before) and not country) or _GLUE.match(after)):
            return False
    return found


# IPAdic's kinds of common noun: 一般 (持ち株, a shareholding), サ変接続 (協業, a tie-up)
_COMMON_NOUNS = ("名詞,一般,", "名詞,サ変接続,", "名詞,形容動詞語幹,", "名詞,副詞可能,")


@lru_cache(maxsize=4096)
def _words(term: str) -> tuple[tuple[str, bool], ...]:
    """A Japanese term's words by IPAdic, each with whether it is a common word of two
    characters or more (持ち株, 会社, 協業): one it knows, and no proper noun."""
    out = []
    for line in _tagger().parse(term).splitlines():
        surface, _, features = line.partition("\t")
        if not features:
            continue
        known = len(features.split(",")) >= 9  # an unknown word has no reading
        out.append((surface, known and len(surface) >= 2 and features.startswith(_COMMON_NOUNS)))
    return tuple(out)


@lru_cache(maxsize=4096)
def japanese_common(term: str) -> bool:
    """Whether a Japanese term in kanji is made of common words only (持ち株会社, a
    holding company; 中長期, medium and long term): a word of the story, not a name.
    A term without kanji is left to the seed's use (スペースジェット is スペース +
    ジェット), and a name IPAdic does not know falls apart into single characters (鴻海:
    鴻 + 海)."""
    if " " in term or not KANJI.search(term):
        return False
    words = _words(term)
    return bool(words) and all(common for _, common in words)


def japanese_compound(term: str) -> bool:
    """Whether a katakana term is common nouns IPAdic knows, written together (リチウム +
    イオン); スペースジェット is one too, so the seed's use decides (compound_part)."""
    if " " in term or name_script(term) != "kana":
        return False
    words = _words(term)
    return len(words) > 1 and all(common for _, common in words)


# Titles a Japanese text writes right after a person's name (三部敏宏社長, 内田誠氏): a
# company's chiefs, public offices (heads of state or government among them), others
_JA_CHIEFS = ("社長", "会長", "代表", "総裁", "専務", "常務", "取締役", "頭取", "理事長", "委員長")
_JA_HEADS = ("首相", "大統領")
_JA_OFFICES = (*_JA_HEADS, "大臣", "長官", "知事", "市長", "議員")
_JA_TITLES = (*_JA_CHIEFS, *_JA_OFFICES, "氏", "教授")
_JA_OF = re.compile(rf"({RUN_BEFORE}+)の$")  # ホンダの (三部敏宏社長): Honda's
JA_NAME_CHARS = 5  # a Japanese person's name in kanji is two to five characters


@lru_cache(maxsize=4096)
def japanese_people(text: str) -> tuple[str, ...]:
    """The people IPAdic finds in a Japanese text: a family name it knows followed by a
    given name it knows (内田 + 誠, 加藤 + 隆雄)."""
    words = [line.split("\t") for line in _tagger().parse(text).splitlines()
             if "\t" in line]
    return tuple(first[0] + second[0] for first, second in itertools.pairwise(words)
                 if first[1].startswith("名詞,固有名詞,人名,姓")
                 and second[1].startswith("名詞,固有名詞,人名,名"))


ORGANISATION_REPEATS = 2  # an organisation IPAdic knows, said this often, is the story's


@lru_cache(maxsize=4096)
def japanese_organisations(text: str) -> tuple[str, ...]:
    """The organisations IPAdic knows by name that a Japanese text says more than once
    (東京電力 and 東電, TEPCO): common words to a word list, as every company in the news
    is, but the story's actors, needing its context in a rule."""
    said = Counter(line.split("\t")[0] for line in _tagger().parse(text).splitlines()
                   if "\t" in line and line.split("\t")[1].startswith("名詞,固有名詞,組織"))
    return tuple(word for word, n in said.items() if n >= ORGANISATION_REPEATS
                 and len(word) >= 2 and not word.isascii())


def japanese_offices(cand: Candidate, text: str) -> None:
    """What the titles after a Japanese person's name say of them: a public office, a
    head of state or government, the chief of a company named before (ホンダの三部敏宏社長)."""
    for match in re.finditer(re.escape(cand.term), text):
        after = text[match.end():]
        cand.office = cand.office or after.startswith(_JA_OFFICES)
        cand.head = cand.head or after.startswith(_JA_HEADS)
        owner = _JA_OF.search(text[max(0, match.start() - 20):match.start()])
        if after.startswith(_JA_CHIEFS) and owner:
            cand.chief_of = owner.group(1)


def japanese_titled(term: str, text: str) -> bool:
    """Whether a Japanese text writes a title right after the term (内田誠社長)."""
    return any(text.startswith(_JA_TITLES, m.end()) for m in re.finditer(re.escape(term), text))


def japanese_person(term: str, piece: str) -> str:
    """A kanji name before a title, with the family name before it that a dictionary
    knows as a word (加藤隆雄社長: 加藤 is common, 隆雄 rare): the person, not the given
    name alone."""
    for match in re.finditer(re.escape(term), piece):
        if not piece.startswith(_JA_TITLES, match.end()):
            continue
        start = match.start()
        while start > 0 and KANJI.match(piece[start - 1]):
            start -= 1
        if match.end() - start <= JA_NAME_CHARS and start < match.start():
            return piece[start : match.end()]
    return term


def japanese_name_part(term: str) -> str:
    """A run of kanji as a name, without the common words that lead into it (決裂三菱自:
    the breakdown, Mitsubishi Motors)."""
    words = _words(term)
    start = 0
    while start < len(words) - 1 and words[start][1]:
        start += 1
    rest = "".join(w for w, _ in words[start:])
    # never down to one character or a common word (協業日 is no 日, day)
    return rest if len(rest) >= 2 and not japanese_common(rest) else term


# Chinese characters as Japanese (and Chinese) write them, in runs
KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
