"""`monitor rules suggest`: learning rule changes from triage (dismissed vs read/starred
alerts), each measured by a backtest over the stored entries, written only with --apply."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import rss, write_config

from monitor.alerts import Rules, compile_rules, entry_document, mark_alerts, match_pending
from monitor.cli import cli
from monitor.cli_rules import archive_hits
from monitor.config import SourceSpec
from monitor.models import Outcome, SourceState
from monitor.rulebook.files import load_rulebook, parse_rules_text
from monitor.rulebook.matcher import CompiledRule, Matcher
from monitor.rulebook.suggest import Story, learn, stories, suggest, text_words
from monitor.schedule import Schedule, utcnow
from monitor.sources.feeds import parse_feed
from monitor.storage import Alert, AlertFilter, HitDetail, Storage, StoredEntry, open_storage

URL = "https://news.example/feed.xml"
RULES = """\
# Tata watch; these comments must survive --apply.
[[rule]]
id = "tata"          # the group, not the cars
query = "Tata"
severity = "high"

[[rule]]
id = "motors"
query = "Motors"   # tried once, regretted

[[rule]]
id = "jf17"
query = '"JF-17"'
"""
DISMISSED = [
    ("d1", "Tata Motors launches electric SUV", "The carmaker showed its Nexon model."),
    ("d2", "Tata Motors quarterly sales rise", "Passenger vehicle sales grew in March."),
    ("d3", "Tata Motors recalls hatchbacks", "A faulty airbag sensor is to blame."),
    ("d4", "Jaguar owner Tata Motors cuts debt", "The British brand returned to profit."),
    ("d5", "Tata IPL cricket final draws record audience", "Streaming peaked at night."),
    ("d6", "Tata IPL cricket auction opens", "Franchises bid for overseas players."),
]
KEPT = [
    ("k1", "Tata Advanced Systems to build aircraft in defence deal", "Airbus C295 parts.",
     "starred"),
    ("k2", "Tata and Lockheed deepen defence aircraft partnership", "Wings for the C-130J.",
     "read"),
    ("k3", "Tata defence unit wins army contract", "Armoured vehicles for the army.",
     "starred"),
]
UNMARKED = [
    ("u1", "Tata Motors unveils heavy truck", "A new diesel lorry for fleets."),
    ("u2", "Tata defence arm opens Hyderabad plant", "Fuselage panels are made there."),
]
JF17 = [
    ("j1", "JF-17 Thunder shown in Rabat", "Pakistan offers the fighter."),
    ("j2", "JF-17 block III flies", "New radar fitted."),
    ("j3", "JF-17 exported again", "A third buyer signs."),
]


def item(guid: str, title: str, body: str) -> dict[str, str]:
    return {"guid": f"urn:test:{guid}", "title": title,
            "link": f"https://news.example/{guid}", "description": f"<p>{body}</p>"}


class Triage:
    """A state built through the normal API: a source polled once, the rules matched, and
    the alerts marked as a person would mark them."""

    def __init__(self, root: Path) -> None:
        self.rules_dir = root / "rules"
        self.rules_dir.mkdir()
        self.rule_file = self.rules_dir / "watch.toml"
        self.rule_file.write_text(RULES, encoding="utf-8")
        self.state = root / "state"
        self.config = write_config(root / "monitor.toml", [URL], parse_workers=1)
        storage = open_storage(None, self.state)
        try:
            now = utcnow()
            storage.sync_sources([SourceSpec(URL)], now)
            items = [item(*i[:3]) for i in DISMISSED + KEPT + UNMARKED + JF17]
            parsed = parse_feed(rss(items), {"content-type": "application/rss+xml"}, URL)
            storage.record_poll(
                storage.sources()[0], now=now, outcome=Outcome.OK, status=200,
                schedule=Schedule(SourceState.OK, 0, now + timedelta(hours=1)),
                entries=parsed.entries,
            )
            rules = Rules(self.rules_dir)
            assert rules.refresh()
            match_pending(storage, rules, now)
            for guid, *_ in DISMISSED:
                self.mark(storage, "tata", guid, "dismissed")
            for guid, _, _, status in KEPT:
                self.mark(storage, "tata", guid, status)
            for guid in ("d1", "d2", "d3", "d4", "u1"):
                self.mark(storage, "motors", guid, "dismissed")
            self.mark(storage, "jf17", "j1", "starred")
            self.mark(storage, "jf17", "j2", "dismissed")
        finally:
            storage.close()

    @staticmethod
    def mark(storage: Storage, rule: str, guid: str, status: str) -> None:
        link = f"https://news.example/{guid}"
        found = [a.id for a in storage.list_alerts(AlertFilter(rule=rule, status="all"))
                 if a.link == link]
        assert len(found) == 1, (rule, guid)
        mark_alerts(storage, found, status)

    def invoke(self, *args: str) -> Result:
        return CliRunner().invoke(
            cli, ["--config", str(self.config), "--state", str(self.state), *args]
        )

    def ok(self, *args: str) -> Result:
        result = self.invoke(*args)
        assert result.exit_code == 0, (result.output, result.exception)
        return result

    def suggest(self, *args: str) -> dict[str, Any]:
        report: dict[str, Any] = json.loads(self.ok("rules", "suggest", "--json", *args).stdout)
        return {r["rule"]: r for r in report["rules"]}


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MONITOR_CONFIG", "MONITOR_STATE", "MONITOR_RULES", "MONITOR_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One state for the read-only tests (building it polls and matches once)."""
    root = tmp_path_factory.mktemp("triage")
    Triage(root)
    yield root


@pytest.fixture
def triage(tmp_path: Path) -> Triage:
    return Triage(tmp_path)


def _titles(side: dict[str, Any], mark: str) -> set[str]:
    return {s["title"] for s in side["stories"] if s["mark"] == mark}


def _by_kind(rule: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["kind"]: s for s in rule["suggestions"]}


def test_exclusion_removes_the_dismissed_stories_and_keeps_the_starred(triage: Triage) -> None:
    tata = triage.suggest("tata")["tata"]
    # "Tata Motors unveils heavy truck" was dismissed through the motors rule: a mark
    # applies to the story, so tata sees it dismissed too
    assert (tata["marked"], tata["dismissed"], tata["kept"]) == (10, 7, 3)
    exclude = _by_kind(tata)["exclude"]
    assert exclude["query"].startswith("Tata AND NOT ")
    assert "motors" in exclude["words"]
    lost = exclude["lost"]
    assert _titles(lost, "dismissed") == {t for _, t, _ in DISMISSED} | {
        "Tata Motors unveils heavy truck"}
    assert _titles(lost, "kept") == set()
    assert _titles(lost, "unmarked") == set()
    assert exclude["gained"]["stories"] == []


def test_backtest_diff_numbers_match_the_matcher_over_the_archive(triage: Triage) -> None:
    exclude = _by_kind(triage.suggest("tata")["tata"])["exclude"]
    assert (exclude["lost"]["dismissed"], exclude["lost"]["kept"],
            exclude["lost"]["unmarked"]) == (7, 0, 0)
    assert exclude["lost"]["entries"] == 7
    assert (exclude["gained"]["dismissed"], exclude["gained"]["kept"],
            exclude["gained"]["entries"]) == (0, 0, 0)
    # The same numbers, independently: the matcher over the stored entries, and the
    # counts `monitor backtest` gives for the old and the new query.
    before, after = _entry_ids(triage, "Tata"), _entry_ids(triage, exclude["query"])
    assert len(before - after) == 7 and not after - before
    assert sorted(i for s in exclude["lost"]["stories"] for i in s["entries"]) == \
        sorted(before - after)
    assert _backtest_hits(triage, "Tata") - _backtest_hits(triage, exclude["query"]) == 7


def _backtest_hits(triage: Triage, query: str) -> int:
    """How many entries `monitor backtest` finds for a query (from a scratch rules file)."""
    scratch = triage.rule_file.parent.parent / "scratch.toml"
    scratch.write_text(f"[[rule]]\nid = \"scratch\"\nquery = {json.dumps(query)}\n",
                       encoding="utf-8")
    report = json.loads(triage.ok("backtest", "--json", "--rules", str(scratch)).stdout)
    hits: int = report["rules"][0]["hits"]
    return hits


def _entry_ids(triage: Triage, query: str) -> set[int]:
    """The stored entries a query matches, by the project's matcher."""
    rules, problems = parse_rules_text(
        f"[[rule]]\nid = \"x\"\nquery = {json.dumps(query)}\n", Path("x.toml"))
    assert not problems
    matcher = compile_rules(rules)
    storage = open_storage(None, triage.state)
    try:
        entries = storage.entries_since(utcnow() - timedelta(days=1))
    finally:
        storage.close()
    return {e.id for e in entries if matcher.match(entry_document(e))}


def test_suggest_writes_nothing_without_apply(triage: Triage) -> None:
    before = triage.rule_file.read_bytes()
    stamp = triage.rule_file.stat().st_mtime_ns
    out = triage.ok("rules", "suggest").stdout
    triage.suggest()
    assert "1. exclude: Tata AND NOT (" in out
    assert "nothing was changed; write one with `monitor rules suggest --apply N`" in out
    assert triage.rule_file.read_bytes() == before
    assert triage.rule_file.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in triage.rules_dir.iterdir()) == ["watch.toml"]


def test_apply_writes_a_valid_file_and_keeps_the_comments(triage: Triage) -> None:
    exclude = _by_kind(triage.suggest()["tata"])["exclude"]
    out = triage.ok("rules", "suggest", "--apply", str(exclude["number"])).stdout
    assert f"applied suggestion {exclude['number']} to rule tata" in out
    text = triage.rule_file.read_text(encoding="utf-8")
    assert "# Tata watch; these comments must survive --apply." in text
    assert 'id = "tata"          # the group, not the cars' in text
    assert "# tried once, regretted" in text
    assert "Tata AND NOT (" in text
    assert "rules in 1 file(s)" in triage.ok("rules", "check").stdout
    book = load_rulebook(triage.rules_dir)
    tata = book.get("tata")
    assert tata is not None and tata.query == exclude["query"]
    assert [r.query for r in book.rules if r.id != "tata"] == ['Motors', '"JF-17"']
    # Applied, the rule no longer finds what was dismissed and still finds what was kept.
    found = _entry_ids(triage, tata.query)
    lost = {i for s in exclude["lost"]["stories"] for i in s["entries"]}
    assert not found & lost
    assert len(found) == len(KEPT) + 1  # the kept stories and the unmarked defence one


def test_apply_drop_disables_the_rule(triage: Triage) -> None:
    drop = _by_kind(triage.suggest()["motors"])["drop"]
    assert drop["query"] is None and drop["lost"]["dismissed"] == 5
    triage.ok("rules", "suggest", "--apply", str(drop["number"]))
    motors = load_rulebook(triage.rules_dir).get("motors")
    assert motors is not None and not motors.enabled
    assert "# tried once, regretted" in triage.rule_file.read_text(encoding="utf-8")


def test_apply_of_an_unknown_number_says_what_to_do(triage: Triage) -> None:
    before = triage.rule_file.read_bytes()
    result = triage.invoke("rules", "suggest", "--apply", "99")
    assert result.exit_code == 1
    assert "no suggestion 99" in str(result.exception)
    assert "run `monitor rules suggest` again" in str(result.exception)
    assert triage.rule_file.read_bytes() == before


def test_a_rule_with_too_few_marks_says_so(built: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    monkeypatch.chdir(built)
    result = CliRunner().invoke(cli, ["--config", "monitor.toml", "--state", "state",
                                      "rules", "suggest", "jf17"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "rule jf17: 2 marked stories, need at least 5"
    report = json.loads(CliRunner().invoke(cli, [
        "--config", "monitor.toml", "--state", "state", "rules", "suggest", "jf17", "--json",
    ]).stdout)
    assert report["rules"] == [{"rule": "jf17", "marked": 2, "dismissed": 1, "kept": 1,
                                "note": "rule jf17: 2 marked stories, need at least 5",
                                "suggestions": []}]


def test_an_unknown_rule_says_where_the_ids_are(built: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    monkeypatch.chdir(built)
    result = CliRunner().invoke(cli, ["--config", "monitor.toml", "--state", "state",
                                      "rules", "suggest", "nope"])
    assert result.exit_code == 1
    assert "no rule 'nope'; `monitor rules list` shows the ids" in str(result.exception)


# -- words in any script ------------------------------------------------------------------


def test_words_skip_numbers_and_give_two_character_runs_where_no_spaces_are_written() -> None:
    words = text_words("Tata 2024 北京航空 اتفاقية")
    assert "tata" in words and "2024" not in words
    assert words["北 京"] == "北京" and words["航 空"] == "航空" and "北" not in words
    assert "اتفاقيه" in words  # folded (teh marbuta), its surface kept for the query


def _story(key: str, mark: str, text: str) -> Story:
    words = frozenset(text_words(text))
    return Story(key, text, mark, (), words, words)


def test_learning_works_in_arabic_and_ignores_its_common_words() -> None:
    rule = load_rulebook_text('[[rule]]\nid = "tata"\nquery = "تاتا"\n')
    found = [
        _story("d1", "dismissed", "تاتا موتورز تطلق سيارة كهربائية في الهند"),
        _story("d2", "dismissed", "مبيعات تاتا موتورز ترتفع في مارس"),
        _story("d3", "dismissed", "تاتا موتورز تستدعي سيارات"),
        _story("k1", "kept", "تاتا توقع صفقة دفاع مع المغرب"),
        _story("k2", "kept", "مصنع تاتا للدفاع في المغرب"),
    ]
    surfaces = {w: s for story in found for w, s in text_words(story.title).items()}
    _, changes = learn(rule, found, surfaces)
    by_kind = {c.kind: c for c in changes}
    assert by_kind["exclude"].words == ("موتورز",)
    assert by_kind["exclude"].query == "تاتا AND NOT موتورز"
    assert "في" not in by_kind["context"].words  # in kept and dismissed, and common anyway
    assert set(by_kind["context"].words) <= {"المغرب", "دفاع", "للدفاع"}


def load_rulebook_text(text: str) -> Any:
    rules, problems = parse_rules_text(text, Path("x.toml"))
    assert not problems
    return rules[0]


def test_learning_works_in_chinese_with_two_character_words() -> None:
    rule = load_rulebook_text('[[rule]]\nid = "tata"\nquery = "塔塔"\n')
    found = [
        _story("d1", "dismissed", "塔塔汽车发布新款电动车"),
        _story("d2", "dismissed", "塔塔汽车销量上升"),
        _story("d3", "dismissed", "塔塔汽车召回车辆"),
        _story("k1", "kept", "塔塔集团与空客签署国防协议"),
        _story("k2", "kept", "塔塔国防部门赢得陆军合同"),
    ]
    surfaces = {w: s for story in found for w, s in text_words(story.title).items()}
    _, changes = learn(rule, found, surfaces)
    exclude = next(c for c in changes if c.kind == "exclude")
    assert exclude.words == ("汽车",)
    matcher = compile_rules([load_rulebook_text(
        f'[[rule]]\nid = "tata"\nquery = {json.dumps(exclude.query, ensure_ascii=False)}\n')])
    assert not matcher.match({"title": "塔塔汽车销量上升"})
    assert matcher.match({"title": "塔塔国防部门赢得陆军合同"})


# -- the decisions alone: records in, suggestions out ---------------------------------------


def _entry(number: int, title: str, body: str) -> StoredEntry:
    return StoredEntry(number, 1, title, body, body, None, f"https://news.example/{number}",
                       "2026-11-01T00:00:00Z", URL, "News")


def test_near_is_proposed_when_a_dismissed_story_has_the_word_far_from_the_name() -> None:
    filler = " ".join(["plain"] * 20)
    kept_texts = ["Tata defence deal signed", "Tata defence unit hires", "Tata defence arm grows",
                  "Tata defence exports rise", "Tata defence plant opens"]
    dismissed_texts = [f"Tata Motors model {n} launched" for n in range(9)]
    dismissed_texts.append(f"Tata Motors sells cars {filler} to the defence ministry")
    entries = {i: _entry(i, text, text)
               for i, text in enumerate(kept_texts + dismissed_texts, 1)}
    alerts = [Alert(i, "tata", "normal", "starred" if i <= len(kept_texts) else "dismissed",
                    e.title, e.link, [URL], e.date, "") for i, e in entries.items()]
    hits = [HitDetail(i, i, e.title, e.link, URL, "News", None, e.date, [], "")
            for i, e in entries.items()]
    found, entry_story, surfaces = stories(alerts, hits, entries)
    rule = load_rulebook_text('[[rule]]\nid = "tata"\nquery = "Tata"\n')

    def scan(compiled: Sequence[CompiledRule]) -> dict[str, set[int]]:
        pairs = archive_hits(entries.values(), Matcher(compiled))
        return {key: {entry.id for entry, _ in found} for key, found in pairs.items()}

    [advice] = suggest([rule], {"tata": (found, entry_story)}, surfaces, entries, scan)
    by_kind = {s.change.kind: s for s in advice.suggestions}
    assert [s.number for s in advice.suggestions] == [1, 2]
    assert by_kind["exclude"].change.query == "Tata AND NOT motors"
    context = by_kind["context"]
    assert context.change.query == "Tata NEAR/10 defence"  # AND would keep the ministry story
    assert (context.lost.count("dismissed"), context.lost.count("kept")) == (10, 0)
    assert context.gained.stories == ()
