"""Matcher benchmark: 20,000 entries against 10, 1,000, 10,000 and 100,000 rules.

Entries are generated news-like text (1–3 KB, English, French, Spanish, Arabic, Urdu and
Hindi) with rule names sprinkled in, some in another spelling; one name in ten is
Korean, written in Hangul or, as the press abroad writes it, in romanised syllables apart
(Gim Min-jun); rules are names and phrases, mixed with AND / OR / NEAR, and one in ten is
a `~` name (any spelling or script). Each case runs in its own subprocess so peak RSS is
per case, REPEAT times (the machine is shared, one run is noisy): the median counts.
Matching is timed in CPU seconds of the process (single-threaded work; wall time on a
shared machine also counts the neighbours' turns), wall seconds are printed beside.
Printed:
entries/s per case; time(10,000 rules) / time(10 rules) (target ≤ 2); the speed-up over a
baseline that runs one compiled regular expression per rule at 1,000 rules (target ≥ 100×;
the baseline only searches each rule's terms, a lower bound on its real work; each of its
runs is paired with one of monitor's, run next to it, and the median pair counts); and peak
RSS at 100,000 rules. Exits 1 when a target is missed.

With --chinese, the entries are Chinese instead (1,000 by default, 1–3 KB of wordfreq's
5,000 commonest Chinese words, the Korean names among them in the Han characters they
are read from): time(10,000 rules) / time(10 rules) only, against the same target. It is
not part of `make bench`: Chinese text costs more with more names (see README).

Usage: .venv/bin/python bench/match.py [--entries N] [--baseline-entries N] [--repeat N]
       .venv/bin/python bench/match.py --chinese [--entries N] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RULE_COUNTS = (10, 1_000, 10_000, 100_000)
TARGET_SCALING = 2.0
TARGET_SPEEDUP = 100.0
SEED = 17
REPEAT = 3
NAME_RULE_EVERY = 10  # one rule in ten is a ~ name

_WORDS = {
    "en": "the of and to in a is that for on with as was by at from has have said will "
          "government minister defence army cooperation agreement visit military industry "
          "country border security week talks officials production vehicles aircraft "
          "report president state new year first two after also would people".split(),
    "fr": "le la les de des du et en un une est pour que dans sur avec par au pas plus "
          "ministre défense armée coopération accord visite militaire industrie pays "
          "frontière sécurité semaine entretiens responsables production véhicules".split(),
    "es": "el la los las de del y en un una es para que por con al se su más como "
          "ministro defensa ejército cooperación acuerdo visita militar industria país "
          "frontera seguridad semana conversaciones funcionarios producción vehículos".split(),
    "ar": "في من على إلى أن التي الذي مع عن هذا وزير الدفاع الجيش التعاون اتفاق زيارة "
          "عسكري الصناعة البلاد الحدود الأمن الأسبوع محادثات المسؤولين الإنتاج".split(),
    "ur": "کے میں کی سے اور کو نے یہ ہے وزیر دفاع فوج تعاون معاہدہ دورہ فوجی صنعت ملک "
          "سرحد سلامتی ہفتہ مذاکرات حکام پیداوار گاڑیاں".split(),
    "hi": "के में की से और को ने यह है मंत्री रक्षा सेना सहयोग समझौता दौरा सैन्य उद्योग देश "
          "सीमा सुरक्षा सप्ताह वार्ता अधिकारी उत्पादन वाहन".split(),
}
_SYLLABLES = "ka ro mi ta le sh ur an vo di ze la qu be ni to ra su he ko ma fi da go".split()
# syllables of Korean names (family names first), the kind the split lookup is for
_KOREAN = ("김 이 박 최 정 강 조 윤 장 임 민 준 서 연 "
           "지 현 우 수 영 호 성 진 태 동 재 은 혜 경").split()
KOREAN_EVERY = 10  # one name in ten is Korean


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _romanised(name: str) -> str:
    """A Korean name as the press abroad writes it: family name, then the given name's
    syllables joined by a hyphen (김민준 = Gim Min-jun)."""
    from anyascii import anyascii

    given = "-".join(anyascii(s).lower() for s in name[1:])
    return f"{anyascii(name[0])} {given.capitalize()}"


def make_names(count: int) -> list[str]:
    """Distinct proper names (one or two words), the stuff rules watch for."""
    rng = random.Random(SEED)
    names: dict[str, None] = {}
    while len(names) < count:
        if rng.randrange(KOREAN_EVERY) == 0:  # Korean writes a name whole
            name = "".join(rng.choice(_KOREAN) for _ in range(rng.randint(2, 3)))
        else:
            name = _name(rng) if rng.random() < 0.6 else f"{_name(rng)} {_name(rng)}"
        names[name] = None
    return list(names)


def respell(name: str, rng: random.Random) -> str:
    """The name as another paper spells it: a vowel changed, a letter doubled."""
    letters = list(name)
    vowels = [i for i, c in enumerate(letters) if c in "aeiou"]
    if vowels:
        i = rng.choice(vowels)
        letters[i] = rng.choice([v for v in "aeiou" if v != letters[i]])
    consonant = [i for i, c in enumerate(letters) if c.isalpha() and c not in "aeiou"]
    if consonant and rng.random() < 0.5:
        i = rng.choice(consonant)
        letters[i] = letters[i] * 2
    return "".join(letters)


def make_rules(count: int, names: list[str]) -> list[str]:
    """Queries: names, phrases, and mixes with AND / OR / NEAR; one in ten a ~ name."""
    rng = random.Random(SEED + count)
    queries = []
    for i in range(count):
        a, b = names[(2 * i) % len(names)], names[(2 * i + 1) % len(names)]
        kind = i % 5
        if i % NAME_RULE_EVERY == NAME_RULE_EVERY - 1:
            queries.append(f'~"{a}"' if rng.random() < 0.5 else f'~"{a}" AND {b.split()[0]}')
        elif kind == 0:
            queries.append(f'"{a}"')
        elif kind == 1:
            queries.append(f'"{a}" OR "{b}"')
        elif kind == 2:
            queries.append(f'"{a}" AND (defence OR défense OR defensa OR "{b}")')
        elif kind == 3:
            queries.append(f'"{a}" NEAR/10 "{b}"')
        else:
            context = rng.choice(["army", "minister", "industry"])
            queries.append(f'"{a}" AND {context} AND NOT "{b}"')
    return queries


def _entry(rng: random.Random, sentence: Callable[[], str],
           title: Callable[[], str]) -> dict[str, str]:
    """One entry of 1–3 KB of sentences."""
    size = rng.randint(1000, 3000)
    parts: list[str] = []
    length = 0
    while length < size:
        parts.append(sentence())
        length += len(parts[-1])
    return {"title": title(), "summary": parts[0], "content": "".join(parts)}


def make_entries(count: int, names: list[str]) -> list[dict[str, str]]:
    """News-like entries of 1–3 KB; about one in five mentions a watched name."""
    rng = random.Random(SEED)
    languages = list(_WORDS)

    def sentence(words: list[str]) -> str:
        text = " ".join(rng.choice(words) for _ in range(rng.randint(8, 18)))
        if rng.random() < 0.05:
            name = rng.choice(names[:2000])
            if not name.isascii():  # Korean: in Hangul, or in Latin syllables apart
                text += " " + (_romanised(name) if rng.random() < 0.5 else name)
            else:
                text += " " + (respell(name, rng) if rng.random() < 0.3 else name)
        return text.capitalize() + ". "

    return [_entry(rng, lambda w=words: sentence(w),
                   lambda w=words: " ".join(rng.choice(w) for _ in range(8)).capitalize())
            for words in (_WORDS[languages[i % len(languages)]] for i in range(count))]


def make_chinese_entries(count: int, names: list[str]) -> list[dict[str, str]]:
    """Chinese entries of 1–3 KB from wordfreq's commonest words, written without spaces;
    about one sentence in twenty ends with a watched name: a Korean one in Han
    characters (김민준 = 金敏俊, one of the characters each syllable is read from), the
    others in Latin letters, as the Chinese press writes a foreign name it has no
    characters for."""
    from wordfreq import top_n_list

    from monitor.rulebook.hanja import readings

    characters: dict[str, list[str]] = {}
    for char in map(chr, range(0x4E00, 0xA000)):
        for reading in readings(char):
            characters.setdefault(reading, []).append(char)
    words = [w for w in top_n_list("zh", 5000) if all("\u4e00" <= c <= "\u9fff" for c in w)]
    rng = random.Random(SEED)

    def sentence() -> str:
        text = "".join(rng.choice(words) for _ in range(rng.randint(8, 18)))
        if rng.random() < 0.05:
            name = rng.choice(names[:2000])
            if not name.isascii():
                name = "".join(rng.choice(characters[s][:3]) for s in name)
            text += name
        return text + rng.choice("，。")

    return [_entry(rng, sentence, lambda: "".join(rng.choice(words) for _ in range(8)))
            for _ in range(count)]


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(data: Path, rules: int, baseline: bool, limit: int | None) -> dict[str, float]:
    """One case in this process: compile, then time matching every entry."""
    payload = json.loads(data.read_text(encoding="utf-8"))
    entries = payload["entries"][:limit] if limit else payload["entries"]
    queries = make_rules(rules, payload["names"])
    if baseline:
        from monitor.rulebook.query import parse_query, terms

        started = time.perf_counter()
        patterns = []
        for query in queries:
            words = sorted({t.text.strip('"') for t in terms(parse_query(query))})
            alternation = "|".join(re.escape(w).replace(r"\ ", r"[\s\-]+") for w in words)
            patterns.append(re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE))
        compiled = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        found = 0
        for entry in entries:
            text = "\n".join((entry["title"], entry["summary"], entry["content"]))
            found += sum(1 for pattern in patterns if pattern.search(text))
        wall, elapsed = time.perf_counter() - started, time.process_time() - cpu
    else:
        from monitor.rulebook.matcher import CompiledRule, Matcher, document_fields
        from monitor.rulebook.query import parse_query

        started = time.perf_counter()
        matcher = Matcher(CompiledRule(f"r{i}", parse_query(q)) for i, q in enumerate(queries))
        compiled = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        found = 0
        for entry in entries:
            found += len(matcher.match(document_fields(**entry)))
        wall, elapsed = time.perf_counter() - started, time.process_time() - cpu
    return {"rules": rules, "entries": len(entries), "seconds": elapsed, "wall": wall,
            "compile": compiled, "hits": found, "rss_mib": _peak_rss_mib()}


def _child(
    data: Path, rules: int, baseline: bool, limit: int | None, repeat: int = 1
) -> dict[str, Any]:
    """The case run `repeat` times, each in a fresh process: the run of median time."""
    command = [sys.executable, __file__, "--case", str(rules), "--data", str(data)]
    if baseline:
        command.append("--baseline")
    if limit:
        command += ["--limit", str(limit)]
    runs: list[dict[str, Any]] = []
    for _ in range(repeat):
        out = subprocess.run(command, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise SystemExit(f"case {rules} failed:\n{out.stderr}")
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return _median_run(runs)


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median time, with every run's time beside it."""
    median = statistics.median_low([run["seconds"] for run in runs])
    result = next(run for run in runs if run["seconds"] == median)
    result["all_seconds"] = [run["seconds"] for run in runs]
    return result


def _paired(
    data: Path, baseline_entries: int, repeat: int
) -> tuple[dict[str, Any], dict[str, Any], list[float]]:
    """monitor and the regex baseline at 1,000 rules, run in turns `repeat` times: each
    side's run of median time, and each pair's speed-up (monitor's rate / the baseline's)."""
    ours: list[dict[str, Any]] = []
    base: list[dict[str, Any]] = []
    ratios: list[float] = []
    for _ in range(repeat):
        ours.append(_child(data, 1_000, False, None))
        base.append(_child(data, 1_000, True, baseline_entries))
        ratios.append((ours[-1]["entries"] / ours[-1]["seconds"])
                      / (base[-1]["entries"] / base[-1]["seconds"]))
    return _median_run(ours), _median_run(base), ratios


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int)
    parser.add_argument("--chinese", action="store_true",
                        help="Chinese entries, 10 and 10,000 rules (not in make bench)")
    parser.add_argument("--baseline-entries", type=int, default=300,
                        help="entries timed for the slow regex baseline (a rate, so a sample)")
    parser.add_argument("--repeat", type=int, default=REPEAT,
                        help="runs of each case; the median time counts")
    parser.add_argument("--case", type=int)
    parser.add_argument("--data", type=Path)
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--limit", type=int)
    args, _ = parser.parse_known_args()
    if args.case is not None:
        print(json.dumps(run_case(args.data, args.case, args.baseline, args.limit)))
        return 0

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    names = make_names(200_000)
    if args.chinese:
        return chinese(names, args.entries or 1_000, args.repeat)
    args.entries = args.entries or 20_000
    print(f"generating {args.entries} entries …", flush=True)
    entries = make_entries(args.entries, names)
    size = sum(len(e["content"]) for e in entries) / len(entries)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data.json"
        data.write_text(json.dumps({"names": names, "entries": entries}), encoding="utf-8")
        print(f"entries: {len(entries)}, mean content {size:.0f} chars, languages "
              f"{', '.join(_WORDS)}", flush=True)
        results = {}
        for count in RULE_COUNTS:
            if count == 1_000:
                # the speed-up's two sides run in turns, so a slow spell of the shared
                # machine falls on both of a pair: the median of the pairs' ratios counts
                result, base, ratios = _paired(data, args.baseline_entries, args.repeat)
            else:
                result = _child(data, count, False, None, args.repeat)
            results[count] = result
            rate = result["entries"] / result["seconds"]
            runs = ", ".join(f"{s:.2f}" for s in result["all_seconds"])
            print(f"monitor  {count:>7,} rules: {rate:9,.0f} entries/s  "
                  f"(match {result['seconds']:.2f} CPU s, median of {runs}; wall "
                  f"{result['wall']:.2f} s; compile "
                  f"{result['compile']:.2f} s, {result['hits']:,} hits, peak RSS "
                  f"{result['rss_mib']:.0f} MiB)", flush=True)
        base_rate = base["entries"] / base["seconds"]
        runs = ", ".join(f"{s:.2f}" for s in base["all_seconds"])
        print(f"baseline   1,000 rules: {base_rate:9,.1f} entries/s  (one regex per rule, "
              f"timed on {base['entries']} entries: {base['seconds']:.2f} CPU s, median of "
              f"{runs}; each run paired with one of monitor's at 1,000 rules, speed-ups "
              f"{', '.join(f'{r:.0f}×' for r in ratios)})", flush=True)
    scaling = results[10_000]["seconds"] / results[10]["seconds"]
    speedup = statistics.median(ratios)
    checks = [
        (f"time(10,000 rules) / time(10 rules) = {scaling:.2f} (target ≤ {TARGET_SCALING:g})",
         scaling <= TARGET_SCALING),
        (f"speed-up over one regex per rule at 1,000 rules = {speedup:,.0f}× "
         f"(target ≥ {TARGET_SPEEDUP:g}×)", speedup >= TARGET_SPEEDUP),
    ]
    extra = results[100_000]["rss_mib"] - results[10]["rss_mib"]
    print(f"peak RSS at 100,000 rules: {results[100_000]['rss_mib']:.0f} MiB "
          f"({extra:.0f} MiB more than at 10 rules; the rest is the bench's own entry data)")
    for text, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'} {text}")
    return 0 if all(ok for _, ok in checks) else 1


def chinese(names: list[str], count: int, repeat: int) -> int:
    """Chinese entries against 10 and 10,000 rules: the time ratio, against the target."""
    print(f"generating {count} Chinese entries …", flush=True)
    entries = make_chinese_entries(count, names)
    size = sum(len(e["content"]) for e in entries) / len(entries)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data.json"
        data.write_text(json.dumps({"names": names, "entries": entries}), encoding="utf-8")
        print(f"entries: {len(entries)}, mean content {size:.0f} characters", flush=True)
        for rules in (10, 10_000):
            result = results[rules] = _child(data, rules, False, None, repeat)
            runs = ", ".join(f"{s:.2f}" for s in result["all_seconds"])
            print(f"monitor  {rules:>7,} rules: {result['entries'] / result['seconds']:9,.0f} "
                  f"entries/s  (match {result['seconds']:.2f} CPU s, median of {runs}; "
                  f"{result['hits']:,} hits)", flush=True)
    scaling = results[10_000]["seconds"] / results[10]["seconds"]
    ok = scaling <= TARGET_SCALING
    print(f"{'PASS' if ok else 'FAIL'} Chinese text: time(10,000 rules) / time(10 rules) = "
          f"{scaling:.2f} (target ≤ {TARGET_SCALING:g})")
    return 0 if ok else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
