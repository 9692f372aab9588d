"""Parse the human units used in config and CLI: durations ("30m") and sizes ("16MiB")."""

import math
import re

from monitor.errors import ConfigError

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$", re.IGNORECASE)
_DURATION_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib|k|m|g)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {
    "b": 1, "k": 1024, "kb": 1000, "kib": 1024, "m": 1024**2, "mb": 1000**2,
    "mib": 1024**2, "g": 1024**3, "gb": 1000**3, "gib": 1024**3,
}


def parse_duration(value: str | int | float, what: str = "duration") -> float:
    """Seconds from "90s", "30m", "2h", "1d" or a bare number of seconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise ConfigError(
                f"{what}: {value!r} is not a duration; write e.g. 90s, 30m, 2h or 1d"
            )
        seconds = float(match.group(1)) * _DURATION_UNITS[(match.group(2) or "s").lower()]
    if not math.isfinite(seconds):
        raise ConfigError(f"{what}: {value!r} is not a duration; write e.g. 90s, 30m, 2h or 1d")
    if seconds <= 0:
        raise ConfigError(f"{what}: {value!r} must be more than zero")
    return seconds


def parse_size(value: str | int, what: str = "size") -> int:
    """Bytes from "16MiB", "512KB" or a bare number of bytes."""
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    else:
        match = _SIZE.match(str(value))
        if not match:
            raise ConfigError(f"{what}: {value!r} is not a size; write e.g. 16MiB or 512KiB")
        size = int(float(match.group(1)) * _SIZE_UNITS[(match.group(2) or "b").lower()])
    if size <= 0:
        raise ConfigError(f"{what}: {value!r} must be more than zero")
    return size


def format_duration(seconds: float) -> str:
    """The shortest exact unit form of a duration, e.g. 1800 -> "30m"."""
    for unit in ("w", "d", "h", "m", "s"):
        factor = _DURATION_UNITS[unit]
        if seconds >= factor and seconds % factor == 0:
            return f"{int(seconds // factor)}{unit}"
    return f"{seconds!r}s"
