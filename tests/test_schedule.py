"""The pure scheduling decisions: no server, no database, a seeded random source."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest

from monitor.models import Outcome, SourceState
from monitor.schedule import MIN_BACKOFF, iso, next_schedule, parse_iso

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
DAY = 86400.0
INTERVAL = 1800.0


def delay_of(schedule_next: datetime) -> float:
    return (schedule_next - NOW).total_seconds()


def decide(outcome: Outcome, **kwargs: object) -> tuple[SourceState, int, float]:
    params: dict[str, object] = {
        "now": NOW, "interval": INTERVAL, "error_count": 0, "cap": DAY,
        "rng": random.Random(7),
    }
    params.update(kwargs)
    schedule = next_schedule(outcome, **params)  # type: ignore[arg-type]
    return schedule.state, schedule.error_count, delay_of(schedule.next_check)


def test_success_is_checked_again_after_the_interval() -> None:
    state, errors, delay = decide(Outcome.OK)
    assert state is SourceState.OK
    assert errors == 0
    assert delay == INTERVAL


def test_success_resets_the_error_count() -> None:
    state, errors, delay = decide(Outcome.OK, error_count=6)
    assert (state, errors, delay) == (SourceState.OK, 0, INTERVAL)


def test_not_modified_is_a_success() -> None:
    state, errors, delay = decide(Outcome.NOT_MODIFIED, error_count=3)
    assert (state, errors, delay) == (SourceState.OK, 0, INTERVAL)


def test_longer_max_age_or_ttl_pushes_the_next_check_later() -> None:
    _, _, delay = decide(Outcome.OK, freshness=3 * 3600.0)
    assert delay == 3 * 3600.0


def test_shorter_max_age_does_not_poll_sooner_than_the_interval() -> None:
    _, _, delay = decide(Outcome.OK, freshness=60.0)
    assert delay == INTERVAL


def test_freshness_is_capped() -> None:
    _, _, delay = decide(Outcome.OK, freshness=30 * DAY)
    assert delay == DAY


def test_interval_longer_than_cap_is_still_honoured_on_success() -> None:
    _, _, delay = decide(Outcome.OK, interval=2 * DAY, freshness=30 * DAY)
    assert delay == 2 * DAY


def test_first_error_retries_after_about_one_interval() -> None:
    state, errors, delay = decide(Outcome.ERROR)
    assert state is SourceState.ERROR
    assert errors == 1
    assert 0.8 * INTERVAL <= delay <= 1.2 * INTERVAL


def test_errors_back_off_exponentially_with_jitter_within_20_percent() -> None:
    rng = random.Random(1234)
    for count in range(0, 5):  # bases 30m, 1h, 2h, 4h, 8h: all under the cap
        base = INTERVAL * 2**count
        delays = [decide(Outcome.ERROR, error_count=count, rng=rng)[2] for _ in range(200)]
        assert all(0.8 * base <= d <= 1.2 * base for d in delays), (count, min(delays))
        assert max(delays) - min(delays) > 0.2 * base  # jitter actually spreads them


def test_backoff_starts_from_at_least_a_minute_for_tiny_intervals() -> None:
    _, _, delay = decide(Outcome.ERROR, interval=1.0)
    assert 0.8 * MIN_BACKOFF <= delay <= 1.2 * MIN_BACKOFF


def test_same_seed_gives_the_same_decision() -> None:
    first = decide(Outcome.ERROR, error_count=2, rng=random.Random(99))
    again = decide(Outcome.ERROR, error_count=2, rng=random.Random(99))
    assert first == again


def test_errors_never_give_up() -> None:
    for count in (10, 50, 200):
        state, errors, delay = decide(Outcome.ERROR, error_count=count)
        assert state is SourceState.ERROR  # not disabled
        assert errors == count + 1
        assert delay > 0


def test_error_backoff_jitter_never_exceeds_cap() -> None:
    rng = random.Random(5)
    delays = [decide(Outcome.ERROR, error_count=c, rng=rng)[2] for c in range(6, 40)]
    delays += [decide(Outcome.ERROR, error_count=20, rng=rng)[2] for _ in range(200)]
    assert max(delays) <= DAY
    assert min(delays) >= 0.8 * DAY  # once capped, the delay stays near the cap


def test_backoff_survives_thousands_of_consecutive_errors() -> None:
    # A small cap makes errors pile up fast: 2 ** 1100 overflows a float.
    state, errors, delay = decide(Outcome.ERROR, error_count=5000, cap=300.0)
    assert state is SourceState.ERROR
    assert errors == 5001
    assert 0 < delay <= 300.0


@pytest.mark.parametrize("retry_after", [4 * 3600.0, 7200.0])
def test_retry_after_is_honoured(retry_after: float) -> None:
    for seed in range(20):
        _, _, delay = decide(Outcome.ERROR, retry_after=retry_after, rng=random.Random(seed))
        assert delay >= retry_after


def test_short_retry_after_does_not_shorten_the_backoff() -> None:
    _, _, delay = decide(Outcome.ERROR, error_count=3, retry_after=5.0)
    assert delay >= 0.8 * INTERVAL * 8


def test_retry_after_is_capped() -> None:
    _, _, delay = decide(Outcome.ERROR, retry_after=365 * DAY)
    assert delay == DAY


def test_gone_disables_the_source() -> None:
    state, errors, delay = decide(Outcome.GONE, error_count=2)
    assert state is SourceState.DISABLED
    assert errors == 3
    assert delay == DAY


def test_iso_times_are_utc_with_z_and_round_trip() -> None:
    moment = datetime(2024, 5, 1, 14, 30, 5, 999, tzinfo=UTC)
    text = iso(moment)
    assert text == "2024-05-01T14:30:05Z"
    assert parse_iso(text) == moment.replace(microsecond=0)
    other_zone = moment.astimezone(timezone(timedelta(hours=2)))
    assert iso(other_zone) == text
