"""The `monitor` command: parse arguments, call the layer below, format the output.

Errors a user can cause are MonitorError: printed on one line, exit 1; `-v` shows the
traceback for bug reports. Logs go to stderr, command output to stdout.
"""

from __future__ import annotations

import asyncio
import json
import logging
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
    _loaded: tuple[tuple[int, int, int] | None, Config] | None = None

    def config(self) -> Config:
        """The config, read once per command unless the file changed since (an edit)."""
        path = Path(self.config_arg or DEFAULT_CONFIG).expanduser()
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
    def store(self, config: Config, sync: bool = True) -> Iterator[Storage]:
        """Open the database, with the config's sources synced into it unless the command
        only reads entries or alerts (no write to wait for while a daemon polls)."""
        store = open_storage(config.database, config.state_dir)
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
@click.option("-v", "--verbose", is_flag=True, help="Debug logs, and tracebacks on errors.")
@click.version_option(__version__, prog_name="monitor")
@click.pass_context
def cli(
    ctx: click.Context, config_arg: str | None, state_arg: str | None,
    database_arg: str | None, verbose: bool,
) -> None:
    """Watch feeds and documents; store every new entry; alert on what matters."""
    # One-shot commands print their own summary; their logs are for problems (and -v).
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.WARNING)
    ctx.obj = App(config_arg, state_arg, verbose, database_arg)


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
    if not config.exists:
        click.echo(f"monitor: no config at {config.path}; running with no sources", err=True)
    rules = Rules(rules_path(app, rules_arg))
    from monitor.daemon import Daemon  # Apprise, feedgen, the scheduler: only the daemon

    asyncio.run(Daemon(config, app.config_arg, app.state_arg, rules).run())


@cli.command()
@click.argument("urls", nargs=-1)
@rules_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object of counts.")
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
    if as_json:
        _json(asdict(summary))
        return
    for result in results:
        if result.error:
            click.echo(f"  failed {result.url}: {result.error}")
    click.echo(
        f"polled {summary.sources} sources: {summary.ok} ok, {summary.not_modified} not "
        f"modified, {summary.failed} failed; {summary.new_entries} new entries, "
        f"{summary.updated_entries} updated, {summary.new_alerts} new alerts"
    )


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
@pass_app
def status(app: App, url: str | None, as_json: bool) -> None:
    """One row per source: state, last HTTP status and error, entries, last and next check.
    With a URL: that source's recent fetches (the fetch log)."""
    config = app.config()
    with app.store(config) as store:
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
    from rich.markup import escape
    from rich.table import Table

    if daemons:
        _daemon_table(daemons, now, tick)

    table = Table(box=None, header_style="bold")
    for column in ("source", "state", "http", "entries", "last check", "next check", "problem"):
        table.add_column(column, overflow="fold")
    colours = {"ok": "green", "error": "red", "disabled": "yellow", "never": "dim"}
    for r in rows:
        s = r.source
        # A source that works can still warn (a bozo feed, a file in a folder it cannot
        # read, a selector matching nothing): shown when there is no error to show.
        problem = f"[yellow]warning:[/] {escape(r.warning)}" if r.warning else ""
        if s.last_error:
            problem = escape(s.last_error)
        table.add_row(
            escape(s.url), f"[{colours[s.state.value]}]{s.state.value}[/]",
            str(s.last_status or ""), str(r.entries), s.last_check or "", s.next_check or "",
            problem,
        )
    _console().print(table)
    if behind["sources"]:
        click.echo(f"warning: {behind['advice']}")


def _daemon_table(daemons: list[DaemonRecord], now: datetime, tick: float) -> None:
    """The daemons sharing this database: host, pid, since when, last beat, rules, polls."""
    from rich.markup import escape
    from rich.table import Table

    from monitor.heartbeat import stopped

    table = Table(box=None, header_style="bold", title="daemons", title_justify="left")
    for column in ("host", "pid", "started", "last heartbeat", "rules", "polls (1 h)"):
        table.add_column(column, overflow="fold")
    for d in daemons:
        beat = f"[red]{d.heartbeat} (stopped)[/]" if stopped(d, now, tick) else d.heartbeat
        table.add_row(escape(d.host), str(d.pid), d.started, beat,
                      escape(d.rules_fingerprint or ""), str(d.polls_last_hour))
    _console().print(table)


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
        with app.store(config, sync=False) as store:
            result = run_search(store, query, max(1, limit), max(0, offset))
    except QueryError as exc:
        raise MonitorError(f"{exc}\n  {query}\n  {' ' * (exc.column - 1)}^") from None
    if as_json:
        _json({"entries": [
            {"id": f.entry.id, "title": f.entry.title, "source": f.entry.source_name,
             "date": f.entry.date, "link": f.entry.link, "snippet": f.hit.snippet,
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
    for found in result.found:
        entry = found.entry
        click.echo(f"{entry.title or '(no title)'}\n  {entry.source_name} · {entry.date}")
        if found.hit.snippet:
            click.echo(f"  {_highlighted(found.hit.snippet)}")
        if entry.link:
            click.echo(f"  {entry.link}")
    if result.more:
        click.echo(f"more: --offset {offset + len(result.found)}")


def _highlighted(snippet: str) -> str:
    """A snippet's **term** marks as bold on a terminal, plain text in a pipe."""
    import re

    tty = sys.stdout.isatty()
    return re.sub(r"\*\*(.+?)\*\*",
                  lambda m: click.style(m.group(1), bold=True) if tty else m.group(1), snippet)


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


def _feed_or_discovered(config: Config, url: str, discover: bool) -> str:
    """The URL to add as a feed: the URL itself if it is a feed (or cannot be fetched now),
    the feed a web page links when --discover says to take it; otherwise a SourceError
    that lists the page's feeds and says what to do."""
    from monitor.sources.discover import feed_links, looks_like_html
    from monitor.sources.feeds import parse_feed

    _, fetched = _fetch_once(config, url, SourceKind.FEED, {})
    if fetched.error is not None:
        click.echo(f"monitor: note: cannot fetch {url} now ({fetched.error}); adding it anyway, "
                   "it will be polled later", err=True)
        return url
    if fetched.not_modified or not looks_like_html(fetched.body, fetched.headers):
        return url  # a feed, or something the poll will explain
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
@pass_app
def sources_add(
    app: App, url: str, interval: str | None, tags: tuple[str, ...], name: str | None,
    page: bool, items: str | None, title: str | None, link: str | None, date: str | None,
    discover: bool, folder: bool, full_text: bool,
) -> None:
    """Add a source (feed URL, web page, file: URL, path or folder) to the config file.

    --title is the CSS of each item's title for a page (--page or --items); for a feed it
    is the display name, like --name."""
    config = app.config()
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
        url = _feed_or_discovered(config, url, discover)
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
    from rich.markup import escape
    from rich.table import Table

    table = Table(box=None, header_style="bold")
    for column in ("title", "link", "date"):
        table.add_column(column, overflow="fold")
    for entry in parsed.entries:
        table.add_row(escape(entry.title), escape(entry.link or ""), entry.published or "")
    if parsed.entries:
        _console().print(table)
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


@sources.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@pass_app
def sources_import(app: App, file: Path) -> None:
    """Add every feed of an OPML file to the config file."""
    config = app.config()
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




def main() -> None:
    """Entry point: one line per user error, exit 1; tracebacks only with -v."""
    verbose = "-v" in sys.argv[1:] or "--verbose" in sys.argv[1:]
    try:
        cli.main(prog_name="monitor", standalone_mode=False)
    except MonitorError as exc:
        if verbose:
            raise
        click.echo(f"monitor: error: {exc}", err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)


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
