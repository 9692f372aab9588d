"""Palladius and Polivanov spellings read back into pinyin and Hepburn."""

from __future__ import annotations

import pytest

from monitor.rulebook.east_asian_cyrillic import hepburn_readings, pinyin_readings


@pytest.mark.parametrize(("word", "pinyin"), [
    ("шэньчжэнь", ("shen", "zhen")), ("цзиньпин", ("jin", "ping")),
    ("чжэцзян", ("zhe", "jiang")), ("юицюнь", ("yu", "qun")),  # folded юй
    ("гуанчжоу", ("guang", "zhou")), ("сямэнь", ("xia", "men")),
    ("цзіньпін", ("jin", "ping")), ("янцзы", ("yang", "zi")),
])
def test_palladius_reads_as_pinyin(word: str, pinyin: tuple[str, ...]) -> None:
    assert pinyin in pinyin_readings(word)


def test_fewest_syllables_and_fewest_without_an_initial_are_kept() -> None:
    # луна is lu-na, not long-a; Гуанчжоу is not gu-ang-zhou or guang-zhuo-wu
    assert pinyin_readings("луна") == (("lu", "na"),)
    assert pinyin_readings("гуанчжоу") == (("guang", "zhou"),)
    assert pinyin_readings("сиань") == (("xi", "an"),)  # Xi'an: the only way


def test_words_that_are_not_wholly_palladius_are_not_read() -> None:
    assert pinyin_readings("газпром") == ()
    assert pinyin_readings("москва") == ()
    # Ukrainian's е is Russian's э: a word without a letter of Ukrainian's own is read
    # as Russian, where ге is no syllable
    assert pinyin_readings("ген") == ()


@pytest.mark.parametrize(("word", "hepburn"), [
    ("мицубиси", "mitsubishi"), ("фудзицу", "fujitsu"), ("хитати", "hitachi"),
    ("есихидэ", "yoshihide"), ("хоккаидо", "hokkaido"), ("кюсю", "kyushu"),
    ("кэиданрэн", "keidanren"), ("міцубісі", "mitsubishi"), ("иосіхіде", "yoshihide"),
])
def test_polivanov_reads_as_hepburn(word: str, hepburn: str) -> None:
    assert hepburn in hepburn_readings(word)


def test_letters_outside_polivanov_are_not_read() -> None:
    assert hepburn_readings("сила") == ()  # Japanese has no l
    assert hepburn_readings("такси") == ()  # nor a lone к
