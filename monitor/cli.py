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
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from monitor import __version__
from monitor.alerts import Rules, match_pending
from monitor.cli_rules import COMMANDS, rules_option, rules_path
from monitor.config import Config, SourceSpec, add_sources, load_config, remove_source
from monitor.daemon import Daemon, log_result
from monitor.delivery.atom import AtomFeeds
from monitor.errors import ConfigError, MonitorError, SourceError
from monitor.models import PollResult, Source, SourceState
from monitor.opml import read_opml, write_opml
from monitor.pipeline import Poller, PollSummary, parse_workers
from monitor.schedule import utcnow
from monitor.sources.fetch import is_local, local_path
from monitor.store import Store
from monitor.units import format_duration, parse_duration


@dataclass
class App:
    """What every command needs: the --config and --state choices, loaded lazily."""

    config_arg: str | None
    state_arg: str | None
    verbose: bool

    def config(self) -> Config:
        return load_config(self.config_arg, self.state_arg)

    @contextmanager
    def store(self, config: Config, sync: bool = True) -> Iterator[Store]:
        """Open the database, with the config's sources synced into it unless the command
        only reads entries or alerts (no write to wait for while a daemon polls)."""
        store = Store(config.state_dir)
        try:
            if sync:
                store.sync_sources(config.sources, utcnow())
            yield store
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config", "config_arg", envvar="MONITOR_CONFIG", metavar="PATH",
    help="Config file (env MONITOR_CONFIG; default ./monitor.toml).",
)
@click.option(
    "--state", "state_arg", envvar="MONITOR_STATE", metavar="DIR",
    help="State directory (env MONITOR_STATE; default from the config, else ./state).",
)
@click.option("-v", "--verbose", is_flag=True, help="Debug logs, and tracebacks on errors.")
@click.version_option(__version__, prog_name="monitor")
@click.pass_context
def cli(ctx: click.Context, config_arg: str | None, state_arg: str | None, verbose: bool) -> None:
    """Watch feeds and documents; store every new entry; alert on what matters."""
    # One-shot commands print their own summary; their logs are for problems (and -v).
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.WARNING)
    ctx.obj = App(config_arg, state_arg, verbose)


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
    store: Store, config: Config, rules: Rules, sources: list[Source], show_progress: bool,
    verbose: bool,
) -> list[PollResult]:
    """Poll with a progress bar on a terminal; large polls spread over every core."""
    bulk = len(sources) >= BULK_SOURCES and parse_workers(config.settings.parse_workers) > 1
    poller = Poller(store, config, rules=rules)

    def run(on_result: Callable[[PollResult], None] | None) -> list[PollResult]:
        if bulk:
            return poller.poll_in_processes(sources, on_result)

        async def in_process() -> list[PollResult]:
            async with poller:
                return await poller.poll(sources, on_result)

        return asyncio.run(in_process())

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
    if url is not None:
        _fetch_log(log, as_json)
        return
    if as_json:
        _json({"sources": [
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
        ]})
        return
    if not rows:
        click.echo("no sources yet; add one with `monitor sources add URL`")
        return
    from rich.table import Table

    table = Table(box=None, header_style="bold")
    for column in ("source", "state", "http", "entries", "last check", "next check", "error"):
        table.add_column(column, overflow="fold")
    colours = {"ok": "green", "error": "red", "disabled": "yellow", "never": "dim"}
    for r in rows:
        s = r.source
        table.add_row(
            s.url, f"[{colours[s.state.value]}]{s.state.value}[/]", str(s.last_status or ""),
            str(r.entries), s.last_check or "", s.next_check or "", s.last_error or "",
        )
    _console().print(table)


def _fetch_log(log: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        _json({"fetches": log})
        return
    if not log:
        click.echo("not fetched yet")
    for row in log:
        status = row["status"] or ""
        counts = f"{row['new_entries']} new, {row['updated_entries']} updated"
        click.echo(f"{row['at']}  {row['outcome']:<12} {status!s:>4}  {row['bytes']:>9} B  "
                   f"{row['duration_ms']:>6} ms  {counts}" + (f"  {row['error']}"
                                                             if row["error"] else ""))


@cli.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True, help="At most this many entries.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def search(app: App, query: str, limit: int, as_json: bool) -> None:
    """Full-text search over stored entries (SQLite FTS5 syntax, or plain words)."""
    config = app.config()
    with app.store(config, sync=False) as store:
        hits = store.search(query, limit)
    if as_json:
        _json({"entries": [asdict(h) for h in hits]})
        return
    if not hits:
        click.echo("no entries match")
        return
    for hit in hits:
        click.echo(f"{hit.title or '(no title)'}\n  {hit.source} · {hit.published or ''}")
        if hit.link:
            click.echo(f"  {hit.link}")


# -- sources ----------------------------------------------------------------------------


@cli.group()
def sources() -> None:
    """Add, list, remove, import and export sources (kept in the config file)."""


def _check_url(url: str, config: Config) -> str:
    """Reject what cannot be a source; a local path is kept as the user wrote it."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        if not parts.netloc:
            raise SourceError(f"{url}: a URL needs a host, e.g. https://example.org/feed.xml")
        return url
    if is_local(url):
        if parts.scheme not in ("", "file") and len(parts.scheme) > 1:
            raise SourceError(f"{url}: use an http(s) URL, a file: URL or a local path")
        path = local_path(url, config.base_dir)
        if path.is_dir():
            raise SourceError(f"{url} is a folder; name a feed file in it")
        if not path.exists():
            click.echo(f"monitor: note: {path} does not exist yet; it will be read when it does",
                       err=True)
    return url


@sources.command("add")
@click.argument("url")
@click.option("--interval", help="How often to poll, e.g. 30m, 2h (default from config).")
@click.option("--tag", "tags", multiple=True, help="A tag; repeat for several.")
@click.option("--title", help="A name to show instead of the feed's own title.")
@pass_app
def sources_add(
    app: App, url: str, interval: str | None, tags: tuple[str, ...], title: str | None
) -> None:
    """Add a source (feed URL, file: URL or path) to the config file."""
    config = app.config()
    spec = SourceSpec(
        url=_check_url(url.strip(), config),
        title=title,
        tags=tags,
        interval=parse_duration(interval, "--interval") if interval else None,
    )
    if not add_sources(config.path, [spec]):
        click.echo(f"{spec.url} is already a source")
        return
    app.sync()
    click.echo(f"added {spec.url} to {config.path}")


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def sources_list(app: App, as_json: bool) -> None:
    """List sources as configured."""
    config = app.config()
    if as_json:
        _json({"sources": [
            {"url": s.url, "title": s.title, "tags": list(s.tags), "interval": s.interval}
            for s in config.sources
        ]})
        return
    if not config.sources:
        click.echo("no sources yet; add one with `monitor sources add URL`")
    for spec in config.sources:
        extras = []
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


for _command in COMMANDS:
    cli.add_command(_command)
cli.add_command(__import__("monitor.cli_serve", fromlist=["serve"]).serve)
cli.add_command(__import__("monitor.cli_digest", fromlist=["digest"]).digest)
cli.add_command(__import__("monitor.cli_notify", fromlist=["notify"]).notify)


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


__all__ = ["cli", "main", "ConfigError"]
