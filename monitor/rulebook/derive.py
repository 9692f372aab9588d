"""From a seed document to watch rules: find the distinctive names in it, rank them,
fold their variants, and propose rules (with context for names that are also common words).

Rarity comes from word-frequency data (the `wordfreq` package, which ships its data) in
the seed's language and in English; prominence from mentions in the seed. Everything is
computed from the text: no network, no model.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

from monitor.rulebook.normalize import folded_tokens

LANGUAGES = ("es", "en", "fr", "pt", "de", "it")
AMBIGUITY_LANGUAGES = ("en", "es", "fr", "pt", "de", "it", "ar")
# A single word this frequent (Zipf scale) in some major language is a common word or a big
# brand there: a rule on it needs context.
AMBIGUOUS_ZIPF = 3.0
COMMON_ZIPF = 4.5  # a single word this common is never a candidate on its own

_MONTHS_DAYS = set(
    """enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre
    diciembre lunes martes miércoles jueves viernes sábado domingo january february march
    april may june july august september october november december monday tuesday wednesday
    thursday friday saturday sunday janvier février mars avril mai juin juillet août
    septembre octobre novembre décembre lundi mardi mercredi jeudi vendredi samedi dimanche
    janeiro fevereiro março maio junho julho setembro outubro novembro dezembro segunda terça
    quarta quinta sexta sábado""".split()
)
_CONNECTORS = {"de", "del", "la", "las", "los", "du", "des", "of", "the", "van", "von", "bin",
               "ibn", "da", "do", "dos", "di", "y"}
_JOINING = {"de", "del", "de la", "du", "des", "of", "the", "van", "von", "bin", "ibn", "da",
            "do", "dos", "di"}
_ORG_WORDS = {
    "industries", "industry", "complex", "company", "corporation", "group", "authority",
    "ministry", "ministerio", "ministère", "autoridad", "fuerzas", "forces", "force",
    "systems", "aeronautical", "establishment", "agency", "agencia", "bank", "banco",
    "university", "universidad", "université", "council", "army", "navy", "air", "armée",
    "ejército", "administración", "administration", "limited", "ltd", "inc", "sa",
}
# Words that present what follows as a company or group: "el grupo indio Tata".
_ORG_CUES = {"grupo", "group", "groupe", "empresa", "company", "compañía", "société",
             "firma", "firm", "fabricante", "constructeur", "maker", "manufacturer",
             "consorcio", "conglomerate", "conglomerado", "entreprise", "industriel"}
_TITLES = {"pdg", "ceo", "general", "général", "gen", "mariscal", "marshal", "maréchal", "ministro",
           "minister", "ministre", "president", "presidente", "président", "embajador",
           "ambassador", "ambassadeur", "colonel", "coronel", "admiral", "almirante", "amiral",
           "señor", "mr", "mrs", "dr", "sheikh", "jeque", "cheikh", "king", "rey", "roi"}
# Nationality words: never names on their own, and dropped in front of one
# ("French Rafale", "Chinese J-10C").
_DEMONYMS = set(
    """american british chinese french german indian indonesian israeli italian japanese
    moroccan pakistani russian spanish turkish algerian egyptian iranian saudi emirati
    français française chinois chinoise indien indienne marocain marocaine pakistanais
    pakistanaise turc turque espagnol espagnole américain américaine russe allemand
    español española chino china indio india marroquí pakistaní turco turca francés francesa
    estadounidense ruso rusa alemán alemana""".split()
)
_PARTICLE_PREFIX = re.compile(r"^(al|el|ad|ar|as|ash|at|az|an|ibn|bin|abu|abd|abdel|ould)-",
                              re.IGNORECASE)
_TRANSLITERATIONS = [
    ("abdeltif", ["abdellatif", "abdelatif", "abdul latif"]),
    ("abdellatif", ["abdeltif", "abdelatif"]),
    ("mohamed", ["mohammed", "muhammad", "mohammad"]),
    ("mohammed", ["mohamed", "muhammad"]),
    ("muhammad", ["mohammed", "mohamed"]),
    ("ahmed", ["ahmad"]),
    ("ahmad", ["ahmed"]),
    ("baber", ["babar"]),
    ("babar", ["baber"]),
    ("zaheer", ["zahir"]),
    ("khalid", ["khaled"]),
    ("khaled", ["khalid"]),
    ("youssef", ["yousef", "yusuf"]),
    ("hassan", ["hasan"]),
    ("hussain", ["hussein", "hosain"]),
    ("omar", ["umar"]),
    ("qamar", ["kamar"]),
]
# Names of places and topics in the languages a user's sources use, for context terms.
COUNTRIES: dict[str, list[str]] = {
    "morocco": ["Morocco", "Maroc", "Marruecos", "Marrocos", "المغرب", "مراکش"],
    "pakistan": ["Pakistan", "Pakistán", "Paquistão", "باكستان", "پاکستان"],
    "india": ["India", "Inde", "Índia", "الهند", "بھارت", "भारत"],
    "china": ["China", "Chine", "الصين", "چین"],
    "algeria": ["Algeria", "Algérie", "Argelia", "الجزائر"],
    "france": ["France", "Francia", "França", "فرنسا"],
    "spain": ["Spain", "Espagne", "España", "Espanha", "إسبانيا"],
    "turkey": ["Turkey", "Türkiye", "Turquie", "Turquía", "Turquia", "تركيا"],
    "indonesia": ["Indonesia", "Indonésie", "Indonésia", "إندونيسيا"],
    "united states": ["United States", "États-Unis", "Estados Unidos", "الولايات المتحدة"],
    "israel": ["Israel", "Israël", "إسرائيل"],
    "egypt": ["Egypt", "Égypte", "Egipto", "مصر"],
}
TOPICS: dict[str, list[str]] = {
    "defence": ["defence", "defense", "défense", "defensa", "defesa", "الدفاع", "military",
                "militaire", "militar", "عسكري", "army", "armée", "ejército", "arms",
                "armement", "armamento"],
    "energy": ["energy", "énergie", "energía", "energia", "الطاقة", "oil", "gas", "pétrole",
               "petróleo"],
    "finance": ["bank", "banque", "banco", "finance", "finanzas", "investment",
                "investissement", "inversión"],
}

_SENTENCE = re.compile(r"[^.!?…\n]+(?:[.!?…]+[»\"”’)]*|\n|$)")
_WORD = re.compile(r"[^\W_](?:[\w'’×]|[-‐‑‒–](?=\w))*", re.UNICODE)
_DESIGNATION = re.compile(r"^(?=.*\d)(?=.*[^\W\d_])[\w-]+$")
_NXN = re.compile(r"^\d+[x×]\d+$", re.IGNORECASE)


@dataclass
class Candidate:
    """A proposed watch term with its variants, score and the reason for it."""

    term: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    rarity: float = 0.0
    score: float = 0.0
    sentence: str = ""
    ambiguous: bool = False
    context: list[str] = field(default_factory=list)
    why: str = ""

    def forms(self) -> list[str]:
        return [self.term, *self.aliases]


@cache
def _wordfreq():  # type: ignore[no-untyped-def]
    import wordfreq  # imported late: loading its lists takes a few seconds

    return wordfreq


@lru_cache(maxsize=65536)
def zipf(word: str, lang: str) -> float:
    """Zipf frequency (0 = unknown, 7 = the most common words) of a word or phrase."""
    return float(_wordfreq().zipf_frequency(word, lang))


def detect_language(text: str) -> str:
    """The seed's language among LANGUAGES, by how many of its words are each one's most
    common words."""
    words = [w.lower() for w in _WORD.findall(text)]
    best, best_count = "en", -1
    for lang in LANGUAGES:
        common = set(_wordfreq().top_n_list(lang, 100))
        count = sum(1 for w in words if w in common)
        if count > best_count:
            best, best_count = lang, count
    return best


@dataclass
class _Token:
    text: str
    sentence: int
    chunk: int  # stretch of the sentence between punctuation: names never cross one
    first: bool  # first word of its sentence


_PUNCTUATION = re.compile(r"[,;:()«»\"“”\[\]/—–]| - ")


def _tokens(text: str) -> tuple[list[str], list[_Token]]:
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    tokens = []
    chunk = 0
    for index, sentence in enumerate(sentences):
        first = True
        for piece in _PUNCTUATION.split(sentence):
            chunk += 1
            for match in _WORD.finditer(piece):
                word = re.sub(r"['’]s$", "", match.group())  # Baykar's -> Baykar
                tokens.append(_Token(word, index, chunk, first))
                first = False
    return sentences, tokens


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or bool(_DESIGNATION.match(word) and any(c.isupper() for c in word))


def _rare_enough(word: str, lang: str) -> bool:
    return max(zipf(word.lower(), lang), zipf(word.lower(), "en")) < COMMON_ZIPF


def _sequences(
    tokens: list[_Token], lang: str, mid_caps: set[str]
) -> list[tuple[str, int, list[str]]]:
    """Runs of capitalised words (joined by particles like "de la", "of"), with the
    sentence they are in. A sentence-initial capital counts only if the word is rare or
    is capitalised elsewhere mid-sentence."""
    runs: list[tuple[str, int, list[str]]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        word = token.text
        starts = _capitalised(word) and word.lower() not in _MONTHS_DAYS
        if starts and token.first and word not in mid_caps and \
                max(zipf(word.lower(), lang), zipf(word.lower(), "en")) >= 3.0:
            starts = False
        if not starts:
            i += 1
            continue
        words = [word]
        j = i + 1
        while j < len(tokens) and tokens[j].chunk == token.chunk:
            nxt = tokens[j].text
            if _capitalised(nxt) and nxt.lower() not in _MONTHS_DAYS:
                words.append(nxt)
                j += 1
                continue
            if _NXN.match(nxt):
                words.append(nxt)
                j += 1
                continue
            # particles inside a name: "Autoridad de Producción", "Ministry of Defence"
            k = j
            particles = []
            while k < len(tokens) and tokens[k].chunk == token.chunk and \
                    tokens[k].text.lower() in _CONNECTORS and tokens[k].text.islower():
                particles.append(tokens[k].text)
                k += 1
            joined = " ".join(particles).lower()
            if particles and joined in _JOINING | {"de la", "de los", "de las"} and \
                    k < len(tokens) and tokens[k].chunk == token.chunk and \
                    _capitalised(tokens[k].text):
                words.extend(particles)
                j = k
                continue
            break
        # A common word of the seed's language before a name is a title or a descriptor:
        # "mariscal del Aire Zaheer Ahmed Baber Sidhu".
        while len(words) > 1 and (
            words[0].lower() in _TITLES
            or (words[0].lower() in _DEMONYMS and len(words) == 2
                and (_DESIGNATION.match(words[1]) or zipf(words[1].lower(), "en") < 3.0))
            or (len(words) > 2 and zipf(words[0].lower(), lang) >= 4.0
                and _namelike(words[1], lang) and not {w.lower() for w in words} & _ORG_WORDS)
        ):
            words.pop(0)
        while words and words[-1].lower() in _CONNECTORS:
            words.pop()
        if words:
            previous = [t.text for t in tokens[max(0, i - 6) : i]
                        if t.sentence == token.sentence]
            runs.append((" ".join(words), token.sentence, previous))
        i = j
    return runs


def _namelike(word: str, lang: str) -> bool:
    return max(zipf(word.lower(), lang), zipf(word.lower(), "en")) < 4.0


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in _CONNECTORS).upper()


def _kind(name: str, before: list[str] | None = None) -> str:
    """equipment, acronym, organisation, person or name (a guess, shown to the user)."""
    words = name.split()
    lower = {w.lower() for w in words}
    if _DESIGNATION.match(words[0]) or any(_NXN.match(w) for w in words):
        return "equipment"
    if name.isupper() and 2 <= len(name) <= 3 and " " not in name:
        return "acronym"
    if lower & _ORG_WORDS:
        return "organisation"
    if 2 <= len(words) <= 4 and before and {w.lower() for w in before} & _TITLES:
        return "person"
    if before and {w.lower() for w in before[-3:]} & _ORG_CUES:
        return "organisation"
    return "name"


_PLACES = {"rabat", "islamabad", "new delhi", "delhi", "beijing", "paris", "madrid",
           "algiers", "alger", "ankara", "jakarta", "washington", "cairo", "casablanca",
           "karachi", "lahore", "mumbai", "london", "moscow", "tehran", "riyadh"}


def _rarity(name: str, lang: str, kind: str) -> float:
    """0–8: how unusual the name is in general language (the seed's, English, and for a
    single word every major language, where a brand or a common word would show)."""
    if kind == "equipment":
        return 7.0
    if kind == "acronym":
        return 4.0
    words = [w for w in name.split() if w.lower() not in _CONNECTORS]
    languages = (lang, "en") if len(words) > 1 else tuple({lang, *AMBIGUITY_LANGUAGES})
    per_word = [8.0 - max(zipf(w.lower(), code) for code in languages) for w in words]
    rarest = max(max(per_word) - 0.5 * (len(words) - 1), 0.0)
    return rarest * 0.5 if name.lower() in _PLACES else rarest


def _variants(name: str) -> list[str]:
    """Transliteration variants a multilingual press uses (Abdeltif / Abdellatif)."""
    out = []
    words = name.split()
    for index, word in enumerate(words):
        for src, alternatives in _TRANSLITERATIONS:
            if word.lower() == src:
                for alt in alternatives:
                    replaced = [*words]
                    replaced[index] = alt.title() if word[:1].isupper() else alt
                    out.append(" ".join(replaced))
    return out


def _mentions(form: str, folded_seed: str) -> int:
    pattern = " " + folded_tokens(form) + " "
    return folded_seed.count(pattern) if pattern.strip() else 0


def _country_counts(folded_text: str) -> Counter[str]:
    """Mentions of each country, each spelling counted once (Pakistan = Pakistán folded)."""
    counts: Counter[str] = Counter()
    for country, names in COUNTRIES.items():
        patterns = {folded_tokens(n) for n in names}
        counts[country] = sum(_mentions(p, folded_text) for p in patterns)
    return counts


def _country_context(folded_seed: str) -> list[str]:
    return [c for c, n in _country_counts(folded_seed).most_common(2) if n > 0]


def _topic(folded_seed: str) -> str | None:
    counts = Counter({t: sum(_mentions(w, folded_seed) for w in ws) for t, ws in TOPICS.items()})
    topic, count = counts.most_common(1)[0]
    return topic if count else None


def derive(texts: list[str], lang: str = "auto", top: int = 30) -> list[Candidate]:
    """Ranked candidates (best first) from one or more seed texts."""
    text = "\n".join(unicodedata.normalize("NFC", t) for t in texts)
    if lang == "auto":
        lang = detect_language(text)
    sentences, tokens = _tokens(text)
    folded_seed = " " + folded_tokens(text) + " "
    mid_caps = {t.text for t in tokens if not t.first and _capitalised(t.text)}

    found: dict[str, Candidate] = {}
    country_names = {n.lower() for names in COUNTRIES.values() for n in names}
    for run, sentence, before in _sequences(tokens, lang, mid_caps):
        words = run.split()
        # A single very common word is not a name ("Este", "Premier", "Défense").
        all_caps = run.isupper() and 2 <= len(run) <= 6
        if len(words) == 1 and not (_DESIGNATION.match(run) or all_caps) and (
            not _rare_enough(run, lang) or run.lower() in _DEMONYMS
            or run.split("-")[0].lower() in _DEMONYMS
        ):
            continue
        if run.lower() in _MONTHS_DAYS or run.lower() in country_names:
            continue  # the seed's countries are context, not names to watch
        key = run.lower()
        if key not in found:
            found[key] = Candidate(run, _kind(run, before), sentence=sentences[sentence])
        # Designations inside a run are candidates of their own: "JF-17" in "JF-17 Thunder".
        for word in words:
            if (_DESIGNATION.match(word) or _PARTICLE_PREFIX.match(word)) and word != run:
                found.setdefault(word.lower(), Candidate(word, _kind(word),
                                                         sentence=sentences[sentence]))

    # Acronyms with their expansions: "Heavy Industries Taxila (HIT)", or matching initials.
    acronyms = {k: c for k, c in found.items() if c.kind == "acronym"}
    for key, acronym in acronyms.items():
        expansion = None
        for match in re.finditer(r"([^\s(][^(]*?)\s*\(\s*" + re.escape(acronym.term) + r"\s*\)",
                                 text):
            before = match.group(1).split()
            for size in range(min(6, len(before)), 0, -1):
                guess = " ".join(before[-size:])
                if guess.lower() in found and found[guess.lower()].kind != "acronym":
                    expansion = found[guess.lower()]
                    break
            if expansion:
                break
        if expansion is None:
            expansion = next((c for c in found.values() if c.kind != "acronym"
                              and _initials(c.term) == acronym.term), None)
        if expansion is not None:
            expansion.aliases.append(acronym.term)
            del found[key]

    # Fold variants: a name inside a longer one ("Bajwa" / "Qamar Javed Bajwa", "JF-17" /
    # "JF-17 Thunder", "WhAP" / "WhAP 8×8").
    names = sorted(found.values(), key=lambda c: -len(c.term.split()))
    for short in sorted(found.values(), key=lambda c: len(c.term.split())):
        if short.term.lower() not in found:
            continue
        for long in names:
            if long is short or long.term.lower() not in found:
                continue
            long_words = long.term.split()
            if len(long_words) <= len(short.term.split()):
                continue
            inner = f" {long.term.lower()} "
            if f" {short.term.lower()} " in inner and short.kind != "acronym" and not (
                len(short.term.split()) == 1 and _rarity(short.term, lang, short.kind) < 5.0
            ):
                keep, fold = (short, long) if _prefer_short(short, long, lang) else (long, short)
                keep.aliases = list(dict.fromkeys([*keep.aliases, fold.term, *fold.aliases]))
                if keep is short and keep.kind == "name":
                    keep.kind = fold.kind
                del found[fold.term.lower()]
                break

    countries = _country_context(folded_seed)
    topic = _topic(folded_seed)
    results = []
    for cand in found.values():
        words = cand.term.split()
        if len(words) > 1 and _NXN.match(words[-1]):
            cand.aliases.insert(0, " ".join(words[:-1]))  # "WhAP" for "WhAP 8×8"
        if cand.kind in ("person", "name") and 2 <= len(words) <= 4 and \
                _rarity(words[-1], lang, "name") >= 5.5 and words[-1] not in cand.forms():
            cand.aliases.append(words[-1])  # the surname alone: "Bajwa", "Gadih"
        for form in list(cand.forms()):
            for variant in _variants(form):
                if variant not in cand.forms():
                    cand.aliases.append(variant)
        cand.mentions = max(sum(_mentions(f, folded_seed) for f in
                                dict.fromkeys([cand.term, *cand.aliases])
                                if not _contains_another(f, cand)), 1)
        cand.sentence = _first_sentence(cand, sentences) or cand.sentence
        cand.rarity = max(_rarity(f, lang, cand.kind) for f in [cand.term] +
                          [a for a in cand.aliases if not a.isupper()])
        # A name the seed presents as a company or person ("el grupo indio Tata") is an
        # entity of the story, not a stray capital.
        presented = 1.2 if cand.kind in ("organisation", "person") else 1.0
        cand.score = round(cand.rarity * (1 + 0.6 * math.log(cand.mentions)) * presented, 2)
        single = len(cand.term.split()) == 1
        cand.ambiguous = single and cand.kind not in ("equipment", "acronym") and max(
            zipf(cand.term.lower(), code) for code in AMBIGUITY_LANGUAGES
        ) >= AMBIGUOUS_ZIPF
        if cand.ambiguous:
            cand.context = _context_terms(countries, topic, cand, sentences)
        cand.why = (f"rarity {cand.rarity:.1f}/8 in {lang}+en, {cand.mentions} mention"
                    f"{'s' if cand.mentions != 1 else ''}"
                    + ("; also a common word or brand elsewhere: needs context"
                       if cand.ambiguous else ""))
        results.append(cand)
    results.sort(key=lambda c: (-c.score, -c.mentions, c.term))
    return results[:top]


def _prefer_short(short: Candidate, long: Candidate, lang: str) -> bool:
    """Watch the short form (a surname, a model) when it alone is distinctive."""
    if short.kind == "equipment" or _DESIGNATION.match(short.term):
        return True
    return _rarity(short.term, lang, short.kind) >= 6.0 and long.kind in ("person", "name")


def _contains_another(form: str, cand: Candidate) -> bool:
    """A form that contains a shorter one is counted through it ("Abdeltif Loudiyi" is
    a mention of "Loudiyi")."""
    outer = f" {folded_tokens(form)} "
    return any(f" {folded_tokens(other)} " in outer for other in cand.forms()
               if other != form and len(other) < len(form))


def _first_sentence(cand: Candidate, sentences: list[str]) -> str | None:
    patterns = [f" {folded_tokens(f)} " for f in cand.forms()]
    for sentence in sentences:
        folded = f" {folded_tokens(sentence)} "
        if any(p in folded for p in patterns):
            return sentence
    return None


def _context_terms(
    countries: list[str], topic: str | None, cand: Candidate, sentences: list[str]
) -> list[str]:
    terms: list[str] = []
    # The countries of the candidate's own sentence first (Tata: Marruecos), then the seed's.
    local = [c for c, n in _country_counts(f" {folded_tokens(cand.sentence)} ").items() if n]
    for country in dict.fromkeys([*local, *countries]):
        terms.extend(COUNTRIES[country])
    if topic:
        terms.extend(TOPICS[topic][:6])
    # Distinctive words sharing the candidate's sentence (WhAP beside Tata).
    for word in _WORD.findall(cand.sentence):
        if _DESIGNATION.match(word) is None and word[:1].isupper() and word != cand.term and \
                any(c.isupper() for c in word[1:]):
            terms.append(word)
    return list(dict.fromkeys(terms))


# -- from candidates to a rules file ------------------------------------------------------

_GENERATED = "# monitor-derive-digest: "


def slug(text: str) -> str:
    """A rule id from a name: ASCII, lower case, words joined by -."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "rule"


def _quoted(form: str) -> str:
    """A term as the query language writes it: phrases and hyphenated forms in quotes."""
    if re.fullmatch(r"[^\W_]+", form):
        return form
    return '"' + form.replace('"', "") + '"'


def rule_query(cand: Candidate) -> str:
    """The watch query for a candidate: its forms ORed; acronyms and ambiguous names
    case-sensitive, and ambiguous names only with context from the seed's topic."""
    forms = []
    for form in dict.fromkeys(cand.forms()):
        if form.isalpha() and form.isupper() and len(form) <= 6:
            forms.append(f"case:{_quoted(form)}")
        else:
            forms.append(_quoted(form))
    if not cand.ambiguous:
        return " OR ".join(forms)
    context = " OR ".join(_quoted(c) for c in cand.context) or "defence OR défense OR defensa"
    name = f"case:{_quoted(cand.term)}"
    others = [f for f in forms if f not in (_quoted(cand.term), name)]
    guarded = f"{name} AND ({context})"
    return " OR ".join([*others, f"({guarded})"]) if others else guarded


def _comment(text: str, width: int = 88) -> list[str]:
    words, lines, line = text.split(), [], "# «"
    for word in words:
        if len(line) + len(word) + 1 > width:
            lines.append(line.rstrip())
            line = "# "
        line += word + " "
    lines.append(line.rstrip() + "»")
    return lines


def _string(value: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def rules_text(candidates: list[Candidate], seeds: list[str]) -> str:
    """A rules file for the candidates, each rule under the seed sentence it came from.

    The file ends its header with a digest of its body, so a later `derive --write` can
    tell whether the user has edited it since."""
    body: list[str] = []
    used: set[str] = set()
    for cand in candidates:
        rule_id = slug(cand.term)
        while rule_id in used:
            rule_id += "-2"
        used.add(rule_id)
        severity = "high" if cand.rarity >= 5.0 and not cand.ambiguous else (
            "normal" if cand.rarity >= 3.0 else "low"
        )
        body += [""] + _comment(cand.sentence) + [
            "[[rule]]",
            f"id = {_string(rule_id)}",
            f"name = {_string(cand.term)}",
            f"query = {_string(rule_query(cand))}",
            f'severity = "{severity}"',
            f"tags = [{_string(cand.kind)}]",
            f"notes = {_string(cand.why)}",
        ]
    text = "\n".join(body).lstrip("\n") + "\n"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    header = [
        f"# Watch rules proposed by `monitor derive` from {', '.join(seeds)}.",
        "# Review them: remove what is noise, add the spellings your sources use.",
        f"{_GENERATED}{digest}",
    ]
    return "\n".join(header) + "\n\n" + text


def edited_since_derived(text: str) -> bool:
    """True if a file was not written by derive, or was changed after it was."""
    match = re.search("^" + re.escape(_GENERATED) + r"([0-9a-f]{16})\n\n", text, re.M)
    if not match:
        return True
    body = text[match.end() :]
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16] != match.group(1)
