"""The review web app behind `monitor serve`: alerts, search, rules, sources, Atom feeds.

Plain HTML pages (Jinja2, autoescaped) that work without JavaScript: filters are GET
forms, marks are POST forms that redirect back (303). Database work runs in worker
threads, one storage connection per request, so a busy daemon delays a page but never breaks it.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Hashable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import jinja2
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from monitor import __version__
from monitor.alerts import STATUSES, mark_alerts
from monitor.config import Config
from monitor.errors import MonitorError
from monitor.rulebook.files import SEVERITIES, RuleError, load_rulebook
from monitor.snippets import Snippet
from monitor.urls import safe_link as web_link
from monitor.web import views
from monitor.web.guard import CSRF_FIELD, Guard, verify_csrf

HERE = Path(__file__).parent
ATOM_TYPE = "application/atom+xml; charset=utf-8"
_FEED_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_CACHED_FEEDS = 500


def marks(snippet: Snippet | None) -> Markup:
    """A snippet with its matched terms in <mark>, every piece escaped."""
    if snippet is None:
        return Markup("")
    return Markup(snippet.render(lambda term: f"<mark>{escape(term)}</mark>",
                                 lambda text: str(escape(text))))


def when(stamp: str | None) -> str:
    """2026-01-31T12:00:00Z as 2026-01-31 12:00Z."""
    if not stamp:
        return ""
    return stamp.replace("T", " ")[:16] + ("Z" if stamp.endswith("Z") else "")


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
        trim_blocks=True, lstrip_blocks=True,
    )
    templates = Jinja2Templates(env=env)
    templates.env.filters.update(marks=marks, web_link=web_link, when=when)
    templates.env.globals.update(version=__version__, statuses=STATUSES,
                                 csrf_field=CSRF_FIELD)
    return templates


def _local_path(target: str | None) -> str:
    """Where to go back to after a POST: a path on this server, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _with_notice(target: str, **notice: str) -> str:
    """`target` with a notice in its query (the row it came from kept as its #fragment)."""
    parts = urlsplit(target)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("done", "n", "url")]
    query += list(notice.items())
    fragment = parts.fragment if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", parts.fragment) else ""
    return (parts.path + ("?" + urlencode(query) if query else "")
            + (f"#{fragment}" if fragment else ""))


SOURCE_NOTICES = {
    "added": "added {url}; it is polled with the others (or press poll now)",
    "exists": "{url} is a source already",
    "disabled": "disabled {url}: it is not polled until enabled",
    "enabled": "enabled {url}: it is polled soon",
}


def create_app(config: Config, *, rules_path: Path | None = None,
               secret: bytes | None = None) -> Starlette:
    """The review app for one config; `rules_path` defaults to the config's rules dir."""
    rules_dir = rules_path or config.rules_dir
    templates = _templates()
    secret = secret or secrets.token_bytes(32)

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200
             ) -> Response:
        context = {"csrf": getattr(request.state, "csrf", ""), "path": request.url.path,
                   "here": _here(request), **context}
        return templates.TemplateResponse(request, name, context, status_code=status)

    async def alerts(request: Request) -> Response:
        filters = views.AlertFilters.of(request.query_params)
        data = await run_in_threadpool(views.alert_page, config, rules_dir, filters)
        done, count = request.query_params.get("done"), request.query_params.get("n", "")
        notice = None
        if done in STATUSES and count.isdigit():
            notice = f"{count} alert(s) marked {done}"
        elif done == "none":
            notice = "Tick at least one alert, then press a button."
        return page(request, "alerts.html", {**data, "notice": notice,
                                             "next_query": filters.query(offset=filters.offset
                                                                          + views.PAGE_SIZE),
                                             "prev_query": filters.query(
                                                 offset=max(0, filters.offset - views.PAGE_SIZE))})

    async def mark(request: Request) -> Response:
        form = await request.form()
        verify_csrf(request, form.get(CSRF_FIELD))
        target = _local_path(str(form.get("next") or "/"))
        action = str(form.get("action") or "")
        status, _, one = action.partition(":")
        if status not in STATUSES:
            raise HTTPException(400, f"unknown action {action!r}: use one of "
                                     + ", ".join(STATUSES))
        raw = [one] if one else [str(v) for v in form.getlist("id")]
        try:
            ids = sorted({int(v) for v in raw})
        except ValueError:
            raise HTTPException(400, "alert ids are numbers") from None
        beyond = [i for i in ids if not views.is_row_id(i)]  # SQLite cannot even look it up
        if beyond:
            raise HTTPException(404, f"no alert {beyond[0]}; the alert list shows them all")
        if not ids:
            return RedirectResponse(_with_notice(target, done="none"), 303)

        def apply() -> None:
            with views.open_store(config) as store:
                mark_alerts(store, ids, status)

        try:
            await run_in_threadpool(apply)
        except MonitorError as exc:
            raise HTTPException(404, str(exc)) from None
        return RedirectResponse(_with_notice(target, done=status, n=str(len(ids))), 303)

    async def alert(request: Request) -> Response:
        found = await run_in_threadpool(views.alert_detail, config,
                                        request.path_params["alert_id"])
        if found is None:
            raise HTTPException(404, "no such alert; the alert list shows them all")
        item, hits = found
        return page(request, "alert.html", {"alert": item, "hits": hits})

    async def search(request: Request) -> Response:
        query = request.query_params.get("q", "").strip()
        found = await run_in_threadpool(views.search, config, query, _offset(request))
        return page(request, "search.html", {"q": query, "found": found,
                                             "page_size": views.PAGE_SIZE,
                                             "severities": SEVERITIES})

    async def entry(request: Request) -> Response:
        found = await run_in_threadpool(views.entry_page, config,
                                        request.path_params["entry_id"])
        if found is None:
            raise HTTPException(404, "no such entry; search finds them")
        return page(request, "entry.html", {"entry": found})

    async def rules(request: Request, save: dict[str, Any] | None = None) -> Response:
        data = await run_in_threadpool(views.rules_page, config, rules_dir)
        params = request.query_params if save is None else save
        query = str(params.get("q", "")).strip()
        days = views.parse_days(params.get("days"))
        trial = await run_in_threadpool(views.try_query, config, query, days) if query else None
        saved = request.query_params.get("saved")
        return page(request, "rules.html", {
            **data, "trial": trial, "try_q": query, "days": days, "severities": SEVERITIES,
            "save": save or {}, "saved": saved if saved and _FEED_NAME.match(saved) else None,
        }, status=400 if save else 200)

    async def save_rule(request: Request) -> Response:
        form = await request.form()
        verify_csrf(request, form.get(CSRF_FIELD))
        values = {key: str(form.get(key) or "").strip()
                  for key in ("id", "name", "severity", "query")}
        if values["severity"] and values["severity"] not in SEVERITIES:
            values["severity"] = ""
        try:
            await run_in_threadpool(views.save_rule, rules_dir, dict(values))
        except (RuleError, MonitorError) as exc:
            return await rules(request, save={**values, "q": values["query"],
                                              "days": form.get("days"), "error": str(exc)})
        return RedirectResponse(f"/rules?{urlencode({'saved': values['id']})}#rule-"
                                f"{values['id']}", 303)

    async def sources(request: Request, notice: str | None = None, status: int = 200
                      ) -> Response:
        rows = await run_in_threadpool(views.sources_page, config)
        done, url = request.query_params.get("done"), request.query_params.get("url", "")
        if notice is None and done in SOURCE_NOTICES:
            notice = SOURCE_NOTICES[done].format(url=url)
        failures = views.failure_groups(rows)
        return page(request, "sources.html", {
            "rows": rows, "notice": notice, "failures": failures,
            "failing": sum(len(group.urls) for group in failures)}, status=status)

    async def source_action(request: Request) -> Response:
        form = await request.form()
        verify_csrf(request, form.get(CSRF_FIELD))
        action = request.path_params["action"]
        if action == "add":
            url = str(form.get("url") or "").strip()
            problem = views.check_source_url(url)
            if problem:
                return await sources(request, notice=problem, status=400)
            added = await run_in_threadpool(views.add_source, config, url,
                                            str(form.get("name") or "").strip())
            return RedirectResponse(_with_notice("/sources", done="added" if added
                                                 else "exists", url=url), 303)
        source_id = int(request.path_params.get("source_id", 0))
        if action in ("enable", "disable"):
            changed: str | None = await run_in_threadpool(
                views.set_source_enabled, config, source_id, action == "enable")
            if changed is None:
                raise HTTPException(404, "no such source; the sources page lists them")
            return RedirectResponse(_with_notice("/sources", done=action + "d", url=changed),
                                    303)
        if action == "poll":
            target: str | None = await run_in_threadpool(views.source_url, config, source_id)
            if target is None:
                raise HTTPException(404, "no such source; the sources page lists them")
            said = await run_in_threadpool(views.poll_source, config, target)
            return await sources(request, notice=said)
        raise HTTPException(404, "no such action")

    async def feeds(request: Request) -> Response:
        names = await run_in_threadpool(_feed_list, config, rules_dir)
        base = str(request.base_url).rstrip("/")
        return page(request, "feeds.html", {
            "feeds": [(name, f"{base}/atom/{name}.xml") for name in names],
            "token": bool(config.serve.token),
        })

    atom_cache = AtomCache()

    async def atom(request: Request) -> Response:
        name = request.path_params["name"]
        if not _FEED_NAME.match(name):
            raise HTTPException(404, "no such feed")
        self_url = str(request.url.replace(query=""))
        body = await run_in_threadpool(_atom_feed, config, rules_dir, name, self_url, atom_cache)
        if isinstance(body, Path):
            return FileResponse(body, media_type=ATOM_TYPE)
        if body is None:
            raise HTTPException(404, f"no feed {name!r}: /atom/all.xml has every alert")
        return Response(body, media_type=ATOM_TYPE)

    async def error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return page(request, "error.html", {"status": exc.status_code, "message": exc.detail},
                    status=exc.status_code)

    app = Starlette(
        routes=[
            Route("/", alerts),
            Route("/alerts/mark", mark, methods=["POST"]),
            Route("/alerts/{alert_id:int}", alert),
            Route("/search", search),
            Route("/entries/{entry_id:int}", entry),
            Route("/rules", rules),
            Route("/rules/save", save_rule, methods=["POST"]),
            Route("/sources", sources),
            Route("/sources/{action:str}", source_action, methods=["POST"]),
            Route("/sources/{source_id:int}/{action:str}", source_action, methods=["POST"]),
            Route("/feeds", feeds),
            Route("/favicon.ico", lambda request: Response(status_code=204)),  # no icon, no 404
            Route("/atom/{name}.xml", atom),
            Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        ],
        middleware=[Middleware(Guard, token=config.serve.token, secret=secret)],
        exception_handlers={HTTPException: error},
    )
    app.state.secret = secret
    return app


def _here(request: Request) -> str:
    """This page's path and query, for forms that come back here."""
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def _offset(request: Request) -> int:
    try:
        return min(max(0, int(request.query_params.get("offset", 0) or 0)), views.MAX_ROW_ID)
    except ValueError:
        return 0


def _feed_list(config: Config, rules_dir: Path) -> list[str]:
    """"all" and every rule's feed, for the page that lists what to subscribe to."""
    try:
        book = load_rulebook(rules_dir)
    except RuleError:
        book = None
    with views.open_store(config) as store:
        known = set(store.alert_rule_ids()) | ({r.id for r in book.rules} if book else set())
    return ["all", *sorted(known - {"all"})]


class AtomCache:
    """Rendered Atom feeds, kept until their alerts change: a feed reader polling every few
    minutes costs one cheap summary query, not a render (the database is the source on
    every engine; on PostgreSQL no daemon writes state/atom/)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._feeds: dict[tuple[str, str], tuple[Hashable, bytes]] = {}

    def get(self, name: str, self_url: str, key: Hashable) -> bytes | None:
        with self._lock:
            found = self._feeds.get((name, self_url))
        return found[1] if found is not None and found[0] == key else None

    def put(self, name: str, self_url: str, key: Hashable, body: bytes) -> None:
        with self._lock:
            if len(self._feeds) >= MAX_CACHED_FEEDS:
                self._feeds.clear()  # many self URLs (hosts, ports): start over
            self._feeds[(name, self_url)] = (key, body)


def _atom_feed(
    config: Config, rules_dir: Path, name: str, self_url: str, cache: AtomCache | None = None
) -> bytes | Path | None:
    """The Atom feed `name` ("all" or a rule id), rendered from the database (or taken
    from `cache` while its alerts and the rules are unchanged); without the Atom module,
    the file the daemon wrote in state/atom/."""
    try:
        from monitor.delivery.atom import feed_names, render_atom
    except ImportError:
        path = config.state_dir / "atom" / f"{name}.xml"
        return path if path.is_file() else None
    try:
        book = load_rulebook(rules_dir)
    except RuleError:
        book = None
    with views.open_store(config) as store:
        known = set(feed_names(store)) | ({r.id for r in book.rules} if book else set())
        if name not in known:
            return None
        marks = {mark.rule_id: mark for mark in store.feed_marks()}
        key = (
            book.fingerprint if book else None,
            tuple(sorted(marks.items())) if name == "all" else marks.get(name),
        )
        if cache is not None and (body := cache.get(name, self_url, key)) is not None:
            return body
        body = render_atom(store, None if name == "all" else name, rulebook=book,
                           base_url=self_url)
    if cache is not None:
        cache.put(name, self_url, key, body)
    return body
