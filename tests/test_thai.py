"""Thai words: cut from unspaced text, how common, how they read in Latin letters."""

from __future__ import annotations

from monitor.rulebook import thai


def test_words_cut_an_unspaced_run_and_keep_latin_as_written() -> None:
    assert thai.words("ท่าเรือแหลมฉบัง GPC") == ("ท่าเรือ", "แหลมฉบัง", "GPC")
    assert thai.spaced("โครงการแลนด์บริดจ์ (SEC)") == "โครงการ แลนด์ บริดจ์ (SEC)"
    assert thai.has_thai("SEC ไทย") and not thai.has_thai("SEC 2024")


def test_zipf_knows_common_words_and_compounds_not_names() -> None:
    assert thai.zipf("ที่") > 7  # the commonest word
    # a compound the corpus counts as its parts is as common as they are together
    assert thai.zipf("การขนส่ง") > 4  # transport: การ + ขนส่ง
    assert thai.zipf("เทสลา") < thai.zipf("การขนส่ง")  # Tesla
    assert thai.zipf("ขึ้นดุ้ยโต") == 0  # no word at all


def test_romanised_as_the_royal_system_and_loanwords_as_english() -> None:
    assert thai.romanised("ระนอง") == "ranong"
    assert thai.romanised("คุนหมิง") == "khunming"
    assert thai.romanised("แลนด์บริดจ์") == "landbridge"


def test_unspaced_gives_back_the_sentence_as_written() -> None:
    original = "ท่าเรือแหลมฉบังขยายเฟสสาม ปีหน้า"
    assert thai.unspaced(thai.spaced(original), original) == original
    assert thai.unspaced("not in it", original) == "not in it"
