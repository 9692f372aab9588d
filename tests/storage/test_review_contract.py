"""What the review page reads, on both engines: stories new and in all per rule."""

from __future__ import annotations

from datetime import timedelta

from monitor.schedule import iso
from monitor.storage import Storage
from tests.storage.test_contract import NOW, A, alert, entry, poll, with_sources


def test_story_counts_count_each_rule_of_a_shared_story(storage: Storage) -> None:
    one, _ = storage.add_alert(alert("tata", "https://a.example/1", "Tata builds"))
    two, _ = storage.add_alert(alert("tata", "https://a.example/2", "Tata sells"))
    storage.add_story_rule(one, "jf17", "normal", iso(NOW))
    storage.mark_alerts([two], "read")
    storage.mark_alerts([one], "starred")  # a flag: still new
    assert storage.story_counts() == {"tata": (1, 2), "jf17": (1, 1)}
    storage.mark_alerts([one], "dismissed")
    assert storage.story_counts() == {"tata": (0, 2), "jf17": (0, 1)}


def test_one_entry_with_its_stored_text(storage: Storage) -> None:
    [a] = with_sources(storage, A)
    poll(storage, a, [entry("1", "Report", "The whole stored text.")])
    [stored] = storage.entries_since(NOW - timedelta(days=1))
    found = storage.entry(stored.id)
    assert found is not None
    assert (found.title, found.summary_text, found.source_url) == (
        "Report", "The whole stored text.", A)
    assert storage.entry(stored.id + 1000) is None
