"""The `monitor` command: parse arguments, call the layer below, format the output.

Errors a user can cause are MonitorError: printed on one line, exit 1; `-v` shows the
traceback for bug reports. Logs go to stderr, command output to stdout.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from monitor import __version__
from monitor.alerts import Rules, match_pending
from monitor.cli_options import LazyGroup, rules_option, rules_path
from monitor.config import (
    DEFAULT_CONFIG,
    Config,
    SourceSpec,
    add_sources,
    load_config,
    remove_source,
)
from monitor.errors import ConfigError, MonitorError, SourceError
from monitor.failures import plain_error
from monitor.models import FetchResult, ParsedFeed, PollResult, Source, SourceKind, SourceState
from monitor.opml import read_opml, write_opml
from monitor.pipeline import (
    InProcess,
    Poller,
    PollSummary,
    Spread,
    WorkerProcesses,
    log_result,
    parse_workers,
)
from monitor.schedule import utcnow
from monitor.sources.fetch import Fetcher, is_local, local_path
from monitor.storage import DaemonRecord, Fetch, Storage, open_storage
from monitor.storage.trouble import StoreUnavailable
from monitor.units import format_duration, parse_duration


@dataclass
class App:
    """What every command needs: the --config, --state and --database choices, loaded
    lazily."""

    config_arg: str | None
    state_arg: str | None
    verbose: bool
    database_arg: str | None = None
    rules_arg: str | None = None
    _loaded: tuple[tuple[int, int, int] | None, Config] | None = None

    def config(self, must_exist: bool = True) -> Config:
        """The config, read once per command unless the file changed since (an edit). Only
        the commands that create the file (`init`, `sources add`) pass must_exist=False;
        for the others a missing file is a mistake worth a line, not a silent empty run."""
        path = Path(self.config_arg or DEFAULT_CONFIG).expanduser()
        if must_exist and not path.exists():
            raise ConfigError(missing_config(path, given=self.config_arg is not None))
        try:
            stat = path.stat()
            key: tuple[int, int, int] | None = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        except OSError:
            key = None
        if self._loaded is None or self._loaded[0] != key:
            self._loaded = (key, load_config(
                self.config_arg, self.state_arg, self.database_arg
            ))
        return self._loaded[1]

    @contextmanager
    def store(self, config: Config, sync: bool = True, create: bool = True) -> Iterator[Storage]:
        """Open the database, with the config's sources synced into it unless the command
        only reads entries or alerts (no write to wait for while a daemon polls). A command
        that only reads passes create=False: no folder or database appears because of it."""
        store = open_storage(config.database, config.state_dir, create=create)
        try:
            if sync:
                store.sync_sources(config.sources, utcnow())
            yield store
        except store.errors as exc:  # disk full, read-only, damaged: one line, the way out
            raise StoreUnavailable.of(exc, store.location) from exc
        finally:
            store.close()


    def sync(self) -> None:
        """Bring the database's source list in line with the config file just edited."""
        with self.store(self.config()):
            pass


pass_app = click.make_pass_decorator(App)


def missing_config(path: Path, given: bool) -> str:
    """What to say when the config file is not there: a typo in --config, or a folder that
    is not a project yet."""
    if given:
        return (f"no config file at {path}; check --config (or MONITOR_CONFIG), or create it "
                f"with `monitor init {path.parent}`")
    return (f"no {path.name} in {Path.cwd()}: not a monitor project; run `monitor init` to "
            "start one here, or pass --config PATH")


def _json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))


def _console() -> Any:
    from rich.console import Console  # imported when output is drawn: quicker startup

    return Console(highlight=False, soft_wrap=False)


# Commands in other modules, imported when used: a poll starts without loading them.
LAZY_COMMANDS = {
    "rules": "monitor.cli_rules:rules",
    "match": "monitor.cli_rules:match",
    "backtest": "monitor.cli_rules:backtest",
    "alerts": "monitor.cli_rules:alerts",
    "derive": "monitor.cli_rules:derive",
    "digest": "monitor.cli_digest:digest",
    "notify": "monitor.cli_notify:notify",
    "serve": "monitor.cli_serve:serve",
    "db": "monitor.cli_db:db",
}


@click.group(
    cls=LazyGroup, lazy=LAZY_COMMANDS, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--config", "config_arg", envvar="MONITOR_CONFIG", metavar="PATH",
    help="Config file (env MONITOR_CONFIG; default ./monitor.toml).",
)
@click.option(
    "--state", "state_arg", envvar="MONITOR_STATE", metavar="DIR",
    help="State directory (env MONITOR_STATE; default from the config, else ./state).",
)
@click.option(
    "--database", "database_arg", envvar="MONITOR_DATABASE", metavar="URL",
    help="Database URL, e.g. postgresql://user@host/monitor (env MONITOR_DATABASE; "
    "default from the config, else SQLite in the state directory).",
)
@click.option(
    "--rules", "rules_arg", metavar="PATH",
    help="Rules directory or file (env MONITOR_RULES; default from the config); also "
    "taken after the commands that read rules.",
)
@click.option("-v", "--verbose", is_flag=True, help="Debug logs, and tracebacks on errors.")
@click.version_option(__version__, prog_name="monitor")
@click.pass_context
def cli(
    ctx: click.Context, config_arg: str | None, state_arg: str | None,
    database_arg: str | None, rules_arg: str | None, verbose: bool,
) -> None:
    """Watch feeds and documents; store every new entry; alert on what matters.

    The options above may also follow the command (`monitor poll --config x.toml -v`).
    `monitor poll` exits 0 when every source answered, 3 when some failed, 2 on a usage or
    config mistake and 1 on any other error."""
    # One-shot commands print their own summary; their logs are for problems (and -v).
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.WARNING)
    ctx.obj = App(config_arg, state_arg, verbose, database_arg, rules_arg)


@cli.command()
@click.argument("folder", required=False, default=".", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Start a project in FOLDER (default here): a commented monitor.toml and an example
    rules file. An existing monitor.toml is left alone."""
    from monitor.project import init_project

    for path in init_project(folder):
        click.echo(f"wrote {path}")
    where = "" if folder == Path(".") else f"cd {folder} && "
    click.echo(f"next: {where}monitor sources add URL, then monitor poll")


# -- daemon and polling -----------------------------------------------------------------


def _rules(app: App, rules_arg: str | None) -> Rules:
    """The rules in force for polling; broken files are reported, never fatal here."""
    rules = Rules(rules_path(app, rules_arg))
    rules.refresh()
    if rules.error:
        click.echo("monitor: warning: the rule files have errors (see `monitor rules check`);"
                   " new entries are stored and will be matched once they are fixed", err=True)
    return rules


@cli.command()
@rules_option
@pass_app
def run(app: App, rules_arg: str | None) -> None:
    """Run the daemon: poll sources when due, until SIGINT or SIGTERM."""
    if not app.verbose:
        logging.getLogger().setLevel(logging.INFO)  # a daemon's log says what it does
    config = app.config()
    rules = Rules(rules_path(app, rules_arg))
    from monitor.daemon import Daemon  # Apprise, feedgen, the scheduler: only the daemon

    asyncio.run(Daemon(config, app.config_arg, app.state_arg, rules).run())


@cli.command()
@click.argument("urls", nargs=-1)
@rules_option
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object: the counts, and each failed source's error.")
@pass_app
def poll(app: App, urls: tuple[str, ...], rules_arg: str | None, as_json: bool) -> None:
    """Poll now: all sources, or the URLs given, whether due or not."""
    config = app.config()
    rules = _rules(app, rules_arg)
    with app.store(config) as store:
        sources = store.sources(urls or None)
        if not urls:
            # A source disabled by 410 Gone waits for `sources enable` (or being named).
            sources = [s for s in sources if s.state is not SourceState.DISABLED]
        else:
            found = {s.url for s in sources} | {s.fetch_url for s in sources}
            missing = [u for u in urls if u not in found]
            if missing:
                raise SourceError(
                    f"{missing[0]} is not a source; add it with `monitor sources add {missing[0]}`"
                )
            for source in sources:
                store.enable(source.id, utcnow())
            sources = store.sources(urls)
        show_progress = not as_json and sys.stderr.isatty() and len(sources) > 1
        results = _poll(store, config, rules, sources, show_progress, app.verbose)
        # Entries left unmatched earlier (broken rules then, or a kill) are matched now.
        late_hits, late_alerts = match_pending(store, rules, utcnow())
        if late_hits or any(r.hits for r in results):
            from monitor.delivery.atom import AtomFeeds

            AtomFeeds(config.state_dir).refresh(store, rules.book)  # errors logged, not fatal
    summary = PollSummary.of(results)
    summary = replace(summary, new_alerts=summary.new_alerts + late_alerts)
    from monitor.failures import failure_lines, plain_error

    if as_json:  # the counts, and which sources failed: the error and, as status says, its cause
        failures = [{"url": r.url, "error": r.error, "problem": plain_error(r.error)}
                    for r in results if r.error]
        _json({**asdict(summary), "failures": failures})
    else:
        for line in failure_lines([(r.url, r.error) for r in results if r.error]):
            click.echo(f"  failed {line}")
        click.echo(
            f"polled {summary.sources} sources: {summary.ok} ok, {summary.not_modified} not "
            f"modified, {summary.failed} failed; {summary.new_entries} new entries, "
            f"{summary.updated_entries} updated, {summary.new_alerts} new alerts"
        )
    if summary.failed:
        click.get_current_context().exit(EXIT_SOURCES_FAILED)


# From this many sources on, `monitor poll` fetches and parses in one process per core.
BULK_SOURCES = 40


def _poll(
    store: Storage, config: Config, rules: Rules, sources: list[Source], show_progress: bool,
    verbose: bool,
) -> list[PollResult]:
    """Poll with a progress bar on a terminal; large polls spread over every core."""
    workers = parse_workers(config.settings.parse_workers)
    bulk = len(sources) >= BULK_SOURCES and workers > 1
    spread: Spread = WorkerProcesses(workers) if bulk else InProcess()
    poller = Poller(store, config, rules=rules)

    def run(on_result: Callable[[PollResult], None] | None) -> list[PollResult]:
        return poller.poll_all(sources, spread, on_result)

    if not show_progress:
        return run(log_result if verbose else None)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (TextColumn("polling"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("poll", total=len(sources))
        return run(lambda _: progress.advance(task))


@cli.command()
@click.argument("url", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--wide", is_flag=True, help="Full URLs instead of the sources' names.")
@pass_app
def status(app: App, url: str | None, as_json: bool, wide: bool) -> None:
    """One row per source: state, last HTTP status and error, entries, last and next check.
    With a URL: that source's recent fetches (the fetch log)."""
    config = app.config()
    with app.store(config, create=False) as store:
        if url is not None:
            found = store.sources([url])
            if not found:
                raise SourceError(f"{url} is not a source; `monitor sources list` shows them")
            log = store.fetch_log(found[0].id)
        rows = store.status()
        from monitor.delivery.outbox import trouble

        deliveries = trouble(store)  # held or failing deliveries, one line
        daemons = store.daemons(utcnow())
    if url is not None:
        _fetch_log(log, as_json)
        return
    from monitor.heartbeat import stopped, warnings

    now, tick = utcnow(), config.settings.tick
    beating = any(not stopped(d, now, tick) for d in daemons)  # here or on another machine
    behind = _overdue(config, [r.source for r in rows], beating)
    daemon_warnings = warnings(daemons, now, tick)
    notice = _daemon_notice(config) if behind["daemon_running"] else None
    if as_json:
        _json({"overdue": behind, "daemon_notice": notice, "daemons": [
            {
                "id": d.id, "host": d.host, "pid": d.pid, "started": d.started,
                "heartbeat": d.heartbeat, "rules_fingerprint": d.rules_fingerprint,
                "polls_last_hour": d.polls_last_hour, "stopped": stopped(d, now, tick),
            }
            for d in daemons
        ], "daemon_warnings": daemon_warnings, "sources": [
            {
                "url": r.source.url,
                "state": r.source.state.value,
                "last_status": r.source.last_status,
                "last_error": r.source.last_error,
                "problem": plain_error(r.source.last_error) if r.source.last_error else None,
                "entries": r.entries,
                "last_check": r.source.last_check,
                "next_check": r.source.next_check,
                "fetch_url": r.source.effective_url,
                "warning": r.warning,
            }
            for r in rows
        ], "deliveries": deliveries})
        return
    if notice:
        click.echo(f"monitor: warning: daemon: {notice}", err=True)
    if deliveries:
        click.echo(f"monitor: warning: {deliveries}", err=True)
    for line in daemon_warnings:
        click.echo(f"monitor: warning: {line}", err=True)
    if not rows:
        click.echo("no sources yet; add one with `monitor sources add URL`")
        return
    if daemons:
        _daemon_table(daemons, now, tick)
    _status_table(rows, wide)
    if behind["sources"]:
        click.echo(f"warning: {behind['advice']}")


def _status_table(rows: list[Any], wide: bool) -> None:
    """One row per source, fitting 80 columns (names, not URLs, unless --wide; times never
    split), then the problems in words, one line per cause."""
    from rich.table import Table
    from rich.text import Text

    from monitor.cli_output import console, short_time, source_name
    from monitor.failures import failure_lines

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("source", no_wrap=True, overflow="ellipsis", max_width=None if wide else 26)
    table.add_column("state", no_wrap=True)
    table.add_column("http", no_wrap=True, justify="right")
    table.add_column("entries", no_wrap=True, justify="right")
    table.add_column("last check", no_wrap=True)  # UTC, as every time monitor shows
    table.add_column("next check", no_wrap=True)
    colours = {"ok": "green", "error": "red", "disabled": "yellow", "never": "dim"}
    failures, warnings = [], []
    for r in rows:
        s = r.source
        name = s.url if wide else source_name(s.title, s.url)
        table.add_row(
            Text(name), Text(s.state.value, style=colours[s.state.value]),
            str(s.last_status or ""),
            str(r.entries), short_time(s.last_check), short_time(s.next_check),
        )
        if s.last_error:
            failures.append((name, s.last_error))
        elif r.warning:
            # A source that works can still warn (a bozo feed, a file in a folder it cannot
            # read, a selector matching nothing): shown when there is no error to show.
            warnings.append(f"{name}: warning: {r.warning}")
    out = console(wide)
    out.print(table)
    if failures or warnings:
        click.echo("problems:")
    for line in failure_lines(failures, wide=True) + warnings:
        click.echo(f"  {line}")


def _daemon_table(daemons: list[DaemonRecord], now: datetime, tick: float) -> None:
    """The daemons sharing this database: host, pid, since when, last beat, rules, polls."""
    from rich.markup import escape
    from rich.table import Table

    from monitor.cli_output import console
    from monitor.heartbeat import stopped

    table = Table(box=None, header_style="bold", title="daemons", title_justify="left")
    for column in ("host", "pid", "started", "last heartbeat", "rules", "polls (1 h)"):
        # A time or a host is never split across lines; the rules fingerprint may be cut.
        table.add_column(column, no_wrap=True, overflow="ellipsis")
    for d in daemons:
        beat = f"[red]{d.heartbeat} (stopped)[/]" if stopped(d, now, tick) else d.heartbeat
        table.add_row(escape(d.host), str(d.pid), d.started, beat,
                      escape(d.rules_fingerprint or ""), str(d.polls_last_hour))
    console().print(table)


def _overdue(config: Config, sources: list[Source], beating: bool = False) -> dict[str, Any]:
    """How many sources are overdue, and what to do: start a daemon, or raise a setting.
    `beating`: a daemon sharing the database (maybe on another machine) beats."""
    from monitor.daemon import daemon_running
    from monitor.overdue import overdue

    late = overdue(sources, utcnow(), config.settings)
    running = beating or daemon_running(config.state_dir)
    advice = None
    if late.sources and running:
        advice = late.advice(config.settings)
    elif late.sources:
        advice = (f"{late.sources} sources are overdue and no daemon is polling them: start "
                  "one with `monitor run` (or poll once with `monitor poll`)")
    return {"sources": late.sources, "worst_seconds": round(late.worst),
            "daemon_running": running, "advice": advice}


def _daemon_notice(config: Config) -> str | None:
    """What the running daemon has to say (polling paused: the database cannot write)."""
    from monitor.pause import read_notice

    return read_notice(config.state_dir)


def _fetch_log(log: list[Fetch], as_json: bool) -> None:
    if as_json:
        _json({"fetches": [asdict(row) for row in log]})
        return
    if not log:
        click.echo("not fetched yet")
    for row in log:
        status = row.status or ""
        counts = f"{row.new_entries} new, {row.updated_entries} updated"
        click.echo(f"{row.at}  {row.outcome:<12} {status!s:>4}  {row.bytes:>9} B  "
                   f"{row.duration_ms:>6} ms  {counts}" + (f"  {row.error}" if row.error else ""))


@cli.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True, help="At most this many entries.")
@click.option("--offset", default=0, help="Skip this many matches (the next page).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def search(app: App, query: str, limit: int, offset: int, as_json: bool) -> None:
    """Search stored entries with the rules' query language: words, "phrases", AND, OR,
    NOT, NEAR/n, prefix*, title:, case:, ~names."""
    from monitor.rulebook.query import QueryError
    from monitor.search import search as run_search

    config = app.config()
    try:
        with app.store(config, sync=False, create=False) as store:
            result = run_search(store, query, max(1, limit), max(0, offset))
    except QueryError as exc:
        raise MonitorError(f"{exc}\n  {query}\n  {' ' * (exc.column - 1)}^") from None
    if as_json:
        _json({"entries": [
            {"id": f.entry.id, "title": f.entry.title, "source": f.entry.source_name,
             "date": f.entry.date, "link": f.entry.link, "snippet": f.hit.snippet.text,
             "marks": [list(mark) for mark in f.hit.snippet.marks],
             "terms": list(dict.fromkeys(t.text for t in f.hit.terms))}
            for f in result.found
        ], "more": result.more, "note": result.note})
        return
    for warning in result.warnings:
        click.echo(f"monitor: warning: {warning}", err=True)
    if result.note:
        click.echo(f"note: {result.note}", err=True)
    if not result.found:
        click.echo("no entries match")
        return
    from monitor.cli_output import echo_snippet

    for found in result.found:
        entry = found.entry
        click.echo(f"{entry.title or '(no title)'}\n  {entry.source_name} · {entry.date}")
        if found.hit.snippet:
            echo_snippet(found.hit.snippet)
        if entry.link:
            click.echo(f"  {entry.link}")
    if result.more:
        click.echo(f"more: --offset {offset + len(result.found)}")


# -- sources ----------------------------------------------------------------------------


@cli.group()
def sources() -> None:
    """Add, list, remove, import and export sources (kept in the config file)."""


def _check_url(url: str, config: Config, folder: bool = False, adding: bool = True) -> str:
    """Reject what cannot be a source; a local path is kept as the user wrote it. When
    `adding`, a path that does not exist yet is accepted with a note."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # a bad port raises here, not at the first poll
    except ValueError as exc:
        raise SourceError(f"{url} is not a valid URL ({exc})") from None
    if not parts.scheme and _looks_like_a_host(url, config):
        raise SourceError(f"{url} has no scheme; write https://{url} (or http://{url}; for a "
                          f"local file, ./{url})")
    if parts.scheme in ("http", "https"):
        if folder:
            raise SourceError(f"{url}: --dir takes a local folder, not a URL")
        if not parts.netloc:
            raise SourceError(f"{url}: a URL needs a host, e.g. https://example.org/feed.xml")
        return url
    if is_local(url):
        if parts.scheme not in ("", "file") and len(parts.scheme) > 1:
            raise SourceError(f"{url}: use an http(s) URL, a file: URL or a local path")
        path = local_path(url, config.base_dir)
        if folder and path.exists() and not path.is_dir():
            raise SourceError(f"{url} is a file, not a folder; --dir watches a folder")
        if path.is_dir() and not folder:
            raise SourceError(f"{url} is a folder; name a feed file in it, or watch the folder "
                              f"with `monitor sources add {url} --dir`")
        if not path.exists() and adding:
            what = "folder" if folder else "file"
            click.echo(f"monitor: note: {what} {path} does not exist yet; it will be read when "
                       "it does", err=True)
    return url


_HOST_START = re.compile(
    r"^(localhost|\d{1,3}(\.\d{1,3}){3}|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d+)?(/|$)", re.IGNORECASE
)


def _looks_like_a_host(url: str, config: Config) -> bool:
    """`example.org/feed` or `127.0.0.1:8811/x.xml`: a URL without its scheme, not a path
    (unless a file or folder of that name is there)."""
    match = _HOST_START.match(url)
    if match is None or local_path(url, config.base_dir).exists():
        return False
    return bool(match.group(4) or url[match.end() - 1:match.end()] == "/")


# Names that never resolve (RFC 2606, RFC 6761): `sources add` does not try to fetch them.
_RESERVED_TLDS = ("example", "invalid", "test")
_RESERVED_DOMAINS = ("example.com", "example.net", "example.org")


def _reserved_host(url: str) -> bool:
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    return host.rsplit(".", 1)[-1] in _RESERVED_TLDS or any(
        host == d or host.endswith("." + d) for d in _RESERVED_DOMAINS
    )


def _page_options(
    items: str | None, title: str | None, link: str | None, date: str | None
) -> dict[str, Any]:
    """A page source's selectors from the command line, each checked to be valid CSS."""
    from monitor.sources.pages import check_selector

    chosen = {"items": items, "title": title, "link": link, "date": date}
    options = {key: css.strip() for key, css in chosen.items() if css and css.strip()}
    if options and "items" not in options:
        given = next(iter(options))
        raise SourceError(f"--{given} picks a part of each item; add --items CSS (the element "
                          "of each entry) too")
    for key, css in options.items():
        problem = check_selector(css, f"--{key}")
        if problem:
            raise SourceError(problem)
    return options


def _fetch_once(
    config: Config, url: str, kind: SourceKind, options: dict[str, Any]
) -> tuple[Source, FetchResult]:
    """Fetch a URL (or file) once, as a source of that kind would be fetched."""
    source = Source(
        id=0, url=url, fetch_url=None, title=None, tags=(), interval=None,
        state=SourceState.NEVER, last_status=None, last_error=None, error_count=0,
        last_check=None, next_check=None, etag=None, last_modified=None, kind=kind,
        options=options,
    )

    async def fetch() -> FetchResult:
        async with Fetcher(config.settings, config.base_dir) as fetcher:
            return await fetcher.fetch(source)

    return source, asyncio.run(fetch())


def _answers(config: Config, url: str, kind: SourceKind, force: bool) -> FetchResult | None:
    """Fetch a URL about to be added. An HTTP error answer is refused unless --force; a
    network failure is only a note (the machine may be offline now). None if it failed."""
    _, fetched = _fetch_once(config, url, kind, {})
    if fetched.error is None:
        return fetched
    if fetched.status is not None and fetched.status >= 400 and not force:
        raise SourceError(f"{url} answers {fetched.error}; check the URL, or add --force to "
                          "add it anyway")
    click.echo(f"monitor: note: cannot fetch {url} now ({plain_error(fetched.error)}); adding "
               "it anyway, it will be polled later", err=True)
    return None


def _feed_or_discovered(config: Config, url: str, discover: bool, force: bool) -> str:
    """The URL to add as a feed: the URL itself if it is a feed (or cannot be fetched now),
    the feed a web page links when --discover says to take it; otherwise a SourceError
    that lists the page's feeds and says what to do. A body that is neither a feed nor a
    page is refused unless --force."""
    from monitor.sources.discover import feed_links, looks_like_html
    from monitor.sources.feeds import parse_feed

    fetched = _answers(config, url, SourceKind.FEED, force)
    if fetched is None or fetched.not_modified:
        return url
    if not looks_like_html(fetched.body, fetched.headers):
        problem = parse_feed(fetched.body, fetched.headers, url).error
        if problem is not None and not force:
            raise SourceError(f"{url} is neither a feed nor a web page ({problem}); check the "
                              "URL, or add --force to add it anyway")
        return url
    if parse_feed(fetched.body, fetched.headers, url).error is None:
        return url
    found = feed_links(fetched.body, fetched.final_url or url)
    if found and discover:
        click.echo(f"{url} is a web page; it links the feed {found[0].url}")
        return found[0].url
    if not found:
        raise SourceError(f"{url} is a web page without a feed; add --page to watch the page "
                          "itself")
    click.echo(f"{url} is a web page that links {len(found)} feed(s):")
    for feed in found:
        click.echo(f"  {feed.url}  ({feed.format}{'; ' + feed.title if feed.title else ''})")
    raise SourceError(f"{url} is a web page, not a feed; re-run with a feed URL above, add "
                      "--discover to take the first, or --page to watch the page itself")


def _selector_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """--items/--title/--link/--date: where a page's entries and their parts are."""
    for name, text in reversed((
        ("--items", "CSS of each entry's element on the page (each match is one entry)."),
        ("--title", "CSS of the title inside each item (default: first heading or link); "
         "for a feed: its display name, like --name."),
        ("--link", "CSS of the link inside each item (default: first link)."),
        ("--date", "CSS of the date inside each item (default: a <time> element)."),
    )):
        function = click.option(name, metavar="CSS", help=text)(function)
    return function


@sources.command("add")
@click.argument("url")
@click.option("--interval", help="How often to poll, e.g. 30m, 2h (default from config).")
@click.option("--tag", "tags", multiple=True, help="A tag; repeat for several.")
@click.option("--name", help="A name to show instead of the source's own title.")
@click.option("--page", is_flag=True, help="A web page without a feed: its list of articles "
              "(or its text's changes) become entries.")
@_selector_options
@click.option("--discover", is_flag=True, help="If URL is a web page that links a feed, add "
              "that feed.")
@click.option("--dir", "folder", is_flag=True, help="A local folder of documents.")
@click.option("--full-text", is_flag=True, help="Fetch each new entry's linked article and "
              "keep its full text.")
@click.option("--force", is_flag=True, help="Add it even if it answers an HTTP error or "
              "serves neither a feed nor a page.")
@pass_app
def sources_add(
    app: App, url: str, interval: str | None, tags: tuple[str, ...], name: str | None,
    page: bool, items: str | None, title: str | None, link: str | None, date: str | None,
    discover: bool, folder: bool, full_text: bool, force: bool,
) -> None:
    """Add a source (feed URL, web page, file: URL, path or folder) to the config file.

    --title is the CSS of each item's title for a page (--page or --items); for a feed it
    is the display name, like --name."""
    config = app.config(must_exist=False)  # the first source creates the file
    page = page or bool(items or link or date)
    if page and folder:
        raise SourceError("--page and --dir are different kinds of source; choose one")
    if discover and (page or folder):
        raise SourceError("--discover finds a page's feed; leave out --page, --items and --dir")
    if not page:
        if title and name and title != name:
            raise SourceError("--title and --name both name a feed; give only --name")
        name, title = name or title, None
    kind = SourceKind.PAGE if page else SourceKind.DIR if folder else SourceKind.FEED
    options = _page_options(items, title, link, date) if page else {}
    if full_text:
        options["full_text"] = True
    url = _check_url(url.strip(), config, folder=folder)
    if kind is SourceKind.FEED and urlsplit(url).scheme in ("http", "https") and not (
        _reserved_host(url) or url in {s.url for s in config.sources}
    ):
        url = _feed_or_discovered(config, url, discover, force)
    elif kind is SourceKind.PAGE and urlsplit(url).scheme in ("http", "https") and not (
        _reserved_host(url) or url in {s.url for s in config.sources}
    ):
        _answers(config, url, kind, force)
    spec = SourceSpec(
        url=url,
        title=name,
        tags=tags,
        interval=parse_duration(interval, "--interval") if interval else None,
        kind=kind,
        options=options,
    )
    if not add_sources(config.path, [spec]):
        click.echo(f"{spec.url} is already a source")
        return
    app.sync()
    what = "" if kind is SourceKind.FEED else f" as a {kind.value} source"
    click.echo(f"added {spec.url}{what} to {config.path}")


@sources.command("preview")
@click.argument("url")
@_selector_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def sources_preview(
    app: App, url: str, items: str | None, title: str | None, link: str | None,
    date: str | None, as_json: bool,
) -> None:
    """Fetch a web page (or feed) once and show the entries it would give, to tune the
    selectors before `sources add URL --page …`. Nothing is stored."""
    from monitor.sources.discover import feed_links, looks_like_html
    from monitor.sources.feeds import parse_feed
    from monitor.sources.parse import parse_source

    config = app.config()
    url = _check_url(url.strip(), config, adding=False)
    options = _page_options(items, title, link, date)
    source, fetched = _fetch_once(config, url, SourceKind.PAGE, options)
    if fetched.error is not None:
        raise SourceError(f"cannot fetch {url}: {fetched.error}")
    kind, parsed = SourceKind.PAGE, None
    is_html = looks_like_html(fetched.body, fetched.headers)
    if not options and not is_html:
        as_feed = parse_feed(fetched.body, fetched.headers, url)
        if as_feed.error is None:
            kind, parsed = SourceKind.FEED, as_feed
    if parsed is None:
        parsed = parse_source(source, fetched)
    if parsed.error is not None:
        raise SourceError(f"{url}: {parsed.error}")
    feeds = [f.url for f in feed_links(fetched.body, fetched.final_url or url)] if is_html else []
    _show_preview(url, kind, parsed, feeds, options, as_json)


def _show_preview(
    url: str, kind: SourceKind, parsed: ParsedFeed, feeds: list[str], options: dict[str, Any],
    as_json: bool,
) -> None:
    if as_json:
        _json({
            "url": url,
            "kind": kind.value,
            "entries": [
                {"title": e.title, "link": e.link, "published": e.published,
                 "summary": e.summary_text}
                for e in parsed.entries
            ],
            "warning": parsed.warning,
            "feeds": feeds,
        })
        return
    # An entry a line, then its link and date: a link or a date is never split, at any width.
    for entry in parsed.entries:
        click.echo(" ".join(entry.title.split()) or "(no title)")
        click.echo("  " + " · ".join(part for part in (entry.link, entry.published) if part))
    click.echo(f"{len(parsed.entries)} entries from {url} ({kind.value})")
    if parsed.warning:
        click.echo(f"warning: {parsed.warning}")
    if feeds:
        click.echo(f"this page links a feed: {feeds[0]}; `monitor sources add {feeds[0]}` "
                   "follows it instead")
    if kind is SourceKind.PAGE:
        flags = "".join(f" --{k} {_shell_quote(v)}" for k, v in options.items())
        click.echo(f"add it with: monitor sources add {url} --page{flags}")


def _shell_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def sources_list(app: App, as_json: bool) -> None:
    """List sources as configured."""
    config = app.config()
    if as_json:
        _json({"sources": [
            {"url": s.url, "title": s.title, "tags": list(s.tags), "interval": s.interval,
             "kind": s.kind.value, "options": s.options}
            for s in config.sources
        ]})
        return
    if not config.sources:
        click.echo("no sources yet; add one with `monitor sources add URL`")
    for spec in config.sources:
        extras = []
        if spec.kind is not SourceKind.FEED:
            selectors = [f"{k}: {v}" for k, v in spec.options.items() if k != "full_text"]
            extras.append(", ".join([spec.kind.value, *selectors]))
        if spec.options.get("full_text"):
            extras.append("full text")
        if spec.title:
            extras.append(spec.title)
        if spec.tags:
            extras.append("tags: " + ", ".join(spec.tags))
        if spec.interval:
            extras.append(f"every {format_duration(spec.interval)}")
        click.echo(spec.url + (f"  ({'; '.join(extras)})" if extras else ""))


@sources.command("remove")
@click.argument("url")
@pass_app
def sources_remove(app: App, url: str) -> None:
    """Remove a source from the config file (its stored entries are kept)."""
    config = app.config()
    if not remove_source(config.path, url):
        raise SourceError(f"{url} is not a source; `monitor sources list` shows them")
    app.sync()
    click.echo(f"removed {url}")


@sources.command("enable")
@click.argument("url")
@pass_app
def sources_enable(app: App, url: str) -> None:
    """Re-enable a source that was disabled (e.g. after 410 Gone) and poll it soon."""
    config = app.config()
    with app.store(config) as store:
        found = store.sources([url])
        if not found:
            raise SourceError(f"{url} is not a source; `monitor sources list` shows them")
        store.enable(found[0].id, utcnow())
    click.echo(f"enabled {url}")


@sources.command("disable")
@click.argument("url")
@pass_app
def sources_disable(app: App, url: str) -> None:
    """Stop polling a source without removing it (its entries and alerts stay);
    `sources enable URL` starts again."""
    config = app.config()
    with app.store(config) as store:
        found = store.sources([url])
        if not found:
            raise SourceError(f"{url} is not a source; `monitor sources list` shows them")
        store.disable(found[0].id, utcnow())
    click.echo(f"disabled {url}; `monitor sources enable {url}` polls it again")


@sources.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@pass_app
def sources_import(app: App, file: Path) -> None:
    """Add every feed of an OPML file to the config file."""
    config = app.config(must_exist=False)
    specs = read_opml(file)
    if not specs:
        raise SourceError(f"{file}: no outlines with an xmlUrl found")
    added = add_sources(config.path, specs)
    app.sync()
    click.echo(f"imported {len(added)} sources ({len(specs) - len(added)} already present)")


@sources.command("export")
@pass_app
def sources_export(app: App) -> None:
    """Print the sources as OPML."""
    click.echo(write_opml(list(app.config().sources)))




# Exit statuses, for cron and scripts (README "Exit status").
EXIT_ERROR = 1  # a mistake or failure the message explains
EXIT_USAGE = 2  # a usage or config mistake: nothing was done
EXIT_SOURCES_FAILED = 3  # `monitor poll` ran, but some sources did not answer


def main() -> None:
    """Entry point: one line per user error; exit 2 for a usage or config mistake, 1 for
    other errors; tracebacks only with -v."""
    verbose = "-v" in sys.argv[1:] or "--verbose" in sys.argv[1:]
    try:
        code = cli.main(prog_name="monitor", standalone_mode=False)
    except ConfigError as exc:
        if verbose:
            raise
        click.echo(f"monitor: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except MonitorError as exc:
        if verbose:
            raise
        click.echo(f"monitor: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    if isinstance(code, int) and code:
        sys.exit(code)


def entry() -> None:
    """The `monitor` program: main(), then a quick exit.

    Once a command is done, freeing every module at interpreter exit takes about 0.1 s with
    our libraries, as long as storing a whole all-304 poll. So exit handlers run (logs
    flushed, child processes reaped), the output is flushed, and the process ends there.
    """
    import atexit
    import os

    try:
        main()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (monitor … | head): nothing to keep
            code = code or 1
    os._exit(code)


__all__ = ["cli", "entry", "main", "ConfigError"]
