"""Load and validate monitor.toml; resolve where rules and state live; edit the source list.

The config file is the list of sources a user curates by hand (comments and order are
theirs); the database keeps each source's schedule state. Edits go through tomlkit so a
hand-written file keeps its comments and layout.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monitor.atomic import write_atomically
from monitor.errors import ConfigError
from monitor.models import SourceKind
from monitor.units import format_duration, parse_duration, parse_size

if TYPE_CHECKING:
    import tomlkit  # for editing files only: imported where used

DEFAULT_CONFIG = "monitor.toml"


@dataclass(frozen=True)
class Settings:
    """How polling behaves; every value has a default so an empty config works."""

    interval: float = 1800.0
    tick: float = 5.0
    max_body: int = 16 * 1024 * 1024
    timeout: float = 60.0
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    concurrency: int = 100
    per_host: int = 4
    max_redirects: int = 5
    parse_workers: int = 0
    # The hard limit on one parse: past it the parsing process is killed and replaced.
    parse_timeout: float = 60.0
    fetch_log_days: int = 30
    # The fetch log keeps at most this many rows per source as well (0: no row limit).
    fetch_log_rows: int = 1000
    # Entries no rule hit are deleted this long after first seen (None: kept for ever).
    keep_entries: float | None = None
    backoff_cap: float = 86400.0
    user_agent: str | None = None


@dataclass(frozen=True)
class SourceSpec:
    """A source as the user wrote it in the config file."""

    url: str
    title: str | None = None
    tags: tuple[str, ...] = ()
    interval: float | None = None
    kind: SourceKind = SourceKind.FEED
    # Page selectors ("items", "title", "link", "date" as CSS) and "full_text": true.
    options: dict[str, Any] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.url, self.kind))


@dataclass(frozen=True)
class Channel:
    """A delivery channel: an Apprise URL and what it receives."""

    name: str
    url: str
    digests: bool = True
    immediate: bool = True
    timeout: float = 30.0  # seconds one send may take before it counts as unanswered
    resend_interrupted: bool = True  # resend (same delivery id) a send cut off by a kill


@dataclass(frozen=True)
class DigestSchedule:
    """When scheduled digests go out, in the user's time zone."""

    daily: str | None = "07:00"  # "HH:MM", or None for no daily digest
    weekly: str | None = "mon 07:00"  # "DAY HH:MM", or None for no weekly digest
    timezone: str = "UTC"


@dataclass(frozen=True)
class ServeSettings:
    """`monitor serve`: where it listens, and the token required off localhost."""

    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None


@dataclass(frozen=True)
class Config:
    """The loaded configuration: file path (which may not exist), paths and sources."""

    path: Path
    exists: bool
    rules_dir: Path
    state_dir: Path
    settings: Settings = field(default_factory=Settings)
    sources: tuple[SourceSpec, ...] = ()
    digest: DigestSchedule = field(default_factory=DigestSchedule)
    channels: tuple[Channel, ...] = ()
    serve: ServeSettings = field(default_factory=ServeSettings)
    database: str | None = None  # a postgresql:// URL; None = SQLite in state_dir

    @property
    def base_dir(self) -> Path:
        """Relative paths in the config are relative to the file's folder."""
        return self.path.parent


_SECTION_KEYS = {"monitor", "source", "digest", "channel", "serve"}
_MONITOR_KEYS = {
    "rules", "state", "database", "interval", "tick", "max_body", "timeout", "connect_timeout",
    "read_timeout", "concurrency", "per_host", "max_redirects", "parse_workers",
    "parse_timeout", "fetch_log_days", "fetch_log_rows", "keep_entries", "backoff_cap",
    "user_agent",
}
_SOURCE_KEYS = {"url", "title", "tags", "interval", "kind", "select", "full_text"}
_SELECT_KEYS = {"items", "title", "link", "date"}
_DURATION_KEYS = {
    "interval", "tick", "timeout", "connect_timeout", "read_timeout", "backoff_cap",
    "parse_timeout", "keep_entries",
}
_INT_KEYS = {"concurrency", "per_host", "max_redirects", "parse_workers", "fetch_log_days",
             "fetch_log_rows"}


def _unknown(keys: set[str], allowed: set[str], where: str, path: Path) -> None:
    extra = sorted(keys - allowed)
    if extra:
        raise ConfigError(
            f"{path}: unknown key {extra[0]!r} in {where}; allowed keys are "
            + ", ".join(sorted(allowed))
        )


def _settings(table: dict[str, Any], path: Path) -> Settings:
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in ("rules", "state", "database"):
            continue
        where = f"{path}: [monitor] {key}"
        if key in _DURATION_KEYS:
            values[key] = parse_duration(value, where)
        elif key in _INT_KEYS:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"{where} = {value!r}: write a whole number, 0 or more")
            if key in ("concurrency", "per_host") and value == 0:
                raise ConfigError(f"{where} = 0: write at least 1")
            values[key] = value
        elif key == "max_body":
            values[key] = parse_size(value, where)
        elif key == "user_agent":
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{where}: write a non-empty string")
            values[key] = value
    return replace(Settings(), **values)


def _source(item: Any, index: int, path: Path) -> SourceSpec:
    where = f"{path}: source #{index + 1}"
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: write each source as a [[source]] table")
    _unknown(set(item), _SOURCE_KEYS, f"[[source]] #{index + 1}", path)
    url = item.get("url")
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(f'{where}: add url = "https://…" (a feed URL or a local path)')
    tags = item.get("tags", [])
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ConfigError(f'{where}: tags must be a list of strings, e.g. tags = ["ma", "fr"]')
    interval = item.get("interval")
    title = item.get("title")
    kind = item.get("kind", "feed")
    if kind not in {k.value for k in SourceKind}:
        raise ConfigError(f'{where}: kind = {kind!r}; use "feed", "page" or "dir"')
    options: dict[str, Any] = {}
    select = item.get("select", {})
    if not isinstance(select, dict):
        raise ConfigError(f'{where}: write select = {{ items = "CSS", title = "CSS", … }}')
    _unknown(set(select), _SELECT_KEYS, f"[[source]] #{index + 1} select", path)
    for key, css in select.items():
        if not isinstance(css, str) or not css.strip():
            raise ConfigError(f"{where}: select.{key} must be a CSS selector string")
        options[key] = css.strip()
    if select and kind != "page":
        raise ConfigError(f'{where}: select applies to page sources; add kind = "page"')
    if select and "items" not in select:
        raise ConfigError(f"{where}: select needs items = \"CSS\" (the element of each entry)")
    full_text = item.get("full_text", False)
    if not isinstance(full_text, bool):
        raise ConfigError(f"{where}: full_text must be true or false")
    if full_text:
        options["full_text"] = True
    return SourceSpec(
        url=url.strip(),
        title=str(title) if title is not None else None,
        tags=tuple(tags),
        interval=parse_duration(interval, f"{where} interval") if interval is not None else None,
        kind=SourceKind(kind),
        options=options,
    )


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _clock(value: Any, where: str, with_day: bool) -> str | None:
    """Validate "HH:MM" (or "DAY HH:MM"); false or "" turns that digest off."""
    if value is False or value == "":
        return None
    example = '"mon 07:00"' if with_day else '"07:00"'
    if not isinstance(value, str):
        raise ConfigError(f"{where}: write a time like {example}, or false for none")
    parts = value.strip().lower().split()
    if with_day:
        if len(parts) != 2 or parts[0][:3] not in _DAYS:
            raise ConfigError(f"{where} = {value!r}: write a day and a time like {example}")
        day, clock = parts[0][:3], parts[1]
    else:
        day, clock = "", parts[0] if len(parts) == 1 else ""
    match = _CLOCK.match(clock)
    if not match:
        raise ConfigError(f"{where} = {value!r}: write a 24-hour time like {example}")
    text = f"{int(match[1]):02d}:{match[2]}"
    return f"{day} {text}" if day else text


def _digest(table: Any, path: Path) -> DigestSchedule:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [digest] must be a table")
    _unknown(set(table), {"daily", "weekly", "timezone"}, "[digest]", path)
    zone = table.get("timezone", "UTC")
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(str(zone))
    except (ValueError, KeyError, OSError) as exc:
        raise ConfigError(
            f"{path}: [digest] timezone = {zone!r} is not a time zone; "
            'write e.g. "Africa/Casablanca"'
        ) from exc
    defaults = DigestSchedule()
    return DigestSchedule(
        daily=_clock(table["daily"], f"{path}: [digest] daily", False)
        if "daily" in table else defaults.daily,
        weekly=_clock(table["weekly"], f"{path}: [digest] weekly", True)
        if "weekly" in table else defaults.weekly,
        timezone=str(zone),
    )


_CHANNEL_KEYS = {"name", "url", "digests", "immediate", "timeout", "resend_interrupted"}
_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _channel(item: Any, index: int, path: Path) -> Channel:
    where = f"{path}: channel #{index + 1}"
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: write each channel as a [[channel]] table")
    _unknown(set(item), _CHANNEL_KEYS, f"[[channel]] #{index + 1}", path)
    url = item.get("url")
    if not isinstance(url, str) or "://" not in url:
        raise ConfigError(f'{where}: add url = "mailto://…" (an Apprise URL)')

    def expand(match: re.Match[str]) -> str:
        # Secrets stay out of the config file: url = "tgram://${TELEGRAM_TOKEN}/123".
        value = os.environ.get(match[1])
        if value is None:
            raise ConfigError(f"{where}: the url uses ${{{match[1]}}}; set that variable")
        return value

    name = item.get("name", f"channel{index + 1}")
    flags = {}
    for key in ("digests", "immediate", "resend_interrupted"):
        value = item.get(key, True)
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: {key} must be true or false")
        flags[key] = value
    timeout = parse_duration(item.get("timeout", "30s"), f"{where}: timeout")
    if not 1 <= timeout <= 600:
        raise ConfigError(f'{where}: timeout must be between 1s and 10m, e.g. timeout = "30s"')
    return Channel(
        name=str(name), url=_ENV_REFERENCE.sub(expand, url.strip()), timeout=timeout, **flags
    )


def _serve(table: Any, path: Path) -> ServeSettings:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [serve] must be a table")
    _unknown(set(table), {"host", "port", "token"}, "[serve]", path)
    port = table.get("port", 8765)
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise ConfigError(f"{path}: [serve] port = {port!r}: write a port number, 1 to 65535")
    token = table.get("token")
    if token is not None and (not isinstance(token, str) or len(token) < 16):
        raise ConfigError(f"{path}: [serve] token must be a string of 16 characters or more")
    return ServeSettings(host=str(table.get("host", "127.0.0.1")), port=port, token=token)


def load_config(
    path: str | os.PathLike[str] | None = None,
    state: str | None = None,
    database: str | None = None,
) -> Config:
    """Read the config (a missing file gives defaults) and resolve the rules and state dirs.

    Precedence for the state dir: the `state` argument (--state / MONITOR_STATE), then the
    file's [monitor] state, then ./state beside the config. Likewise for the database: the
    `database` argument (--database / MONITOR_DATABASE), then [monitor] database, then none
    (SQLite in the state dir).
    """
    cfg_path = Path(path or DEFAULT_CONFIG).expanduser().absolute()
    data: dict[str, Any] = {}
    exists = cfg_path.is_file()
    if exists:
        try:
            data = tomllib.loads(cfg_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{cfg_path}: not valid TOML ({exc}); fix that line") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{cfg_path}: cannot read it ({exc})") from exc
    elif cfg_path.exists():
        raise ConfigError(f"{cfg_path} is not a file; pass --config PATH to a TOML file")
    _unknown(set(data), _SECTION_KEYS, "the top level", cfg_path)
    table = data.get("monitor", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{cfg_path}: [monitor] must be a table")
    _unknown(set(table), _MONITOR_KEYS, "[monitor]", cfg_path)
    base = cfg_path.parent
    rules_dir = base / str(table.get("rules", "rules"))
    state_dir = Path(state).expanduser() if state else base / str(table.get("state", "state"))
    if database is None:
        database = table.get("database")
        if database is not None and not isinstance(database, str):
            raise ConfigError(
                f"{cfg_path}: [monitor] database must be a URL in quotes, "
                'e.g. "postgresql://user@host/monitor"'
            )
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list):
        raise ConfigError(f"{cfg_path}: write sources as [[source]] tables")
    sources = tuple(_source(item, i, cfg_path) for i, item in enumerate(raw_sources))
    seen: set[str] = set()
    for spec in sources:
        if spec.url in seen:
            raise ConfigError(f"{cfg_path}: source {spec.url} is listed twice; remove one")
        seen.add(spec.url)
    raw_channels = data.get("channel", [])
    if not isinstance(raw_channels, list):
        raise ConfigError(f"{cfg_path}: write channels as [[channel]] tables")
    channels = tuple(_channel(item, i, cfg_path) for i, item in enumerate(raw_channels))
    names = [c.name for c in channels]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(f"{cfg_path}: channel name {name!r} is used twice; rename one")
    return Config(
        path=cfg_path,
        exists=exists,
        rules_dir=rules_dir.absolute(),
        state_dir=state_dir.absolute(),
        settings=_settings(table, cfg_path),
        sources=sources,
        digest=_digest(data.get("digest", {}), cfg_path),
        channels=channels,
        serve=_serve(data.get("serve", {}), cfg_path),
        database=database or None,
    )


def reload_config(
    previous: Config,
    path: str | os.PathLike[str] | None = None,
    state: str | None = None,
    database: str | None = None,
) -> Config:
    """Load the config again while the daemon runs. As `load_config`, but a file that was
    there and is now gone or empty raises ConfigError, so the caller keeps the last good
    config as for a syntax error: a file removed or emptied by mistake (or caught half
    rewritten) must not stop all polling."""
    fresh = load_config(path, state, database)
    if not previous.exists:
        return fresh
    kept = (
        f"keeping the last good config ({len(previous.sources)} sources, "
        f"{len(previous.channels)} channels)"
    )
    if not fresh.exists:
        raise ConfigError(f"{fresh.path} is gone; {kept}: put it back to change anything")
    try:
        blank = not tomllib.loads(fresh.path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{fresh.path}: cannot read it ({exc}); {kept}") from exc
    if blank:
        raise ConfigError(f"{fresh.path} is empty; {kept}: write it again to change anything")
    return fresh


def _read_document(path: Path) -> tomlkit.TOMLDocument:
    import tomlkit

    if not path.exists():
        return tomlkit.document()
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except Exception as exc:  # tomlkit raises its own parse errors
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix it before editing") from exc


def _write_document(path: Path, doc: tomlkit.TOMLDocument | str) -> None:
    """Write-then-rename so a crash never leaves half a config file."""
    import tomlkit

    text = doc if isinstance(doc, str) else tomlkit.dumps(doc)
    try:
        write_atomically(path, text)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write it ({exc.strerror or exc})") from exc


def _source_table(spec: SourceSpec, inline: bool) -> Any:
    import tomlkit

    table = tomlkit.inline_table() if inline else tomlkit.table()
    table.add("url", spec.url)
    if spec.title:
        table.add("title", spec.title)
    if spec.tags:
        table.add("tags", list(spec.tags))
    if spec.interval:
        table.add("interval", format_duration(spec.interval))
    if spec.kind is not SourceKind.FEED:
        table.add("kind", spec.kind.value)
    select = {k: v for k, v in spec.options.items() if k in _SELECT_KEYS}
    if select:
        inline_select = tomlkit.inline_table()
        inline_select.update(select)
        table.add("select", inline_select)
    if spec.options.get("full_text"):
        table.add("full_text", True)
    return table


def add_sources(path: Path, specs: list[SourceSpec]) -> list[SourceSpec]:
    """Append sources to the config file, keeping its comments and order; return those added."""
    import tomlkit

    doc = _read_document(path)
    existing = {str(t.get("url")) for t in doc.get("source", [])}
    fresh = "source" not in doc
    if fresh:
        doc.append("source", tomlkit.aot())
    sources = doc["source"]
    inline = isinstance(sources, tomlkit.items.Array)
    added: list[SourceSpec] = []
    for spec in specs:
        if spec.url in existing:
            continue
        if len(sources) and not inline and not (fresh and added):
            sources[-1].add(tomlkit.nl())  # a blank line between tables, as people write them
        sources.append(_source_table(spec, inline))
        existing.add(spec.url)
        added.append(spec)
    if added:
        _write_document(path, doc)
    return added


_TABLE_HEADER = re.compile(r"^\s*\[")
_SOURCE_HEADER = re.compile(r"^\s*\[\[\s*source\s*\]\]")


def remove_source(path: Path, url: str) -> bool:
    """Remove one [[source]] table by URL, with the comment lines just above it; everything
    else in the file stays byte for byte. True if it was there."""
    if not path.exists():
        return False
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    headers = [i for i, line in enumerate(lines) if _TABLE_HEADER.match(line)]
    for index in (i for i in headers if _SOURCE_HEADER.match(lines[i])):
        following = [h for h in headers if h > index]
        stop = following[0] if following else len(lines)
        last = index  # last line with content of this table
        for number in range(index + 1, stop):
            stripped = lines[number].strip()
            if stripped and not stripped.startswith("#"):
                last = number
        try:
            found = tomllib.loads("".join(lines[index : last + 1])).get("source", [{}])
        except tomllib.TOMLDecodeError:
            continue
        if str(found[0].get("url")) != url:
            continue
        start = index
        while start > 0 and lines[start - 1].lstrip().startswith("#"):
            start -= 1
        end = last + 1
        # Comments right under the table are about it, unless they run into the next
        # table's header (then they introduce that one).
        trailing = end
        while trailing < stop and lines[trailing].lstrip().startswith("#"):
            trailing += 1
        if trailing == len(lines) or not lines[trailing].strip():
            end = trailing
        while end < stop and not lines[end].strip():
            end += 1
        before, after = lines[:start], lines[end:]
        if not after:  # the last table went: no blank lines left dangling at the end
            while before and not before[-1].strip():
                before.pop()
        remaining = "".join(before + after)
        _write_document(path, remaining)
        return True
    return False
