"""What the review page reads, on both engines: stories new and in all per rule."""

from __future__ import annotations

from monitor.schedule import iso
from monitor.storage import Storage
from tests.storage.test_contract import NOW, alert


def test_story_counts_count_each_rule_of_a_shared_story(storage: Storage) -> None:
    one, _ = storage.add_alert(alert("tata", "https://a.example/1", "Tata builds"))
    two, _ = storage.add_alert(alert("tata", "https://a.example/2", "Tata sells"))
    storage.add_story_rule(one, "jf17", "normal", iso(NOW))
    storage.mark_alerts([two], "read")
    storage.mark_alerts([one], "starred")  # a flag: still new
    assert storage.story_counts() == {"tata": (1, 2), "jf17": (1, 1)}
    storage.mark_alerts([one], "dismissed")
    assert storage.story_counts() == {"tata": (0, 2), "jf17": (0, 1)}
