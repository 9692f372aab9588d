"""CC-CEDICT's proper names by their pinyin."""

from __future__ import annotations

from monitor.rulebook.cedict import proper_names, proper_pinyin


def test_a_proper_name_has_the_dictionary_pinyin() -> None:
    assert "shenzhen" in proper_pinyin("深圳")
    assert "chengdu" in proper_pinyin("成都")  # 都 alone is also dou
    assert "成都" in proper_names("chengdu")


def test_a_common_word_is_no_proper_name() -> None:
    assert proper_pinyin("遇袭") == frozenset()  # attacked
    assert proper_pinyin("天气") == frozenset()  # weather
