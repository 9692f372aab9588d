"""Durations and sizes as people write them in monitor.toml and on the command line."""

from __future__ import annotations

import math

import pytest

from monitor.errors import ConfigError
from monitor.units import format_duration, parse_duration, parse_size


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("30m", 1800),
        ("2h", 7200),
        ("1d", 86400),
        ("1w", 604800),
        ("500ms", 0.5),
        ("1.5h", 5400),
        (" 45 m ", 2700),
        ("2H", 7200),
        ("120", 120),
    ],
)
def test_parse_duration_reads_units(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("number", [1, 90, 2.5])
def test_parse_duration_takes_bare_numbers_as_seconds(number: float) -> None:
    assert parse_duration(number) == float(number)


@pytest.mark.parametrize("bad", ["soon", "30 minutes", "1h30m", "-5m", "m", "", "1y", True])
def test_bad_duration_says_how_to_write_one(bad: object) -> None:
    with pytest.raises(ConfigError) as info:
        parse_duration(bad, "interval")  # type: ignore[arg-type]
    message = str(info.value)
    assert message.startswith("interval: ")
    assert "90s, 30m, 2h or 1d" in message


@pytest.mark.parametrize("zero", [0, "0s", "0", -3])
def test_zero_or_negative_duration_is_an_error(zero: object) -> None:
    with pytest.raises(ConfigError, match="more than zero"):
        parse_duration(zero)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_nan_and_infinite_durations_are_rejected(value: float) -> None:
    # TOML allows `interval = nan` / `interval = inf`; either would later break scheduling.
    with pytest.raises(ConfigError):
        parse_duration(value, "interval")


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("16MiB", 16 * 1024**2),
        ("512KB", 512_000),
        ("512KiB", 512 * 1024),
        ("1k", 1024),
        ("2M", 2 * 1024**2),
        ("1GB", 1000**3),
        ("1gib", 1024**3),
        ("100b", 100),
        ("4096", 4096),
        ("1.5k", 1536),
        (2048, 2048),
    ],
)
def test_parse_size_reads_units(text: str | int, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("bad", ["big", "16 MiBs", "-1k", "1TB", True])
def test_bad_size_says_how_to_write_one(bad: object) -> None:
    with pytest.raises(ConfigError) as info:
        parse_size(bad, "max_body")  # type: ignore[arg-type]
    assert str(info.value).startswith("max_body: ")
    assert "16MiB" in str(info.value)


@pytest.mark.parametrize("zero", [0, "0", "0.1b"])
def test_zero_size_is_an_error(zero: object) -> None:
    with pytest.raises(ConfigError, match="more than zero"):
        parse_size(zero)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (1800, "30m"),
        (90, "90s"),
        (3600, "1h"),
        (7200, "2h"),
        (86400, "1d"),
        (604800, "1w"),
        (1209600, "2w"),
        (0.5, "0.5s"),
        (5400, "90m"),
    ],
)
def test_format_duration_uses_the_shortest_exact_unit(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    "text", ["90s", "30m", "2h", "1d", "1w", "45m", "36h", "1.5s", "500ms", "3600", "1.5h"]
)
def test_format_duration_round_trips_through_parse(text: str) -> None:
    seconds = parse_duration(text)
    assert parse_duration(format_duration(seconds)) == seconds


@pytest.mark.parametrize("seconds", [86400.864, 12345678.5])
def test_format_duration_round_trips_fractional_seconds_exactly(seconds: float) -> None:
    # e.g. `--interval 1.00001d`: add_sources writes format_duration(interval) to the file.
    assert parse_duration(format_duration(seconds)) == seconds
