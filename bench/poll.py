"""Poll benchmark: `monitor poll` against the `reader` library on local feeds.

Starts a local HTTP server on loopback only (500 RSS feeds x 50 entries, 50 ms per answer,
ETag / Last-Modified with 304s), then times a first poll (everything new) and a second poll
(everything 304) for our CLI and for reader (in a bench-only venv, .venv-bench), each phase in
its own subprocess so that wall time and peak RSS are per tool and phase. The all-304 phase
is repeatable, so its time is the median of several runs without the memory sampler, the two
tools in turns.

A second case runs both tools as a user would, with monitor's default settings: 300 feeds
on 30 hosts (127.0.0.2 .. 127.0.0.31, all loopback; 50 ms per answer), where monitor must
take at most half of reader's wall time, first poll and all-304 alike.

Usage: .venv/bin/python bench/poll.py [--feeds N] [--entries N] [--delay S] [--per-host N]
       [--concurrency N] [--workers N] [--case main|hosts] [--keep]
       (or `make bench` for all benchmarks)

Only the standard library is imported at module level: the same file also runs as the feed
server (`serve`) and as the reader side (`reader-phase`) under the bench venv's Python.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
BENCH_VENV = ROOT / ".venv-bench"
# reader vendors a feedparser that does `import sgmllib`; feedparser >= 6.0.12 no longer pulls
# in sgmllib3k (it uses feedparser-sgmllib), so it has to be installed explicitly.
READER_REQUIREMENTS = ["reader>=3.20,<4", "sgmllib3k"]
HOST = "127.0.0.1"  # the address this bench serves on, but for the many-hosts case


def host_address(index: int) -> str:
    """The loopback address of host `index` in the many-hosts case: 127.0.0.2, .3, ..."""
    if not 0 <= index < 250:
        raise ValueError("at most 250 loopback hosts")
    return f"127.0.0.{2 + index}"

DEFAULT_FEEDS = 500
DEFAULT_ENTRIES = 50
DEFAULT_DELAY = 0.05
READER_WORKERS = 10
OURS_CONCURRENCY = 64
OURS_PER_HOST = 64  # the 500 feeds stand for 500 hosts; all are 127.0.0.1 here
PHASE_TIMEOUT = 300.0  # seconds; a phase slower than this is killed and fails

TARGET_FIRST_ENTRIES_RATIO = 2.0  # ours / reader, entries per second, first poll
TARGET_SECOND_FEEDS_RATIO = 3.0  # ours / reader, feeds per second, all-304 poll
# The all-304 phase can be repeated (nothing changes on the server): after one sampled run
# for memory, the two tools run it this many more times unsampled, in turns (ours, then
# reader's), and each tool's median wall time counts. One run of about a second on a shared
# machine is too noisy to judge by, and runs in turns share the machine's slow spells
# (timed one tool after the other, a slow minute once cost ours a third: 2.99x, then 3.90x).
SECOND_TIMED_RUNS = 7

# The many-hosts case: monitor with its default settings against reader, whole processes.
HOSTS_FEEDS = 300
HOSTS_COUNT = 30
TARGET_HOSTS_TIME_RATIO = 0.5  # ours / reader, wall time, first poll and all-304 poll

# ---------------------------------------------------------------------------------------------
# Feed generation (deterministic, news-like)
# ---------------------------------------------------------------------------------------------

_SUBJECTS = [
    "The city council", "Regional lawmakers", "The central bank", "Union leaders",
    "Health officials", "A federal judge", "Local residents", "The energy regulator",
    "Researchers at the state university", "The transport ministry", "Investors",
    "Emergency services", "The school board", "Farmers in the valley", "The port authority",
    "Opposition parties", "A coalition of tech companies", "The weather service",
]
_VERBS = [
    "approved", "rejected", "postponed", "announced", "criticised", "defended", "unveiled",
    "questioned", "expanded", "suspended", "reviewed", "welcomed", "challenged", "confirmed",
]
_OBJECTS = [
    "a new housing plan", "the budget for next year", "plans for a tram line",
    "an overhaul of water pricing", "a pilot programme for electric buses",
    "the merger of two hospitals", "new rules on short-term rentals", "a wind farm project",
    "emergency funding for flood defences", "a proposal to extend opening hours",
    "the closure of a rural branch line", "a data-sharing agreement", "higher tariffs on steel",
    "a review of police staffing", "a tax break for small businesses",
]
_PLACES = [
    "Northfield", "the harbour district", "Eastbrook", "the capital", "Riverside",
    "the northern provinces", "Lakeview", "the old town", "Westmoor", "the coastal region",
]
_FILLERS = [
    "according to documents seen by reporters", "after months of negotiations",
    "despite strong objections from neighbours", "in a vote late on Tuesday",
    "citing rising costs", "following a public consultation", "amid growing pressure",
    "for the second time this year", "in a statement on Thursday morning",
    "with support from across the chamber", "ahead of the summer recess",
]
_QUOTES = [
    "We have listened carefully and this is the right decision for the community.",
    "Nobody expected the numbers to move this quickly.",
    "It is too early to say what the long-term effect will be.",
    "The figures speak for themselves, and we will keep monitoring them.",
    "People deserve clear answers, not more delays.",
    "This is a first step, not the end of the discussion.",
]
_PEOPLE = [
    "Maria Lindqvist", "Tomasz Nowak", "Aisha Bello", "Daniel Okafor", "Sofia Marchetti",
    "Henrik Dahl", "Priya Raman", "Lucas Moreau", "Elena Petrova", "James Whitaker",
]
_ROLES = ["a spokesperson", "the mayor", "an analyst", "the committee chair", "a local trader"]


def _sentence(rng: random.Random) -> str:
    """One news-like sentence."""
    return (
        f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} in "
        f"{rng.choice(_PLACES)} {rng.choice(_FILLERS)}."
    )


def _entry_html(rng: random.Random, link: str) -> str:
    """An article body of 1-2 KB of HTML: paragraphs, a quote, emphasis and a link."""
    target = rng.randint(1000, 1900)
    parts: list[str] = []
    size = 0
    n = 0
    while size < target:
        n += 1
        if n % 3 == 0:
            para = (
                f"<p>&#8220;{rng.choice(_QUOTES)}&#8221; said <strong>{rng.choice(_PEOPLE)}"
                f"</strong>, {rng.choice(_ROLES)}.</p>"
            )
        elif n % 4 == 0:
            para = (
                f"<p>{_sentence(rng)} <a href=\"{link}#more-{n}\">Read the background</a>"
                f" on <em>{rng.choice(_OBJECTS)}</em>.</p>"
            )
        else:
            para = "<p>" + " ".join(_sentence(rng) for _ in range(rng.randint(1, 3))) + "</p>"
        parts.append(para)
        size += len(para) + 1
    return "\n".join(parts)


def make_feed(index: int, entries: int, base_url: str) -> bytes:
    """RSS 2.0 document for feed `index` (deterministic for given arguments)."""
    rng = random.Random(index * 7919 + entries)
    base_ts = 1714550400 - index * 61  # 2024-05-01T08:00:00Z, shifted per feed
    items: list[str] = []
    for e in range(entries):
        link = f"{base_url}/news/{index}/{e}.html"
        html = _entry_html(rng, link)
        title = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
        summary = _sentence(rng)
        pub = formatdate(base_ts - e * 2237, usegmt=True)
        items.append(
            "<item>"
            f"<title>{escape(title)}</title>"
            f"<link>{link}</link>"
            f'<guid isPermaLink="false">bench-feed-{index}-entry-{e}</guid>'
            f"<pubDate>{pub}</pubDate>"
            f"<description>{escape(summary)}</description>"
            f"<content:encoded><![CDATA[{html}]]></content:encoded>"
            "</item>"
        )
    doc = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel>"
        f"<title>Bench News {index}</title>"
        f"<link>{base_url}/news/{index}/</link>"
        f"<description>Local news desk number {index}</description>"
        "<language>en</language>"
        f"<lastBuildDate>{formatdate(base_ts, usegmt=True)}</lastBuildDate>"
        + "\n".join(items)
        + "</channel></rss>\n"
    )
    return doc.encode("utf-8")


# ---------------------------------------------------------------------------------------------
# Feed server (asyncio, HTTP/1.1 keep-alive, pre-generated bytes)
# ---------------------------------------------------------------------------------------------


@dataclass
class _Feed:
    """A pre-generated feed document and its validators."""

    body: bytes
    etag: str
    last_modified: str
    last_modified_ts: float


@dataclass
class _Stats:
    """Request counters since the last reset."""

    requests: int = 0
    status: dict[str, int] = field(default_factory=dict)
    in_flight: int = 0
    peak_in_flight: int = 0
    connections: int = 0
    bytes_sent: int = 0
    cpu_start: float = field(default_factory=time.process_time)

    def as_dict(self) -> dict[str, Any]:
        """JSON-able snapshot."""
        return {
            "requests": self.requests,
            "status": dict(self.status),
            "peak_in_flight": self.peak_in_flight,
            "connections": self.connections,
            "bytes_sent": self.bytes_sent,
            "cpu_seconds": time.process_time() - self.cpu_start,
        }


_REASONS = {200: "OK", 304: "Not Modified", 400: "Bad Request", 404: "Not Found"}


def _not_modified(feed: _Feed, headers: dict[str, str]) -> bool:
    """RFC 9110 conditional GET: If-None-Match wins over If-Modified-Since."""
    inm = headers.get("if-none-match")
    if inm is not None:
        if inm.strip() == "*":
            return True
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return feed.etag in tags
    ims = headers.get("if-modified-since")
    if ims is not None:
        try:
            return parsedate_to_datetime(ims).timestamp() >= feed.last_modified_ts
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
    return False


def serve(port: int, feeds: int, entries: int, delay: float, hosts: int = 0) -> None:
    """Generate the feeds, listen on 127.0.0.1:port (with `hosts`, on that many loopback
    addresses from 127.0.0.2 on, one port), print the port, serve until killed."""
    docs: dict[str, _Feed] = {}
    stats = _Stats()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        counted = False  # count a connection at its first feed request, not at control ones
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                try:
                    method, target, version = lines[0].split(" ", 2)
                except ValueError:
                    return
                headers: dict[str, str] = {}
                for line in lines[1:]:
                    if ":" in line:
                        k, v = line.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
                length = int(headers.get("content-length", "0") or 0)
                if length:
                    await reader.readexactly(length)
                conn = headers.get("connection", "").lower()
                close = conn == "close" or (version == "HTTP/1.0" and conn != "keep-alive")

                if target.startswith("/_stats"):  # the bench's own control endpoint
                    status, extra, body = control(target)
                else:
                    if not counted:
                        counted = True
                        stats.connections += 1
                    stats.requests += 1
                    stats.in_flight += 1
                    stats.peak_in_flight = max(stats.peak_in_flight, stats.in_flight)
                    try:
                        status, extra, body = await respond(method, target, headers)
                    finally:
                        stats.in_flight -= 1
                    key = str(status)
                    stats.status[key] = stats.status.get(key, 0) + 1
                    stats.bytes_sent += len(body) if method != "HEAD" else 0
                out = [f"HTTP/1.1 {status} {_REASONS.get(status, 'OK')}"]
                out += [f"{k}: {v}" for k, v in extra.items()]
                if status != 304:
                    out.append(f"Content-Length: {len(body)}")
                out.append("Connection: close" if close else "Connection: keep-alive")
                data = ("\r\n".join(out) + "\r\n\r\n").encode("latin-1")
                if method != "HEAD" and status != 304:
                    data += body
                writer.write(data)
                await writer.drain()
                if close:
                    return
        finally:
            writer.close()

    def control(target: str) -> tuple[int, dict[str, str], bytes]:
        nonlocal stats
        body = json.dumps(stats.as_dict()).encode()
        if "reset" in target:
            in_flight = stats.in_flight
            stats = _Stats(in_flight=in_flight)
        return 200, {"Content-Type": "application/json"}, body

    async def respond(
        method: str, target: str, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        path = target.split("?", 1)[0]
        await asyncio.sleep(delay)
        if method not in ("GET", "HEAD"):
            return 400, {"Content-Type": "text/plain"}, b"bad method\n"
        feed = docs.get(path)
        if feed is None:
            return 404, {"Content-Type": "text/plain"}, b"not found\n"
        validators = {"ETag": feed.etag, "Last-Modified": feed.last_modified}
        if _not_modified(feed, headers):
            return 304, validators, b""
        return 200, {"Content-Type": "application/rss+xml; charset=utf-8", **validators}, feed.body

    async def main() -> None:
        first = host_address(0) if hosts else HOST
        server = await asyncio.start_server(handle, first, port, backlog=2048, limit=1 << 16)
        real_port = server.sockets[0].getsockname()[1]
        others = [
            await asyncio.start_server(handle, host_address(h), real_port, backlog=2048,
                                       limit=1 << 16)
            for h in range(1, hosts)
        ]
        for i in range(feeds):
            host = host_address(i % hosts) if hosts else HOST
            body = make_feed(i, entries, f"http://{host}:{real_port}")
            lm_ts = float(1714550400 - i * 61)
            docs[f"/feed/{i}.xml"] = _Feed(
                body=body,
                etag='"' + hashlib.sha1(body).hexdigest()[:20] + '"',
                last_modified=formatdate(lm_ts, usegmt=True),
                last_modified_ts=lm_ts,
            )
        total = sum(len(f.body) for f in docs.values())
        print(json.dumps({"port": real_port, "bytes": total}), flush=True)
        for other in others:
            await other.start_serving()
        async with server:
            await server.serve_forever()

    with contextlib.suppress(KeyboardInterrupt):  # SIGTERM (the default action) just ends it
        asyncio.run(main())


# ---------------------------------------------------------------------------------------------
# reader side (runs under .venv-bench's Python)
# ---------------------------------------------------------------------------------------------


def reader_phase(db: str, urls_file: str, phase: str, workers: int) -> None:
    """Run one reader phase (setup | poll) and print a JSON summary on stdout."""
    from reader import make_reader  # only installed in .venv-bench

    t0 = time.perf_counter()
    r = make_reader(db)
    try:
        if phase == "setup":
            urls = Path(urls_file).read_text().split()
            for url in urls:
                r.add_feed(url, exist_ok=True)
            print(json.dumps({"feeds": len(urls), "seconds": time.perf_counter() - t0}))
            return
        new = modified = not_modified = ok = failed = 0
        errors: list[str] = []
        t1 = time.perf_counter()
        for res in r.update_feeds_iter(workers=workers, scheduled=False):
            if res.value is None:
                not_modified += 1
            elif isinstance(res.value, Exception):
                failed += 1
                if len(errors) < 3:
                    errors.append(f"{res.url}: {res.value!r}")
            else:
                ok += 1
                new += res.value.new
                modified += res.value.modified
        update_seconds = time.perf_counter() - t1
        counts = r.get_entry_counts()
        print(json.dumps({
            "sources": ok + not_modified + failed, "ok": ok, "not_modified": not_modified,
            "failed": failed, "new_entries": new, "updated_entries": modified,
            "stored_total": counts.total, "update_seconds": update_seconds, "errors": errors,
        }))
    finally:
        r.close()


# ---------------------------------------------------------------------------------------------
# Orchestration
# ---------------------------------------------------------------------------------------------


@dataclass
class PhaseResult:
    """Outcome of one tool phase run as a subprocess."""

    tool: str
    phase: str
    seconds: float
    max_rss_kib: int
    tree_pss_kib: int
    procs: int
    cpu_seconds: float
    returncode: int
    output: dict[str, Any] | None
    stderr: str
    server: dict[str, Any]
    problems: list[str] = field(default_factory=list)


class TreeSampler(threading.Thread):
    """Samples the summed PSS of a process and all its descendants (Linux /proc) every 50 ms.

    wait4's ru_maxrss is the peak of the largest single process in the tree; a tool that
    parses in worker processes uses the sum, which this records (PSS: shared pages split).
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self.peak_procs = 0
        self._cpu_ticks: dict[int, int] = {}  # last utime+stime seen per process
        self._stop_event = threading.Event()

    @staticmethod
    def _descendants(root: int) -> list[int]:
        children: dict[int, list[int]] = {}
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", "rb") as fh:
                    ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(name))
        tree, todo = [], [root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, []))
        return tree

    def _sample_cpu(self, pid: int) -> None:
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            self._cpu_ticks[pid] = int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass

    @property
    def cpu_seconds(self) -> float:
        """CPU of every process seen in the tree (to the last 50 ms sample of each)."""
        return sum(self._cpu_ticks.values()) / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _pss_kib(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
                for line in fh:
                    if line.startswith(b"Pss:"):
                        return int(line.split()[1])
        except (OSError, ValueError, IndexError):
            pass
        return 0

    def run(self) -> None:
        if not os.path.isdir("/proc"):
            return
        while not self._stop_event.is_set():
            pids = self._descendants(self.pid)
            total = sum(self._pss_kib(p) for p in pids)
            for p in pids:
                self._sample_cpu(p)
            if total > self.peak_kib:
                self.peak_kib = total
            self.peak_procs = max(self.peak_procs, len(pids))
            self._stop_event.wait(0.05)

    def stop(self) -> None:
        """Stop sampling and wait for the thread."""
        self._stop_event.set()
        self.join()


@dataclass
class Measured:
    """What one measured subprocess run produced."""

    returncode: int
    seconds: float
    max_rss_kib: int  # largest single process (wait4)
    tree_pss_kib: int  # peak summed over the process tree (sampled)
    procs: int  # most processes seen at once in the tree
    cpu_seconds: float  # user+sys: max(wait4's, sampled over the tree), so a lower bound
    stdout: str
    stderr: str


def run_measured(
    cmd: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None,
    sample: bool = True,
) -> Measured:
    """Run cmd in its own process group; wall time, wait4's max RSS and (with `sample`) the
    sampled tree PSS. The sampler walks /proc every 50 ms: on two cores that costs a tool
    that uses both of them measurable time, so timing-only runs go without it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        sampler = TreeSampler(proc.pid)
        if sample:
            sampler.start()

        def kill_group() -> None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill_group)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            if sample:
                sampler.stop()
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        kill_group()  # leftovers (e.g. pool workers) of the group, if any
        out.seek(0)
        err.seek(0)
        return Measured(
            proc.returncode, seconds, usage.ru_maxrss, sampler.peak_kib, sampler.peak_procs,
            max(usage.ru_utime + usage.ru_stime, sampler.cpu_seconds),
            out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
        )


# Where the feed server answers its control endpoint: HOST, or the first loopback host.
_control_host = HOST


def server_stats(port: int, reset: bool = False) -> dict[str, Any]:
    """Fetch (and optionally reset) the feed server's counters."""
    url = f"http://{_control_host}:{port}/_stats" + ("?reset=1" if reset else "")
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.loads(resp.read())


def run_phase(
    tool: str, phase: str, cmd: list[str], cwd: Path, port: int,
    env: dict[str, str] | None = None, sample: bool = True,
) -> PhaseResult:
    """Run one measured phase, parse its JSON stdout, attach the server's view of it."""
    server_stats(port, reset=True)
    m = run_measured(cmd, cwd, PHASE_TIMEOUT, env, sample)
    rc, out = m.returncode, m.stdout
    stats = server_stats(port)
    output: dict[str, Any] | None = None
    problems: list[str] = []
    lines = [ln for ln in out.strip().splitlines() if ln.strip()]
    if lines:
        try:
            output = json.loads(lines[-1])
        except json.JSONDecodeError:
            problems.append(f"stdout is not JSON: {out[-300:]!r}")
    else:
        problems.append("no output on stdout")
    if rc != 0:
        problems.append(f"exit code {rc}" + (" (timeout?)" if rc < 0 else ""))
    return PhaseResult(
        tool, phase, m.seconds, m.max_rss_kib, m.tree_pss_kib, m.procs, m.cpu_seconds, rc,
        output, m.stderr, stats, problems,
    )


def check_phase(res: PhaseResult, feeds: int, entries: int) -> None:
    """Correctness checks; appends to res.problems."""
    o = res.output or {}
    if not o:
        return
    status = res.server.get("status", {})
    if res.phase == "first":
        if o.get("new_entries") != feeds * entries:
            res.problems.append(f"new_entries={o.get('new_entries')} != {feeds * entries}")
        if "stored_total" in o and o["stored_total"] != feeds * entries:
            res.problems.append(f"stored_total={o['stored_total']} != {feeds * entries}")
        if o.get("ok") != feeds or o.get("failed"):
            res.problems.append(f"ok={o.get('ok')} failed={o.get('failed')}, want ok={feeds}")
        if status.get("200", 0) < feeds:
            res.problems.append(f"server sent only {status.get('200', 0)} 200s")
    else:
        if o.get("not_modified") != feeds:
            res.problems.append(f"not_modified={o.get('not_modified')} != {feeds}")
        if o.get("new_entries") or o.get("updated_entries") or o.get("failed"):
            res.problems.append(
                f"new={o.get('new_entries')} updated={o.get('updated_entries')} "
                f"failed={o.get('failed')}, want all 0"
            )
        if status.get("304", 0) != feeds or status.get("200", 0):
            res.problems.append(f"server statuses {status}, want {feeds}x304 only")
    for err in o.get("errors") or []:
        res.problems.append(f"error: {err}")
    if o.get("sources") not in (None, feeds):
        res.problems.append(f"sources={o.get('sources')} != {feeds}")


def measure(
    tool: str, phase: str, cmd: list[str], cwd: Path, port: int, feeds: int, entries: int,
    env: dict[str, str] | None = None,
) -> PhaseResult:
    """One sampled run (wall time, memory, CPU), checked."""
    res = run_phase(tool, phase, cmd, cwd, port, env)
    check_phase(res, feeds, entries)
    return res


Command = tuple[list[str], dict[str, str] | None]  # a tool's command and its environment


def time_second_in_turns(
    results: Results, commands: dict[str, Command], cwd: Path, port: int, feeds: int,
    entries: int,
) -> None:
    """Run the all-304 phase SECOND_TIMED_RUNS more times per tool, unsampled and in turns,
    and make each tool's median wall time its phase time; every run is checked."""
    runs: dict[str, list[float]] = {tool: [] for tool in commands}
    if any(results[(tool, "second")].problems for tool in commands):
        return
    for _ in range(SECOND_TIMED_RUNS):
        for tool, (cmd, env) in commands.items():
            run = run_phase(tool, "second", cmd, cwd, port, env, sample=False)
            check_phase(run, feeds, entries)
            results[(tool, "second")].problems += run.problems
            runs[tool].append(run.seconds)
    for tool, timed in runs.items():
        res = results[(tool, "second")]
        print(f"  {tool} second: sampled run {res.seconds:.2f} s; unsampled runs in turns "
              + ", ".join(f"{t:.2f}" for t in timed) + " s (median counts)", flush=True)
        res.seconds = statistics.median(timed)
    ours, theirs = runs.get("monitor", []), runs.get("reader", [])
    if ours and theirs:
        ratios = [b / a for a, b in zip(ours, theirs, strict=True) if a > 0]
        print("  all-304 ratio reader/ours, turn by turn: "
              + ", ".join(f"{r:.2f}x" for r in ratios), flush=True)


def ensure_bench_venv() -> Path:
    """Create .venv-bench with reader installed, unless it already imports; return its python."""
    py = BENCH_VENV / "bin" / "python"
    if py.exists():
        probe = subprocess.run(
            [str(py), "-c", "import reader, sgmllib; print(reader.__version__)"],
            capture_output=True, text=True,
        )
        if probe.returncode == 0:
            return py
    base = shutil.which("python3") or sys.executable
    print(f"setting up {BENCH_VENV} with {' '.join(READER_REQUIREMENTS)} ...", flush=True)
    if not py.exists():
        subprocess.run([base, "-m", "venv", str(BENCH_VENV)], check=True)
    pip = subprocess.run(
        [str(py), "-m", "pip", "install", "-q", *READER_REQUIREMENTS],
        capture_output=True, text=True,
    )
    if pip.returncode != 0:
        sys.stderr.write(pip.stdout + pip.stderr)
        raise SystemExit(f"pip install {READER_REQUIREMENTS} into {BENCH_VENV} failed")
    return py


def monitor_command() -> list[str]:
    """Our CLI: the venv's console script if present, else `python -m monitor`."""
    script = Path(sys.executable).parent / "monitor"
    return [str(script)] if script.exists() else [sys.executable, "-m", "monitor"]


def compile_package(env: dict[str, str]) -> None:
    """Give our package its bytecode, as an installed tool has (pip compiled reader's and
    our dependencies'): with PYTHONDONTWRITEBYTECODE set, as on our shared machines, every
    run of the editable checkout would compile it anew, a tenth of a second that no user's
    run pays. The .pyc files go where any run puts them (__pycache__, git-ignored)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "monitor")],
                   env=env, check=True, stdout=subprocess.DEVNULL)


def start_server(
    feeds: int, entries: int, delay: float, hosts: int = 0
) -> tuple[subprocess.Popen[bytes], int]:
    """Start the feed server subprocess; wait for its port line."""
    global _control_host
    _control_host = host_address(0) if hosts else HOST
    cmd = [
        sys.executable, str(Path(__file__).resolve()), "--feeds", str(feeds),
        "--entries", str(entries), "--delay", str(delay), "serve", "--hosts", str(hosts),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        proc.kill()
        raise SystemExit("feed server failed to start")
    info = json.loads(line)
    where = (f"{hosts} hosts {host_address(0)} .. {host_address(hosts - 1)}, port {info['port']}"
             if hosts else f"http://{HOST}:{info['port']}/")
    print(f"feed server: {feeds} feeds x {entries} entries, {info['bytes'] / 1e6:.1f} MB, "
          f"{delay * 1000:.0f} ms per answer, {where}", flush=True)
    return proc, int(info["port"])


def write_config(
    path: Path, urls: list[str], per_host: int | None, concurrency: int | None
) -> None:
    """Write our TOML config with one [[source]] per feed (None: the default setting)."""
    lines = ["[monitor]", 'state = "state"']
    if per_host is not None:
        lines.append(f"per_host = {per_host}")
    if concurrency is not None:
        lines.append(f"concurrency = {concurrency}")
    lines.append("")
    for url in urls:
        lines += ["[[source]]", f'url = "{url}"', ""]
    path.write_text("\n".join(lines))


def _rate(n: float, seconds: float) -> float:
    return n / seconds if seconds > 0 else 0.0


Results = dict[tuple[str, str], PhaseResult]
# A check: its name, the measured ratio (None: not measurable), the target, and whether the
# ratio must be at most the target (else at least).
Check = tuple[str, float | None, float, bool]


def _usable(results: Results, phase: str) -> tuple[PhaseResult, PhaseResult] | None:
    a, b = results.get(("monitor", phase)), results.get(("reader", phase))
    if a is None or b is None or a.problems or b.problems:
        return None
    return a, b


def main_checks(results: Results) -> list[Check]:
    """The main case: entries per second (first poll) and feeds per second (all-304)."""
    first, second = _usable(results, "first"), _usable(results, "second")
    entries = None
    if first is not None:
        a, b = first
        entries = b.seconds / a.seconds * (a.output or {})["new_entries"] / max(
            (b.output or {})["new_entries"], 1)
    feeds = second[1].seconds / second[0].seconds if second is not None else None
    return [
        ("first poll entries/s ours/reader", entries, TARGET_FIRST_ENTRIES_RATIO, False),
        ("all-304 poll feeds/s ours/reader", feeds, TARGET_SECOND_FEEDS_RATIO, False),
    ]


def hosts_checks(results: Results) -> list[Check]:
    """The many-hosts case: our wall time over reader's, each phase."""
    out: list[Check] = []
    for phase, label in (("first", "first poll"), ("second", "all-304 poll")):
        pair = _usable(results, phase)
        value = pair[0].seconds / pair[1].seconds if pair is not None else None
        out.append((f"{label} wall time ours/reader", value, TARGET_HOSTS_TIME_RATIO, True))
    return out


def report(
    results: Results, feeds: int, entries: int,
    checks: Callable[[Results], list[Check]] = main_checks,
) -> bool:
    """Print the table, ratios and targets; return True when everything passed."""
    print()
    print(f"{'tool':<8} {'phase':<7} {'wall s':>7} {'cpu s':>6} {'entries/s':>9} {'feeds/s':>8} "
          f"{'new':>6} {'304s':>5} {'max RSS':>8} {'tree PSS':>8} {'procs':>5} "
          f"{'conns':>5} {'in flight':>9} {'srv cpu':>7}")
    for (tool, phase), r in results.items():
        o = r.output or {}
        new = o.get("new_entries", 0) or 0
        print(
            f"{tool:<8} {phase:<7} {r.seconds:>7.2f} {r.cpu_seconds:>6.1f} "
            f"{_rate(new, r.seconds):>9.0f} "
            f"{_rate(feeds, r.seconds):>8.1f} {new:>6} {o.get('not_modified', '-')!s:>5} "
            f"{r.max_rss_kib / 1024:>4.0f} MiB {r.tree_pss_kib / 1024:>4.0f} MiB {r.procs:>5} "
            f"{r.server.get('connections', 0):>5} {r.server.get('peak_in_flight', 0):>9} "
            f"{r.server.get('cpu_seconds', 0):>6.1f}s"
        )
    print("(cpu s: user+sys of the tool's process tree; max RSS: largest process, from wait4;\n"
          " tree PSS: peak sum over the process tree, sampled; conns: TCP connections the\n"
          " server saw; in flight: most requests at once; srv cpu: the feed server's own CPU)")
    ok = True
    print()
    for r in results.values():
        for p in r.problems:
            ok = False
            print(f"FAIL correctness: {r.tool} {r.phase}: {p}")
        if r.problems and r.stderr.strip():
            tail = "\n    ".join(r.stderr.strip().splitlines()[-15:])
            print(f"  stderr of {r.tool} {r.phase}:\n    {tail}")

    for name, value, target, at_most in checks(results):
        want = f"target {'<=' if at_most else '>='} {target:.1f}x"
        if value is None:
            ok = False
            print(f"FAIL {name}: not measurable (see failures above), {want}")
            continue
        passed = value <= target if at_most else value >= target
        ok = ok and passed
        print(f"{'PASS' if passed else 'FAIL'} {name}: {value:.2f}x ({want})")
    for t in ("monitor", "reader"):
        rs = [r for (tt, _), r in results.items() if tt == t]
        if rs:
            rss = max(r.max_rss_kib for r in rs) / 1024
            pss = max(r.tree_pss_kib for r in rs) / 1024
            print(f"peak memory {t}: {rss:.0f} MiB max RSS (largest process), "
                  f"{pss:.0f} MiB PSS over its process tree")
    return ok


@dataclass(frozen=True)
class Case:
    """One comparison: the feeds served, and the settings each tool runs with."""

    title: str
    feeds: int
    entries: int
    delay: float
    hosts: int  # 0: every feed on 127.0.0.1; else on this many loopback hosts
    per_host: int | None  # monitor's; None: its default
    concurrency: int | None
    workers: int  # reader's
    checks: Callable[[Results], list[Check]]


def run_case(case: Case, reader_py: Path, reader_version: str, keep: bool) -> bool:
    """Run both tools through both phases of one case; print its report; True if it passed."""
    print(f"--- {case.title} ---", flush=True)
    feeds, entries = case.feeds, case.entries
    tmp = Path(tempfile.mkdtemp(prefix="monitor-bench-"))
    server: subprocess.Popen[bytes] | None = None
    results: Results = {}
    try:
        server, port = start_server(feeds, entries, case.delay, case.hosts)
        urls = [
            f"http://{host_address(i % case.hosts) if case.hosts else HOST}:{port}/feed/{i}.xml"
            for i in range(feeds)
        ]
        cfg = tmp / "monitor.toml"
        write_config(cfg, urls, case.per_host, case.concurrency)
        urls_file = tmp / "urls.txt"
        urls_file.write_text("\n".join(urls) + "\n")

        ours = monitor_command() + ["--config", str(cfg), "--state", str(tmp / "state"),
                                    "poll", "--json"]
        settings = ("default settings" if case.per_host is None and case.concurrency is None
                    else f"concurrency={case.concurrency}, per_host={case.per_host}")
        print(f"monitor: {' '.join(ours[:1])} ... poll --json ({settings})", flush=True)
        # `python -m monitor` from the temp dir needs the checkout on the path if not installed
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        compile_package(env)
        for phase in ("first", "second"):
            res = measure("monitor", phase, ours, tmp, port, feeds, entries, env)
            results[("monitor", phase)] = res
            print(f"  monitor {phase}: {res.seconds:.2f} s", flush=True)

        print(f"reader {reader_version}: update_feeds(workers={case.workers}, "
              "scheduled=False)", flush=True)
        rcmd = [str(reader_py), str(Path(__file__).resolve()), "--workers", str(case.workers),
                "reader-phase", "--db", str(tmp / "reader.sqlite"), "--urls", str(urls_file)]
        setup = subprocess.run(rcmd + ["--phase", "setup"], capture_output=True, text=True,
                               timeout=PHASE_TIMEOUT)
        if setup.returncode != 0:
            print(f"FAIL reader setup:\n{setup.stderr[-2000:]}")
            return False
        for phase in ("first", "second"):
            res = measure("reader", phase, rcmd + ["--phase", "poll"], tmp, port, feeds, entries)
            results[("reader", phase)] = res
            extra = (res.output or {}).get("update_seconds")
            print(f"  reader {phase}: {res.seconds:.2f} s"
                  + (f" (update_feeds itself {extra:.2f} s)" if extra else ""), flush=True)
        time_second_in_turns(
            results, {"monitor": (ours, env), "reader": (rcmd + ["--phase", "poll"], None)},
            tmp, port, feeds, entries)
        return report(results, feeds, entries, case.checks)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def bench(args: argparse.Namespace) -> int:
    """Run the benchmark's cases; return the process exit code."""
    t_start = time.perf_counter()
    reader_py = ensure_bench_venv()
    reader_version = subprocess.run(
        [str(reader_py), "-c", "import reader; print(reader.__version__)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    cases = []
    if args.case in (None, "main"):
        cases.append(Case(
            f"{args.feeds} feeds on one host, tuned settings", args.feeds, args.entries,
            args.delay, 0, args.per_host, args.concurrency, args.workers, main_checks,
        ))
    if args.case in (None, "hosts"):
        cases.append(Case(
            f"{HOSTS_FEEDS} feeds on {HOSTS_COUNT} hosts, monitor's default settings",
            HOSTS_FEEDS, args.entries, args.delay, HOSTS_COUNT, None, None, READER_WORKERS,
            hosts_checks,
        ))
    ok = True
    for case in cases:
        ok = run_case(case, reader_py, reader_version, args.keep) and ok
        print(flush=True)
    total = time.perf_counter() - t_start
    print(f"bench/poll.py: {'PASS' if ok else 'FAIL'} ({total:.0f} s total)")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    """Command line: default runs the bench; `serve` and `reader-phase` are internal."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--feeds", type=int, default=DEFAULT_FEEDS)
    p.add_argument("--entries", type=int, default=DEFAULT_ENTRIES)
    p.add_argument("--delay", type=float, default=DEFAULT_DELAY)
    p.add_argument("--per-host", type=int, default=OURS_PER_HOST, help="monitor's per_host")
    p.add_argument("--concurrency", type=int, default=OURS_CONCURRENCY,
                   help="monitor's concurrency")
    p.add_argument("--workers", type=int, default=READER_WORKERS, help="reader's workers")
    p.add_argument("--keep", action="store_true", help="keep the temp dir (state, configs)")
    p.add_argument("--case", choices=["main", "hosts"], help="run one case only")
    sub = p.add_subparsers(dest="cmd")
    s = sub.add_parser("serve", help="internal: run the feed server")
    s.add_argument("--port", type=int, default=0)
    s.add_argument("--hosts", type=int, default=0, help="serve on this many loopback hosts")
    r = sub.add_parser("reader-phase", help="internal: one reader phase")
    r.add_argument("--db", required=True)
    r.add_argument("--urls", required=True)
    r.add_argument("--phase", choices=["setup", "poll"], required=True)
    args = p.parse_args(argv)
    if args.cmd == "serve":
        serve(args.port, args.feeds, args.entries, args.delay, args.hosts)
        return 0
    if args.cmd == "reader-phase":
        reader_phase(args.db, args.urls, args.phase, args.workers)
        return 0
    return bench(args)


if __name__ == "__main__":
    sys.exit(main())
