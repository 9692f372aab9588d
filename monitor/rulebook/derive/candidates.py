"""From seed documents to ranked candidates: the names in them (capitalised runs in cased
scripts, rare repeated words in scripts without capitals), their variants folded together,
ranked by how central each is to the story the seeds tell.

Rarity comes from word frequencies (wordfreq) in the seed's language and in other major
languages; places, countries, demonyms and dates from CLDR (Babel); centrality from the
seeds themselves (headline and lead, repetition, co-occurrence with the other names, and
how many seeds name it). No network, no model, no list of any seed's names.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

import regex
from anyascii import anyascii

from monitor.errors import MonitorError
from monitor.rulebook import thai
from monitor.rulebook.derive.affixes import (
    ARABIC_PLURALS,
    CONJUNCTIONS,
    UNCASED_ZIPF,
    bare,
    common_with_ending,
    dual_construct,
    inflected,
    org_cue,
    presented,
    tamil_stem,
    uncased_zipf,
    unjoined,
)
from monitor.rulebook.derive.amounts import (
    after_figures,
    currencies,
    own_currency_amount,
    scaled_amount,
    unit_after_figure,
)
from monitor.rulebook.derive.chinese import (
    chinese_forms,
    chinese_words,
    common_word,
    common_words,
    english_names,
    sounded_name,
)
from monitor.rulebook.derive.cities import (
    city_distance,
    city_named,
    city_names,
    country_code,
    is_capital,
    major_city,
)
from monitor.rulebook.derive.context import rule_context, story_abroad, translated_abroad
from monitor.rulebook.derive.english import translated_names
from monitor.rulebook.derive.japanese import (
    COUNTRY_KANJI,
    KANJI,
    RUN_BEFORE,
    compound_part,
    japanese_common,
    japanese_compound,
    japanese_name_part,
    japanese_noun,
    japanese_offices,
    japanese_organisations,
    japanese_people,
    japanese_person,
    japanese_titled,
)
from monitor.rulebook.derive.korean import (
    HANGUL_PARTICLE_ENDS,
    HANGUL_STEM_SYLLABLES,
    HANGUL_SYLLABLE,
    KO_HEADS,
    KO_OFFICES,
    PROPER_REPEATS,
    hangul_particle,
    korean_modifier,
    korean_noun,
    korean_proper,
    korean_titled,
    korean_word,
    particled_syllable,
)
from monitor.rulebook.derive.lexicon import (
    AMBIGUITY_LANGUAGES,
    COMMON_ZIPF,
    KNOWN_SHARE,
    SYLLABLE_LANGUAGES,
    detect_language,
    dictionary_languages,
    has_word_list,
    in_dictionary,
    japanese_reading,
    known_share,
    language_name,
    main_script,
    max_zipf,
    script_languages,
    spoken_language,
    tokenize,
    uncased,
    without_capitals,
    zipf,
)
from monitor.rulebook.derive.lexicon import script as char_script
from monitor.rulebook.derive.nouns import (
    COMPOUNDING,
    german_only,
    is_compound,
    is_german_noun,
    known_noun,
    plural_written,
)
from monitor.rulebook.derive.place_nouns import place_noun
from monitor.rulebook.derive.places import (
    CONTEXT_LOCALES,
    SERBO_CROATIAN,
    SUFFIXED,
    countries,
    country_names,
    country_of,
    english_initials,
    everyday_pair,
    home_town,
    inside_sentence,
    is_date,
    is_date_form,
    is_marked_region,
    is_place_or_date,
    is_public_place,
    is_region,
    language_country,
    nationality_of,
    official_languages,
    place_adjective,
    region_names,
    region_names_in,
    regions_by_sound,
    regions_in,
    speaking_countries,
    subdivision_codes,
    town_countries,
    union_letters,
    unmarked,
)
from monitor.rulebook.derive.places import countries as known_countries
from monitor.rulebook.derive.seedtext import (
    WORD,
    form_pattern,
    lead_sentences,
    mentions_of,
    seed_headline,
    sentence_words,
    split_sentences,
    without_byline,
)
from monitor.rulebook.derive.story import Candidate, Story
from monitor.rulebook.derive.verbs import is_verb
from monitor.rulebook.names import (
    ARABIC_ARTICLE,
    ARABIC_PREFIXES,
    BENGALI_SUFFIXES,
    HANGUL_ORG_WORDS,
    HEBREW_PREFIXES,
    case_stem,
    case_stems,
    latin_case_stems,
    name_readings,
    nominative,
    romanise,
    same_name,
    tamil_nominatives,
)
from monitor.rulebook.names import key as name_key
from monitor.rulebook.names import script as name_script
from monitor.rulebook.normalize import folded_tokens

# A single word this frequent (Zipf scale) in some major language is a common word or a big
# brand there: a rule on it needs the story's context.
AMBIGUOUS_ZIPF = 3.0
CJK_TOKEN_ZIPF = 3.5
BRAND_ZIPF = 4.6  # a repeated headline word in kana this rare may be a brand (ドル, 4.9, is not)
# wordfreq's Korean counts run high for loanwords (메타플랜트 3.5): a name is rarer than this
HANGUL_ZIPF = 3.7
FUNCTION_ZIPF = 5.6  # a word this common is grammar (في, من, على), never part of a name
PHRASE_REPEATS = 3  # a phrase of common words the seed repeats this often may be a name
STORY_TERM_ZIPF = 4.0  # the seed's own words used as context are no more common than this
# a word the seed says this often is its subject (ایئرپورٹ, airport, ten times) even if
# a little more common: up to this much more
TOPIC_REPEATS = 5
TOPIC_ZIPF_MARGIN = 0.5
TOPIC_WORDS = 2
# a word alone at a sentence's start this common is no name there (dockworkers, 1.9)
LONE_START_ZIPF = 1.5
HEAD_FIRST_ZIPF = 4.0  # a first word standing for its name, where names start with a head noun
NEIGHBOUR_ZIPF = 4.5  # a word beside a rare one joins the name if it is no more common
HEADLINE_WORD_ZIPF = 4.4  # a repeated headline word less common than this is a name
BUSY_TOWN_ZIPF = 4.0  # a town its own press names this often has news of its own
# Core names: at least this share of the best candidate's centrality.
CORE_SHARE = 0.2
MAX_CORE = 14
MAX_REGIONS = 2  # the seeds' states or provinces whose names become context
REGION_MENTIONS = 2  # a region the seeds name less often is no context of theirs
REGION_REPEATS = 3  # a region named this often is the story's, whatever its country
# The headline's central name is the story by itself only when no word list knows it as
# a word: below KNOWN_ZIPF in every language, the floor under which a word list's entries
# are names and noise rather than words (rarity is 8 minus zipf). الضبعة (the hyena, and a
# Syrian airbase) and ハイブリッド are known words; or when the seed quotes it as the name of
# its plan or product (「スペースジェット」).
KNOWN_ZIPF = 1.5
HEADLINE_NAME_RARITY = 8.0 - KNOWN_ZIPF
COMMON_NAME_RARITY = 5.0  # a name less rare than this needs the story's context
FAMOUS_ZIPF = 3.5  # a surname this common in some language belongs to a public figure
FAMOUS_NAME_ZIPF = 2.75  # a person's whole name this common is a public figure's
# A public figure the seed names in its lead and this often, at least this share of its
# most said name's mentions, is the story's subject, not a bystander of it.
SUBJECT_MENTIONS = 5
SUBJECT_FAMILY_ZIPF = 5.0  # a word this common is no family name (One; Swedish ett)
# a first word this short is a Chinese or Korean family name written first (Xi Jinping,
# Kim Jong Un), whose last word is a given name
FAMILY_FIRST_LETTERS = 3
SUBJECT_SHARE = 0.8

# Function words that join the words of a name ("Autoridad de Producción", "Ministry of
# Defence"): grammar, not any seed's names.
# Greek names join their words with the genitive article: Ταμείο … του Δημοσίου
_CONNECTORS = {"de", "del", "la", "las", "los", "du", "des", "of", "the", "van", "von", "bin",
               "ibn", "da", "do", "dos", "di", "y", "του", "της", "των"}
_JOINING = {"de", "del", "de la", "de los", "de las", "du", "des", "of", "the", "van", "von",
            "bin", "ibn", "da", "do", "dos", "di", "του", "της", "των"}
# A joining word of one language that is a preposition in another: Malay and Indonesian
# di is "in" (Kota Bharu di Kelantan is two places), not Italian "of"
_NOT_JOINING = {"ms": frozenset({"di"}), "id": frozenset({"di"})}
_ORG_WORDS = {
    "industries", "industry", "complex", "company", "corporation", "group", "authority",
    "ministry", "ministerio", "ministère", "autoridad", "fuerzas", "forces", "force",
    "systems", "establishment", "agency", "agencia", "bank", "banco", "university",
    "universidad", "université", "council", "army", "navy", "armée", "ejército",
    "administración", "administration", "limited", "ltd", "inc", "sa", "gmbh", "ag",
    "holding", "holdings", "institute", "instituto", "institut", "party", "partido", "parti",
    "organisation", "organization", "initiative", "association", "foundation", "commission",
    "οργανισμός", "εταιρεία", "ταμείο", "επιτροπή", "υπουργείο", "τράπεζα", "όμιλος",
    "şirketi", "ortaklığı", "kurumu", "bankası", "berhad", "bhd",
    # Malay and Indonesian: department, ministry, court, commission, board, company
    "jabatan", "kementerian", "mahkamah", "suruhanjaya", "lembaga", "syarikat",
    "perbadanan", "komisi", "pengadilan",
    # committees, councils, federations, associations, chambers, movements and unions of
    # the Latin-script press (Comité Cívico Potosinista: no common word before a name)
    "committee", "comité", "comitê", "comitato", "komitee", "komite", "komitet",
    "consejo", "conseil", "consiglio", "conselho",
    "federation", "federación", "fédération", "federazione", "federação", "föderation",
    "confederation", "confederación", "confédération", "confederazione", "confederação",
    "asociación", "associação", "associazione", "verband", "syndicate", "sindicato",
    "syndicat", "sindacato", "gewerkschaft", "chamber", "chambre",  # not Cámara: a surname
    "movement", "movimiento", "mouvement", "movimento", "bewegung",
}


def _org_word(word: str) -> bool:
    """A word of an organisation's name, in any case (Οργανισμό, Οργανισμού)."""
    return word.lower() in _ORG_WORDS or case_stem(folded_tokens(word)) in _org_stems()


@cache
def _org_stems() -> frozenset[str]:
    """The organisation words of declining scripts (Greek), without their case ending."""
    return frozenset(stem for w in _ORG_WORDS
                     if (stem := case_stem(folded_tokens(w))) != folded_tokens(w))


# Words that present what follows as a company or group: "el grupo indio Tata".
_ORG_CUES = {"grupo", "group", "groupe", "empresa", "company", "compañía", "société",
             "firma", "firm", "fabricante", "constructeur", "maker", "manufacturer",
             "consorcio", "conglomerate", "conglomerado", "entreprise", "industriel",
             "şirket", "şirketi", "firması", "grubu", "üretici", "üreticisi", "holding",
             "unternehmen", "konzern", "hersteller", "azienda", "gruppo", "produttore",
             "компания", "концерн", "группа", "производитель"}
# Titles in front of a person's name (dropped from it, and a sign it is a person), in
# the cased languages derive reads (German nouns are capitalised, so there they open the
# run; Russian ones match in any case: президента, министром).
_TITLES = frozenset({
    "pdg", "ceo", "chief", "general", "général", "gen", "mariscal", "marshal", "maréchal",
    "ministro", "minister", "ministre", "president", "presidente", "président",
    "embajador", "ambassador", "ambassadeur", "colonel", "coronel", "admiral",
    "almirante", "amiral", "señor", "mr", "mrs", "ms", "dr", "sheikh", "jeque", "mme",
    "mmes", "mlle", "monsieur",
    "cheikh", "king", "rey", "roi", "prince", "príncipe", "chairman", "director",
    "directeur", "secretary", "undersecretary", "secretario", "senator", "senador", "governor",
    "gobernador", "mayor", "alcalde", "maire", "premier", "prime", "chancellor",
    "primeiro-ministro", "primeira-ministra",
    # English's short and newer forms (NTSB Chair Jennifer Homendy, Gov. Wes Moore)
    "chair", "chairwoman", "chairperson", "gov", "commissioner",
    # the offices' feminine forms and the courts' and parliaments' in Spanish, Portuguese,
    # French and Italian (la presidenta, la juíza, la députée, la sindaca)
    "presidenta", "vicepresidente", "vicepresidenta", "gobernadora",
    "senadora", "diputado", "diputada", "juez", "jueza", "alcaldesa", "canciller",
    "governadora", "deputado", "deputada", "juiz", "juíza", "procurador", "procuradora",
    "prefeita", "vice-presidente", "présidente", "vice-président", "vice-présidente",
    "député", "députée", "sénateur", "sénatrice", "juge", "procureur", "procureure",
    "sindaca", "giudice", "procuratore",
    "ministerin", "präsident", "präsidentin", "ministerpräsident", "kanzler",
    "bundeskanzler", "kanzlerin", "botschafter", "bürgermeister", "konzernchef",
    "vorstandschef", "ambasciatore", "sindaco", "governatore", "embaixador", "prefeito",
    "governador", "cumhurbaşkanı", "başbakan", "bakan", "büyükelçi", "başkanı",
    "müdürü", "başbakanı", "bakanı", "direktör", "direktörü", "sözcüsü", "sekreteri",
    "presiden", "menteri", "gubernur", "bupati", "jenderal", "direktur", "kepala", "ketua",
    "head", "prezydent", "ambasador",
    # Polish and Czech, in the cases a title stands in before a name
    "prezydenta", "prezes", "prezesa", "wiceprezes", "wiceprezesa", "ministra",
    "wiceminister", "wiceministra", "premiera", "dyrektor", "dyrektora", "pełnomocnik",
    "pełnomocnika", "rzecznik", "rzecznika", "szef", "szefa", "przewodniczący",
    "przewodniczącego", "wojewoda", "burmistrz", "wójt", "marszałek", "generał",
    "generała", "ambasadora", "poseł", "ministr", "předseda", "předsedy", "ředitel",
    "prezident", "premiér", "velvyslanec",
    "президент", "председатель", "председателя", "премьер",
    "премьер-министр", "вице-премьер", "вице-президент", "министр", "замминистра",
    "посол", "генерал", "губернатор", "мэр", "канцлер", "король", "принц", "шейх", "генсек",
    "секретарь", "секретар",
    "представитель", "директор", "гендиректор", "глава", "главы", "спикер",
    "прем'єр-міністр", "міністр", "голова",
    "υπουργός", "υπουργού", "πρωθυπουργός", "πρωθυπουργού", "πρόεδρος", "προέδρου",
    "υπουργό", "πρόεδρο", "υφυπουργός", "υφυπουργού", "δήμαρχος", "δημάρχου", "πρέσβης",
    "πρέσβη", "διευθύνων", "σύμβουλος",
    # Turkish, Dutch, Swedish, Malay, Romanian
    "vali", "valisi", "kaymakam", "kaymakamı", "prof", "doç", "müdür", "staatssecretaris",
    "burgemeester", "topman", "bestuursvoorzitter", "vd", "ordförande", "statsminister",
    "datuk", "dato", "tun", "peguam", "agong", "ministrul", "premierul",
    "președintele", "primarul", "ambasadorul", "directorul", "secretarul",
    # Bulgarian, Serbian and Kazakh Cyrillic, Swahili, Tagalog, Finnish, Hungarian
    "министър", "премиер", "вицепремиер", "министър-председател", "председател",
    "посланик", "кмет", "управител", "министар", "министарка", "председник",
    "председница", "премијер", "премијерка", "канцелар", "канцеларка", "kancelar",
    "kancelara", "kancelarka", "амбасадор", "градоначелник", "министрі",
    "президенті", "әкімі", "төрағасы", "rais", "naibu", "balozi", "dkt", "waziri",
    "mbunge", "mkurugenzi", "katibu", "pangulo", "pangulong", "kalihim",
    "alkalde", "administrator", "ministeri", "pääministeri", "presidentti",
    "pormestari", "toimitusjohtaja", "miniszter", "miniszterelnök", "polgármester",
    "nagykövet", "vezérigazgató", "elnök", "államfő", "kormányfő", "államtitkár"})
# Public offices among those titles: a person the seed names once by such a title (the
# country's president, a minister, a general at a ceremony) is the country's public
# life, a bystander of the story, unless the seed says more of them.
_OFFICES = _TITLES - frozenset({
    "pdg", "ceo", "chief", "chairman", "director", "directeur", "mr", "mrs", "ms", "dr", "señor",
    "chair", "chairwoman", "chairperson", "konzernchef", "vorstandschef", "direktur",
    "prezes", "prezesa", "wiceprezes",
    "wiceprezesa", "dyrektor", "dyrektora", "rzecznik", "rzecznika", "szef", "szefa",
    "przewodniczący", "przewodniczącego", "předseda", "předsedy", "ředitel", "директор",
    "гендиректор", "представитель", "председатель", "председателя", "глава", "главы", "голова",
    "διευθύνων", "σύμβουλος", "prof", "doç", "müdür", "topman", "bestuursvoorzitter", "vd",
    "ordförande", "datuk", "dato", "tun", "directorul", "управител", "председател",
    "mkurugenzi", "dkt", "toimitusjohtaja", "vezérigazgató"})
# Heads of state and government among the offices: the seed's guests, not its actors,
# when it names them once past its lead.
_HEADS = frozenset({
    "president", "presidente", "président", "präsident", "präsidentin", "prezydent",
    "presiden", "premier", "prime", "chancellor", "prezydenta", "premiera", "prezident",
    "premiér", "kanzler", "kanzlerin", "bundeskanzler",
    "ministerpräsident", "king", "rey", "roi", "cumhurbaşkanı", "başbakan", "başbakanı",
    "президент",
    "премьер", "премьер-министр", "канцлер", "король", "statsminister", "premierul",
    "președintele", "agong", "премиер", "министър-председател", "председник",
    "председница", "премијер", "премијерка", "канцелар", "канцеларка", "kancelar",
    "kancelara", "kancelarka", "президенті", "rais", "pangulo", "pangulong",
    "presidentti", "pääministeri", "miniszterelnök", "primeiro-ministro",
    "primeira-ministra", "államfő", "kormányfő"})
# a president or chairman is a head of state with the country's adjective before the title
# (szerb elnök), a company's without
_NATIONAL_HEADS = frozenset({"elnök"})
# the first word of a prime minister, a head's title only with the minister after it
# (primer ministro; not primer secretario, nor primo, a cousin)
_PRIME = frozenset({"prime", "premier", "primer", "primera", "primeiro", "primeira", "primo",
                    "prima"})
_MINISTERS = frozenset({"minister", "ministre", "ministro", "ministra"})
# German writes an office as one word (Wirtschaftsminister, Tesla-Chef, Bundeskanzler):
# the endings of the titles, of the public offices among them, and of the heads
_GERMAN_HEAD_ENDS = ("kanzler", "kanzlerin", "präsident", "präsidentin")
_GERMAN_OFFICE_ENDS = (*_GERMAN_HEAD_ENDS, "minister", "ministerin", "sprecher", "sprecherin",
                       "bürgermeister", "bürgermeisterin",
                       # Finnish and Hungarian write an office as one word too
                       # (elinkeinoministeri, külügyminiszter)
                       "ministeri", "miniszter")
_GERMAN_ENDS = {_TITLES: (*_GERMAN_OFFICE_ENDS, "leiter", "leiterin", "chef", "chefin",
                          "vorsitzender", "vorsitzende", "vorstand", "vorständin"),
                _OFFICES: _GERMAN_OFFICE_ENDS, _HEADS: _GERMAN_HEAD_ENDS}
# Words that call the name beside them a city or town ("the city of X", "X市", "مدينة X"):
# a place has a life outside the story (its teams, festivals, floods), so it is a name of
# the story only beside the story's other names. Grammar, not any seed's places.
_PLACE_WORDS = ("city", "town", "ville", "ciudad", "cidade", "città", "stadt", "город",
                "города", "городе", "مدينة", "بمدينة", "لمدينة", "شهر", "شهرستان", "עיר",
                "शहर", "도시", "kent", "şehir", "miasto", "miasta", "stad", "oraș", "orașul",
                "város", "grad", "grada", "county", "comté", "condado", "카운티", "округ")
# Words for a kind of place that Arabic, Persian, Urdu, Hebrew, Hindi and Thai write before
# its name, uncased like it (تنگه باب‌المندب, the Bab el-Mandeb strait; محافظة, province;
# مخيم, camp; قرية, village): the name's neighbours, never part of it
_UNCASED_PLACE_KINDS = frozenset({
    "مضيق", "تنگه", "آبنائے", "מצר",  # strait
    "محافظة", "ولاية", "استان", "صوبہ", "صوبے", "מחוז", "प्रांत",  # province, state
    "مخيم", "اردوگاه", "کیمپ", "מחנה", "शिविर",  # camp
    "قرية", "روستای", "روستا", "گاؤں", "כפר", "गांव", "गाँव",  # village
    "مديرية", "ضلع", "जिला", "ज़िला",  # district
    # Thai, its words cut apart (see monitor.rulebook.thai): strait, province, district,
    # village, and port (ท่าเรือแหลมฉบัง is Laem Chabang port)
    "ช่องแคบ", "จังหวัด", "อำเภอ", "หมู่บ้าน", "ท่าเรือ",
})
# Words Indonesian writes between a body and the place it serves, capitalised like both
# (Bappeda Kabupaten Gresik, Pemerintah Kota Surabaya): not English's City or Town, which
# are names' own words (Cape Town, Mexico City)
_PLACE_KINDS = frozenset({"kabupaten", "kota", "provinsi", "kecamatan"})
_CASED_SCRIPTS = frozenset({"other", "cyrillic", "greek", "armenian"})  # Latin is "other"
# written against the name in Chinese and Japanese (city, county)
_PLACE_MARKS = ("城市", "都市", "市", "郡", "县", "縣")
# and the other kinds of place they write after a name (菊陽町, Kikuyo town; 熊本県),
# which the name with and without them is: one name
_PLACE_SUFFIXES = (*_PLACE_MARKS, "町", "村", "県", "区", "州", "省")
CUED_ZIPF = 4.0  # a word this rare after such a cue is the company's name
_PARTICLE_PREFIX = re.compile(r"^(al|el|ad|ar|as|ash|at|az|an|ibn|bin|abu|abd|abdel|ould)-",
                              re.IGNORECASE)

_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")  # CO₂ is CO2, not CO
_HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")  # Arabic vowel marks and tatweel
# II to XXXIX, in Latin or Greek letters as folded: a number (Phase II), not an acronym
# (one letter is none anyway; CD, DC, MD, CV, LV are acronyms more often than numbers)
_ROMAN = re.compile(r"^X{0,3}(?:IX|IV|V?I{0,3})$(?<=..)")
_CURRENCY = re.compile(r"\b[A-Z]{1,3}\$")  # US$, R$, HK$: a currency, not a name (US)
# letters between dots, some small (S.p.A., S.r.l., e.g.): a company's legal form or an
# abbreviation, no part of a name (Stretto di Messina S.p.A. is Stretto di Messina)
# and the capital ones after a name (CSG N.V., Philips B.V., Airbus S.A.S.): not initials
# (M.K. Stalin) nor a country (U.S.), which no list of legal forms holds
_LEGAL_FORM = re.compile(
    r"(?<![\w.])(?=[A-Za-z.]*[a-z])[A-Za-z](?:\.[A-Za-z]){1,3}\.?(?![\w])"
    r"|(?<=\w )(?:N\.V|B\.V|S\.A\.S|S\.A|A\.G|S\.E|P\.L\.C|L\.L\.C|K\.K|A\.B|A\.Ş)\.?(?![\w.])"
    r"(?!\s+[A-Z][a-z])")


_DESIGNATION = regex.compile(r"^(?=.*\d)(?=.*[^\W\d_])[\w\p{M}-]+$")
_NXN = re.compile(r"^\d+[x×]\d+$", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[,;:()«»\"“”\[\]/—–、，：；（）「」『』،؛]| - ")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
# katakana letters and the long-vowel mark, joined by ・ or = inside a name (日産・ホンダ
# gives ホンダ, not ・ホンダ)
_KATAKANA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc]{2,}(?:[・=][\u30a1-\u30fa\u30fc]{2,})*")
_LATIN_IN_PARENS = re.compile(r"[(（]\s*([A-Za-z][\w .&'’-]{1,60}?)\s*[)）]")


class DeriveError(MonitorError):
    """A seed that gives no candidates, with the reason."""


@dataclass
class _Token:
    text: str
    sentence: int
    chunk: int  # stretch of the sentence between punctuation: names never cross one
    first: bool  # first word of its sentence
    restart: bool = False  # first word after a colon: the words before are another's
    possessive: bool = False  # written with English 's (Britain's, Tesla's)


def _title_case(sentence: str) -> bool:
    """A headline in title case ("Simandou Ships Its First Iron Ore"): its capitals say
    nothing about names. A sentence in a script without capitals is none, whatever the
    names in Latin letters in it (… China Railway Design Corporation … in Thai)."""
    if sentence.rstrip().rstrip("»\"”’)").endswith((".", "!", "?")):
        return False  # a sentence of the text, however dense with names
    found = [w for w in WORD.findall(sentence) if not w[0].isdigit()]
    words = [w for w in found if not uncased(w)]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.6 * len(words) \
        and 2 * len(words) >= len(found)


# What is written after an apostrophe against a name: English 's, and the Turkish and
# Azerbaijani case endings (Filyos'ta, Kalyon'un, Limanı'nın, Ankara'dan): grammar.
_APOSTROPHE_SUFFIX = re.compile(
    r"['’](?:s|n?[ıiuü]n|[yn]?[aeıiuü]|n?[dt][ae]n?|[dt][ae]ki|y?l[ae]|l[ae]r|l[ıiuü])$")
# an article or preposition elided against a name (d'Airbus, l'Eni, dell'Eni, qu'Orano):
# grammar, and the name after it is the word (not O'Brien, D'Alema: their own capitals)
_ELIDED = regex.compile(r"^\p{Ll}{1,6}['’](?=\p{Lu})")
_ELIDED_OF = regex.compile(r"^(?:d|dell)['’](?=\p{Lu})")


_OPENING_MARKS = frozenset({":", "："})  # a mark after which a sentence starts again
_DASHES = frozenset({"—", "–"})  # and a dash after a dateline (BALTIMORE — The …)
# English's article opens a sentence, and a name only where a sentence's middle writes it
# so: The Guardian, said The Guardian; the Dali, the Francis Scott Key Bridge
_SENTENCE_ARTICLES = frozenset({"The"})


DATELINE_WORDS = 3


def _dateline(piece: str) -> bool:
    """Whether a sentence's first stretch is a dateline: a place, in capitals or
    capitalised (BALTIMORE —, München –), of a few words (asked of the article's first
    sentences only: "Bellenhaus – Braun wusste …" further on is no dateline)."""
    words = WORD.findall(piece)
    return 0 < len(words) <= DATELINE_WORDS and all(w[:1].isupper() for w in words)


def _tokens(sentences: list[str]) -> list[_Token]:
    tokens: list[_Token] = []
    chunk = 0
    for index, sentence in enumerate(sentences):
        first = True
        headline = _title_case(sentence)
        marks = _PUNCTUATION.findall(sentence)
        pieces = _PUNCTUATION.split(sentence)
        for at, piece in enumerate(pieces):
            chunk += 1
            restart = bool(at) and (marks[at - 1] in _OPENING_MARKS or (
                at == 1 and index <= 1 and marks[0] in _DASHES and _dateline(pieces[0])))
            if restart:
                first = True  # after a colon a sentence starts again (Bakan Bayraktar:
                # Sakarya …; ΟΛΠ: Εγκαίνια …; German: Die Stahlmanager …)
            for match in WORD.finditer(piece):
                word = _APOSTROPHE_SUFFIX.sub("", match.group())  # Baykar's -> Baykar
                ended = word != match.group() and not match.group().endswith(("'s", "’s"))
                if not (tokens and tokens[-1].chunk == chunk
                        and _capitalised(tokens[-1].text)):
                    # d'Airbus -> Airbus; not inside a name (Côte d'Ivoire, Valle d'Aosta)
                    word = _ELIDED.sub("", word)
                tokens.append(_Token(word, index, chunk, first, restart,
                                     possessive=match.group().endswith(("'s", "’s"))))
                first = headline
                restart = False
                if ended:
                    # a case ending ends the name it is written against: Karadeniz'deki
                    # Sakarya Gaz Sahası (the Black Sea's) is two names; not English 's
                    # (People's Bank of China, Moody's Investors Service)
                    chunk += 1
    return tokens


# a brand written in camel case from a small letter: airBaltic, easyJet, iPhone, eBay
# (not mRNA, kWh: a capital then a small letter, four or more letters in all)
_CAMEL = regex.compile(r"^\p{Ll}{1,5}\p{Lu}\p{Ll}{2,}$")


def _capitalised(word: str) -> bool:
    if uncased(word):
        return False
    return word[:1].isupper() or bool(_DESIGNATION.match(word) and any(
        c.isupper() for c in word)) or bool(_CAMEL.match(word))


# Romanian writes the definite article at a noun's end (forajul, the drilling;
# capitalizarea): the noun without it says how common the word is
_ROMANIAN_ARTICLES = ("ului", "ul", "ele", "lor", "le", "ea", "a")


def _common(word: str, lang: str) -> float:
    lower = word.lower()
    found = max(zipf(lower, lang), zipf(lower, "en"))
    if lang == "ro" and found < COMMON_ZIPF:
        found = max([found, *(zipf(lower[: -len(end)], lang) for end in _ROMANIAN_ARTICLES
                              if lower.endswith(end) and len(lower) - len(end) >= 4)])
    if name_script(lower) == "cyrillic" and found < COMMON_ZIPF:
        # a Russian word in another case or gender is as common as its dictionary form
        # (подписанию of подписание, северному of северный, Европу of Европа)
        stem = case_stem(lower)
        if stem != lower:
            found = max(found, *(zipf(stem + end, lang) for end in _DICTIONARY_ENDINGS))
    return found


_DICTIONARY_ENDINGS = ("", "а", "я", "ь", "й", "о", "е", "ие", "ый", "ий", "ая", "ое", "ы", "и")


def _is_date(word: str, lang: str | None = None) -> bool:
    return is_date(word, lang)


# The family names most Vietnamese have (Nguyễn, Trần, Lê, Phạm: most of the country),
# written first: where a capitalised run reaches one, a person's name begins
VIETNAMESE_FAMILY_NAMES = frozenset({
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Đoàn", "Trịnh", "Lương", "Lưu",
    "Đào", "Chu", "Mai", "Tô", "Tạ", "Quách", "Vương"})  # not Hà, Cao, Lâm, Thái:
# the first words of provinces too (Hà Tĩnh, Cao Bằng, Lâm Đồng, Thái Bình)
APPOSITION_WORDS = 6  # words after a comma where a person's title says who they are
SHORT_FIRST = 3  # letters of a family name written first (Ng, Low, Lee, Tan)
_MONSIEUR = frozenset({"M", "MM"})  # French M. and MM. (monsieur, messieurs) before a name
# Titles of one language that are given names in others (Malay hakim, judge; Hakim Ziyech)
_TITLES_IN = {"ms": frozenset({"hakim"}), "id": frozenset({"hakim"})}
# and given names in one language that are titles in others (Rais Yatim; Swahili rais,
# president)
_NAMES_IN = {"ms": frozenset({"rais"}), "id": frozenset({"rais"})}
# Malay honorifics of two words (Tan Sri, Datuk Seri): the first of them is no title alone
# (Tan is a family name too), together they are one
_HONORIFIC_PAIRS = frozenset({("Tan", "Sri"), ("Puan", "Sri"), ("Datuk", "Seri"),
                              ("Dato", "Seri"), ("Dato", "Sri"), ("Toh", "Puan")})
# Vietnamese company forms (Công ty TNHH, limited; TNHH MTV, one member; CTCP, joint
# stock): grammar of a company's name, no part of it
_VI_LEGAL_FORMS = frozenset({"TNHH", "MTV", "CTCP"})
# Words for a state body (ministry, department, bureau) that a language writes before the
# body's portfolio: Vietnamese Bộ Tài nguyên và Môi trường (Bộ TN-MT), Bộ Y tế;
# Indonesian Kementerian BUMN. A Vietnamese body's name is in sentence case, so a run of
# the body word and one more syllable is the name cut at its first word.
_STATE_BODIES = {
    "vi": frozenset({"Bộ", "Sở", "Cục", "Viện", "Ban"}),
    "id": frozenset({"Kementerian", "Dinas"}),
    "ms": frozenset({"Kementerian"}),
}
# and the first words of Vietnamese titles in sentence case (Phó Chủ tịch, vice chairman;
# Tổng giám đốc, general director), cut the same way
_VI_CUT_HEADS = _STATE_BODIES["vi"] | {"Phó", "Tổng"}


def _apposed_at_start(tokens: list[_Token], at: int) -> bool:
    """Whether a sentence opens with capitalised words up to a comma and a title after
    it: a person with a common first name (Nick Read, the Post Office chief executive)."""
    end = at + 1
    while end < len(tokens) and tokens[end].chunk == tokens[at].chunk \
            and _capitalised(tokens[end].text):
        end += 1
    if end == at + 1 or end >= len(tokens) or tokens[end].chunk == tokens[at].chunk:
        return False  # no name after the first word, or no comma after the name
    after = [t.text for t in tokens[end:end + APPOSITION_WORDS]
             if t.sentence == tokens[at].sentence and t.chunk == tokens[end].chunk]
    return any(_is_title(w) for w in after)


_SAINTS = frozenset({"st", "saint"})


def _capitals_from(tokens: list[_Token], at: int) -> list[str]:
    """The capitalised words from a token on, in its stretch of the sentence."""
    out: list[str] = []
    for token in tokens[at:]:
        if token.chunk != tokens[at].chunk or not _capitalised(token.text):
            break
        out.append(token.text)
    return out


def _owner(words: list[str], after: list[str], plain: set[str], lang: str) -> bool:
    """Whether a run written with English 's names the owner of the name after it, not
    part of one name: a place (New York's), a name of several words (Malik Riaz Hussain's
    Bahria Town), or a name the seed also writes without 's (Tesla's Gigafactory, beside
    "said Tesla"); and what follows is a name of its own, several words or a rare one
    (not Victoria's Secret, America's Cup, World's Fair). People's Bank of China, Moody's
    Investors Service and Women's World Cup stay whole. A brand written with a capital
    inside is a company's, so an owner too (QatarEnergy's North Field East)."""
    if len(after) < 2 and (not after or _common(after[0], lang) >= AMBIGUOUS_ZIPF):
        return False
    if len(words) >= 2 and all(_capitalised(w) or w.lower() in _CONNECTORS for w in words) \
            and words[0].lower().rstrip(".") not in _SAINTS:
        return True  # (a saint's name is a church's or college's: St John's College)
    word = words[-1]
    if country_of(word) or is_place_or_date(word) or major_city(word):
        return True
    return len(words) == 1 and (word in plain or bool(_INNER_CAPITAL.search(word)))


def _sequences(
    tokens: list[_Token], lang: str, mid_caps: set[str], keep: frozenset[str] = frozenset(),
    unlisted: bool = False,
) -> list[tuple[str, int, list[str]]]:
    """Runs of capitalised words (joined by particles like "de la", "of"), with the
    sentence they are in. A sentence-initial capital counts only if the word is rare or
    is capitalised elsewhere mid-sentence (only the latter in a seed whose language has
    no word list: rarity there says nothing)."""
    runs: list[tuple[str, int, list[str]]] = []
    # the sentences where each word is capitalised past its first word
    capitals: dict[str, set[int]] = defaultdict(set)
    for at, token in enumerate(tokens):
        if at and tokens[at - 1].sentence == token.sentence and _capitalised(token.text):
            capitals[token.text].add(token.sentence)
    # the names the seed writes without 's inside a sentence (Tesla, beside Tesla's)
    plain = {t.text for t in tokens if not t.possessive and not t.first and _capitalised(t.text)}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        word = token.text
        starts = _capitalised(word)
        if starts and token.first and word not in mid_caps and (
                unlisted or _common(word, lang) >= 3.0
                or (lang in COMPOUNDING and is_compound(word.lower(), lang))) \
                and not _apposed_at_start(tokens, i):
            starts = False  # a common word, or one made of two, capitalised by the sentence
        if starts and token.first and word in _SENTENCE_ARTICLES:
            starts = False  # The Dali, The Francis Scott Key Bridge: the ship, the bridge
            # (a quoted title's The, "The Star-Spangled Banner", is no name's elsewhere)
        if not starts:
            i += 1
            continue
        words = [word]
        j = skip = i + 1
        while j < len(tokens) and tokens[j].chunk == token.chunk:
            nxt = tokens[j].text
            if tokens[j - 1].possessive and _owner(words, _capitals_from(tokens, j), plain,
                                                   lang):
                break  # Britain's National Crime Agency: the owner, then its own name
            if tokens[j].first and _capitalised(nxt) and nxt not in mid_caps \
                    and not capitals.get(nxt, set()) - {tokens[j].sentence} \
                    and _common(nxt, lang) >= 3.0:
                break  # a title-case headline's common word ("… Morowali Bertambah Jadi
                # 18 Orang": grew to 18 people) is capitalised for the headline, not a
                # name, unless another sentence capitalises it too (a sentence dense with
                # names reads as title case: "… PT Gunbuster Nickel Industry (GNI) …")
            if _capitalised(nxt) or _NXN.match(nxt) or _ELIDED_OF.match(nxt):
                # (an elided "of" inside a name: Acciaierie d'Italia, Banca d'Italia; not
                # sull', nell', l': Putin sull'Ucraina)
                words.append(nxt)
                j += 1
                continue
            if _YEAR.fullmatch(nxt) and j + 1 < len(tokens) \
                    and tokens[j + 1].chunk == token.chunk and _capitalised(tokens[j + 1].text) \
                    and not _is_date(words[-1]) and not _is_date(tokens[j + 1].text):
                words += [nxt, tokens[j + 1].text]  # a year inside a name (Çanakkale 1915
                j += 2  # Köprüsü, the bridge), not a date's (Mart 2022 Tata)
                continue
            if nxt.islower() and len(nxt) <= PLACE_PARTICLE and j + 1 < len(tokens) \
                    and tokens[j + 1].chunk == token.chunk \
                    and _capitalised(tokens[j + 1].text) \
                    and is_place_or_date(f"{words[-1]} {nxt} {tokens[j + 1].text}"):
                words += [nxt, tokens[j + 1].text]  # a city's own particle: Dar es Salaam
                j += 2
                continue
            # particles inside a name: "Autoridad de Producción", "Ministry of Defence"
            k = j
            particles = []
            while k < len(tokens) and tokens[k].chunk == token.chunk and \
                    tokens[k].text.lower() in _CONNECTORS and tokens[k].text.islower():
                particles.append(tokens[k].text)
                k += 1
            joined = " ".join(particles).lower()
            if joined in _OF_PORTFOLIO and _title_before(
                    [t.text for t in tokens[max(0, i - TITLE_WINDOW) : i]
                     if t.sentence == token.sentence]) \
                    and (portfolio := _portfolio_after(tokens, k, token.chunk, lang)):
                skip = k + portfolio  # minister Vincent Karremans van Economische Zaken,
                break  # minister Wang Wentao van Handel: the office's portfolio after him
            if particles and joined in _JOINING and joined not in _NOT_JOINING.get(lang, ()) \
                    and k < len(tokens) and tokens[k].chunk == token.chunk and \
                    _capitalised(tokens[k].text) and not _is_acronym_word(tokens[k].text):
                # (not before an acronym, another body's letters: Pedro Sánchez del PSOE)
                words.extend(particles)
                j = k
                continue
            if nxt in _AND and (rest := _named_body(tokens, j + 1, token.chunk)):
                words += [nxt, *rest]  # Defence Research and Development Organisation
                j += 1 + len(rest)
                continue
            break
        previous = [] if token.restart else [  # Bakan Bayraktar: Sakarya Gaz Sahası
            t.text for t in tokens[max(0, i - 6) : i] if t.sentence == token.sentence]
        # A title inside the run ends who holds the office, and the person follows it:
        # "İtalya Başbakanı Giorgia Meloni", "Baykar Genel Müdürü Haluk Bayraktar".
        inner = [k for k in range(1, len(words) - 2) if _is_title(words[k])
                 and words[k].lower() not in _NOT_INSIDE | _NOT_INSIDE_IN.get(lang, frozenset())
                 and len(words) - k - 1 <= 4 and all(_capitalised(w) for w in words[k + 1 :])]
        if inner:
            previous += words[: inner[-1] + 1]
            words = words[inner[-1] + 1 :]
        scripts = [name_script(w) for w in words]
        switch = next((k for k in range(1, len(words)) if scripts[k] != scripts[k - 1]
                       and {scripts[k], scripts[k - 1]} <= _CASED_SCRIPTS), None)
        if switch is not None:
            # names in two alphabets side by side are two names (LETA Capital Александра
            # Чачавы: the fund, and its owner's name in the genitive)
            runs.append((" ".join(words[:switch]), token.sentence, previous))
            previous = previous + words[:switch]
            words = words[switch:]
        place = next((k for k in range(1, len(words) - 1)
                      if words[k].lower() in _PLACE_KINDS), None)
        if place is not None:
            # a body and the place it serves in one run (Bappeda Kabupaten Gresik: the
            # planning agency of Gresik regency): two names, without the word for regency
            runs.append((" ".join(words[:place]), token.sentence, previous))
            previous = previous + words[: place + 1]
            words = words[place + 1 :]
        family = next((k for k in range(1, len(words) - 1) if lang == "vi"
                       and words[k] in VIETNAMESE_FAMILY_NAMES and len(words) - k <= 4), None)
        if family is not None:
            # Vietnamese writes title, company and person in one capitalised run (Chủ
            # tịch Vingroup Phạm Nhật Vượng): the person starts at the family name
            runs.append((" ".join(words[:family]), token.sentence, previous))
            previous = previous + words[:family]
            words = words[family:]
        if lang == "vi":
            words = [w for w in words if w not in _VI_LEGAL_FORMS]  # TNHH Gang thép …
            if len(words) == 2 and words[0] in _VI_CUT_HEADS and j < len(tokens) \
                    and tokens[j].chunk == token.chunk and tokens[j].text.islower():
                words = []  # Bộ Tài [nguyên và Môi trường]: a ministry cut at its first
                # word (Bộ Tài chính is another one), no name; Phó Chủ [tịch], a title
        bodies = _STATE_BODIES.get(lang, frozenset())
        if len(words) >= 2 and words[0] in bodies and _portfolio_letters(words[1]):
            previous = previous + words[:1]  # Sở TN-MT Hà Tĩnh: the province's department
            words = words[1:]  # of resources and environment, and the province
        if words and previous and previous[-1] in bodies and _portfolio_letters(words[0]):
            previous = previous + words[:1]
            words = words[1:]
        # A title, a nationality word or a common word before a name is not part of it:
        # "mariscal del Aire Zaheer Ahmed Baber Sidhu", "French Rafale"; nor is the
        # acronym of a title's country or ministry (председателя КНР Си Цзиньпина).
        while len(words) > 1 and (
            (_is_acronym_word(words[0]) and _after_title(previous))
            or
            (_is_title(words[0]) and not _adjective_name(words)
             and words[0].lower() not in _NAMES_IN.get(lang, ()))
            or _is_date(words[0], lang) or _oblique_place(words[0])
            or (lang == "fr" and words[0] in _MONSIEUR)  # M. Pouyanné
            or words[0].lower() in _TITLES_IN.get(lang, ())  # Hakim (judge) Zabariah
            or (len(words) > 2 and ((words[0], words[1]) in _HONORIFIC_PAIRS
                                    or tuple(previous[-1:] + words[:1]) in _HONORIFIC_PAIRS))
            or ((country_of(words[0]) or nationality_of(words[0])) and len(words) == 2
                and (_DESIGNATION.match(words[1]) or zipf(words[1].lower(), "en") < 3.0)
                # after an office, a person's first name (Міністр енергетики Герман
                # Галущенко: Herman, not German; Армен, Georgi)
                and not _office_before(previous))
            or (len(words) > 2 and zipf(words[0].lower(), lang) >= 4.0
                and _common(words[1], lang) < 4.0 and not any(_org_word(w) for w in words)
                # a short first word is a family name written first (Low Taek Jho, Lee
                # Hsien Loong) or a name's own (All Nippon Airways), not a word before it
                and (len(words[0]) > SHORT_FIRST or words[0].lower() in _CONNECTORS)
                # after a title, a common first name is the person's (Prof. Dr. Mehmet
                # Efe Biresselioğlu)
                and not _title_before(previous))
        ):
            previous.append(words.pop(0))
        if words and _portfolio_title(previous) and _portfolio_goes_on(tokens, j, token.chunk) \
                and all(_common(w, lang) >= HEAD_FIRST_ZIPF and len(capitals.get(w, ())) <= 1
                        for w in words):
            # the office's portfolio up to "and" (Minister for Foreign Affairs and Trade
            # Penny Wong, υπουργού Ναυτιλίας και Νησιωτικής Πολιτικής Βασίλη Κικίλια): no
            # name; the run after "and" reads as after the title
            words = []
        if len(words) >= PORTFOLIO_RUN and _title_before(previous) and not (
                lang in _PORTFOLIO_AFTER_OF and _is_title(previous[-1])
                and not _portfolio_title(previous)) \
                and tuple(previous[-2:]) not in _HONORIFIC_PAIRS \
                and not _is_title(words[0]) and _common(words[0], lang) >= HEAD_FIRST_ZIPF \
                and not any(_org_word(w) for w in words):
            # the office's portfolio between a title and the name, where the language puts
            # one there (in English and the Romance languages a minister's or after an
            # "of": not a judge's given name, el juez Juan Carlos Peinado): Menteri
            # Pengangkutan Anthony Loke Siew Fook, mariscal del Aire Zaheer Ahmed Baber,
            # υπουργός Ναυτιλίας Βασίλης Κικίλιας, Minister for Foreign Affairs Penny Wong
            # (its later words only if common: Minister for Trade Tan See Leng keeps Tan)
            previous.append(words.pop(0))
            while len(words) >= PORTFOLIO_RUN and _common(words[0], lang) >= NEIGHBOUR_ZIPF:
                previous.append(words.pop(0))
        if lang == "de":
            _strip_german_nouns(words, previous, keep)
        while len(words) > 1 and "-" in words[0] and words[0].rsplit("-", 1)[1].islower():
            words.pop(0)  # "Chinalco-led …", "Singapore-based …": a description
        while words and (words[-1].lower() in _CONNECTORS or _is_date(words[-1], lang)):
            words.pop()
        while words and words[0].islower() and words[0] in _CONNECTORS:
            previous.append(words.pop(0))  # le PDG de TotalEnergies: the title's "de"
        if words and _is_title(words[-1]) and all(
                _is_title(w) or _common(w, lang) >= HEAD_FIRST_ZIPF for w in words):
            words = []  # a title alone: Perdana Menteri, Prime Minister (not General Motors)
        if words == [word] and token.first and word not in mid_caps \
                and word[1:].islower() and _common(word, lang) >= LONE_START_ZIPF:
            words = []  # a known word alone, capitalised only by the sentence (Прокачка;
            # not MBK, which an acronym's capitals make a name wherever it stands)
        if words:
            runs.append((" ".join(words), token.sentence, previous))
        i = max(j, skip)
    return runs


_OF_PORTFOLIO = frozenset({"van"})  # Dutch minister X van Economische Zaken


def _portfolio_after(tokens: list[_Token], at: int, chunk: int, lang: str) -> int:
    """How many tokens from `at` on are an office's portfolio after its holder's name:
    capitalised everyday words, "and" between them (Economische Zaken, Justitie en
    Veiligheid, Handel); 0 where they are no portfolio (Vincent van Gogh)."""
    end = at
    while end < len(tokens) and tokens[end].chunk == chunk and (
            _capitalised(tokens[end].text)
            or (tokens[end].text in _AND_WORDS and end + 1 < len(tokens)
                and tokens[end + 1].chunk == chunk and _capitalised(tokens[end + 1].text))):
        end += 1
    words = [t.text for t in tokens[at:end] if t.text not in _AND_WORDS]
    if not words or len(words) > PORTFOLIO_WORDS or any(
            _common(w, lang) < HEAD_FIRST_ZIPF or _is_title(w) or home_town(w, lang)
            or is_place_or_date(w) for w in words):
        return 0  # (burgemeester Femke Halsema van Amsterdam: a town, kept as it was)
    return end - at


_AND = frozenset({"and", "&"})
TITLE_WINDOW = 6  # words before a run where its title stands
# The titles that take a portfolio (a minister's: Minister for Foreign Affairs and Trade)
_PORTFOLIO_TITLES = frozenset({
    "minister", "ministro", "ministre", "ministerin", "ministra", "secretary", "secretario",
    "secrétaire", "υπουργός", "υπουργού", "υπουργό", "министр", "міністр", "министър",
    "министар", "menteri", "bakan", "bakanı", "ministeri", "miniszter", "ministrul",
    "ministr"})


def _title_ends(previous: list[str], among: frozenset[str] = _TITLES) -> bool:
    """Whether one of these titles ends the words before a run, with "for" or a title's
    "of" after it (Minister for, Secretary of, ministro de)."""
    if previous and (previous[-1] == "for" or previous[-1] in _TITLE_OF):
        previous = previous[:-1]
    return bool(previous) and _is_title(previous[-1], among)


def _portfolio_title(previous: list[str]) -> bool:
    """Whether a minister's title ends the words before a run (Minister for, ministro de):
    the run may begin with the office's portfolio."""
    return _title_ends(previous, _PORTFOLIO_TITLES)


def _named_body(tokens: list[_Token], at: int, chunk: int) -> list[str]:
    """The capitalised words from `at` on, when the last of them is an organisation word:
    the part after "and" in a body's name (Defence Research and Development Organisation,
    Belt and Road Initiative), not a second name beside the first; else none."""
    rest = _capitals_from(tokens, at) if at < len(tokens) and tokens[at].chunk == chunk else []
    return rest if rest and _org_word(rest[-1]) else []


COMPANY_WORD_ZIPF = 3.5  # an English word this common after General is a company's
_ADJECTIVE_TITLES = frozenset({"general", "prime", "premier"})


def _adjective_name(words: list[str]) -> bool:
    """Whether a title that is also an English adjective opens a company's name with a
    common English word (General Electric, General Motors, General Dynamics): no title
    before a person's name (General Asim Munir)."""
    return len(words) == 2 and words[0].lower() in _ADJECTIVE_TITLES \
        and zipf(words[1].lower(), "en") >= COMPANY_WORD_ZIPF


# "and" in the languages whose press writes an office's portfolio in capitals before the
# holder's name (Minister for Foreign Affairs and Trade Penny Wong)
_AND_WORDS = frozenset({"and", "και", "et", "und", "y", "e", "i", "és", "ve", "dan", "và",
                        "и", "і", "та", "și", "en", "och", "og", "ja", "a", "oraz", "ir"})
PORTFOLIO_WORDS = 3  # capitalised words of a portfolio before its "and"


def _portfolio_goes_on(tokens: list[_Token], at: int, chunk: int) -> bool:
    """Whether a run ends at "and" with more capitalised words after it, at least a
    portfolio's word and a name's two, none of them a title or an organisation's word
    (not President Trump and Chinese President Xi, ministro Carlos Cuerpo y Banco
    Santander México)."""
    if at >= len(tokens) or tokens[at].chunk != chunk or tokens[at].text not in _AND_WORDS:
        return False
    after = []
    for token in tokens[at + 1 :]:
        if token.chunk != chunk or not _capitalised(token.text):
            break
        after.append(token.text)
    return len(after) >= PORTFOLIO_RUN and not any(_is_title(w) or _org_word(w) for w in after)


def _title_before(previous: list[str]) -> bool:
    """Whether a title ends the words before a run, with "for" or a title's "of" after it
    (Minister for, Secretary of, ministro de), or with a portfolio and its "and" after it
    (Minister for Foreign Affairs and [Trade Penny Wong])."""
    if tuple(previous[-2:]) in _HONORIFIC_PAIRS:
        return True  # Tan Sri Mohd Dusuki Mokhtar
    if len(previous) > 1 and previous[-1] in _AND_WORDS and _capitalised(previous[-2]):
        k = len(previous) - 2
        while k > 0 and len(previous) - 1 - k < PORTFOLIO_WORDS and _capitalised(previous[k - 1]):
            k -= 1
        return _portfolio_title(previous[:k])
    return _title_ends(previous)


PERSON_WORDS = (2, 3)  # the words of a person's name after an organisation's
PORTFOLIO_RUN = 3  # a title's run this long may start with the office's portfolio
# languages that join a portfolio to a title with "of" (ministro de Economía, mariscal del
# Aire), so that a title right before a run heads a person, not a portfolio
_PORTFOLIO_AFTER_OF = frozenset({"en", "es", "pt", "fr", "it", "ca", "ro"})
PLACE_PARTICLE = 3  # letters of a lower-case word inside a place's name (Dar es Salaam)
KNOWN_WORDS = 3  # the words of a name the seed also writes alone, found inside a run


def _split_at_known(
    runs: list[tuple[str, int, list[str]]], lang: str
) -> list[tuple[str, int, list[str]]]:
    """A run that starts with a name the seed writes alone elsewhere, then a person's
    name, is the two of them (Укренерго Володимир Кудрицький, Ukrenergo's Volodymyr
    Kudrytskyi; Morowali AKBP Suprianto, after the title Kapolres). A name inside a run is
    a person's own (Anthony Loke Siew Fook, who is also Loke). The person's words are no
    common English words and no organisation's (Tsingshan Holding Group is one name), and
    the surname is no common word of the seed's language (Formosa Hà Tĩnh is one name)."""
    alone = Counter(run for run, _, _ in runs)
    out: list[tuple[str, int, list[str]]] = []
    for run, sentence, previous in runs:
        words = run.split()
        size = next((size for size in range(min(KNOWN_WORDS, len(words) - PERSON_WORDS[0]),
                                            0, -1)
                     if alone[" ".join(words[:size])] and _person(
                         words[size:], lang,
                         # after an acronym (IMIP Dedy Kurniawan) even a surname common
                         # in the language's news (Kurniawan) is a person's
                         known_surname=size == 1 and _is_acronym_word(words[0]))), 0)
        if not size:
            out.append((run, sentence, previous))
            continue
        out.append((" ".join(words[:size]), sentence, previous))
        out.append((" ".join(words[size:]), sentence, previous + words[:size]))
    return out


def _holder_after_portfolio(
    runs: list[tuple[str, int, list[str]]], lang: str
) -> list[tuple[str, int, list[str]]]:
    """A run after a title that ends with a name the seed writes as a run of its own, in
    any case, is that name after the office's portfolio (υπουργού [Ναυτιλίας και]
    Νησιωτικής Πολιτικής Βασίλη Κικίλια, where the seed also writes Ο υπουργός Βασίλης
    Κικίλιας): the portfolio is no part of it."""
    alone = {tuple(run.split()) for run, _, _ in runs}
    # the longest first
    forms = sorted(((words, _case_forms(" ".join(words), lang)) for words in alone
                    if PERSON_WORDS[0] <= len(words) <= PERSON_WORDS[-1]),
                   key=lambda item: -len(item[0]))
    out: list[tuple[str, int, list[str]]] = []
    for run, sentence, previous in runs:
        words = run.split()
        if len(words) >= PORTFOLIO_RUN and _title_before(previous):
            mine = _case_forms(run, lang)
            size = next((len(other) for other, theirs in forms
                         if len(other) < len(words) and all(
                             a & b for a, b in zip(mine[-len(other):], theirs, strict=True))),
                        0)
            if size:
                out.append((" ".join(words[-size:]), sentence, previous + words[:-size]))
                continue
        out.append((run, sentence, previous))
    return out


def _person(words: list[str], lang: str, known_surname: bool = False) -> bool:
    """Whether words may be a person's name after an organisation's (see _split_at_known)."""
    if len(words) in PERSON_WORDS and len(words[-1]) > 1 \
            and all(len(w) == 1 and w.isupper() for w in words[:-1]):
        return True  # initials and a surname: M K Stalin (however famous the surname)
    return len(words) in PERSON_WORDS and all(
        _capitalised(w) and not _org_word(w) and zipf(w.lower(), "en") < AMBIGUOUS_ZIPF
        for w in words) and (known_surname or zipf(words[-1].lower(), lang) < AMBIGUOUS_ZIPF)


@cache
def _title_stems(words: frozenset[str]) -> frozenset[str]:
    """Russian titles without their case ending; a short stem is many words' (мэр of
    Мэри), so those titles match only as written."""
    return frozenset(stem for w in words if name_script(w) == "cyrillic"
                     and len(stem := case_stem(w)) > MIN_TITLE_STEM)


GERMAN_TITLE_LENGTH = 8  # letters past which a word ending as an office is one (Stahlchef)


def _is_title(word: str, among: frozenset[str] = _TITLES) -> bool:
    """One of the titles (all, or those given) before a name, in any case a Russian one
    takes (президента, министром)."""
    lower = word.lower().split("'")[0].split("’")[0]  # Turkish CEO'su: its CEO
    lower = _FORMER.sub("", lower)  # o ex-presidente Jair Bolsonaro, Ex-Kanzler
    if lower.endswith(_BULGARIAN_ARTICLES) and lower[:-2] in among:
        return True  # Bulgarian writes the article at its end: министърът, премиерът
    return lower in among or (name_script(lower) == "cyrillic"
                              and case_stem(lower) in _title_stems(among)) or (
        # a German office is one word (Wirtschaftsminister, Bundeskanzler), no English
        # word (administer)
        lower.endswith(_GERMAN_ENDS.get(among, ())) and len(lower) > GERMAN_TITLE_LENGTH
        and ("-" in lower or zipf(lower, "en") < 3.0)  # Tesla-Chef
        # a head's only of a place (US-Präsident; not Bafin-Präsident, an agency's)
        and not (among is _HEADS and "-" in lower
                 and not is_public_place(prefix := word.rsplit("-", 1)[0])
                 and prefix not in english_initials()))


_BULGARIAN_ARTICLES = ("ът", "ят")
# a former office is a title too (ex-presidente, expresidenta, экс-президент); written
# as one word, only a long one (not French exprime, expresses)
_FORMER = re.compile(r"^(?:ex-|экс-|екс-|ex(?=\w{6}))(?=\w)")
MIN_TITLE_STEM = 3
# Titles that are also English adjectives or parts of company names (General Motors,
# Prime Video): they do not split a run in two; nor does a Spanish adjective (Estado
# Mayor), which in English is the title that does (Valenzuela City Mayor Wes Gatchalian)
_NOT_INSIDE = frozenset({"general", "gen", "prime", "premier", "secretary", "dr"})
_NOT_INSIDE_IN = {"es": frozenset({"mayor"})}


def _strip_german_nouns(words: list[str], previous: list[str], keep: frozenset[str]) -> None:
    """A German run's common nouns around its name are no part of it (Bürgerinitiative
    Grünheide, Landkreis Oder-Spree, Tesla-Fabrik): German capitalises every noun."""
    # a person's given name after a title (Ministerpräsident Reiner Haseloff: reiner is
    # "purer" too) stays
    titled = _after_title(previous) and len(words) == 2
    while len(words) > 1 and not titled and (
            _german_noun(words[0], keep) or words[0].lower() in _CONNECTORS
            # a noun with its country before (der US-Chipkonzern Intel)
            or ("-" in words[0] and _german_noun(words[0].rsplit("-", 1)[1], keep))
            # a common word before an acronym (unter dem Namen ESMC)
            or (len(words) == 2 and _is_acronym_word(words[1])
                and zipf(words[0].lower(), "de") >= GERMAN_COMMON_ZIPF)):
        previous.append(words.pop(0))
    person = _after_title(previous)  # Jörg Steinbach: a surname may be a noun too
    while len(words) > 1 and not person and words[-1] not in keep and (
            known_noun(words[-1].lower()) or words[-1].lower() in _CONNECTORS):
        words.pop()
    head, _, tail = words[-1].rpartition("-")
    if head and tail and _german_noun(tail, keep):
        words[-1] = head


def _german_noun(word: str, keep: frozenset[str]) -> bool:
    """A German common noun; one made of German nouns only if the seed does not say it
    often (Rheinmetall, Liebherr: a company made of words is the story's) or no other
    language writes it (Reederei, a shipping line: no company the press abroad names)."""
    return is_german_noun(word, compounds=word not in keep or german_only(word))


GERMAN_NAME_MENTIONS = 3  # a capitalised German word said this often is the story's name
GERMAN_COMMON_ZIPF = 4.0  # a capitalised word this common before an acronym is no name's


def _is_acronym_word(word: str) -> bool:
    return word.isalpha() and word.isupper() and 2 <= len(word) <= 6  # МАГАТЕ, IAEA


def _portfolio_letters(word: str) -> bool:
    """Whether a word is capital letters, in parts joined by hyphens (TN-MT, NN-PTNT,
    BUMN), as a state body's portfolio is shortened after the word for the body."""
    return all(_is_acronym_word(part) or (part.isalpha() and part.isupper() and len(part) == 1)
               for part in word.split("-")) and sum(len(p) for p in word.split("-")) >= 2


def _portfolio(acronym: str, text: str, lang: str) -> bool:
    """Whether the seed writes an acronym after a word for a state body (Bộ TN-MT, the
    ministry of natural resources and environment; Kementerian BUMN): the portfolio of a
    ministry or its provincial office, in every story they touch, no name of this one."""
    bodies = _STATE_BODIES.get(lang)
    if not bodies:
        return False
    return re.search(
        rf"(?<!\w)(?:{'|'.join(map(re.escape, sorted(bodies)))})\s+{re.escape(acronym)}(?![\w-])",
        text) is not None


def _office_before(previous: list[str], offices: frozenset[str] = _OFFICES) -> bool:
    """Whether a public office (of those given) stands in the two words before a name,
    after any acronyms (президента России, министр МИД КНР), or further back before
    lower-case words, or before a minister's portfolio in capitals."""
    words = list(previous)
    while words and _is_acronym_word(words[-1]):
        words.pop()
    # an office's word before a company's title is the company's (Presiden Direktur PTFI
    # Tony Wenas: the president director, no head of state)
    company = [k + 1 < len(words) and _is_title(words[k + 1])
               and not _is_title(words[k + 1], _OFFICES) for k in range(len(words))]
    if any((_is_title(w, offices) or (offices is _HEADS and _prime_minister(words, k)))
           and not company[k] for k, w in enumerate(words) if k >= len(words) - 2):
        return True
    if any(company[-3:]):
        return False
    # an office told in lower-case words and other titles up to the name (le président de
    # la transition, le général Mamadi Doumbouya)
    for word in reversed(words[-_CHIEF_WINDOW:]):
        if _is_title(word.strip(",;:"), offices):
            return True
        if _capitalised(word) and not _is_title(word.strip(",;:")):
            break
    if _portfolio_before(words) and offices is _OFFICES:
        return True  # ο υπουργός Περιβάλλοντος και Ενέργειας Κώστας Σκρέκας
    # the office of a place named after it (el gobernador de Río Negro, Alberto …)
    place = _chief_before(previous, offices)
    return bool(place) and is_public_place(place)


def _portfolio_before(words: list[str]) -> bool:
    """Whether a minister's title and its portfolio in capitals end the words before a
    name (Minister for Foreign Affairs and Trade, υπουργός Περιβάλλοντος και Ενέργειας)."""
    k = len(words)
    portfolio = 0
    while k > 0 and portfolio < PORTFOLIO_WORDS and (
            _capitalised(words[k - 1]) or (words[k - 1] in _AND_WORDS and portfolio)):
        portfolio += words[k - 1] not in _AND_WORDS
        k -= 1
    return portfolio > 0 and (_portfolio_title(words[:k]) or (
        k > 1 and words[k - 1] in _TITLE_OF and _portfolio_title(words[:k - 1])))


# the word joining a title to what it heads (presidente da Boeing, CEO of Westinghouse)
_TITLE_OF = frozenset({"of", "da", "de", "do", "del", "du", "des", "der", "di", "della"})
_CHIEF_WINDOW = 6  # words before a name where its title and organisation stand


def _chief_before(previous: list[str], titles: frozenset[str] = _TITLES) -> str:
    """The organisation the words before a name give it as the chief of: a title, "of"
    and capitalised words (presidente da Boeing, Dennis Muilenburg: Boeing), if any."""
    words = [w.strip(",;:") for w in previous[-_CHIEF_WINDOW:]]
    for at in range(len(words) - 2):
        rest = words[at + 2:]
        # (a head's title of two words: prime minister, primer ministro of San Vicente)
        title = _is_title(words[at], titles) or (titles is _HEADS and _prime_minister(words, at))
        if title and words[at + 1].lower() in _TITLE_OF and all(_capitalised(w) for w in rest):
            return " ".join(rest)
    # Russian and Ukrainian say what a title heads in the genitive, right after it
    # (Генеральный директор «Росатома» Алексей Лихачёв)
    for at in range(len(words) - 1):
        rest = [w.strip(_QUOTE_MARKS) for w in words[at + 1:]]
        if _is_title(words[at], titles) and all(
                _CYRILLIC_WORD.fullmatch(w) and _capitalised(w) for w in rest):
            return " ".join(rest)
    return ""


_QUOTE_MARKS = "«»\"„“”'"
_CYRILLIC_WORD = regex.compile(r"[\p{Cyrillic}-]+")


def _prime_minister(words: list[str], at: int) -> bool:
    """Whether the word at `at` is a minister after "prime" in some language (the prime
    minister, el primer ministro, il primo ministro): a head of government's title."""
    return at > 0 and words[at - 1].lower() in _PRIME and words[at].lower() in _MINISTERS


def _after_title(previous: list[str]) -> bool:
    """Whether the words before end with a title, maybe followed by acronyms (the
    representative of the MFA of the PRC: представитель МИД КНР)."""
    for word in reversed(previous):
        if not _is_acronym_word(word):
            return _is_title(word)
    return False


def _oblique_place(word: str) -> bool:
    """A Cyrillic country or city in another case before a name (Монголии Хурэлсух: of
    Mongolia, Khurelsukh): where the name is from, not part of it."""
    folded = folded_tokens(word)
    return name_script(word) == "cyrillic" and folded not in countries() \
        and case_stem(folded) != folded and is_place_or_date(word)


def _initials(name: str) -> str:
    """The letters an acronym takes from a name: its words' but the small ones (Régimen
    de Incentivo para Grandes Inversiones: RIGI)."""
    return "".join(w[0] for w in name.split()
                   if w.lower() not in _CONNECTORS and not w[0].islower()).upper()


def _common_noun_acronym(before: list[str], acronym: str) -> bool:
    """Whether the words before an acronym in parentheses are lower-case words that
    spell it (gas natural licuado (GNL), liquefied natural gas (LNG)): a term of the
    language, in every story of its trade, not a name."""
    words = [w for w in before if w.lower() not in _CONNECTORS][-len(acronym):]
    return len(words) == len(acronym) and all(w[0].islower() for w in words) \
        and "".join(w[0] for w in words).upper() == acronym


def _dictionary_acronym(before: list[str], lang: str) -> bool:
    """Whether the word before an acronym in parentheses is a common noun the seed
    language's dictionary knows (메가와트(MW), megawatt; 양해각서(MOU), a memorandum of
    understanding): a unit or a term of the trade, not a name; in a language written
    without capitals, where no lower case tells."""
    dictionary = _DICTIONARIES.get(lang)
    if not before or dictionary is None:
        return False
    word = _without_ending(before[-1], lang)
    return bool(dictionary[0](word)) and dictionary[2](word)


def _kind(name: str, before: list[str] | None = None) -> str:
    """equipment, acronym, organisation, person or name (a guess, shown to the user)."""
    words = name.split()
    if _DESIGNATION.match(words[0]) or any(_NXN.match(w) for w in words):
        return "equipment"
    if name.isupper() and 2 <= len(name) <= 5 and " " not in name:
        return "acronym"
    if any(_org_word(w) for w in words):
        return "organisation"
    # a surname's particle is no word of the name (Luiz Inácio Lula da Silva); a place's
    # or body's several are (Santa Cruz de la Sierra, Corte Internacional de Justicia de …)
    particle = len(words) >= 3 and words[-2] in _CONNECTORS and \
        not any(w.lower() in _CONNECTORS for w in words[:-2])
    if 2 <= len(words) - particle <= 4 and before and any(_is_title(w) for w in before) \
            and before[-1].lower() not in _TITLE_OF:
        # not what the title heads (el gobernador de Río Negro: a province)
        return "person"
    if before and {w.lower() for w in before[-3:]} & _ORG_CUES:
        return "organisation"
    return "name"


def _rarity(name: str, lang: str, kind: str) -> float:
    """0–8: how unusual the name is in general language (the seed's, English, and for a
    single word every major language, where a brand or a common word would show)."""
    if kind == "equipment":
        return 7.0
    if kind == "acronym":
        return 4.0
    words = [w for w in name.split() if w.lower() not in _CONNECTORS]
    if not words:
        return 0.0
    if len(words) == 1:
        word = bare(words[0], lang)
        per_word = [8.0 - max(zipf(word.lower(), lang), max_zipf(word.lower()))]
    else:
        per_word = [8.0 - _common(w, lang) for w in words]
    rarest = max(max(per_word) - 0.5 * (len(words) - 1), 0.0)
    return rarest * 0.6 if is_place_or_date(name) else rarest


# Languages whose sentences end with their verb (Persian, Urdu, Hindi)
_VERB_FINAL = frozenset({"fa", "ur", "hi"})


def _uncased_runs(sentences: list[str], lang: str) -> list[tuple[str, int]]:
    """Candidate names in scripts with no capitals, with their sentence: runs of rare
    words (Arabic, Hebrew, Devanagari, …), rare token runs in Chinese and Japanese, and
    katakana runs (the foreign names of a Japanese text)."""
    out: list[tuple[str, int]] = []
    joined = " ".join(sentences)
    for index, sentence in enumerate(sentences):
        pieces = [p for p in _PUNCTUATION.split(sentence) if WORD.search(p)]
        for piece in pieces:
            if _UNSPACED.search(piece):
                out += [(_with_latin_head(m.group(), joined), index)
                        for m in _KATAKANA_RUN.finditer(piece) if zipf(m.group(), lang) < 4.0]
                out += [(japanese_person(japanese_name_part(run), piece)
                         if lang == "ja" else run, index) for run in _cjk_runs(piece, lang)]
                if lang == "ja":  # a person IPAdic knows by name, however common (内田誠)
                    out += [(name, index) for name in japanese_people(piece)]
                if lang == "zh":  # a foreign name, in common characters (西雅尔多·彼得)
                    out += [(name, index) for name in _dotted_names(piece)]
                continue
            words = sentence_words(piece)
            # a Korean particle or a case ending ends a noun phrase: the name before it,
            # without it (기아차그룹이 -> 기아차그룹; 기아차는 페스케리아 is two names)
            bare_words = [_without_ending(w, lang) for w in words]
            ends = [b != w for w, b in zip(words, bare_words, strict=True)]
            words = bare_words
            rarest = [bool(uncased(w) and len(bare(w)) >= 2
                           and not particled_syllable(w, joined)
                           and uncased_zipf(w, lang) < _rare_below(w, lang)
                           and not inflected(w, lang)
                           and not common_with_ending(w, lang)) for w in words]
            # a proper noun the Korean word list knows well, which the seed repeats (한수원):
            # a name by itself, not a rare word to gather its neighbours
            out += [(w, index) for w, r in zip(words, rarest, strict=True)
                    if lang == "ko" and not r and korean_proper(w)
                    and joined.count(w) >= PROPER_REPEATS]
            # a rare word with its name-like neighbours: "إكسون موبيل", "راس لفان"
            # (not a common word in the plural: استجوبت مسؤولين, questioned officials)
            keep = [r or (uncased(w) and len(w) >= 3 and zipf(w, lang) < NEIGHBOUR_ZIPF
                          and not inflected(w, lang, ARABIC_PLURALS) and (
                (i > 0 and rarest[i - 1]) or (i + 1 < len(words) and rarest[i + 1])))
                for i, (w, r) in enumerate(zip(words, rarest, strict=True))]
            # a fairly rare word the seed presents as a company ("شركة X"), alone
            cued = [uncased(w) and len(bare(w)) >= 2 and not rarest[i] and i > 0
                    and org_cue(words[i - 1]) and zipf(w, lang) < CUED_ZIPF
                    for i, w in enumerate(words)]
            out += [(w, index) for w, c in zip(words, cued, strict=True) if c]
            rare = rarest
            # a nationality word ends a name (إيني الإيطالية: Eni, the Italian one), and so
            # do a region and a word for county or city (조지아주 브라이언 카운티 엘라벨)
            keep = [k and not country_of(w) and not is_region(unmarked(w))
                    and not is_marked_region(w, lang)
                    and w.lower() not in _PLACE_WORDS
                    and not {w, bare(w)} & _UNCASED_PLACE_KINDS
                    for w, k in zip(words, keep, strict=True)]
            if lang in _VERB_FINAL and index > 0 and keep and not rare[-1] \
                    and piece is pieces[-1]:
                keep[-1] = False  # a body sentence's last word is its verb (… الحدیده بردند,
                # they took it to Hodeidah), not the name's before it
            run: list[str] = []
            has_rare = False
            steps = [*zip(words, keep, rare, ends, strict=True), ("", False, False, False)]
            for word, kept, is_rare, ends_phrase in steps:
                if kept and run and word[:1] in CONJUNCTIONS:
                    if has_rare:
                        out.append((_name_part(run, lang), index))  # "… وإكسون": a new name
                    run, has_rare = [], False
                if kept:
                    run.append(unjoined(word) if not run else word)
                    has_rare = has_rare or is_rare
                    if not ends_phrase:
                        continue
                if run and has_rare:
                    out.append((_name_part(run, lang), index))
                run, has_rare = [], False
    return out


def _name_part(run: list[str], lang: str) -> str:
    """A run of words as a name: in Korean without the common nouns and figures that
    lead into it (사모펀드 MBK파트너스, the private equity fund MBK Partners; 3세인
    최윤범, Choi Yun-beom, of the third generation)."""
    if lang == "ko":
        words = run
        while len(words) > 1 and (korean_noun(words[0]) or words[0][:1].isdigit()
                                  or korean_modifier(words[0])):
            words = words[1:]
        if not (len(words) == 1 and korean_noun(words[0])):
            run = words  # not down to a common noun (대우 건설 is no 건설, construction)
    return " ".join(run)


def _cjk_runs(piece: str, lang: str) -> list[str]:
    """Rare stretches of Chinese or Japanese text (a name the dictionary does not know
    splits into single characters): runs of rare tokens, kept whole."""
    tokens = tokenize(piece, lang)
    runs, run = [], []
    for token in [*tokens, ""]:
        if token and uncased(token) and zipf(token, lang) < CJK_TOKEN_ZIPF:
            run.append(token)
            continue
        while run and len(run[0]) == 1 and zipf(run[0], lang) >= 6.5:
            run.pop(0)  # a particle is not the start of a name
        while run and len(run[-1]) == 1 and zipf(run[-1], lang) >= 6.5:
            run.pop()
        joined = "".join(run)
        at = piece.find(joined)
        if len(joined) >= 2 and zipf(joined, lang) < UNCASED_ZIPF and not (
                at >= 0 and _cuts_katakana(piece, at, at + len(joined))) and not (
                lang == "zh" and common_words(joined)):
            runs.append(joined)  # not a piece of a katakana word (ジェファーソン|ビル)
        run = []
    return runs


# Chinese writes a foreign person's names apart with a middle dot (西雅尔多·彼得,
# Szijjártó Péter): their characters are common ones, read for their sound
_NAME_DOT = "[·•‧・]"
_DOTTED = re.compile(rf"[\u4e00-\u9fff]+(?:{_NAME_DOT}[\u4e00-\u9fff]+)+")
_CJK_PARTICLE_ZIPF = 6.0  # a character this common is grammar (的, 在, 对, 与), no name's


def _dotted_names(piece: str) -> list[str]:
    """Foreign names a Chinese text writes with a middle dot, without the words around
    them (部长西雅尔多·彼得在布达佩斯: the minister Szijjártó Péter in Budapest)."""
    def sound(token: str) -> bool:  # a character read for its sound, or a rare word
        return len(token) == 1 and zipf(token, "zh") < _CJK_PARTICLE_ZIPF \
            or zipf(token, "zh") < CJK_TOKEN_ZIPF
    names = []
    for match in _DOTTED.finditer(piece):
        parts = re.split(_NAME_DOT, match.group())
        first = tokenize(parts[0], "zh")
        start = len(first) - 1
        while start > 0 and sound(first[start - 1]):
            start -= 1
        last = tokenize(parts[-1], "zh")
        end = 1
        while end < len(last) and sound(last[end]):
            end += 1
        names.append("·".join(["".join(first[start:]), *parts[1:-1], "".join(last[:end])]))
    return names


# Titles Chinese writes right before a person's name (塞格德市长博特考·拉斯洛, the mayor
# of Szeged): public offices (heads of state or government among them), a company's chiefs
_ZH_HEADS = ("国家主席", "总统", "总理", "首相")
_ZH_OFFICES = (*_ZH_HEADS, "部长", "外长", "市长", "州长", "省长", "大使", "发言人", "议员")
_ZH_CHIEFS = ("市长", "董事长", "总裁", "首席执行官", "总经理")


def _chinese_offices(cand: Candidate, text: str) -> None:
    """What the title before a Chinese person's name says of them: a public office, a
    head of state or government, the chief of the place or company named before it."""
    for match in re.finditer(re.escape(cand.term), text):
        before = text[max(0, match.start() - 20):match.start()]
        cand.office = cand.office or before.endswith(_ZH_OFFICES)
        cand.head = cand.head or before.endswith(_ZH_HEADS)
        chief = next((t for t in _ZH_CHIEFS if before.endswith(t)), None)
        owner = re.search("[\u4e00-\u9fff]+$", before[: -len(chief)]) if chief else None
        if owner:
            cand.chief_of = owner.group()


# Titles before a person's name in the spaced scripts without capitals (Arabic, Persian,
# Urdu, Hebrew, Hindi), without their attached prefixes (الرئيس, ونظيره, הנשיא): the
# public offices among them, and the heads of state or government
_SPACED_HEADS = frozenset({
    "رئيس", "ملك", "أمير", "رئیس‌جمهور", "نخست‌وزیر", "صدر", "وزیراعظم", "נשיא",
    "प्रधानमंत्री", "राष्ट्रपति"})
_SPACED_OFFICES = _SPACED_HEADS | frozenset({
    "وزير", "نظيره", "نظيرها", "سفير", "شيخ", "حاكم", "محافظ", "مستشار", "وزیر", "سفیر",
    "رئیس", "שר", "שגריר", "ראש", "मंत्री", "मुख्यमंत्री", "राजदूत", "سخنگو", "متحدث",
    # field marshal, major general, colonel, envoy
    "مشير", "لواء", "عقيد", "مبعوث"})
_SPACED_TITLES = _SPACED_OFFICES | frozenset({
    "سيد", "دكتور", "مدير", "آقای", "دکتر", "مدیرعامل", "جناب", "ڈاکٹر", "چیئرمین", "מר",
    "מנכ״ל", "יו״ר", "श्री", "डॉ", "अध्यक्ष"})
_SPACED_TITLED = ("ar", "fa", "ur", "he", "hi")


# Words inside an Arabic person's name: son of, daughter of, father of, servant of (محمد
# بن سلمان, عبد الفتاح السيسي)
_AR_NAME_LINKS = frozenset({"بن", "ابن", "بنت", "أبو", "ابو"})
_AR_SERVANT = "عبد"
ARABIC_TITLE_WORDS = 2  # an Arabic title's own words before the name (وزير المالية)
FAMILY_NAME_ZIPF = 4.0  # a family name after a title is rarer than this (الجدعان, الرميان)
GIVEN_NAME_ZIPF = 5.0  # a given name before a rare family name is no more common


def _title_forms(word: str, lang: str) -> set[str]:
    """The titles a word of a script without capitals is, as written (وزير, whose و is
    its own) or without what is attached to it: و, the article (والأمير), the Persian
    ezafe (سخنگوی, spokesman of)."""
    forms = {word, unjoined(word), bare(word, lang), bare(unjoined(word), lang)}
    if lang in ("fa", "ur") and word.endswith("ی"):
        forms.add(word[:-1])
    return forms & _SPACED_TITLES


def _title_word(word: str, lang: str) -> bool:
    return bool(_title_forms(word, lang))


def _apposed_people(sentences: list[str], lang: str) -> list[tuple[str, int]]:
    """People the seed names once with their title after a comma (مهرداد بذرپاش، وزیر
    راه و شهرسازی: Mehrdad Bazrpash, minister of roads; ودانت پاتل، سخنگوی …): a rare
    family name, with the given name before it when that is no common word."""
    out = []
    for index, sentence in enumerate(sentences):
        found = list(WORD.finditer(sentence))
        for k in range(len(found) - 1):
            between = sentence[found[k].end():found[k + 1].start()].strip()
            if between not in ("،", ",") or not _title_word(found[k + 1].group(), lang):
                continue
            family = found[k].group()
            if uncased_zipf(family, lang) >= FAMILY_NAME_ZIPF or _title_word(family, lang):
                continue
            name = [family]
            if k > 0 and not sentence[found[k - 1].end():found[k].start()].strip():
                given = found[k - 1].group()
                if uncased_zipf(given, lang) < GIVEN_NAME_ZIPF and not _title_word(given, lang):
                    name.insert(0, given)
            if len(name) == 2:
                out.append((" ".join(name), index))
    return out


def _thai_person(cand: Candidate, title: str, written: str) -> None:
    """What a Thai person's title says (a head or public office), and their name as Thai
    writes it (แพทองธาร ชินวัตร, not cut into words) and by the given name alone, as the
    Thai press names a person once introduced (รัฐบาลแพทองธาร, the Paetongtarn
    government), where it has enough consonants not to sound like other scripts' words
    (วีริศ, wiris, is Wars)."""
    cand.office = cand.office or title in thai.OFFICE_TITLES
    cand.head = cand.head or title in thai.HEAD_TITLES
    given = written.split()[0]
    long = name_key(thai.romanised(given))[1] >= THAI_GIVEN_CONSONANTS
    for alias in (written, given) if long else (written,):
        if alias != cand.term and alias not in cand.aliases:
            cand.aliases.append(alias)


def _titled_people(sentences: list[str], lang: str) -> list[tuple[str, int]]:
    """People the seed names beside their title, whom runs of rare words miss: a given
    name is a common word (محمد, ياسر), and a person is often said once. With the title
    after a comma in any spaced script without capitals (_apposed_people); in Arabic also
    after the title and its portfolio: وزير المالية محمد الجدعان (the finance minister
    Mohammed Al-Jadaan), محافظ الصندوق ياسر الرميان, الأمير محمد بن سلمان: a given name
    without the article, then a rare family name with it, or a chain of بن."""
    if lang == "ko":
        return [(name, index) for index, sentence in enumerate(sentences)
                for name, _, _ in korean_titled(sentence_words(sentence))]
    if lang not in _SPACED_TITLED:
        return []
    out = _apposed_people(sentences, lang)
    if lang != "ar":
        return out
    joined = " ".join(sentences)
    for index, sentence in enumerate(sentences):
        words = sentence_words(sentence)
        for at, word in enumerate(words):
            if not _title_word(word, lang):
                continue
            k = at + 1
            while k < len(words) and k - at <= ARABIC_TITLE_WORDS and words[k].startswith("ال"):
                k += 1  # its portfolio (المالية, الصندوق)
            while k < len(words) and _title_word(words[k], lang):
                k += 1  # and a second title (النائب العام المستشار …)
            name = words[k : k + 1]
            if not name or name[0].startswith("ال") or _title_word(name[0], lang):
                continue
            k += 1
            if name[0] == _AR_SERVANT and k < len(words):
                name.append(words[k])  # عبد الفتاح: one given name
                k += 1
            while k + 1 < len(words) and words[k] in _AR_NAME_LINKS:
                name += words[k : k + 2]
                k += 2
            if k < len(words) and words[k].startswith("ال") and not _title_word(words[k], lang) \
                    and (len(name) == 2 and name[0] == _AR_SERVANT or (
                        uncased_zipf(words[k], lang) < FAMILY_NAME_ZIPF
                        and joined.count(words[k]) == joined.count(
                            f"{' '.join(name)} {words[k]}"))):
                # a family name the seed says only after this given name: not a place the
                # title's noun names (مدير مشروع الضبعة, the Dabaa project's director);
                # after عبد and its name, whatever it is (عبد الفتاح السيسي)
                name.append(words[k])
            elif k < len(words) and not words[k].startswith("ال") \
                    and not _title_word(words[k], lang) \
                    and uncased_zipf(words[k], lang) < FAMILY_NAME_ZIPF - 0.5:
                name.append(words[k])  # one without the article, rare (مصطفى مدبولي)
            if len(name) == 2 and name[0] == _AR_SERVANT:
                continue  # عبد الفتاح alone: a given name, no one's name
            if len(name) >= 2 and not any(_title_word(w, lang) for w in name):
                out.append((" ".join(name), index))
    return out


def _spaced_offices(cand: Candidate, text: str, lang: str) -> None:
    """A name in Arabic, Persian, Urdu, Hebrew or Hindi that the seed writes after a
    title, or with a title after a comma, is a person's (ونظيره الروسي فلاديمير بوتين:
    his Russian counterpart Vladimir Putin; سارباناندا سونووال، وزیر بنادر: Sarbananda
    Sonowal, minister of ports), and the title says whether a public office or a head of
    state: a famous one is then a bystander, as in Latin seeds. A title before the name
    stands right before it, or before a nationality or a given name (a word no more
    common than NEIGHBOUR_ZIPF), not before a noun: مدير مشروع الضبعة is the director
    of the Dabaa project."""
    if lang not in _SPACED_TITLED or not uncased(cand.term):
        return
    names = cand.term.split()
    found = list(WORD.finditer(text))
    words = [m.group() for m in found]
    for at, word in enumerate(words):
        end = at + len(names)
        if names[0] not in (word, unjoined(word)) or words[at + 1:end] != names[1:]:
            continue  # not after a preposition: الرئيس التنفيذي لقطر للطاقة is its chief
        before = [w for w in words[max(0, at - 3):at]
                  if not country_of(w) and not country_of(bare(w, lang))][-2:]
        near = before[-1:]
        if len(before) == 2 and uncased_zipf(before[1], lang) < NEIGHBOUR_ZIPF:
            near = before  # a given name between (فلاديمير بوتين), not a noun
        if end < len(words) and text[found[end - 1].end():found[end].start()].strip() in "،,":
            near.append(words[end])  # a title after a comma: apposition
        titles = {t for b in near for t in _title_forms(b, lang)}
        if titles:
            cand.kind = "person"
            cand.office = cand.office or bool(titles & _SPACED_OFFICES)
            cand.head = cand.head or bool(titles & _SPACED_HEADS)


def _company_words(stem: str, text: str) -> set[str]:
    """The seed's words made of a Korean or kanji stem and the words for car, group and
    the like (현대차, 현대차그룹; 三菱重工, 三菱航空機), without particles."""
    out = set()
    written = unicodedata.normalize("NFC", text)
    if KANJI.fullmatch(stem):
        return {w for w in re.findall(rf"{re.escape(stem)}[\u3400-\u9fff\uf900-\ufaff]+",
                                      written) if any(w.startswith(stem + o) for o in
                                                      _KANJI_ORG_WORDS)}
    for word in re.findall(rf"{re.escape(stem)}[\uac00-\ud7af]+", written):
        word = word[: -len(p)] if (p := hangul_particle(word)) else word
        if _hangul_stem(word) == stem:
            out.add(word)
    return out


def _rare_below(word: str, lang: str) -> float:
    """How uncommon a word of a script without capitals must be to be a name: in Korean,
    a word the word list only knows in pieces (엘라벨 as 엘라 + 벨, a foreign place) may
    be a little more common, as its pieces are."""
    if any(ch.isdigit() for ch in word):
        return 0.0  # 300여명 (some 300 people): a figure, never a name
    if lang == "ko" and len(tokenize(word, lang)) > 1:
        return HANGUL_ZIPF
    if lang in _DICTIONARY_WORDS and in_dictionary(word, lang):
        return 0.0  # (बंदरगाह, a port: a word of the language, however rare in its list)
    return UNCASED_ZIPF


# Languages without capitals where a word simplemma's dictionary knows is a word of the
# language, not a name, whatever its word list says (Hindi's list is short: बंदरगाह, a
# port, is rare in it); not Hebrew's, nor Arabic's, which hold names (אינטל, بربرة)
_DICTIONARY_WORDS = frozenset({"hi"})


BENGALI_STEM = 2  # letters a Bengali name keeps without its case ending


def _without_ending(word: str, lang: str) -> str:
    """A word without the particle or case ending written against it (Korean 이, 는;
    Bengali ের, তে: রোসাটমের, of Rosatom; Tamil கூடங்குளத்தில், in Kudankulam, is
    கூடங்குளம்), or as it is. A Bengali word keeps its ending when the word list knows it
    better with it (কুমার, Kumar, is no কুমা with র); a Tamil one when the word list knows
    it better without (see tamil_stem)."""
    if lang == "ko":
        particle = hangul_particle(word)
        return word[: -len(particle)] if particle else word
    if lang == "bn":
        for suffix in BENGALI_SUFFIXES:
            bare = word[: -len(suffix)]
            if word.endswith(suffix) and len(bare) >= BENGALI_STEM and \
                    zipf(bare, lang) >= zipf(word, lang):
                return bare
    if lang == "ta":
        return tamil_stem(word, lang) or word
    return word


LOANWORD_ZIPF = 3.5


def _loanword(word: str) -> bool:
    """Whether a word in another script spells a common English word letter for letter
    (चिप = chip, فيلم = film): a thing's name borrowed, not a name of the story."""
    spelled = romanise(folded_tokens(word)).replace("-", "")
    return spelled.isalpha() and zipf(spelled, "en") >= LOANWORD_ZIPF


# Languages that write a person's title after the name (Orbán Viktor miniszterelnök,
# Aleksandar Vučić szerb államfő), a country's adjective between them
_TITLE_AFTER = frozenset({"hu"})
_AFTER_NAME = regex.compile(r"[\s,]+(\p{Ll}[\p{L}\p{M}-]*)(?:\s+(\p{Ll}[\p{L}\p{M}-]*))?")


def _adjective_in_i(word: str) -> bool:
    """Whether a word is a country's name with the -i Hungarian makes adjectives with
    (kínai of Kína, iráni of Irán), which a short name's stem is too short to be found by
    (szerb, of Szerbia, is found as a demonym)."""
    folded = folded_tokens(word)
    return folded.endswith("i") and folded[:-1] in countries()


def _offices_after(cand: Candidate, text: str, lang: str) -> None:
    """What the title after a person's name says of them, where the language writes it
    there: a public office, a head of state or government (a president with a country's
    adjective before the title: szerb elnök)."""
    names = [f for f in cand.forms()
             if len(f.split()) >= PERSON_WORDS[0] and all(map(_capitalised, f.split()))]
    for match in (m for name in names for m in re.finditer(re.escape(name), text)):
        after = _AFTER_NAME.match(text, match.end())
        if not after:
            continue
        first, second = after.group(1), after.group(2)
        national = bool(country_of(first, lang) or _adjective_in_i(first)) \
            and second is not None
        title = second if national else first
        if not title or not _is_title(title):
            continue
        cand.kind = "person"
        cand.office = cand.office or _is_title(title, _OFFICES)
        cand.head = cand.head or _is_title(title, _HEADS) or (
            national and title in _NATIONAL_HEADS)


def _repeated_headline_words(text: str, headline: str, lang: str) -> list[str]:
    """Words of a script without capitals that the headline names and the seed repeats
    and that are fairly common (چابهار, a city everyone in Iran knows): the story's names
    all the same, that need its context in a rule (as a repeated katakana brand does)."""
    words = [str(w) for w in WORD.findall(text) if uncased(w)]
    # each word as said and without its particle or case ending (கூடங்குளத்தில், in
    # Kudankulam, is கூடங்குளம் said once more)
    counts = Counter(unjoined(w) for w in words)
    counts.update(stem for w in words if (stem := _without_ending(unjoined(w), lang))
                  != unjoined(w))
    out = []
    for word in dict.fromkeys(unjoined(str(w)) for w in WORD.findall(headline)):
        if not uncased(word) or len(word) < 3 or counts[word] < PHRASE_REPEATS:
            continue
        common = uncased_zipf(word, lang)
        if lang in _DICTIONARY_WORDS and in_dictionary(word, lang):
            continue  # a word of the language (बंदरगाह, a port), not a fairly common name
        if UNCASED_ZIPF <= common < HEADLINE_WORD_ZIPF and not is_place_or_date(word) \
                and not is_place_or_date(bare(word, lang)) \
                and not is_place_or_date(_without_ending(word, lang)) and not _loanword(word) \
                and not {word, bare(word, lang)} & _UNCASED_PLACE_KINDS \
                and not _with_preposition(word, lang) \
                and not inflected(word, lang, ARABIC_PLURALS) \
                and not _verbal_noun(word, text, lang):
            out.append(word)  # (not مسؤولين, officials: مسؤول in the plural)
    return out


# Persian, Urdu and Hindi make verbs of a noun and a light verb (توقیف کردند, they
# seized; اعلام شد, it was announced; मंज़ूर किया): the forms of to do and to become
# that follow the noun (not کی, کر, की, कर: of, tax, which follow names too)
_LIGHT_VERBS = {
    "fa": frozenset({"کرد", "کردند", "کرده", "کند", "کنند", "شد", "شده", "شدند", "شود",
                     "نمود", "نمودند"}),
    "ur": frozenset({"کیا", "کیے", "کرے", "کریں", "کرنے", "ہوا", "ہوئی", "ہوئے"}),
    "hi": frozenset({"किया", "किए", "करे", "करें", "करने", "हुआ", "हुई", "हुए"}),
}


def _verbal_noun(word: str, text: str, lang: str) -> bool:
    """Whether the seed writes a word before a light verb (see _LIGHT_VERBS) at least
    half the times it writes it: the noun of a verb, no name (not چابهار in وارد چابهار
    شد, it entered Chabahar, once among other mentions)."""
    verbs = _LIGHT_VERBS.get(lang, frozenset())
    if not verbs:
        return False
    after = regex.findall(rf"(?<!\w){regex.escape(word)}(?!\w)\s*(\w*)", text)
    return 2 * sum(1 for a in after if a in verbs) >= len(after) > 0


_ARABIC_PREPOSITIONS = ("ب", "ل", "ك", "ف")  # written against the next word


def _with_preposition(word: str, lang: str) -> bool:
    """Whether an Arabic word is a common word with a one-letter preposition attached
    (بقيمة: at a value of; قيمة, value): that word, not a name of the story."""
    return lang == "ar" and word.startswith(_ARABIC_PREPOSITIONS) \
        and zipf(word[1:], lang) >= HEADLINE_WORD_ZIPF


def _repeated_phrases(sentences: list[str], lang: str, words_too: bool) -> list[str]:
    """Words and phrases of up to three words in a spaced script without capitals that
    the seed repeats and puts in its headline or lead (قطر للطاقة, حقل الشمال): names
    made of known words, found by repetition; single words (אלביט) only when
    `words_too` (the seed gave no rarer names)."""
    counts: Counter[str] = Counter()
    lead = " ".join(sentences[:3])
    for sentence in sentences:
        for piece in _PUNCTUATION.split(sentence):
            words = [w for w in WORD.findall(piece) if uncased(w)]
            for size in (1, 2, 3) if words_too else (2, 3):
                for start in range(len(words) - size + 1):
                    gram = words[start : start + size]
                    if {gram[0], bare(gram[0], lang)} & _UNCASED_PLACE_KINDS:
                        if size == 1:
                            continue
                        gram = gram[1:]  # the name after its kind of place (ท่าเรือ, port)
                    if any(max(zipf(w, lang), zipf(bare(w), lang)) >= FUNCTION_ZIPF
                           or len(w) < 2 or dual_construct(w, lang) for w in gram):
                        continue
                    if size == 1 and (uncased_zipf(gram[0], lang) >= NEIGHBOUR_ZIPF
                                      or _with_preposition(gram[0], lang)
                                      or inflected(gram[0], lang, ARABIC_PLURALS)):
                        continue  # one word alone must be fairly rare too (not بقيمة,
                        # nor مسؤولين, officials: مسؤول in the plural)
                    counts[" ".join(gram)] += 1
    out = []
    for phrase, n in counts.items():
        if n < PHRASE_REPEATS or phrase not in lead or is_place_or_date(phrase):
            continue
        if any(len(o) > len(phrase) and phrase in o and m >= n for o, m in counts.items()):
            continue  # part of a longer phrase repeated as often
        out.append(phrase)
    return out


def _seldom_town(word: str, lang: str) -> bool:
    """A town its press names seldom (درنة, Derna): mostly in its story's news, where its
    country places it, as a town written with a capital is placed."""
    return bool(town_countries(word, lang)) and zipf(word, lang) < BUSY_TOWN_ZIPF


def _repeated_cjk(text: str, lang: str) -> list[str]:
    """Stretches of 2-8 Chinese or Japanese characters the seed repeats, that are rare
    as a whole and not part of a longer stretch repeated as often (比亚迪, 塞格德)."""
    runs = re.findall(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]{2,}",
                      _CJK_LEGAL_FORM.sub("、", text))
    counts: Counter[str] = Counter()
    for run in runs:
        seen = set()
        for size in range(2, min(MAX_CJK_NAME, len(run)) + 1):
            for start in range(len(run) - size + 1):
                if _cuts_katakana(run, start, start + size):
                    continue  # a piece of a foreign name (ースカロライナ): never a name
                gram = run[start : start + size]
                if gram not in seen:
                    seen.add(gram)
                    counts[gram] += 1
    # how often each stretch occurs in the whole text, not in how many runs
    repeated = {g: n for g in counts if (n := text.count(g)) >= 2}
    kept: list[str] = []
    for gram, n in sorted(repeated.items(), key=lambda item: len(item[0])):
        if any(len(o) > len(gram) and gram in o and m >= n for o, m in repeated.items()):
            continue  # a piece of a longer repeated stretch
        if zipf(gram, lang) >= UNCASED_ZIPF or _edge_particle(gram, lang) or (
                lang == "zh" and common_words(gram)):
            continue  # common, or a term of the trade (晶圆厂, wafer plant)
        if gram[0] in _NAME_JOINS or gram[-1] in _NAME_JOINS or any(
                _HIRAGANA.match(c) and zipf(c, lang) >= 6.5 for c in gram):
            continue  # half of a name (ケブラダ・), or words around a particle (鉱山の権益)
        inside = [k for k in kept if k in gram]
        if inside and n >= PHRASE_REPEATS and len(inside) == 1 \
                and gram.endswith(inside[0]) and is_place_or_date(gram[: -len(inside[0])]):
            kept[kept.index(inside[0])] = gram  # a company named with its country (日本製鉄,
            # Nippon Steel, whose 製鉄 is steelmaking): the whole name
            continue
        if inside:
            continue  # a name with what follows it (塞格德工厂): the name is enough
        if _place_phrase(gram):
            continue  # 老挝首都万象 (Laos's capital Vientiane), 至万象 (to Vientiane)
        kept.append(gram)
    return kept


THAI_GIVEN_CONSONANTS = 4  # a Thai given name alone is an alias with this many or more
MAX_CJK_NAME = 10  # characters of a Chinese or Japanese name (中国铁路昆明局集团: 9)
# A company's legal form after its name (有限公司, limited company; 株式会社): no part of
# the name the press abroad writes, and it would make the name too long to be read whole
_CJK_LEGAL_FORM = re.compile("(?:股份)?有限(?:责任|責任)?公司|株式会社")
# What a Chinese place name takes around it in a phrase that is still only the place: a
# preposition (至万象, to Vientiane), the kind of place (万象站, the station; 老挝段, the
# Lao section; 老挝国), capital (老挝首都万象) and the directions (万象南站)
_PLACE_GRAMMAR = frozenset("至到从在往于首都站段国境内南北东西")


def _place_phrase(gram: str) -> bool:
    """Whether a Chinese stretch is a known place (a country or city in CLDR or
    GeoNames) with only place grammar around it: the place, no name of the story."""
    rest = gram
    for size in range(len(gram), 1, -1):
        for start in range(len(gram) - size + 1):
            piece = gram[start : start + size]
            if piece in rest and is_place_or_date(piece):
                rest = rest.replace(piece, "")
    return rest != gram and all(ch in _PLACE_GRAMMAR for ch in rest)


def _starts_a_word(gram: str, sentences: list[str], lang: str) -> bool:
    """Whether a stretch of Chinese or Japanese begins a word where the seed says it, as
    the language's dictionary cuts the sentence, more often than not: 座乘用车工厂 begins
    inside 首座 (the first), 产纯电动汽车 inside 生产 (to produce) once in two."""
    starting = inside = 0
    for sentence in sentences:
        at = sentence.find(gram)
        if at < 0:
            continue
        starts = _word_starts(sentence, lang)
        while at >= 0:
            if at in starts:
                starting += 1
            else:
                inside += 1
            at = sentence.find(gram, at + 1)
    return starting > inside


@lru_cache(maxsize=1024)
def _word_starts(sentence: str, lang: str) -> frozenset[int]:
    """Where the language's dictionary begins each word of a sentence (cut once, though
    every repeated stretch in it asks)."""
    starts, position = set(), 0
    for token in tokenize(sentence, lang):
        found = sentence.find(token, position)
        if found >= 0:
            starts.add(found)
            position = found + len(token)
    return frozenset(starts)


_NAME_JOINS = "・=＝ー"  # inside a katakana name, never at its edge
_HIRAGANA = re.compile("[\u3041-\u309f]")
_KATAKANA = re.compile("[\u30a1-\u30fa\u30fc]")  # katakana letters and the long-vowel mark


# The katakana words for group, holdings, corporation, industries, company and the like
# that end a Japanese company's name (grammar, not names).
_KATAKANA_ORG_WORDS = ("グループ", "ホールディングス", "コーポレーション", "インダストリーズ",
                       "カンパニー", "ジャパン")


def _katakana_stem(form: str) -> str | None:
    """A katakana company name without the word for group or holdings that ends it."""
    for word in _KATAKANA_ORG_WORDS:
        stem = form.removesuffix(word).rstrip("・")
        if stem != form and len(stem) >= 3 and _KATAKANA.fullmatch(stem[0]) and all(
                _KATAKANA.match(c) or c == "・" for c in stem):
            return stem
    return None


def _hangul_stem(form: str) -> str | None:
    """A Korean company name without the words for group, car and the like that end it
    (현대자동차그룹 -> 현대): the press abroad writes that stem (Hyundai)."""
    stem = unicodedata.normalize("NFC", form)
    while True:
        word = next((w for w in HANGUL_ORG_WORDS if stem.endswith(w)
                     and len(stem) - len(w) >= HANGUL_STEM_SYLLABLES), None)
        if word is None:
            break
        stem = stem[: -len(word)]
    if stem == unicodedata.normalize("NFC", form) or not re.fullmatch("[\uac00-\ud7af]+", stem):
        return None
    return stem


# The words for heavy industries, motor, electric, steel, trading, bank and the like that
# end a Japanese or Chinese company's name (三菱重工, 三菱航空機, 现代汽车): the press
# abroad names the company by what comes before them (Mitsubishi, Hyundai).
_KANJI_ORG_WORDS = ("重工業", "重工", "自動車", "自工", "電機", "電気", "電力", "電工", "製鉄",
                    "製作所", "商事", "物産", "銀行", "建設", "化学", "航空機", "航空", "工業",
                    "産業", "製薬", "証券", "通信", "汽车", "集团", "银行", "电子", "电器",
                    "科技", "控股", "重工业")
KANJI_STEM_CHARS = 2

# The languages whose own dictionary tells their common words from names: which words
# it answers for (kanji; Hangul), whether one is a word of the story, and whether a
# candidate is a common word rather than a name
_DICTIONARIES: dict[str, tuple[Callable[[str], object], Callable[[str], bool],
                               Callable[[str], bool]]] = {
    "ja": (KANJI.search, japanese_common, japanese_common),
    "ko": (HANGUL_SYLLABLE.fullmatch, korean_word, korean_noun),
    "zh": (KANJI.fullmatch, common_word, common_words),
}


# Hiragana written after a Japanese word that ends the word, not the grammar inside it.
# the first sign of a particle or what ends a phrase (…, さん, など, まで, より): not り,
# the okurigana of 見送り, which より's second sign had put here
_JA_PARTICLES = frozenset("はがのをにでともへやかさなまよ、。」）")


def _okurigana(term: str, text: str) -> bool:
    """Whether a Japanese candidate is a piece of an inflected word: all hiragana, ending
    in hiragana, or always followed by hiragana that is not a particle (見通 of 見通し)."""
    if not term or not _UNSPACED.search(term) or _KATAKANA.match(term[0]):
        return False
    if all(_HIRAGANA.match(c) for c in term) or _HIRAGANA.match(term[-1]):
        return True
    after = [text[m.end() : m.end() + 1] for m in re.finditer(re.escape(term), text)]
    return bool(after) and all(
        _HIRAGANA.match(a) and a not in _JA_PARTICLES for a in after)


def _kanji_stem(form: str) -> str | None:
    """A kanji company name without the word for heavy industries, motor and the like
    that ends it (三菱重工業 -> 三菱), when what is left is itself a name, not a country
    (日本 of 日本航空)."""
    for word in sorted(_KANJI_ORG_WORDS, key=len, reverse=True):
        stem = form.removesuffix(word)
        if stem != form and len(stem) >= KANJI_STEM_CHARS and KANJI.fullmatch(stem) \
                and not is_place_or_date(stem):
            return stem
    return None


def _cuts_katakana(run: str, start: int, end: int) -> bool:
    """Whether run[start:end] begins or ends inside a katakana word: katakana spells a
    foreign name whole, so only all of it is a name."""
    return bool(
        (start > 0 and _KATAKANA.match(run[start - 1]) and _KATAKANA.match(run[start]))
        or (end < len(run) and _KATAKANA.match(run[end - 1]) and _KATAKANA.match(run[end])))


SUBJECT_REPEATS = 2
_SUBJECT_MARKS = {"ja": ("は", "が")}


# capitals written against a CJK name (USスチール; not the S of U.S.スチール)
_LATIN_HEAD = r"(?<![A-Za-z.])[A-Z]{1,4}"


def _with_latin_head(word: str, text: str) -> str:
    """A Japanese or Chinese name with the Latin capitals the seed writes against it (USス
    チール, U.S. Steel, not スチール, steel), when it writes it with capitals wherever it
    writes it, and with these mostly (JFEスチール is another company); the word alone
    otherwise."""
    heads = Counter(regex.findall(rf"({_LATIN_HEAD}){regex.escape(word)}", text))
    if not heads or heads.total() < text.count(word):
        return word
    head, n = heads.most_common(1)[0]
    return head + word if 2 * n > heads.total() else word


def _subjects(text: str, headline: str, lang: str) -> list[str]:
    """Words of two or more Chinese characters or kana the headline names and the seed
    makes the subject (東芝は, 東芝が) more than once, common enough that the rare-word
    search passes them by: a company everyone knows (東芝) is the story's actor; a
    name that needs the story's context in a rule."""
    marks = _SUBJECT_MARKS.get(lang)
    if not marks:
        return []
    tokens = tokenize(text, lang)
    counts: Counter[str] = Counter()
    for index in range(1, len(tokens)):
        if tokens[index] not in marks:
            continue
        # the whole run of kanji and katakana before the mark (三菱 重工 は: 三菱重工)
        start = index
        while start > 0 and _SUBJECT_CHARS.fullmatch(tokens[start - 1]):
            start -= 1
        if start < index:
            counts["".join(tokens[start:index])] += 1
    return [w for w, n in counts.items() if n >= SUBJECT_REPEATS and len(w) >= 2
            and w in headline and not is_place_or_date(w)
            and UNCASED_ZIPF <= zipf(w, lang) < BRAND_ZIPF]


_SUBJECT_CHARS = re.compile("[\u30a1-\u30fa\u30fc\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


_QUOTES = ("「", "」"), ("『", "』"), ("“", "”"), ("«", "»")


def _quoted(word: str, text: str) -> bool:
    """Whether the seed writes a word as a whole quotation (「スペースジェット」): the name
    of a product, plan or project the press presents as such, not a common word."""
    return any(f"{left}{word}{right}" in text for left, right in _QUOTES)


QUOTED_WORDS = 4  # a quoted name is this short; a longer quotation is someone's words
SAYING_ZIPF = 5.0  # quoted words all this common are a saying ("الأمر الواقع", fait accompli)
_QUOTATION = regex.compile(r'["“«]([^"“”«»\n]{2,60})["”»]')


def _quoted_names(text: str, lead: list[str], lang: str) -> list[str]:
    """Short quotations in a spaced script without capitals that the headline or lead
    quotes and the seed says again (مشروع "ذا لاين", the project "The Line"): a name the
    press presents as one, however common its words, unless all are grammar-common (a
    saying: "الأمر الواقع", the fait accompli)."""
    out = []
    for sentence in lead:
        for match in _QUOTATION.finditer(sentence):
            phrase = match.group(1).strip()
            words = sentence_words(phrase)
            if 1 <= len(words) <= QUOTED_WORDS and all(uncased(w) for w in words) \
                    and " ".join(words) == phrase and text.count(phrase) >= 2 \
                    and not all(uncased_zipf(w, lang) >= SAYING_ZIPF for w in words):
                out.append(phrase)
    return list(dict.fromkeys(out))


def _unit(term: str, text: str) -> bool:
    """Whether a katakana word stands after a figure wherever the seed writes it (2ナノ,
    2ナノメートル, 100キロ): a unit of measure, not a name."""
    if not _KATAKANA.match(term[:1]):
        return False
    places = [m.start() for m in re.finditer(re.escape(term), text)]
    return bool(places) and all(at > 0 and text[at - 1].isdigit() for at in places)


def _repeated_katakana(text: str, headline: str, lang: str) -> list[str]:
    """Katakana words the headline names and the seed repeats that are also common
    words or big brands in the language (a company everyone writes about): names of the
    story all the same, that need its context in a rule."""
    words = Counter(re.findall("[\u30a1-\u30fa\u30fc]{2,}", text))
    return [w for w, n in words.items() if n >= PHRASE_REPEATS and w in headline
            and CJK_TOKEN_ZIPF <= zipf(w, lang) < BRAND_ZIPF and not is_place_or_date(w)]


def _repeated_hangul(text: str, lang: str) -> list[str]:
    """Starts of Korean words (2 syllables or more) that the seed repeats, rare as a
    whole, and not part of a longer start repeated as often: a name with whatever is
    written against it (현대차와, 현대차그룹은 -> 현대차; 메타플랜트의 -> 메타플랜트)."""
    words = [unicodedata.normalize("NFC", w) for w in re.findall("[\uac00-\ud7af]{2,}", text)]
    counts: Counter[str] = Counter()
    for word in words:
        for end in range(2, len(word) + 1):
            counts[word[:end]] += 1
    repeated = {start: n for start, n in counts.items() if n >= 2}
    kept = []
    for start, n in repeated.items():
        if any(len(o) > len(start) and o.startswith(start) and m >= n
               for o, m in repeated.items()):
            continue  # a piece of a longer repeated start
        if (start[-1:] in HANGUL_PARTICLE_ENDS and start[:-1] in repeated) \
                or particled_syllable(start, text):
            continue  # the name with a particle on it, or a one-syllable word with one
        if zipf(start, lang) < HANGUL_ZIPF and not is_place_or_date(start):
            kept.append(start)
    return kept


# Chinese locality words (in, on) that after a word are its postposition (在…中, 在…上)
# and as a name's first character its own (中老铁路, the China-Laos railway; 中远海运,
# 上海, 上汽): as common as a particle, but no particle at a stretch's start
_LOCALITY_STARTS = frozenset("中上")


def _edge_particle(gram: str, lang: str) -> bool:
    """A stretch that starts or ends with a particle (的, 在, の, を) is not a name."""
    start = zipf(gram[0], lang) >= 6.5 and (
        gram[0] not in _LOCALITY_STARTS or is_place_or_date(gram[1:]))  # 在谈判中老挝
    return start or zipf(gram[-1], lang) >= 6.5


def _alone(word: str, cand: Candidate, found: dict[str, Candidate],
           folded_seeds: list[str]) -> int:
    """How often the seeds write one word of a name outside that name and the seed's
    other names (Land, in Land Rover Discovery, is only ever Jaguar Land Rover's)."""
    within = [f for c in found.values() for f in (c.forms() if c is cand else [c.term])
              if f != word and word in f.split()]
    return sum(mentions_of(word, s) for s in folded_seeds) - sum(
        mentions_of(f, s) for f in within for s in folded_seeds)


def _before_title(word: str, folded_seeds: list[str]) -> int:
    """How often the seeds write a word right before a public office (Maryland Gov.): the
    place the office is of. (Not a company's chief: Tata CEO is Tata's.)"""
    key = folded_tokens(word)
    return sum(1 for seed in folded_seeds for after in re.findall(rf" {re.escape(key)} (\S+)", seed)
               if _is_title(after, _OFFICES))


# How many words before a name may say whose it is: "asal China, Tsingshan", "the
# Chinese steel group Tsingshan" is already a description, not an apposition
HOME_WORDS = 2


# A stem shorter than this finds other words too; and a word's case or number ending is
# at most this long (elektrownia, elektrowni, elektrownię: elektrown*)
MIN_WORD_STEM = 6
MAX_WORD_ENDING = 3


HEBREW_ARTICLE = "ה"
_HEBREW_WORD_LEFT = 4  # letters a word keeps without its article (הייצוא: ייצוא)


def _with_and_without_article(word: str) -> list[str]:
    """A Hebrew seed word as written and, if it has the article, without it: the name
    operator reads the other letters written against a word off it (ממאגר, from a
    reservoir, is מאגר), not ה, which begins many a name (הרצל), so המאגר finds only
    itself and מאגר the rest."""
    rest = word[len(HEBREW_ARTICLE):]
    if word.startswith(HEBREW_ARTICLE) and len(rest) >= _HEBREW_WORD_LEFT:
        return [word, rest]
    return [word]


def _by_stem(counts: Counter[str]) -> dict[str, list[str]]:
    """The seed's words with their other forms (elektrownia, elektrowni, elektrownię)
    under their shared stem, written as a prefix (elektrowni*): an inflecting language
    says a story's word in several forms, each alone too rare to count."""
    groups: list[tuple[str, list[str]]] = []
    for word, _ in counts.most_common():
        for at, (stem, forms) in enumerate(groups):
            shared = os.path.commonprefix([stem, word])
            if len(shared) >= MIN_WORD_STEM and len(word) - len(shared) <= MAX_WORD_ENDING \
                    and max(map(len, forms)) - len(shared) <= MAX_WORD_ENDING \
                    and not uncased(word) and shared.isalpha():
                groups[at] = (shared, [*forms, word])
                break
        else:
            groups.append((word, [word]))
    return {stem + "*" if len(forms) > 1 else stem: forms for stem, forms in groups}


def _homes(forms: list[str], sentences: list[str], lang: str) -> list[str]:
    """The countries the seed names or describes just before a name, as its own (the
    Chinese group Tsingshan): beside it in every story of it, they do not place it."""
    found: dict[str, None] = {}
    lowercase_adjectives = _lowercase_language_names(lang)
    for form in forms:
        if not form.strip():
            continue
        pattern = regex.compile(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(form)}", regex.IGNORECASE)
        for sentence in sentences:
            for match in pattern.finditer(sentence):
                before = sentence[: match.start()]
                words = regex.findall(r"[\p{L}\p{M}]+", before)[-HOME_WORDS:]
                for word in words:
                    # an adjective (chinois, китайская) describes the name; a country's
                    # noun only as its apposition or owner (asal China, Tsingshan;
                    # China's Tsingshan), not as where it is (هند در چابهار)
                    if folded_tokens(word) not in known_countries() and not (
                            word[0].isupper() and lowercase_adjectives):
                        # (capitalised where its language writes it small, it is the
                        # name's own first word: Polskie Elektrownie Jądrowe)
                        found.update(dict.fromkeys(sorted(nationality_of(word))))
                owner = _OWNER.search(before)
                if owner and not (owner.group(0).strip().endswith(",")
                                  and words[-2:-1] and words[-2].lower() in _WHERE):
                    found.update(dict.fromkeys(sorted(country_of(owner.group(1)))))
        # a Chinese or Japanese name that starts with its country's name (日本製鉄, Nippon
        # Steel): the country is in the name, so beside it in every story of it (a Latin
        # one's is an adjective the press abroad leaves out: Polskie Elektrownie Jądrowe,
        # Poland's PEJ)
        if _UNSPACED.match(form):
            for size in range(2, COUNTRY_HEAD + 1):
                found.update(dict.fromkeys(sorted(country_of(form[:size]))))
    return list(found)


COUNTRY_HEAD = 4  # characters of a country's name at a Chinese or Japanese name's start
_BRACKET_AFTER = re.compile(r"\s*[(（]([^()（）]{1,80})[)）]")


def _bracketed_regions(forms: list[str], sentences: list[str], lang: str) -> list[str]:
    """The provinces or states a bracket just after a name names (Vũng Áng (thị xã Kỳ
    Anh, tỉnh Hà Tĩnh), Grünheide (Brandenburg)): where the seed places the name, so in
    every story of it, as its country is."""
    found: dict[str, None] = {}
    for form in forms:
        pattern = regex.compile(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(form)}(?![\p{{L}}\p{{M}}])")
        for sentence in sentences:
            for match in pattern.finditer(sentence):
                bracket = _BRACKET_AFTER.match(sentence, match.end())
                if bracket:
                    found.update(dict.fromkeys(sorted(regions_in(bracket.group(1), lang))))
    return list(found)


@cache
def _lowercase_language_names(lang: str) -> bool:
    """Whether the language writes its own name, and so its adjectives, in small letters
    (polski, français; not English, German or Dutch)."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(lang).languages.get(lang, "")
    except (UnknownLocaleError, ValueError):
        return False
    return bool(name) and name[0].islower()


_OWNER = regex.compile(r"([\p{L}\p{M}]+)\s*(?:,|'s|’s|s')\s*$")
# Prepositions of place: a country after one and a comma is where the sentence happens
# (Au Mozambique, TotalEnergies relance …; In Deutschland, Tesla …), not the name's own
_WHERE = frozenset({"in", "im", "au", "aux", "en", "à", "a", "dans", "em", "no", "na",
                    "nel", "nella", "di", "w", "we", "v", "ve", "в", "во", "i", "på", "op",
                    # and where from or to (Tras su gira por Colombia, Nicolás Maduro …)
                    "por", "desde", "tras", "hacia", "from", "after", "to", "depuis", "vers",
                    "após", "para", "dopo", "verso", "из", "после"})


def _core_forms(cand: Candidate) -> list[str]:
    """Forms counted for mentions: a form that contains a shorter one is counted through
    it ("Abdeltif Loudiyi" is a mention of "Loudiyi")."""
    forms = list(dict.fromkeys(cand.forms()))
    return [f for f in forms if not any(
        o != f and len(o) < len(f) and form_pattern(o).strip() in form_pattern(f) for o in forms)]


def derive(texts: list[str], lang: str = "auto", top: int = 30) -> list[Candidate]:
    """Ranked candidates (best first) from one or more seed texts; the core of the story
    (what becomes rules) is marked `core`."""
    return derive_story(texts, lang, top)[0]


def derive_story(
    texts: list[str], lang: str = "auto", top: int = 30
) -> tuple[list[Candidate], Story]:
    """Ranked candidates and the story around them (countries, the seeds' own words)."""
    raw = texts
    texts = [_LEGAL_FORM.sub("", _CURRENCY.sub("$", _HARAKAT.sub(
        "", unicodedata.normalize("NFC", without_byline(t))))).translate(_SUBSCRIPT_DIGITS)
        for t in texts]
    # Thai writes no spaces between its words: cut by its dictionary, it is read as the
    # spaced scripts without capitals are (Arabic, Hindi); its people are read before,
    # by the title before the given name and the space after it (see thai.titled_people)
    thai_people = [person for t in texts if thai.has_thai(t) for person in thai.titled_people(t)]
    texts = [thai.spaced(t) if thai.has_thai(t) else t for t in texts]
    text = "\n".join(texts)
    if not text.strip():
        raise DeriveError("the seed is empty: derive needs a document with some names in it")
    if not any(char.isalpha() for char in text):
        raise DeriveError("the seed has no words, only figures and marks: derive needs a "
                          "document with some names in it")
    if lang == "auto" and len(texts) > 1 and _several_languages(
            texts, seed_languages := [detect_language(t) for t in texts]):
        return _by_language(raw, seed_languages, top)
    grammar, unlisted = lang, False
    if lang == "auto":
        lang = detect_language(text)
        grammar = spoken_language(text, lang)
        # a language with no word list, read through a related one that knows few of
        # its words: those cannot tell its common words
        unlisted = grammar != lang and (known_share(text, lang) or 0.0) < KNOWN_SHARE
        if unlisted and (without_capitals(text) or grammar in dictionary_languages()):
            # and no capitals: rarity is the only sign of a name there, so none is read
            # but the Latin ones (Marathi read through Hindi made names of its verbs);
            # or a dictionary of its words tells them (Swahili, Estonian, Armenian)
            lang = grammar
    per_seed = [split_sentences(t) for t in texts]
    sentences = [s for seed in per_seed for s in seed]
    lead = {s for t in texts for s in lead_sentences(t)}
    tokens = _tokens(sentences)
    mid_caps = {t.text for t in tokens if not t.first and _capitalised(t.text)}

    lower_words = {t.text for t in tokens if not t.first and t.text.islower()}
    found: dict[str, Candidate] = {}
    keep: frozenset[str] = frozenset()
    if lang == "de":
        said = Counter(t.text for t in tokens)
        keep = frozenset(w for w, n in said.items() if n >= GERMAN_NAME_MENTIONS)
    if unlisted or grammar in _CASE_SUFFIXES:
        # a word that opens a sentence is a name where the seed also capitalises it
        # inside one, in any of its cases (Equinor; Equinors. Narvas; Narvast)
        inside = {s for w in mid_caps for s in (folded_tokens(w), *_stems(folded_tokens(w),
                                                                           grammar))}
        mid_caps |= {t.text for t in tokens if t.first and _capitalised(t.text) and inside & {
            folded_tokens(t.text), *_stems(folded_tokens(t.text), grammar)}}
    runs = _sequences(tokens, lang, mid_caps, keep, unlisted)
    dropped: Counter[str] = Counter()  # single words no name alone (a common word)
    headlines = {i for i, s in enumerate(sentences) if s in {seed_headline(t) for t in texts}}
    brands = _headline_brands(runs, tokens, lower_words, headlines)
    # the places the seed names, whose adjectives are no names (Nijmeegse of Nijmegen)
    named_places = {folded_tokens(run) for run, _, _ in runs
                    if " " not in run and (home_town(run, lang) or is_place_or_date(run))}
    for run, sentence, before in _split_at_known(_holder_after_portfolio(runs, lang), lang):
        if " " not in run and run.lower() in lower_words and not run.isupper() \
                and _kind(run, before) == "name":
            continue  # the seed writes it as an ordinary word too ("iron ore", "Ore")
        if " " not in run and not run.isupper() and place_adjective(run, named_places):
            continue  # de Nijmeegse chipfabrikant: Nijmegen's, no name
        if _name_tail(run, before, lang):
            continue  # Industrias of Ministerio de Comercio e Industrias: a longer name's
        size = len(found)
        _add(found, run, sentences[sentence], lang, before, keep, grammar, brand=run in brands)
        if len(found) == size and " " not in run and run.lower() not in found:
            dropped[run] += 1
    titled = set()  # people named after their title: a name, though said once
    korean = [t for s in sentences for t in korean_titled(sentence_words(s))] \
        if lang == "ko" else []
    thai_titled = {f"{thai.spaced(given)} {thai.spaced(family)}": (title, f"{given} {family}")
                   for title, given, family in thai_people}
    people = [*_titled_people(sentences, lang),
              *((name, next(i for i, s in enumerate(sentences) if name in s))
                for name in thai_titled if any(name in s for s in sentences))]
    for run, sentence in people:
        _add(found, run, sentences[sentence], lang, None)
        if cand := found.get(run.lower()):
            cand.kind = "person"
            titled.add(run.lower())
            if run in thai_titled:
                _thai_person(cand, *thai_titled[run])
            titles = {title for name, title, _ in korean if name == run}
            cand.office = cand.office or bool(titles & KO_OFFICES)
            cand.head = cand.head or bool(titles & KO_HEADS)
            # the chief of the company named between (황주호 한수원 사장)
            cand.chief_of = next((org for name, _, org in korean if name == run and org),
                                 cand.chief_of)
    for run, sentence in _uncased_runs(sentences, lang):
        _add(found, run, sentences[sentence], lang, None)
        if lang == "ja" and (cand := found.get(run.lower())) and KANJI.fullmatch(run) \
                and (japanese_titled(run, sentences[sentence]) or run in japanese_people(run)):
            cand.kind = "person"
            japanese_offices(cand, text)
        if lang == "zh" and (cand := found.get(run.lower())) and _DOTTED.fullmatch(run):
            cand.kind = "person"
            _chinese_offices(cand, text)
    if lang == "ko":
        for start in _repeated_hangul(text, lang):
            _add(found, start, next((s for s in sentences if start in s), ""), lang, None)
    if lang in _TITLE_AFTER:
        for cand in found.values():
            _offices_after(cand, text, lang)
    phrases = set()
    if any(uncased(w) for w in WORD.findall(text)) and lang not in ("zh", "ja"):
        rare_found = any(uncased(c.term) and text.count(c.term) >= 2 for c in found.values())
        for phrase in _repeated_phrases(sentences, lang, words_too=not rare_found):
            if phrase.lower() not in found:
                if not _seldom_town(phrase, lang):
                    phrases.add(phrase.lower())
                _add(found, phrase, next((s for s in sentences if phrase in s), ""), lang, None)
                _abroad(found, phrase)
    if lang not in ("zh", "ja"):
        for phrase in _quoted_names(text, sorted(lead), lang):
            if phrase.lower() not in found:
                phrases.add(phrase.lower())  # common words: a name beside the story's
                _add(found, phrase, next((s for s in sentences if phrase in s), ""), lang, None)
    if sentences and lang not in ("zh", "ja", "ko"):
        inside = {w for c in found.values() if " " in c.term and text.count(c.term) >= 2
                  for w in c.term.split()}
        for word in _repeated_headline_words(text, sentences[0], lang):
            # a word of a longer name (حقل of حقل الشمال) is that name's, not one alone;
            # not of two names side by side once (রোসাটম রূপপুর: Rosatom's Rooppur plant)
            if word.lower() not in found and word not in inside:
                if not _seldom_town(word, lang):
                    phrases.add(word.lower())  # fairly common: a name only beside the story
                _add(found, word, sentences[0], lang, None)
                _abroad(found, word)
    if lang in ("zh", "ja"):
        for gram in _repeated_cjk(text, lang):
            if not _starts_a_word(gram, sentences, lang):
                continue  # the tail of a word and what follows (座乘用车工厂 of 首座…)
            where = next((s for s in sentences if gram in s), "")
            _add(found, gram, where, lang, None)
        known = japanese_organisations(text) if lang == "ja" else ()
        subjects = _subjects(text, sentences[0] if sentences else "", lang)
        for word in [*(_with_latin_head(w, text) for w in subjects), *known]:
            if word.lower() in found:
                continue
            phrases.add(word.lower())  # a known company: a name only beside the story
            _add(found, word, next((s for s in sentences if word in s), ""), lang, None)
            _abroad(found, word)
        for word in [_with_latin_head(w, text) for w in _repeated_katakana(
                text, sentences[0] if sentences else "", lang)]:
            if not _quoted(word, text):
                phrases.add(word.lower())  # common: a name only beside the story's others
            _add(found, word, next((s for s in sentences if word in s), ""), lang, None)
    if lang == "ja":
        for key in [k for k, c in found.items() if _okurigana(c.term, text)
                    or _unit(c.term, text)]:
            del found[key]  # a verb or adjective (ついえる, 膨ら, 見通 of 見通し), or a
            # unit (2ナノメートル): no name
    _person_short_forms(found, dropped)
    for cand in found.values():
        # the first word of a company's name is that company (Tsingshan of Tsingshan
        # Holding Group): an actor in many stories, not a story by itself
        if cand.kind == "name" and any(
                o.kind == "organisation" and o.term.startswith(cand.term + " ")
                for o in found.values()):
            cand.kind = "organisation"
    _fold_cases(found, text, grammar)
    _fold_place_nouns(found, text, grammar)
    _fold_acronyms(found, text, lang)
    _fold_latin_glosses(found, text)
    # a name's verb beside it (האמריקנית אנבידיה הודיעה) goes before a longer name could
    # make it a form of the name
    _fold_runs(found, text, lang)
    _fold_inner_names(found, text, lang, grammar)
    _fold_middle_dropped(found, text, grammar)
    _fold_script_pairs(found, text)
    _fold_place_suffixes(found)
    for key in [k for k, c in found.items() if not _DESIGNATION.match(c.term)
                and not c.term.isupper() and after_figures(c.term, text, lang)]:
        del found[key]  # a unit or an amount: 300 Hektar, 25 מיליארד דולר
    _fold_prefixed(found, text, lang)
    _fold_runs(found, text, lang)
    _fold_prefixed(found, text, lang)  # the prefixed forms of a name a run was cut to

    folded_seeds = [f" {folded_tokens(t)} " for t in texts]
    folded_sentences = [f" {folded_tokens(s)} " for s in sentences]
    folded_lead = {f" {folded_tokens(s)} " for s in lead}
    results = []
    # a word that ends two of the seed's names (Group, Energies, Holdings) is a generic
    # word of names, never a surname to watch alone
    endings = Counter(c.term.split()[-1] for c in found.values() if len(c.term.split()) > 1)
    german = frozenset(w.lower() for w in re.findall(r"\w+", text)) if lang == "de" \
        else frozenset()
    for cand in found.values():
        words = cand.term.split()
        if german and len(words) == 1 and plural_written(cand.term, german):
            continue  # the seed writes its plural too (Hafen, Häfen): a German noun
        if len(words) > 1 and _NXN.match(words[-1]):
            short = " ".join(words[:-1])  # "WhAP" for "WhAP 8×8"
            cand.aliases = [short, *(a for a in cand.aliases if a != short)]
        # the family name: Hungarian writes it first (Szijjártó Péter, Süli János)
        family = words[0] if lang in _FAMILY_FIRST else words[-1]
        if cand.kind in ("person", "name") and 2 <= len(words) <= 4 and \
                _rarity(family, lang, "name") >= 5.5 and family not in cand.forms() \
                and endings[words[-1]] < 2 and not set(words) & set(cand.aliases):
            # (the seed calls the person by another of the name's words: Anthony Loke Siew
            # Fook is Loke, his surname, and never Fook)
            alone = _alone(family, cand, found, folded_seeds)
            # without capitals nothing tells a person's family name from the last word of
            # a company's name: there the seed's own use decides
            if alone > 0 or not uncased(cand.term):
                cand.aliases.append(family)  # the surname alone: "Bajwa", "Gadih"
                if alone <= 0:  # the seed never says it alone: other Bajwas are not the story
                    cand.guarded.append(family)
        if cand.kind in ("name", "organisation") and 2 <= len(words) <= 3 and \
                words[0] not in cand.forms() and _first_word_is_mine(cand, found, folded_seeds):
            first = words[0]
            # (not before an office: Maryland Gov. Wes Moore names the state)
            alone = _alone(first, cand, found, folded_seeds) - _before_title(first, folded_seeds)
            # the seed calls the company by its first word too (टाटा for टाटा इलेक्ट्रॉनिक्स,
            # also a Moroccan province's name): a name of the story, beside its context
            # Arabic and Hebrew put a name's head noun first (حقل الشمال, the field of the
            # north): there the first word must be rarer to stand for the name
            limit = HEAD_FIRST_ZIPF if name_script(first) in ("arabic", "hebrew") \
                else NEIGHBOUR_ZIPF
            if alone >= 2 and uncased_zipf(first, lang) < limit \
                    and not nationality_of(first) and not _is_date(first):
                cand.aliases.append(first)
                cand.guarded.append(first)
        rest = words[1:]
        if cand.kind in ("name", "organisation") and 2 <= len(words) <= 4 \
                and name_script(words[0]) in ("arabic", "hebrew") \
                and uncased_zipf(words[0], lang) >= HEAD_FIRST_ZIPF \
                and (len(rest) >= 2 or uncased_zipf(rest[0], lang) < UNCASED_ZIPF) \
                and not _title_word(rest[0], lang) and " ".join(rest) not in cand.forms():
            # Arabic, Persian and Hebrew put a place's kind first (بندر شهید رجایی, the port
            # Shahid Rajaee; ميناء جوادر): the press abroad translates the kind and writes
            # the name after or before it (Shahid Rajaee port, Шахид Раджаи), so the name
            # alone is a form too, beside the story's context; not a common word alone
            # (سد النهضة is no النهضة, which is also a party; بندر عباس no عباس), nor a
            # title's person (ميناء الملك عبدالله, King Abdullah Port: no الملك عبدالله)
            cand.aliases.append(" ".join(rest))
            cand.guarded.append(" ".join(rest))
        kind_last = _kind_last(cand, found, folded_seeds, lang)
        if kind_last and words[0] not in cand.forms():
            # the seed's subject is the kind its central name ends with (পদ্মা সেতু, the
            # Padma bridge, with সেতু alone the seed's word for it): the press abroad
            # translates the kind and keeps the name (Padma bridge, мост Падма), so the
            # name's word alone is a form too, beside the story's context
            cand.aliases.append(words[0])
            cand.guarded.append(words[0])
        common_stem = False
        for form in cand.forms():
            stem = _katakana_stem(form) or _hangul_stem(form) or _kanji_stem(form)
            if stem and (_hangul_stem(form) == stem or _kanji_stem(form) == stem) \
                    and len(_company_words(stem, text)) < 2:
                # a company the seed writes two ways (현대차, 현대차그룹); one way (전기차,
                # electric car) is just a compound
                stem = None
            if stem and stem not in cand.forms():
                cand.aliases.append(stem)  # ソフトバンクグループ: the press writes SoftBank
                # 현대 (Hyundai) is also the word for modern: the name needs the story
                common_stem = common_stem or zipf(stem, lang) >= HANGUL_ZIPF
        counted = _core_forms(cand)
        cand.mentions = max(sum(mentions_of(f, s) for f in counted for s in folded_seeds), 1)
        cand.seeds = max(sum(1 for s in folded_seeds if any(mentions_of(f, s) for f in counted)), 1)
        cand.lead = any(mentions_of(f, s) for f in counted for s in folded_lead)
        cand.sentence = _first_sentence(cand, sentences, folded_sentences) or cand.sentence
        # every form: "El presidente de Venezuela, Nicolás Maduro" gives Maduro his home
        cand.homes = _homes(list(dict.fromkeys(cand.forms())), sentences, lang)
        cand.home_regions = _bracketed_regions(cand.forms(), sentences, lang)
        if zipf(cand.term.lower(), grammar) >= BUSY_TOWN_ZIPF and max_zipf(
                cand.term.lower(), tuple(c for c in AMBIGUITY_LANGUAGES if c != grammar)) \
                < AMBIGUOUS_ZIPF:
            # a town its press names this often has news of its own, and its country is
            # in all of it (Skellefteå, Sweden); a town named seldom (الضبعة, El Dabaa)
            # is mostly in its story's news, where its country places the name; and a
            # common word elsewhere (Orange, Victoria) is no town's name but by chance
            cand.homes += sorted(town_countries(cand.term, grammar) - set(cand.homes))
        cand.rarity = max(_rarity(f, lang, cand.kind) for f in [cand.term] +
                          [a for a in cand.aliases if not a.isupper()])
        common_noun = japanese_noun(cand.term)
        if common_noun and cand.kind != "organisation" and cand.mentions < 2 and not cand.lead:
            continue  # ファンド said once is a fund, not a name of the story
        if cand.kind != "organisation" and (common_noun or japanese_compound(cand.term)) \
                and compound_part(cand.term, text):
            continue  # nor is ハイブリッド that the seed only writes inside a longer
            # word (ハイブリッド車, hybrid car; リチウムイオン電池)
        if cand.kind != "organisation" and lang in _DICTIONARIES \
                and _DICTIONARIES[lang][2](cand.term):
            continue  # 주총, 持ち株会社: a word of the story, not a name
        if cand.kind == "name" and " " not in cand.term and is_verb(cand.term, lang) \
                and not inside_sentence(cand.term).search(text):
            continue  # a verb capitalised only where a sentence or a quotation starts
            # («Ξεμπλοκάρουν», they unblock), not a company (Acciona, also "operates")
        if lang == "ja":  # after rarity: a reading is how others write it, not how rare
            for form in list(cand.forms()):
                reading = japanese_reading(form)
                if reading and reading not in cand.forms():
                    cand.aliases.append(reading)  # 東芝 = Toshiba, as the press abroad writes it
                    cand.origins[reading] = f"the Japanese reading of {form}"
        if lang == SERBO_CROATIAN:
            _add_serbian_latin(cand)
        _add_chinese_forms(cand)
        _spaced_offices(cand, text, lang)
        if cand.kind in ("organisation", "person") and len(cand.term.split()) == 1:
            # the seed presents it as a company or a person ("el grupo indio Tata"): an
            # entity of the story even when its name is also a common word
            cand.rarity = max(cand.rarity, 5.0)
        cand.ambiguous = cand.kind not in ("equipment", "acronym") and not uncased(cand.term) \
            and (any(_common_name(form, cand.kind) for form in _own_spellings(cand))
                 or (lang not in AMBIGUITY_LANGUAGES and len(cand.term.split()) == 1
                     and zipf(cand.term.lower(), lang) >= AMBIGUOUS_ZIPF)
                 or _common_person(cand, lang))
        if _office_named_once(cand):
            cand.ambiguous = True
        if cand.term.lower() in phrases or common_stem:
            # common words: a name only beside the story's others, unless they are a name
            # and the seed's subject (পদ্মা সেতু, the Padma bridge): then placed as any
            # name of the story is, its countries too
            cand.ambiguous = cand.ambiguous or not kind_last
            cand.rarity = max(cand.rarity, 4.0)
        # a company IPAdic knows as a word too (アマゾン, シェル): beside the story
        cand.ambiguous = cand.ambiguous or common_noun
        cand.guarded += [f for f in cand.forms() if f.isupper() and not uncased(f)
                         or _short_code(f)]
        if uncased(cand.term) and cand.mentions < 2 and not cand.lead \
                and not {f.lower() for f in cand.forms()} & titled and not any(
                not uncased(a) for a in cand.aliases) and not presented(cand.term, text) \
                and not (" " in cand.term and all(
                    uncased_zipf(w, lang) < UNCASED_ZIPF for w in cand.term.split())) \
                and not _DOTTED.fullmatch(cand.term):
            # a rare word said once in a script without capitals: likely noise (not two
            # rare words together, a word the seed presents as a company, nor a foreign
            # name written with a dot)
            continue
        results.append(cand)
    results = _merge_spellings(_merge_stems(results))
    results = [c for c in results if not _common_inner_word(c, results, folded_sentences, lang)]
    if not has_word_list(lang):
        # no word list for a language without capitals (Thai, Marathi, Amharic): nothing
        # tells its names from its other words, so only the names it writes in Latin
        # letters (or digits) are names
        results = [c for c in results if all(
            char_script(char) == "latin" for char in c.term if char.isalpha())]
        main = main_script(text)
        for cand in results:  # nor the words of that script next to one (ADC's expansion)
            cand.aliases = [a for a in cand.aliases
                            if not any(char_script(char) == main for char in a)]
        if not results:
            raise DeriveError(
                f"derive has no word list for {language_name(lang)}, and its script has no "
                "capitals, so it cannot tell names from other words; give a seed that "
                "names the story in Latin letters too, or one in another language"
            )
    if not results:
        raise DeriveError(
            "no names found in the seed: derive looks for capitalised names and for rare "
            f"words repeated in it (language {lang}); give a longer seed or --lang"
        )
    results += _routes(text, lead, results)
    _rank(results, folded_sentences, lang)
    _guard(results, texts, lang)
    story = _story(results, texts, sentences, lang)
    story.grammar = grammar

    results.sort(key=lambda c: (-c.score, -c.mentions, c.term))
    _add_english(results[:top], lang)
    _set_context(results[:top], story)  # (a long seed has hundreds of candidates)
    if thai.has_thai(text):
        original = "\n".join(raw)
        for cand in results[:top]:  # quoted as the seed writes it, not as it was cut
            cand.sentence = thai.unspaced(cand.sentence, original)
    return results[:top], story


def _add_english(cands: list[Candidate], lang: str) -> None:
    """A core name the press abroad translates, of a name and an everyday word, gets the
    English it is told in (Tren Maya: Maya Train), which `~` finds in kana and Korean too
    (قطر للطاقة: Qatar Energy, カタールエナジー)."""
    for cand in cands:
        if not translated_abroad(cand, lang):
            continue
        for form in list(cand.forms()):
            for name in translated_names(form.split(), lang):
                if name not in cand.forms():
                    cand.aliases.append(name)
                    cand.origins[name] = f"English for {form}, its word translated"


def _set_context(cands: list[Candidate], story: Story) -> None:
    """Each name's context as its rule has it, for the listing (only a name whose rule
    has one)."""
    for cand in cands:
        if cand.ambiguous or cand.guarded or any(a.isupper() for a in cand.forms()):
            cand.context = rule_context(story, cand)


SPLIT_WORDS = 80  # words a seed needs for its language to be told from another's alike


ALIKE_LETTERS = 5  # letters of the long word a name found in two scripts as one must have


def _written_alike(one: str, other: str) -> bool:
    """Whether two folded forms from seeds in two languages are one name in two scripts
    (росатом and rosatom), word for word, each way, by the name operator's test, with a
    long word among them, where a sound seldom makes two names one (راس لفان and Ras
    Laffan, by Laffan: an abjad writes it shorter)."""
    words, others = one.split(), other.split()
    if len(words) != len(others) or name_script(one) == name_script(other):
        return False
    pairs = list(zip(words, others, strict=True))
    return any(max(len(a), len(b)) >= ALIKE_LETTERS for a, b in pairs) and all(
        same_name(a, b) and same_name(b, a) for a, b in pairs)


def _in_seeds(seeds: int) -> float:
    """How much a name gains in centrality for each more seed that names it."""
    return 1 + 0.5 * (seeds - 1)


def _several_languages(texts: list[str], seed_languages: list[str]) -> bool:
    """Whether the seeds are in several languages: told apart for sure where their
    scripts differ; in one script, only where each seed is long enough to tell (a
    headline alone may read as another language)."""
    if len(set(seed_languages)) < 2:
        return False
    return len({main_script(t) for t in texts}) > 1 or all(
        len(t.split()) >= SPLIT_WORDS for t in texts)


def _by_language(
    texts: list[str], seed_languages: list[str], top: int
) -> tuple[list[Candidate], Story]:
    """Seeds in several languages (a Bengali and a Tamil article on one story): each
    language's seeds are read with its own word list (another's makes its every word
    rare, and its sentences names), then their names and stories are one. The language
    with the most text leads the story."""
    groups: dict[str, list[str]] = {}
    for text, lang in zip(texts, seed_languages, strict=True):
        groups.setdefault(lang, []).append(text)
    order = sorted(groups, key=lambda lang: -sum(len(t) for t in groups[lang]))
    read: list[tuple[list[Candidate], Story]] = []
    unread: list[str] = []
    for lang in list(order):
        try:
            read.append(derive_story(groups[lang], "auto", top))
        except DeriveError as error:  # (a Thai seed beside an English one: the English)
            unread.append(f"the {language_name(lang)} seeds gave no names: {error}")
            order.remove(lang)
    if not read:
        raise DeriveError("; ".join(unread))
    cands, story = read[0]
    merged = list(cands)

    def own_forms(cand: Candidate) -> list[str]:
        """The forms that are the name's alone: not a guarded one (a surname, a first
        word), which other names share."""
        return [folded_tokens(f) for f in cand.forms()
                if f == cand.term or f not in cand.guarded]

    by_form = {f: c for c in merged for f in own_forms(c)}
    for others, _ in read[1:]:
        for cand in others:
            same = next((by_form[f] for f in own_forms(cand) if f in by_form), None) or \
                next((by_form[known] for f in own_forms(cand) for known in by_form
                      if _written_alike(f, known)), None)
            if same is None:
                merged.append(cand)
                by_form.update((f, cand) for f in own_forms(cand))
                continue
            # a name both languages' seeds write alike (Rosatom in both): one name, said
            # in more seeds, and ranked so
            base = max(same.score / _in_seeds(same.seeds), cand.score / _in_seeds(cand.seeds))
            same.absorb(cand)
            same.guarded += [f for f in cand.guarded if f not in same.guarded]
            same.origins.update((f, o) for f, o in cand.origins.items() if f not in same.origins)
            same.mentions += cand.mentions
            same.seeds += cand.seeds
            same.lead, same.core = same.lead or cand.lead, same.core or cand.core
            same.ambiguous = same.ambiguous or cand.ambiguous
            same.score = round(base * _in_seeds(same.seeds), 2)
            by_form.update((f, same) for f in own_forms(same))
    merged.sort(key=lambda c: (-c.score, -c.mentions, c.term))
    # every core name, and the others up to `top`
    kept = [c for c in merged if c.core]
    kept += [c for c in merged if not c.core][:max(top - len(kept), 0)]
    merged = [c for c in merged if c in kept]

    def union(lists: list[list[str]]) -> list[str]:
        return list(dict.fromkeys(x for xs in lists for x in xs))

    stories = [s for _, s in read]
    story = Story(
        story.lang, union([s.countries for s in stories]), union([s.terms for s in stories]),
        [c for c in merged if c.core], union([s.regions for s in stories]),
        union([s.numbers for s in stories]), story.pair,
        union([s.places for s in stories]), union([s.home_places for s in stories]),
        {k: v for s in reversed(stories) for k, v in s.place_countries.items()},
        abroad=story.abroad, grammar=story.grammar, languages=order,
        seed_languages=seed_languages, unread=unread)
    _set_context(merged, story)  # (as the one story has it)
    return merged, story


# two towns joined by a dash, as a line or a road between them is named (Budapest–
# Belgrád, Jakarta-Bandung); not inside a longer name (Budapest-Soroksár-…)
_ROUTE = regex.compile(r"(?<![\p{L}\p{M}\d][-–—]?)(\p{Lu}[\p{L}\p{M}]+)[-–—](\p{Lu}[\p{L}\p{M}]+)"
                       r"(?![\p{L}\p{M}]|[-–—]\p{Lu})")
ROUTE_MENTIONS = 2  # a route said this often, or in the headline or lead, is the story's
ROUTE_KM = 30  # two places nearer are one town and its quarter (Budapest-Soroksár)
_ROUTE_ORIGIN = "GeoNames, the towns' names in other languages"


def _routes(text: str, lead: Iterable[str], cands: list[Candidate]) -> list[Candidate]:
    """The lines, roads or links a seed names by the two towns they join (Budapest–Belgrád
    vasútvonal): each town is a place in many stories, the two together are this one's,
    in either order and as each language writes the towns (Belgrade–Budapest, Будимпешта–
    Београд). Said twice or in the lead: a name of the story by itself."""
    said: dict[frozenset[str], list[tuple[str, str, str, str, str]]] = {}
    for match in _ROUTE.finditer(text):
        first, second = match.groups()
        one, other = city_named(first), city_named(second)
        if one and other and one != other and city_distance(one, other) >= ROUTE_KM:
            said.setdefault(frozenset((one, other)), []).append(
                (match.group(0), first, second, one, other))
    known = {folded_tokens(f) for c in cands for f in c.forms()}
    folded_lead = " ".join(folded_tokens(s) for s in lead)
    sentences = split_sentences(text) if said else []
    routes = []
    for mentions in said.values():
        written = [mention[0] for mention in mentions]  # as the seed writes it
        in_lead = any(folded_tokens(f) in folded_lead for f in written)
        term = Counter(written).most_common(1)[0][0]
        if (len(written) < ROUTE_MENTIONS and not in_lead) or folded_tokens(term) in known:
            continue
        _, first, second, one, other = mentions[written.index(term)]
        # (rarity: no word list knows the pair)
        cand = Candidate(term, "name", mentions=len(written), lead=in_lead, rarity=8.0,
                         route=True, sentence=next((s for s in sentences
                                                    if any(f in s for f in written)), ""))
        pairs = [(first, second)]
        # as the press of many languages and the towns' own countries write them, each
        # language's own spelling (after the town's name in GeoNames), in one script
        for locale in dict.fromkeys((*CONTEXT_LOCALES, *official_languages(country_code(one)),
                                     *official_languages(country_code(other)))):
            ones, others = city_names(one, (locale,))[-1:], city_names(other, (locale,))[-1:]
            if ones and others and name_script(ones[0]) == name_script(others[0]):
                pairs.append((ones[0], others[0]))
        for a, b in pairs:
            for form in (f"{a}–{b}", f"{b}–{a}"):
                # (the seed's own with an en dash is the same name to the matcher)
                if form not in (term, f"{first}–{second}") and form not in cand.aliases:
                    cand.aliases.append(form)
                    if form not in written:
                        cand.origins[form] = _ROUTE_ORIGIN
        routes.append(cand)
    return routes


_SERBIAN_LATIN = "Serbian Latin letters"


def _add_serbian_latin(cand: Candidate) -> None:
    """A Serbian name in Cyrillic as Serbia's Latin alphabet writes it (Шабац = Šabac,
    Лозница = Loznica), letter for letter, as wordfreq transliterates: the Serbian press
    writes both, and the matcher cannot tell a Serbian Cyrillic name from a Russian one
    by its letters alone (ц is c in Serbian Latin, ts in Russian's)."""
    from wordfreq.transliterate import SR_LATN_TABLE

    for form in list(cand.forms()):
        if name_script(form) != "cyrillic":
            continue
        latin = form.translate(SR_LATN_TABLE)
        if latin != form and latin not in cand.forms():
            cand.aliases.append(latin)
            cand.origins[latin] = f"{_SERBIAN_LATIN}, for {form}"
            if form in cand.guarded:
                cand.guarded.append(latin)  # as much another's name (Tinto, Тинто)


# A name is looked up in the dictionary by its sound when the seed says it this often
# (or in its lead), from these scripts: Hangul's loose readings made 주총 (a shareholders'
# meeting) Zhucheng.
SOUNDED_MENTIONS = 3
_SOUNDED = ("arabic", "hebrew", "cyrillic", "devanagari", "tamil", "kana", "greek")


def _add_chinese_forms(cand: Candidate) -> None:
    """The name as the dictionary writes it in the other script: Chinese for a name in
    Latin letters (波音 for Boeing), English for one in Chinese characters (BYD for
    比亚迪). A Chinese form that is also a common word is only a name near the story."""
    for form in list(cand.forms()):
        if form.isupper():
            continue  # an acronym names many things (USD is the dollar, 美金)
        origin = f"CC-CEDICT, for {form}"
        if name_script(form) == "han":
            found = english_names(form)
        elif name_script(form) in ("other", *_SOUNDED) and not _short_code(form):
            # a name by its sound is a guess (ファンド, fund, sounds like Fender): made
            # for the story's central names only
            central = cand.lead or cand.mentions >= SOUNDED_MENTIONS
            latin = form if form.isascii() else sounded_name(form) \
                if name_script(form) in _SOUNDED and " " not in form and central else None
            if latin and latin != form:
                origin = f"CC-CEDICT, for {latin.title()}, which {form} sounds like"
            found = []
            for chinese in chinese_forms(latin) if latin else []:
                found.append(chinese.form)
                if chinese.common:
                    cand.guarded.append(chinese.form)
        else:
            continue
        for new in found:
            if new not in cand.forms():
                cand.aliases.append(new)
                cand.origins[new] = origin


def _merge_stems(cands: list[Candidate]) -> list[Candidate]:
    """One candidate for the forms of one company: 현대차 and 현대차그룹 both stand for
    현대 (a stem taken off the words for car and group), so they are one name to watch."""
    by_stem: dict[str, Candidate] = {}
    out: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (-c.mentions, -c.lead, c.term)):
        stems = [a for a in cand.aliases if _hangul_stem(a) is None and any(
            a in (_hangul_stem(f), _katakana_stem(f), _kanji_stem(f)) for f in cand.forms())]
        first = next((by_stem[s] for s in stems if s in by_stem), None)
        if first is None:
            out.append(cand)
            by_stem.update((s, cand) for s in stems)
            continue
        first.aliases += [f for f in cand.forms() if f not in first.forms()]
        first.guarded += [f for f in cand.guarded if f not in first.guarded]
        first.mentions += cand.mentions
        first.lead = first.lead or cand.lead
        first.ambiguous = first.ambiguous or cand.ambiguous
    return out


def _merge_spellings(cands: list[Candidate]) -> list[Candidate]:
    """One candidate for one name written with and without its accents (Cobre Panamá in
    the Spanish seed, Cobre Panama in the English one): the rules find both anyway. Its
    mentions were counted folded, so each form has them all."""
    by_folded: dict[str, Candidate] = {}
    out: list[Candidate] = []
    for cand in cands:
        first = by_folded.get(folded_tokens(cand.term))
        if first is None:
            out.append(cand)
            by_folded[folded_tokens(cand.term)] = cand
            continue
        first.aliases += [f for f in cand.forms() if f not in first.forms()]
        first.guarded += [f for f in cand.guarded if f not in first.guarded]
        first.mentions = max(first.mentions, cand.mentions)
        first.seeds = max(first.seeds, cand.seeds)
        first.lead = first.lead or cand.lead
        first.ambiguous = first.ambiguous or cand.ambiguous
    return out


# Scripts whose words are spaced and uncased, where a word the seed language's list knows
# well that is the story's name is a name its press writes often, and that write its
# vowels: India's and Thai. Not Chinese, Japanese or Korean, whose common compounds are
# read as names (현대, modern, is also Hyundai); nor Arabic or Hebrew, whose words read by
# their consonants alone are other words abroad (לוויתן is Hobbes's Leviathan too,
# فنانسنگ financing)
_HOME_SCRIPTS = frozenset({"devanagari", "tamil", "thai"})


def _famous_at_home(form: str, cand: Candidate, lang: str) -> bool:
    """Whether one word of a place or organisation in a spaced script without capitals is
    so common in the seed language's word list that its press writes it often
    (கூடங்குளம், Kudankulam, 4.0), and is no place the gazetteers know (a town with news
    of its own) nor a word the language's dictionary knows: a name famous at home, which
    the press of other scripts writes for this story only (the caller asks that the
    headline name it, and that it need context at home: ambiguous)."""
    return cand.kind in ("name", "organisation") and " " not in form and uncased(form) \
        and name_script(form) in _HOME_SCRIPTS and zipf(form, lang) >= UNCASED_ZIPF \
        and not is_place_or_date(form) and not town_countries(form, lang) \
        and not (lang in _DICTIONARY_WORDS and in_dictionary(form, lang)) \
        and not _known_abroad(form, cand)


ABROAD_WORD_ZIPF = 2.5  # a name's other spelling this common somewhere is known there


def _known_abroad(form: str, cand: Candidate) -> bool:
    """Whether another language's word list knows a name: its forms in other scripts
    (英特尔, Intel, from CC-CEDICT) or the form read in Latin letters (टाटा, tata;
    المائية, al-maiya) are fairly common words somewhere."""
    others = [f for f in cand.forms() if name_script(f) != name_script(form)]
    readings = {r.roman for r in name_readings(folded_tokens(form))}
    return any(max_zipf(w.lower()) >= ABROAD_WORD_ZIPF for w in [*others, *readings])


def _own_spellings(cand: Candidate) -> list[str]:
    """A name as the seed writes it and as its language's Latin letters do (Рио Тинто is
    Rio Tinto): the press abroad reads it in those letters, where it may be other words."""
    latin = [a for a in cand.aliases if cand.origins.get(a, "").startswith(_SERBIAN_LATIN)
             and len(a.split()) == len(cand.term.split())]
    return [cand.term, *latin[:1]]


def _common_name(term: str, kind: str) -> bool:
    """Whether a name is also a common word (Tata) or a phrase of one language's common
    words ("Rio Tinto", red river; North Field): beside the story's others only."""
    if len(term.split()) == 1:
        return max_zipf(term.lower()) >= AMBIGUOUS_ZIPF or is_place_or_date(term)
    # every word of a short name is a common word of one language (not Formosa Plastics:
    # Portuguese, then English)
    words = [w for w in term.split() if w.lower() not in _CONNECTORS]
    return len(words) <= 3 and kind != "person" and _one_language_phrase(words)


COMMON_PERSON_ZIPF = 4.0  # a given name and a surname this common: many people's name


def _common_person(cand: Candidate, lang: str) -> bool:
    """Whether a name of two words is a common given name and a common surname of the
    seed's language (Peter Carlsson in Swedish, whom no title introduces): many people are
    called so."""
    words = cand.term.split()
    return cand.kind in ("person", "name") and len(words) == 2 and not uncased(cand.term) \
        and all(zipf(w.lower(), lang) >= COMMON_PERSON_ZIPF for w in words)


def _one_language_phrase(words: list[str]) -> bool:
    """Whether every word is a common word of the same language (Rio Tinto, red river;
    North Field), so that the name is also a phrase someone may write."""
    return any(all(zipf(w.lower(), lang) >= AMBIGUOUS_ZIPF for w in words)
               for lang in AMBIGUITY_LANGUAGES)


def _abroad(found: dict[str, Candidate], term: str) -> None:
    """Mark a name of common words found by repetition as placed by the story's
    countries abroad (its own country would not tell this story from the others)."""
    if term.lower() in found:
        found[term.lower()].abroad = True


# a word with a figure this common in the seed's language is a term, not a model
COMMON_DESIGNATION_ZIPF = 3.5


def _common_designation(word: str, lang: str) -> bool:
    """A common term written with a figure (CO2, 4G, MP3), not a model to watch; a
    hyphened one is read in pieces by the word lists (F-16 as F and 16), so never."""
    return bool(_DESIGNATION.match(word)) and "-" not in word and \
        zipf(word.lower(), lang) >= COMMON_DESIGNATION_ZIPF


def _short_code(form: str) -> bool:
    """A model code of at most two letters and two digits (JF-17, "JF 17 ans"): short
    codes are shared by other things."""
    letters = sum(c.isalpha() for c in form)
    digits = sum(c.isdigit() for c in form)
    return " " not in form and 0 < letters <= 2 and 0 < digits <= 2


# an amount: a number of at most three digits, or one with separators (1.200, 10,5)
_AMOUNT = r"(?<![\d.,])(?:\d{1,3}(?:[.,\s]\d+)+|\d{1,3})(?![\d.,]?\d)"


# "and" in the languages with capitals derive reads, and a title's "of"
_TAIL_JOINS = _AND | _TITLE_OF | frozenset({"y", "e", "et", "und"})
TAIL_ZIPF = 3.5  # a word this common after a name and "and" ends that name


_SCRIPT_SUFFIX = 4  # letters of a case ending written after a hyphen


def _suffix_in_another_script(word: str) -> str:
    """A word without a case ending in another script after a hyphen (CNPC-нің: CNPC)."""
    head, _, tail = word.rpartition("-")
    if head and tail.isalpha() and len(tail) <= _SCRIPT_SUFFIX and not tail[:1].isupper() \
            and char_script(tail[0]) != char_script(head[-1]):
        return head
    return word


def _name_tail(run: str, before: list[str], lang: str) -> bool:
    """Whether a single common word ends a longer name the run broke off at a small
    word (Comercio e Industrias, Trade and Industry), or describes what precedes it
    (Toronto-based, Chinalco-led): no name of its own."""
    if " " in run:
        return False
    head, _, tail = run.rpartition("-")
    if head and tail.isalpha() and tail.islower() and len(tail) >= 3 \
            and _suffix_in_another_script(run) == run:
        return True  # not a case ending in another script (CNPC-нің)
    return bool(before) and len(before) >= 2 and before[-1].lower() in _TAIL_JOINS \
        and _capitalised(before[-2]) and _common(run, lang) >= TAIL_ZIPF \
        and not country_of(run)


_YEAR = re.compile(r"1[89]\d\d|20\d\d")
HEADLINE_BRAND_MENTIONS = 3  # a headline's capitalised common word said this often


def _headline_brands(runs: list[tuple[str, int, list[str]]], tokens: list[_Token],
                     lower_words: set[str], headlines: set[int]) -> frozenset[str]:
    """Single words a seed's headline names that the seeds capitalise often, twice inside
    a sentence, and never write in lower case: the story's companies, however common the
    word (Apple, and Meta, also a Colombian department). Never a country or a big city,
    which is context at most."""
    said = Counter(run for run, _, _ in runs if " " not in run)
    inside = Counter(t.text for t in tokens if not t.first)
    headline = {run for run, sentence, _ in runs if sentence in headlines and " " not in run}
    # the first word of a longer name the seeds write (lo Stretto of Stretto di Messina) is
    # that name said short, and a common word besides
    opening = {run.split()[0] for run, _, _ in runs if " " in run}
    return frozenset(
        run for run in headline - opening
        if said[run] >= HEADLINE_BRAND_MENTIONS and inside[run] >= 2
        and run.lower() not in lower_words and not run.isupper()
        and not country_of(run) and not major_city(run) and not _is_date(run)
        and not place_adjective(run))  # Europese, in a Dutch headline


_PARTY_TAG = re.compile(r"[A-Z]{1,8}-([A-Z]{2})")


def _party_tag(word: str, lang: str) -> bool:
    """Whether a word is a party's letters and a state's code of a country the seed's
    language is spoken in (PSD-AM: the PSD, Amazonas; D-CA), as the press tags a
    politician: no name of the story."""
    match = _PARTY_TAG.fullmatch(word)
    return match is not None and any(f"{country}-{match.group(1)}" in subdivision_codes()
                                     for country in speaking_countries(lang))


_VOWELS = regex.compile(r"[aeiouyăâêôơư]+", regex.IGNORECASE)
SYLLABLE_ZIPF = 3.0  # a Vietnamese syllable the word list knows this well is a word


SHORT_FORM_MENTIONS = 2  # a person called by one word of their name this often


def _person_short_forms(found: dict[str, Candidate], dropped: Counter[str]) -> None:
    """A word too common to be a name alone that is the first or last word of a person
    the seed names in full (Najib, of Datuk Seri Najib Tun Razak, seven times alone; a
    famous name is a common word in its own country's news) is that person: a form of
    theirs, only beside the story's context."""
    for cand in found.values():
        words = cand.term.split()
        if cand.kind != "person" or len(words) < 2:
            continue
        for word in dict.fromkeys((words[0], words[-1])):
            if dropped[word] >= SHORT_FORM_MENTIONS and word not in cand.aliases \
                    and not is_place_or_date(word):  # Israel of Israel Katz
                cand.aliases.append(word)
                cand.guarded.append(word)
                cand.mentions += dropped[word]


# Czech, Polish and Slovak case endings of a place's name, and the nominative endings
# they replace (Minnesotě: Minnesota; Kyjevu: Kyjev; Idahu: Idaho; Arkansasu: Arkansas)
_SLAVIC_CASES = ("ovi", "em", "ou", "ie", "ii", "u", "ě", "e", "y", "i", "a", "ą", "ę")
_SLAVIC_NOMINATIVES = ("", "a", "o")
MIN_SLAVIC_STEM = 4  # letters of a place's stem before its case ending (Idah-u)


def _slavic_place(word: str) -> bool:
    """Whether a word is a country, city or region in a Slavic case (Minnesotě, Kyjevu)."""
    for ending in _SLAVIC_CASES:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_SLAVIC_STEM:
            stem = word[: -len(ending)]
            if any(is_place_or_date(stem + n) or is_region(stem + n)
                   for n in _SLAVIC_NOMINATIVES):
                return True
    return False


def _common_unmarked(word: str, lang: str) -> bool:
    """Whether a Latin word with accents is an everyday word without them (Aïr, the
    Niger mountains, is air; a rule on it finds Air France, as a name matches without
    its accents); not in Vietnamese, which tells words apart only by their marks."""
    if lang == "vi":
        return False
    bare = "".join(ch for ch in unicodedata.normalize("NFD", word)
                   if not unicodedata.combining(ch))
    return bare != word and bare.isascii() and _common(bare, lang) >= COMMON_ZIPF


def _vietnamese_syllable(word: str) -> bool:
    """Whether a word is one Vietnamese syllable the language writes as a word: Vietnamese
    writes every syllable apart and calls a person by the last one (ông Phàm of Chu Xuân
    Phàm), which alone is a word too, the same letters as another with its tone folded
    (phạm, to violate); the full name is the one to watch. Not a foreign name of several
    syllables (Formosa)."""
    bare = "".join(ch for ch in unicodedata.normalize("NFD", word.lower())
                   if not unicodedata.combining(ch) or ch in "\u0306\u0302\u031b")
    return len(_VOWELS.findall(unicodedata.normalize("NFC", bare))) == 1 \
        and zipf(word.lower(), "vi") >= SYLLABLE_ZIPF


def _add(found: dict[str, Candidate], run: str, sentence: str, lang: str,
         before: list[str] | None, keep: frozenset[str] = frozenset(),
         grammar: str = "", brand: bool = False) -> None:
    grammar = grammar or lang  # the case endings are the seed's own language's
    if grammar in _SUFFIXING:
        # a suffix after an apostrophe is grammar, not the name (Westinghouse'em,
        # Baykar'ın); elsewhere an apostrophe may be the name's own (Jama'at, Qur'an)
        run = " ".join(SUFFIXED.sub(r"\1", w) for w in run.split())
    if grammar in _DECLINING_LATIN:
        run = " ".join(_DECLINED_ACRONYM.sub(r"\1", w) for w in run.split())
    elif grammar in _HYPHEN_SUFFIXING:
        run = " ".join(_HYPHENED_ACRONYM.sub(r"\1", w) for w in run.split())
    # a case ending in another script after a hyphen is grammar (Kazakh Inpex-тің,
    # Georgian International-მა), wherever the seed writes one
    run = " ".join(_suffix_in_another_script(w) for w in run.split())
    words = run.split()
    acronym = run.isupper() and 2 <= len(run) <= 6 and not uncased(run)
    if acronym and run in currencies() and re.search(
            rf"{_AMOUNT}(?:\s+\w+)?\s*{run}\b|\b{run}\s*{_AMOUNT}", sentence):
        # 500 USD, 10,5 tỉ USD, EUR 60: a currency by its amount, not a name (AMD 9000,
        # a chip, and 2024 AMD are no amounts)
        return
    if len(words) == 1 and (own_currency_amount(run, lang)
                            or scaled_amount(run, sentence, grammar or lang)):
        return  # RM50, Rp5, P12.2 bilyon: an amount, not a model
    if len(words) == 1 and _ROMAN.match(anyascii(run)):
        return  # Piers II and III, Φάση ΙΙ: a number, not an acronym
    if len(words) == 1 and _NXN.match(run):
        return  # 8x8: a vehicle's wheels, in every armoured vehicle's story
    if len(words) == 1 and "-" in run and all(country_of(part) for part in run.split("-")):
        return  # ไทย-จีน, Россия-Китай: two countries, in every story between them
    if len(words) == 1 and _common_designation(run, lang):
        return
    if len(words) == 1 and not (_DESIGNATION.match(run) or acronym) and not uncased(run) \
            and not brand and (
        (_common(run, lang) >= COMMON_ZIPF and not home_town(run, lang))
        or _common_unmarked(run, lang)
        or country_of(run) or country_of(run.split("-")[0]) or _declined_country(run, grammar)
    ):
        return  # a single common word is not a name ("Este", "Premier", "Défense")
    if len(words) == 1 and _party_tag(run, lang):
        return  # Omar Aziz (PSD-AM): a politician's party and state, in every story of his
    if lang == "vi" and len(words) == 1 and _vietnamese_syllable(run):
        return  # a syllable of the language alone (ông Phàm: Mr Phàm; phạm, to violate)
    if lang == "de" and len(words) == 1 and _german_noun(run, keep):
        return  # German capitalises every noun (Fabrik, Werksgelände)
    if is_place_or_date(run) and (len(words) == 1 or country_of(run) or uncased(run)) \
            and not brand:
        return  # countries, demonyms, months: context at most, never names to watch
    if uncased(run) and is_place_or_date(unjoined(run)):
        return
    if placed := [i for i, w in enumerate(words) if _place_in_case(w, grammar)]:
        # where a name is, not a name or part of one: Narvast Saksamaale (from Narva to
        # Germany) is Narvast; Azərbaycanın Şahdəniz (Azerbaijan's) is Şahdəniz
        for start, end in zip([-1, *placed], [*placed, len(words)], strict=True):
            if end - start > 1:
                _add(found, " ".join(words[start + 1 : end]), sentence, lang, before, keep,
                     grammar)
        return
    key = run.lower()
    kind = _kind(run, before)
    if kind == "name" and len(words) <= 3 and is_region(run) and not brand:
        return  # a province or city: context at most (a company named after one stays)
    if len(words) == 1 and grammar in _DECLINING_LATIN and _slavic_place(run):
        return  # v Minnesotě, v Kyjevu: a place in a case of its own
    if key not in found:
        found[key] = Candidate(run, kind, sentence=sentence)
    elif kind == "person" and found[key].kind == "name" and before and _is_title(before[-1]):
        # the headline's Imran Khan, then former prime minister Imran Khan: the title
        # right before it (not one a few words back: Bakan Bayraktar: Sakarya Gaz Sahası)
        found[key].kind = kind
    # a president of a company (el presidente de YPF) holds no public office; of a
    # country, province or city (el gobernador de Río Negro) one does
    chief = _chief_before(before) if kind == "person" and before else ""
    public = not chief or is_public_place(chief)
    if kind == "person" and before and _office_before(before) and public:
        found[key].office = True
    if kind == "person" and before and _office_before(before, _HEADS) and public:
        found[key].head = True
    if kind == "person" and before:
        found[key].chief_of = chief or found[key].chief_of
    # Designations inside a run are candidates of their own: "JF-17" in "JF-17 Thunder".
    for word in words:
        if (_DESIGNATION.match(word) or _PARTICLE_PREFIX.match(word)) and word != run \
                and not _common_designation(word, lang) and not _NXN.match(word):
            found.setdefault(word.lower(), Candidate(word, _kind(word), sentence=sentence))


SHORT_COUNTRY = 4  # letters of a country name that is also a language's common word

_FAMILY_FIRST = frozenset({"hu"})  # languages that write a person's family name first
# Slavic languages written in Latin letters, which decline foreign names (Bechtelem)
_DECLINING_LATIN = frozenset({"pl", "cs", "sk", "hr", "sl", "sr", "bs"})
# the languages that write a name's grammatical suffix after an apostrophe (see
# places.SUFFIXED: Westinghouse'em, Baykar'ın; Finnish's colon after an acronym, TVO:n)
_SUFFIXING = _DECLINING_LATIN | {"tr", "az", "fi"}
# an acronym with a case ending written against it, or after a hyphen, where acronyms
# decline (ČEZu, ČEZem; PGE-u)
_DECLINED_ACRONYM = regex.compile(r"^(\p{Lu}{2,})-?\p{Ll}{1,3}$")
# Azerbaijani, Kazakh and Hungarian write the case ending after a hyphen (SOCAR-ın, TAP-da)
_HYPHEN_SUFFIXING = frozenset({"az", "kk", "hu"})  # and MVM-et, Paks II-n
_HYPHENED_ACRONYM = regex.compile(r"^(\p{Lu}{2,})-\p{Ll}{1,4}$")


# The case endings languages write against a name, folded: Hungarian (Paksnak, Paksra,
# Roszatomtól) and its with-ending, which doubles the name's last consonant (Roszatommal);
# Finnish (Fortumin, Olkiluotoa; its consonant gradation, Olkiluodon, is read below);
# Lithuanian, which ends every name with its case (Kreivys, Kreivio); Romanian, its
# article and genitive (Nuclearelectrica, Nuclearelectricii; Cernavodei); the
# Scandinavian languages, German and Dutch, a genitive -s (Northvolts, Skellefteås).
_GENITIVE_S = ("s",)
_CASE_SUFFIXES = {
    "ro": ("ului", "ul", "ei", "ii", "a", "e", "i"),
    # Lithuanian, folded (Kreivys, Kreivio; Klaipėda, Klaipėdos, Klaipėdoje; Vaitkaus)
    "lt": ("uose", "oje", "eje", "iui", "aus", "ys", "is", "as", "us", "io", "ui", "os",
           "es", "ai", "ei", "a", "e", "i", "o", "u", "y"),
    "sv": _GENITIVE_S, "da": _GENITIVE_S, "nb": _GENITIVE_S, "nn": _GENITIVE_S,
    "no": _GENITIVE_S, "de": _GENITIVE_S, "nl": _GENITIVE_S,
    "hu": ("nak", "nek", "bol", "rol", "tol", "ban", "ben", "nal", "nel", "hoz", "hez", "ert",
           "val", "vel", "ra", "re", "ba", "be", "ig", "on", "en", "ot", "et", "at", "t", "n"),
    "fi": ("ssa", "sta", "lla", "lta", "lle", "ksi", "aan", "een", "iin", "oon", "uun", "na",
           "on", "in", "ta", "n", "a"),  # -on: Onkalo-on; -in: Fortum-in, after a consonant
    # Estonian (Narvas, Narvast, Narvasse; Sillamäel; Silmeti, the genitive of Silmet)
    "et": ("sse", "ga", "ks", "le", "lt", "ni", "na", "ta", "st", "s", "l", "d", "t", "a",
           "e", "i", "u"),
    # Azerbaijani, folded, after a vowel with n- or y- (Abdullayevin; İtaliyanın,
    # İtaliyada, İtaliyaya; Avropaya)
    "az": ("nin", "nun", "dan", "dən", "yla", "ylə", "ya", "yə", "ni", "nu", "da", "də", "la",
           "lə", "in", "un", "a", "ə", "i", "u"),
    # Kazakh, folded (Теңізшевройлдың; Атырауда, Атыраудан)
    "kk": ("ның", "нің", "дың", "дің", "тың", "тің", "ндан", "нден", "дан", "ден", "тан", "тен",
           "нан", "нен", "мен", "бен", "пен", "нда", "нде", "ға", "ге", "қа", "ке", "на", "не",
           "ны", "ні", "ды", "ді", "ты", "ті", "да", "де", "та", "те", "а", "е", "н"),
    # Armenian (Ամուլսարի, Ամուլսարից, Ամուլսարում; its articles -ը, -ն)
    "hy": ("ում", "ից", "ով", "ին", "ու", "ի", "ը", "ն"),
    # Albanian, folded, with its article (Vlora, Vlorës, Vlorën; Balluku, Ballukut)
    "sq": ("it", "ut", "es", "en", "in", "un", "se", "ne", "a", "e", "i", "u"),
    # Latvian, folded (Kaspars Briškens, Briškena; Evika Siliņa, Siliņas)
    "lv": ("am", "im", "um", "ai", "ei", "as", "es", "is", "us", "os", "s", "a", "e", "i",
           "u", "o"),
    # Uzbek (Rossiyada, Rossiyaga; Jizzaxda)
    "uz": ("ning", "dagi", "dan", "da", "ga", "ka", "qa", "ni"),
    # Icelandic, folded (Wurzbachers; Aradóttur, of Aradóttir; Orkuveitu, of Orkuveita)
    "is": ("ar", "ur", "ir", "s", "a", "i", "u"),
}
# Finnish weakens a consonant before most case endings (Olkiluoto, Olkiluodon; Helsinki
# keeps it): the strong grade of a weak stem's last consonants, to find the name again
_STRONG_GRADES = (("nn", "nt"), ("ll", "lt"), ("rr", "rt"), ("mm", "mp"), ("ng", "nk"),
                  ("d", "t"), ("v", "p"))
_GRADED = re.compile(r"(nn|ll|rr|mm|ng|d|v)([aeiouyäö])$")
_ASSIMILATED = re.compile(r"(?<=(.))\1[ae]l$")
MIN_SUFFIX_STEM = 4
MIN_PLACE_STEM = 5  # a shorter stem is part of too many places' names


def _place_in_case(word: str, grammar: str) -> bool:
    """A country or town with a case ending its language writes against it (Azərbaycanın,
    Eestist, Saksamaale, Қазақстанның). A genitive -s alone is no such ending here: too
    many names end in s as they are (Thales)."""
    if _CASE_SUFFIXES.get(grammar, _GENITIVE_S) == _GENITIVE_S:
        return False
    return any(len(stem) >= MIN_PLACE_STEM and is_place_or_date(stem)
               for stem in _suffix_stems(folded_tokens(word), grammar))


def _declined_country(word: str, lang: str) -> set[str]:
    """The country a capitalised word names with its language's case ending against it
    (Szerbiában, Kínával: in Serbia, with China; Deutschlands, Kinas: Germany's,
    China's), or none."""
    if not (_capitalised(word) or uncased(word)) or " " in word:
        return set()  # (a Tamil one too: ரஷ்யாவிலிருந்து, from Russia)
    table = known_countries()
    return next((table[stem] for stem in _suffix_stems(folded_tokens(word), lang)
                 if stem in table), set())


def _suffix_stems(word: str, lang: str) -> set[str]:
    """A folded word without each case ending its language may write against a name."""
    out = {word[: -len(s)] for s in _CASE_SUFFIXES.get(lang, ())
           if word.endswith(s) and len(word) - len(s) >= MIN_SUFFIX_STEM}
    if lang == "ta":
        out.update(tamil_nominatives(word))
    if lang == "hu" and (match := _ASSIMILATED.search(word)) and \
            match.start() >= MIN_SUFFIX_STEM:
        out.add(word[: match.start()])
    if lang == "fi":
        strong = dict(_STRONG_GRADES)
        out |= {stem[: m.start()] + strong[m.group(1)] + m.group(2)
                for stem in list(out) if (m := _GRADED.search(stem))}
    return out


def _stems(word: str, lang: str) -> set[str]:
    """A folded Latin word without each case ending the seed's language may put on it:
    Slavic endings in a Slavic seed, Hungarian, Finnish, Romanian or genitive -s in those."""
    if lang not in _DECLINING_LATIN:
        return _suffix_stems(word, lang)
    return _with_fleeting_vowel(set(latin_case_stems(word)))


# A Slavic name's last vowel drops where it takes an ending (Rimac, Rimca; Marek, Marka;
# Јадар, Јадра): the stem with that vowel back, between its last two consonants
_FLEETING = regex.compile(r"^(.{2,}[^aeiouyаеиоуіј])([^aeiouyаеиоуіј])$")


def _with_fleeting_vowel(stems: set[str]) -> set[str]:
    """Stems and each of them with the vowel a Slavic name drops in its other cases."""
    out = set(stems)
    for stem in stems:
        if match := _FLEETING.match(stem):
            # (Cyrillic: Serbian a, Russian and Ukrainian о; not е, which would make
            # Петер of Петра, Pyotr's)
            vowels = "ао" if name_script(stem) == "cyrillic" else "ae"
            out |= {f"{match.group(1)}{v}{match.group(2)}" for v in vowels}
    return out


# The endings of a West Slavic adjective in its cases, folded (Centralnego, Centralny;
# Komunikacyjnego, Komunikacyjny): a name's adjective declines with its noun
_ADJECTIVE_ENDINGS = ("ego", "emu", "ymi", "ych", "ich", "ej", "ym", "im", "a", "y", "i", "e")
ADJECTIVE_STEM = 4  # letters an adjective keeps without its ending


def _adjective_stems(word: str) -> set[str]:
    """A folded word less an adjective's case ending, where enough is left."""
    return {word[: -len(e)] for e in _ADJECTIVE_ENDINGS
            if word.endswith(e) and len(word) - len(e) >= ADJECTIVE_STEM}


def _case_forms(term: str, lang: str) -> list[set[str]]:
    """Each word of a name as written and without each ending it may carry (газпром may
    itself end in -ом): two names are one in another case when every word shares one."""
    if lang in _DECLINING_LATIN:
        return [{w, *_with_fleeting_vowel({case_stem(w), *case_stems(w)}), *_stems(w, lang),
                 *_adjective_stems(w)} for w in folded_tokens(term).split()]
    # (a Cyrillic one with the vowel its genitive plural puts back: Олешки, Олешок)
    return [{w, *_stems(w, lang), *(
        _with_fleeting_vowel({case_stem(w), *case_stems(w)}) if name_script(w) == "cyrillic"
        else {case_stem(w), *case_stems(w)})} for w in folded_tokens(term).split()]


def _merge(found: dict[str, Candidate], keys: list[str], text: str) -> Candidate:
    """Several candidates of one name become the one whose form the seed writes most (the
    shorter on a tie), with the others' forms, and the kind a form told (a person, not a
    bare name)."""
    keys = sorted(keys, key=lambda k: (-text.count(found[k].term), len(k)))
    lead = found[keys[0]]
    for key in keys[1:]:
        other = found.pop(key)
        lead.absorb(other)
        if lead.kind == "name" and other.kind != "name":
            lead.kind = other.kind
    return lead


# Scripts whose names take the case endings of the seed's language, as its own words do,
# where the language declines them (Latin: Bechtela; Armenian: Ստեփանակերտի)
_DECLINED_SCRIPTS = frozenset({"other", "armenian"})


def _fold_cases(found: dict[str, Candidate], text: str, lang: str) -> None:
    """A Cyrillic or Greek name in several cases is one candidate (Газпром, Газпрома,
    Газпромом; Πειραιάς, Πειραιά), led by the form the seed writes most; so is a Latin
    one in a Slavic, Hungarian, Finnish, Lithuanian, Romanian or Germanic seed (Bechtela,
    Bechtelem; Roszatommal, Roszatomtól; Northvolts), led by the name as written alone (Bechtel,
    Roszatom) where an ending shows it, or in Hungarian by the stem its cases share
    (Paksnak, Paksra: Paks)."""
    declines = lang in _DECLINING_LATIN or lang in _CASE_SUFFIXES
    groups: list[list[str]] = []
    for key, cand in found.items():
        if name_script(cand.term) not in ("cyrillic", "greek") and not (
                declines and name_script(cand.term) in _DECLINED_SCRIPTS):
            continue
        mine = _case_forms(cand.term, lang)
        for group in groups:
            theirs = _case_forms(found[group[0]].term, lang)
            if len(theirs) == len(mine) and all(a & b for a, b in zip(mine, theirs,
                                                                       strict=True)):
                group.append(key)
                break
        else:
            groups.append([key])
    declined: list[Candidate] = []  # Latin names the seed writes in several cases
    for keys in groups:
        if len(keys) < 2:
            continue
        lead = _merge(found, keys, text)
        if declines and name_script(lead.term) in _DECLINED_SCRIPTS:
            declined.append(lead)
    for cand in declined:
        forms_of = {folded_tokens(f): f for f in cand.forms()}
        written = next((f for key, f in forms_of.items() if any(
            key in _stems(other, lang) for other in forms_of if other != key)), None)
        # (Hungarian only: a Finnish stem may be graded, and olkiluodo is no name)
        shared = set.intersection(*(_stems(k, lang) for k in forms_of)) \
            if lang == "hu" and all(" " not in k for k in forms_of) else set()
        if not written and shared:
            # Paksnak and Paksra, never Paks alone: the stem they share
            stem = max(shared, key=len)
            written = cand.term[: len(stem)]
        if written:
            # the seed writes the name alone too (Betlejem beside w Betlejemie): that one
            cand.rename(written)
            continue
        for form in cand.forms():
            words = form.split()
            alone = nominative(folded_tokens(words[-1])) if words[-1].isalpha() else None
            if alone:
                break
        if alone:
            # Bechtelem and Bechtela: the press abroad writes Bechtel (a name the seed
            # writes in one case only may end so as it is: Murakami, Betlejem)
            written = " ".join([*words[:-1], words[-1][: len(alone)]])
            cand.rename(written)
        elif lang in _DECLINING_LATIN and (feminine := _feminine_nominative(cand.forms())):
            cand.rename(feminine)


# The endings a Slavic name in -a takes in its other cases (Nitry, Nitru, Nitre, Nitrou;
# Warszawie), folded; -y, its genitive, tells such a name from a masculine one (Temelínu,
# Temelíně: the name is Temelín)
_A_NAME_CASES = ("ou", "ie", "y", "u", "e", "i")


def _feminine_nominative(forms: list[str]) -> str | None:
    """The name in -a that a Slavic seed only declines (Nitry and Nitru: Nitra; Ostravy
    and Ostravě: Ostrava), as the press abroad writes it; None unless one form is its
    genitive and all are one word on one stem."""
    words = [f for f in forms if f.isalpha()]
    folded = [folded_tokens(w) for w in words]
    if len(words) < 2 or len(words) != len(forms) or not any(f.endswith("y") for f in folded):
        return None
    stems = set()
    for word, plain in zip(words, folded, strict=True):
        ending = next((e for e in _A_NAME_CASES if plain.endswith(e)), None)
        if ending is None or len(word) - len(ending) < MIN_SUFFIX_STEM:
            return None
        stems.add(word[: len(word) - len(ending)])
    return f"{stems.pop()}a" if len(stems) == 1 else None


def _names_nothing(acronym: Candidate, found: dict[str, Candidate], text: str) -> bool:
    """Whether an acronym names no one to watch: the initials of a country's English name
    (US, UK, UAE) that the seed also names otherwise (American, the United States), that
    country (context at most), unless the letters and one word are one of its names (US
    Steel, SK Hynix); a union of countries (EU); a unit after a figure (1000 MW); an
    everyday kind of place written only after names (Запорізька АЕС)."""
    if acronym.term in union_letters():
        return True  # the EU, the UN: in every story of their members
    if unit_after_figure(acronym.term, text):
        return True  # 1000 MW: a unit
    if _kind_after_names(acronym.term, text):
        return True  # Запорізька АЕС, Хмельницька АЕС: a nuclear plant, the place's kind
    code = english_initials().get(acronym.term)
    if code is None or any(
            acronym.term in c.term.split() and len(c.term.split()) == 2
            for c in found.values() if c is not acronym):
        return False  # (US Steel; not US Memorial Day, the country's day: a name after it)
    return any(code in nationality_of(w) for w in set(WORD.findall(text)) if w != acronym.term) \
        or any(name in text for name in country_names(code, ("en",)))


KIND_ACRONYM_ZIPF = 3.5  # an acronym this common in its script's languages is a word too


def _kind_after_names(acronym: str, text: str) -> bool:
    """Whether an acronym is a kind of place or thing the seed writes mostly beside a name,
    after it (Запорізька АЕС, a nuclear plant; Каховська ГЕС) or before it in quotes (АЭС
    «Руппур»): an everyday word of its language, every plant's, and the name is the two
    words together."""
    languages = script_languages(acronym)
    if not languages or max_zipf(acronym.lower(), languages) < KIND_ACRONYM_ZIPF:
        return False  # (no word list for its script: Armenian)
    alone = re.findall(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text)
    # (the word right before it in its sentence: not one that ends the sentence before)
    after = [w for w in re.findall(rf"(\S*\w)\s+{re.escape(acronym)}(?![\w-])", text)
             if w[:1].isupper() and not w.isupper()]
    before = re.findall(rf"(?<![\w-]){re.escape(acronym)}\s+[«„“\"]\w", text)
    # (mostly: once alone it is the word, первой национальной АЭС, the first national one)
    return bool(alone) and 2 * (len(after) + len(before)) > len(alone)


PLACE_HEAD_ZIPF = 3.5  # a word after a place's adjective this common is its head noun


def _place_of(term: str, lang: str) -> str | None:
    """The town a Slavic name names by its adjective or in a changed case, alone or
    before acronyms and common nouns (Каховської ГЕС, Херсонської області: Каховка,
    Херсон), capitalised; None for any other name (Сила Сибири is no town's)."""
    first, *rest = term.split()
    if not all(w.isupper() or zipf(w.lower(), lang) >= PLACE_HEAD_ZIPF for w in rest):
        return None
    noun = place_noun(first, lang)
    return noun[:1].upper() + noun[1:] if noun else None


def _fold_place_nouns(found: dict[str, Candidate], text: str, lang: str) -> None:
    """A Slavic seed's names of one town by its adjective or in a changed case (Каховської
    ГЕС, Каховського водосховища, у Новій Каховці) are one candidate, which also has the
    town as the press abroad writes it (Каховка: Kakhovka), where the seed never writes
    it so; led by the form the seed writes most."""
    groups: dict[str, list[str]] = {}
    for key, cand in found.items():
        place = next((p for f in cand.forms() if name_script(f) == "cyrillic"
                      and (p := _place_of(f, lang))), None)
        if place:
            groups.setdefault(place, []).append(key)
    for place, keys in groups.items():
        if place.lower() in found and place.lower() not in keys:
            keys.append(place.lower())  # the seed writes the town too
        lead = _merge(found, keys, text)
        if place not in lead.forms():
            lead.aliases.append(place)
            lead.origins[place] = "GeoNames, the town its adjective or case names"


def _fold_acronyms(found: dict[str, Candidate], text: str, lang: str) -> None:
    """An acronym joins its expansion: "Heavy Industries Taxila (HIT)", or matching
    initials. One with neither stays a candidate of its own (ranked, rarely core)."""
    for key, cand in list(found.items()):
        if _portfolio_letters(cand.term) and _portfolio(cand.term, text, lang):
            del found[key]  # Bộ TN-MT, Bộ NN-PTNT: a ministry's portfolio
    acronyms = {k: c for k, c in found.items() if c.kind == "acronym" or _titled_acronym(c, text)}
    for key, acronym in acronyms.items():
        titled = acronym.kind != "acronym"
        letters = acronym.term.upper()
        if not titled and _names_nothing(acronym, found, text):
            del found[key]
            continue
        expansion = None
        for before in _before_brackets(acronym.term, text):
            if not titled and (_common_noun_acronym(before, acronym.term)
                               or _dictionary_acronym(before, lang)):
                del found[key]
                break
            for size in range(min(6, len(before)), 0, -1):
                guess = " ".join(before[-size:])
                if guess.lower() in found and found[guess.lower()] is not acronym \
                        and found[guess.lower()].kind != "acronym" \
                        and _may_stand_for(letters, guess) \
                        and not _party_after(found[guess.lower()], before[-size - 1 : -size],
                                             guess, letters):
                    expansion = found[guess.lower()]
                    _whole_expansion(found, guess.lower(), before, size, letters)
                    if titled and not _titled_expansion(letters, expansion):
                        expansion = None  # (Efe) after a reporter's name: no short form
                    break
            if expansion:
                break
        if key not in found or (titled and expansion is None):
            continue
        if expansion is None:
            expansion = next((c for c in found.values() if c.kind != "acronym"
                              and len(c.term.split()) > 1
                              and _initials(c.term) == acronym.term), None)
        if expansion is not None:
            expansion.aliases.append(acronym.term)
            del found[key]


BEFORE_BRACKETS = 300  # characters before "(ACR)" read for the name it stands for


def _before_brackets(term: str, text: str) -> Iterator[list[str]]:
    """The words before each "(term)" of a text, back to the bracket before it: where the
    name an acronym in parentheses stands for is. Found by the brackets and read back: a
    pattern read forward from every letter took most of a minute on a long seed."""
    end = 0
    for match in re.finditer(r"\(\s*" + re.escape(term) + r"\s*\)", text):
        start = max(text.rfind("(", 0, match.start()) + 1, end,
                    match.start() - BEFORE_BRACKETS)
        end = match.end()
        if words := text[start : match.start()].split():
            yield words


# letters of a short form the press writes as a word (Celac, Unasur)
_TITLED_ACRONYM = regex.compile(r"\p{Lu}\p{Ll}{2,7}")
MIN_TITLED_INITIALS = 3  # a shorter name's initials spell too many words (Dpa, Efe, Vox)


def _titled_expansion(letters: str, expansion: Candidate) -> bool:
    """Whether a name may be spelled by an acronym written as a word: not a person's (Eduardo
    Fernández (Efe), the agency), and with initials enough to spell it."""
    initials = _initials(expansion.term)
    return expansion.kind != "person" and (
        (len(initials) >= MIN_TITLED_INITIALS and _covers(letters, initials))
        or _syllabic(letters, expansion.term))


def _titled_acronym(cand: Candidate, text: str) -> bool:
    """Whether a word in parentheses may be an acronym written as a word ("Comunidad de
    Estados Latinoamericanos y Caribeños (Celac)"): it joins its expansion only if the
    expansion's initials spell it."""
    return cand.kind in ("name", "organisation") and bool(_TITLED_ACRONYM.fullmatch(cand.term)) \
        and cand.term.isascii() and f"({cand.term})" in text


def _fold_place_suffixes(found: dict[str, Candidate]) -> None:
    """A name the seed writes with and without its kind of place after it (菊陽町 and
    菊陽) is one candidate, led by the whole name."""
    for key, cand in list(found.items()):
        if key not in found or not cand.term.endswith(_PLACE_SUFFIXES):
            continue
        bare = cand.term[:-1].lower()
        if len(bare) >= 2 and bare in found and found[bare] is not cand:
            cand.absorb(found.pop(bare))


def _fold_latin_glosses(found: dict[str, Candidate], text: str) -> None:
    """A name in a script without capitals with its Latin name in parentheses after it
    («ای‌پی‌جی‌ال» (India Ports Global Limited)) is one name: the press abroad writes the
    Latin one; so is one with its short form (한국수력원자력(한수원))."""
    for key, cand in list(found.items()):
        if key not in found or not uncased(cand.term):
            continue
        for form in cand.forms():
            for match in re.finditer(re.escape(form) + r"[»\"”’]?\s*\(\s*([^()]{2,80}?)\s*\)",
                                     text):
                gloss = match.group(1).lower()
                latin = found.get(gloss)
                if latin is not None and latin is not cand and (
                        not uncased(latin.term) or _abbreviates(latin.term, form)):
                    cand.absorb(latin)
                    del found[gloss]


def _abbreviates(short: str, name: str) -> bool:
    """Whether a shorter word is made of a name's characters in their order, as Korean,
    Chinese and Japanese shorten a name (한수원 for 한국수력원자력)."""
    rest = iter(name.replace(" ", ""))
    return 1 < len(short) < len(name.replace(" ", "")) and all(ch in rest for ch in short)


def _party_after(cand: Candidate, title: list[str], guess: str, acronym: str) -> bool:
    """Whether an acronym after a person's name (a title just before it) is their party
    (Oberbürgermeister Sören Link (SPD), minister Vincent Karremans van Economische
    Zaken (VVD)): a person goes by their initials only when they are all of them (AMLO)."""
    person = cand.kind == "person" or bool(title and _is_title(title[-1]))
    every = "".join(w[0] for w in guess.split()).upper()  # Mohammed bin Salman (MBS)
    return person and acronym not in (_initials(guess), every)


def _may_stand_for(acronym: str, name: str) -> bool:
    """Whether an acronym in parentheses may stand for the name before it: in Latin
    letters it has the name's first letter (not Reiner Haseloff (CDU), his party; the
    T of KTF for Klima- und Transformationsfonds, whose first words the run left out;
    the I of IMIP for PT Indonesia Morowali Industrial Park, after the company's form);
    in other scripts, or translated, nothing tells."""
    if not (acronym.isascii() and name[:1].isascii()):
        return True
    return any(anyascii(word[:1]).upper() in acronym for word in name.split()[:2])


SYLLABLE = 5  # letters of each word a short form written as a word takes (Petro-bras)
MIN_SYLLABIC = 5  # letters of such a short form: a shorter one spells many names (Efe)


def _syllabic(short: str, name: str) -> bool:
    """Whether a short form written as a word is the first letters of each word of the
    name, a few of each (Comcipo: Comité Cívico Potosinista; Pemex: Petróleos Mexicanos),
    the words that join them left out."""
    words = [folded_tokens(w) for w in name.split() if w.lower() not in _CONNECTORS]

    def fits(rest: str, at: int) -> bool:
        if at == len(words):
            return not rest
        return any(rest.startswith(words[at][:n]) and fits(rest[n:], at + 1)
                   for n in range(1, min(SYLLABLE, len(words[at])) + 1))

    return len(words) >= 2 and len(short) >= MIN_SYLLABIC and fits(folded_tokens(short), 0)


def _whole_expansion(found: dict[str, Candidate], key: str, before: list[str], size: int,
                     acronym: str) -> None:
    """The expansion (found under key) with the words before it that the acronym's
    letters begin with: Tata Advanced Systems (TASL), whose Tata, a common word opening
    its sentence, the run left out; the part alone (Advanced Systems) names nothing."""
    expansion = found[key]
    if _covers(acronym, _initials(expansion.term)) or _syllabic(acronym, expansion.term):
        return
    for longer in range(size + 1, min(6, len(before)) + 1):
        whole = " ".join(before[-longer:])
        if (_covers(acronym, _initials(whole)) or _syllabic(acronym, whole)) \
                and whole.lower() not in found \
                and not whole[0].islower():
            part = expansion.term
            del found[key]
            expansion.rename(whole)
            expansion.aliases.remove(part)
            found[whole.lower()] = expansion
            return


def _covers(acronym: str, initials: str) -> bool:
    """Whether a name's initials spell its acronym, in order, but for a letter at most:
    TAS for TASL (Limited), CELC for CELAC (Latinoamericanos gives L and A); not C of
    Caribeños alone, the last word of Comunidad de Estados Latinoamericanos y Caribeños."""
    letters = iter(acronym)
    return bool(initials) and initials[0] == acronym[:1] \
        and all(letter in letters for letter in initials) \
        and len(initials) >= len(acronym) - 1


def _inside(short: str, long: str, lang: str) -> bool:
    """Whether a name's words are words of a longer one, in any case where names decline
    (Зайченко in Віталія Зайченка; Czech Síkela in Jozefa Síkely)."""
    if f" {short.lower()} " in f" {long.lower()} ":
        return True
    if name_script(short) in ("cyrillic", "greek") and lang not in _CASE_SUFFIXES:
        stems = [case_stem(w) for w in folded_tokens(short).split()]
        longer = [case_stem(w) for w in folded_tokens(long).split()]
        return any(longer[i : i + len(stems)] == stems
                   for i in range(len(longer) - len(stems) + 1))
    if lang not in _DECLINING_LATIN and lang not in _CASE_SUFFIXES:
        return False
    mine, theirs = _case_forms(short, lang), _case_forms(long, lang)
    return any(all(a & b for a, b in zip(mine, theirs[i : i + len(mine)], strict=True))
               for i in range(len(theirs) - len(mine) + 1))


def _fold_inner_names(found: dict[str, Candidate], text: str, lang: str, grammar: str) -> None:
    """A name inside a longer one is one candidate ("Bajwa" / "Qamar Javed Bajwa",
    "JF-17" / "JF-17 Thunder", "WhAP" / "WhAP 8×8"), in any of the case endings of the
    seed's grammar; rarity is read in the word list of lang."""
    folded = f" {folded_tokens(text)} "
    for key, long in list(found.items()):
        words = long.term.split()
        if len(words) > 1 and uncased(long.term) and mentions_of(long.term, folded) <= 1 \
                and all(w.lower() in found and found[w.lower()] is not long for w in words):
            # without capitals, names side by side run together (রোসাটম রূপপুর: Rosatom's
            # Rooppur plant, each said alone elsewhere): two names, not a third
            del found[key]
    def first(cand: Candidate) -> int:
        at = folded.find(f" {folded_tokens(cand.term)} ")
        return at if at >= 0 else len(folded)

    # longest first, and of names as long the one the seed writes first: the surname
    # alone is the person the lead introduced (Jair Bolsonaro, not his son Flávio, named
    # later)
    names = sorted(found.values(), key=lambda c: (-len(c.term.split()), first(c)))
    for short in sorted(found.values(), key=lambda c: len(c.term.split())):
        if short.term.lower() not in found:
            continue
        for long in names:
            if long is short or long.term.lower() not in found:
                continue
            if len(long.term.split()) <= len(short.term.split()):
                continue
            if short.kind == "acronym" or not _inside(short.term, long.term, grammar):
                continue
            if _last_word(short, long, found, folded, grammar) or not (
                    len(short.term.split()) == 1
                    and _rarity(short.term, lang, short.kind) < 5.0):
                keep, fold = (short, long) if _prefer_short(short, long, lang, grammar) \
                    or _said_alone(short, long, folded, lang) else (long, short)
                keep.absorb(fold)
                if keep is long and _rarity(short.term, lang, short.kind) < 5.0:
                    keep.guarded.append(short.term)  # Temer, Malinov: other people's too
                if keep is short and keep.kind == "name":
                    keep.kind = fold.kind
                del found[fold.term.lower()]
                if keep is short:
                    _fold_given_name(keep, fold, found, folded, grammar)
                break


def _fold_middle_dropped(found: dict[str, Candidate], text: str, grammar: str) -> None:
    """A name of two words that another of the seed's names begins and ends with is that
    name with its middle left out, as the press says it (Cristina Kirchner, Cristina
    Fernández de Kirchner; Luiz Lula, Luiz Inácio Lula): one candidate, under the longer."""
    folded = f" {folded_tokens(text)} "
    for key, short in list(found.items()):
        words = short.term.split()
        if key not in found or len(words) != 2 or short.kind not in ("person", "name") \
                or any(_org_word(w) for w in words):
            continue  # (not Banco Central: an organisation's words)
        for other in list(found.values()):
            if other is short or other.kind not in ("person", "name"):
                continue
            if any(len(f.split()) > 2 and f.split()[0] == words[0] and f.split()[-1] == words[-1]
                   and (len(f.split()) > 3 or f.split()[1] in _CONNECTORS)
                   for f in other.forms()):
                # (a double name, or one with a particle: not Jair Renan Bolsonaro, the
                # son of Jair Bolsonaro)
                other.absorb(short)
                del found[key]
                _fold_given_name(other, short, found, folded, grammar)  # and Cristina
                break


def _fold_given_name(surname: Candidate, whole: Candidate, found: dict[str, Candidate],
                     folded: str, grammar: str) -> None:
    """The given name a seed also writes alone (Камилу, of Камилу Валиеву) is the person's
    too, once the surname stands for the whole name: a form of it, never watched alone
    (many are called Камила). Not a name the seed says alone as often as the whole
    (고려아연 of 고려아연 최윤범, SOCAR of SOCAR Şahdəniz: a company before)."""
    words = whole.term.split()
    if len(words) != 2 or surname.kind not in ("person", "name"):
        return  # (a given name and a surname: not Бургас Димитър Николов, a town before)
    for key, cand in list(found.items()):
        if cand is not surname and " " not in cand.term and cand.term != words[-1] \
                and _inside(cand.term, words[0], grammar) \
                and _alone(cand.term, surname, found, [folded]) <= sum(
                    mentions_of(f, folded) for f in surname.forms() if " " in f
                    and f.split()[0] == cand.term):
            surname.absorb(cand)
            surname.guarded.append(cand.term)
            del found[key]


def _kind_last(cand: Candidate, found: dict[str, Candidate], folded_seeds: list[str],
               lang: str) -> bool:
    """Whether a two-word name ends with its kind, the seed's subject: an everyday word
    (bridge, port) the seed says alone, outside its names, at least TOPIC_REPEATS times,
    after a rarer word that is no nationality, date or title, nor the first word of
    another of its names; a name, not a company or a person (Arabic and Hebrew put the
    kind first, which the caller handles)."""
    words = cand.term.split()
    if cand.kind != "name" or len(words) != 2 \
            or name_script(words[0]) in ("arabic", "hebrew") or len(words[0]) < 3:
        return False
    name, kind = words
    said = uncased_zipf(kind, lang)
    # (not a company's trade after its group's name, Tata Power beside Tata Steel: the
    # group's first word is its other companies' too)
    shared = any(c is not cand and c.term.split()[0] == name and c.term != name
                 and not c.term.startswith(cand.term)  # (not its own case: যমুনা সেতুতে)
                 for c in found.values())
    return said >= HEAD_FIRST_ZIPF and uncased_zipf(name, lang) < said and not shared \
        and _alone(kind, cand, found, folded_seeds) >= TOPIC_REPEATS \
        and not nationality_of(name) and not _is_date(name) and not _title_word(name, lang)


def _first_word_is_mine(cand: Candidate, found: dict[str, Candidate],
                        folded_seeds: list[str]) -> bool:
    """Whether a name's first word, said alone, is this name's: no other name starts with
    it, or the others are said far less (Formosa is Formosa Hà Tĩnh, said four times, not
    Formosa Plastics, its parent, said once)."""
    first = cand.term.split()[0]
    others = [c for c in found.values() if c is not cand and c.term.split()[0] == first]

    def said(c: Candidate) -> int:
        return sum(mentions_of(c.term, s) for s in folded_seeds)

    return not others or said(cand) >= SAID_ALONE * max(said(c) for c in others) + 1


STORY_STEM = 5  # letters a word's stem keeps to stand for it as a word of the story
SAID_ALONE = 2  # times more often a name of words is said alone than inside a longer one
SAID_ALONE_RARITY = 3.0  # and no everyday words (Mahkamah Tinggi, the High Court)


def _said_alone(short: Candidate, long: Candidate, folded: str, lang: str) -> bool:
    """Whether a name of two or more words, not all of them everyday words, is said alone
    far more often than inside the longer name around it (Kaliwa Dam, seven times; Stop
    Kaliwa Dam Network, once): the story's name, which the longer one is a name about."""
    inside = mentions_of(long.term, folded)
    return " " in short.term and \
        mentions_of(short.term, folded) - inside >= SAID_ALONE * max(1, inside) \
        and _rarity(short.term, lang, short.kind) >= SAID_ALONE_RARITY


def _last_word(
    short: Candidate, long: Candidate, found: dict[str, Candidate], folded: str, grammar: str
) -> bool:
    """Whether a one-word name ends a person's name, or a name of two or three words the
    seed writes in full before it writes the word alone: the surname after the full name
    (Sebastian Burduja, then Burduja), the town after its plant (АЕЦ Козлодуй, Козлодуй),
    though the word is known. A word said alone first is a name of its own (Tesla, then
    Initiative Tesla), and so is one after another of the seed's names (IMIP Morowali)."""
    words = long.term.split()
    if " " in short.term or not _inside(short.term, words[-1], grammar):
        return False
    if long.kind == "person":
        return True
    if long.kind != "name" or len(words) > 3 or is_place_or_date(short.term):
        return False
    if any(w.lower() in found or _acronym_alone(w, after, found, folded)
           for w, after in zip(words, words[1:], strict=False)):
        return False
    first = folded.find(f" {folded_tokens(long.term)} ")
    return 0 <= first < folded.find(f" {folded_tokens(short.term)} ")


def _acronym_alone(word: str, after: str, found: dict[str, Candidate], folded: str) -> bool:
    """Whether the seed writes an acronym without the word that follows it in a name: an
    organisation of its own (IMIP, in IMIP Morowali), unless it starts two of the seed's
    names (АЕЦ, nuclear plant: АЕЦ Козлодуй, АЕЦ Белене)."""
    if not word.isupper() or sum(c.term.startswith(word + " ") for c in found.values()) > 1:
        return False
    word, after = folded_tokens(word), folded_tokens(after)
    return folded.count(f" {word} ") > folded.count(f" {word} {after} ")


def _fold_script_pairs(found: dict[str, Candidate], text: str) -> None:
    """A name the seed also gives in Latin script in parentheses ("塔塔（Tata）",
    "لوديي (Loudiyi)") is one candidate, led by the Latin form."""
    for key, cand in list(found.items()):
        if not uncased(cand.term) or key not in found:
            continue
        # an acronym in Latin letters that the word before it does not begin with stands
        # for the whole run of kanji and kana (日本産業パートナーズ（JIP）, not パートナーズ,
        # partners; but ウェスチングハウス（WH）)
        pattern = f"({RUN_BEFORE}*)" + re.escape(cand.term) + r"\s*" + _LATIN_IN_PARENS.pattern
        match = re.search(pattern, text)
        if not match:
            continue
        latin = match.group(2).strip()
        other = found.get(latin.lower())
        if other is None:
            other = Candidate(latin, _kind(latin), sentence=cand.sentence)
            found[latin.lower()] = other
        spelled = romanise(folded_tokens(cand.term).replace(" ", ""))
        # (but a one-kanji country before it is no part of it: 独フォルクスワーゲン（VW）)
        before = "" if match.group(1) in COUNTRY_KANJI else match.group(1)
        whole = before and latin.isupper() and spelled[:1] != latin[:1].lower()
        other.absorb(Candidate(before + cand.term, cand.kind) if whole else cand)
        del found[key]


# The prepositions and conjunctions Arabic and Hebrew attach to a name (بمحطة, לאינטל):
# the name operator reads a name through them, so a rule names the word without one.
_ATTACHED_PREFIXES = {
    "ar": tuple(p for p in ARABIC_PREFIXES if not p.endswith(ARABIC_ARTICLE)),
    "he": HEBREW_PREFIXES,
}


def _unprefixed(term: str, lang: str) -> list[str]:
    """A name without the preposition or conjunction attached to its first word, each way
    it may be read, longest prefix first (لمحطة الضبعة -> محطة الضبعة; وبوتين -> وتين,
    بوتين; للطاقة -> الطاقة; בקריית גת -> קריית גת); none for a word without one."""
    first, _, rest = term.partition(" ")
    out = []
    for prefix in _ATTACHED_PREFIXES.get(lang, ()):
        if first.startswith(prefix) and len(first) - len(prefix) >= 3:
            bare = first[len(prefix):]
            if prefix.endswith("لل"):
                bare = ARABIC_ARTICLE + bare  # ل with the article: للطاقة, for the energy
            out.append(f"{bare} {rest}".strip())
    return out


RUN_REPEATS = 2  # a run said this often (headline and body) may still be a name's and a verb


def _fold_runs(found: dict[str, Candidate], text: str, lang: str) -> None:
    """A run of rare words said once, one of whose words the seed says alone again and
    again (אינטל הקפיאה, Intel froze; האמריקנית אנבידיה הודיעה, the American Nvidia
    announced; רכשה אנבידיה, Nvidia bought), is that word: without capitals, a name's
    rare neighbours (verbs, adjectives) are no part of it."""
    if lang not in _ATTACHED_PREFIXES:
        return
    folded = f" {folded_tokens(text)} "
    lead = f" {folded_tokens(' '.join(lead_sentences(text)))} "
    # twice: a run folded into its name makes that name one of its own for the others
    for key, cand in [*found.items(), *found.items()]:
        if found.get(key) is not cand:
            continue  # folded already
        words = cand.term.split()
        said = mentions_of(cand.term, folded)
        if len(words) < 2 or not uncased(cand.term) or said > RUN_REPEATS:
            continue
        # a word of it that is a name of its own, else its first word in the lead (not
        # the common word of a two-word name, בקריית of בקריית גת)
        named = [w for w in words if w.lower() in found and w.lower() != key]
        if not named and not mentions_of(cand.term, lead):
            continue
        first = max(named, key=lambda w: mentions_of(w, folded)) if named else words[0]
        alone = mentions_of(first, folded) - said
        if alone < PHRASE_REPEATS or max(zipf(w, lang) for w in (
                first, *_unprefixed(first, lang))) >= NEIGHBOUR_ZIPF:
            continue
        del found[key]
        if first.lower() in found:  # already a name of its own: the words around go
            continue
        run = cand.term
        cand.rename(first)
        cand.aliases.remove(run)  # the verb beside the name is no form of it
        found[first.lower()] = cand


def _fold_prefixed(found: dict[str, Candidate], text: str, lang: str) -> None:
    """A name written with a preposition attached (لروساتوم, בקריית גת) is the name
    itself: one candidate with the name the seed writes without it, when the seed does, or
    when another candidate already is that name."""
    if lang not in _ATTACHED_PREFIXES:
        return
    for key, cand in list(found.items()):
        readings = _unprefixed(cand.term, lang)
        if not readings or key not in found:
            continue
        others = [c for c in found.values() if c is not cand]
        other = next((c for bare in readings for c in others if bare in (
            *c.forms(), *(u for f in c.forms() for u in _unprefixed(f, lang)))), None)
        if other is not None:
            other.absorb(cand)
            del found[key]
            continue
        # the seed writes it bare too, and bare it is no everyday word (מענק, a grant, is
        # no ענק, a giant)
        bare = next((bare for bare in readings if bare.lower() not in found
                     and re.search(rf"(?<!\S){re.escape(bare)}(?![^\s.,:;!?؟،»\"”)])", text)
                     and (" " in bare or uncased_zipf(bare, lang) < UNCASED_ZIPF)), None)
        if bare is not None:
            del found[key]
            cand.rename(bare)
            found[bare.lower()] = cand


def _prefer_short(short: Candidate, long: Candidate, lang: str, grammar: str) -> bool:
    """Watch the short form (a surname, a model) when it alone is distinctive."""
    if short.kind == "equipment" or _DESIGNATION.match(short.term):
        return True
    if long.kind in ("person", "name") and grammar in _DECLINING_LATIN and \
            " " not in short.term and short.term not in long.term.split():
        return True  # Síkela beside Jozefa Síkely: the name alone, as the press abroad has it
    last = long.term.split()[-1]
    if grammar in _CASE_SUFFIXES and " " not in short.term and short.term != last and \
            _inside(short.term, last, grammar):
        return False  # the surname with a case suffix (Briškena; Axmedxadjayevning)
    return _rarity(short.term, lang, short.kind) >= 6.0 and long.kind in ("person", "name")


def _first_sentence(
    cand: Candidate, sentences: list[str], folded_sentences: list[str]
) -> str | None:
    """The first sentence with the candidate's own term (else any of its forms)."""
    for forms in ([cand.term], cand.forms()):
        patterns = [form_pattern(f) for f in forms]
        for sentence, folded in zip(sentences, folded_sentences, strict=True):
            if any(p in folded for p in patterns):
                return sentence
    return None


def _rank(cands: list[Candidate], folded_sentences: list[str], lang: str) -> None:
    """Centrality: rarity, repetition, the headline and lead, co-occurrence with the other
    names in the same sentences, and the number of seeds that name it."""
    where: dict[int, set[int]] = {}
    for index, cand in enumerate(cands):
        patterns = [form_pattern(f) for f in cand.forms()]
        where[index] = {i for i, s in enumerate(folded_sentences) if any(p in s for p in patterns)}
    most = max(c.mentions for c in cands)
    for index, cand in enumerate(cands):
        if _famous(cand) and _subject(cand, most):
            cand.subject = True  # Bolsonaro in his trial's story: core, beside the story
            cand.ambiguous = True  # (he is in all the news)
        words = cand.term.split()
        family = words[0] if lang in _FAMILY_FIRST else words[-1]
        if cand.kind in ("person", "name") and 2 <= len(words) <= 3 \
                and len(words[0]) > FAMILY_FIRST_LETTERS \
                and _subject(cand, most) and family not in cand.forms() \
                and (cand.kind == "person" or (
                    name_script(family) == "other" and not is_place_or_date(family)
                    and max(zipf(family.lower(), "en"), zipf(family.lower(), lang))
                    < SUBJECT_FAMILY_ZIPF
                    and _word_alone(family, cand.term, folded_sentences, cands))):
            # the press calls the person a story is about by the family name (Sarkozy),
            # however common, so that alone is a form too, beside the story's context (a
            # Latin name not known for a person's, where the seed says the word alone too
            # and it is no place or everyday word: not Сила Сибири's Сибири, Siberia's, nor
            # Uranium One's One, nor Northvolt Ett's ett, one in Swedish)
            cand.aliases.append(family)
            cand.guarded.append(family)
        partners = [other for j, other in enumerate(cands)
                    if j != index and where[index] & where[j] and other.rarity >= 4.0]
        cand.partners = [p.term for p in partners]
        cand.beside = [p.term for p in partners
                       if _always_beside(cand, p, [folded_sentences[i] for i in where[index]])]
        cand.partner_kinds = [p.kind for p in partners]
        cooc = sum(math.log(1 + p.mentions) for p in partners)
        presented = 1.2 if cand.kind in ("organisation", "person") else 1.0
        cand.score = round(
            cand.rarity * (1 + 0.6 * math.log(cand.mentions)) * presented
            * (1 + 0.5 * cand.lead) * (1 + 0.1 * min(cooc, 10.0))
            * _in_seeds(cand.seeds),
            2,
        )
        cand.why = (f"rarity {cand.rarity:.1f}/8 in {lang}, {cand.mentions} mention"
                    f"{'s' if cand.mentions != 1 else ''}"
                    + (", in the headline or lead" if cand.lead else "")
                    + (f", in {cand.seeds} seeds" if cand.seeds > 1 else "")
                    + (f", beside {len(partners)} other name{'s' if len(partners) != 1 else ''}"
                       if partners else "")
                    + (f"; {_why_context(cand)}: needs context" if cand.ambiguous else ""))
    # the chief of another of the story's names (not an air marshal: mariscal del Aire)
    names = {f.lower() for c in cands for f in c.forms()}
    for cand in cands:
        cand.chief = bool(cand.chief_of) and cand.chief_of.lower() in names
    best = max(c.score for c in cands)
    ranked = sorted(cands, key=lambda c: -c.score)
    core = [c for c in ranked if c.score >= CORE_SHARE * best
            and (c.subject or not _famous(c))][:MAX_CORE]
    if not core:
        core = ranked[:1]
    for cand in core:
        cand.core = True


def _common_inner_word(cand: Candidate, cands: list[Candidate], folded_sentences: list[str],
                       lang: str) -> bool:
    """A fairly common word without capitals that the seed says alone at most once, and
    otherwise as a word of another of its names (موانئ, ports, of موانئ دبي العالمية, DP
    World, and once in موانئ أفريقية): that name's word, no name of its own."""
    if " " in cand.term or not uncased(cand.term) or any(
            not uncased(a) for a in cand.aliases) or zipf(cand.term, lang) < UNCASED_ZIPF:
        return False
    longer = [c.term for c in cands if c is not cand and " " in c.term
              and any(f in c.term.split() for f in cand.forms())]
    return bool(longer) and not _word_alone(cand.term, longer[0], folded_sentences, cands,
                                           at_least=2)


BESIDE_WORDS = 2  # words between two names that the seed writes as one place or party
# the words that list two names as two (and, or): Al-Khalid y el Al-Dhargham
_LIST_WORDS = _AND_WORDS | {"or", "o", "ou", "oder", "или", "和", "与", "及"}


def _always_beside(cand: Candidate, other: Candidate, sentences: list[str]) -> bool:
    """Whether every sentence naming the candidate names the other within a couple of
    words of it (Ишварди округа Пабна; Генеральный директор «Росатома» Алексей Лихачёв)."""
    mine = [form_pattern(f) for f in cand.forms() if f.strip()]
    theirs = [form_pattern(f) for f in other.forms() if f.strip()]

    def spans(patterns: list[str], text: str) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for p in patterns
                for m in re.finditer(re.escape(p.strip()), text)]

    def near(a: tuple[int, int], b: tuple[int, int], text: str) -> bool:
        gap = text[min(a[1], b[1]):max(a[0], b[0])] if a[1] <= b[0] or b[1] <= a[0] else ""
        # (two things listed, el Al-Khalid y el Al-Dhargham, are two: each may be news
        # without the other)
        return len(gap.split()) <= BESIDE_WORDS and not (
            _LIST_WORDS.intersection(gap.split())
            or text[max(a[0], b[0]) - 1:max(a[0], b[0])] == "و")  # (and, attached)

    def together(text: str) -> bool:
        others = spans(theirs, text)
        return any(near(a, b, text) for a in spans(mine, text) for b in others)

    return bool(sentences) and all(map(together, sentences))


def _word_alone(word: str, term: str, folded_sentences: list[str],
                cands: list[Candidate], at_least: int = 1) -> bool:
    """Whether the seed says a name's word without the rest of the name somewhere, nor
    as a word of another name (Bay of Weda Bay, said in Sonic Bay: no short form)."""
    folded = folded_tokens(word)
    names = {folded_tokens(f) for c in cands for f in c.forms()} | {folded_tokens(term)}
    inside = sorted((n for n in names if n != folded and folded in n.split()), key=len,
                    reverse=True)  # (the longest first: Indonesia Weda Bay … before Weda Bay)
    left = 0
    for sentence in folded_sentences:
        for name in inside:
            sentence = sentence.replace(form_pattern(name), " \0 ")
        left += mentions_of(word, sentence)
    return left >= at_least


def _office_named_once(cand: Candidate) -> bool:
    """A holder of a public office (a head of state, a minister) the seed names once, past
    its lead: in many stories, a name of this one only beside its other names."""
    return cand.office and cand.mentions < 2 and not cand.lead


def _why_context(cand: Candidate) -> str:
    if _office_named_once(cand):
        return ("a head of state or government" if cand.head
                else "a public office holder") + ", named once"
    if cand.subject:
        return "a public figure, in other news too"
    return "also a common word, brand or place elsewhere"


def _famous(cand: Candidate) -> bool:
    """A person everyone writes about (a head of state: Modi, Erdogan) is in every story,
    and so is one the seed names once by a public office outside its lead: bystanders."""
    words = cand.term.lower().split()
    return cand.kind == "person" and (
        max_zipf(words[-1]) >= FAMOUS_ZIPF or _bystander(cand)
        # a head of state or government is in all his country's news (President Ruto)
        or cand.head
        # an organisation's chief named once past the lead is in all its news
        or (cand.chief and cand.mentions < 2 and not cand.lead)
        # the word lists know the whole name (Elon Musk, Olaf Scholz): in the news often
        or (len(words) >= 2 and max_zipf(" ".join(words)) >= FAMOUS_NAME_ZIPF))


def _subject(cand: Candidate, most: int) -> bool:
    """A person the story is about: in its headline or lead and said about as often as
    its most said name (Imran Khan in his trial's story; not Putin at a ceremony)."""
    return cand.lead and cand.mentions >= max(SUBJECT_MENTIONS, SUBJECT_SHARE * most)


def _bystander(cand: Candidate) -> bool:
    """Named once, outside the lead, by a public office, in a sentence that names no
    country and none of the story's other names but people (the coup's general in a
    mining story; not the general whose visit to the other country is the story)."""
    if not cand.office or cand.mentions >= 2 or cand.lead:
        return False
    if any(kind != "person" for kind in cand.partner_kinds):
        return False
    return not any(country_of(w) or country_of(bare(w)) for w in WORD.findall(cand.sentence))


_PLACE_CUE = re.compile(" (?:" + "|".join(re.escape(folded_tokens(w)) for w in _PLACE_WORDS)
                        + ")(?= )")
_PLACE_OF = ("of ", "de ", "di ", "du ", "d ", "del ")
_CUE_REACH = 120  # the characters read on each side of a place word for a name


def _place_cues(folded: str) -> tuple[list[str], list[str]]:
    """What follows each place word of a folded seed (with its "of" or without: "city
    of Gwadar", "ville de Tanger") and what precedes it ("Gwadar city"): read once, for
    every name's _called_place, where a pattern per name read the whole seed each time."""
    after: list[str] = []
    before: list[str] = []
    for match in _PLACE_CUE.finditer(folded):
        rest = folded[match.end() + 1:match.end() + 1 + _CUE_REACH]
        after.append(rest)
        after.extend(rest[len(of):] for of in _PLACE_OF if rest.startswith(of))
        before.append(folded[max(0, match.start() - _CUE_REACH):match.start()])
    return after, before


def _called_place(cand: Candidate, text: str, cues: tuple[list[str], list[str]]) -> bool:
    """Whether the seed calls the name a city or town, right before or after it."""
    for form in cand.forms():
        if _UNSPACED.search(form):
            for mark in _PLACE_MARKS:
                if mark + form in text or re.search(re.escape(form + mark) + "(?!场|場)", text):
                    return True
            continue
        name = folded_tokens(form)
        if any(rest.startswith(name + " ") for rest in cues[0]) \
                or any(ahead.endswith(" " + name) for ahead in cues[1]):
            return True
    return False


# a capital inside a word (TotalEnergies, VinFast, ExxonMobil): a company's brand, in
# all its news, never a project or place that is the story by itself (Simandou)
_INNER_CAPITAL = regex.compile(r"\p{Ll}\p{Lu}")


def _guard(cands: list[Candidate], texts: list[str], lang: str) -> None:
    """Which forms of each name need the story's context beside them in a rule."""
    # an ambiguous name (현대, also modern) is never the story by itself
    top = max(cands, key=lambda c: (not c.ambiguous, c.score))
    text = "\n".join(texts)
    cues = _place_cues(f" {folded_tokens(text)} ")
    headline = " ".join(f" {folded_tokens(seed_headline(t))} " for t in texts)
    for cand in cands:
        if cand.route:
            # a route the seed repeats is its story; one said once, a link in it
            cand.guarded = [] if cand.mentions >= ROUTE_MENTIONS else cand.forms()
            _say_why_guarded(cand, "a route said once")
            continue
        if cand.kind == "name" and _called_place(cand, text, cues) \
                and not _seldom_town(cand.term, lang):
            # a city or town: in a rule only beside the story's own names and words (its
            # country would not tell this story from the place's others); not a town its
            # press names seldom (درنة), whose news abroad is mostly its story's
            cand.guarded += [f for f in cand.forms() if not _DESIGNATION.match(f)]
            cand.guarded = list(dict.fromkeys(cand.guarded))
            cand.tight = True
            _say_why_guarded(cand, "a town, with news of its own")
            continue
        # the story's most central name, a project or place the headline names and the
        # seed repeats (Simandou), is the story itself
        headline_name = cand is top and cand.kind in ("name", "equipment") \
            and cand.mentions >= 3 \
            and not _INNER_CAPITAL.search(cand.term) \
            and not any(city_named(f) for f in cand.forms()) \
            and any(form_pattern(f) in headline for f in cand.forms()) \
            and (cand.rarity >= HEADLINE_NAME_RARITY
                               or any(_quoted(f, text) for f in cand.forms()))
        if headline_name and cand.kind == "equipment":
            # the designation the story is about (KF-21 in its own programme's news),
            # not a type the story mentions (F-16): the story itself
            cand.guarded = [f for f in cand.guarded if f not in cand.forms()]
        if cand.kind != "equipment" and not cand.ambiguous and not headline_name:
            # a one-word name (Orano, Cherat, إيني) is also in other stories: the story is
            # that name beside its other names, countries or words; so is any name in a
            # script without capitals, where word lists do not know a transliterated
            # brand however often the press names it
            cand.guarded += [f for f in cand.forms() if (len(f.split()) == 1 or uncased(f))
                             and not _DESIGNATION.match(f)]
        if cand.kind not in ("person", "equipment") and not cand.ambiguous and \
                not headline_name and cand.rarity < COMMON_NAME_RARITY:
            # a name of fairly common words (Ras Laffan, Pakistan Aeronautical Complex)
            # is found in other stories too
            cand.guarded += [f for f in cand.forms() if not _DESIGNATION.match(f)]
        cand.guarded = list(dict.fromkeys(cand.guarded))
        _say_why_guarded(cand, (
            "a model, in its maker's other news too" if cand.kind == "equipment"
            else "letters other things share too" if all(
                f.isupper() or _short_code(f) for f in cand.guarded)
            else "fairly common words" if cand.rarity < COMMON_NAME_RARITY
            else "a name in other stories too"))
        # said once in passing: only the story's own names and words place it (a country
        # would not: Cherat Cement is Pakistani too)
        cand.tight = cand.mentions < 2 and not cand.lead and cand.kind in ("name", "organisation")
        # a common word at home that the headline names: alone where another script
        # writes it, if it is a name famous at home (see _famous_at_home)
        cand.at_home = [f for f in cand.forms() if cand.ambiguous
                        and form_pattern(f) in headline and _famous_at_home(f, cand, lang)]
        if cand.at_home:
            cand.why += (f"; {', '.join(cand.at_home)} famous at home: alone where another "
                         "script writes it")


def _say_why_guarded(cand: Candidate, reason: str) -> None:
    """Say in the name's reasons why its rule wants the story beside it (the reasons
    already say it for an ambiguous name)."""
    if cand.guarded and not cand.ambiguous and "needs context" not in cand.why:
        alone = [f for f in cand.guarded if f in cand.forms()]
        if len(alone) < len(cand.forms()):
            reason = f"{', '.join(alone)} alone: {reason}"  # (Hisarcıklıoğlu, a surname)
        cand.why += f"; {reason}: needs context"


# Turkish softens a word's last consonant before an ending that starts with a vowel
# (trafik -> trafiğe, kitap -> kitabı, ağaç -> ağacı)
_SOFTENED = regex.compile(r"(\w{2,}?)([ğbcd])([aeıioöuü]\w{0,3})$")
_HARD = {"ğ": "k", "b": "p", "c": "ç", "d": "t"}


def _hardened(word: str, lang: str) -> list[str]:
    """A Turkish word's dictionary form under such an ending (trafiğe, "to the traffic":
    trafik), which says how common the word is; none in other languages."""
    match = _SOFTENED.match(word) if lang == "tr" else None
    return [match.group(1) + _HARD[match.group(2)]] if match else []


def _story(cands: list[Candidate], texts: list[str], sentences: list[str],
           lang: str) -> Story:
    """The seeds' main countries (from CLDR, in any language or as demonyms) and their own
    frequent distinctive words."""
    country_counts: Counter[str] = Counter()
    word_counts: Counter[str] = Counter()
    topic_counts: Counter[str] = Counter()
    in_lead: set[str] = set()
    leads = {s for t in texts for s in lead_sentences(t)}
    names = {folded_tokens(w) for c in cands for f in c.forms() for w in f.split()}
    # the first two words of each person's name: a country there is a given name (Jordan
    # Bardella), no mention of the country
    people = {" ".join(folded_tokens(f).split()[:2]) for c in cands if c.kind == "person"
              for f in c.forms() if len(f.split()) >= 2}
    # and the words of a region's name (Cabo Delgado: cabo and delgado are no words of
    # the story, each also a cape and a surname)
    for sentence in sentences:
        spaced = WORD.findall(sentence)
        for size in (3, 2):
            for at in range(len(spaced) - size + 1):
                stretch = spaced[at : at + size]
                if _capitalised(stretch[0]) and _capitalised(stretch[-1]) \
                        and is_region(" ".join(stretch)):
                    names.update(folded_tokens(w) for w in stretch)
    city_counts: Counter[str] = Counter()
    city_forms: dict[str, list[str]] = {}

    capitalised = {folded_tokens(w) for t in texts for w in regex.findall(r"[\p{L}\p{M}]+", t)
                   if _capitalised(w)}

    adjectives: list[tuple[set[str], bool]] = []

    def count_country(codes: set[str], lead: bool) -> None:
        country_counts[next(iter(codes))] += 1
        if lead:
            in_lead.update(codes)

    for sentence in sentences:
        words = tokenize(sentence, lang) if _UNSPACED.search(sentence) else \
            WORD.findall(sentence)
        if lang == "zh":  # the dictionary's words, which the tokeniser cuts into characters
            words = [w for w in words if not KANJI.search(w)] + chinese_words(sentence)
        for span in (*zip(words, words[1:], strict=False), *((w,) for w in words)):
            city = major_city(" ".join(span)) if _capitalised(span[0]) or \
                uncased(span[0]) else None
            if city and not country_of(" ".join(span)):
                city_counts[city] += 1
                city_forms.setdefault(city, []).append(" ".join(span))
        # a country of several words, capitalised (Việt Nam, Đài Loan, South Korea)
        spanned: set[int] = set()
        for size in (3, 2):
            for at in range(len(words) - size + 1):
                several = words[at : at + size]
                if spanned & set(range(at, at + size)) or not all(map(_capitalised, several)):
                    continue
                codes = country_of(" ".join(several))
                if len(codes) == 1:
                    count_country(codes, sentence in leads)
                    spanned |= set(range(at, at + size))
        for at, word in enumerate(words):
            if at in spanned:
                continue
            word = re.sub(r"^\w{1,2}['’]", "", word)  # elided articles: d'uranium, l'Aïr
            if at + 1 < len(words) and \
                    f"{folded_tokens(word)} {folded_tokens(words[at + 1])}" in people:
                continue
            codes = country_of(word, lang) or country_of(bare(word), lang) \
                or _declined_country(word, lang)
            if codes and not _capitalised(word) and not uncased(word) \
                    and folded_tokens(word) in known_countries() \
                    and (len(word) <= SHORT_COUNTRY or folded_tokens(word) not in capitalised):
                # a short country name is capitalised; lower case it is a word of the
                # language (Vietnamese pháp, measure, is Pháp, France, when folded), where a
                # longer one is an adjective of the country (una empresa china) if the
                # seeds also write the country (China), else a word (reunião, a meeting,
                # is Reunião, Réunion)
                codes = set()
            folded = folded_tokens(word)
            if len(codes) == 1 and uncased(word) \
                    and max(max_zipf(word), max_zipf(bare(word))) >= COMMON_ZIPF \
                    and not {folded, bare(folded)} & known_countries().keys():
                # a common adjective in a script without capitals (المالية, financial, is
                # Malian too, والمالية with "and"): the country's only if the seeds name
                # the country itself
                adjectives.append((codes, sentence in leads))
                continue
            if len(codes) == 1:
                count_country(codes, sentence in leads)
                continue
            if lang == "de" and word[:1].islower():
                continue  # German writes its nouns with a capital: stimmten, liefen (voted,
                # ran) are in every story, Bürgerbefragung (a residents' poll) in this one
            if is_verb(word, lang):
                continue  # a conjugated verb (acordaron, усвојила: agreed, adopted) is in
                # every story
            lower = _without_ending(word.lower(), lang)  # 의결권을 is 의결권 (voting
            # rights) with 을
            if folded_tokens(lower) in names or folded_tokens(bare(lower, lang)) in names \
                    or any(ch.isdigit() for ch in lower):
                # (a name with "and" written against it is the name: وبوتين, and Putin)
                continue
            # as common as its stem in a language of case suffixes (eseményen, "at the
            # event", is esemény)
            frequency = max([zipf(lower, lang), *(zipf(b, lang) for b in _hardened(lower, lang)),
                             *(zipf(b, lang) for b in _suffix_stems(lower, lang)
                               if len(b) >= STORY_STEM)])
            dictionary = _DICTIONARIES.get(lang)
            if dictionary and dictionary[0](lower):
                # Japanese kanji and Korean words are short (協業, 의결권) and their
                # compounds no words of the word list: the language's dictionary knows them
                if frequency < STORY_TERM_ZIPF and dictionary[1](lower) \
                        and not is_place_or_date(word):
                    word_counts[lower] += 1
                continue
            if len(lower) < 4 or not KNOWN_ZIPF <= frequency < STORY_TERM_ZIPF + TOPIC_ZIPF_MARGIN \
                    or is_place_or_date(word) or is_date_form(lower, lang):
                continue
            if frequency < STORY_TERM_ZIPF:
                word_counts[lower] += 1
            else:
                topic_counts[lower] += 1
    for codes, in_a_lead in adjectives:
        if codes <= set(country_counts):
            count_country(codes, in_a_lead)
    top = country_counts.most_common(1)[0][1] if country_counts else 0
    countries = [c for c, n in country_counts.most_common(3) if n >= max(2, 0.5 * top)]
    # The seeds' own words: repeated, and rarer than everyday words (tanques, blindados).
    stems = _by_stem(word_counts)
    # a stem is as common as its forms together (podpisał, podpisała, podpisały: signed)
    said = {stem: math.log10(sum(10 ** zipf(f, lang) for f in forms))
            for stem, forms in stems.items()}
    scored = sorted(((n * (STORY_TERM_ZIPF + 0.5 - said[w]), w)
                     for w, forms in stems.items()
                     if (n := sum(word_counts[f] for f in forms)) >= 2
                     and said[w] < STORY_TERM_ZIPF), reverse=True)
    # and the words it says most, a little more common (ایئرپورٹ, airport, ten times)
    topic = [w for w, n in topic_counts.most_common(TOPIC_WORDS) if n >= TOPIC_REPEATS]
    terms = [w for _, w in scored[:8]] + topic
    if lang == "he":
        terms = [form for t in terms for form in _with_and_without_article(t)]
    if lang in SYLLABLE_LANGUAGES:
        terms += _compound_words(sentences, names, lang)
    regions = _main_regions(texts, lang, countries)
    # a state named like a country (조지아주, the US state, 조지아 also being Georgia the
    # country): the seeds' country is the state's, not the namesake
    namesakes = {c for r in regions for n in region_names(r, (lang,))
                 for c in country_of(n) if c != r.split("-")[0]}
    countries = [c for c in countries if c not in namesakes]
    if not countries and not regions and (domestic := language_country(lang)):
        # a story its country's press tells at home names no country (고려아연 and 영풍):
        # the country is its language's (Korea), as the press abroad names it
        countries = [domestic]
    numbers = _story_numbers(texts, [seed[0] for seed in map(split_sentences, texts) if seed])
    # two countries the headline or lead names together: their relation is the story
    # (Morocco and Pakistan), not where a story of names happens (Egypt, Russia), nor
    # two countries the news names together every day (China and Japan)
    pair = len(countries) >= 2 and set(countries[:2]) <= in_lead \
        and not everyday_pair(*countries[:2])
    # a capital the seed names more than once (Пекин: the talks' venue and China's
    # government; Rabat, Islamabad) places the story's names, in any script; another big
    # city has a life of its own (Ahmedabad's air crash is no story of its chip plant)
    cities = [c for c, n in city_counts.most_common() if n >= 2 and is_capital(c)]
    places: dict[str, str] = {}  # one form for each spelling folded and without its case
    home: set[str] = set()  # the forms of the seed's own country's capital
    countries_of: dict[str, str] = {}  # each form's country
    for city in cities:
        own = lang in official_languages(country_code(city))
        for form in (*city_forms[city], *city_names(city, CONTEXT_LOCALES)):
            kept = places.setdefault(case_stem(folded_tokens(form)), form)
            countries_of.setdefault(kept, country_code(city))
            if own:
                home.add(kept)

    story_countries = {*countries, *speaking_countries(lang)}
    for cand in cands:
        _city_aliases(cand, story_countries)
    for cand in cands:
        if cand.core and _elsewhere(cand, countries, lang):
            cand.core = False
            cand.why += "; named once, as another country's than the story's: context at most"
    core = [c for c in cands if c.core]
    return Story(lang, countries, terms, core, regions, numbers, pair,
                 list(places.values()), sorted(home), countries_of,
                 abroad=story_abroad(core, lang))


COMPOUND_ZIPF = 4.8  # a two-syllable word is no more common than this (by its syllables)
COMPOUND_REPEATS = 2
COMPOUND_WORDS = 8


def _compound_words(sentences: list[str], names: set[str], lang: str) -> list[str]:
    """The two-syllable words of the story that the seed repeats, lower case and in no
    name (nước thải, wastewater; cá chết, dead fish, is said every day)."""
    counts: Counter[str] = Counter()
    for sentence in sentences:
        words = WORD.findall(sentence)
        for first, second in itertools.pairwise(words):
            if not (first.islower() and second.islower()) or first.isdigit() or \
                    second.isdigit() or {folded_tokens(first), folded_tokens(second)} & names:
                continue
            counts[f"{first} {second}"] += 1
    pairs = [pair for pair, n in counts.most_common()
             if n >= COMPOUND_REPEATS and KNOWN_ZIPF <= zipf(pair, lang) < COMPOUND_ZIPF]
    # not the last syllable of one word and the first of the next (dân ven of ngư dân
    # ven biển, coastal fishermen)
    ends = {pair.split()[1] for pair in pairs}
    starts = {pair.split()[0] for pair in pairs}
    return [pair for pair in pairs
            if not (pair.split()[0] in ends and pair.split()[1] in starts)][:COMPOUND_WORDS]


def _city_aliases(cand: Candidate, countries: set[str]) -> None:
    """A town of the story's countries is named otherwise by the press of other
    languages (Újvidék, Hungarian for Novi Sad: Нови Сад, نوفي ساد): its names from
    GeoNames, as each language's word list knows them, are its forms too."""
    if cand.kind != "name":
        return
    key = next((k for f in cand.forms() if (k := city_named(f))), None)
    if key is None or country_code(key) not in countries:
        return
    guarded = bool(cand.guarded)
    for name in city_names(key, CONTEXT_LOCALES):
        if name not in cand.forms():
            cand.aliases.append(name)
            cand.origins[name] = "GeoNames, the town's name in other languages"
            if guarded:
                cand.guarded.append(name)


def _elsewhere(cand: Candidate, countries: list[str], lang: str) -> bool:
    """A name the seed says once, past its lead, as another country's than the story's
    and its own ("наряду с турецкой АЭС «Аккую», египетской «Эль-Дабаа»": the maker's
    other plants, beside the one the story is about): an example, not this story."""
    return bool(cand.homes) and cand.mentions < 2 and not cand.lead and not any(
        code in countries or lang in official_languages(code) for code in cand.homes)


# a figure standing alone: not part of a model's name (C-390, F-16, 737-800)
_NUMBER = re.compile(r"(?<![\d.,A-Za-zА-Яа-я-])(\d{2,6})(?![.,]?\d)\s*(\w*)")
_DATE_MARKS = ("月", "日", "월", "일", "号", "號")  # 12月, 20日, 10월: dates, not figures
MAX_NUMBERS = 3


def _figures(text: str) -> list[str]:
    """The whole numbers of a text that are not dates (12月, 18 Mart), in ASCII digits."""
    out = []
    for number, after in _NUMBER.findall(text):
        if after.startswith(_DATE_MARKS) or (after and is_date(after)):
            continue
        out.append(str(int(number)))  # ۱۰ is 10
    return out


def _story_numbers(texts: list[str], headlines: list[str]) -> list[str]:
    """The story's own figures, which every language writes alike (74 years, 475
    arrested): whole numbers in a headline or said twice, not a date, a year or a
    round hundred (those are in every story)."""
    counts = Counter(n for t in texts for n in _figures(t))
    said = {n for h in headlines for n in _figures(h)}
    out = [n for n, k in counts.most_common() if (k >= 2 or n in said)
           and int(n) >= 10 and not 1900 <= int(n) <= 2100 and int(n) % 100]
    return out[:MAX_NUMBERS]


def _main_regions(texts: list[str], lang: str, countries: list[str]) -> list[str]:
    """The states or provinces of the seeds' countries that the seeds name most (ISO
    3166-2): the press names them in its own language (North Carolina, 北卡罗来纳州)."""
    counts = Counter(regions_in("\n".join(texts), lang))
    if not region_names_in(lang):
        # no region names in the seed's language (Arabic, Persian, Urdu): its countries'
        # regions by their sound (بلوچستان = Balochistan)
        counts.update(regions_by_sound("\n".join(texts), countries))
    for code in list(counts):
        if code.split("-")[0] not in countries and counts[code] < REGION_REPEATS:
            del counts[code]  # another country's region, unless the seeds dwell on it
    top = counts.most_common(1)[0][1] if counts else 0
    # named once (東京 of 東京証券取引所), a region is where the story happens to be said,
    # not what it is about
    return [code for code, n in counts.most_common(MAX_REGIONS)
            if n >= max(0.5 * top, REGION_MENTIONS)]
