"""The query language and text folding, table-driven: what a rule must match, what it must
not, and where a broken rule's error points.

Each case is (query, document text) unless it needs other fields; the text goes in the
summary, which unscoped terms search.
"""

from __future__ import annotations

import unicodedata

import pytest

from monitor.rulebook.matcher import CompiledRule, Matcher, document_fields
from monitor.rulebook.query import QueryError, parse_query


def matches(query: str, text: str = "", **fields: str) -> bool:
    """Whether `query` hits a document with `text` as its summary (and any other fields)."""
    fields.setdefault("summary", text)
    hits = Matcher([CompiledRule("rule", parse_query(query))]).match(document_fields(**fields))
    return bool(hits)


def words(n: int) -> str:
    """`n` filler words that match no rule here (letters only: one token each)."""
    return " ".join(["word"] * n)


# --- the language ------------------------------------------------------------------------

LANGUAGE_MATCHES = [
    # words
    ("Loudiyi", "Morocco's minister Abdellatif Loudiyi visited Rawalpindi."),
    ("Loudiyi", "LOUDIYI"),
    ("loudiyi", "Mr. Loudiyi."),
    # phrases
    ('"Heavy Industries Taxila"', "tanks from Heavy Industries Taxila (HIT)"),
    ('"Heavy Industries Taxila"', "HEAVY INDUSTRIES, TAXILA"),
    ('"Pakistan Aeronautical Complex"', "the Pakistan Aeronautical Complex, Kamra"),
    # AND, explicit and implicit (either order, anywhere)
    ("Tata AND Morocco", "Tata builds vehicles in Morocco"),
    ("Tata AND Morocco", "Morocco has a new plant. " + words(40) + " It belongs to Tata."),
    ("Tata Morocco", "Morocco and Tata"),
    ("Tata Morocco Loudiyi", "Loudiyi, Tata, Morocco"),
    # OR
    ("Tata OR Loudiyi", "Loudiyi spoke"),
    ("Tata OR Loudiyi", "Tata spoke"),
    # NOT
    ("Tata AND NOT Motors", "Tata Advanced Systems"),
    ("Tata NOT Motors", "Tata Advanced Systems"),
    ("NOT Motors Tata", "Tata Advanced Systems"),
    # parentheses and precedence (AND binds tighter than OR)
    ("(Tata OR Mahindra) AND Morocco", "Mahindra in Morocco"),
    ("Tata AND (Morocco OR Rabat)", "Tata opens in Rabat"),
    ("Tata OR Morocco Rabat", "Tata alone"),
    ("Tata OR Morocco Rabat", "Rabat, Morocco"),
    ("Tata AND NOT (Motors OR Steel)", "Tata Advanced Systems"),
    ("((Tata))", "Tata"),
    # NEAR/n: within n words, either order
    ("Tata NEAR/10 Morocco", "Tata " + words(10) + " Morocco"),
    ("Tata NEAR/10 Morocco", "Morocco " + words(10) + " Tata"),
    ("Tata NEAR/10 Morocco", "Tata Morocco"),
    ("Tata NEAR/0 Morocco", "Tata Morocco"),
    ("Tata NEAR/0 Morocco", "Morocco, Tata"),
    ("Tata NEAR/2 Morocco", "Tata builds in Morocco"),
    ("Tata NEAR Morocco", "Tata " + words(5) + " Morocco"),
    ('"Tata Advanced" NEAR/3 (Morocco OR Maroc)', "Tata Advanced Systems au Maroc"),
    ("Tata NEAR/3 Morocco", "Tata " + words(50) + " Morocco " + words(3) + " Tata"),
    # prefix
    ("Pakist*", "Pakistan"),
    ("Pakist*", "Pakistani officials"),
    ("Pakist*", "los militares pakistaníes"),
    ("Pakist*", "PAKISTAN"),
    ("Pakist*", "Pakist"),
    ("pakist*", "Pakistan's army"),
    # case: for a case-sensitive term or phrase
    ("case:Tata", "Tata Advanced Systems"),
    ("case:Tata", "la tata y Tata"),
    ('case:"Tata Advanced"', "built by Tata Advanced Systems"),
    ("case:WhAP", "the WhAP 8×8"),
    ("case:TATA", "TATA"),
    ("case:Pakist*", "Pakistani"),
    ('case:("Tata Advanced" OR WhAP)', "the WhAP"),
    ("Morocco AND case:Tata", "Tata in Morocco"),
    # lower-case and / or / not / near are plain words
    ("Tata and Morocco", "Tata and Morocco"),
    ("war or peace", "war or peace"),
    ("Tata not Motors", "Tata is not Motors"),
    ("not", "it is not"),
    ("Tata near Morocco", "Tata near Morocco"),
    # ~ for a name in any spelling or script (tests/test_names.py has the full tables)
    ("~Loudiyi", "Abdellatif Loudyi"),
    ("~Loudiyi", "عبد اللطيف لوديي"),
    ('~"Zaheer Ahmed Baber"', "Zahir Ahmad Babar"),
    ("~Tata AND (~Morocco OR ~Maghreb)", "تاتا في المغرب"),
    ("~Tata NEAR/3 ~Maroc", "Tata au Maroc"),
    ("~Tata NOT Motors", "Таты"),
    ('Morocco ~"Al-Khalid"', "Morocco buys the Al Khalid"),
]

LANGUAGE_MISSES = [
    ("Loudiyi", "Morocco's minister visited Rawalpindi."),
    # a phrase is consecutive words, not the words scattered or reordered
    ('"Heavy Industries Taxila"', "Heavy weapons, industries and Taxila"),
    ('"Heavy Industries Taxila"', "Taxila Heavy Industries"),
    ("Tata AND Morocco", "Tata builds vehicles"),
    ("Tata Morocco", "Tata builds vehicles"),
    ("Tata OR Loudiyi", "nobody spoke"),
    ("Tata AND NOT Motors", "Tata Motors"),
    ("Tata NOT Motors", "Tata Motors"),
    ("(Tata OR Mahindra) AND Morocco", "Mahindra in India"),
    ("Tata OR Morocco Rabat", "Morocco alone"),
    ("Tata AND NOT (Motors OR Steel)", "Tata Steel"),
    # NEAR: not when further apart
    ("Tata NEAR/10 Morocco", "Tata " + words(11) + " Morocco"),
    ("Tata NEAR/10 Morocco", "Morocco " + words(11) + " Tata"),
    ("Tata NEAR/0 Morocco", "Tata in Morocco"),
    ("Tata NEAR Morocco", "Tata " + words(30) + " Morocco"),
    ("Tata NEAR/3 Morocco", "Tata " + words(4) + " Morocco " + words(4) + " Tata"),
    ("Tata NEAR/3 Morocco", "Tata " + words(20)),
    # prefix: whole-word start only
    ("Pakist*", "Apakistan"),
    ("Pakist*", "Pakis"),
    ("Pakist*", "Afghanistan"),
    # case:
    ("case:Tata", "mi tata"),
    ("case:Tata", "TATA"),
    ("case:Tata", "tata"),
    ('case:"Tata Advanced"', "TATA ADVANCED"),
    ('case:"Tata Advanced"', "Tata advanced"),
    ("case:Pakist*", "pakistani"),
    ('case:("Tata Advanced" OR WhAP)', "the whap"),
    # lower-case operators are words, so they must be there
    ("war or peace", "war and peace"),
    ("Tata and Morocco", "Tata Morocco"),
    # ~ names: short ones compare whole; a phrase is consecutive words
    ("~Tata", "Tatar"),
    ("~Tata", "teta"),
    ('~"Zaheer Ahmed Baber"', "Zaheer met Ahmed Baber"),
    ("title:~Loudiyi", "Loudyi"),
    ("~Tata NOT Motors", "Тата Motors"),
]


@pytest.mark.parametrize(("query", "text"), LANGUAGE_MATCHES)
def test_language_matches(query: str, text: str) -> None:
    assert matches(query, text)


@pytest.mark.parametrize(("query", "text"), LANGUAGE_MISSES)
def test_language_does_not_match(query: str, text: str) -> None:
    assert not matches(query, text)


FIELD_CASES = [
    # (query, fields, expected)
    ("title:Tata", {"title": "Tata in Morocco"}, True),
    ("title:Tata", {"title": "News", "summary": "Tata in Morocco"}, False),
    ("summary:Tata", {"summary": "Tata in Morocco"}, True),
    ("summary:Tata", {"title": "Tata in Morocco"}, False),
    ("content:Tata", {"summary": "short", "content": "Tata in Morocco"}, True),
    ("content:Tata", {"summary": "Tata in Morocco", "content": "long text"}, False),
    ("author:Loudiyi", {"author": "A. Loudiyi"}, True),
    ("author:Loudiyi", {"title": "Loudiyi", "author": "Staff"}, False),
    ("link:tata", {"link": "https://example.org/news/tata-advanced-systems"}, True),
    ("link:tata", {"title": "Tata", "link": "https://example.org/news/1"}, False),
    ("Title:Tata", {"title": "Tata"}, True),
    # scope on a parenthesised group
    ("title:(Tata OR Loudiyi)", {"title": "Loudiyi visits"}, True),
    ("title:(Tata OR Loudiyi)", {"summary": "Loudiyi visits"}, False),
    ("title:(Tata Morocco)", {"title": "Tata", "summary": "Morocco"}, False),
    ("title:(Tata Morocco)", {"title": "Morocco: Tata"}, True),
    ('title:"Heavy Industries"', {"title": "Heavy Industries Taxila"}, True),
    ('title:"Heavy Industries"', {"summary": "Heavy Industries Taxila"}, False),
    ("title:Tata AND summary:Morocco", {"title": "Tata", "summary": "Morocco"}, True),
    ("title:Tata AND summary:Morocco", {"title": "Morocco", "summary": "Tata"}, False),
    ("title:case:Tata", {"title": "Tata"}, True),
    ("case:title:Tata", {"title": "tata"}, False),
    ("title:Pakist*", {"title": "Pakistani navy"}, True),
    # unscoped terms search the title, the summary and the content
    ("Tata", {"title": "Tata"}, True),
    ("Tata", {"summary": "x", "content": "Tata"}, True),
    # a phrase never spans two fields; NEAR reads a headline with the text under it (the
    # end of the title, then the start of the summary, or of the content without one)
    ('"Tata Morocco"', {"title": "Tata", "summary": "Morocco"}, False),
    ("Tata NEAR/10 Morocco", {"title": "Tata", "summary": "Morocco"}, True),
    ("Tata NEAR/10 Morocco", {"title": "Tata " + "word " * 5, "summary": "x " * 4 + "Morocco"},
     True),
    ("Tata NEAR/10 Morocco", {"title": "Tata " + "word " * 6, "summary": "x " * 5 + "Morocco"},
     False),
    ("Tata NEAR/10 Morocco", {"title": "Morocco", "content": "Tata"}, True),
    ("Tata NEAR/10 Morocco", {"title": "Morocco", "summary": "x", "content": "Tata"}, False),
    ("Tata NEAR/10 Morocco", {"summary": "Morocco", "content": "Tata", "title": ""}, False),
    # a summary that repeats the headline: the headline's end is not beside its start
    ("Tata NEAR/3 Morocco", {"title": "Tata " + "word " * 5 + "Morocco",
                             "summary": "Tata " + "word " * 5 + "Morocco, it said"}, False),
    ("Tata NEAR/10 Morocco", {"title": "Tata", "summary": "Morocco at last, says Tata"}, True),
]


@pytest.mark.parametrize(("query", "fields", "expected"), FIELD_CASES)
def test_field_scope(query: str, fields: dict[str, str], expected: bool) -> None:
    fields = {"summary": "", **fields}
    assert matches(query, **fields) is expected


def test_content_scope_matches_when_content_equals_summary() -> None:
    """Feeds often repeat the summary as the content; `content:` must still see it."""
    assert matches("content:Tata", summary="Tata in Morocco", content="Tata in Morocco")


NEAR_WORDS = {
    # id: (query, text, expected); NEAR/n is "within n words", counted as a reader counts
    "8x8 is one word": ("Tata NEAR/5 Morocco", "Tata's WhAP 8×8 vehicles, built in Morocco", True),
    "six words apart": ("Tata NEAR/4 Morocco", "Tata's WhAP 8×8 vehicles, built in Morocco", False),
    "JF-17 is one word": ("Tata NEAR/1 Morocco", "Tata JF-17 Morocco", True),
    "possessive is the same word": ("Tata NEAR/0 Morocco", "Tata's Morocco plant", True),
    "hyphen-joined": ("Tata NEAR/0 Morocco", "the Tata-Morocco deal", True),
    "dash between": ("Tata NEAR/0 Morocco", "Tata — Morocco", True),
    "timestamp is one word": ("Tata NEAR/1 Morocco", "Tata 2024-05-17T10:30:00.123Z Morocco", True),
    "one word between": ("Tata NEAR/0 Morocco", "Tata in Morocco", False),
}


@pytest.mark.parametrize(
    ("query", "text", "expected"), NEAR_WORDS.values(), ids=NEAR_WORDS.keys()
)
def test_near_counts_words_not_tokens(query: str, text: str, expected: bool) -> None:
    assert matches(query, text) is expected


# --- folding and whole words -------------------------------------------------------------

DASHES = {
    "ascii hyphen-minus": "-",
    "hyphen": "\u2010",
    "non-breaking hyphen": "\u2011",
    "figure dash": "\u2012",
    "en dash": "\u2013",
    "em dash": "\u2014",
    "horizontal bar": "\u2015",
    "minus sign": "\u2212",
    "small hyphen-minus": "\ufe63",
    "fullwidth hyphen-minus": "\uff0d",
}

FOLDING_MATCHES = [
    # accents and case
    ("Marruecos", "MARRUECOS"),
    ("MARRUECOS", "marruecos"),
    ("Marruecos", "Marruécos"),
    ("Loudiyi", "Loudíyi"),
    ("Loudíyi", "Loudiyi"),
    ("pakistaníes", "PAKISTANIES"),
    ("Tata", "ＴＡＴＡ"),  # fullwidth, folded by NFKC
    # JF-17 in all its spellings
    ("JF-17", "JF 17"),
    ("JF-17", "JF17"),
    ("JF-17", "jf-17"),
    ("JF-17", "the JF‑17 Thunder"),
    ("JF 17", "JF-17"),
    ("JF17", "JF–17"),
    ("jf-17", "JF—17"),
    ("JF-17 Thunder", "JF-17 Thunder"),
    # × and x between digits
    ("WhAP 8x8", "WhAP 8×8"),
    ("WhAP 8x8", "WhAP 8 x 8"),
    ("WhAP 8x8", "WHAP 8X8"),
    ("WhAP 8×8", "whap 8x8"),
    ('"WhAP 8x8"', "the WhAP 8 × 8 vehicle"),
    # whole words are found next to punctuation, digits and possessives
    ("Tata", "(Tata)"),
    ("Tata", "Tata's plant"),
    ("Tata", "TATA-owned"),
    ("Tata", "«Tata»"),
    ("Cherat", "Cherat-based"),
    ("Cherat", "the Cherat cement plant"),
    ("Al-Khalid", "Al Khalid tanks"),
    ("Al-Khalid", "al-Khalid"),
    # Arabic: alef forms, harakat, tatweel, alef maksura / yeh
    ("إسلام آباد", "اسلام اباد"),
    ("اسلام اباد", "إسلام آباد"),
    ("الأمن", "الامن"),
    ("أحمد", "احمد"),
    ("محمد", "مُحَمَّد"),
    ("مُحَمَّد", "محمد"),
    ("محمد", "مـحـمـد"),
    ("مصطفى", "مصطفي"),
    ("المغرب", "زيارة إلى المغرب اليوم"),
    # Urdu: keheh / kaf, farsi yeh / yeh, heh goal / heh
    ("کراچی", "كراچي"),
    ("كراچي", "کراچی"),
    ("پاکستان", "پاكستان"),
    ("لاہور", "لاهور"),
    # Urdu: heh doachashmee / heh, yeh barree / yeh, teh marbuta goal / heh
    ("بھارت", "بهارت"),
    ("بهارت", "بھارت"),
    ("پاکستان کے", "پاكستان كي"),
    ("وزارۃ", "وزارة"),
    # every script's digits are 0-9
    ("JF-17", "طائرات JF-١٧ الباكستانية"),
    ("JF-17", "جے ایف-۱۷ اور JF۱۷"),
    ("JF-17", "जेएफ JF-१७"),
    ("١٧", "JF-17"),
    # Hindi: a word is its letters and its vowel signs
    ("पाकिस्तान", "भारत और पाकिस्तान के बीच"),
    ("मोरक्को", "मोरक्को में टाटा"),
    ("पाकिस्तानी", "पाकिस्तानी सेना"),
    ("टाटा", "टाटा एडवांस्ड सिस्टम्स"),
    ("पाकिस्तान*", "पाकिस्तानी सेना"),
    # a change of script is a word boundary
    ("Tata", "Tataطاطا"),
    ("طاطا", "Tataطاطا"),
    ("Tata", "टाटाTata"),
    ("Tata", "Tata東京"),
    # scripts written without spaces: a term matches inside a run
    ("東京", "今日は東京都へ行きます"),
    ("パキスタン", "パキスタン軍が発表した"),
    ("巴基斯坦", "中国和巴基斯坦的合作"),
    ("ไทย", "ประเทศไทยสวยงาม"),
]

FOLDING_MISSES = [
    ("Tata", "Tatar"),
    ("Tata", "Tatanka"),
    ("Tata", "Atata"),
    ("Cherat", "Cheratte"),
    ("Cherat", "Cheratte-based"),
    ("Marruecos", "Marrueco"),
    ("JF-17", "JF-170"),
    ("JF-17", "JF-١٧٠"),
    ("JF-17", "JF-1"),
    ("WhAP 8x8", "WhAP 6x6"),
    ('"WhAP 8x8"', "WhAP 8x6"),
    ("المغرب", "المغربية"),
    ("محمد", "محمدي"),
    ("کراچی", "کراچیوں"),
    # a Devanagari term must not match a longer word
    ("पाकिस्तान", "पाकिस्तानी सेना"),
    ("पाक", "पाकिस्तान"),
    ("भारत", "भारतीय"),
    ("टाटा", "टाटानगर"),
    ("東京", "京都"),
    ("ไทย", "ประเทศลาว"),
]


@pytest.mark.parametrize(("query", "text"), FOLDING_MATCHES)
def test_folding_matches(query: str, text: str) -> None:
    assert matches(query, text)


@pytest.mark.parametrize(("query", "text"), FOLDING_MISSES)
def test_folding_does_not_match(query: str, text: str) -> None:
    assert not matches(query, text)


@pytest.mark.parametrize("dash", DASHES.values(), ids=DASHES.keys())
def test_every_dash_reads_as_a_hyphen(dash: str) -> None:
    assert matches("JF-17", f"the JF{dash}17 Thunder")
    assert matches(f"JF{dash}17", "the JF 17 Thunder")
    assert matches(f"Al{dash}Khalid", "Al-Khalid")
    assert not matches("Cherat", f"Cheratte{dash}based")


def test_every_unicode_dash_separates_words() -> None:
    """Every dash-punctuation character (and the minus sign) splits JF‑17 like "-" does."""
    dashes = [
        chr(cp)
        for cp in range(0x110000)
        if unicodedata.category(chr(cp)) == "Pd" or cp == 0x2212
    ]
    rules = [CompiledRule("rule", parse_query("JF-17"))]
    matcher = Matcher(rules)
    missed = [
        f"U+{ord(d):04X} {unicodedata.name(d)}"
        for d in dashes
        if not matcher.match(document_fields(summary=f"the JF{d}17 Thunder"))
    ]
    assert missed == []


SCRIPT_PUNCTUATION = {
    # id: (query, text); the sentence's own punctuation ends the word
    "danda": ("पाकिस्तान", "भारत और पाकिस्तान।"),
    "double danda": ("मोरक्को", "वह मोरक्को॥"),
    "urdu full stop": ("کراچی", "میں کراچی۔"),
    "arabic comma": ("کراچی", "کراچی، لاہور"),
    "arabic question mark": ("المغرب", "هل المغرب؟"),
    "arabic semicolon": ("المغرب", "المغرب؛ باكستان"),
}


@pytest.mark.parametrize(
    ("query", "text"), SCRIPT_PUNCTUATION.values(), ids=SCRIPT_PUNCTUATION.keys()
)
def test_punctuation_of_other_scripts_ends_a_word(query: str, text: str) -> None:
    assert matches(query, text)


INVISIBLE_IN_WORDS = {
    "soft hyphen": ("Pakistan", "Paki\u00adstan"),  # &shy; in feed HTML
    "zero-width joiner": ("पाकिस्तान", "पाकि\u200dस्तान"),
    "zero-width non-joiner": ("پاکستان", "پاک\u200cستان"),
}


@pytest.mark.parametrize(
    ("query", "text"), INVISIBLE_IN_WORDS.values(), ids=INVISIBLE_IN_WORDS.keys()
)
def test_invisible_format_characters_do_not_split_words(query: str, text: str) -> None:
    assert matches(query, text)


def test_multiplication_sign_between_names_separates_them() -> None:
    """`×` reads as x between digits (8×8), but "Tata×Airbus" is two names."""
    assert matches("Tata", "the Tata×Airbus C295 line")
    assert matches("Airbus", "the Tata×Airbus C295 line")


# --- abroad: a name written in another script than the rule's ----------------------------

ABROAD = [
    # (query, text, expected)
    ("abroad:~கூடங்குளம்", "First concrete poured for Kudankulam unit 3", True),
    ("abroad:~கூடங்குளம்", "印度库丹库拉姆核电站", True),
    ("abroad:~கூடங்குளம்", "सुप्रीम कोर्ट ने कुडनकुलम परमाणु संयंत्र को दी हरी झंडी", True),
    ("abroad:~கூடங்குளம்", "கூடங்குளம் மின்சாரம் இணைப்பு", False),
    ("abroad:~கூடங்குளம்", "கூடங்குளத்தில் போராட்டம்", False),
    ("abroad:~نيوم", "NEOM chief departs", True),
    ("abroad:~نيوم", "شركة نيوم للهيدروجين", False),
    ("abroad:~Gwadar", "گوادر میں بارش", True),
    ("abroad:~Gwadar", "Gwadar rains", False),
    ("title:abroad:~Gwadar", "Gwadar rains", False),
    ("abroad:~Gwadar OR (~Gwadar NEAR/5 airport)", "Gwadar airport opens", True),
]


@pytest.mark.parametrize(("query", "text", "expected"), ABROAD)
def test_abroad_finds_a_name_only_in_another_script(query: str, text: str,
                                                    expected: bool) -> None:
    """abroad:~name is the name in any spelling, written in any script but the rule's:
    a name famous at home, whose own press writes it in its other news too."""
    assert matches(query, text) is expected


def test_a_hit_by_abroad_says_so() -> None:
    """The explanation names the term as the rule writes it: abroad:~கூடங்குளம் found
    Kudankulam."""
    hits = Matcher([CompiledRule("k", parse_query("abroad:~கூடங்குளம்"))]).match(
        document_fields(title="Kudankulam unit 3"))
    assert [(m.term, m.text) for m in hits[0].terms] == [("abroad:~கூடங்குளம்", "Kudankulam")]


# --- syntax errors point at the column ---------------------------------------------------

ERRORS = [
    # (query, acceptable columns, a word the reason must contain)
    ("(Tata OR Loudiyi", {1}, "("),
    ("Tata AND (Morocco OR Rabat", {10}, "("),
    ("((Tata) OR Loudiyi", {1}, "("),
    ("Tata)", {5}, ")"),
    ("Tata ) Morocco", {6}, ")"),
    ("(Tata) )", {8}, ")"),
    ('"Heavy Industries', {1}, "quote"),
    ('Tata "Heavy Industries', {6}, "quote"),
    ("Tata AND", {6, 9}, "AND"),
    ("Tata OR", {6, 8}, "OR"),
    ("Tata NEAR/3", {6, 12}, "NEAR"),
    ("Tata AND NOT", {10, 13}, "NOT"),
    ("AND Tata", {1}, "AND"),
    ("Tata OR OR Loudiyi", {9}, "OR"),
    ("foo:bar", {1}, "foo"),
    ("Tata foo:bar", {6}, "foo"),
    ("title:(Tata foo:bar)", {13}, "foo"),
    ("Pa*kistan", {1}, "*"),
    ("Tata Pak*istan", {6}, "*"),
    ("Pa*", {1}, "3"),
    ("Tata P*", {6}, "3"),
    ("(Tata AND Motors) NEAR/5 Morocco", {19}, "NEAR"),
    ("Morocco NEAR/5 (Tata AND Motors)", {9}, "NEAR"),
    ("Morocco NEAR/5 (Tata Motors)", {9}, "NEAR"),
    ("()", {2}, "empty"),
    ("", {1}, "empty"),
    ("title:(summary:Tata)", {7, 8}, "scope"),
    ("Tata ~", {6}, "~"),
    ("Tata ~Loud*", {6}, "*"),
    ("case:~Tata", {6}, "case:"),
    ("abroad:Gwadar", {1}, "abroad:~"),
    ("Tata abroad:(~Gwadar)", {6}, "abroad:~"),
    ("abroad: ~Gwadar", {1}, "abroad:~"),
    ('Tata ~"Zaheer', {6}, "quote"),
]


@pytest.mark.parametrize(("query", "columns", "word"), ERRORS)
def test_syntax_error_points_at_column(query: str, columns: set[int], word: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert caught.value.column in columns, caught.value.reason
    assert word.lower() in caught.value.reason.lower()
    assert str(caught.value.column) in str(caught.value)


@pytest.mark.parametrize(
    ("query", "column"),
    [("(Tata OR)", 9), ("(Tata AND)", 10), ("(Tata NOT)", 10), ("(Tata NEAR)", 11)],
)
def test_operator_before_closing_paren_is_an_error(query: str, column: int) -> None:
    """An operator with nothing after it is an error inside parentheses too, not a word."""
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert caught.value.column in {column, query.index(" ") + 2}


MATCHES_ALMOST_EVERYTHING = [
    "NOT Motors",
    "NOT (Tata Motors)",
    "NOT Tata NOT Motors",
    "Tata OR NOT Motors",
    "(NOT Motors) OR Tata",
    "NOT (Tata NEAR/3 Motors)",
    "NOT title:Tata",
]


@pytest.mark.parametrize("query", MATCHES_ALMOST_EVERYTHING)
def test_rule_matching_almost_everything_is_refused(query: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert "NOT" in caught.value.reason
    assert len(caught.value.reason) > 40  # an explanation, not just "invalid"


@pytest.mark.parametrize(
    "query",
    ["Tata AND NOT Motors", "NOT Motors Tata", "(Tata OR NOT Motors) AND Morocco", "NOT NOT Tata"],
)
def test_negation_with_a_required_word_is_accepted(query: str) -> None:
    parse_query(query)
