"""Quality of rules `monitor derive --write` proposes, unedited (issue 12).

Each directory of tests/data/derive/ holds a seed (seed.txt), items about its story and
decoys that share its words (items.jsonl, each marked on_topic), and meta.json (with
held_out: seeds kept out of derive's tuning). The rules derive writes for the seed are
matched, as written, against the items with the project's matcher: an item is caught when
any rule hits it. Every figure is printed (`pytest -s`); held-out seeds are marked, and
`-k "not heldout"` leaves them out. Each rule set is also matched against the shared
corpus's real feeds (other years, other subjects), where every hit is a false one, and
against the other dev seeds' items, other stories in many scripts (a few name the same
town or company).

The first seed's derived rules are also measured on tests/data/labelled.jsonl beside its
hand-reviewed rules (an item is on the story when it expects any rule).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.alerts import compile_rules
from monitor.cli import cli
from monitor.rulebook.files import load_rulebook
from monitor.rulebook.matcher import Matcher, document_fields

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "derive"
FIRST_SEED = ROOT / "seeds" / "000_6a3129ab3dcccdcb.txt"
LABELLED = ROOT / "tests" / "data" / "labelled.jsonl"
MIN_PRECISION = 0.95
MIN_RECALL = 0.90
# The first seed's derived rules may trail its hand-reviewed ones by this much (F1).
FIRST_SEED_GAP = 0.15
# Real publishers' feeds of other years and subjects (the shared corpus): a derived rule
# set may hit at most this share of their entries, which are none of its story.
BACKGROUND = ROOT.parent / "shared" / "corpus" / "real-feeds"
MAX_BACKGROUND_SHARE = 0.01
BACKGROUND_CHARS = 2000  # of each entry's summary
# The other dev seeds' items, in many languages and scripts, are other stories: a rule set
# may hit at most this share of them (a few name the same town or company, fairly).
MAX_OTHER_STORIES_SHARE = 0.01


def _seeds() -> list[tuple[str, bool]]:
    out = []
    for folder in sorted(p for p in DEV.iterdir() if (p / "seed.txt").exists()) \
            if DEV.exists() else []:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        out.append((folder.name, bool(meta.get("held_out"))))
    return out


# Dev seeds still below the bar, and why (the figures are checked as asserted; strict, so
# a seed that reaches the bar must leave this list).
_BELOW_BAR = {
    "th_land_bridge": "half its items name the project by its translations (陆桥, "
    "pont terrestre, Landbrücke, cầu đất liền, ランドブリッジ read from land bridge) or by "
    "the Kra isthmus and the Malacca strait; its Thai people (เศรษฐา ทวีสิน, แพทองธาร "
    "ชินวัตร) are made of everyday Thai words, which rarity does not find",
    "ar_qatar_northfield": "about a third of its items name the story only by translated "
    "names the seed gives in Arabic alone (QatarEnergy = قطر للطاقة, North Field = حقل "
    "الشمال, 卡塔尔能源, 北方气田) or by partners the seed does not name (Sinopec, CNPC)",
    "ru_power_of_siberia2": "the press abroad translates its pipeline's name (Power of "
    "Siberia 2, 西伯利亚力量2号, シベリアの力2, قوة سيبيريا 2) and its decoys are the first Power "
    "of Siberia, which only the 2 tells apart; heads of state the seed names often (Си "
    "Цзиньпин) still rank as names",
    "id_morowali_nickel": "about twenty of its items tell the nickel ore export ban and the "
    "WTO case, background the seed gives in common words (larangan ekspor bijih nikel) "
    "with none of the story's names",
    "pt_embraer_boeing": "its decoys name Embraer and Boeing together in other business "
    "(an airline's order of both, engineers hired away, a biofuel centre, Embraer's C-390 "
    "sold to Hungary), which no seed word tells from the joint venture's",
    "ko_korea_zinc": "its decoys are its companies in other business (MBK Partners' "
    "Homeplus and Osstem buyouts, Korea Zinc's plant with LG Chem, Choi Yun-beom's other "
    "office), which Korea beside their names, as the press abroad places the story, does "
    "not tell apart; and the press translates 고려아연 (Korea Zinc, كوريا زنك), which no "
    "reading finds",
    "vi_formosa_hatinh": "half its items tell the fish deaths and the trials in common words "
    "or by activists the seed does not name (Trần Thị Nga); Formosa alone is a common word "
    "and Taiwan's old name, so it needs the seed's own names near it, and the Chinese press "
    "writes Formosa Plastics 台塑, which no dictionary here gives",
    "ur_gwadar_airport": "its names are common Urdu loanwords (نیو گوادر انٹرنیشنل ایئرپورٹ: "
    "new, international, airport) around one town, Gwadar, and half its items are other "
    "events in that town (attacks, sit-ins) that the story's definition includes",
    # written by helpers in 2026-12 in languages derive had no seed in, then tuned on
    "it_ilva_taranto": "Ilva is also a Danish furniture chain and needs context, and the "
    "press abroad tells Taranto's health studies and court rulings without the seed's "
    "names or writes them translated (塔兰托钢铁厂, مصنع الصلب في تارانتو)",
    "cs_dukovany_khnp": "ČEZ and Westinghouse are in each other's other news (fuel for "
    "Temelín, GasNet), and the press abroad names the story by KHNP's and EDF's court "
    "case in words the Czech seed does not use (한수원, 체코 원전)",
    "hu_budapest_belgrade_rail": "the Novi Sad station items name only the town and "
    "Serbia; the Chinese press writes the railway 匈塞铁路, the Greek press the route in "
    "the genitive (Βουδαπέστης–Βελιγραδίου), the Serbian press its sections (Нови Сад–"
    "Суботица); and its decoys are the story's lenders and builders elsewhere",
    "sv_northvolt_skelleftea": "Northvolt, the company of its plant Northvolt Ett, is the "
    "story's name by itself and alerts on the company's plants in Germany and Quebec",
}


def _param(name: str, held_out: bool):  # type: ignore[no-untyped-def]
    if held_out:
        # measured and printed, never a gate: nothing may be tuned to pass it
        marks = [pytest.mark.xfail(strict=False, reason="held-out seed: figures reported")]
    elif name in _BELOW_BAR:
        marks = [pytest.mark.xfail(strict=True, reason=_BELOW_BAR[name])]
    else:
        marks = []
    return pytest.param(name, id=f"heldout-{name}" if held_out else f"dev-{name}",
                        marks=marks)


@dataclass
class Figures:
    """Item-level counts: caught on-topic items, caught decoys, missed on-topic items."""

    tp: int
    fp: int
    fn: int
    misses: list[str]
    false_hits: list[str]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        return (f"precision {self.precision:.3f} recall {self.recall:.3f} f1 {self.f1:.3f} "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})")


def _derive_rules(seed: Path, target: Path) -> Matcher:
    result = CliRunner().invoke(cli, ["derive", str(seed), "--write", str(target)])
    assert result.exit_code == 0, result.output
    return compile_rules(load_rulebook(target).enabled)


def _measure(matcher: Matcher, items: list[dict], on_topic: str) -> Figures:
    figures = Figures(0, 0, 0, [], [])
    for item in items:
        fields = document_fields(title=item.get("title", ""), summary=item.get("summary", ""),
                                 content=item.get("content", ""), link=item.get("link", ""))
        hits = matcher.match(fields)
        wanted = bool(item[on_topic])
        if hits and wanted:
            figures.tp += 1
        elif hits:
            figures.fp += 1
            figures.false_hits.append(f"{item['id']} ({', '.join(h.rule_id for h in hits)}): "
                                      f"{item.get('title', '')[:70]}")
        elif wanted:
            figures.fn += 1
            figures.misses.append(f"{item['id']} [{item.get('lang', '?')}]: "
                                  f"{item.get('title', '')[:70]}")
    return figures


_background_entries: list[dict] = []


def _background() -> list[dict]:
    """The real feeds' entries (title and the start of the summary), parsed once."""
    if not _background_entries and BACKGROUND.is_dir():
        import feedparser

        for path in sorted(BACKGROUND.rglob("*")):
            if path.is_file() and path.suffix not in (".md", ".tsv"):
                for entry in feedparser.parse(path.read_bytes()).entries:
                    _background_entries.append({
                        "id": f"{path.name}: {entry.get('title', '')[:60]}",
                        "title": entry.get("title", ""),
                        "summary": entry.get("summary", "")[:BACKGROUND_CHARS],
                        "on_topic": False})
    return _background_entries


def _items(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _other_stories(slug: str) -> list[dict]:
    """Every item of the other dev seeds (held-out ones stay out of every measure that
    gates), marked off-topic: each tells another story."""
    return [{**item, "on_topic": False} for name, held_out in _seeds()
            if name != slug and not held_out for item in _items(DEV / name / "items.jsonl")]


@pytest.mark.parametrize("slug", [_param(n, h) for n, h in _seeds()])
def test_derived_rules_catch_the_story_and_not_its_decoys(slug: str, tmp_path: Path) -> None:
    folder = DEV / slug
    held_out = json.loads((folder / "meta.json").read_text(encoding="utf-8")).get("held_out")
    matcher = _derive_rules(folder / "seed.txt", tmp_path / f"{slug}.toml")
    figures = _measure(matcher, _items(folder / "items.jsonl"), "on_topic")
    background = _measure(matcher, _background(), "on_topic")
    others = _other_stories(slug)
    elsewhere = _measure(matcher, others, "on_topic")
    report = "\n".join(
        [f"{'HELD-OUT ' if held_out else ''}{slug}: {figures.line()}",
         f"  background: {background.fp} of {len(_background())} unrelated feed entries hit",
         f"  other stories: {elsewhere.fp} of {len(others)} other dev seeds' items hit"]
        + [f"  missed {m}" for m in figures.misses]
        + [f"  decoy hit {d}" for d in figures.false_hits]
        + [f"  background hit {d}" for d in background.false_hits]
        + [f"  other story hit {d}" for d in elsewhere.false_hits]
    )
    print("\n" + report)
    assert figures.precision >= MIN_PRECISION, report
    assert figures.recall >= MIN_RECALL, report
    assert background.fp <= MAX_BACKGROUND_SHARE * len(_background()), report
    assert elsewhere.fp <= MAX_OTHER_STORIES_SHARE * len(others), report


def test_dev_set_is_there() -> None:
    """The measurement needs seeds: an empty dev set must not pass silently."""
    assert _seeds(), f"no seeds in {DEV}"


def test_first_seed_derived_rules_come_close_to_the_reviewed_ones(tmp_path: Path) -> None:
    items = _items(LABELLED)
    for item in items:
        item["story"] = bool(item["expect"])
    reviewed = _measure(compile_rules(load_rulebook(ROOT / "rules").enabled), items, "story")
    derived = _measure(_derive_rules(FIRST_SEED, tmp_path / "first.toml"), items, "story")
    report = "\n".join(
        [f"first seed, reviewed rules: {reviewed.line()}",
         f"first seed, derived rules:  {derived.line()}"]
        + [f"  derived missed {m}" for m in derived.misses]
        + [f"  derived decoy hit {d}" for d in derived.false_hits]
    )
    print("\n" + report)
    assert reviewed.precision >= 0.9 and reviewed.recall >= 0.9, report
    assert derived.f1 >= reviewed.f1 - FIRST_SEED_GAP, report
