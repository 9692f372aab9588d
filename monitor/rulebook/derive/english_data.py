"""Builds monitor/rulebook/data/english.tsv.gz, the English word for the everyday nouns
and adjectives of many languages, from the Open Multilingual Wordnet (its wordnets and
its Wiktionary-derived ones), the Open English WordNet and the Interlingual Index that
joins them. Run once by a maintainer, not by derive:

    python -m monitor.rulebook.derive.english_data OMW_DATA OEWN_YAML ILI_MAP OUT

OMW_DATA is a checkout of https://github.com/omwn/omw-data (the folder holding wns/),
OEWN_YAML the src/yaml folder of https://github.com/globalwordnet/english-wordnet, and
ILI_MAP the file ili-map-pwn30.tab of https://github.com/globalwordnet/ili."""

from __future__ import annotations

import gzip
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from wordfreq import available_languages, zipf_frequency

# our language code -> the OMW files of it (a wordnet first, then Wiktionary's)
SOURCES: dict[str, tuple[str, ...]] = {
    "ar": ("arb/wn-nodia-arb", "wikt/wn-wikt-arb"),
    "bg": ("bul/wn-data-bul", "wikt/wn-wikt-bul"), "bn": ("wikt/wn-wikt-ben",),
    "ca": ("mcr/wn-data-cat", "wikt/wn-wikt-cat"), "cs": ("wikt/wn-wikt-ces",),
    "da": ("dan/wn-data-dan", "wikt/wn-wikt-dan"), "de": ("wikt/wn-wikt-deu",),
    "el": ("ell/wn-data-ell", "wikt/wn-wikt-ell"), "es": ("wikt/wn-wikt-spa",),
    "et": ("wikt/wn-wikt-est",), "fa": ("fas/wn-data-fas", "wikt/wn-wikt-fas"),
    "fi": ("wikt/wn-wikt-fin",), "fr": ("fra/wn-data-fra", "wikt/wn-wikt-fra"),
    "he": ("heb/wn-data-heb", "wikt/wn-wikt-heb"), "hi": ("wikt/wn-wikt-hin",),
    "hr": ("hrv/wn-data-hrv",), "hu": ("wikt/wn-wikt-hun",),
    "hy": ("wikt/wn-wikt-hye",), "id": ("msa/wn-data-ind", "wikt/wn-wikt-ind"),
    "it": ("ita/wn-data-ita", "iwn/wn-data-ita", "wikt/wn-wikt-ita"),
    "ja": ("wikt/wn-wikt-jpn",), "ka": ("wikt/wn-wikt-kat",), "kk": ("wikt/wn-wikt-kaz",),
    "ko": ("wikt/wn-wikt-kor",), "lt": ("slk/wn-data-lit", "wikt/wn-wikt-lit"),
    "lv": ("wikt/wn-wikt-lav",), "mn": ("wikt/wn-wikt-mon",),
    "ms": ("msa/wn-data-zsm",), "nl": ("nld/wn-data-nld", "wikt/wn-wikt-nld"),
    "no": ("nor/wn-data-nob", "wikt/wn-wikt-nob"), "pl": ("pol/wn-data-pol", "wikt/wn-wikt-pol"),
    "pt": ("por/wn-data-por", "wikt/wn-wikt-por"), "ro": ("wikt/wn-wikt-ron",),
    "ru": ("wikt/wn-wikt-rus",), "sk": ("slk/wn-data-slk", "wikt/wn-wikt-slk"),
    "sl": ("slv/wn-data-slv", "wikt/wn-wikt-slv"), "sv": ("swe/wn-data-swe", "wikt/wn-wikt-swe"),
    "sw": ("wikt/wn-wikt-swa",), "ta": ("wikt/wn-wikt-tam",), "th": ("wikt/wn-wikt-tha",),
    "tr": ("wikt/wn-wikt-tur",), "uk": ("wikt/wn-wikt-ukr",), "ur": ("wikt/wn-wikt-urd",),
    "vi": ("wikt/wn-wikt-vie",), "zh": ("cow/wn-data-cmn", "wikt/wn-wikt-cmn"),
}
# Only everyday words are translated abroad (see english.EVERYDAY_ZIPF): rarer ones are
# left out; a language without word frequencies keeps all its words
COMMON_ZIPF = 4.0
_FREQUENCY_CODES = {"no": "nb", "hr": "sh"}
# an English word of letters, at least three (not a symbol: Au, Zn, N)
_ENGLISH = re.compile(r"[A-Za-z][a-z-]{2,}")
_HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")  # Arabic vowel marks and tatweel

HEADER = """\
# The English word for the everyday nouns and adjectives of other languages: a language,
# a tab, a word in lower case, a tab, the English word most of its senses give.
# Made by monitor/rulebook/derive/english_data.py from the Open Multilingual Wordnet
# (https://github.com/omwn/omw-data: the wordnets of each language under their own
# licences, CC BY, CC BY-SA or more open, and the Wiktionary-derived wordnets, CC BY-SA,
# Bond & Foster 2013), joined through the Interlingual Index (CC BY) to the Open English
# WordNet (https://github.com/globalwordnet/english-wordnet, CC BY 4.0). This file is
# shared under CC BY-SA 4.0, as those are.
"""


def _english(oewn: Path, ili_map: Path) -> dict[str, list[str]]:
    """PWN 3.0 synset (offset-pos) -> its English lemmas, through the ILI."""
    by_ili: dict[str, list[str]] = {}
    for path in sorted(oewn.glob("*.yaml")):
        if not path.name.startswith(("noun.", "adj.all")):
            continue
        ili, in_members = "", False
        members: list[str] = []
        for line in path.read_text("utf-8").splitlines() + ["00000000-x:"]:
            if re.match(r"\d{8}-[a-z]:", line):
                if ili:
                    by_ili[ili] = members
                ili, members, in_members = "", [], False
            elif line.startswith("  ili: "):
                ili = line[7:].strip()
            elif line.startswith("  members:"):
                in_members = True
            elif in_members and line.startswith("  - "):
                members.append(line[4:].strip().strip("'\""))
            else:
                in_members = False
    out: dict[str, list[str]] = {}
    for line in ili_map.read_text("utf-8").splitlines():
        ili, _, synset = line.partition("\t")
        if ili in by_ili:
            out[synset.strip().replace("-s", "-a")] = by_ili[ili]
    return out


def build(omw: Path, oewn: Path, ili_map: Path, out: Path) -> int:
    """Writes the table; returns how many words it has."""
    english = _english(oewn, ili_map)
    if not english:
        sys.exit(f"no English synsets read from {oewn} and {ili_map}: give the src/yaml "
                 "folder of english-wordnet and the ili repository's ili-map-pwn30.tab")
    rows: list[str] = []
    known = set(available_languages())
    for lang, files in SOURCES.items():
        code = _FREQUENCY_CODES.get(lang, lang)
        senses: dict[str, Counter[str]] = defaultdict(Counter)
        common: dict[str, bool] = {}
        for name in files:
            path = omw / "wns" / f"{name}.tab"
            if not path.exists():
                print(f"missing {path}", file=sys.stderr)
                continue
            for line in path.read_text("utf-8").splitlines():
                parts = line.split("\t")
                if line.startswith("#") or len(parts) < 3 or not parts[1].endswith("lemma"):
                    continue
                synset = parts[0].replace("-s", "-a")
                if synset[-1] not in "na" or synset not in english:
                    continue
                word = _HARAKAT.sub("", parts[2].replace("_", " ")).strip().lower()
                if not word or " " in word:  # (a phrase is no word of a name)
                    continue
                if word not in common:
                    common[word] = code not in known or \
                        zipf_frequency(word, code) >= COMMON_ZIPF
                if common[word]:
                    senses[word].update({e: 1 for e in english[synset]
                                         if _ENGLISH.fullmatch(e) and e.lower() != word})
        for word, found in sorted(senses.items()):
            if found and "\t" not in word:
                best = min(found, key=lambda e: (-found[e], -zipf_frequency(e, "en"), e))
                rows.append(f"{lang}\t{word}\t{best}")
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as file:
        file.write(HEADER + "\n".join(rows) + "\n")
    return len(rows)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: python -m monitor.rulebook.derive.english_data OMW_DATA OEWN_YAML "
                 "ILI_MAP OUT")
    print(build(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])))
