"""Korean for derive, read with Kiwi (kiwipiepy): the particles written against a
word, which words are common nouns, proper nouns or a modifier, and the people a title
after a name presents."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from monitor.rulebook.derive.lexicon import zipf
from monitor.rulebook.derive.places import is_place_or_date
from monitor.rulebook.names import HANGUL_ORG_WORDS, HANGUL_PARTICLES, particle_fits
from monitor.rulebook.names import script as name_script

HANGUL_PARTICLE_ENDS = frozenset(p for p in HANGUL_PARTICLES if len(p) == 1)
HANGUL_SYLLABLE = re.compile("[\uac00-\ud7af]+")


def particled_syllable(word: str, text: str) -> bool:
    """A Korean word of one syllable and a particle (측이, 법의), when the seed also
    writes that syllable with another particle (측은): grammar, not a rare word; 만도,
    which takes particles itself (만도는), is a name."""
    if len(word) != 2 or HANGUL_SYLLABLE.fullmatch(word) is None \
            or word[1] not in HANGUL_PARTICLE_ENDS:
        return False
    return any(word[0] + other in text for other in HANGUL_PARTICLE_ENDS - {word[1]})


# Titles Korean writes after a person's name, with the company or ministry between
# (황주호 한수원 사장, 안덕근 산업통상자원부 장관): public offices, heads among them
KO_HEADS = frozenset({"대통령", "총리"})
KO_OFFICES = KO_HEADS | frozenset({"장관", "차관", "의원", "지사", "시장", "청장", "대사"})
_KO_TITLES = KO_OFFICES | frozenset({
    "사장", "회장", "부회장", "부사장", "대표", "위원장", "원장", "총재", "이사장", "고문",
    "최고경영자"})  # (chief executive: 일론 머스크 테슬라 최고경영자)
KO_NAME_SYLLABLES = (2, 4)  # a Korean person's name, or a foreign one, before the title


def korean_titled(words: list[str]) -> list[tuple[str, str, str]]:
    """People a Korean sentence's words name before their title, right before it or with
    one word between (최윤범 회장, 황주호 한수원 사장은): (name, title, the company or
    ministry between or ""). The name is no common noun Kiwi knows (일부 야당 의원들: some
    opposition lawmakers)."""
    out = []
    for at, word in enumerate(words):
        title = word[: -len(p)] if (p := hangul_particle(word)) else word
        if title not in _KO_TITLES or at == 0:
            continue
        near, far = words[at - 1], words[at - 2] if at >= 2 else ""
        if _name_like(far) and _organisation(near):
            out.append((far, title, near))  # 황주호 한수원 사장: the company between
        elif _name_like(far) and _name_like(near):
            out.append((f"{far} {near}", title, ""))  # 페트르 피알라 총리: a foreign name
        elif _name_like(near):
            out.append((near, title, ""))
    return out


def _name_like(word: str) -> bool:
    """Whether a Korean word may be a person's name: a few syllables, no particle, no
    common noun Kiwi knows, no place."""
    return bool(HANGUL_SYLLABLE.fullmatch(word)) \
        and KO_NAME_SYLLABLES[0] <= len(word) <= KO_NAME_SYLLABLES[1] \
        and not korean_noun(word) and not hangul_particle(word) and not is_place_or_date(word)


def _organisation(word: str) -> bool:
    """Whether a Korean word names a company or ministry: a proper noun Kiwi knows (한수원)
    or a word ending as companies and ministries do (대우건설, 산업통상자원부)."""
    morphemes = _morphemes(word)
    return (len(morphemes) == 1 and morphemes[0][1] == "NNP" and not morphemes[0][2]) \
        or word.endswith((*HANGUL_ORG_WORDS, "부", "청", "공사"))


def hangul_particle(word: str) -> str:
    """The Korean particle written against a word (이, 는, 에서, …), if any, when at least
    two syllables are left."""
    match = re.fullmatch("[A-Za-z0-9.-]*([\uac00-\ud7af]+)", word)  # MBK파트너스는 too
    if not match:
        return ""
    syllables = match.group(1)  # HL만도 keeps its 도: one syllable would be left
    if len(syllables) < len(word) and syllables in HANGUL_PARTICLES:
        return syllables  # EDF는: Latin letters and a particle
    return next((p for p in HANGUL_PARTICLES if syllables.endswith(p)
                 and len(syllables) - len(p) >= HANGUL_STEM_SYLLABLES
                 and particle_fits(syllables, p)), "")


@cache
def _tagger() -> Any:
    """Kiwi, the Korean morphological analyser, with its dictionary and model."""
    from kiwipiepy import Kiwi

    return Kiwi()


# Kiwi's tags of a proper noun and of letters of other scripts: a name, or part of one
_PROPER_TAGS = frozenset({"NNP", "SL", "SH", "SN"})


@lru_cache(maxsize=4096)
def korean_noun(term: str) -> bool:
    """Whether every word of a Korean term is one Kiwi knows, made of common nouns and
    grammar (주총, a shareholders' meeting; 의결권, voting rights; 공개매수, a tender
    offer), with no proper noun (고려아연, 영풍) and nothing it has never seen (메타플랜트,
    a new plant's name)."""
    if name_script(term) != "hangul" or not HANGUL_SYLLABLE.search(term):
        return False
    morphemes = _morphemes(term)
    return bool(morphemes) and not any(oov or tag in _PROPER_TAGS for _, tag, oov in morphemes)


KOREAN_PROPER_ZIPF = 5.0  # a proper noun this common is every story's (한국, Korea)
PROPER_REPEATS = 3  # a proper noun the word list knows is the story's if said this often


def korean_proper(word: str) -> bool:
    """Whether Kiwi reads a Korean word as a proper noun, or one it never saw, whole
    (한수원, 대우건설; 안덕근): a name, though the word list has seen it often, unless
    in every story (한국)."""
    morphemes = _morphemes(word)
    return len(morphemes) == 1 and len(word) >= 2 and zipf(word, "ko") < KOREAN_PROPER_ZIPF \
        and not is_place_or_date(word) and (
        morphemes[0][1] == "NNP" or (morphemes[0][1] == "NNG" and morphemes[0][2]))


@lru_cache(maxsize=4096)
def _morphemes(term: str) -> tuple[tuple[str, str, bool], ...]:
    """A Korean term's morphemes by Kiwi: form, tag and whether Kiwi never saw it."""
    return tuple((t.form, t.tag, bool(t.oov)) for t in _tagger().tokenize(term))


def korean_modifier(word: str) -> bool:
    """Whether a Korean word ends in the copula's modifying form (손자회사인, which is a
    subsidiary's subsidiary): it tells what the next name is, and is no part of it."""
    tags = [tag for _, tag, _ in _morphemes(word)]
    return tags[-2:] == ["VCP", "ETM"]


def korean_word(word: str) -> bool:
    """Whether a Korean word is a common noun of two syllables or more (의결권, not 측은:
    a side, with its particle): a word of the story."""
    return korean_noun(word) and any(
        tag == "NNG" and len(form) >= 2 for form, tag, _ in _morphemes(word))


HANGUL_STEM_SYLLABLES = 2
