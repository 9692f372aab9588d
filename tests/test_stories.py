"""Which entries are one story, and a story as one row: near duplicates fold (syndicated
copies with other headlines, in several scripts), the same template with another number or
name stays apart, the lookup does not grow with the number of stories, and a story that
several rules hit is one row in digests and notifications, delivered once per channel."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_config

from monitor import stories
from monitor.alerts import Rules, list_alerts, match_pending, story_detail
from monitor.config import SourceSpec
from monitor.delivery.outbox import delivery_key, enqueue_immediate
from monitor.digest import build_digest, render_digest
from monitor.models import Entry, Outcome, SourceState
from monitor.rulebook.files import load_rulebook
from monitor.schedule import Schedule
from monitor.storage import ChannelFlags, Storage
from monitor.storage.sqlite import SqliteStorage

NOW = datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC)
FEEDS = ["https://a.example/feed", "https://b.example/feed", "https://c.example/feed",
         "https://d.example/feed"]

RULES = """\
[[rule]]
id = "khalid"
query = '"Al-Khalid" OR "الخالد" OR "अल-खालिद" OR "الخالد ٹینک"'
severity = "high"
deliver = "daily"

[[rule]]
id = "pakistan"
query = "Pakistan OR باكستان OR पाकिस्तान OR پاکستان"
severity = "normal"
deliver = "immediate"

[[rule]]
id = "morocco"
query = "Morocco OR المغرب OR मोरक्को OR مراکش"
severity = "low"
deliver = "weekly"

[[rule]]
id = "feeds"
query = "feed OR Day"
severity = "low"
"""

BODY = {
    "en": "Pakistan has offered its Al-Khalid main battle tanks to Morocco, officials said "
          "on Tuesday, as the two countries deepen defence ties after talks in Rabat about "
          "JF-17 fighters and armoured vehicles built at Heavy Industries Taxila.",
    "ar": "عرضت باكستان دبابات الخالد القتالية الرئيسية على المغرب، حسبما قال مسؤولون يوم "
          "الثلاثاء، في الوقت الذي يعمق فيه البلدان علاقاتهما الدفاعية بعد محادثات في الرباط "
          "حول مقاتلات جي إف 17 والمركبات المدرعة.",
    "hi": "पाकिस्तान ने मोरक्को को अपने अल-खालिद मुख्य युद्धक टैंक की पेशकश की है, अधिकारियों ने "
          "मंगलवार को कहा, क्योंकि दोनों देश रबात में जेएफ-17 लड़ाकू विमानों और बख्तरबंद "
          "वाहनों पर बातचीत के बाद रक्षा संबंध गहरे कर रहे हैं।",
    "ur": "پاکستان نے مراکش کو الخالد ٹینک کی پیشکش کی ہے، حکام نے منگل کو بتایا، جب کہ دونوں "
          "ممالک رباط میں جے ایف 17 لڑاکا طیاروں اور بکتر بند گاڑیوں پر بات چیت کے بعد "
          "دفاعی تعلقات کو مضبوط بنا رہے ہیں۔",
}


def entry(guid: str, title: str, body: str, link: str | None = None) -> Entry:
    return Entry(
        identity=f"guid:{guid}", guid=guid, link=link or f"https://news.example/{guid}",
        title=title, author=None, published=None, updated=None, summary_html=body,
        summary_text=body, content_html="", content_text="", language=None,
        content_hash=f"{guid}-{title}-{body}",
    )


class World:
    """A SQLite store with four sources and the rules above; `add` stores and matches."""

    def __init__(self, tmp_path: Path) -> None:
        self.store: Storage = SqliteStorage(tmp_path / "state")
        self.store.sync_sources([SourceSpec(url) for url in FEEDS], NOW)
        self.sources = {s.url: s for s in self.store.sources()}
        self.rules_dir = tmp_path / "rules"
        self.rules_dir.mkdir()
        (self.rules_dir / "watch.toml").write_text(RULES, encoding="utf-8")
        self.rules = Rules(self.rules_dir)
        assert self.rules.refresh()

    def add(self, feed: int, *entries: Entry, now: datetime = NOW) -> int:
        self.store.record_poll(
            self.sources[FEEDS[feed]], now=now, outcome=Outcome.OK,
            schedule=Schedule(SourceState.OK, 0, now + timedelta(minutes=30)), status=200,
            error=None, entries=list(entries), size=10, duration=0.1,
        )
        return match_pending(self.store, self.rules, now)[1]

    def rows(self, **filters: str) -> list[tuple[str, list[str]]]:
        return [(a.title, a.rules) for a in list_alerts(self.store, **filters)]  # type: ignore[arg-type]


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


# -- one story, one row -----------------------------------------------------------------------


def test_a_story_four_rules_hit_in_four_feeds_is_one_row(world: World) -> None:
    title = "Pakistan offers Al-Khalid tanks to Morocco"
    for feed in range(4):  # every feed its own link: folded by text
        world.add(feed, entry(f"k{feed}", title, BODY["en"],
                              link=f"https://site{feed}.example/tanks"))
    [story] = list_alerts(world.store)
    assert story.rules == ["khalid", "pakistan", "morocco"]
    assert (story.rule, story.severity) == ("khalid", "high")
    assert sorted(story.sources) == sorted(FEEDS)
    for rule in ("khalid", "pakistan", "morocco"):
        assert [a.id for a in list_alerts(world.store, rule=rule)] == [story.id]


@pytest.mark.parametrize("language", ["en", "ar", "hi", "ur"])
def test_syndicated_copies_with_other_headlines_fold(world: World, language: str) -> None:
    headlines = {
        "en": ("Pakistan offers Al-Khalid tanks to Morocco",
               "Morocco weighs Pakistani armour as Rabat talks go on"),
        "ar": ("باكستان تعرض دبابات الخالد على المغرب", "المغرب يدرس عرضا دفاعيا من باكستان"),
        "hi": ("पाकिस्तान ने मोरक्को को अल-खालिद टैंक की पेशकश की",
               "रबात वार्ता: मोरक्को के लिए पाकिस्तानी टैंक"),
        "ur": ("پاکستان کی مراکش کو الخالد ٹینک کی پیشکش",
               "رباط مذاکرات: پاکستانی ٹینک مراکش کے لیے"),
    }[language]
    body = BODY[language]
    world.add(0, entry("one", headlines[0], body, link="https://wire.example/story"))
    world.add(1, entry("two", headlines[1], body + " (Agencies)",
                       link="https://paper.example/other-url"))
    [story] = list_alerts(world.store)
    assert sorted(story.sources) == sorted(FEEDS[:2])
    assert story.title == headlines[0]


@pytest.mark.parametrize(("one", "other"), [
    ("Test feed 12", "Test feed 13"),
    ("Day 12 of the harbour strike in Tangier", "Day 13 of the harbour strike in Tangier"),
    ("Pakistan offers tanks to Morocco", "Pakistan offers tanks to Nigeria"),
    ("اليوم ١٢ من الإضراب في ميناء طنجة", "اليوم ١٣ من الإضراب في ميناء طنجة"),
    ("पाकिस्तान ने मोरक्को को टैंक दिए", "पाकिस्तान ने नाइजीरिया को टैंक दिए"),
    ("پاکستان نے مراکش کو ٹینک دیے", "پاکستان نے نائجیریا کو ٹینک دیے"),
])
def test_the_same_template_with_another_number_or_name_stays_apart(
    world: World, one: str, other: str
) -> None:
    shared = "Daily report. " + BODY["en"]  # even with the very same text below the title
    world.add(0, entry("one", one, shared))
    world.add(1, entry("two", other, shared))
    assert sorted(a.title for a in list_alerts(world.store)) == sorted([one, other])


def test_a_copy_with_the_same_headline_and_little_text_folds(world: World) -> None:
    title = "Pakistan offers Al-Khalid tanks to Morocco"
    world.add(0, entry("one", title, "", link="https://a.example/1"))
    world.add(1, entry("two", title + " - Dawn", "", link="https://b.example/2"))
    assert len(list_alerts(world.store)) == 1


def test_unrelated_stories_stay_apart(world: World) -> None:
    world.add(0, entry("one", "Pakistan offers Al-Khalid tanks to Morocco", BODY["en"]))
    world.add(1, entry("two", "Morocco wins the football cup",
                       "The national team won the cup final in Rabat on Sunday night."))
    assert len(list_alerts(world.store)) == 2


def test_an_old_story_does_not_take_a_new_copy(world: World) -> None:
    title = "Pakistan offers Al-Khalid tanks to Morocco"
    world.add(0, entry("one", title, BODY["en"], link="https://a.example/1"))
    later = NOW + timedelta(days=5)
    world.add(1, entry("two", title, BODY["en"], link="https://b.example/2"), now=later)
    assert len(list_alerts(world.store)) == 2


def test_finding_the_story_does_not_grow_with_the_number_of_stories(world: World) -> None:
    world.add(0, *[
        entry(f"n{i}", f"Pakistan bulletin {i} on Morocco",
              f"Item {i}: " + " ".join(f"word{i}x{j}" for j in range(40)))
        for i in range(300)
    ])
    assert len(list_alerts(world.store, limit=1000)) == 300
    found = stories.fingerprint("Pakistan offers Al-Khalid tanks to Morocco", BODY["en"])
    # the band lookup returns only stories sharing a band, not every recent one
    assert world.store.story_candidates(found.bands, NOW - timedelta(days=3)) == []
    world.add(1, entry("k", "Pakistan offers Al-Khalid tanks to Morocco", BODY["en"]))
    again = stories.fingerprint("Pakistan offers Al-Khalid tanks to Morocco", BODY["en"])
    assert len(world.store.story_candidates(again.bands, NOW - timedelta(days=3))) == 1


def test_the_signature_is_the_same_in_every_process() -> None:
    one = stories.fingerprint("Tata builds WhAP", BODY["en"])
    assert stories.decode_signature(stories.encode_signature(one.signature)) == one.signature
    # fixed seeds, no process-salted hash(): a known band key never changes
    assert one.bands == stories.fingerprint("Tata builds WhAP", BODY["en"]).bands
    assert len(one.bands) == stories.BANDS and len(set(one.bands)) == stories.BANDS


# -- marks, show, digests, notifications --------------------------------------------------------


def test_show_prints_every_source_the_terms_per_rule_and_the_text(world: World) -> None:
    title = "Pakistan offers Al-Khalid tanks to Morocco"
    world.add(0, entry("one", title, BODY["en"], link="https://a.example/tanks"))
    world.add(1, entry("two", "Morocco weighs Pakistani armour", BODY["en"],
                       link="https://b.example/armour"))
    [story] = list_alerts(world.store)
    detail = story_detail(world.store, story.id)
    assert detail is not None
    assert [s.link for s in detail.sources] == ["https://a.example/tanks",
                                                 "https://b.example/armour"]
    assert detail.terms["khalid"] == ["Al-Khalid"]
    assert detail.terms["pakistan"] == ["Pakistan"]
    assert detail.texts == [BODY["en"]]
    text = detail.as_text()
    for needle in ("https://a.example/tanks", "https://b.example/armour", "khalid: Al-Khalid",
                   "morocco: Morocco", BODY["en"], "Snippet:"):
        assert needle in text
    assert story_detail(world.store, 999) is None


def test_alerts_show_on_the_command_line(tmp_path: Path) -> None:
    from monitor.cli import cli

    world = World(tmp_path)
    world.add(0, entry("one", "Pakistan offers Al-Khalid tanks to Morocco", BODY["en"]))
    world.store.close()
    config = write_config(tmp_path / "monitor.toml", FEEDS)
    args = ["--config", str(config), "--state", str(tmp_path / "state")]
    shown = CliRunner().invoke(cli, [*args, "alerts", "show", "1"])
    assert shown.exit_code == 0, shown.output
    assert "Al-Khalid" in shown.output and FEEDS[0].split("/")[2] in shown.output
    assert "khalid: Al-Khalid" in shown.output and BODY["en"] in shown.output
    as_json = CliRunner().invoke(cli, [*args, "alerts", "show", "1", "--json"])
    assert '"rules": ["khalid", "pakistan", "morocco"]' in as_json.output
    # the snippet is drawn from its spans: no in-band ** in the text, spans in the JSON
    assert "**" not in shown.output
    shown_json = json.loads(as_json.output)
    marked = [shown_json["snippet"][a:b] for a, b in shown_json["marks"]]
    assert marked == ["Al-Khalid"]  # the snippet of the hit that made the story
    missing = CliRunner().invoke(cli, [*args, "alerts", "show", "99"])
    assert missing.exit_code == 1 and "no alert 99" in str(missing.exception)


def test_a_digest_shows_a_story_once_naming_its_other_rules(world: World) -> None:
    world.add(0, entry("one", "Pakistan offers Al-Khalid tanks to Morocco", BODY["en"]))
    book = load_rulebook(world.rules_dir)
    window = {"start": NOW - timedelta(days=1), "end": NOW + timedelta(hours=1)}
    digest = build_digest(world.store, **window, rulebook=book)
    assert [(g.rule_id, [a.rules for a in g.alerts]) for g in digest.groups] == [
        ("khalid", [["khalid", "pakistan", "morocco"]])]
    assert "also matched: pakistan, morocco" in render_digest(digest, "markdown")
    assert "also matched: pakistan, morocco" in render_digest(digest, "html")
    # a --rule digest of one of its other rules shows it under that rule
    only = build_digest(world.store, **window, rulebook=book, rule_ids=["morocco"])
    assert [(g.rule_id, len(g.alerts)) for g in only.groups] == [("morocco", 1)]
    # soonest cadence: an immediate rule among its rules puts it in the daily digest, and
    # so not in the weekly one, though a weekly rule hit it too
    daily = build_digest(world.store, **window, rulebook=book, delivers=("daily", "immediate"))
    weekly = build_digest(world.store, **window, rulebook=book, delivers=("weekly",))
    assert (daily.total, weekly.total) == (1, 0)


def test_a_story_goes_out_once_per_channel_with_a_stable_id(world: World) -> None:
    world.store.remember_channels(["mail", "push"], NOW - timedelta(hours=1))
    world.add(0, entry("one", "Pakistan offers Al-Khalid tanks to Morocco", BODY["en"]))
    book = load_rulebook(world.rules_dir)
    flags = [ChannelFlags("mail", True, False), ChannelFlags("push", True, False)]
    added = world.store.enqueue_immediate(flags, {r.id for r in book.rules
                                                  if r.deliver == "immediate"}, NOW)
    assert added == 2  # one per channel, though three rules hit the story
    rows = world.store.list_deliveries(limit=10)
    assert sorted(r.channel for r in rows) == ["mail", "push"]
    [story] = list_alerts(world.store)
    assert {r.alert_id for r in rows} == {story.id}
    # another rule hitting the story later sends nothing more
    world.add(1, entry("two", "Pakistan offers Al-Khalid tanks to Morocco", BODY["en"]))
    assert world.store.enqueue_immediate(flags, {"pakistan"}, NOW) == 0
    keys = {delivery_key(world.store, r) for r in rows}
    assert len(keys) == 2


def test_an_immediate_rule_makes_its_story_immediate_through_the_outbox(world: World) -> None:
    from monitor.config import Channel

    world.store.remember_channels(["mail"], NOW - timedelta(hours=1))
    world.add(0, entry("one", "Pakistan offers Al-Khalid tanks to Morocco", BODY["en"]))
    book = load_rulebook(world.rules_dir)
    channel = Channel(name="mail", url="mailto://x@127.0.0.1", immediate=True)
    assert enqueue_immediate(world.store, [channel], book, NOW) == 1
