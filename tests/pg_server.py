"""A PostgreSQL server for the tests: the one in MONITOR_TEST_DATABASE_URL, or a throwaway
cluster started from the installed binaries and removed at the end of the session.

Each test gets its own fresh database, copied from a template (fast: no initdb per test).
Without PostgreSQL the tests that need it skip and say why, unless
MONITOR_TEST_REQUIRE_POSTGRES=1 (set by .ci/run), which turns that skip into a failure.
The pytest fixtures are in tests/pg_fixtures.py, so that bench/scale.py can start a
cluster without pytest installed (`make bench` installs the package only).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REQUIRE_ENV = "MONITOR_TEST_REQUIRE_POSTGRES"
URL_ENV = "MONITOR_TEST_DATABASE_URL"
BIN_ENV = "MONITOR_TEST_POSTGRES_BIN"  # a bin folder to use instead of the installed one
# Server settings for tests: speed over durability (a throwaway cluster). bench/scale.py
# starts its cluster with PostgreSQL's durable defaults instead.
FAST_SETTINGS = {
    "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
    "max_connections": "200",
}


class NoPostgres(Exception):
    """PostgreSQL cannot be had here; the message says why and what to do."""


def find_bin_dir() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian layout), or one on PATH."""
    if os.environ.get(BIN_ENV):
        chosen = Path(os.environ[BIN_ENV])
        return chosen if (chosen / "initdb").exists() else None
    dirs = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda d: int(Path(d).parent.name) if Path(d).parent.name.isdigit() else 0,
    )
    for directory in reversed(dirs):
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    """A running throwaway cluster: its folder, port, superuser and how to stop it."""

    bin_dir: Path
    root: Path
    port: int
    user: str
    run_as: str | None
    settings: dict[str, str] = field(default_factory=lambda: dict(FAST_SETTINGS))

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _cmd(self, *args: str) -> list[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        return ["runuser", "-u", self.run_as, "--", *command] if self.run_as else command

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def start(self) -> None:
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        subprocess.run(
            self._cmd("initdb", "-D", str(self.data), "-U", self.user, "-A", "trust",
                      "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"),
            check=True, capture_output=True, env=env,
        )
        options = (
            f"-c port={self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.root} "
            + " ".join(f"-c {name}={value}" for name, value in self.settings.items())
        )
        subprocess.run(
            self._cmd("pg_ctl", "-D", str(self.data), "-o", options, "-w", "-t", "30",
                      "-l", str(self.root / "server.log"), "start"),
            check=True, capture_output=True, env=env,
        )

    def stop(self) -> None:
        subprocess.run(
            self._cmd("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop"),
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster(settings: dict[str, str] | None = None) -> Cluster:
    """initdb + start in a temporary folder, as the `postgres` user when we are root
    (`settings`: server settings, FAST_SETTINGS when not given)."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise NoPostgres(
            "no PostgreSQL server binaries (apt-get install postgresql, or set "
            f"{URL_ENV}=postgresql://…)"
        )
    run_as = None
    root = Path(tempfile.mkdtemp(prefix="monitor-pg-"))
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam("postgres")
        except KeyError as exc:
            shutil.rmtree(root, ignore_errors=True)
            raise NoPostgres("running as root and there is no `postgres` user") from exc
        if shutil.which("runuser") is None:
            shutil.rmtree(root, ignore_errors=True)
            raise NoPostgres("running as root and there is no runuser to drop privileges")
        os.chown(root, account.pw_uid, account.pw_gid)
        run_as = "postgres"
    cluster = Cluster(bin_dir, root, _free_port(), "monitor", run_as,
                      dict(FAST_SETTINGS if settings is None else settings))
    try:
        cluster.start()
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        log = root / "server.log"
        if log.exists():
            detail += log.read_bytes()[-2000:]
        cluster.stop()
        raise NoPostgres(f"could not start PostgreSQL from {bin_dir}: {exc} {detail!r}") from exc
    return cluster


class Databases:
    """Hands out fresh databases on one server, each a copy of an empty template."""

    def __init__(self, admin_url: str) -> None:
        import psycopg

        self.psycopg = psycopg
        self.admin_url = admin_url
        self.prefix = f"monitor_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.template = f"{self.prefix}_template"
        self.made: list[str] = []
        self.created = 0
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{self.template}" ENCODING \'UTF8\' TEMPLATE template0')

    def _admin(self):  # type: ignore[no-untyped-def]
        return self.psycopg.connect(self.admin_url, autocommit=True)

    def url_for(self, name: str) -> str:
        """The admin URL with another database name (a postgresql:// URL, as users write)."""
        parts = urlsplit(self.admin_url)
        if parts.scheme not in ("postgresql", "postgres"):
            raise NoPostgres(f"{URL_ENV} must be a postgresql://user@host/db URL")
        return urlunsplit(parts._replace(path=f"/{name}"))

    def fresh(self) -> str:
        """A new empty database; returns its URL."""
        name = f"{self.prefix}_{self.created}"
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        self.made.append(name)
        self.created += 1
        return self.url_for(name)

    def drop(self, url: str) -> None:
        name = self.psycopg.conninfo.conninfo_to_dict(url)["dbname"]
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.made:
            self.made.remove(name)

    def close(self) -> None:
        for name in [*self.made, self.template]:
            with self._admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Server:
    """What the session fixture yields: where the server is and how long it took."""

    admin_url: str
    databases: Databases
    started_in: float
    cluster: Cluster | None


def open_server() -> Iterator[Server]:
    """Yield a Server (external or throwaway); raises NoPostgres when none can be had."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise NoPostgres("psycopg is not installed (pip install -e .[test])") from exc
    began = time.monotonic()
    external = os.environ.get(URL_ENV)
    cluster = None
    if external:
        admin_url = external
    else:
        cluster = start_cluster()
        admin_url = cluster.url()
    try:
        databases = Databases(admin_url)
    except Exception as exc:
        if cluster:
            cluster.stop()
        raise NoPostgres(f"cannot use PostgreSQL at {admin_url}: {exc}") from exc
    try:
        yield Server(admin_url, databases, time.monotonic() - began, cluster)
    finally:
        databases.close()
        if cluster:
            cluster.stop()
