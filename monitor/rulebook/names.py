"""Name keys: find a name in another spelling or script (the query language's `~Name`).

A word is romanised (anyascii) and read by sound: kh = х = خ, sh = ш = ش, q = k, v = w,
doubled letters once, y and w consonants only before a vowel. Two words are the same
name when their consonants are the same and both do or do not start and end on a
vowel; the vowels in between are forgiven, because Arabic, Urdu, Persian and Devanagari
do not write them and the press spells them every way (Loudiyi = Loudyi = Loudayi =
لوديي = Лудийи = ルーディイ). l and r are one letter when either word is kana, Chinese or
Korean, p and b when either is Arabic, against which a Latin ch is also sh and v is f
(شيرات = Cherat, فلاديمير = Vladimir). Words also stand for their forms without attached
Arabic prefixes (و ب ل ك ف ال and their combinations), in Cyrillic without a case
ending, and in Latin letters without a Slavic case ending or a Hungarian or Finnish one
(Boeinga, Debrecenben, Rosatomin). Chinese is read by its pinyin, a syllable's glide as
the sound it writes (瓜达尔 = Gwadar, 恰巴哈尔 = Chabahar). A Korean name is also found
in the Han characters it is read from (崔允範 = 최윤범, see monitor.rulebook.hanja), as
the Chinese and Japanese press write it.

How much is forgiven depends on how many consonants the name has:
- at most SHORT_CONSONANTS (Tata, HIT, Omar): nothing; the whole romanised form must be
  the same, because so many common words share two consonants;
- up to MEDIUM_CONSONANTS, between two scripts that write vowels (Latin, Cyrillic,
  Greek): inner vowels must be in the same places and alike (a~e, e~i, o~u), so Rabat
  is not robot and Qamar is not Kumar;
- LONG_CONSONANTS or more: also one consonant more, less or other.

A NameIndex holds every name of a rulebook under a coarse key (every letter merge,
inner vowels left out), so finding the names a word may be costs a few dictionary
look-ups whatever the number of rules; each find is then checked as above, and each
word's answer is remembered.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from anyascii import anyascii

from monitor.rulebook import thai
from monitor.rulebook.cedict import proper_names, proper_pinyin
from monitor.rulebook.east_asian_cyrillic import hepburn_readings, pinyin_readings
from monitor.rulebook.hanja import hangul_word, korean_readings, readings
from monitor.rulebook.pinyin import latin_pinyin
from monitor.rulebook.thai import THAI

SHORT_CONSONANTS = 2
LONG_CONSONANTS = 6
HAN_WINDOW = 4  # a Chinese name is looked for in runs of up to this many characters,
HAN_LONGEST = 24  # or of as many as the longest indexed name has (能登半島地震), to this
HAN_FOREIGN_WINDOW = 7  # and of up to this many for a name of another script
HANJA_WINDOW = 5  # and a Korean name read in Korean (현대자동차 = 現代自動車)
# a pair of Han characters read as a two-syllable Korean name must be a word at least
# this common in Chinese or Japanese (two characters of two words read alike by chance)
HANJA_PAIR_ZIPF = 2.5
_WORD_CACHE = 200_000

# Scripts, by the first character of a (folded) token.
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_HEBREW = re.compile("[\u0590-\u05ff\ufb1d-\ufb4f]")
_CYRILLIC = re.compile("[\u0400-\u052f\u1c80-\u1c8f\ua640-\ua69f]")
_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")
_ARMENIAN = re.compile("[\u0531-\u058f\ufb13-\ufb17]")
_KANA = re.compile("[\u3041-\u309f\u30a1-\u30ff]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Devanagari, Bengali and India's other scripts (Gurmukhi, Gujarati, Odia, Tamil, Telugu,
# Kannada, Malayalam): abugidas whose consonants carry a vowel the script leaves unwritten
# (রোসাটম = Rosatom, रोसाटम, ரோசாட்டம்), read alike
_DEVANAGARI = re.compile("[\u0900-\u097f\ua8e0-\ua8ff\u0980-\u09ff\u0a00-\u0d7f]")
_INDIC_BLOCKS = range(0x0A00, 0x0D80)


def _to_devanagari() -> dict[int, str]:
    """Gurmukhi to Malayalam letter by letter as Devanagari: Unicode lays their blocks out
    as Devanagari's (ગુજરાત, ਪੰਜਾਬ, கூடங்குளம் read as गुजरात, पंजाब, कूटङ्कुळम्), so one
    reading serves them all. Letters Devanagari lacks (Malayalam's chillus) stay."""
    table = {}
    for code in _INDIC_BLOCKS:
        offset = code & 0x7F
        letter = chr(0x0900 + offset)
        if offset < 0x70 and unicodedata.category(chr(code)) != "Cn" \
                and unicodedata.category(letter) != "Cn":
            table[code] = letter
    table[0x0A70] = "\u0902"  # Gurmukhi's tippi is a nasal, as the anusvara (ਪੰਜਾਬ = Punjab)
    return table


_TO_DEVANAGARI = _to_devanagari()
# Telugu, Kannada and Malayalam end a word with the anusvara for m (കൂടംകുളം = Kudankulam)
_FINAL_ANUSVARA_M = re.compile("[\u0c02\u0c82\u0d02]$")
# Tamil is read as Devanagari (see _to_devanagari), but writes no voiced stops apart
# (பெங்களூரு = Bengaluru, ஸ்ரீபெரும்புதூர் = Sriperumbudur: p for b, t for d)
_TAMIL = re.compile("[\u0b80-\u0bff]")
_THAI = re.compile(f"[{THAI}]")
_INDIC = frozenset({"devanagari", "tamil"})
GLIDE_CONSONANTS = 3  # a name read with the vowel beside its य or व has this many
_INDIC_GLIDE = re.compile("([yv])(?=[^aeiouy])")  # y or v before a consonant
_INDIC_GLIDE_BEFORE = re.compile("(?<=[^aeiouy])([yv])")  # and after one
# ஃ before ப and ஜ writes f and z (ஃபாக்ஸ்கான் = Foxconn), as a nukta does in Devanagari;
# alone (எஃகு, steel) it is no sound a Latin name writes
_AYTHAM = {"\u0b83\u0baa": "\u092b\u093c", "\u0b83\u0b9c": "\u091c\u093c", "\u0b83": ""}
_AYTHAM_RE = re.compile("|".join(sorted(_AYTHAM, key=len, reverse=True)))
# a Devanagari nukta, as anyascii writes it (an apostrophe): ज़ is z, फ़ f (see romanise)
_NUKTA_OF = {"j'": "z", "ph'": "f", "k'": "q", "g'": "gh"}
_NUKTA = re.compile("|".join(sorted(_NUKTA_OF, key=len, reverse=True)))
_TAMIL_CA, _TAMIL_SA = "\u0b9a", "\u0bb8"  # ச is ch in Chennai, s in ரோசாட்டம் (Rosatom)
# What the press writes for Tamil and Malayalam letters a transliteration reads otherwise:
# ழ and ഴ are zh (Vizhinjam, Kozhikode, Alappuzha; also l, as in Tamil), read as the j
# zh sounds; ഞ്ഞ and ஞ்ச are nj (വിഴിഞ്ഞം, விழிஞ்சம் = Vizhinjam)
_SOUTH_INDIAN_PRESS = {"\u0bb4": "\u091c", "\u0d34": "\u091c",
                       "\u0d1e\u0d4d\u0d1e": "\u0d1e\u0d4d\u0d1c",
                       "\u0b9e\u0bcd\u0b9a": "\u0b9e\u0bcd\u0b9c"}
_SOUTH_INDIAN = re.compile("|".join(_SOUTH_INDIAN_PRESS))
_HANGUL = re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")


def script(token: str) -> str:
    """The script a token is written in, as far as names care: arabic, hebrew,
    cyrillic, greek, armenian, kana, han, tamil, devanagari (India's other scripts too),
    hangul or other (Latin and the rest)."""
    first = token[:1]
    for name, pattern in _SCRIPTS:
        if pattern.match(first):
            return name
    return "other"


_SCRIPTS = (
    ("arabic", _ARABIC), ("hebrew", _HEBREW), ("cyrillic", _CYRILLIC), ("greek", _GREEK),
    ("armenian", _ARMENIAN),
    ("kana", _KANA), ("han", _HAN), ("tamil", _TAMIL), ("thai", _THAI),
    ("devanagari", _DEVANAGARI),
    ("hangul", _HANGUL),
)

# Scripts that leave out vowels: their words start with a consonant letter even when a
# y or w stands first (يوسف, وليد).
_ABJAD = frozenset({"arabic", "hebrew"})

# Attached Arabic-script prefixes: conjunctions and prepositions, with or without the
# article. Longest first; each stripped form is an alternative, never a replacement.
ARABIC_PREFIXES = (
    "وبال", "وكال", "ولل", "فال", "وال", "بال", "كال", "لل", "وب", "ول", "وك", "فب",
    "فل", "ال", "و", "ب", "ل", "ك", "ف",
)
ARABIC_ARTICLE = "ال"
# Hebrew writes and, the, in, to, from, that and as against the next word (ובאיקר, באינטל,
# לאינטל, שהאינטל): each stripped form is an alternative too.
# (The article ה is left out: it is rarely written before a foreign name, and הבוקר, the
# morning, would be Baykar.)
HEBREW_PREFIXES = ("וב", "ול", "ומ", "ו", "ב", "ל", "מ", "ש", "כ")
_HEBREW_REST = 4  # letters a name must keep without its prefix (בפרק is not Park)
# Cyrillic case endings (and the adjectival ones names take), longest first.
_CYRILLIC_ENDINGS = (
    "ами", "ями", "ому", "ему", "ого", "его", "ові", "еві", "ой", "ей", "ом", "ем", "ов",
    "ев", "ам", "ям", "ах", "ях", "ую", "юю", "ым", "им", "ою", "ая", "яя", "ое", "ее", "ые",
    "ие", "ый", "ий", "ои", "еи", "ыи", "ии", "ів", "іи", "єю", "ею", "єм", "а", "я", "у",
    "ю", "е", "ы", "и", "і", "о",  # й folds to и; Ukrainian і, and -о (Зайченко, Зайченка;
    # Дніпро, Дніпрі); Ukrainian instrumentals: Лівією, Польщею, Китаєм
)
# Greek case endings, folded (no accents, final sigma as σ), longest first: Πειραιάς,
# Πειραιά, Πειραιώς; Κερατσίνι, Κερατσινίου; Μητσοτάκης, Μητσοτάκη.
_GREEK_ENDINGS = ("ατοσ", "ατων", "ατα", "ιου", "ιων", "ουσ", "ου", "ων", "οσ", "ασ", "ησ",
                  "εσ", "ισ", "οι", "ια", "α", "η", "ο", "ι", "σ")  # and Πέραμα, Περάματος
# Armenian case endings and articles (Ստեփանակերտում, Ստեփանակերտից, Ստեփանակերտի;
# Վարդանյանը), with the glide յ after a final vowel (Մոսկվայում, in Moscow): not -ն,
# which ends names (Երևան, Լիդիան), nor -ու (Բաքու).
_ARMENIAN_ENDINGS = ("յում", "յից", "յով", "յին", "յի", "ում", "ից", "ով", "ին", "ի", "ը")
# Scripts whose endings follow a name's final vowel, never replace it (Տարայի, of Tara):
# a stem of theirs is no name less its vowel (տարի, of the year, is no Tara)
_ENDING_AFTER_VOWEL = frozenset({"armenian"})
# and whose names end in what looks like an ending (Պուտին, Putin; Նաիրի): a name word
# is read without it only where this much more is left (Պուտ would find Путь, a way)
_LONGER_STEM = {"armenian": 1}
_CASE_ENDINGS = {"cyrillic": _CYRILLIC_ENDINGS, "greek": _GREEK_ENDINGS,
                 "armenian": _ARMENIAN_ENDINGS}
# Endings that are one only after these letters: Ukrainian writes -ею after a hushing
# consonant (Польщею) and -єю, -єм after a vowel (Лівією, Китаєм); after another letter
# they end Russian verbs (сумею, I'll manage, is no Суми; владею no Влада)
_UKRAINIAN_VOWELS = frozenset("аеиіїоуюяє")
_ENDING_AFTER = {"ею": frozenset("жчшщц"), "єю": _UKRAINIAN_VOWELS, "єм": _UKRAINIAN_VOWELS}
_MIN_STEM = 2
# Case endings Slavic languages written in Latin letters put on a foreign name: after a
# final consonant (Boeinga, Boeingowi, Boeingów folded to boeingow, Czech v Dukovanech),
# and in place of a final -a (Tesli, Tesly, Teslę folded to tesle, Teslu, Teslou, w
# Ukrainie), -o (w Choczewie, Choczewem) or -e (na Pomorzu). English words end in -y, -i,
# -e after a consonant (bakery, Israeli, Greene) and Romance ones swap -o for -a, -e, -i
# (Porto, porta, porte; Bruno, Bruni): none of those is taken as an ending.
_AFTER_CONSONANT = ("owi", "ovi", "iem", "ach", "ech", "ami", "ow", "em", "ie", "ou", "a",
                    "u")
# -ie and -em after a consonant (w Segedynie, z Bechtelem) only on a name this long:
# French writes countries so (Tunisie, Algérie for Tunis, Alger), German adjectives
# (kleinem, starkem for Klein, Stark)
_LOCATIVE_NAME = 6
_LONG_ENDINGS = frozenset({"ie", "em"})
# A plural name in -y or -e takes the plural's endings (v Dukovanech = Dukovany, w
# Gliwicach = Gliwice; a short one, Tatry, only as spelled).
_FOR_FINAL_VOWEL = {"a": ("ou", "ie", "i", "y", "e", "u"), "o": ("ie", "em"),
                    "e": ("u", "ach", "ami"), "y": ("ech", "ach", "ami")}
_LATIN_ENDINGS = tuple(dict.fromkeys(
    (*_AFTER_CONSONANT, *(e for endings in _FOR_FINAL_VOWEL.values() for e in endings))))
_LATIN_NAME = 5  # letters a name needs to be found with a case ending (not Post, Karl)
# Endings Hungarian and Finnish write against a whole foreign name, whatever its last
# letter (Debrecenben, Teslának, folded teslanak; Fennovoimassa), taken off a word only
# where it is no word of a Latin-letter language (Spanish costará, German Herzogin and
# Contessa end so): not -on, -en, -n or -a, which end too many names (Williamson,
# Andersen, Korean), nor -ig (kräftig, steinig)
_AGGLUTINATED = ("ban", "ben", "ba", "be", "bol", "rol", "tol", "ra", "re", "nak", "nek",
                 "val", "vel", "hoz", "hez", "nal", "nel", "ert", "kent",
                 "ssa", "sta", "lla", "lta", "lle", "ksi")
# and Finnish's after a final consonant, with the i it links them by (Rosatomin,
# Northvoltissa)
_LINKED = ("in", "issa", "ista", "illa", "ilta", "ille", "iksi", "iin")
# Of those, the ones that show a name the seed also writes in another case to be
# declined (Bechtelem beside Bechtela); -a, -u, -ie end nominatives too (Lubiatowa).
_ONLY_CASE_ENDINGS = ("owi", "ovi", "iem", "ach", "ami", "em")
_MIN_NAME_STEM = 4  # a name word is also indexed by its stem when this much is left


def _ends_in(word: str, ending: str) -> bool:
    """Whether a folded word ends in a case ending, where that ending may follow what is
    before it (see _ENDING_AFTER)."""
    if not word.endswith(ending):
        return False
    after = _ENDING_AFTER.get(ending)
    return after is None or word[-len(ending) - 1 : -len(ending)] in after


def case_stem(word: str) -> str:
    """A folded Cyrillic or Greek word without its longest case ending (Пекине, Газпрома
    -> пекин, газпром; Πειραιώς -> πειραι), when enough of it is left; any other word as
    it is."""
    for ending in _CASE_ENDINGS.get(script(word), ()):
        if _ends_in(word, ending) and len(word) - len(ending) >= _MIN_NAME_STEM - 1:
            return word[: -len(ending)]
    return word


def latin_case_stems(word: str) -> dict[str, str]:
    """A folded Latin word without each Slavic case ending it may carry, when a name's
    length is left: stem -> the ending (Bechtelem -> bechtel: em; Tesli -> tesl: i)."""
    return {word[: -len(e)]: e for e in _LATIN_ENDINGS
            if word.endswith(e) and len(word) - len(e) >= _LATIN_NAME - 1
            and (e not in _LONG_ENDINGS or len(word) - len(e) >= _LOCATIVE_NAME - 1)}


def agglutinated_stems(word: str) -> dict[str, str]:
    """A folded Latin word without each Hungarian or Finnish ending it may carry after a
    whole name of a name's length: stem -> the ending (Debrecenben -> debrecen: ben);
    none for a word of some Latin-letter language (costara, herzogin, interval)."""
    stems = {word[: -len(e)]: e for e in (*_AGGLUTINATED, *_LINKED)
             if word.endswith(e) and len(word) - len(e) >= _LATIN_NAME}
    if stems and (_any_language_word(word) or _accented_word(word)):
        return {}
    return stems


def nominative(word: str) -> str | None:
    """A declined Latin name word without its instrumental, dative or plural ending
    (Bechtelem, Boeingowi -> Bechtel, Boeing): the name as the press abroad writes it;
    None when the word has no such ending. Only for a name the seed declines (Murakami
    and Betlejem end so as they are)."""
    for ending in _ONLY_CASE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _LATIN_NAME:
            return word[: -len(ending)]
    return None


# A Slavic place adjective (Запорізька АЕС, Херсонская область): its suffix, what the
# place's name has in the suffix's place (Запоріжжя gives Запорізька, Прага Празька,
# Кременчук Кременчуцька, Курск Курская; Ukrainian Курська is Курськ with a case
# ending already), and its endings; not the masculine -ий, which is mostly a surname's
# (Вишневський is no вишнева, cherry-red)
_PLACE_ADJECTIVE = re.compile(
    "^(.+?)(зьк|ськ|цьк|жск|ск|цк)(ая|ій|ой|ое|ую|ого|ому|ім|им|ом|их|ие|ими|ої|ою|а|е|у"
    "|і|и|о)$")
PLACE_NOUN_CONSONANTS = 4
_NOUN_ENDS = {"зьк": ("з", "ж", "г"), "ськ": ("",), "цьк": ("ц", "ч", "к"),
              "жск": ("ж", "г"), "ск": ("", "ск"), "цк": ("ц", "ч", "к", "цк")}
# The scripts a Ukrainian or Russian place's other spellings are looked for in (a place
# adjective's place, Russian -ов for -ів): the Latin press and the other Cyrillic
# language (Zaporizhzhia, Запоріжжя); kana, Korean, Chinese and abjad words are too
# often a guessed place's sound (ドーナツ for Донецкая, پرسید, asked, for Персидская)
_LATIN_CYRILLIC = frozenset({"other", "cyrillic"})


def place_nouns(word: str) -> list[str]:
    """The place names a folded Cyrillic place adjective may be made from (Запорізька ->
    запоріжжя among others, херсонская -> херсон): the press abroad writes the place
    (Zaporizhzhia, Saporischschja, Kherson) where Ukrainian and Russian write the
    adjective. Each ends in a consonant or a vowel, as the place may; only a stem of
    PLACE_NOUN_CONSONANTS or more, since a shorter one guessed at is some other word
    (донек of Донецкая is 동기 in Korean)."""
    found = _PLACE_ADJECTIVE.match(word) if script(word) == "cyrillic" else None
    if found is None:
        return []
    base, suffix = found.group(1), found.group(2)
    nouns = []
    for end in _NOUN_ENDS[suffix]:
        noun = base + end
        if len(sound(romanise(noun, "cyrillic"), "cyrillic").consonants) >= PLACE_NOUN_CONSONANTS:
            nouns += [noun, noun + "а", noun + "я"]
    return nouns


def place_noun_readings(word: str) -> list[Form]:
    """The readings of the places a place adjective may be made from (see place_nouns),
    against Latin and Cyrillic text only."""
    return [scoped for noun in place_nouns(word) for form in name_readings(noun)
            if (scoped := _within(form, _LATIN_CYRILLIC)) is not None]


def _within(form: Form, scripts: frozenset[str]) -> Form | None:
    """A reading kept to some scripts, and to those it was already kept to (a reading for
    kana stays kana's); None when none are left."""
    only = form.sound.only & scripts if form.sound.only else scripts
    return _scoped(form.roman, form.sound, form.stem, only) if only else None


def case_stems(word: str) -> list[str]:
    """A Cyrillic, Greek or Armenian name word without each case ending it may carry
    (long words only)."""
    kind = script(word)
    endings = _CASE_ENDINGS.get(kind, ())
    return [word[: -len(e)] for e in endings
            if _ends_in(word, e) and len(word) - len(e) >= _MIN_NAME_STEM
            + _LONGER_STEM.get(kind, 0)]
# The Korean words for group, motor (car), electronics, heavy industries and the like
# that end a company's name written as one word (현대차그룹, 미쓰비시중공업): the press
# elsewhere names the company without them.
HANGUL_ORG_WORDS = ("그룹", "자동차", "차", "전자", "중공업", "건설", "화학", "물산", "상사",
                    "제철", "철강", "에너지", "은행", "증권", "생명", "통신", "홀딩스")
# Korean particles written against the word before them (현대차가, 조지아주에서, 공장의).
HANGUL_PARTICLES = ("에서는", "에서", "에게", "으로", "까지", "부터", "과의", "와의", "이다",
                     "이라는", "라는", "이라고", "라고",  # quoting: 테슬라라는, "called Tesla"
                     "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "로", "도", "만")

# The quoting particles ("called X") follow a word ending in a vowel (테슬라라는, 라는) or in a
# consonant (삼성이라는, 이라는): 테슬라는 is 테슬라 with 는, not 테슬 with 라는
_QUOTING = {"라는": False, "라고": False, "이라는": True, "이라고": True}


_FIRST_SYLLABLE, _SYLLABLES, _FINALS = 0xAC00, 11172, 28  # Unicode's Hangul syllables


def particle_fits(word: str, particle: str) -> bool:
    """Whether a Korean particle may end the word (see _QUOTING); the others always may."""
    if particle not in _QUOTING:
        return True
    if len(word) <= len(particle):
        return False
    syllable = ord(word[-len(particle) - 1]) - _FIRST_SYLLABLE
    # a syllable's final consonant (its batchim) is its place among the 28 finals
    return 0 <= syllable < _SYLLABLES and (syllable % _FINALS != 0) == _QUOTING[particle]


# Hebrew letters as they are read in names (anyascii reads them as in words): bet is b
# (בנימין), vav a vowel or w like Arabic waw (טושיבה = Toshiba), shin sh, kaf k (כהן =
# Cohen), pe p, het kh (חיים = Chaim).
_HEBREW_NAME_LETTERS = {"ב": "b", "ו": "w", "ש": "sh", "כ": "k", "ך": "k", "פ": "p",
                        "ח": "kh", "ג׳": "j", "ז׳": "zh", "צ׳": "ch", "ץ׳": "ch", "׳": ""}
# A Hebrew letter with its geresh is one sound (ג׳ = j); every other character is one.
_ABJAD_UNITS = re.compile("[גזצץ]׳|.")
_HEBREW_DIPHTHONG = re.compile("(?<=[\u05d0-\u05ea])יי(?=[\u05d0-\u05ea])(?![אהוי])")


# श ष (Bengali শ ষ) are sh in the press; Bengali writes a w after a consonant as its ba
# (ঈশ্বরদী = Ishwardi, বিশ্বাস = Biswas)
_DEVANAGARI_SH = str.maketrans({"श": "sh", "ष": "sh", "শ": "sh", "ষ": "sh"})
_BENGALI_W = re.compile("\u09cd\u09ac(?![\u09be-\u09cc])")  # before no vowel sign: wa
_BENGALI_OY = re.compile("\u0993\u09af\u09bc([\u09be-\u09cc])?")  # ও য়, and its vowel sign
# What Bengali writes against a name (রোসাটমের, of Rosatom; ঈশ্বরদীতে, in Ishwardi):
# case endings and the plural, longest first
BENGALI_SUFFIXES = ("গুলোর", "গুলো", "দের", "য়ের", "েরা", "ের", "তে", "কে", "রা", "য়", "র", "ে")
BENGALI_LETTERS = re.compile("[\u0980-\u09ff]")
_ANUSVARA_LABIAL = re.compile("\u0902(?=[पफबभम])")
_ANUSVARA = re.compile("\u0902")

# Tamil case endings written against a name, each from the vowel sign it starts with
# (புடினுக்கு, to Putin; ரஷ்யாவிலிருந்து, from Russia; கூடங்குளத்தில், in Kudankulam),
# longest first. After a name's final consonant they take its pulli's place; a name that
# ends in a vowel takes the glide வ or ய before them; one in -ம் takes த்த in its place.
TAMIL_CASES = ("ிடமிருந்து", "ிலிருந்து", "ிலுள்ள", "ுக்கான", "ுக்கு", "ிற்கு", "ுடைய",
               "ுடன்", "ிடம்", "ில்", "ின்", "ால்", "ோடு", "ை")
_TAMIL_PULLI = "\u0bcd"
_TAMIL_VOWEL_SIGNS = frozenset("\u0bbe\u0bbf\u0bc0\u0bc1\u0bc2\u0bc6\u0bc7\u0bc8\u0bca\u0bcb\u0bcc")
_TAMIL_GLIDES = ("வ", "ய")
_TAMIL_OBLIQUE = "த்த"  # for a final ம் (கூடங்குளம், கூடங்குளத்தை)
_TAMIL_DATIVE = "க்கு"  # after a final ை or ி, with no vowel sign of its own (உலைக்கு)
_TAMIL_NAME = 3  # characters a Tamil word keeps without its ending (உலை, a reactor)


def tamil_nominatives(word: str, marked: bool = False) -> list[str]:
    """The forms a Tamil word has without each case ending it may carry (கூடங்குளத்தில் ->
    கூடங்குளம், ரஷ்யாவிலிருந்து -> ரஷ்யா, புடினுக்கு -> புடின்): the name as a rule
    writes it, and the word a word list knows. `marked`: only where the word shows the
    ending by more than its letters (த்த for -ம், a glide, a doubled consonant, the dative
    க்கு), since a name may end as an ending does after its last consonant (புடின், Putin,
    is no புட் with ின்; ஸ்டாலின், Stalin)."""
    if not _TAMIL.match(word):
        return []
    out = []
    for case in TAMIL_CASES:
        head = word[: -len(case)]
        if not word.endswith(case) or not head or head[-1] in _TAMIL_VOWEL_SIGNS:
            continue
        if head.endswith(_TAMIL_OBLIQUE):
            out.append(head[: -len(_TAMIL_OBLIQUE)] + "ம" + _TAMIL_PULLI)
        if head[-2:-1] == _TAMIL_PULLI and head[-3:-2] == head[-1]:
            out.append(head[:-1])  # a final consonant doubled (குஜராத்தில், in Gujarat)
        elif head.endswith(_TAMIL_GLIDES) and head[-2:-1] in _TAMIL_VOWEL_SIGNS:
            out.append(head[:-1])
        elif not marked:
            out.append(head + _TAMIL_PULLI)
    if word.endswith(_TAMIL_DATIVE) and word[-len(_TAMIL_DATIVE) - 1:-len(_TAMIL_DATIVE)] \
            in ("\u0bc8", "\u0bbf"):
        out.append(word[: -len(_TAMIL_DATIVE)])
    return [w for w in dict.fromkeys(out) if len(w) >= _TAMIL_NAME]



def _romanise_abjad(token: str) -> str:
    # Alef and ain stand for vowels in names (Ahmed = احمد, Omar = عمر, Hebrew א ע too);
    # a final heh (teh marbuta after folding) is the ending -a (Fatima = فاطمة). Letters
    # are romanised one by one, "-" between them, so two letters never read as one
    # sound (تهران is t-h-r-a-n, not th-r-a-n).
    if token.endswith("ييه") and len(token) > 4:
        token = token[:-2]  # French -ier, -ié (بومباردييه = Bombardier, ديدييه = Didier)
    if token.endswith(("ه", "ה")) and len(token) > 2:
        token = token[:-1] + ("ا" if token[-1] == "ه" else "א")
    letters = [
        "i" if char == "إ" else "a" if char in "اعאע" else _HEBREW_NAME_LETTERS.get(char)
        or anyascii(char).lower()
        for char in _ABJAD_UNITS.findall(token)
    ]
    text = "-".join(letter for letter in letters if letter)
    # A doubled yeh or waw is a consonant and a long vowel: لوديي = Loudiyi; تش is how
    # Arabic writes ch (كراتشي = Karachi).
    return text.replace("y-y", "y-i").replace("w-w", "w-u").replace("t-sh", "ch")


@lru_cache(maxsize=65536)
def han_syllables(token: str) -> tuple[str, ...]:
    """The pinyin syllables of a run of Chinese characters, lower-case, without tones
    (remembered: a run is read for its romanised form and for its pinyin as written)."""
    return tuple(s.lower() for s in re.findall("[A-Z][a-z]*", anyascii(token)))


# pinyin's i between a syllable's initial and its vowel is a glide: qian is chyen, and
# Chinese writes a foreign chan so (钱凯 = Chancay): a Chinese name is also read without
# it, against other scripts only (a Chinese text word so read made 播电 of 广播电台,
# radio station, Буданов)
_I_GLIDE = re.compile("(?<=[^aeiou])i(?=[aeo])")


def _glideless(token: str) -> str:
    """A run of Chinese characters romanised without each syllable's glide i (see
    _I_GLIDE)."""
    return "".join(_I_GLIDE.sub("", _romanise_han(char)) for char in token)


# pinyin's u between a syllable's initial and its vowel (瓜 gua, 国 guo; not üe, 学 xue)
_U_GLIDE = re.compile("^([^aeiouy]+)u(?=[aoi])")


def _w_glided(token: str) -> str:
    """A run of Chinese characters romanised with each syllable's glide u as the w the
    Latin press writes (瓜达尔 = gwadaer = Gwadar), against other scripts only."""
    return "".join(_U_GLIDE.sub(r"\1w", _romanise_han(char)) for char in token)


def _romanise_han(token: str) -> str:
    # anyascii gives pinyin with a capital per syllable; read its initials as an
    # English-speaking press writes them (Qi = chi, Xi = shi, Zh = j, C = ts), and a
    # syllable's final -ng as the n a transliteration stands for (芒 mang = man).
    return "".join(map(_said_pinyin, han_syllables(token)))


def _said_pinyin(syllable: str) -> str:
    """A pinyin syllable as romanise() reads Chinese (see _romanise_han)."""
    syllable = _said_pinyin_initial(syllable)
    if syllable.endswith("ng") and len(syllable) > 2:
        syllable = syllable[:-1]
    return syllable


def _said_pinyin_initial(syllable: str, zh: str = "j") -> str:
    """A pinyin syllable with its initial as other scripts write it (zh as j, q as ch, x
    as sh, c as ts)."""
    for initial, sound in (("zh", zh), ("q", "ch"), ("x", "sh"), ("c", "ts")):
        if syllable.startswith(initial):
            return sound + syllable[len(initial):]
    return syllable


_SMALL_VOWELS = {c: v for v, cs in (("a", "ァぁ"), ("i", "ィぃ"), ("u", "ゥぅ"), ("e", "ェぇ"),
                                      ("o", "ォぉ")) for c in cs}
_SMALL_Y = {c: v for v, cs in (("a", "ャゃ"), ("u", "ュゅ"), ("o", "ョょ")) for c in cs}


def _romanise_kana(token: str) -> str:
    # A small tsu doubles the next consonant (モロッコ = morokko = Morocco); kana has no
    # "yi": ディイ is "diyi". A small vowel takes the place of the one before it (ファ =
    # fa, ティ = ti, ウォ = wo, ジェ = je), a small ya/yu/yo joins the consonant before it
    # (キャ = kya, シュ = shu, チャ = cha).
    out = ""
    for char in token.replace("ッ", "").replace("っ", ""):
        if char in _SMALL_VOWELS and out[-1:] in _VOWELS:
            lone_u = out[-1] == "u" and (len(out) == 1 or out[-2] in _VOWELS)
            out = out[:-1] + ("w" if lone_u else "") + _SMALL_VOWELS[char]  # ウォ = wo
            continue
        if char in _SMALL_Y and out.endswith("i") and len(out) >= 2:
            stem = out[:-1]
            out = stem + ("" if stem.endswith(("sh", "ch", "j")) else "y") + _SMALL_Y[char]
            continue
        out += anyascii(char).lower()
    return out.replace("ii", "iyi")


_NOT_LETTER = re.compile("[^a-z0-9-]")
_CYRILLIC_Y = re.compile("(?<=[aeiou])i(?=[aeiou])")


def romanise(token: str, kind: str | None = None) -> str:
    """A folded token in lower-case ASCII letters and digits, as the press would spell it
    ("-" between letters of an abjad, which sound() reads apart and then drops)."""
    kind = kind or script(token)
    token = unicodedata.normalize("NFC", token)  # folding leaves kana's voicing marks apart
    if kind in _ABJAD:
        text = _romanise_abjad(token)
    elif kind == "han":
        text = _romanise_han(token)
    elif kind == "kana":
        text = _romanise_kana(token)
    elif kind == "thai":
        text = thai.romanised(token)
    else:
        if kind in _INDIC:  # श and ष are sh in the press (तोशिबा = Toshiba)
            token = _AYTHAM_RE.sub(lambda m: _AYTHAM[m.group()], token)
            token = _FINAL_ANUSVARA_M.sub("\u092e\u094d", token)
            token = token.translate(_TO_DEVANAGARI).translate(_DEVANAGARI_SH)
            # the anusvara is the nasal of the consonant after it: m before p, b, m,
            # else n (इंटेल = Intel, हिंदी = Hindi)
            token = _ANUSVARA.sub("न्", _ANUSVARA_LABIAL.sub("म्", token))
            token = _BENGALI_W.sub("wa", token).replace("\u09cd\u09ac", "w")
            # Bengali writes w as ও and য় (ওয়াশিংটন = Washington, তাইওয়ান = Taiwan,
            # মাওয়া = Mawa), and its anusvara is ng (বাংলা = Bangla), which anyascii writes m
            token = _BENGALI_OY.sub(lambda m: "w" + (m.group(1) or "a"), token)
            token = token.replace("\u0982", "ng")
        text = anyascii(token).lower()
        if kind == "greek":
            text = text.replace("ch", "kh")
        elif kind == "cyrillic":
            # Folding reads й as и: "ии" is "ий" (Лудийи, Дмитрий).
            text = text.replace("ii", "iy")
            # and и between vowels was й (Тойота = toyota)
            text = _CYRILLIC_Y.sub("y", text)
        elif kind == "armenian":
            text = text.replace("ow", "u")  # ու is u (Ռուբեն = Ruben, Ջերմուկ = Jermuk)
        elif kind == "hangul":
            # ㅅ before a y-vowel (샤, 셰, 쇼, 슈) is how Korean writes sh (샤프 = Sharp,
            # 셰브론 = Chevron, 바르샤바 = Warszawa), romanised sy
            text = _HANGUL_SY.sub("sh", text)
        elif kind in _INDIC:
            text = re.sub("c(?!h)", "ch", text)  # च is c in anyascii, ch in the press
            # a nukta (anyascii's ') makes the letter the sound of a foreign one: ज़ is z
            # (गैज़प्रोम = Gazprom), फ़ f; ड़ stays d, as the press spells it (ଓଡ଼ିଶା = Odisha)
            text = _NUKTA.sub(lambda m: _NUKTA_OF[m.group()], text)
    return _NOT_LETTER.sub("", text)


_HANGUL_SY = re.compile("sy(?=[aeiou])")


# German writes ch (as in church) tsch: Tschabahar, Tschernobyl, Tschad
# and щ schtsch, as French writes it (after its ch is read sh) shtch
_SOUNDS = re.compile(
    "schtsch|shtch|shch|tsch|sch|tch|tsh|dzh|dj|ch|sh|zh|kh|gh|dh|th|ph|ck|q|c|x|v")
_SOUND_OF = {
    "schtsch": "S", "shtch": "S", "shch": "S", "tsch": "C", "sch": "S", "tch": "C",
    "tsh": "C", "dzh": "j", "dj": "j",
    "ch": "C", "sh": "S", "zh": "j", "kh": "h", "gh": "g", "dh": "z", "th": "t", "ph": "f",
    "ck": "k", "q": "k", "c": "k", "x": "ks", "v": "w",
}
_DOUBLED = re.compile(r"(.)\1+")
_NASAL_BEFORE_LABIAL = re.compile("n(?=[bp])")
_LATIN_CH = re.compile("(?<!s)ch(?=[lrnmt])")
# A vowel before a y that is a consonant is the same sound: Loudiyi = Loudyi = Loudayi,
# Sayed = Syed.
_BEFORE_Y = re.compile("(?<=[^aeiouy])[aeiou]+(?=y[aeiou])")
_VOWELS = frozenset("aeiou")
# Letters a script cannot tell apart: kana and Chinese have one sound for l and r,
# Arabic writes p as b (Pakistan = باكستان). The index merges them always; a pair of
# words only when one of them is written in such a script.
_MERGE_RL = str.maketrans("rS", "ls")
_MERGE_PB = str.maketrans("pjz", "bgs")
# Korean writes a foreign t, k, p at a word's start with the letters it romanises d, g,
# b (도요타 = Toyota, 도쿄 = Tokyo), and its own names' d, g, b sound as t, k, p there.
_MERGE_VOICE = str.maketrans("dgb", "tkp")
_VOICED = frozenset({"hangul", "tamil"})  # and Tamil writes no voiced stops apart
# Kana and Korean have no v: they write it as b (서배너 = Savannah, ベトナム = Vietnam).
_MERGE_VB = str.maketrans("w", "b")
_NO_V = frozenset({"kana", "hangul"})
# Korean has no f: it writes it as p (포모사 = Formosa, 필리핀 = Philippines).
_MERGE_FP = str.maketrans("f", "p")
_NO_F = frozenset({"hangul", "thai"})  # and the ph by which Thai is romanised (Chumphon)
_THAI_ASPIRATED = re.compile("([kpt])h")
# The index key merges all of these, so that any pair may be found and then checked.
_KEY_MERGE = str.maketrans("dgwf", "tkbb")
# Kana, Chinese and Korean: one sound for l and r, and shi/xi write the name's si
# (シ and 西 are how they write a foreign si).
_ONE_LR = frozenset({"kana", "han", "hangul"})
# Arabic writes p as b, g as ج (جوجل = Google), an English final s as ز.
_NO_P = frozenset({"arabic"})
# Scripts that write every vowel: their inner vowels are compared too (loosely).
_FULL = frozenset({"other", "cyrillic", "greek", "armenian"})
_LOOSE = _FULL | {"arabic", "hebrew"}  # a name's short words found beside its long ones
# scripts that write a word's vowels, alphabets and India's (அணு உலை, anu ulai): a name in
# one is an everyday Latin word only with its vowels (see EVERYDAY_LATIN_ZIPF)
_VOWELLED = _FULL | _INDIC
# scripts without capitals: the Latin press writes a name of theirs with one, so a common
# Latin word in lower case is that word (until, not אינטל; different, not 메타플랜트)
_UNCASED = _INDIC | {"arabic", "hebrew", "kana", "han", "hangul", "thai"}
LOOSE_COMMON_ZIPF = 4.0  # a word this common is itself, not a name's short word loosely
# Vowel classes; a class matches itself and its neighbours (a~e, e~i, o~u).
_CLASS = {"a": "A", "e": "E", "i": "I", "o": "O", "u": "U", "y": "I", "w": "U"}
# j, ch and sh as sound() writes them: pinyin's j, q and x as romanise() reads them
_PALATALS = frozenset(_SOUND_OF[letters] for letters in ("zh", "ch", "sh"))
_SPECIAL_RUNS = {"ou": "U", "ai": "E", "ei": "E", "ay": "E", "ey": "E", "au": "O",
                 "aw": "O", "ie": "I", "ea": "I", "ui": "I"}
_NEIGHBOURS = frozenset({("A", "E"), ("E", "A"), ("E", "I"), ("I", "E"), ("O", "U"),
                         ("U", "O")})
MEDIUM_CONSONANTS = 4  # up to this many, inner vowels (when both write them) count


@dataclass(frozen=True)
class Sound:
    """A romanised word by sound: its consonants, the vowel class before, between and
    after them ("" where there is none), and its script."""

    consonants: str
    vowels: tuple[str, ...]
    kind: str
    # a reading made for some scripts only (a name without the r kana leaves out,
    # Energies = エナジーズ; Russian си as shi): compared with words in those scripts alone
    only: frozenset[str] = frozenset()
    # for kana and Korean, whether each vowel place holds a vowel of the name's own, not
    # the one these scripts add after a consonant (ス, 스: s); elsewhere, any vowel
    said: tuple[bool, ...] = field(default=(), compare=False)
    # a Chinese word's pinyin, read whole: Chinese against Chinese compares its syllables
    # ("" for other words, and for a Chinese one read without the vowel it adds)
    spelled: str = field(default="", compare=False)

    @property
    def key(self) -> str:
        """The index key: consonants with every merge, and a mark for a vowel at the
        start and at the end (the vowels in between are left out)."""
        body = self.consonants.translate(_MERGE_RL).translate(_MERGE_PB).translate(_KEY_MERGE)
        return ("V" if self.vowels[0] else "") + body + ("V" if self.vowels[-1] else "")


def _vowel_class(run: str, kind: str = "other", before: str = "") -> str:
    if not run:
        return ""
    if kind == "greek" and run.startswith("ei"):
        return "I"  # Greek ει is i, though romanised ei (Πειραιάς is Pireas, not Paris)
    if len(run) > 1 and run[1] in _VOWELS and (
            (kind == "han" and run[0] == "u" and run[1] != "e")
            or (run[0] == "i" and before in _PALATALS)):
        # pinyin's u before a syllable's vowel is a glide (瓜 gua; not before e, which
        # is two syllables' vowels: 鲁普尔, lu-pu-er = Руппур), and so is its i after
        # j, q and x (恰 qia): the vowel a transliteration stands for is the one after
        # (瓜达尔 = Gwadar, 恰巴哈尔 = Chabahar); after other initials the i is said (电
        # dian: 播电 of 广播电台, radio station, is no Буданов). An i after j, ch or sh
        # is read so in every script, so that a Latin name spelled in pinyin is its
        # characters (Jianguo = 建国) and Zaporizhzhia reads as Запоріжжя does
        return _vowel_class(run[1:], kind)
    return _SPECIAL_RUNS.get(run[:2], _CLASS[run[0]])


def sound(roman: str, kind: str = "other") -> Sound:
    """The sound of a romanised word: letters folded by sound (kh = h, sh, ch, q = k,
    v = w, …), doubled letters once, y and w consonants before a vowel and vowels
    elsewhere (Yusuf, Loudiyi, Walid; Lloyd), a first y or w in an abjad a consonant."""
    text = _DOUBLED.sub(r"\1", roman)  # a doubled x is one ks
    if kind == "other":
        # Polish cz is ch; ch before a consonant is k (Christ, Chrysler)
        text = _LATIN_CH.sub("k", text.replace("cz", "ch"))
        # English ngh after a letter is ng and h (Westinghouse, Birmingham, Singh), not gh
        text = _LATIN_NGH.sub("n\0h", text)
    text = _SOUNDS.sub(lambda m: _SOUND_OF[m.group()], text).replace("-", "")
    text = text.replace("\0", "g")
    text = _DOUBLED.sub(r"\1", text)
    if len(text) > 2 and text[-1] == "h" and text[-2] in _VOWELS:
        text = text[:-1]  # Fatimah = Fatima, Sarah = Sara
    text = _BEFORE_Y.sub("", text)
    text = _NASAL_BEFORE_LABIAL.sub("m", text)  # n before b, p is m (ボンバ = Bomba)
    consonants: list[str] = []
    vowels: list[str] = []
    said: list[bool] = []
    run = ""
    for index, char in enumerate(text):
        vowel = char in _VOWELS
        if char in "yw":
            following = text[index + 1 : index + 2]
            # in an abjad, y before the w that writes o/u is a consonant (كيوتو = Kyoto),
            # and a w between a y and the y that ends the word is one (ہیوی = heavy)
            vowel = not (
                following in _VOWELS
                or (kind in _ABJAD and (index == 0 or (
                    char == "y" and following == "w" and not _w_before_i(text, index + 1))
                    or (char == "w" and _w_before_i(text, index))))
                # w before a y said as a vowel (Janukowytsch, nowy): German and Polish v
                or (char == "w" and following == "y" and kind not in _ABJAD
                    and text[index + 2 : index + 3] not in _VOWELS)
            )
        if vowel:
            run += char
        else:
            vowels.append(_vowel_class(run, kind, consonants[-1] if consonants else ""))
            said.append(_said(run, consonants[-1] if consonants else "", kind))
            consonants.append(char)
            run = ""
    vowels.append(_vowel_class(run, kind, consonants[-1] if consonants else ""))
    said.append(_said(run, consonants[-1] if consonants else "", kind))
    return Sound("".join(consonants), tuple(vowels), kind, said=tuple(said))


def _w_before_i(text: str, at: int) -> bool:
    """Whether the w at this place of an abjad's romanised word stands between two y
    that write vowels, the second ending the word (ہیوی, heavy: a v between ē and i; not
    Mitsui's ميتسوي, nor Boeing's بوينغ, where the w writes a vowel)."""
    return at > 0 and text[at - 1 : at] == "y" and text[at + 1 :] == "y"


# The vowel kana and Korean add after a consonant of a foreign name (スタイル, 스타일 =
# style: su, seu), o after t and d (トラスト), i after ch, sh and j (マッチ = match), and
# any after an h, which they cannot write alone (アハメド = Ahmed, バッハ = Bach).
_SYLLABIC = frozenset({"kana", "hangul", "han"})
_ADDED = {"kana": ("u",), "hangul": ("eu", "u"), "han": ()}
_ADDED_AFTER = {"o": "td", "i": "SCj"}
# Chinese writes a foreign consonant alone as a syllable with i after s, z, c, sh, zh, ch
# and r (斯, 兹, 茨, 什), e after t, d, k, g and h (特, 德, 克, 格, 赫), u after f, b, p,
# m and w (夫, 布, 普, 姆): Tesla = 特斯拉, te-si-la.
_HAN_ADDED_AFTER = {"i": "szSCjr", "e": "tdkgh", "u": "fbpmw"}


def _said(run: str, before: str, kind: str) -> bool:
    """Whether a vowel place holds a vowel of the word's own (see Sound.said)."""
    if not run or kind not in _SYLLABIC:
        return bool(run)
    plain = _DOUBLED.sub(r"\1", run) if len(run) > 1 else run  # a long vowel (スー): one
    if plain in _ADDED[kind] or before == "h":
        return False
    added = _HAN_ADDED_AFTER if kind == "han" else _ADDED_AFTER
    return not (before and before in added.get(plain, ""))


def _final_written(syllabic: Sound, full: Sound) -> bool:
    """Kana and Korean end a foreign name that ends in a consonant with a vowel of their
    own (マスク, 머스크 = Musk), and one that ends in a vowel with that vowel (モスクワ,
    모스크바 = Moscow): their own final vowel is another word's final vowel only where it
    is the same vowel, or a Latin final e, which English leaves unsaid (ブレイク = Blake),
    or, in Korean, a near one."""
    if syllabic.kind not in _FOR_KANA_KOREAN or full.kind not in _FULL or \
            not syllabic.vowels[-1] or syllabic.said[-1] or not full.vowels[-1]:
        return True
    if syllabic.kind == "hangul" and (syllabic.vowels[-1], full.vowels[-1]) in _NEIGHBOURS:
        return True  # Korean's own u of a syllable (수, 주), which the press writes oo or
        # o: 김민수 = Kim Min-soo
    return full.vowels[-1] in (syllabic.vowels[-1], "E")


def _vowels_written(syllabic: Sound, full: Sound) -> bool:
    """Kana, Korean and Chinese write a vowel between two consonants only where a foreign
    name has one (besides the vowel they add): シアトル is Seattle, not style or story;
    策略, ce-lue, is not Tesla. Chinese picks a syllable whose vowel is the name's or a
    near one (西芒杜 = Simandou), so there a vowel of its own is also alike: 马斯克 (Musk,
    ma-si-ke) is not Moscow."""
    if syllabic.kind not in _SYLLABIC or full.kind not in _FULL or \
            len(syllabic.said) != len(full.said):
        return True
    han = syllabic.kind == "han"
    for i in range(1, len(full.said) - 1):
        if syllabic.said[i] and not full.said[i]:
            return False
        if han and syllabic.said[i] and syllabic.vowels[i] != full.vowels[i] \
                and (syllabic.vowels[i], full.vowels[i]) not in _NEIGHBOURS:
            return False
    return True


def key(roman: str, abjad: bool = False) -> tuple[str, int]:
    """The index key of a romanised word and its number of consonants."""
    found = sound(roman, "arabic" if abjad else "other")
    return found.key, len(found.consonants)


def _alike(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """Vowels in the same places, each the same class or a neighbour (a~e, e~i, o~u)."""
    return all(x == y or (x, y) in _NEIGHBOURS for x, y in zip(first, second, strict=True))


def _agree(name: Sound, word: Sound) -> bool:
    """Whether two words of at least SHORT_CONSONANTS + 1 consonants sound the same:
    the same consonants (letters merged only as far as the two scripts need) and vowels
    at the start and end; for medium names written in two vowel-writing scripts, inner
    vowels present in the same places and alike; for long ones, one consonant more,
    less or other."""
    if (name.only and word.kind not in name.only) or (word.only and name.kind not in word.only):
        return False
    if not (_vowels_written(name, word) and _vowels_written(word, name)
            and _final_written(name, word) and _final_written(word, name)):
        return False
    if name.kind == "han" and word.kind == "han":
        # Chinese against Chinese: the same syllables (瓜達爾 = 瓜达尔), not a near sound
        # (诸城, zhucheng, is not 之争, zhizheng, a dispute; 东芝, dongzhi, is not 冬季,
        # dongji, winter: pinyin's zh and j, its q and k are other sounds)
        return bool(name.spelled) and name.spelled == word.spelled
    a, b = name.consonants, word.consonants
    if name.kind in _ONE_LR or word.kind in _ONE_LR:
        a, b = a.translate(_MERGE_RL), b.translate(_MERGE_RL)
    if name.kind in _NO_P or word.kind in _NO_P:
        a, b = a.translate(_MERGE_PB), b.translate(_MERGE_PB)
    if name.kind in _NO_V or word.kind in _NO_V:
        a, b = _v_as_b(a, b, name.kind in _NO_V, word.kind in _NO_V)
    if name.kind in _NO_F or word.kind in _NO_F:
        a, b = a.translate(_MERGE_FP), b.translate(_MERGE_FP)
    if (name.kind in _VOICED or word.kind in _VOICED) and (
            "tamil" not in (name.kind, word.kind) or len(a) > MEDIUM_CONSONANTS):
        # (Tamil's only for a long name: படம், film, is no Batam)
        a, b = a.translate(_MERGE_VOICE), b.translate(_MERGE_VOICE)
    if bool(name.vowels[0]) != bool(word.vowels[0]):
        return False
    if bool(name.vowels[-1]) != bool(word.vowels[-1]):
        return False
    if a != b:
        a, b = _devoiced(a, name), _devoiced(b, word)
    if a == b:
        if len(a) <= MEDIUM_CONSONANTS and _INDIC & {name.kind, word.kind} \
                and not _signs_fit(name, word):
            return False
        if len(a) > MEDIUM_CONSONANTS or name.kind not in _FULL or word.kind not in _FULL:
            return True
        return _alike(name.vowels, word.vowels)
    if len(a) < LONG_CONSONANTS or len(b) < LONG_CONSONANTS - 1:
        return False
    if name.kind == "han" or word.kind == "han":
        # a run of Chinese characters reads as many syllables as it has: one consonant
        # more or less is another run (问题相关 is not Tsingshan)
        return False
    if name.kind == "hangul" and word.kind == "hangul":
        # Korean against Korean: spelled in the same syllables, a name is spelled alike;
        # one consonant other is another word (영풍, Young Poong, is not 영업, business)
        return False
    full = name.kind in _FULL and word.kind in _FULL
    if len(a) == len(b):
        # one consonant other; in two vowel-writing scripts, with alike vowels in the
        # same places (industries is not investors, Rawalpindi not revolviendo)
        if full and not _alike(name.vowels, word.vowels):
            return False
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if full and abs(sum(map(bool, name.vowels)) - sum(map(bool, word.vowels))) > 1:
        return False  # one consonant more or less, not a word of another shape
    if (name.kind in _ABJAD) != (word.kind in _ABJAD):
        # an abjad writes few vowels, so its consonants are all the word is: one more or
        # less across it is another word (Belucistan is not پاکستان, Pakistan)
        return False
    shorter, longer = sorted((a, b), key=len)
    return len(longer) - len(shorter) == 1 and any(
        longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer))
    )


def _v_as_b(first: str, second: str, first_syllabic: bool, second_syllabic: bool
            ) -> tuple[str, str]:
    """Two words' consonants with a v (w, as sound() writes it) read as the b kana and
    Korean write it (서배너 = Savannah, 폭스바겐 = Volkswagen), where one word is in those
    scripts: only where that word has a b. Their own w is a glide or ワ, a w (과다르 =
    Gwadar, ワシントン = Washington), never a b, which Korean then voices p (과다르 was
    "Capital"). Both in those scripts, or of other lengths: every w as b."""
    if first_syllabic == second_syllabic or len(first) != len(second):
        return first.translate(_MERGE_VB), second.translate(_MERGE_VB)
    syllabic, other = (first, second) if first_syllabic else (second, first)
    other = "".join("b" if mine == "w" and theirs == "b" else mine
                    for mine, theirs in zip(other, syllabic, strict=True))
    return (syllabic, other) if first_syllabic else (other, syllabic)


# A voiced consonant said before a voiceless one is said voiceless (Russian Газпром is
# gasprom, German Habsburg habsburk): kana and Korean write the sound (ガスプロム,
# 가스프롬), the Latin press the letters (Gazprom).
_DEVOICE = str.maketrans("zdgb", "stkp")
_VOICELESS = frozenset("ptkfsSCh")


def _devoiced(consonants: str, word: Sound) -> str:
    """The consonants with each voiced one that meets a voiceless one (no vowel of the
    word's own between) made voiceless."""
    said = word.said or tuple(map(bool, word.vowels))
    return "".join(
        char.translate(_DEVOICE)
        if i + 1 < len(consonants) and consonants[i + 1] in _VOICELESS and not said[i + 1]
        else char
        for i, char in enumerate(consonants))


# Vowel signs Devanagari writes, and the vowels they may be in another word (e and i,
# o and u are near, as between Latin words; a, which it also leaves unwritten, any).
_SIGN_FITS = {"E": "EI", "I": "EI", "O": "OU", "U": "OU"}


def _signs_fit(first: Sound, second: Sound) -> bool:
    """A word of at most MEDIUM_CONSONANTS consonants, one of the two in Devanagari:
    where a Devanagari word writes a vowel sign other than a between consonants and the
    other word has a vowel there, it is the same or a near one; Devanagari's a may be
    unwritten, so it says nothing (धोलेरा, Dholera, is not долларов, dollars)."""
    pairs: list[tuple[str, str]] = []  # (a Devanagari word's vowel, the other's there)
    for word, other in ((first, second), (second, first)):
        if word.kind in _INDIC:
            pairs += zip(word.vowels[1:-1], other.vowels[1:-1], strict=True)
    return all(not sign or not other or sign not in _SIGN_FITS or other in _SIGN_FITS[sign]
               for sign, other in pairs)


@dataclass(frozen=True)
class Form:
    """One way to read a word: its romanised form, sound, index key and consonant count;
    `stem` when a Cyrillic case ending was taken off (compared with a short name's stem
    only, and with longer names as any form)."""

    roman: str
    sound: Sound
    key: str
    consonants: int
    stem: bool = False
    ending: str = ""  # the Latin case ending taken off (Boeinga: a)
    # the letters a name must write for this reading of a Latin word to be it (kh for a
    # German ch read so; several apart by spaces): "" for any name
    needs: str = ""


def _forms_of(word: str, kind: str, stem: bool = False) -> Form:
    # A word with nothing to romanise (no table for its letters) compares as itself.
    spelled = romanise(word, kind) or word
    found = sound(spelled, kind)
    if kind == "han":  # its pinyin as written, which the romanised form folds (zh, j)
        found = replace(found, spelled="".join(han_syllables(word)))
    return Form(spelled.replace("-", ""), found, found.key, len(found.consonants), stem)


def _reading(roman: str, kind: str, stem: bool) -> Form:
    found = sound(roman, kind)
    return Form(roman, found, found.key, len(found.consonants), stem)


# The vowel kana and Chinese add after a name's final consonant (アハメド = ahamedo =
# Ahmed, バーバル = babaru = Babar; in Chinese 德 de for a final d, 克 ke, 斯 si, 特 te).
_ADDED_VOWEL = {"kana": "uo", "han": "eiu"}


_ASPIRATE = re.compile("(?<=[bptdkgj])-h")
_SI = re.compile("(?<![sc])si")
_HANGUL_SS = re.compile("ss(?=eu)")
_SOFT_C = re.compile("(?<![cs])c(?=[eiy])")
_SOFT_G = re.compile("g+(?=[eiy])")
_SOFT_E = re.compile("(?<=[бвгдзклмнпрстфхчщ])е")
_LONG_AFTER_VOWEL = re.compile("(?<=[\u30a1-\u30fa])ー")
_HANGUL_EU = re.compile("(?<=[^aeiouy])eu(?=[^aeiouy]|$)")


def _scoped(roman: str, found: Sound, stem: bool, only: frozenset[str]) -> Form:
    """A reading compared with words of the given scripts only."""
    sound_for = Sound(found.consonants, found.vowels, found.kind, only=only, said=found.said,
                      spelled=found.spelled)
    return Form(roman, sound_for, sound_for.key, len(found.consonants), stem)


def _reading_for(roman: str, kind: str, stem: bool, only: frozenset[str]) -> Form:
    return _scoped(roman, sound(roman, kind), stem, only)


# Hebrew writes a v וו and a Greek theta ת (לוויתן = Leviathan), where Russian writes a
# theta ф (Левиафан) and Arabic a v ف (ليفياثان): a Hebrew name so read, against them
# only, in a name of four consonants or more so read (see THETA_CONSONANTS)
_HEBREW_V = "\u05d5\u05d5"
_HEBREW_TAV = "\u05ea"
_HEBREW_FINAL_PE = "\u05e3"  # romanised f, as no other Hebrew letter is


def _hebrew_abroad(word: str, stem: bool) -> list[Form]:
    """A Hebrew word with its ת read as the Russian ф of a Greek theta, against Cyrillic,
    and its וו as the Arabic ف of a v, against Arabic; past its first letter (a first ת
    is the t of Tel Aviv, a first ו "and")."""
    out = []
    for letters, only in ((_HEBREW_TAV, _FOR_CYRILLIC), (_HEBREW_V, _FOR_ARABIC)):
        if letters in word[1:]:
            spelled = romanise(word[0] + word[1:].replace(letters, _HEBREW_FINAL_PE), "hebrew")
            read = _scoped(spelled.replace("-", ""), sound(spelled, "hebrew"), stem, only)
            if read.consonants >= THETA_CONSONANTS:
                out.append(read)
    return out


# a first consonant (no alef, waw, yeh, he or ain), then a Hebrew waw and alef or an
# Arabic-script waw and a folded hamza on yeh (بوئینگ folds to بويينگ)
# (Arabic's waw before alef is mostly a consonant: روابط, قوانين)
_WAW_BEFORE_ALEF = re.compile("^([^\u0627\u0623\u0648\u064a\u06cc\u0647\u0639"
                              "\u05d0\u05d5\u05d9\u05d4\u05e2])(?:(\u05d5)\u05d0|"
                              "(\u0648)\u064a(?=[\u064a\u06cc]))")
_GLIDE_U = re.compile("(?<=[bcdfghjklmnprstvz])y(?=u)")
_HANGUL_WI = re.compile("(?<=[bcdfghjklmnprstvz])wi")
_GREEK_STOPS = re.compile("mp|nt|gk|gg|tz")  # μπ, ντ, γκ, γγ, τζ as anyascii writes them
_GREEK_STOP_OF = {"mp": "b", "nt": "d", "gk": "g", "gg": "ng", "tz": "j"}
_MAX_CYRILLIC_H = 3  # г letters in a word each also read as h
# Whom each script-specific reading is for.
_FOR_JAPANESE = frozenset({"other", "kana"})  # Russian си, Korean 시 as shi
_FOR_KANA_KOREAN = frozenset({"kana", "hangul"})  # Хёндэ's glide = 현대
_FOR_FULL = frozenset({"other", "cyrillic", "greek", "armenian"})  # kana ー as an English r
_LATIN = frozenset({"other"})  # ю and ュ as a folded ü, a waw before alef as o
# a Cyrillic name as the German, Polish and Czech press write it (Sojus, Jelzin): against
# Latin words that are no common word of those languages (jakim, Polish for "what", is no
# Яким), as for a Latin word read with another language's letters (see _WRITTEN_FOR)
_READ_WITH_J = "read with j"
_LATIN_J = _LATIN | {_READ_WITH_J}


def _read_with_j_as_word(only: frozenset[str], word: str) -> bool:
    """Whether a reading is a Cyrillic name's j reading and the Latin text word a common
    word of a Latin-letter language, which it is then (see _LATIN_J)."""
    return _READ_WITH_J in only and _any_language_word(word)


_FOR_ARABIC = frozenset({"arabic"})  # a Latin ch as ش, v as ف
# Arabic has no ch or v: it writes a foreign ch as ش (شيرات = Cherat, شيكاغو = Chicago)
# and v as ف (فلاديمير = Vladimir, شيفرون = Chevron)
_LATIN_CH_V = re.compile("ch(?![lrnmt])|v")
_ARABIC_OF = {"ch": "sh", "v": "f"}
SILENT_E_CONSONANTS = 4
_LATIN_NGH = re.compile("(?<=[a-z])ngh")
_POLISH_OW = re.compile("(?<=[a-z]{3})ow$")
_OW_ACROSS_ABJAD = 4
_SILENT_E = re.compile("[a-z]{3}[bcdfgklmnprstvz]e$")
_NOT_LATIN = frozenset({"arabic", "hebrew", "cyrillic", "greek", "kana", "han",
                        "devanagari", "tamil", "hangul", "armenian", "thai"})  # soft c, g
_ANY_SCRIPT = _NOT_LATIN | {"other"}
_NOT_HAN = _ANY_SCRIPT - {"han"}
_NOT_ABJAD = _ANY_SCRIPT - {"arabic", "hebrew"}
_NOT_ARABIC = _ANY_SCRIPT - {"arabic"}  # Hebrew writes a foreign name's vowels too
GLIDE_VOWEL_CONSONANTS = 4
_YEH_BEFORE_WAW = re.compile("([^\u064a\u0648\u0627])\u064a\u0648([^\u064a\u0648\u0627])")


def _glide_as_vowel(word: str) -> str | None:
    """An Arabic-script word romanised with each yeh between a consonant and an alef read
    as the vowel i (see _readings); None when it has none."""
    letters = romanise(word, "arabic").split("-")
    read = [("i" if letter == "y" and 0 < at < len(letters) - 1 and letters[at + 1] == "a"
             and letters[at - 1] not in ("a", "w", "y", "i", "u", "") else letter)
            for at, letter in enumerate(letters)]
    return "".join(read) if read != letters else None


_FOR_HAN = frozenset({"han"})
_SPLIT_CHINESE = frozenset({"other", "cyrillic"})  # scripts that write a Chinese name spaced
# letters only pinyin among Latin spellings writes so (x, q, zh): a word that has one
# and is wholly pinyin syllables is read as Chinese sounds (see _readings), against the
# scripts that are not Latin nor Chinese, which is compared as pinyin is spelled
_PINYIN_MARK = re.compile("x|q|zh")
_PINYIN_FOR = _NOT_LATIN - {"han"}
_PINYIN_GLIDE = re.compile("(?<=[^aeiou])i(?=[aeou])")  # xia, qiang, jiu: a glide
_FOR_HANGUL = frozenset({"hangul"})
_NOT_HANGUL = (_NOT_LATIN | {"other"}) - {"hangul"}
KOREAN_Z_CONSONANTS = 3
KOREAN_HU_CONSONANTS = 3
_GERMAN_Z = re.compile("tz|(?<=[lrn])z(?!h)")
_ENGLISH_SHORT_U = re.compile("(?<=[b-df-hj-np-tv-z])u(?=[b-df-hj-np-tv-z]{2}|[b-df-hj-np-tv-z]$)")
# the scripts that decline a name (see _CASE_ENDINGS) and write every vowel
_DECLINING = frozenset({"cyrillic", "greek", "armenian"})
_DOUBLED_CONSONANT = re.compile("([b-df-hj-np-tv-z])\\1")
_VIETNAMESE_NH = 3  # letters: Minh, Vinh, not Anh
_V_NOT_BEFORE_VOWEL = re.compile("(?<=[aeiouy])v(?![aeiouy])")
SAID_V_CONSONANTS = 3
_Y_BETWEEN_VOWELS = re.compile("(?<=[aeiou])y(?=e)")
FINAL_CH_CONSONANTS = 3
CH_LOANWORD_ZIPF = 3.5
_OWN_LANGUAGE = {"kana": ("ja",), "hangul": ("ko",)}
_INITIAL_Y = re.compile("и[аеиоуэюяі]")
_SPANISH_Z = re.compile("(?<=[aeiou])z(?![aeiouh])")  # before a consonant or at the end
_W_AFTER_CONSONANT = re.compile("(?<=[bcdfghjklmnpqrstvxz])w(?=[aeiou])")


# A Cyrillic word this common in Russian or Ukrainian is that word (не, not; и, and), not
# a Chinese or Japanese name spelled the same (Nie, Yi)
EAST_ASIAN_COMMON_ZIPF = 5.0
# and one this common is read as Polivanov's Japanese only where that reading is no
# Russian word's (тина, slime, would be China; Фукусима, 3.1, is read so)
HEPBURN_COMMON_ZIPF = 3.5


def _east_asian(word: str, roman: str) -> list[Form]:
    """A Cyrillic word that is wholly Palladius syllables read as their pinyin (see
    _pinyin_forms), and one wholly Polivanov syllables read as Hepburn, against Latin and
    kana (Фудзицу = Fujitsu = フジツウ)."""
    forms = _pinyin_forms(word, roman, stem=False)
    if not _as_common_as(word, HEPBURN_COMMON_ZIPF, _TEXT_LANGUAGES["cyrillic"]):
        forms += [_reading_for(spelled, "cyrillic", False, _FOR_JAPANESE)
                  for spelled in hepburn_readings(word) if spelled != roman]
    return forms


def _pinyin_forms(word: str, roman: str, stem: bool) -> list[Form]:
    """A Cyrillic word that is wholly Palladius syllables read as their pinyin, against
    Latin as the press spells it and against Chinese as it is read (Шэньчжэнь = Shenzhen
    = 深圳); not a common word (и, and, is no Yi), nor one letter."""
    if len(word) < 2 or _as_common_as(word, EAST_ASIAN_COMMON_ZIPF,
                                      _TEXT_LANGUAGES["cyrillic"]):
        return []
    forms = []
    for syllables in pinyin_readings(word):
        spelled = "".join(syllables)
        if spelled == roman:
            continue
        forms.append(_reading_for(spelled, "cyrillic", stem, _LATIN))
        said = "".join(map(_said_pinyin, syllables))
        read = replace(sound(said, "han"), spelled=spelled)  # pinyin, as Chinese's own
        forms.append(_scoped(said, read, stem, _FOR_HAN))
    return forms


# Letters only a Palladius spelling writes so (цз, чж, э, сы, цы, нь before a consonant):
# a declined word is read as a Chinese name's case (Си Цзиньпина, в Шэньчжэне) only with
# one (поляна, a glade, is no Polen)
_PALLADIUS = re.compile("цз|чж|э|[сц]ы|нь(?=[бвгджзклмнпрстфхцчшщ])")


# Russian writes Korean by Kontsevich's system: ㅍ ㅌ ㅋ ㅊ as пх, тх, кх, чх, ㅈ as ч,
# чж or дж, a final ㅇ (ng) as н (Ёнпхун = 영풍, Пхохан = 포항, Инчхон = 인천). A word
# with one of those letters is also read so, against Korean only (which compares the
# consonants: its vowels are forgiven), each final н as n or ng; not a common word.
_KONTSEVICH = re.compile("пх|тх|кх|чх|чж|дж")
_KONTSEVICH_OF = {"пх": "p", "тх": "t", "кх": "k", "чх": "ch", "чж": "j", "дж": "j", "ч": "j"}
_KONTSEVICH_LETTERS = re.compile("пх|тх|кх|чх|чж|дж|ч")
_FINAL_N = re.compile("n(?![aeiouy])")
KONTSEVICH_COMMON_ZIPF = 3.5
KONTSEVICH_CONSONANTS = 3
_KONTSEVICH_WAYS = 4


def _kontsevich(word: str) -> list[Form]:
    """A Cyrillic word read as Kontsevich's Korean (see _KONTSEVICH)."""
    korean = _KONTSEVICH_LETTERS.sub(lambda m: _KONTSEVICH_OF[m.group()], word)
    roman = romanise(korean, "cyrillic")
    if korean.startswith("е"):
        roman = "y" + roman  # a first ё, folded: 영 is Ён
    finals = [m.start() for m in _FINAL_N.finditer(roman)][:2]
    ways = [roman]
    for at in reversed(finals):  # each final n also ng
        ways += [way[:at + 1] + "g" + way[at + 1:] for way in ways]
    return [read for way in ways[:_KONTSEVICH_WAYS]
            if (read := _reading_for(way, "cyrillic", False, _FOR_HANGUL)).consonants
            >= KONTSEVICH_CONSONANTS]


def _with_added_vowel(roman: str, kind: str) -> list[str]:
    """A romanised word, and without the vowel kana or Chinese add after its final
    consonant if it ends with one (ahamedo: ahamedo, ahamed)."""
    if len(roman) > 2 and roman[-1] in _ADDED_VOWEL.get(kind, "") and \
            roman[-2] not in "aeiouy":
        return [roman, roman[:-1]]
    return [roman]


def _readings(word: str, kind: str, stem: bool = False) -> list[Form]:
    """The word's forms; a kana or Chinese word also without the vowel those scripts add
    after a final consonant; an Arabic one also without its article; a Latin sz read as
    Hungarian s (Szolnok = Сольнок) and as Polish sh (Warszawa = Варшава); a Latin name in
    -ow also as Polish says -ów, against other scripts (Kraków = クラクフ); and the other
    readings each script's press needs (see below)."""
    form = _forms_of(word, kind, stem)
    if kind == "thai" and thai.initials(word):
        # Thai initials (รฟท, the State Railway; สนข.) are no word to be read by sound
        # (rfth is no Rift): Thai against Thai alone
        return [_scoped(form.roman, form.sound, stem, frozenset({"thai"}))]
    forms = [form]
    roman = form.roman
    forms += [_reading(spelled, kind, stem) for spelled in _with_added_vowel(roman, kind)[1:]]
    if kind in _NO_V and not _as_common_as(unicodedata.normalize("NFC", word),
                                           CH_LOANWORD_ZIPF, _OWN_LANGUAGE[kind]):
        # kana and Korean end a name's final ch with a vowel, チ and 치 (Modrić = モドリッチ
        # = 모드리치, Vučić = ヴチッチ): also read without it, where three consonants or
        # more are left, in a word that is no common loanword (ランチ, lunch, so read
        # would be every Ranch; コーチ, coach, every Koch)
        for spelled in dict.fromkeys((roman, _HANGUL_EU.sub("", roman))):
            if spelled.endswith("chi") and (read := _reading(
                    spelled[:-1], kind, stem)).consonants >= FINAL_CH_CONSONANTS:
                forms.append(read)
    if kind == "hangul":
        # Korean 시 sounds shi, and its 쓰 writes a Japanese tsu (미쓰비시 = Mitsubishi)
        japanese = _HANGUL_SS.sub("ts", _SI.sub("shi", roman))
        if _HANGUL_EU.search(roman):
            # Korean writes a vowel (eu, ㅡ) between a foreign name's consonants
            # (메타플랜트 = metapeullaenteu = Metaplant)
            forms.append(_reading(_HANGUL_EU.sub("", roman), kind, stem))
        if japanese != roman:
            forms.append(_reading_for(_HANGUL_EU.sub("", japanese), kind, stem,
                                      _FOR_JAPANESE))
    if kind == "hebrew":
        forms += _hebrew_abroad(word, stem)
    if kind == "tamil" and _TAMIL_CA in word:
        forms.append(_forms_of(word.replace(_TAMIL_CA, _TAMIL_SA), kind, stem))
    if kind == "thai" and _THAI_ASPIRATED.search(roman):
        # the kh, ph and th of Thai's romanisation are its aspirated k, p and t, which
        # the press of other languages writes plain (คุนหมิง, khunming, = Kunming)
        forms.append(_reading(_THAI_ASPIRATED.sub(r"\1", roman), kind, stem))
    if kind in _INDIC and _SOUTH_INDIAN.search(word):
        forms.append(_forms_of(_SOUTH_INDIAN.sub(lambda m: _SOUTH_INDIAN_PRESS[m.group()],
                                                 word), kind, stem))
    if kind in _INDIC and "jh" in roman:
        # Hindi writes their zh झ (विझिंजम = Vizhinjam), which the Latin press spells jh
        # in Hindi's own names (Jharkhand): also read as j
        forms.append(_reading(roman.replace("jh", "j"), kind, stem))
    if kind == "greek" and _GREEK_STOPS.search(roman):
        # Greek writes a foreign b, d, g as μπ, ντ, γκ, its ng as γγ and j as τζ (Μπάιντεν
        # = Biden, Ερντογάν = Erdoğan, Φολκσβάγκεν = Volkswagen, Τζόνσον = Johnson):
        # read so too, beside the letters its own words say (Αντώνης, Antonis)
        forms.append(_reading(_GREEK_STOPS.sub(lambda m: _GREEK_STOP_OF[m.group()], roman),
                              kind, stem))
    if kind == "cyrillic" and _SI.search(roman):
        # Russian writes a Japanese shi си (Мицубиси = Mitsubishi, Хиросима)
        forms.append(_reading_for(_SI.sub("shi", roman), kind, stem, _FOR_JAPANESE))
    if kind == "cyrillic" and not stem:
        forms += _east_asian(word, roman)
    if kind == "other" and _PINYIN_MARK.search(roman) and (said := latin_pinyin(roman)):
        # a Latin word spelled in pinyin is also read as other scripts write its sounds:
        # x as sh, q as ch, zh as j (Xinjiang = शिनजियांग, Xi = शी); Arabic and Hebrew
        # also write its glide i as a consonant y, and Arabic its zh as ch (Xiamen =
        # شيامن, Zhejiang = تشجيانغ, Shenzhen = شنتشن)
        sounds = "".join(map(_said_pinyin_initial, said))
        forms.append(_reading_for(sounds, kind, stem, _PINYIN_FOR))
        abjad = _PINYIN_GLIDE.sub("y", "".join(
            _said_pinyin_initial(s, zh="ch") for s in said))
        forms.append(_reading_for(abjad, kind, stem, _ABJAD))
    if kind == "cyrillic" and not stem and _KONTSEVICH.search(word) and not _as_common_as(
            word, KONTSEVICH_COMMON_ZIPF, _TEXT_LANGUAGES["cyrillic"]):
        forms += _kontsevich(word)
    if kind == "cyrillic" and _INITIAL_Y.match(word) and roman.startswith("i"):
        # folding reads a first й as и: before a vowel it is the glide y (Йемен = Yemen,
        # Йокогама = Yokohama, Йокич = Jokić)
        forms.append(_reading("y" + roman[1:], kind, stem))
    if kind == "arabic":
        # Urdu writes an aspirate with a he after the letter (دھولیرا = Dholera, بھارت =
        # Bharat): also read as one sound, as the press spells it
        spelled = romanise(word, kind)
        aspirated = _ASPIRATE.sub("h", spelled)
        if aspirated != spelled:
            forms.append(_reading(aspirated, kind, stem))
    waw = _WAW_BEFORE_ALEF.match(word) if kind in _ABJAD else None
    if waw:
        # a waw after a word's first consonant and before a Hebrew alef (or a hamza on
        # yeh, which folds to a second yeh) is the o of a foreign name (בואינג, بوئینگ =
        # Boeing): also read without the alef, as the vowel a lone waw there is; against
        # Latin words only
        letter = waw.group(2) or waw.group(3)
        vowel = _forms_of(waw.group(1) + letter + word[waw.end() :], kind, stem)
        forms.append(_scoped(vowel.roman, vowel.sound, stem, _LATIN))
    if kind == "arabic" and (wau := _YEH_BEFORE_WAW.fullmatch(word)) \
            and not any(_common_word(word[len(p):]) for p in ("", *ARABIC_PREFIXES)
                        if word.startswith(p)):
        # a yeh between a word's first consonant and a waw before its last writes a
        # foreign name's two vowels (نيوم = NEOM, Neom; ليون = Leon, Lion): read so too,
        # against the scripts that write vowels, where no common word is (بيوم, on a day)
        first, last = romanise(wau.group(1), kind), romanise(wau.group(2), kind)
        forms += [_reading_for(f"{first}{vowels}{last}", kind, stem, _NOT_ABJAD)
                  for vowels in ("eo", "io")]
    if kind == "arabic" and (as_vowel := _glide_as_vowel(word)):
        # a yeh between a consonant and an alef writes the glide of a foreign name's i
        # before a vowel (پزشکیان = Pezeshkian, كولومبيا = Colombia): also read as that
        # i, against the scripts that write vowels, Hebrew's too (ליפיאתן), in a name of
        # four consonants or more so read (with three, سياتل, Seattle, read siatl was
        # Slovak zatiaľ, "so far")
        read = _reading_for(as_vowel, kind, stem, _NOT_ARABIC)
        if read.consonants >= GLIDE_VOWEL_CONSONANTS:
            forms.append(read)
    if kind == "arabic" and "يي" in word:
        # Urdu and Persian write the diphthong of a foreign air, care with a yeh and a
        # hamza on yeh, which folds to a second yeh (ایئرپورٹ = airport): read as one too
        forms.append(_forms_of(word.replace("يي", "ي"), kind, stem))
    if kind == "arabic" and word.startswith(ARABIC_ARTICLE) and len(word) > len(ARABIC_ARTICLE) + 1:
        # the press leaves the attached article out (الهاشمي = Hashemi)
        forms.append(_forms_of(word[len(ARABIC_ARTICLE):], kind, stem))
    if kind == "hebrew" and _HEBREW_DIPHTHONG.search(word):
        # Hebrew doubles a yod for a consonant y (קריית = Kiryat) and for the diphthong
        # of a foreign name before a consonant (ספייס = space): read both ways
        vowel = _forms_of(_HEBREW_DIPHTHONG.sub("י", word), kind, stem)
        if vowel.consonants > 3:  # קרית would be court and cart
            forms.append(vowel)
    if kind == "cyrillic" and _SOFT_E.search(word):
        # е after a consonant is also the glide the press's ё and e stand for (Хёндэ,
        # folded Хендэ = Hyundai = 현대): read with its y too
        glide = _forms_of(_SOFT_E.sub("йе", word), kind, stem)
        if glide.consonants > 3:  # дети would be 도요타
            forms.append(_scoped(glide.roman, glide.sound, stem, _FOR_KANA_KOREAN))
    if kind == "cyrillic" and word.endswith("ів") and len(word) > _MIN_NAME_STEM:
        # a Ukrainian place's final -ів is Russian -ов (Харків = Харьков = Kharkov, Львів =
        # Lvov, Чернігів = Чернигов): also read so, against Cyrillic and Latin (not every
        # і: Ніжин so read was нужен, needed)
        russian = _forms_of(word[:-2] + "ов", kind, stem)
        forms.append(_scoped(russian.roman, russian.sound, stem, _LATIN_CYRILLIC))
    composed = unicodedata.normalize("NFC", word) if kind == "kana" else word
    if kind == "kana" and _LONG_AFTER_VOWEL.search(composed):
        # kana writes an English r after a vowel as a long vowel (エナジーズ = Energies,
        # センター = center): read ー as that r too
        # against Latin and Cyrillic only, and only where it leaves a word long enough
        # not to be many others (ソニー is not senior)
        rhotic = "r".join(map(_romanise_kana, composed.split("ー")))
        for spelled in _with_added_vowel(rhotic, kind):
            reading = _reading_for(spelled, kind, stem, _FOR_FULL)
            if reading.consonants > 3:
                forms.append(reading)
    if kind in _INDIC and (_INDIC_GLIDE_BEFORE.search(roman) or _INDIC_GLIDE.search(roman)):
        # the vowel the script leaves unwritten next to य and व, between them and a
        # consonant, is said there, or the glide reads as a vowel (वायनाड = Wayanad,
        # विजयन = Vijayan): read with it too, against the Latin press, in a name of three
        # consonants or more (व्यास so read would be Spanish vayas)
        voiced = _reading_for(_INDIC_GLIDE.sub(r"\1a", _INDIC_GLIDE_BEFORE.sub(r"a\1", roman)),
                              kind, stem, _LATIN)
        if voiced.consonants >= GLIDE_CONSONANTS:
            forms.append(voiced)
    if kind in ("other", *_INDIC) and "dh" in roman:
        # dh is Arabic's ذ (Dhahran) or an Indian aspirate d (Dholera, Dhaka), which
        # Arabic and Cyrillic write d (دوليرا, Дакка): read both ways
        forms.append(_reading(roman.replace("dh", "d"), kind, stem))
    spellings = [roman]
    if kind == "cyrillic" and 0 < roman.count("g") <= _MAX_CYRILLIC_H:
        # Russian and Ukrainian write a Latin h as г (Гамбург = Hamburg, Гарвард, Грюнгайде
        # = Grünheide): each г, and all of them, also read as h, against Latin only
        places = [i for i, char in enumerate(roman) if char == "g"]
        spellings += [roman[:i] + "h" + roman[i + 1 :] for i in places]
        if len(places) > 1:
            spellings.append(roman.replace("g", "h"))
        forms += [_reading_for(spelled, kind, stem, _LATIN) for spelled in spellings[1:]]
    for spelled in spellings if kind in ("cyrillic", "kana") else ():
        if _GLIDE_U.search(spelled):
            # Russian ю and kana ュ write the German ü the Latin press folds to u
            # (Грюнхайде, グリューンハイデ = Grünheide, Gruenheide): also read without the
            # glide, against Latin script only
            forms.append(_reading_for(_GLIDE_U.sub("", spelled), kind, stem, _LATIN))
    if kind == "hangul" and _HANGUL_WI.search(roman):
        # Korean writes the German ü as wi after a consonant (그륀하이데 = Grünheide):
        # also read as the u the Latin press folds it to, against Latin only
        for spelled in dict.fromkeys((roman, _HANGUL_EU.sub("", roman))):
            forms.append(_reading_for(_HANGUL_WI.sub("u", spelled), kind, stem, _LATIN))
    if kind == "other" and _POLISH_OW.search(roman) and not _common_latin(roman):
        # Polish ends a place in -ów, said uf, which other scripts write so (Kraków,
        # Turów = クラクフ, 투루프, كراكوف, Турув): a Latin name in -ow (not a common word:
        # window, tomorrow) is also read so, against them only; against an abjad, whose
        # consonants are all it writes, only with four (طرف, a side, is no Turów)
        for sound_of, scripts in (("uf", _NOT_LATIN - _FOR_CYRILLIC), ("uv", _FOR_CYRILLIC)):
            reading = _reading_for(_POLISH_OW.sub(sound_of, roman), kind, stem, scripts)
            if reading.consonants < _OW_ACROSS_ABJAD:
                reading = _reading_for(reading.roman, kind, stem, scripts - _ABJAD)
            forms.append(reading)
    spellings = [roman]
    if kind == "other" and _LATIN_NGH.search(roman):
        # ngh read as ng and h (ويستنغهاوس) and as ng, the h unsaid (Вестингауз)
        spellings.append(_LATIN_NGH.sub("ng", roman))
        forms.append(_reading(spellings[-1], kind, stem))
    for spelled in spellings if kind == "other" and _SILENT_E.search(roman) else ():
        # English leaves a final e after a consonant unsaid (Westinghouse, Mobile): other
        # scripts write the name as it sounds (ويستنغهاوس, Вестингауз)
        unsaid = _reading_for(spelled[:-1], kind, stem, _NOT_LATIN)
        if unsaid.consonants >= SILENT_E_CONSONANTS:  # Horace would be الحريق, fire
            forms.append(unsaid)
    if kind == "other" and "sz" in roman:
        forms = [_reading(roman.replace("sz", "s"), kind, stem),
                 _reading(roman.replace("sz", "sh"), kind, stem)]
    return forms


# Scripts that write an English r after a vowel as nothing or a long vowel (エナジー,
# 에너지 = energy; センター = center).
_NON_RHOTIC = frozenset({"kana", "hangul"})
_SILENT_R = re.compile("r(?![aeiouy])")
_FINAL_R = re.compile("r$")


def _without_r(form: Form, kind: str) -> Iterator[Form]:
    """A reading without every r after a vowel (Energies = エナジーズ), or the last one
    only, as kana writes a French name (Bombardier = ボンバルディア): compared with kana and
    Korean words only, when enough of the word is left to tell it apart."""
    for roman in dict.fromkeys((_SILENT_R.sub("", form.roman), _FINAL_R.sub("", form.roman))):
        if roman == form.roman:
            continue
        found = sound(roman, kind)
        if len(found.consonants) > SHORT_CONSONANTS:
            # Korean never writes vowels that tell a three-consonant word apart
            only = _NON_RHOTIC if len(found.consonants) > 3 else _FOR_KANA
            if form.sound.only:
                only &= form.sound.only  # (a reading for some scripts stays theirs)
            if only:
                yield replace(_scoped(roman, found, form.stem, only), needs=form.needs)


_NO_TH = frozenset({"kana", "hangul"})
TH_CONSONANTS = 4
# The scripts a name's z read as ts and its signed letters read as they sound are compared
# with: those that write the sound apart and every vowel, or syllables (not an abjad, nor
# Korean, whose common words are too like such a name: تعزيز is no Zeiss, 조직 no Žižek;
# nor Greek for ts, whose ματς, a match, is no Metz)
_TS_FOR = frozenset({"cyrillic", "armenian", "devanagari"})
_FOR_KANA = frozenset({"kana"})
TS_KANA_CONSONANTS = 4
_SOUNDED_FOR = frozenset({"cyrillic", "greek", "armenian", "devanagari", "kana", "han"})


def _soft(form: Form, kind: str) -> Iterator[Form]:
    """A Latin reading with c before e, i, y as s, as most languages that write Latin
    say it (SpaceJet = スペースジェット, Cessna = Сессна), and g there as j (Georgia =
    ג׳ורג׳יה, Piaggio = Пьяджо): how other scripts spell it, so it is compared with
    them only; between two Latin words c and g stay as they are written."""
    if kind != "other" or form.stem:
        return
    soft = _SOFT_C.sub("s", form.roman)
    for spelled in dict.fromkeys((soft, _SOFT_G.sub("j", soft))):
        if spelled != form.roman:
            reading = _reading_for(spelled, kind, False, _NOT_LATIN)
            if reading.consonants <= 3:  # Korean writes no vowel that tells 사실 from Cecil
                reading = _reading_for(spelled, kind, False, _NOT_LATIN - {"hangul"})
            yield replace(reading, needs=form.needs)  # (a text word's, see _WRITTEN_FOR)


@lru_cache(maxsize=65536)
def soft_forms(word: str) -> tuple[Form, ...]:
    """A Latin text word's soft readings (see _soft), looked up only when a rulebook has
    names in other scripts."""
    kind = script(word)
    return tuple(r for form in word_forms(word) for r in _soft(form, kind))


@lru_cache(maxsize=65536)
def non_rhotic_forms(word: str) -> tuple[Form, ...]:
    """A text word's readings without the r kana and Korean leave out (see _without_r)."""
    kind = script(word)
    if kind != "other":
        return ()  # English leaves the r unsaid: a Latin word, not חברת
    return tuple(r for form in word_forms(word) if not form.stem for r in _without_r(form, kind))


def _arabic_ch_v(roman: str, kind: str) -> list[Form]:
    """Arabic has no ch or v: a Latin name's ch read as ش and v as ف, against Arabic
    script (شيرات = Cherat, فلاديمير = Vladimir), and an Arabic name's ش as ch, against
    Latin (Cherat = شيرات). Name readings only: a text word is not read twice over."""
    if kind == "other" and _LATIN_CH_V.search(roman):
        spelled = _LATIN_CH_V.sub(lambda m: _ARABIC_OF[m.group()], roman)
        return [_reading_for(spelled, kind, False, _FOR_ARABIC)]
    if kind == "arabic" and "sh" in roman.split("-"):  # ش, not س then ه (s-h)
        spelled = roman.replace("sh", "ch")
        return [_scoped(spelled.replace("-", ""), sound(spelled, kind), False, _LATIN)]
    return []


# Serbian writes its Cyrillic in Latin letter for letter (Вучић = Vučić, Ђоковић =
# Đoković), and folded the Latin press's č, ć, c, š, ž are c, c, c, s, z
_GAJ = re.compile("dzh|ch|ts|sh|zh|dj")
# only for a name in Serbian's own letters: read so, a Russian name would be many Latin
# words (Шелл as sell, Сочи as soci)
_SERBIAN = re.compile("[ђћџљњј]")
_GAJ_OF = {"dzh": "dz", "ch": "c", "ts": "c", "sh": "s", "zh": "z", "dj": "d"}
# Russian е after a vowel or opening a word is ye (Алиев = Aliyev, Токаев = Tokayev,
# Евгений = Yevgeny), which the press writes with its y or without (Aliev)
_VOWEL_E = re.compile("(?:(?<=[аеиоуыэюяіә])|^)е")
_LATIN_YE = re.compile("(?<=[aeiou])y(?=e)")
# Cyrillic letters the German, Polish and Czech press write with j (see _cyrillic_latin)
_J_LETTERS = re.compile("^е|[йяюєёї]")
_J_OF = {"й": "j", "я": "ja", "ю": "ju", "є": "je", "ё": "jo", "ї": "ji", "е": "jе"}
_GERMAN_OF = str.maketrans({"з": "s", "ц": "z", "ж": "sch"})
_FOR_CYRILLIC = frozenset({"cyrillic"})


_LATIN_Z = re.compile("z(?!h)")
_CONSONANT_Y = re.compile("(?<=[b-df-hj-np-tv-z])y(?=[aeiou])")


def _cyrillic_latin(word: str, roman: str, kind: str) -> list[Form]:
    """A Serbian Cyrillic name as its Latin letters write it, folded, and with the y of its
    е after a vowel, against Latin; a Latin name's ye after a vowel also as Cyrillic е
    (Aliyev = Алиев), against Cyrillic. Name readings only, as for _arabic_ch_v."""
    out: list[Form] = []
    if kind == "cyrillic":
        gaj = _GAJ.sub(lambda m: _GAJ_OF[m.group()], roman)
        if gaj != roman and _SERBIAN.search(word):
            out.append(_reading_for(gaj, kind, False, _LATIN))
        if _VOWEL_E.search(word):
            glide = _forms_of(_VOWEL_E.sub("йе", word), kind)
            out.append(_scoped(glide.roman, glide.sound, False, _LATIN))
        if _J_LETTERS.search(word):
            # the German, Polish and Czech press write й, я, ю, є, ё, ї with j (Sojus,
            # Jelzin, Janukowytsch), German also з as s, ц as z and ж as sch
            j = _J_LETTERS.sub(lambda m: _J_OF.get(m.group(), "j" + m.group()[-1:]),
                            _VOWEL_E.sub("jе", word))
            out.append(_reading_for(romanise(j, kind), kind, False, _LATIN_J))
            german = j.translate(_GERMAN_OF)
            if german != j:
                out.append(_reading_for(romanise(german, kind), kind, False, _LATIN_J))
        if _CONSONANT_Y.search(roman):
            # я, ю after a consonant as Ukraine's own Latin letters write them, ia and iu
            # (Запоріжжя = Zaporizhzhia)
            out.append(_reading_for(_CONSONANT_Y.sub("i", roman), kind, False, _LATIN))
    elif kind == "other" and _LATIN_YE.search(roman):
        out.append(_reading_for(_LATIN_YE.sub("", roman), kind, False, _FOR_CYRILLIC))
    return out


def _kana_readings(word: str, roman: str) -> list[Form]:
    """A kana text word's other readings of its foreign sounds: フ as hu (ネタニヤフ =
    Netanyahu), and チ as ti, as older loanwords write it (スチール = steel, チベット =
    Tibet), in a word of three consonants or more that is no common Japanese word
    (キッチン, kitchen, is no Katyn; チート, cheat, no Tito). A kana name's only where it
    is a word of a longer name: read so, a name of three consonants alone is too many
    Latin words (カチン, Katyn, was Cotton, Curtain and Kitten)."""
    out = []
    if "fu" in roman:
        out.append(_reading(roman.replace("fu", "hu"), "kana", False))
    if "chi" in roman and not _as_common_as(word, COMMON_HAN_ZIPF, ("ja",)):
        out += [form for spelled in _with_added_vowel(roman.replace("chi", "ti"), "kana")
                if (form := _reading(spelled, "kana", False)).consonants > SHORT_CONSONANTS]
    return out


def name_readings(word: str) -> list[Form]:
    """A name word's readings (see _readings), and for a Latin name its soft c and g (see
    _soft); each also without the r that kana and Korean do not write (Technip Energies
    = テクニップ・エナジーズ), when enough of the name is left to tell it apart. Those
    readings only find words in the scripts they are for."""
    kind = script(word)
    forms = _readings(word, kind)
    if kind == "thai" and thai.loanword(word):
        # a Thai loanword's name read as the English it comes from is also read as that
        # Latin word is (บริดจ์ = bridge = ブリッジ), against the scripts but Thai and
        # Chinese, which write no loanword so
        for read in name_readings(romanise(word, kind)):
            forms.append(_scoped(read.roman, read.sound, False,
                                 (read.sound.only or _NOT_HAN) - {"thai"}))
    if kind == "arabic" and (plural := _persian_plural(word)):
        forms += _readings(word[: -len(plural)], kind)  # a Persian name in the plural
    forms += [r for form in forms for r in _soft(form, kind)]
    roman = romanise(word, kind)
    if kind == "other" and "th" in roman:
        # kana and Korean write a name's th s (Northvolt = ノースボルト, 노스볼트); a name
        # reading only (a text word's "something" is no 삼성), and only for a name long
        # enough not to be their loanwords: four consonants against kana (セールス, sales,
        # is no Thales), five against Korean (심신 is no Thomson)
        th = _reading_for(roman.replace("th", "s"), kind, False, _NO_TH)
        if th.consonants == TH_CONSONANTS:
            forms.append(_scoped(th.roman, th.sound, False, _FOR_KANA))
        elif th.consonants > TH_CONSONANTS:
            forms.append(th)
    forms += _arabic_ch_v(roman, kind) + _cyrillic_latin(word, roman, kind)
    if kind == "other" and _LATIN_Z.search(roman):
        # German writes ts z (Scholz, Merz): against the scripts that write it apart
        # (Шольц, Мерц; see _TS_FOR)
        forms.append(_reading_for(_LATIN_Z.sub("ts", roman), kind, False, _TS_FOR))
    if kind == "other" and _SPANISH_Z.search(roman):
        # Spanish says a z after a vowel s, as the press in other scripts writes it
        # (Sánchez = Санчес = サンチェス, Díaz = Диас, Velázquez = Веласкес); against them
        forms.append(_reading_for(_SPANISH_Z.sub("s", roman), kind, False, _NOT_LATIN))
    if kind in ("other", "cyrillic") and _V_NOT_BEFORE_VOWEL.search(roman):
        # a v before a consonant or at the end is one (sound() reads it as the vowel of
        # English w): kana and Korean write it b, and a final one f, as Russian says it
        # (Лавров = ラブロフ = 라브로프, Гусев = グセフ); against them only
        spelled = _V_NOT_BEFORE_VOWEL.sub(
            lambda m: "f" if m.end() == len(roman) else "b", roman)
        said_v = _reading_for(spelled, kind, False, _FOR_KANA_KOREAN)
        if said_v.consonants >= SAID_V_CONSONANTS:
            forms.append(said_v)
        if _Y_BETWEEN_VOWELS.search(spelled):
            # and kana writes the glide of -yev after a vowel as its vowel alone (Tokayev
            # = トカエフ; Korean keeps it, 토카예프); Aliyev so read, alef, is too short
            kana = _reading_for(_Y_BETWEEN_VOWELS.sub("", spelled), kind, False, _FOR_KANA)
            if kana.consonants >= SAID_V_CONSONANTS:
                forms.append(kana)
    if kind == "other" and _ENGLISH_SHORT_U.search(roman):
        # English says a u before two consonants or a final one as a short a, which
        # Cyrillic and Greek write (Trump = Трамп, Musk = Маск, Hunter = Хантер): against
        # them, where their vowels are compared, in names of three consonants or more
        said_a = _reading_for(_ENGLISH_SHORT_U.sub("a", roman), kind, False, _DECLINING)
        if said_a.consonants > SHORT_CONSONANTS:
            forms.append(said_a)
    if kind == "other" and _DOUBLED_CONSONANT.search(roman):
        # kana and Korean write a doubled consonant once (Rutte = ルッテ, Abbas = アッバス,
        # 아바스): a short name, found only as spelled, also so spelled (not a doubled
        # vowel: Teerã so read was テラ, tera, a common word)
        single = _reading_for(_DOUBLED_CONSONANT.sub(r"\1", roman), kind, False,
                              _FOR_KANA_KOREAN)
        if single.consonants <= SHORT_CONSONANTS:
            forms.append(single)
    if kind == "other" and _GERMAN_Z.search(roman):
        # Korean writes a German tz and z after a consonant ㅊ, ch (Herzog = 헤르초그, Gantz =
        # 간츠): against Korean, in a name of three consonants or more so read (not a z
        # after a vowel: Izrael so read was 아크릴, acrylic)
        korean = _reading_for(_GERMAN_Z.sub("ch", roman), kind, False, _FOR_HANGUL)
        if korean.consonants >= KOREAN_Z_CONSONANTS:
            forms.append(korean)
    if kind == "other" and "fu" in roman:
        # Korean writes Japanese fu as 후, hu (Fukushima = 후쿠시마, Fujitsu = 후지쓰):
        # against Korean, in a name of three consonants or more so read
        hu = _reading_for(roman.replace("fu", "hu"), kind, False, _FOR_HANGUL)
        if hu.consonants >= KOREAN_HU_CONSONANTS:
            forms.append(hu)
    if kind == "other" and roman.endswith("nh") and len(roman) > _VIETNAMESE_NH:
        # Vietnamese ends a syllable in nh, which other scripts write n (Hà Tĩnh =
        # Хатинь = ハティン, Minh = Мин): against them only
        forms.append(_reading_for(roman[:-1], kind, False, _NOT_LATIN))
    if kind == "other" and _W_AFTER_CONSONANT.search(roman):
        # Chinese writes a consonant's w before a vowel as the glide u of one syllable
        # (瓜 gua: 瓜达尔 = Gwadar): also read without it, against Chinese only
        forms.append(_reading_for(_W_AFTER_CONSONANT.sub("", roman), kind, False, _FOR_HAN))
    if kind == "hangul":
        forms += [_reading_for(spelled, "other", False, _LATIN) for spelled in _surnamed(word)]
    # Korean has no z and writes it ㅈ, j (젤렌스키 = Zelensky, 애리조나 = Arizona): a Latin
    # name's z also read as j against Korean, and a Korean name's j as z against the
    # other scripts, in names of three consonants or more so read
    if kind == "other" and "z" in roman:
        korean = _reading_for(roman.replace("zh", "j").replace("z", "j"), kind, False,
                              _FOR_HANGUL)
        if korean.consonants >= KOREAN_Z_CONSONANTS:
            forms.append(korean)
    if kind == "hangul" and "j" in roman:
        for spelled in dict.fromkeys((roman, _HANGUL_EU.sub("", roman))):
            latin = _reading_for(spelled.replace("j", "z"), kind, False, _NOT_HANGUL)
            if latin.consonants >= KOREAN_Z_CONSONANTS:
                forms.append(latin)
    if kind == "han":
        # the Latin press writes a Chinese name in pinyin as spelled (许家印 = Xu Jiayin,
        # 恒大 = Hengda, not the English-sounding shu, henda): read so, against Latin only
        forms.append(_reading_for("".join(han_syllables(word)), "other", False, _LATIN))
        # and as CC-CEDICT reads it where it is a proper name of the dictionary's and a
        # character has more than one reading (重庆 = Chongqing, whose 重 is also zhong)
        forms += [_reading_for(spelled, "other", False, _LATIN)
                  for spelled in proper_pinyin(word) - {"".join(han_syllables(word))}]
        for spelled_so in (_glideless(word), _w_glided(word)):
            if spelled_so != roman:
                forms += [_reading_for(spelled, kind, False, _NOT_HAN)
                          for spelled in _with_added_vowel(spelled_so, kind)]
    if kind in _NON_RHOTIC:
        return forms
    forms += [r for form in forms for r in _without_r(form, kind)]
    forms += _said_devoiced(roman, kind) + _theta(roman, kind) + _burgo(roman, kind)
    forms += [r for form in forms for r in _french_ch(form, kind)]
    if kind == "other" and _LATIN_Z.search(roman):
        # and against kana, which writes ts ツ (ショルツ = Scholz, メルツ = Merz): with
        # the name's r (not the reading without it) and four consonants or more, so that
        # it is no Japanese word (カツ, a cutlet, is no Kurz, まつ no Merz)
        ts = _reading_for(_LATIN_Z.sub("ts", roman), kind, False, _FOR_KANA)
        if ts.consonants >= TS_KANA_CONSONANTS:
            forms.append(ts)
    return forms


# German says a b, d or g that no vowel follows as p, t, k (Magdeburg = makdeburk), and
# kana and Korean write the sound (マクデブルク, ハンブルク = Hamburg, 함부르크): after a
# vowel, r or l only (not Brasil's b, nor -land's d, which English says), and not in dh,
# gh, dj, dz
_UNVOICED_AT_END = re.compile("(?<=[aeiouyrl])(?:b(?![aeiouylr])|d(?![aeiouyhjzlr])|"
                              "g(?![aeiouyhlr]))")
_DEVOICED_OF = {"b": "p", "d": "t", "g": "k"}
DEVOICED_CONSONANTS = 4
# Russian writes a Greek theta ф (Афины = Athens, Левиафан = Leviathan, Марфа = Martha)
THETA_CONSONANTS = 4
# Spanish, Portuguese and Italian end a German -burg with o (Hamburgo, Magdeburgo,
# Estrasburgo, Edimburgo)
_BURG = re.compile("burg$")
_BURGO = re.compile("(?<=[a-z]{2})burgo$")


def _said_devoiced(roman: str, kind: str) -> list[Form]:
    """A Latin or Cyrillic name with each b, d, g that no vowel follows said voiceless,
    against kana and Korean, in a name of four consonants or more so read (Magdeburg =
    マクデブルク): the name as spelled stays a reading too (Johannesburg = ヨハネスブルグ)."""
    if kind not in ("other", "cyrillic") or not _UNVOICED_AT_END.search(roman):
        return []
    said = _reading_for(_UNVOICED_AT_END.sub(lambda m: _DEVOICED_OF[m.group()], roman), kind,
                        False, _FOR_KANA_KOREAN)
    return [said] if said.consonants >= DEVOICED_CONSONANTS else []


def _theta(roman: str, kind: str) -> list[Form]:
    """A Latin name's th read as the f by which Russian writes a Greek theta, against
    Cyrillic, and a Cyrillic name's f as th, against Latin (Leviathan = Левиафан), in a
    name of four consonants or more (Athènes so read is Афанасьев)."""
    if kind == "other" and "th" in roman:
        read = _reading_for(roman.replace("th", "f"), kind, False, _FOR_CYRILLIC)
    elif kind == "cyrillic" and "f" in roman:
        read = _reading_for(roman.replace("f", "th"), kind, False, _LATIN)
    else:
        return []
    return [read] if read.consonants >= THETA_CONSONANTS else []


# French writes sh ch (Chevron = Шеврон, Chirac = Ширак, Michel = Мишель): a Latin name's
# ch before a vowel is also sh, against the alphabets that decline a name and write every
# vowel, and their name's sh (ш) a Latin ch (Шеврон = Chevron). Not against kana,
# Korean, Hebrew or Arabic, whose short common words would be Spanish and Italian
# names so read (くすり as Cauchari, 캠퍼스 as Campeche, בשנה as Pechino)
_FRENCH_CH = re.compile("(?<![st])ch(?=[aeiouy])")
_SH = re.compile("sh(?!ch)")  # ш, not щ (shch: мощности is no macchinista)
FRENCH_CH_CONSONANTS = 3


def _french_ch(form: Form, kind: str) -> list[Form]:
    """A Latin name's reading with its ch read as the French sh, and a Cyrillic, Greek or
    Armenian name's sh as a Latin ch (see _FRENCH_CH), in a name of three consonants or
    more so read."""
    if form.sound.only:
        return []  # a reading for some scripts only is read no further
    if kind == "other" and _FRENCH_CH.search(form.roman):
        read = _reading_for(_FRENCH_CH.sub("sh", form.roman), kind, False, _DECLINING)
    elif kind in _DECLINING and _SH.search(form.roman):
        read = _reading_for(_SH.sub("ch", form.roman), kind, False, _LATIN)
    else:
        return []
    return [read] if read.consonants >= FRENCH_CH_CONSONANTS else []


def _burgo(roman: str, kind: str) -> list[Form]:
    """A Latin name in -burg also in the -burgo the Romance press writes, and one in
    -burgo also in -burg, against Latin (Magdeburg = Magdeburgo)."""
    if kind != "other":
        return []
    if _BURG.search(roman):
        return [_reading_for(roman + "o", kind, False, _LATIN)]
    if _BURGO.search(roman):
        return [_reading_for(roman[:-1], kind, False, _LATIN)]
    return []


# Persian's plural (ها, های) and the pronoun ها (its, her) Arabic writes against a
# noun: a word is read without it where four letters or more are left
_ARABIC_SCRIPT_PLURALS = ("هاي", "ها")
_PLURAL_STEM = 4  # (عليها, on her, is على with it: no name علي)


def _persian_plural(word: str) -> str:
    """The plural or pronoun ending a folded Arabic-script word, if any (see above), where
    what is left is no grammar word."""
    return next((e for e in _ARABIC_SCRIPT_PLURALS
                 if word.endswith(e) and len(word) - len(e) >= _PLURAL_STEM
                 and not _function_word(word[: -len(e)])), "")


# Letters some languages write for a sound others write otherwise, as (letters, the
# name's letters): German, Polish, Czech and Dutch write kh (Cyrillic х, Arabic خ) ch and
# Spanish j (Kachowka, Jersón); French writes sh ch (Chevtchenko); German writes a z
# before a vowel at a word's start s (Selenskyj), zh sch (Prigoschin) and y j
# (Juschtschenko).
# Only in a Latin word of this many consonants or more that is no common word of the
# languages that write Latin letters (Chan is not Khan, jamás, jailed and jakim not حماس,
# خالد and Хаким, Michael not Mikhail, Bücher, folded bucher, not Бухара), only where the
# text writes it with a capital (cheminée is no خامنئي), and only against a name that
# writes those letters (Chassan is not حسن, whose h is no kh).
_CH = re.compile("(?<![st])ch")
_J = re.compile("j")
_GERMAN = ((re.compile("sch"), "zh"), (re.compile("^s(?=[aeiouy])"), "z"), (_J, "y"))
_WRITTEN_FOR = ((_CH, "kh"), (_J, "kh"), (_CH, "sh"), *_GERMAN)
_NEEDED = frozenset(letters for _, letters in _WRITTEN_FOR)
WRITTEN_FOR_CONSONANTS = 3


# Latin letters whose sign says a sound that folding leaves out (Erdoğan is erdogan folded,
# but every other script writes Эрдоган, エルドアン, ארדואן: ğ unsaid; Selçuk, Ševčenko,
# Świątek, Țiriac): a name is also read as they sound
_SOUNDED = str.maketrans({
    "ş": "sh", "ș": "sh", "ś": "sh", "š": "sh", "ç": "ch", "č": "ch", "ć": "ch", "ž": "zh",
    "ż": "zh", "ź": "zh", "ğ": "", "ț": "ts", "ţ": "ts", "đ": "dj", "ř": "rzh",
})


# Letters only the Slavic and Baltic languages sign so, all of which write the glide y j
# (not Turkish or Romanian ş, ș, whose j is zh)
_SLAVIC_SIGNED = re.compile("[čćšžđřśźżňťďľĺŕů]")


def sounded_letters(token: str) -> str | None:
    """A name's token (as the rule writes it) with its signed letters as they sound
    (see _SOUNDED); None when it has none."""
    lower = unicodedata.normalize("NFC", token).lower()
    sounded = lower.translate(_SOUNDED)
    if _SLAVIC_SIGNED.search(lower):
        # a Slavic or Baltic name's j is the glide y (Jokić = Йокич = ヨキッチ, Jiří = Иржи)
        sounded = lower.replace("j", "y").translate(_SOUNDED)
    return sounded if sounded != lower else None


@lru_cache(maxsize=65536)
def word_forms(word: str) -> tuple[Form, ...]:
    """Every reading of a folded word: itself, without attached Arabic-script or Hebrew
    prefixes, without a Korean particle or a Cyrillic or Greek case ending."""
    kind = script(word)
    forms = set(_readings(word, kind))
    if kind == "arabic":
        for prefix in ARABIC_PREFIXES:
            rest = word[len(prefix):]
            if word.startswith(prefix) and len(rest) >= 2:
                forms.add(_forms_of(rest, kind))
                if prefix.endswith(ARABIC_ARTICLE) or prefix.endswith("لل"):
                    forms.add(_forms_of(ARABIC_ARTICLE + rest, kind))
        if plural := _persian_plural(word):
            forms.add(_forms_of(word[: -len(plural)], kind))  # حوثی‌ها: the Houthis
    elif kind == "hebrew":
        if word.startswith("פ"):
            # Hebrew's פ is p, and f where unpointed text cannot show it: the press writes
            # a foreign name's first f so (פורד = Ford, פייסבוק = Facebook, פוקושימה =
            # Fukushima), where a Hebrew word's own first פ is p; read with the letter a
            # final f is (ף). A text word's reading only: a name in Hebrew letters is one
            # the rule's writer knows (פולין, Poland, is no филин, an owl), and not a פ
            # within a word, which Hebrew's own words say f after a vowel (אפשרי,
            # possible, would be offshore)
            forms.update(_readings("ף" + word[1:], kind))
        for prefix in HEBREW_PREFIXES:
            rest = word[len(prefix):]
            if word.startswith(prefix) and len(rest) >= _HEBREW_REST:
                forms.add(_forms_of(rest, kind))
                if rest.startswith("פ"):
                    forms.update(_readings("ף" + rest[1:], kind))  # לפורד, to Ford
    elif kind == "tamil":
        for nominative in tamil_nominatives(word):
            forms.update(_readings(nominative, kind))
    elif kind == "devanagari" and BENGALI_LETTERS.match(word):
        for suffix in BENGALI_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
                forms.update(_readings(word[: -len(suffix)], kind))
    elif kind == "kana":
        forms.update(_kana_readings(word, romanise(word, kind)))
    elif kind == "hangul":
        word = unicodedata.normalize("NFC", word)  # folding leaves syllables as letters
        bare = [word]
        for particle in HANGUL_PARTICLES:
            if word.endswith(particle) and len(word) - len(particle) >= _MIN_STEM \
                    and particle_fits(word, particle):
                bare.append(word[: -len(particle)])
                forms.update(_readings(bare[-1], kind))
        for base in bare:
            for trade in HANGUL_ORG_WORDS:
                if len(trade) > 1 and base.endswith(trade) and \
                        len(base) - len(trade) >= _MIN_STEM:
                    forms.update(_readings(base[: -len(trade)], kind))  # 미쓰비시중공업
    elif kind in _CASE_ENDINGS:
        for ending in _CASE_ENDINGS[kind]:
            if _ends_in(word, ending) and len(word) - len(ending) >= _MIN_STEM:
                rest = word[: -len(ending)]
                forms.add(_forms_of(rest, kind, stem=True))
                if kind == "cyrillic" and rest.endswith("н") and _PALLADIUS.search(word):
                    # a Chinese name declined (Си Цзиньпина), its final нь losing the soft
                    # sign (в Шэньчжэне): only one ending in a consonant is declined
                    for soft in (rest, rest + "ь"):
                        forms.update(_pinyin_forms(soft, romanise(soft, kind), stem=True))
    elif kind == "other" and word.isalpha():
        ways = [(pattern, letters) for pattern, letters in _WRITTEN_FOR
                if pattern.search(word)]
        if ways and not _any_language_word(word) \
                and _forms_of(word, kind).consonants >= WRITTEN_FOR_CONSONANTS:
            german = [(p, letters) for p, letters in _GERMAN if p.search(word)]
            # each alone, and German's all at once (Saluschnyj = Залужний)
            for used in [[way] for way in ways] + ([german] if len(german) > 1 else []):
                read = word
                for pattern, letters in used:
                    read = pattern.sub(letters, read)
                needs = " ".join(letters for _, letters in used)
                forms.update(replace(form, needs=needs) for form in _readings(read, kind))
        # Polish, Czech, Slovak and the South Slavic languages decline a foreign name
        # in Latin letters too (Tesli, Teslę = Tesla; Boeinga, Boeingowi = Boeing), and
        # Hungarian and Finnish add to it (Debrecenben, Rosatomin): the word without
        # such an ending, for names of three consonants or more only, read as a name
        # is (Szegedre: a Hungarian sz as s, a Polish one as sh: Warszawie)
        for rest, ending in (latin_case_stems(word) | agglutinated_stems(word)).items():
            stem = _forms_of(rest, kind, stem=True)
            # a final w counts: it is a vowel by sound, but Polish says it (Choczew-ie)
            if stem.consonants + rest.endswith("w") > SHORT_CONSONANTS:
                forms.add(replace(stem, ending=ending))
                if "sz" in rest:
                    forms.update(replace(read, ending=ending)
                                 for read in _readings(rest, kind, stem=True)
                                 if read.consonants > SHORT_CONSONANTS)
    return tuple(sorted(forms, key=lambda f: (f.stem, f.roman)))


def same_name(name_word: str, word: str) -> bool:
    """Whether a folded text word may be the folded name word: the definition the index
    answers quickly (one pair at a time, for tests and explanations). Three things only
    the index knows: the rule's own letters (a name's signed letters as they sound, see
    sounded_letters), the text's capitals (a word read with another language's letters
    must be written with one, see _WRITTEN_FOR) and the name's other words (a kana word
    of a longer name is read as a text word, see _kana_readings)."""
    initials = acronym(name_word)
    if initials is not None and initials == word:
        return True
    if script(name_word) == script(word) == "han" and \
            max((f.consonants for f in name_readings(name_word)
                 if f.sound.kind == "han"), default=0) <= SHORT_CONSONANTS:
        return name_word == word  # (see NameIndex._han_words)
    if script(name_word) == "hangul" and script(word) == "han" and _hanja_word(word):
        syllables = hangul_word(name_word)
        if syllables is not None and syllables in korean_readings(word):
            return True  # 최윤범 written as the Chinese press does, 崔允範
    text_forms = word_forms(word)
    readings = name_readings(name_word)
    if script(name_word) == "other" and not chinese_spellings(word).isdisjoint(
            f.roman for f in readings if not f.sound.only):
        return True  # 广州 spelled as the Latin press does, Guangzhou
    if _everyday(word) and script(name_word) != script(word) and (_one_han(word) or not (
            _spelled_as(word, text_forms)
            & {f.roman for f in readings if not f.sound.only})):
        return False  # (see NameIndex.places)
    if script(name_word) != "other":
        text_forms += soft_forms(word)
    if script(name_word) in _NON_RHOTIC:
        text_forms += non_rhotic_forms(word)
    common = _common_word(word)
    if script(word) == "other" and _everyday_latin(word) and script(name_word) in _VOWELLED \
            and not any(n.roman == f.roman or n.sound.vowels == f.sound.vowels
                        for n in readings for f in text_forms):
        return False  # (see NameIndex.places)
    readings = [n for n in readings if not _read_with_j_as_word(n.sound.only, word)]
    names = readings + [
        r for stem in case_stems(name_word) for r in _readings(stem, script(name_word))
    ] + place_noun_readings(name_word)
    written = " ".join(n.roman for n in names)  # the letters it writes (see NameIndex.places)
    if any(form.needs for form in text_forms) and _accented_word(word):
        text_forms = tuple(form for form in text_forms if not form.needs)  # (as the index)
    return any(
        _same(name, form, common) and all(part in written for part in form.needs.split())
        for name in names
        for form in text_forms
    )


def _spelled_as(word: str, forms: tuple[Form, ...]) -> set[str]:
    """How a text word is spelled in Latin letters: its readings' romanised forms, and a
    Chinese word's pinyin as written (深圳 = Shenzhen, which its reading by sound, shenjen,
    is not)."""
    return {form.roman for form in forms} | chinese_spellings(word)


def chinese_spellings(word: str) -> frozenset[str]:
    """How the Latin press spells a run of Chinese characters if it is a Chinese name: in
    pinyin as written (广州 = Guangzhou, not the guanjou it sounds). As CC-CEDICT reads
    it where the dictionary gives it as a proper name (深圳 = Shenzhen; 成都 = Chengdu,
    whose 都 is also dou), and by its characters' readings where it is three or more
    that are no common word; two syllables read alike too often to tell a name by
    (遇袭, attacked, is no 玉溪, Yuxi)."""
    if script(word) != "han" or len(word) < 2:
        return frozenset()
    spelled = proper_pinyin(word)
    if len(word) > 2 and not _everyday(word):
        spelled |= {"".join(han_syllables(word))}
    return spelled


def _same(name: Form, form: Form, common: bool = False) -> bool:
    """One reading of a name word against one reading of a text word (`common`: a common
    word of its script's languages, never a short name of another script as spelled)."""
    if (name.sound.only and form.sound.kind not in name.sound.only) or \
            (form.sound.only and name.sound.kind not in form.sound.only):
        return False  # a reading made for other scripts
    spelled = form.roman == name.roman and not (
        common and name.sound.kind != form.sound.kind)
    if name.sound.only or form.sound.only:  # as the index finds them
        if name.consonants <= SHORT_CONSONANTS:
            return not form.stem and spelled  # a short one as spelled
        return not form.stem and form.consonants > SHORT_CONSONANTS \
            and _agree(name.sound, form.sound)
    if name.consonants <= SHORT_CONSONANTS:
        if form.stem:
            return (
                name.roman[-1:] in _VOWELS
                and len(name.roman) > _MIN_STEM
                and form.roman == name.roman[:-1]
                and form.sound.kind not in _ENDING_AFTER_VOWEL
            )
        return spelled or _short_in(name.sound, form)
    if form.stem and form.sound.kind == "other":  # a Latin stem: the name as spelled
        return (form.ending in _FOR_FINAL_VOWEL.get(name.roman[-1:], ())
                and form.roman == name.roman[:-1]) or (
            (_after_consonant(form) or _agglutinated(form)) and form.roman == name.roman)
    if form.stem and name.roman[-1:] in _VOWELS and form.roman == name.roman[:-1] \
            and form.sound.kind not in _ENDING_AFTER_VOWEL:
        return True
    return form.consonants > SHORT_CONSONANTS and _agree(name.sound, form.sound)


def _after_consonant(form: Form) -> bool:
    """Whether a Latin stem may be a whole name whose case ending followed its final
    consonant (Boeinga; -ie and -em on longer names only: not Tunisie, kleinem)."""
    return form.ending in _AFTER_CONSONANT and len(form.roman) >= (
        _LOCATIVE_NAME if form.ending in _LONG_ENDINGS else _LATIN_NAME)


def _agglutinated(form: Form) -> bool:
    """Whether a Latin stem may be a whole name a Hungarian or Finnish ending followed
    (Debrecenben; Finnish's linked ones after a final consonant only: Rosatomin)."""
    return len(form.roman) >= _LATIN_NAME and (form.ending in _AGGLUTINATED or (
        form.ending in _LINKED and form.roman[-1] not in _VOWELS))


def _short_across(name: Sound, word: Sound) -> bool:
    """A short name and a word, one written in an abjad and the other in a script that
    writes every vowel (سامي = Sami, الهادي = Hadi, أوسلو = Oslo): the same consonants
    and a vowel in the same places in both, each one the abjad writes (ا, ي, و) read as
    the sounds it stands for; between consonants, a text word may have one an abjad
    name leaves out if the name writes a vowel elsewhere. A short abjad word that writes no vowel
    (سهل) is too like too many words (shall, school) to be matched in another script."""
    if (name.kind in _ABJAD) == (word.kind in _ABJAD):
        return False
    abjad, full = (name, word) if name.kind in _ABJAD else (word, name)
    if full.kind not in _FULL or not abjad.consonants:
        return False
    if full is name and len(name.consonants) + sum(map(bool, name.vowels)) < _SHORT_ACROSS:
        return False  # HIT is not حيث, a common abjad word
    if abjad.consonants.translate(_MERGE_PB) != full.consonants.translate(_MERGE_PB):
        return False
    last = len(abjad.vowels) - 1
    # a short vowel the abjad leaves out between consonants, when it writes another
    # (ضبعة = Dabaa, d-b-a): not when it writes none at all (شل is not shall)
    writes = any(abjad.vowels) and abjad is name  # a name's, never a text word's
    for index, (written, other) in enumerate(zip(abjad.vowels, full.vowels, strict=True)):
        if bool(written) != bool(other) and not (
                writes and not written and 0 < index < last):
            return False
        if written and other not in (_FINAL_SOUNDS if index == last else _WRITTEN_SOUNDS)[written]:
            return False
    return True


_SHORT_ACROSS = 4  # sounds a short Latin name needs to be looked for in an abjad
# A Latin word this common in one of these languages is that word, not a short name
# written in an abjad (چین, China in Persian, is not chain; ضبعة is Dabaa).
COMMON_LATIN_ZIPF = 4.0
_COMMON_LATIN_LANGUAGES = ("en", "fr", "es", "de", "pt")


# The languages whose word lists tell whether a text word of a script is a common word.
_TEXT_LANGUAGES = {"other": _COMMON_LATIN_LANGUAGES, "arabic": ("ar", "fa", "ur"),
                   "hebrew": ("he",), "devanagari": ("hi",), "cyrillic": ("ru", "uk"),
                   "greek": ("el",), "han": ("zh", "ja"), "kana": ("ja",), "hangul": ("ko",),
                   "thai": ("th",)}


# A word this common in its script's languages is grammar or an everyday word, even where
# a short name of another script is spelled the same; a famous name's own spelling in
# another script is rarely this common (टाटा, Tata in Hindi, is 4.5).
COMMON_ACROSS_ZIPF = 5.5


@lru_cache(maxsize=65536)
def _common_word(word: str) -> bool:
    """Whether a folded text word is that common a word of its script's languages (see
    COMMON_ACROSS_ZIPF): then it is that word, not a short name of another script spelled
    the same (של, Hebrew's "of", is not شل, Shell; أنا, "I", is not ANA)."""
    return _as_common_as(word, COMMON_ACROSS_ZIPF, _TEXT_LANGUAGES.get(script(word), ()))


# A Latin word this common in one of the commonest Latin languages is an everyday word
# (square, 4.8): a name of a script that writes its vowels (Greek, Cyrillic, Tamil) matches it
# only with the same vowels, or spelled so (Σκουριές is no Square; Парис is Paris)
EVERYDAY_LATIN_ZIPF = 4.5


@lru_cache(maxsize=65536)
def _everyday_latin(word: str) -> bool:
    """Whether a folded Latin text word is an everyday word (see EVERYDAY_LATIN_ZIPF)."""
    return _as_common_as(word, EVERYDAY_LATIN_ZIPF, _COMMON_LATIN_LANGUAGES)


# A run of Chinese characters this common in Chinese or Japanese is a word of theirs
# (周边, surroundings; 申請, application), not a foreign name written by its sound: those
# are rarer (特斯拉, Tesla, is 3.5)
COMMON_HAN_ZIPF = 4.0


@lru_cache(maxsize=65536)
def _common_han(word: str) -> bool:
    """Whether a run of Chinese characters is that common a word (see COMMON_HAN_ZIPF)."""
    return _as_common_as(word, COMMON_HAN_ZIPF, _TEXT_LANGUAGES["han"])


# A Korean word this common is a word of its own (그리고, and; 지원, support; 판매, sales),
# not a foreign name written by its sound, though its letters sound like one (Greece,
# Japan, Panama): those are rarer (구글, Google, is 4.8; 트럼프, Trump, 4.2)
COMMON_HANGUL_ZIPF = 5.0
# and a Thai word this common in the Thai National Corpus (มาเลเซีย, Malaysia, is 4.6)
COMMON_THAI_ZIPF = 5.0


@lru_cache(maxsize=65536)
def _everyday(word: str) -> bool:
    """Whether a run of Chinese characters is one character or a common Chinese or
    Japanese word (see _common_han), or a Korean word is that common (see
    COMMON_HANGUL_ZIPF): then another script's name only as spelled. (A Latin word is
    asked for its capital instead, see NameIndex._find: the commonest Latin words
    include names, Paris and France, as an abjad's do, أحمد and تهران.)"""
    if script(word) == "hangul":
        return _as_common_as(unicodedata.normalize("NFC", word), COMMON_HANGUL_ZIPF, ("ko",))
    if script(word) == "thai":  # (ทะเล, sea, is no Taylor; เทสลา, Tesla, is 2.6)
        return thai.zipf(word) >= COMMON_THAI_ZIPF
    return script(word) == "han" and (len(word) == 1 or _common_han(word))


# A Chinese character this common alone is grammar (的, of; 和, and; 是, is): a run that
# begins or ends with one crosses a word's edge (海岸|的, of the coast, is no Honda; 和|安达,
# and Anda), and transliterations write other characters for those sounds (德, 赫)
GRAMMAR_HAN_ZIPF = 6.8  # (为, for, 6.7, ends 华为, Huawei; 中, 6.65, begins 中兴, ZTE)


@lru_cache(maxsize=65536)
def _grammar_edge(word: str) -> bool:
    """Whether a run of Chinese characters begins or ends with a grammar character (see
    GRAMMAR_HAN_ZIPF): then a Chinese name's, or one spelled as its pinyin."""
    return script(word) == "han" and len(word) > 1 and any(
        _as_common_as(char, GRAMMAR_HAN_ZIPF, ("zh",)) for char in (word[0], word[-1]))


def _one_han(word: str) -> bool:
    """One Chinese character: only a Chinese name's, however spelled (see _everyday)."""
    return len(word) == 1 and script(word) == "han"


# A Latin word this common in one of these languages is a word (maduro, ripe; tata,
# daddy; corte, court; Indonesian bakar, burnt): in Latin text it is a name only written
# with a capital
CAPITAL_NAME_ZIPF = 3.0
_CAPITAL_LANGUAGES = (*_COMMON_LATIN_LANGUAGES, "it", "id")


@lru_cache(maxsize=65536)
def capital_needed(word: str) -> bool:
    """Whether a folded text word must be written with a capital to be a one-word name
    the rule writes with one: a Latin word that common (see CAPITAL_NAME_ZIPF). See
    NameIndex._find."""
    return script(word) == "other" and word.isalpha() and \
        _as_common_as(word, CAPITAL_NAME_ZIPF, _CAPITAL_LANGUAGES)


# The languages whose common words are read as they are, not with another language's
# letters (see _WRITTEN_FOR): the Latin-letter languages of the press that write ch, j, sch
# or s for sounds of their own (sh is Serbo-Croatian; each list costs memory)
_LATIN_LANGUAGES = (*_CAPITAL_LANGUAGES, "nl", "pl", "cs", "sh", "tr", "ro")


@lru_cache(maxsize=65536)
def _any_language_word(word: str) -> bool:
    """Whether a folded Latin word is a word of some Latin-letter language as folded
    (Zipf 3, see CAPITAL_NAME_ZIPF); one that folding took an accent from is asked later,
    and only if it would be a name (see _accented_word)."""
    return _as_common_as(word, CAPITAL_NAME_ZIPF, _LATIN_LANGUAGES)


# The letters folding makes of the Latin press's accented ones (é, ô, ý, ö, ě …)
_ACCENTED = {"a": "áàâäã", "e": "éèêëě", "i": "íîï", "o": "óôöõ", "u": "úûüů", "y": "ý",
             "c": "č", "n": "ñň", "r": "ř", "s": "š", "z": "ž"}


@lru_cache(maxsize=4096)
def _accented_word(word: str) -> bool:
    """Whether a folded Latin word is a common word of those languages with one letter
    accented again (cheminée, chômeurs, jméno, söylenecek, German Bücher: the word lists
    know them so), asked only of a word that another language's letters would make a
    name (NameIndex.places, same_name)."""
    return any(
        _as_common_as(word[:at] + accented + word[at + 1:], CAPITAL_NAME_ZIPF, _LATIN_LANGUAGES)
        for at, char in enumerate(word) for accented in _ACCENTED.get(char, ""))


@lru_cache(maxsize=65536)
def _common_latin(word: str) -> bool:
    """Whether a folded Latin word is that common in one of those languages."""
    return _as_common_as(word, COMMON_LATIN_ZIPF, _COMMON_LATIN_LANGUAGES)


def _short_in(name: Sound, form: Form) -> bool:
    """A short name found across an abjad (see _short_across), unless it is an abjad
    name read in a common Latin word (see _common_latin)."""
    return _short_across(name, form.sound) and not (
        name.kind in _ABJAD and form.sound.kind == "other" and _common_latin(form.roman))


# The vowels an abjad's letters stand for: alef a, yeh e or i (at the end only i: a
# final e in Latin is often silent), waw o or u.
_WRITTEN_SOUNDS = {"A": "A", "E": "EI", "I": "EI", "O": "OU", "U": "OU"}
_FINAL_SOUNDS = {"A": "A", "E": "I", "I": "I", "O": "OU", "U": "OU"}


_NO_VOWELS = re.compile("^[b-df-hj-np-tv-z]{3,6}$")


@lru_cache(maxsize=65536)
def acronym(name_word: str) -> str | None:
    """The pinyin initials of a Chinese name of three or more syllables, the Latin
    acronym some Chinese companies are known by abroad; a text word matches it whole, and
    only if it has no vowel letter (never a common word)."""
    if script(name_word) != "han":
        return None
    initials = "".join(syllable[0] for syllable in han_syllables(name_word))
    return initials if _NO_VOWELS.match(initials) else None


def _deletions(found: str) -> Iterator[tuple[str, int]]:
    """The key with one consonant left out (the vowel marks stay), and where."""
    start = 1 if found.startswith("V") else 0
    stop = len(found) - 1 if found.endswith("V") and len(found) > start else len(found)
    for index in range(start, stop):
        yield found[:index] + found[index + 1 :], index


# The Arabic article as the press writes it apart (al-, el-, ul-, and assimilated ad-,
# ar-, as-, ash-, at-, az-, an-), and the short particles names are written with either
# apart or joined (Abu Bakr = Abubakr, Ben Ali = Benali).
_ARTICLES = frozenset({"al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an"})
_PARTICLES = _ARTICLES | frozenset(
    {"abu", "abou", "bin", "ibn", "ben", "ould", "abd", "abdel", "abdul", "abdal", "abdoul",
     "bou", "ait", "van", "von", "de", "da", "di", "du", "del", "der", "la", "le", "mc",
     "mac", "عبد", "ابو", "بن", "ابن"}
)
_SHOWN_ARTICLES = frozenset({"al", "el", "ul"})
# Particles written in Arabic script, as the press writes them in Latin.
_CANON = {"عبد": "abd", "ابو": "abu", "بن": "bin", "ابن": "ibn"}
_SPELLINGS: dict[str, set[str]] = {}
for _arabic, _latin in _CANON.items():
    _SPELLINGS.setdefault(_latin, {_latin}).add(_arabic)


def rule_words(tokens: tuple[str, ...], adjacent: Callable[[int], bool]) -> list[str]:
    """The words of a name as written in a rule: an article or particle written apart is
    part of the next word (Al-Khalid = Alkhalid), a run of kana or of Chinese characters is
    one word."""
    words: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = script(token)
        end = index + 1
        if kind in ("kana", "han", "thai"):
            while end < len(tokens) and _run_kind(tokens[end]) == _run_kind(token) \
                    and adjacent(end - 1):
                end += 1
            words.append("".join(tokens[index:end]))
        elif token in _PARTICLES and end < len(tokens) and script(tokens[end]) == kind:
            words.append(token + tokens[end])
            end += 1
        else:
            words.append(token)
        index = end
    return words


# A place in a name: which name, which of its spellings (0: word by word, 1: written
# as one word), which word of that spelling, and how many words the spelling has.
Place = tuple[int, int, int, int]


class NameIndex:
    """Every `~` name of a rulebook, indexed by key, romanised form and stem."""

    def __init__(self) -> None:
        self._exact: dict[str, list[tuple[Place, str]]] = {}  # short names, and their script
        # short readings for some scripts only: romanised form -> (place, those scripts)
        self._scoped_exact: dict[str, list[tuple[Place, frozenset[str]]]] = {}
        # and the longer ones, by key, with their sound (kept apart: most text words are
        # in none of their scripts, and skip them at the cost of one look-up)
        self._scoped_keys: dict[str, list[tuple[Place, Sound]]] = {}
        self._stems: dict[str, list[Place]] = {}
        self._romans: dict[str, list[Place]] = {}  # every reading as spelled (Boeing)
        self._latin_stems: dict[str, list[tuple[Place, str]]] = {}  # and its final vowel
        self._keys: dict[str, list[Place]] = {}
        self._long: dict[str, list[Place]] = {}
        self._shorter: dict[str, list[Place]] = {}
        self._other: dict[tuple[str, int], list[Place]] = {}
        self._short_keys: dict[str, list[Place]] = {}  # short names, for other scripts
        self._short_sounds: dict[Place, list[Sound]] = {}
        self._acronyms: dict[str, list[Place]] = {}
        self._cache: dict[str, tuple[Place, ...]] = {}
        self._reading = False  # inside find: the cache is not emptied until it returns
        self._known: set[str] = set()  # words looked up (the cache's keys, as a set)
        self._positive: set[str] = set()  # those that may be part of a name
        self._sounds: dict[Place, list[Sound]] = {}
        # what a run of Chinese characters must read as to be looked up
        self._han_filter = HanFilter()
        # particles some name word starts with, and (particle, key of the rest): a text
        # particle is joined to the next word only when they could make such a word
        self._heads: set[str] = set()
        self._rests: set[tuple[str, str]] = set()
        self.count = 0
        self._rhotic_names = False  # a name in kana or Hangul: text words without their r
        self._foreign_names = False  # a name not in Latin: Latin text words read soft too
        # a Korean name the press splits into its syllables (최윤범 = Choi Yun-beom): the
        # keys of each split, its first pieces' keys, and the text words that may be a
        # piece (their keys) and may begin one
        self._splits: set[tuple[str, ...]] = set()
        self._split_prefixes: set[tuple[str, ...]] = set()  # the splits' first pieces
        self._split_heads: set[str] = set()
        self._split_pieces: set[str] = set()
        self._piece_keys: dict[str, frozenset[str]] = {}
        self._split_starts: set[str] = set()
        self._rare_pieces: set[str] = set()  # pieces that are no common word (see _joined)
        # Korean name words by their syllables, for Han characters read in Korean
        # (高麗亜鉛 = 고려아연), and every run of syllables that begins one
        self._hanja: dict[str, list[Place]] = {}
        self._hanja_prefixes: set[str] = set()
        self._han: set[Place] = set()  # the name words written in Chinese characters
        # and those words' characters: a short one is only itself in Chinese text (玉溪,
        # yuxi, is not 与西, "with the west", nor 遇袭, "attacked": two syllables read
        # without their tones are too many words)
        self._han_words: dict[Place, set[str]] = {}
        # one-word names by their halves' keys: first half -> second halves (see
        # _add_halves); and the text words that may be a first half
        self._halves: dict[str, set[str]] = {}
        self._half_starts: set[str] = set()
        self._second_halves: set[str] = set()  # every second half's key
        self._half_ends: set[str] = set()  # the text words that may be a second half
        self._hangul: set[Place] = set()  # and those written in Korean letters
        # and in Thai, and those words as spelled (found in a Thai run as written: a
        # Thai name of everyday words, แพทองธาร, is cut apart by the dictionary)
        self._thai: set[Place] = set()
        self._thai_names: set[str] = set()
        # those in scripts that write their vowels (Latin, Cyrillic, Greek, Armenian, India's)
        self._vowelled: set[Place] = set()
        # the short words of names of several words with a long one among them, by their
        # readings' sounds: checked only beside the name's other words (see _loosely)
        self._loose: dict[Place, tuple[Sound, ...]] = {}
        # pieces of a Chinese name only text in Latin or Cyrillic letters splits
        self._split_only: set[Place] = set()
        # the name words that write kh, sh, z, zh or y (Херсон, خالد; Шевченко; Зеленский):
        # a Latin word read with those letters for its own is only one of them, and only
        # written with a capital (_WRITTEN_FOR); the places a word reaches only so
        self._read_as: dict[str, frozenset[Place]] = {}
        self._writes: dict[str, set[Place]] = {}
        # the one-word names a rule writes with a capital (~Maduro), and those of scripts
        # without capitals (~אינטל): a common word of Latin text is one only so written
        self._capitalised: set[Place] = set()
        self._joined_places: set[Place] = set()  # a name of several words written as one

    def __bool__(self) -> bool:
        return self.count > 0

    def add(self, name_id: int, words: list[str], capitalised: bool = False,
            sounded: list[str] | None = None) -> None:
        """Index a name given as its words (see rule_words); `capitalised` when the rule
        writes it with a capital (see _find); `sounded`, the same words as their letters
        sound where folding lost a sign (see sounded_letters)."""
        self.count += 1
        spellings = [words]
        if not sounded or len(sounded) != len(words) or sounded == words:
            sounded = None  # (a particle joined otherwise: no such reading)
        for position, word in enumerate(sounded or ()):
            self._add_sounded((name_id, 0, position, len(words)), word)
        if len(words) > 1 and all(script(w) == script(words[0]) for w in words):
            spellings.append(["".join(words)])
            if sounded:
                self._add_sounded((name_id, 1, 0, 1), "".join(sounded))
            for form in _korean_surnamed(words):  # the words joined, as Korean writes them
                self._add_form((name_id, 1, 0, 1), form)
        if len(words) == 1 and script(words[0]) == "han" and 2 <= len(words[0]) <= HAN_WINDOW:
            # the Latin and Cyrillic press split a Chinese name after its first character,
            # the surname (许家印 = Xu Jiayin, 习近平 = Xi Jinping = Си Цзиньпин): in those
            # letters only
            spellings.append([words[0][0], words[0][1:]])
            self._split_only.update((name_id, len(spellings) - 1, position, 2)
                                    for position in range(2))
        for spelling_id, spelling in enumerate(spellings):
            self._add_loose(name_id, spelling_id, spelling)
            for position, word in enumerate(spelling):
                if script(word) == "han":
                    self._han.add((name_id, spelling_id, position, len(spelling)))
                    self._han_words.setdefault(
                        (name_id, spelling_id, position, len(spelling)), set()).add(word)
                elif script(word) == "hangul":
                    self._hangul.add((name_id, spelling_id, position, len(spelling)))
                elif script(word) == "thai":
                    self._thai.add((name_id, spelling_id, position, len(spelling)))
                    self._thai_names.add(word)
                elif script(word) in _VOWELLED:
                    self._vowelled.add((name_id, spelling_id, position, len(spelling)))
                if (capitalised and len(words) == 1) or (
                        script(word) in _UNCASED and len(spelling) == 1):
                    # (a longer name's words say enough; a name of a script without
                    # capitals, its words joined too, is one the Latin press capitalises)
                    self._capitalised.add((name_id, spelling_id, position, len(spelling)))
                initials = acronym(word)
                if initials is not None:
                    place = (name_id, spelling_id, position, len(spelling))
                    self._acronyms.setdefault(initials, []).append(place)
                self._rhotic_names |= script(word) in _NON_RHOTIC
                self._foreign_names |= script(word) != "other"
                readings = name_readings(word)
                if script(word) == "han":
                    self._han_filter.window = min(max(self._han_filter.window, len(word)),
                                                  HAN_LONGEST)
                else:
                    # the Chinese press writes a foreign name with about a character per
                    # consonant (库丹库拉姆, Kudankulam; 斯凯莱夫特奥, Skellefteå)
                    self._han_filter.window = min(max(self._han_filter.window, max(
                        (f.consonants for f in readings), default=0)), HAN_FOREIGN_WINDOW)
                if len(words) > 1 and len(spelling) == 1:
                    self._joined_places.add((name_id, spelling_id, position, 1))
                for form in readings:
                    self._add_form((name_id, spelling_id, position, len(spelling)), form)
                if script(word) == "kana" and len(words) > 1:
                    # a kana word of a longer name is read as a text word is (チ as ti:
                    # USスチール = US Steel); the other words keep it to the name
                    for form in _kana_readings(word, romanise(word, "kana")):
                        self._add_form((name_id, spelling_id, position, len(spelling)), form)
                if script(word) == "hangul":
                    self._add_splits(word)
                    self._add_hanja((name_id, spelling_id, position, len(spelling)), word)
                elif len(words) == 1 and script(word) not in _WHOLE_WORD_SCRIPTS:
                    self._add_halves(word)
                for stem in case_stems(word):
                    # a Russian or Greek name given in one case is found in the others
                    # (Северная Каролина = Северной Каролине, Πειραιάς = Πειραιά): stem
                    # against stem
                    for form in _readings(stem, script(word)):
                        self._add_form((name_id, spelling_id, position, len(spelling)), form)
                for form in place_noun_readings(word):
                    # a place adjective finds the place's name (see place_nouns)
                    self._add_form((name_id, spelling_id, position, len(spelling)), form)
                for particle in _PARTICLES:
                    if word.startswith(particle) and len(word) > len(particle):
                        head = _CANON.get(particle, particle)
                        self._heads.update(_SPELLINGS.get(head, {head}))
                        self._rests.add((head, _plain_key(word[len(particle):])))
        self._forget()

    def _add_loose(self, name_id: int, spelling_id: int, spelling: list[str]) -> None:
        """Note the short words of a name that has a long word too: beside that word, a
        short one is found by its consonants alone (شهید رجایی = Shahid Rajaei, whose
        رجایی writes no vowel where Rajaei has one), which alone would be too many words."""
        if len(spelling) < 2:
            return
        # (words of letters only: a model's letters and number are its designation, and
        # KC-390 is no C-390)
        readings = [[f for f in name_readings(w) if f.sound.kind in _LOOSE] if w.isalpha()
                    else [] for w in spelling]
        long = [any(f.consonants > SHORT_CONSONANTS for f in forms) for forms in readings]
        for position, forms in enumerate(readings):
            short = tuple(f.sound for f in forms if 0 < f.consonants <= SHORT_CONSONANTS)
            # (a word read both ways, رجایی as rjayi and rjay, by its short reading too)
            if short and any(long[:position] + long[position + 1:]):
                self._loose[(name_id, spelling_id, position, len(spelling))] = short

    def _loosely(self, word: str, place: Place) -> bool:
        """Whether a text word is a name's short word by its consonants, and a vowel at
        its start and end or none, as the index key reads them (see _add_loose); between
        two scripts that write vowels, with alike vowels too (Emir is no Omar), and never
        a common word of its script's languages (السيد, Mr., is no Saad)."""
        sounds = self._loose.get(place)
        return sounds is not None and any(
            form.key == known.key and (
                form.sound.kind not in _FULL or known.kind not in _FULL
                or _alike(known.vowels, form.sound.vowels))
            for form in word_forms(word)
            if 0 < form.consonants <= SHORT_CONSONANTS and form.sound.kind in _LOOSE
            for known in sounds) and not _as_common_as(
                word, LOOSE_COMMON_ZIPF, _TEXT_LANGUAGES.get(script(word), ()))

    def _add_sounded(self, place: Place, word: str) -> None:
        """Index a name word read as its signed letters sound (Erdoğan: erdoan; see
        sounded_letters), against the scripts that write every sound it has and so do
        not lose it to their own common words (エルドアン, 埃尔多安, एर्दोआन, Шевченко; not
        Arabic's الأردن or Korean's 일단)."""
        for form in name_readings(word):
            if (scoped := _within(form, _SOUNDED_FOR)) is not None:
                self._add_form(place, scoped)

    def _forget(self) -> None:
        self._cache.clear()
        self._read_as.clear()
        self._known.clear()
        self._positive.clear()
        self._piece_keys.clear()
        self._split_starts.clear()
        self._rare_pieces.clear()
        self._half_starts.clear()
        self._half_ends.clear()

    def _add_splits(self, word: str) -> None:
        """Index a Korean name word by the keys of its syllables in groups, as the press
        writes it in other scripts: 최윤범 = Choi Yun-beom, 영풍 = Young Poong."""
        syllables = unicodedata.normalize("NFC", word)
        if len(syllables) > _MAX_SPLIT:
            return  # a longer word is a loanword (메타플랜트 = Metaplant), written whole
        for groups in _syllable_groups(syllables):
            keys = [{_piece_key(f.key) for f in name_readings(g)} for g in groups]
            keys[0] |= {_piece_key(_plain_key(s)) for s in _SURNAMES.get(groups[0], ())}
            for split in itertools.product(*keys):
                if all(split):
                    self._splits.add(split)
                    self._split_prefixes.update(split[:end] for end in range(1, len(split)))
                    self._split_heads.add(split[0])
                    self._split_pieces.update(split)

    def _add_halves(self, word: str) -> None:
        """Index a one-word name by the keys of its two halves, cut where a word may
        end, as the press may write it apart (Rekodiq = Reko Diq, Реко-Дик, ريكو ديك):
        two text words that may be its halves are joined and looked up as one word."""
        if not all(char.isalpha() or unicodedata.category(char)[0] == "M" for char in word):
            return  # (letters and their marks: แลนด์บริดจ์)
        for form in name_readings(word):
            if form.sound.only or form.consonants < 2 * _HALF_CONSONANTS:
                continue
            roman, kind = form.roman, form.sound.kind
            for cut in range(2, len(roman) - 1):
                if roman[cut] in _VOWELS and roman[cut - 1] not in _VOWELS:
                    continue  # (a cut falls before a syllable's consonant: Reko|Diq)
                first, second = sound(roman[:cut], kind), sound(roman[cut:], kind)
                if min(len(first.consonants), len(second.consonants)) >= _HALF_CONSONANTS:
                    self._halves.setdefault(first.key, set()).add(second.key)
                    self._second_halves.add(second.key)

    def _add_hanja(self, place: Place, word: str) -> None:
        """Index a Korean word by its syllables, as Han characters read in Korean spell
        it (the Chinese and Japanese press write 최윤범 as 崔允範)."""
        syllables = hangul_word(word)
        if syllables and 2 <= len(syllables) <= HANJA_WINDOW:
            self._hanja.setdefault(syllables, []).append(place)
            self._hanja_prefixes.update(syllables[:end] for end in range(1, len(syllables) + 1))

    def _note_piece(self, word: str) -> None:
        """Remember a text word that may be a syllable of a split Korean name."""
        if not word.isalpha() or script(word) in ("hangul", "han", "kana"):
            # Korean text writes the name whole, Chinese in the characters it is read
            # from (崔允範) and Japanese in katakana (チェ・ユンボム, see _text_words), not one
            # character for each syllable's sound (わ|そ|わ is no 바르샤바)
            return
        found = _piece_keys(word) & self._split_pieces
        if found:
            self._piece_keys[word] = found
            if found & self._split_heads and not _function_word(word):
                self._split_starts.add(word)  # not "de", "al", "an": grammar, no name's
            if not _common_piece(word):
                self._rare_pieces.add(word)

    def _joined(
        self, tokens: list[str], starts: set[str], rare: set[str],
        written: Callable[[str], bool],
    ) -> Iterator[tuple[int, int, str]]:
        """Runs of text words that may be a Korean name split into its syllables, joined
        (Choi Yun-beom = choiyunbeom), as (first token, end token, word). Each word must
        be written as a name's is (`written`), and in a script without capitals not every
        one may be a common word: a run starts within reach of a `rare` piece."""
        pieces = self._piece_keys
        last = len(tokens) - 1
        begins = {start for index in _places_of(tokens, rare)
                  for start in range(max(0, index - _MAX_PIECES + 1), index + 1)
                  if tokens[start] in starts}
        for index in sorted(begins):
            if index == last or tokens[index + 1] not in pieces:
                continue  # a start (a common word: كي, ميں) that nothing follows
            # the pieces so far that some split name begins with: a run stops as soon as
            # none does, and a piece is tried only after the pieces that can precede it
            begun: set[tuple[str, ...]] = {(key,) for key in pieces[tokens[index]]}
            begun &= self._split_prefixes
            for end in range(index + 1, min(len(tokens), index + _MAX_PIECES)):
                more = pieces.get(tokens[end])
                if more is None or not begun:
                    break
                grown = {piece + (key,) for piece in begun for key in more}
                if not self._splits.isdisjoint(grown) \
                        and all(written(t) for t in tokens[index:end + 1]) \
                        and not all(_common_piece(t) for t in tokens[index:end + 1]):
                    yield index, end + 1, "".join(tokens[index:end + 1])
                begun = grown & self._split_prefixes

    def _halves_joined(
        self, tokens: list[str], starts: set[str], ends: set[str],
        written: Callable[[str], bool],
    ) -> Iterator[tuple[int, int, str]]:
        """Two text words of one script that may be a one-word name's halves (see
        _add_halves), joined, as (first token, end token, word): the first among
        `starts`, the second among `ends`, each written as a name's (`written`: with a
        capital in Latin text), in a script without capitals not both common words."""
        pairs = [index for index, (first, second) in enumerate(itertools.pairwise(tokens))
                 if first in starts and second in ends]
        for index in pairs:
            first, second = tokens[index], tokens[index + 1]
            seconds = _half_keys(second)
            if any(not seconds.isdisjoint(self._halves.get(key, ()))
                   for key in _half_keys(first)) \
                    and script(first) == script(second) \
                    and not (_common_piece(first) and _common_piece(second)) \
                    and written(first) and written(second):
                yield index, index + 2, first + second

    def _add_form(self, place: Place, form: Form) -> None:
        """Index one reading of a name word."""
        for letters in _NEEDED:
            if letters in form.roman:
                self._writes.setdefault(letters, set()).add(place)
        self._han_filter.add(form)
        if form.sound.only:  # a reading for some scripts only: by sound, as it is
            if form.consonants <= SHORT_CONSONANTS:  # short: only as spelled (ピアッジオ)
                self._scoped_exact.setdefault(form.roman, []).append((place, form.sound.only))
                return
            self._scoped_keys.setdefault(form.key, []).append((place, form.sound))
            return
        if form.roman[-1:] in _VOWELS and len(form.roman) > _MIN_STEM:
            # a Cyrillic case ending in place of the final vowel (Тойоты = Toyota)
            self._stems.setdefault(form.roman[:-1], []).append(place)
        if form.sound.kind == "other" and form.roman[-1:] in _FOR_FINAL_VOWEL and \
                len(form.roman) > _MIN_STEM:
            # a Latin name in -a, -o, -e or -y, found with the endings that replace it
            self._latin_stems.setdefault(form.roman[:-1], []).append((place, form.roman[-1]))
        self._romans.setdefault(form.roman, []).append(place)
        if form.consonants <= SHORT_CONSONANTS:
            self._exact.setdefault(form.roman, []).append((place, form.sound.kind))
            if form.consonants and (form.sound.kind in _ABJAD or form.sound.kind in _FULL):
                self._short_keys.setdefault(form.key, []).append(place)
                self._short_sounds.setdefault(place, []).append(form.sound)
            return
        self._sounds.setdefault(place, []).append(form.sound)
        self._keys.setdefault(form.key, []).append(place)
        if form.consonants >= LONG_CONSONANTS:
            # one edit away: the key with one consonant left out, and where (a
            # text key with the same consonant left out there differs by one)
            self._long.setdefault(form.key, []).append(place)
            for deleted, where in _deletions(form.key):
                self._shorter.setdefault(deleted, []).append(place)
                self._other.setdefault((deleted, where), []).append(place)

    def _look_up(self, word: str, form: Form) -> set[Place]:
        """The name words one reading of a text word may be."""
        found: set[Place] = set()
        if form.consonants > SHORT_CONSONANTS:
            # (a word without its case ending only against a reading made for the
            # scripts that decline names alone: Трампа, not выразила for 브라질's)
            kind = form.sound.kind
            found.update(p for p, known in self._scoped_keys.get(form.key, ())
                         if kind in known.only and _agree(known, form.sound)
                         and (not form.stem or known.only <= _DECLINING)
                         and not _read_with_j_as_word(known.only, word))
        if form.sound.only:
            found.update(p for p in self._keys.get(form.key, ())
                         if any(_agree(k, form.sound) for k in self._sounds[p]))
            if form.consonants <= SHORT_CONSONANTS and not form.stem:
                # a short name read so only as spelled (Тиба = Chiba, Си = Xi)
                found.update(p for p, known in self._exact.get(form.roman, ())
                             if known in form.sound.only and not _common_word(word)
                             and not _read_with_j_as_word(form.sound.only, word))
            return found
        if form.stem and form.sound.kind == "other":
            # a Latin word without a Slavic case ending: the name less its final
            # vowel (Tesli = Tesla) or the name as spelled (Boeinga = Boeing), never
            # by sound (Barcelona is no Brooklyn)
            found.update(p for p, vowel in self._latin_stems.get(form.roman, ())
                         if form.ending in _FOR_FINAL_VOWEL[vowel])
            if _after_consonant(form) or _agglutinated(form):
                found.update(self._romans.get(form.roman, ()))
            return found
        if form.stem and form.sound.kind not in _ENDING_AFTER_VOWEL:
            found.update(self._stems.get(form.roman, ()))
        else:
            kind = form.sound.kind
            found.update(p for p, known in self._exact.get(form.roman, ())
                         if (known == kind or p[3] > 1 or not _common_word(word))
                         and not (kind == known == "han"
                                  and word not in self._han_words.get(p, (word,))))
            found.update(p for p, only in self._scoped_exact.get(form.roman, ())
                         if kind in only and not _common_word(word)
                         and not _read_with_j_as_word(only, word))
        if form.consonants <= SHORT_CONSONANTS:
            if not form.stem:
                found.update(
                    p for p in self._short_keys.get(form.key, ())
                    if any(_short_in(k, form) for k in self._short_sounds[p]))
            return found
        # the index is coarse (every merge, inner vowels left out): check each find
        near: list[Place] = list(self._keys.get(form.key, ()))
        if form.consonants >= LONG_CONSONANTS - 1:
            edited = list(self._shorter.get(form.key, ()))
            for deleted, where in _deletions(form.key):
                edited += self._other.get((deleted, where), ())
                edited += self._long.get(deleted, ())
            if form.sound.kind == "other":
                # a name's words written as one Latin word (Gas Project = Gasprojekt) are
                # its consonants exactly: with one more, less or other, two words' worth
                # make another word (RAOS Project is no Gasprojekt); kana and Korean,
                # which write a name's words as one, may lose one (バンドン = Bandung)
                edited = [p for p in edited if p not in self._joined_places]
            near += edited
        found.update(
            p for p in near if any(_agree(known, form.sound) for known in self._sounds[p])
        )
        return found

    def places(self, word: str) -> tuple[Place, ...]:
        """Every name word that this text word may be (remembered per word)."""
        found = self._cache.get(word)
        if found is not None:
            return found
        places: set[Place] = set(self._acronyms.get(word, ()))
        forms = word_forms(word)
        if self._foreign_names and ("c" in word or "g" in word):
            forms = forms + soft_forms(word)  # SpaceJet for スペースジェット
        if self._rhotic_names and "r" in word:
            forms = forms + non_rhotic_forms(word)  # Bombardier for ボンバルディア
        read_as: set[Place] = set()
        for form in forms:
            may_be = self._look_up(word, form)
            if form.needs:
                # a Latin ch or j read as kh is only a name's kh (Cherson is Херсон,
                # Chiyoda no ہوائی, which writes an h); so with the others (_WRITTEN_FOR)
                for letters in form.needs.split():
                    may_be &= self._writes.get(letters, set())
                read_as |= may_be
            else:
                places.update(may_be)
        if read_as - places and not _accented_word(word):
            self._read_as[word] = frozenset(read_as - places)
            places |= read_as
        for pinyin in chinese_spellings(word):
            # a Latin name spelled as the run's pinyin (a Chinese or Japanese name is
            # found by its own characters: 冬季, winter, is no 東芝, dongzhi)
            places.update(p for p in self._romans.get(pinyin, ()) if p not in self._han)
        if places and self._split_only and script(word) not in _SPLIT_CHINESE:
            places = {p for p in places if p not in self._split_only}  # (places are few)
        if places and (_everyday(word) or _grammar_edge(word)):
            # a common Chinese, Japanese or Korean word is that word, not a name of
            # another script read by its sound (ژاپن, Japan in Persian, is not 周边; 그리고,
            # and, is not Greece), unless spelled so (华为, Huawei); one Chinese
            # character is only a Chinese name's (चीन, China in Hindi, is not 亲, qin)
            own = {"han": self._han, "thai": self._thai}.get(script(word), self._hangul)
            if _one_han(word):
                places &= own
            else:
                spelled = {p for roman in _spelled_as(word, forms)
                           for p in self._romans.get(roman, ())}
                places = {p for p in places if p in spelled or p in own}
        if places and script(word) == "other" and _everyday_latin(word):
            # a Latin everyday word is that word, capitalised too, not a name that writes
            # other vowels (German Jeder, every, is not Jadar or Јадар; Square is not
            # Σκουριές; Paris is Парис)
            vowels = {form.sound.vowels for form in forms}
            places = {p for p in places if p not in self._vowelled or any(
                known.vowels in vowels for known in self._sounds.get(p, ()))
                or any(p in self._romans.get(form.roman, ()) for form in forms)}
        result = tuple(places)
        if len(self._cache) >= _WORD_CACHE and not self._reading:
            self._forget()
        if self._splits:
            self._note_piece(word)
        if self._halves and word.isalpha() and script(word) not in _WHOLE_WORD_SCRIPTS:
            # (kana and Chinese text runs are read whole, see _text_words)
            keys = _half_keys(word)
            first = not self._halves.keys().isdisjoint(keys)
            second = not self._second_halves.isdisjoint(keys)
            if (first or second) and not _function_word(word):  # (de, al, the: no half)
                if first:
                    self._half_starts.add(word)
                if second:
                    self._half_ends.add(word)
        self._cache[word] = result
        self._known.add(word)
        if result:
            self._positive.add(word)
        return result

    def _read_in_korean(
        self, tokens: list[str], adjacent: Callable[[int], bool]
    ) -> Iterator[tuple[int, int, tuple[Place, ...]]]:
        """Where runs of Han characters, read in Korean, spell a Korean name word, as
        (first token, end token, its places). Each start is read one character at a time
        while some name begins with the syllables read so far."""
        prefixes = self._hanja_prefixes
        for first, token in enumerate(tokens):
            said = [r for r in readings(token) if r in prefixes]  # none for other words
            last = first
            while said and last + 1 < len(tokens) and last + 1 - first < HANJA_WINDOW \
                    and adjacent(last):
                last += 1
                said = [s + r for s in said for r in readings(tokens[last]) if s + r in prefixes]
                for syllables in said:
                    places = self._hanja.get(syllables)
                    if places and _hanja_word("".join(tokens[first:last + 1])):
                        yield first, last + 1, tuple(places)

    def find(
        self, folded: str, adjacent: Callable[[int], bool],
        written: Callable[[str], bool] = lambda word: True,
        spaced: Callable[[int], bool] = lambda index: True,
    ) -> dict[int, list[tuple[int, int]]]:
        """Where each name occurs in a field's folded tokens (space-separated): name id ->
        token ranges. Each distinct word is looked up once; positions are walked only
        when a word may be a name, a particle may join the next word, or the text has
        kana or Chinese characters. `written` tells whether the field writes a word as a
        name's piece may be (with a capital, in a script without them, or after a
        hyphen: Yun-beom); `spaced`, whether only spaces stand between a token and the
        next (a name's short word is read loosely only so)."""
        if len(self._cache) >= _WORD_CACHE:
            self._forget()  # between texts: what a text's first words said holds to its end
        self._reading = True
        try:
            return self._find(folded, adjacent, written, spaced)
        finally:
            self._reading = False

    def _find(
        self, folded: str, adjacent: Callable[[int], bool], written: Callable[[str], bool],
        spaced: Callable[[int], bool],
    ) -> dict[int, list[tuple[int, int]]]:
        tokens = folded.split(" ")
        distinct = set(tokens)
        for word in distinct - self._known:
            self.places(word)
        positive = distinct & self._positive
        joins = distinct & self._heads
        runs = not folded.isascii() and _RUN_CHARS.search(folded) is not None
        spelled = not folded.isascii() and len(distinct & _letter_names().keys()) > 0
        # a split name has a piece that is no common word: text of common words only (كي
        # الامن, Arabic read as Korean syllables) has none to look for
        rare = distinct & self._rare_pieces
        split = distinct & self._split_starts if rare else set()
        halves = distinct & self._half_starts
        ends = distinct & self._half_ends if halves else set()
        if not (positive or joins or runs or spelled or split or halves):
            return {}
        starts: dict[int, list[tuple[int, tuple[Place, ...]]]] = {}
        words = _text_words(tokens, adjacent, positive, joins, self._rests, runs,
                            self._han_filter, self._thai_names)
        if spelled:
            words = itertools.chain(words, _spelled_letters(tokens))
        if split:
            words = itertools.chain(words, self._joined(tokens, split, rare, written))
        if halves and ends:
            words = itertools.chain(
                words, self._halves_joined(tokens, halves, ends, written))
        for start, end, word in words:
            places = self.places(word)
            if places and word == tokens[start]:
                # a common word written without a capital in Latin text is that word
                # (plátano maduro, mi tata), not a one-word name written with one (~Maduro,
                # ~Tata, ~Мадуро; ~uranium is a word of the story, in lower case too); nor
                # is any word a piece of a Chinese name split as the Latin press writes it
                # (Xu Jiayin, not "he ran" for 何然)
                piece = not self._split_only.isdisjoint(places)
                lower = not self._capitalised.isdisjoint(places) and capital_needed(word)
                read_as = self._read_as.get(word, frozenset())
                if (piece or lower or read_as) and not written(word):
                    # (and a word read with another language's letters, see _WRITTEN_FOR)
                    places = tuple(p for p in places if not (piece and p in self._split_only)
                                   and not (lower and p in self._capitalised)
                                   and p not in read_as)
            if places:
                starts.setdefault(start, []).append((end, places))
        if runs and self._hanja:
            for start, end, places in self._read_in_korean(tokens, adjacent):
                starts.setdefault(start, []).append((end, places))
        found: dict[int, list[tuple[int, int]]] = {}
        loose = None
        if self._loose:
            def loose(at: int, place: Place, before: bool = False) -> bool:
                # a short word of the name, written as a name, one phrase with the word
                # it stands beside (after it, or before it); the cheap tests first
                return place in self._loose and 0 <= at < len(tokens) \
                    and self._loosely(tokens[at], place) and written(tokens[at]) \
                    and spaced(at if before else at - 1)
        for start, options in starts.items():
            for end, places in options:
                for name_id, spelling, position, length in places:
                    begin = start - position
                    if position != 0 and (loose is None or begin < 0 or not all(
                            loose(begin + k, (name_id, spelling, k, length), before=True)
                            for k in range(position))):
                        continue  # (a name's short first words, loosely, before it)
                    last = _chain(starts, end, name_id, spelling, position + 1, length,
                                  loose)
                    if last is not None:
                        if begin > 0 and tokens[begin - 1] in _SHOWN_ARTICLES:
                            start_at = begin - 1  # "al Khalid": the article is shown too
                        else:
                            start_at = begin
                        span = (start_at, last)
                        if span not in found.setdefault(name_id, []):
                            found[name_id].append(span)
        for spans in found.values():
            spans.sort()
        return found


# Latin letters as Arabic writes their names (إتش آي تي = HIT); the
# names that are also Arabic words (في, أو, إن, إل, إي) are left out.
_ARABIC_LETTER_NAMES = {
    "إيه": "a", "بي": "b", "سي": "c", "دي": "d", "إف": "f", "جي": "g", "إتش": "h",
    "آي": "i", "جيه": "j", "كيه": "k", "إم": "m", "كيو": "q", "آر": "r", "إس": "s",
    "تي": "t", "يو": "u", "دبليو": "w", "إكس": "x", "واي": "y", "زد": "z",
}
# Urdu's letter names where they differ from Arabic's (جے ایف 17 = JF-17); those that
# are also everyday Urdu words (کے, of; سی, like; پی, drank; آئی, came) are left out.
_URDU_LETTER_NAMES = {
    "جے": "j", "ایف": "f", "ایچ": "h", "ایل": "l", "ایم": "m", "این": "n", "ایس": "s",
    "ٹی": "t", "ڈی": "d", "ڈبلیو": "w", "ایکس": "x", "وائی": "y", "زیڈ": "z",
}
_MAX_SPELLED = 6


@cache
def _letter_names() -> dict[str, tuple[str, ...]]:
    """The letter names as folded text tokens, and the letters each may stand for (Urdu
    جے, J, folds to the Arabic جي, G)."""
    from monitor.rulebook.normalize import folded_tokens  # normalize needs no names

    names: dict[str, tuple[str, ...]] = {}
    for table in (_ARABIC_LETTER_NAMES, _URDU_LETTER_NAMES):
        for name, letter in table.items():
            folded = folded_tokens(name)
            names[folded] = tuple(dict.fromkeys((*names.get(folded, ()), letter)))
    return names


def _spelled_letters(tokens: list[str]) -> Iterator[tuple[int, int, str]]:
    """Runs of two or more Latin letters spelled out by name, as the acronyms they may
    spell."""
    names = _letter_names()
    for start, token in enumerate(tokens):
        if token not in names:
            continue
        spellings = list(names[token])
        for end in range(start + 1, min(len(tokens), start + _MAX_SPELLED)):
            if tokens[end] not in names:
                break
            spellings = [s + letter for s in spellings for letter in names[tokens[end]]]
            for letters in spellings:
                yield start, end + 1, letters


_MAX_PIECES = 3  # Choi Yun beom
# A one-word name is looked for written apart only with this many consonants in each
# half (Reko Diq): a half of one consonant is a word of any text
_HALF_CONSONANTS = 2
# the scripts whose names are not cut in halves: Korean splits its own way (see
# _add_splits), kana and Chinese characters run together in text
_WHOLE_WORD_SCRIPTS = frozenset({"hangul", "kana", "han"})
_MAX_SPLIT = 4  # syllables: names; longer words are loanwords
FUNCTION_WORD_ZIPF = 5.8  # a word this common starts no split name (Park, 5.2, does)
# the scripts whose word lists say a split name's piece is a common word
_PIECE_LANGUAGES = {kind: _TEXT_LANGUAGES[kind] for kind in ("arabic", "hebrew", "devanagari")}
# Korean family names as the press spells them where that differs from their
# romanisation's sound (이 = Lee, not i; 정 = Chung; 노 = Roh): in Latin text only
_SURNAMES = {
    "이": ("lee", "yi", "rhee"), "정": ("chung",), "조": ("cho",), "장": ("chang",),
    "전": ("chun",), "천": ("chun",), "노": ("roh",), "임": ("lim",), "신": ("shin",),
    "류": ("ryu", "yoo"), "유": ("yoo",), "선": ("sun",), "성": ("sung",), "진": ("chin",),
    "차": ("cha",), "지": ("chi",), "주": ("joo", "chu"), "구": ("koo",), "우": ("woo",),
}


# and back: the Korean family name a Latin spelling is (Lee = 이, read i; Chung = 정)
_SURNAME_READINGS: dict[str, list[str]] = {}
for _syllable, _spellings in _SURNAMES.items():
    for _spelled in _spellings:
        _SURNAME_READINGS.setdefault(_spelled, []).append(romanise(_syllable, "hangul"))


def _korean_surnamed(words: list[str]) -> list[Form]:
    """A Latin name of two or three words that opens with a Korean family name as the
    press spells it, read with that name's Korean sound, against Korean only (Lee
    Jae-yong = 이재용, Chung Eui-sun = 정의선): the name's words joined, as Korean writes
    a person's name."""
    if not 2 <= len(words) <= _MAX_PIECES or not all(script(w) == "other" for w in words):
        return []
    rest = "".join(words[1:]).replace("-", "")
    return [_reading_for(surname + rest, "other", False, _FOR_HANGUL)
            for surname in _SURNAME_READINGS.get(words[0], ())]


def _surnamed(word: str) -> list[str]:
    """A Korean person's name of two to four syllables romanised with the press's
    spelling of its family name (이재용 = Lee Jae-yong, 정의선 = Chung Eui-sun)."""
    syllables = unicodedata.normalize("NFC", word)
    if not 2 <= len(syllables) <= _MAX_SPLIT or syllables[0] not in _SURNAMES:
        return []
    rest = romanise(syllables[1:], "hangul")
    return [surname + rest for surname in _SURNAMES[syllables[0]]]


def _syllable_groups(syllables: str) -> Iterator[tuple[str, ...]]:
    """A Korean word cut into two or three runs of its syllables (최윤범: 최 윤범, 최윤 범,
    최 윤 범)."""
    count = len(syllables)
    for pieces in range(2, min(_MAX_PIECES, count) + 1):
        for cuts in itertools.combinations(range(1, count), pieces - 1):
            bounds = (0, *cuts, count)
            yield tuple(syllables[a:b] for a, b in zip(bounds, bounds[1:], strict=False))


def _as_common_as(word: str, zipf: float, languages: tuple[str, ...]) -> bool:
    """Whether one of the languages' word lists has the word (a folded token, looked up
    as it is: no tokeniser) at least this common on the Zipf scale."""
    from monitor.rulebook.frequencies import token_frequency

    return any(thai.zipf(word) >= zipf if lang == "th"  # (the Thai National Corpus's)
               else token_frequency(word, lang) >= 10 ** (zipf - 9) for lang in languages)


@lru_cache(maxsize=65536)
def _function_word(word: str) -> bool:
    """Whether a word is grammar-common in its script's languages (de, the, al, في)."""
    languages = _PIECE_LANGUAGES.get(script(word), _COMMON_LATIN_LANGUAGES)
    return _as_common_as(word, FUNCTION_WORD_ZIPF, languages)


@lru_cache(maxsize=65536)
def _common_piece(word: str) -> bool:
    """Whether a word in a script without capitals is common in its languages (such
    words alone do not make a split Korean name)."""
    return _as_common_as(word, COMMON_LATIN_ZIPF, _PIECE_LANGUAGES.get(script(word), ()))


@lru_cache(maxsize=65536)
def _piece_keys(word: str) -> frozenset[str]:
    """A text word's keys as a piece of a split Korean name: as written, and without an
    attached prefix (ويونغ = و + يونغ)."""
    return frozenset(_piece_key(form.key) for form in word_forms(word) if not form.stem)


@lru_cache(maxsize=65536)
def _half_keys(word: str) -> frozenset[str]:
    """A text word's keys as a half of a one-word name (see NameIndex._add_halves)."""
    return frozenset(form.key for form in word_forms(word) if not form.stem)


def _piece_key(key: str) -> str:
    """A key as a piece of a split name is compared: without l, which Korean and the
    press's r and l share or leave out (Park = 박)."""
    return key.replace("l", "")


def _key_body(consonants: str) -> str:
    """A word's consonants as its index key writes them (every merge)."""
    return consonants.translate(_MERGE_RL).translate(_MERGE_PB).translate(_KEY_MERGE)


_SYLLABLE = re.compile("[A-Z][a-z]*")
_W_SYLLABLE = re.compile("w[aeiou]+")


@dataclass(frozen=True)
class _HanParts:
    """What one Chinese character adds to a run's reading: its romanised syllable and
    the consonants of its key; at a run's end, the syllable without the vowel Chinese
    adds after a final consonant (和 he as h, 额 e after a consonant as nothing) and the
    consonants that leaves (an h then unsaid after a vowel, a y or w then a vowel)."""

    roman: str
    body: str
    short: str | None
    ends: tuple[str, ...]
    first: str  # the syllable's first and last letter
    last: str
    vowel: str  # "V" when it ends on a vowel, as a key marks it
    w_only: bool  # w and vowels: before a y and a vowel its w is a vowel (务院 = uyuan)
    y_start: bool  # y and a vowel
    pinyin: str  # the syllable as pinyin writes it (州 zhou, read jou)


@lru_cache(maxsize=65536)
def _han_parts(char: str) -> _HanParts | None:
    """A Chinese character's parts, or None where its reading is no syllable of its own
    (anyascii gives one capitalised syllable for nearly all) or ends on a letter that
    could sound as one with the next (only n and r do not)."""
    if not _SYLLABLE.fullmatch(anyascii(char)):
        return None
    form = _forms_of(char, "han")
    roman = form.roman
    if not roman or roman[-1] not in "aeiounr":
        return None
    short = None
    ends: tuple[str, ...] = ()
    if roman[-1] in _ADDED_VOWEL["han"] and roman[-2:-1] not in tuple("aeiouy"):
        short = roman[:-1]
        body = _key_body(sound(short, "han").consonants) if short else ""
        ends = tuple({body, body.removesuffix("h")})
    return _HanParts(roman, _key_body(form.sound.consonants), short, ends, roman[0],
                     roman[-1], "V" if roman[-1] in _VOWELS else "",
                     _W_SYLLABLE.fullmatch(roman) is not None,
                     roman[0] == "y" and roman[1:2] in _VOWELS, "".join(han_syllables(char)))


def _joined(read: str, before: _HanParts | None, part: _HanParts, body: str) -> list[str]:
    """A run's key so far (its first vowel mark and consonants) and the consonants a
    character adds, put together as reading the run whole does: one n or r of two
    (安南), n before b or p as m, and the w of a syllable of w and vowels before a y as
    a vowel (also kept: before a y the added vowel left out, 务以 read wuy, it is not)."""
    if before is None or not _touches(before, part):
        return [read + body]
    if before.last == part.first and part.first in "nr":
        body = body[1:]
    if before.last == "n" and part.first in "bp" and read.endswith("n"):
        read = read[:-1] + "m"
    if before.w_only and part.y_start and read.endswith(before.body):
        kept = read[: len(read) - len(before.body)]
        return [read + body, (kept or "V") + body]
    return [read + body]


def _touches(before: _HanParts, part: _HanParts) -> bool:
    """Whether two characters read together otherwise than each alone (see _joined)."""
    return (before.last == part.first and part.first in "nr") \
        or (before.last == "n" and part.first in "bp") or (before.w_only and part.y_start)


def _may_go_on(read: str, part: _HanParts, starts: set[str]) -> bool:
    """Whether a run's key so far may begin a name's with the next character: as it is,
    its last n as m (before b or p), or a w syllable's w as a vowel (before y)."""
    return not read or read in starts or (part.last == "n" and read[:-1] + "m" in starts) \
        or (part.w_only and (read[:-1] or "V") in starts)


class HanFilter:
    """Which runs of Chinese characters may read as an indexed name, known without
    reading each run whole: a short name (SHORT_CONSONANTS or fewer) only as spelled,
    the run's syllables put together; a longer one by its key, the characters'
    consonants put together as the run's own reading does (see _joined). Each start is
    read one character at a time while some name begins so, and a run is looked up
    (NameIndex.places decides) only if it reads as some name's spelling or key. (With
    thousands of names most short runs begin one and many are one, so matching Chinese
    text still costs more the more names there are.)"""

    def __init__(self) -> None:
        self._romans: set[str] = set()
        self._roman_starts: set[str] = set()
        self._keys: set[str] = set()
        self._key_starts: set[str] = set()
        # Latin names as spelled: a run whose pinyin is one (广州 = Guangzhou)
        self._pinyins: set[str] = set()
        self._pinyin_starts: set[str] = set()
        # and the dictionary's proper names read as one (成都 = Chengdu), with the most
        # characters one has (worked out when first needed)
        self._proper: tuple[frozenset[str], int] | None = None
        self.window = HAN_WINDOW  # the most characters a run looked up may have

    def add(self, form: Form) -> None:
        """Note one indexed reading of a name word."""
        if form.sound.kind == "other" and not form.sound.only:
            self._pinyins.add(form.roman)
            self._pinyin_starts.update(form.roman[:end] for end in range(1, len(form.roman)))
            self._proper = None
        if form.consonants <= SHORT_CONSONANTS:
            self._romans.add(form.roman)
            self._roman_starts.update(form.roman[:end] for end in range(1, len(form.roman) + 1))
        elif form.key:
            self._keys.add(form.key)
            self._key_starts.update(form.key[:end] for end in range(1, len(form.key) + 1))

    def _proper_names(self, tokens: list[str], index: int, end: int
                      ) -> Iterator[tuple[int, int, str]]:
        """The runs of tokens[index:end] that the dictionary gives as a proper name read
        as some Latin name is spelled (成都 for Chengdu, whose 都 is also read dou)."""
        if self._proper is None:
            forms = frozenset(f for p in self._pinyins for f in proper_names(p))
            self._proper = (forms, max(map(len, forms), default=0))
        forms, longest = self._proper
        for first in range(index, end - 1):
            for stop in range(first + 2, min(end, first + longest) + 1):
                if (run := "".join(tokens[first:stop])) in forms:
                    yield first, stop, run

    def _ends(self, reads: list[str], before: _HanParts | None, part: _HanParts) -> bool:
        """Whether a run that ends with this character may read as a longer name's key
        without the vowel Chinese adds (junshih for 军事和)."""
        keys = self._keys
        return any(whole in keys or whole + "V" in keys
                   for read in reads for body in part.ends
                   for whole in _joined(read, before, part, body))

    def words(self, tokens: list[str], index: int, end: int) -> Iterator[tuple[int, int, str]]:
        """The runs of up to `window` of tokens[index:end] (Chinese characters) that may
        be a name, as (first token, end token, word)."""
        romans, roman_starts = self._romans, self._roman_starts
        keys, starts = self._keys, self._key_starts
        window = self.window
        parts = [_han_parts(token) for token in tokens[index:end]]
        count = len(parts)
        yield from self._proper_names(tokens, index, end)
        for first in range(count):
            spelled: str | None = ""
            pinyin: str | None = ""
            reads: list[str] = []
            before: _HanParts | None = None
            for last in range(first, min(count, first + window)):
                part = parts[last]
                if part is None:  # no syllable to read: look the rest up whole
                    for stop in range(last + 1, min(count, first + window) + 1):
                        yield index + first, index + stop, "".join(
                            tokens[index + first:index + stop])
                    break
                found = False
                if spelled is not None:
                    found = spelled + part.roman in romans or (
                        part.short is not None and spelled + part.short in romans)
                    spelled += part.roman
                    if spelled not in roman_starts:
                        spelled = None
                if pinyin is not None:
                    pinyin += part.pinyin
                    found = found or (last > first + 1 and pinyin in self._pinyins)
                    if pinyin not in self._pinyin_starts:
                        pinyin = None
                prior = reads if before is not None else ["V" if part.first in _VOWELS else ""]
                if len(prior) == 1 and (before is None or not _touches(before, part)):
                    # (nearly always: one reading so far, and nothing between the two
                    # characters that reads otherwise than each alone)
                    read = prior[0] + part.body
                    found = found or read + part.vowel in keys or (
                        part.short is not None and self._ends(prior, before, part))
                    reads = [read] if _may_go_on(read, part, starts) else []
                elif prior:
                    reads = [r for read in prior for r in _joined(read, before, part, part.body)]
                    found = found or any(r + part.vowel in keys for r in reads) or (
                        part.short is not None and self._ends(prior, before, part))
                    reads = [r for r in reads if _may_go_on(r, part, starts)]
                if found:
                    yield index + first, index + last + 1, "".join(
                        tokens[index + first:index + last + 1])
                if spelled is None and pinyin is None and not reads:
                    break
                before = part


@lru_cache(maxsize=65536)
def _hanja_word(run: str) -> bool:
    """Whether a run of Han characters may be a Korean name read in Korean: three or
    more characters, or a pair that is a word of Chinese or Japanese (永丰, the company
    영풍; not 营丰 of 经营丰富, two words' characters that read 영풍 by chance)."""
    return len(run) > 2 or _as_common_as(run, HANJA_PAIR_ZIPF, ("zh", "ja"))


_RUN_CHARS = re.compile(
    f"[\u3041-\u309f\u30a1-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff{THAI}]")


@lru_cache(maxsize=65536)
def _plain_key(word: str) -> str:
    """The index key of a word as written (no prefix or ending taken off)."""
    return _forms_of(word, script(word)).key


_HIRAGANA = re.compile("[\u3041-\u309f]")


@lru_cache(maxsize=65536)
def _run_kind(token: str) -> str:
    """The script a run of characters keeps to: hiragana (grammar: の, は) ends a run of
    katakana (a name: ソニーのアメリカ工場 is ソニー, の, アメリカ)."""
    kind = script(token)
    if kind == "kana" and _HIRAGANA.match(token[:1]):
        return "hiragana"
    return kind


@lru_cache(maxsize=65536)
def _in_runs(word: str) -> bool:
    """Kana, Chinese characters and Thai: a name there spans several tokens."""
    return script(word) in ("kana", "han", "thai")


def _chain(
    starts: dict[int, list[tuple[int, tuple[Place, ...]]]],
    at: int, name_id: int, spelling: int, position: int, length: int,
    loose: Callable[[int, Place], bool] | None = None,
) -> int | None:
    """The end of the rest of a name's words from token `at` on, or None; (loose) a short
    word of the name may be the token by its consonants (see NameIndex._add_loose)."""
    if position == length:
        return at
    place = (name_id, spelling, position, length)
    for end, places in starts.get(at, ()):
        if place in places:
            last = _chain(starts, end, name_id, spelling, position + 1, length, loose)
            if last is not None:
                return last
    if loose is not None and loose(at, place):
        return _chain(starts, at + 1, name_id, spelling, position + 1, length, loose)
    return None


def _places_of(tokens: list[str], words: set[str]) -> list[int]:
    """Every index of the tokens that are among `words` (list.index walks the text in C;
    the words of interest are few)."""
    found = []
    for word in words:
        index = -1
        while True:
            try:
                index = tokens.index(word, index + 1)
            except ValueError:
                break
            found.append(index)
    return found


def _text_words(
    tokens: list[str], adjacent: Callable[[int], bool], positive: set[str],
    joins: set[str], rests: set[tuple[str, str]], runs: bool, han: HanFilter,
    thai_names: AbstractSet[str] = frozenset(),
) -> Iterator[tuple[int, int, str]]:
    """The words of a text a name may be, as (first token, end token, word): each token
    that may be a name; a particle joined to the next word (Al Khalid = Alkhalid); a run
    of kana as one word; runs of up to HAN_WINDOW Chinese characters that may read as a
    name, more for long names (see HanFilter and NameIndex)."""
    count = len(tokens)
    if not runs:
        # most texts: only the places of the words that matter are visited
        for index in sorted(_places_of(tokens, positive | joins)):
            yield from _at(tokens, index, positive, joins, rests)
        return
    index = 0
    katakana = (-1, -1)  # where the last run of katakana began and ended
    while index < count:
        token = tokens[index]
        if _in_runs(token):
            kind = script(token)
            end = index + 1
            while end < count and _run_kind(tokens[end]) == _run_kind(token) \
                    and adjacent(end - 1):
                end += 1
            if kind == "thai":
                yield from _thai_words(tokens, index, end, thai_names)
            elif kind == "kana":
                yield index, end, "".join(tokens[index:end])
                if _run_kind(token) == "kana":
                    if katakana[1] == index:  # チェ・ユンボム: a name's parts, dotted apart
                        yield katakana[0], end, "".join(tokens[katakana[0]:end])
                    katakana = (index, end)
            else:
                yield from han.words(tokens, index, end)
            index = end
            continue
        yield from _at(tokens, index, positive, joins, rests)
        index += 1


# A Thai name the dictionary cuts into words (แลนด์|บริดจ์, Land Bridge; แพ|ทอง|ธาร) is
# looked for in up to this many of them joined
THAI_PIECES = 3
THAI_GRAMMAR_ZIPF = 5.5  # a piece this common is grammar or an everyday word (ต้อง, must)
THAI_PIECE_ZIPF = 4.0  # and one piece at least is rarer than this (บริดจ์, bridge, 3.6)


def _thai_words(tokens: list[str], start: int, end: int,
                names: AbstractSet[str] = frozenset()) -> Iterator[tuple[int, int, str]]:
    """The words of a run of Thai tokens as its dictionary cuts them, runs of up to
    THAI_PIECES of them joined, and the Thai `names` the run writes, as (first token,
    end token, word)."""
    run = "".join(tokens[start:end])
    # the token at each character offset where one begins (a letter's marks are its own)
    at_offset = {}
    offset = 0
    for index in range(start, end + 1):
        at_offset[offset] = index
        offset += len(tokens[index]) if index < end else 0
    for name in names:
        found = run.find(name)
        while found >= 0:
            if found in at_offset and found + len(name) in at_offset:
                yield at_offset[found], at_offset[found + len(name)], name
            found = run.find(name, found + 1)
    pieces = thai.words(run)
    bounds, offset = [start], 0  # the token each word starts at
    for piece in pieces:
        offset += len(piece)
        if offset not in at_offset:
            return  # (a cut inside a letter and its marks: none is made)
        bounds.append(at_offset[offset])
    common = [thai.zipf(piece) for piece in pieces]
    for first in range(len(pieces)):
        yield bounds[first], bounds[first + 1], pieces[first]
        for last in range(first + 2, min(first + THAI_PIECES, len(pieces)) + 1):
            # (pieces of a name, not of a phrase: no grammar word among them, and one
            # that is no everyday word; ผู้|ค้าน, opponent, is no Пекин)
            if max(common[first:last]) >= THAI_GRAMMAR_ZIPF \
                    or min(common[first:last]) >= THAI_PIECE_ZIPF:
                break
            yield bounds[first], bounds[last], "".join(pieces[first:last])


def _at(
    tokens: list[str], index: int, positive: set[str], joins: set[str],
    rests: set[tuple[str, str]],
) -> Iterator[tuple[int, int, str]]:
    """The token at `index` if it may be a name, and it joined to the next if it is a
    particle that could begin a name with it."""
    token = tokens[index]
    if token in positive:
        yield index, index + 1, token
    if (
        token in joins
        and index + 1 < len(tokens)
        and tokens[index + 1].isalpha()
        and tokens[index + 1].isascii() == token.isascii()
        and (_CANON.get(token, token), _plain_key(tokens[index + 1])) in rests
    ):
        yield index, index + 2, token + tokens[index + 1]

