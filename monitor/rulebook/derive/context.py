"""The story's context for a name in a rule: the other core names, the seeds' own words
and figures, and the story's countries and regions in the languages a press uses."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import regex

from monitor.rulebook.derive.chinese import simplified, traditional
from monitor.rulebook.derive.cities import is_city_name
from monitor.rulebook.derive.lexicon import (
    SYLLABLE_LANGUAGES,
    languages,
    max_zipf,
    uncased,
    zipf,
)
from monitor.rulebook.derive.places import (
    CONTEXT_LOCALES,
    capital_names,
    country_names,
    country_words,
    is_public_place,
    language_words,
    nationality_of,
    official_languages,
    own_languages,
    region_names,
    region_word,
)
from monitor.rulebook.derive.story import Candidate, Story
from monitor.rulebook.hanja import korean_syllable_read
from monitor.rulebook.names import same_name
from monitor.rulebook.names import script as name_script
from monitor.rulebook.normalize import folded_tokens


@cache
def name_operator() -> bool:
    """True when the query language has the name operator (`~Loudiyi`: any spelling or
    script of a name)."""
    from monitor.rulebook.query import QueryError, parse_query

    try:
        parse_query('~Loudiyi OR ~"Abdeltif Loudiyi"')
    except QueryError:
        return False
    return True


def quoted(form: str) -> str:
    """A term as the query language writes it: phrases and hyphenated forms in quotes."""
    if regex.fullmatch(r"(?:[^\W_]|\p{M})+", form):
        return form
    return '"' + form.replace('"', "") + '"'


# A place's name of two Chinese characters or kana (中国, 德国, 北京) is written one way,
# and found inside a run of text as it is (德国 in 特斯拉德国工厂); read by sound, two
# syllables are other words in other scripts (中国, zhongguo, is not the German Junge).
# A longer one spells a foreign name by sound (安卡拉 = アンカラ = Ankara) and keeps the
# operator, as Korean does, whose particles it takes off (독일의).
_HAN = re.compile("[\u3400-\u9fff]")
_WRITTEN_ONE_WAY = re.compile(r"^[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]{1,2}$")


def name_or_word(form: str) -> str:
    """A place's or country's name, or a seed's word, in any spelling or script when the
    query language can say so (a name of two Chinese characters or kana as written)."""
    if _WRITTEN_ONE_WAY.match(form):
        return quoted(form)
    return ("~" if name_operator() else "") + quoted(form)


def place_terms(form: str) -> list[str]:
    """A place's name or a seed's word as a term (name_or_word), and a Chinese one
    matched as written also in the other characters (德國 as well as 德国, 晶圆 as well as
    晶圓), which the term does not find."""
    terms = [name_or_word(form)]
    if _WRITTEN_ONE_WAY.match(form) and _HAN.search(form):
        terms += [name_or_word(other) for other in (traditional(form), simplified(form))
                  if other != form]
    return list(dict.fromkeys(terms))


def is_acronym(form: str) -> bool:
    return form.isalpha() and form.isupper() and len(form) <= 6 and not uncased(form)


# letters, then a number, as a model is named (JF-17, C-390, AP1000, VVER-1200)
_DESIGNATION_FORM = re.compile(r"[^\W\d_]{1,5}[- ]?\d{1,4}")


# a name of capitalised words written together (ArcelorMittal, QatarEnergy, ThyssenKrupp)
_CAMEL_WORDS = regex.compile(r"(?:\p{Lu}\p{Ll}{2,}){2,}")
_CAMEL_WORD = regex.compile(r"\p{Lu}\p{Ll}+")


def name_term(form: str, kind: str) -> list[str]:
    """A name in any spelling or script when the query language can say so; a model
    designation, or a name with capitals inside it (WhAP, not "whap"), as written, and
    one of capitalised words written together also as those words in any spelling or
    script (ArcelorMittal as Arcelor Mittal, アルセロール・ミタル, آرسلور ميتال)."""
    if re.search(r"[a-z][A-Z]", form) and " " not in form:
        if name_operator() and _CAMEL_WORDS.fullmatch(form):
            return [f"case:{quoted(form)}",
                    "~" + quoted(" ".join(_CAMEL_WORD.findall(form)))]
        return [f"case:{quoted(form)}"]
    if name_operator() and (
            (kind != "equipment" and not any(c.isdigit() for c in form))
            or _DESIGNATION_FORM.fullmatch(form)):
        # a model's designation too: JF-17 = JF17 = جيه إف-17 = جے ایف 17, ВВЭР-1200
        return ["~" + quoted(form)]
    return [quoted(form)]


def name_terms(cand: Candidate, forms: list[str]) -> list[str]:
    return list(dict.fromkeys(
        t for f in forms
        for t in ([f"case:{quoted(f)}"] if is_acronym(f) else name_term(f, cand.kind))))


def story_press(story: Story) -> tuple[str, ...]:
    """The own languages of the story's countries (Kyrgyz, Uzbek): their press tells the
    story in them and names the other countries so (Кытай and Xitoy are China)."""
    return tuple(dict.fromkeys(lang for code in story.countries
                               for lang in own_languages(code)))


def country_terms(code: str, abroad: bool = False,
                  press: tuple[str, ...] = ()) -> list[str]:
    """A country in the languages a multilingual press uses and those of the story's
    countries (press), with its adjectives by prefix (Pakist* = Pakistani, pakistaníes;
    باكستان* = باكستانية) and its capital; (abroad) only as other languages write it,
    without its capital."""
    if abroad:
        home = official_languages(code)
        mine = set(country_terms_in(code, home))
        own = [folded_tokens(n) for n in country_names(code, home)]
        return [_as_written(t, own) for t in country_terms_in(code, tuple(
            lang for lang in CONTEXT_LOCALES if lang not in home))
            + _press_names(code, tuple(lang for lang in press if lang not in home))
            if t not in mine and (_UNSPACED.search(t) or not _spells(t, own))]
    return list(dict.fromkeys(
        country_terms_in(code, CONTEXT_LOCALES + own_languages(code))
        + _press_names(code, press)
        # and its capital, which stands for its government (Beijing, Пекин, بكين)
        + [t for name in capital_names(code) for t in place_terms(name)]))


PRESS_WORD_ZIPF = 3.0  # a country's name this common in some language is that word too


def _press_names(code: str, press: tuple[str, ...]) -> list[str]:
    """A country's whole names in the story's countries' own languages (Кытай), none
    that is a common word somewhere (Maori Haina, Swahili "has not"), no prefixes and no
    adjectives: those languages' words are many other things (Yoruba Gẹ̀ẹ́*, gee*)."""
    known = set(CONTEXT_LOCALES) | set(own_languages(code))
    return [t for name in country_names(code, tuple(p for p in press if p not in known))
            if max_zipf(folded_tokens(name), languages()) < PRESS_WORD_ZIPF
            for t in place_terms(name)]


def _as_written(term: str, names: list[str]) -> str:
    """A name term in Chinese or kana as written where its sound would also find one of
    these folded names in another script (~卡塔尔 finds قطر, Qatar in Arabic)."""
    if not term.startswith("~") or not _UNSPACED.search(term):
        return term
    folded = folded_tokens(term[1:].strip('"'))
    return term[1:] if any(same_name(folded, n) for n in names) else term


def _spells(term: str, names: list[str]) -> bool:
    """Whether a name or prefix term would find one of these folded names (~Brazil and
    Brasi* find Brasil)."""
    if term.endswith("*"):
        stem = folded_tokens(term[:-1])
        return any(n.startswith(stem) for n in names)
    if not term.startswith("~"):
        return False
    folded = folded_tokens(term[1:].strip('"'))
    return any(len(n.split()) == len(folded.split()) and all(
        same_name(a, b) for a, b in zip(folded.split(), n.split(), strict=True))
        for n in names)


PREFIX_WORD_ZIPF = 3.0  # a country's prefix this common as a word is that word too


def _other_word(stem: str, code: str) -> bool:
    """Whether a country's name less its ending is a word of its own, not the country's
    (Messi of Messico, Georg, Liber, Franc): as a prefix it finds that word's news."""
    word = stem.lower()
    return max_zipf(word) >= PREFIX_WORD_ZIPF and code not in nationality_of(word)


def country_terms_in(code: str, locales: tuple[str, ...]) -> list[str]:
    """A country's names, prefixes and adjectives in these languages."""
    out: list[str] = []
    for name in country_names(code, locales):
        out.extend(place_terms(name))
        stem = name[: len(name) - 2]
        if len(name) >= 7 and regex.fullmatch(r"(?:[^\W\d_]|\p{M})+", name) \
                and not _UNSPACED.search(name) \
                and not name.startswith("ال") and not _other_word(stem, code):
            out.append(stem + "*")
    # and its adjectives and inflected forms (Qatari, Katars), which no prefix reaches
    # in a short name
    out.extend(quoted(word) for word in country_words(code, locales))
    # and the name of its own language, the word for its people and things in many
    # (Chinese, chinois), with its inflected forms by prefix (chinesische, китайская)
    for word in language_words(code, locales):
        out.append(quoted(word))
        adjective = _adjective_stem(word)
        if adjective:
            out.append(adjective + "*")
    return list(dict.fromkeys(out))


_SLAVIC_ADJECTIVE = regex.compile(r"(.*(?:sk|ck|ск|цк|ськ))(?:i|y|ий|ый|ій|а|a)")
# A prefix shorter than this finds other words too (franc* for francés: franchise)
_MIN_ADJECTIVE_STEM = 6


def _adjective_stem(word: str) -> str | None:
    """The stem that finds a language-named adjective in its cases and genders
    (chinesisch → chinesis*, китайский → китайск*, chiński → chińsk*), if long enough to
    find nothing else; none in a script that writes no such endings apart."""
    if word.startswith("ال") or _UNSPACED.search(word) or not regex.fullmatch(
            r"(?:[^\W\d_]|\p{M})+", word):
        return None
    slavic = _SLAVIC_ADJECTIVE.fullmatch(word.lower())
    stem = slavic.group(1) if slavic else word.lower()[:-2]
    return stem if len(stem) >= _MIN_ADJECTIVE_STEM else None


_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


# How much more a name is said in the seed's language than in English for it to be
# that country's own (Embraer in Portuguese); Tesla, Boeing and Intel are said as much
# in English, in any language.
OWN_NAME_MARGIN = 0.5


def _said(cand: Candidate, lang: str) -> tuple[float, float] | None:
    """How often the seed's language and English say a Latin-letter name (Zipf), or
    None where that tells nothing: acronyms and models (their letters say nothing of
    it), an English seed, a language without word frequencies."""
    if cand.kind in ("acronym", "equipment") or is_acronym(cand.term) or lang == "en" \
            or lang not in languages():
        return None
    word = cand.term.lower()
    if uncased(word) or not word.isalpha():
        return None
    return zipf(word, lang), zipf(word, "en")


def foreign_name(cand: Candidate, lang: str) -> bool:
    """Whether a Latin-letter name is not the seed country's own: its language says it
    no more than English does (Tesla in German, Westinghouse in Polish; not Embraer in
    Portuguese)."""
    said = _said(cand, lang)
    return said is not None and said[1] > 0 and said[0] < said[1] + OWN_NAME_MARGIN


def own_name(cand: Candidate, lang: str) -> bool:
    """Whether a Latin-letter name is the seed country's own brand: known abroad, its
    language says it far more than English does (Embraer in Portuguese)."""
    said = _said(cand, lang)
    return said is not None and said[1] > 0 and said[0] >= said[1] + OWN_NAME_MARGIN


# A word of a name this common in the seed's language is an everyday word there
EVERYDAY_NAME_WORD_ZIPF = 4.0
# and one English says this often is the one the press abroad writes too (Power, Group,
# International in Korea Hydro Nuclear Power, Tsingshan Holding Group)
ENGLISH_NAME_WORD_ZIPF = 3.0
# but not a word of grammar (di, Swedish ett, one) nor a short one, mostly an
# abbreviation (Kft, Ltd) or a name's particle the press writes as it is (Ras)
GRAMMAR_WORD_ZIPF = 5.6
SHORT_NAME_WORD = 3


def translated_abroad(cand: Candidate, lang: str) -> bool:
    """Whether the press in other languages may translate a core name rather than spell
    it: one of two words or more (no person's, model's or acronym's) with an everyday
    word of the seed's language in it that is no place and no English word (حقل الشمال
    is North Field, Сила Сибири Power of Siberia). `~` finds a name's spellings and
    scripts, never its translations, so its rule wants them added by hand. A name in a
    script without spaces is two words of the language run together (고려아연, Korea
    Zinc; 卡塔尔能源, QatarEnergy). Not told: an English seed's names (their words are
    English ones), and the other languages' names of seeds in several."""
    if not cand.core or cand.kind in ("person", "acronym", "equipment") \
            or lang in SYLLABLE_LANGUAGES:
        return False
    words = cand.term.split()
    if len(words) == 1 and name_script(cand.term) in _RUN_TOGETHER:
        words = _run_together(cand.term, lang)
    return len(words) >= 2 and any(
        (len(word) > SHORT_NAME_WORD or name_script(word) in _RUN_TOGETHER)
        and EVERYDAY_NAME_WORD_ZIPF <= zipf(word.lower(), lang) < GRAMMAR_WORD_ZIPF
        and zipf(word.lower(), "en") < ENGLISH_NAME_WORD_ZIPF and not _place_word(word)
        and not _spelled_by_sound(word)
        for word in words)


_RUN_TOGETHER = frozenset({"han", "hangul"})  # scripts that write a name's words together
_RUN_WORD = 2  # characters (syllables) a word of such a name has at least
RUN_WORD_ZIPF = 3.0  # and how common a word of the language it is


def _run_together(name: str, lang: str) -> list[str]:
    """A name written without spaces as the two words of its language it is made of
    (고려아연: 고려, 아연), or none."""
    for cut in range(_RUN_WORD, len(name) - _RUN_WORD + 1):
        first, rest = name[:cut], name[cut:]
        if zipf(first, lang) >= RUN_WORD_ZIPF and zipf(rest, lang) >= RUN_WORD_ZIPF:
            return [first, rest]
    return []


def _spelled_by_sound(word: str) -> bool:
    """Whether a Korean word is a foreign one spelled by its sound (메타, 플랜트: a
    syllable no Han character is read as), which `~` finds as its Latin form."""
    return name_script(word) == "hangul" and not all(korean_syllable_read(s) for s in word)


def _place_word(word: str) -> bool:
    """Whether a word of a name is a place's, or places' joined by a hyphen (Taranto,
    Berlin-Brandenburg): the press abroad writes places by their own names."""
    return all(is_public_place(part) or is_city_name(part) for part in word.split("-"))


# A brand the English press names this often is named with its country in all its news
# (Toshiba, Japan's): the seed's country places nothing beside it
KNOWN_BRAND_ZIPF = 3.0


def own_brand(cand: Candidate, lang: str) -> bool:
    """Whether a name is the seed country's own brand, known abroad: a Latin-letter one
    its language says far more than English does (Embraer in Portuguese), or one the
    seed writes in its own letters whose Latin form the English press names often (東芝,
    Toshiba)."""
    if own_name(cand, lang):
        return True
    return uncased(cand.term) and any(
        zipf(form.lower(), "en") >= KNOWN_BRAND_ZIPF for form in cand.aliases
        if form.isascii() and form.replace(" ", "").isalpha())


# An acronym the English press writes this often stands for other things too (GNI,
# gross national income; ESA, EPC), wherever its country is named
OTHER_LETTERS_ZIPF = 1.5


def _other_letters(cand: Candidate) -> bool:
    """Whether a name's acronym is one the press uses for other things (not a model)."""
    if cand.kind == "equipment":
        return False
    return any(zipf(f.lower(), "en") >= OTHER_LETTERS_ZIPF for f in cand.forms() if is_acronym(f))


def story_abroad(core: list[Candidate], lang: str) -> bool:
    """Whether the story is foreign companies' in the seed's country: a core name is
    foreign there (Westinghouse in Polish) and none is its own (Embraer in Portuguese)."""
    return any(foreign_name(c, lang) for c in core) and not any(own_name(c, lang) for c in core)


# letters a language writes against a word (Korean particles, 은, 에서): a seed word
# that is a name's word and up to this many more is that name
_ATTACHED = 2


def _names_in(longer: str, shorter: str) -> bool:
    """Whether a folded name is the other or whole words of it."""
    return f" {shorter} " in f" {longer} "


def _sounds_alike(first: str, second: str) -> bool:
    """Whether two folded names are one name by the name operator, spaces and hyphens
    left out (Trans-Guinean, TransGuinéen): each would find the other's text."""
    joined = [re.sub(r"[\s-]+", "", name) for name in (first, second)]
    return all(joined) and same_name(joined[0], joined[1])


def _within(word: str, own_text: str) -> bool:
    """Whether a seed word is part of a name's own forms, or one of its words with a
    particle written against it (고려아연은 for 고려아연): it would place the name by
    itself."""
    return word in own_text or any(
        word.startswith(w) and len(_nfc(word)) - len(_nfc(w)) <= _ATTACHED
        for w in own_text.split() if len(_nfc(w)) >= 3)


def _descriptor(word: str, own_forms: list[str]) -> bool:
    """Whether a seed word is only the generic word of a long form around a shorter one
    (газопровод in Газопровод Союз Восток, around Союз Восток): beside the short name it
    is this story's evidence, as any other seed word is."""
    return any(short != long and short in long and word in long and not _within(word, short)
               for long in own_forms for short in own_forms)


def _heads(chief: Candidate, forms: set[str]) -> bool:
    """Whether the seed calls the candidate the chief of a name with one of these forms."""
    return bool(chief.chief_of) and folded_tokens(chief.chief_of) in forms


def _nfc(text: str) -> str:
    """Folded Korean is in letters (jamo); its syllables count its length."""
    return unicodedata.normalize("NFC", text)


def rule_context(story: Story, cand: Candidate) -> list[str]:
    """The context a candidate's rule puts its guarded forms near: an ambiguous name's
    without the seed's own country as its own language writes it (Tata in India is every
    Tata story) but with the countries abroad the story is about (Газпром beside China
    and Mongolia, as the press in any language says it), and with its own country as
    other languages write it (Neptun Deep beside Румыния: the press abroad names a field
    of Romania's only in its story), a town's with neither."""
    narrow = (cand.ambiguous and cand.kind != "equipment") or cand.tight
    return story_context(story, cand, broad=not narrow,
                         abroad=cand.ambiguous and not cand.tight)


def story_context(story: Story, cand: Candidate, broad: bool = True,
                  acronym: bool = False, abroad: bool = False) -> list[str]:
    """Terms that place a name in this story: the other core names and the seeds' own
    words, and (broad) the seeds' main countries in the languages a press uses; for an
    acronym (or a name's acronym), and for an ambiguous name (`abroad`), only the
    countries abroad."""
    terms: list[str] = []
    mine = {folded_tokens(f) for f in cand.forms()}
    expands = any(is_acronym(f) for f in cand.forms())  # an acronym and its expansion
    for other in story.core:
        if other is cand or (other.ambiguous and cand.kind != "acronym" and not other.lead):
            # a common word is no context, but an acronym's expansion may be one, and so
            # may a name of the headline and lead (三菱重工 for ボンバルディア)
            continue
        theirs = {folded_tokens(f) for f in other.forms()}
        if any(_names_in(b, a) or (not expands and _names_in(a, b)) or _sounds_alike(a, b)
               for a in mine for b in theirs):
            # another candidate of the same name, or a longer one with it inside (MBK
            # Partners for MBK) would place it by itself, whatever the longer one's own
            # context; and a shorter one inside it is the name itself, said short (日産
            # beside 日産自動車 is Nissan beside Nissan Motor, no sign of the story), but
            # not inside an acronym's expansion (トヨタ, the parent of TBMNC, Toyota
            # Battery Manufacturing North Carolina)
            continue
        if other.term in cand.beside or cand.term in other.beside:
            continue  # written beside it wherever the seed names it: in all its news
        if _heads(other, mine) or _heads(cand, theirs):
            continue  # a company's chief is in all its news, and it in all his (Musk,
            # Tesla's chief executive)
        if (other.kind == "equipment") != (cand.kind == "equipment"):
            continue  # a model (VVER-1200) is in every story of its maker, and its maker
            # (Embraer) in every sale of the model
        forms = [f for f in other.forms() if not is_acronym(f)]
        terms.extend(name_terms(other, forms)[:3])
        # its acronym too, in capitals (MBK beside Young Poong): another of the story's
        # names nearby, however short, says the story; not one inside the name (MBK of MBK
        # Partners would place it by itself)
        terms.extend(name_terms(other, [
            f for f in other.forms() if is_acronym(f)
            and not any(_within(folded_tokens(f), own) for own in mine)])[:2])
    # the seed's words, but not one of the name's own (パートナーズ is no context for
    # 日本産業パートナーズ: the name would place itself)
    own_forms = [folded_tokens(f) for f in cand.forms()]
    own_text = " ".join(own_forms)
    terms.extend(term for t in story.terms  # a stem (elektrowni*) as it is
                 for term in ([t] if t.endswith("*") else place_terms(t))
                 if not _within(folded := folded_tokens(t.rstrip("*")), own_text)
                 or _descriptor(folded, own_forms))
    terms.extend(story.numbers)  # a figure reads the same in every language
    # an acronym (JIP) is also every other organisation's with those letters, a model is
    # sold by its maker's country in every deal (the C-390 and Brazil), and a fairly
    # common name (چابهار) is every other story's of its place: the seed's own country
    # and its capital place none of them, a country abroad that the story is about does
    abroad_only = acronym or cand.kind in ("acronym", "equipment")
    ambiguous = abroad
    abroad = abroad or cand.abroad or abroad_only
    # (not its own country's capital: Caracas is in all Maduro's news, as Venezuela is)
    terms.extend(t for p in story.places if folded_tokens(p) not in own_text
                 and not (abroad_only and p in story.home_places)
                 and story.place_countries.get(p) not in cand.homes for t in place_terms(p))
    for code in story.countries:
        if code in cand.homes:
            continue  # its own country (the Chinese group Tsingshan) is in all its news
        home = story.lang in official_languages(code)
        if (broad and not abroad_only) or (abroad and not home):
            terms.extend(country_terms(code, press=story_press(story)))
        elif home and ((ambiguous and not own_brand(cand, story.lang))
                       or foreign_name(cand, story.lang) or (
                abroad_only and story.abroad and not _other_letters(cand))):
            # the seed's own country is in every story its press tells, but the press
            # abroad names it beside a foreign company where that company's story is
            # there (l'usine Tesla en Allemagne, 特斯拉德国工厂), and beside an ambiguous
            # name of its own (Neptun Deep, România), unless a brand of that country is
            # named with it in all its news (Embraer, Brazil): as other languages write it
            terms.extend(country_terms(code, abroad=True, press=story_press(story)))
    own = {folded_tokens(f) for f in cand.forms()}
    # the story's state or province: a place in any story, but beside a core name it says
    # this story (Toyota … North Carolina); not for a town, whose own region it is
    for code in [] if cand.tight else story.regions:
        if code in cand.home_regions:
            continue  # the province the seed places it in: beside it in all its news
        names = region_names(code)
        if own & {folded_tokens(n) for n in names}:
            continue  # the name is that region
        terms.extend(t for n in names for t in place_terms(n))
        word = region_word(code)
        if word and folded_tokens(word) not in own:
            terms.extend(place_terms(word))
    return list(dict.fromkeys(terms))
