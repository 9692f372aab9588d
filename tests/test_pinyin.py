"""A Latin word read as pinyin syllables."""

from __future__ import annotations

from monitor.rulebook.pinyin import latin_pinyin, syllables


def test_a_pinyin_word_is_read_in_its_syllables() -> None:
    assert latin_pinyin("xinjiang") == ("xin", "jiang")
    assert latin_pinyin("guangzhou") == ("guang", "zhou")  # not gu-ang-zhou
    assert latin_pinyin("xian") == ("xian",)  # the fewest syllables


def test_a_word_of_other_letters_is_no_pinyin() -> None:
    assert latin_pinyin("paris") is None
    assert latin_pinyin("tesla") is None


def test_the_syllables_are_chinese_readings_only() -> None:
    assert {"zhuang", "xi", "er", "yuan"} <= syllables()
    assert not {"gwaan", "seki", "baak"} & syllables()  # Cantonese, Japanese
