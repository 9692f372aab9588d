"""Figures, units and money in a seed: what derive must not take for a name (300 Hektar,
25 מיליארד דולר, RM50, 500 USD), from CLDR's numbers and currencies through Babel."""

from __future__ import annotations

import re
from functools import cache

import regex

from monitor.rulebook.derive.places import speaking_countries

_YEAR = re.compile(r"(?<![\d.,])(?:1[89]|20)\d\d\s*$")
_FIGURE = re.compile(r"(?:^|\s)\d(?:[\d.,]*\d)?$")  # a figure alone (not P.180, ke-7, 3x)
_AMOUNT_WORD = re.compile(r"^([^\W\d_]{1,3})\d")  # RM50, Rp5
BEFORE = 40  # characters before a word where its figure stands


@cache
def currencies() -> frozenset[str]:
    """The ISO codes of the currencies in use (CLDR, through Babel): USD, EUR, CNY."""
    from babel import Locale
    from babel.numbers import get_territory_currencies

    return frozenset(code for territory in Locale("en").territories
                     for code in get_territory_currencies(str(territory)))


@cache
def _scale_words(lang: str) -> frozenset[str]:
    """The words a language writes after a figure for thousand, million, billion (CLDR's
    compact numbers: Millionen, مليار, миллиардов, juta)."""
    from babel import Locale, UnknownLocaleError

    try:
        formats = Locale.parse(lang).compact_decimal_formats
    except (UnknownLocaleError, ValueError):
        return frozenset()
    return frozenset(word.lower() for length in formats.values() for forms in length.values()
                     for pattern in forms.values()
                     for word in regex.findall(r"\p{L}+", str(pattern.pattern)) if len(word) > 1)


_PARAGRAPH = re.compile(r"\n\s*\n")


def after_figures(term: str, text: str, lang: str) -> bool:
    """Whether the seed writes a word mostly after a figure (300 Hektar, 1,4 Millionen
    Kubikmeter, 25 מיליארד דולר): a unit or an amount, not a name (a year before a name,
    2023 Tesla, is no figure, nor is a model's number, P.180 Avanti)."""
    scale = _scale_words(lang)
    starts = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", text)]
    figures = 0
    for start in starts:
        # in its own paragraph: a figure ending the one above is no amount of it (a
        # headline's San José 1111, then La Corte Suprema), one wrapped onto its line is
        before = _PARAGRAPH.split(text[max(0, start - BEFORE):start])[-1].rstrip()
        words = before.split()
        if words and words[-1].lower() in scale:
            before = before[: len(before) - len(words[-1])].rstrip()
        if _FIGURE.search(before) and not _YEAR.search(before):
            figures += 1
    return bool(starts) and 2 * figures > len(starts)


@cache
def unit_letters() -> frozenset[str]:
    """Units' symbols in capitals, as CLDR writes them after a figure (MW, GW, TB): units,
    not acronyms of names, where a figure stands before them."""
    from babel import Locale
    from babel.units import get_unit_name

    out = set()
    for unit in Locale("en").unit_display_names:
        name = get_unit_name(str(unit), length="short", locale="en") or ""
        if name.isupper() and name.isalpha() and len(name) >= 2:
            out.add(name)
    return frozenset(out)


_UNIT_AFTER = 15  # characters between a figure and its unit (1000메가와트(MW), 1 000 MW)


def unit_after_figure(term: str, text: str) -> bool:
    """Whether the seed writes a unit's symbol after a figure (약 1000메가와트(MW))."""
    pattern = rf"\d[^\d.!?]{{0,{_UNIT_AFTER}}}?(?<![A-Za-z]){re.escape(term)}(?![A-Za-z])"
    return term in unit_letters() and re.search(pattern, text) is not None


@cache
def _own_currency_symbols(lang: str) -> frozenset[str]:
    """The symbols a language writes its own countries' currencies with, in letters and
    other than their ISO codes (RM for the ringgit in Malay, Rp for the rupiah in
    Indonesian; not TOP, Tonga's, which is TOP500 too)."""
    from babel import Locale, UnknownLocaleError
    from babel.numbers import get_territory_currencies

    try:
        symbols = Locale.parse(lang).currency_symbols
    except (UnknownLocaleError, ValueError):
        return frozenset()
    return frozenset(symbol for home in speaking_countries(lang)
                     for currency in get_territory_currencies(home)
                     if (symbol := symbols.get(currency, "")).isalpha() and symbol != currency)


def own_currency_amount(word: str, lang: str) -> bool:
    """Whether a word is an amount in the seed's own currency (RM50 in Malay)."""
    money = _AMOUNT_WORD.match(word)
    return money is not None and money.group(1) in _own_currency_symbols(lang)


SCALE_WORD = 3  # letters of a scale word this check trusts (not Filipino's linker "na")


@cache
def _trusted_scale_words(lang: str) -> frozenset[str]:
    """A language's and English's scale words long enough to be no other word."""
    return frozenset(w for w in _scale_words(lang) | _scale_words("en") if len(w) >= SCALE_WORD)


def scaled_amount(word: str, sentence: str, lang: str) -> bool:
    """Whether letters and a figure are an amount by the scale word after them (P12.2
    bilyon, R5 billion, N500 million): a currency's letter, not a model's name."""
    if _AMOUNT_WORD.match(word) is None:
        return False
    scale = _trusted_scale_words(lang)
    return any(m.group(1).lower() in scale for m in re.finditer(
        rf"(?<!\w){re.escape(word)}(?:[.,]\d+)?\s+(\w+)", sentence))

