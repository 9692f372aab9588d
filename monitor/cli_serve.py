"""`monitor serve`: run the review web app (monitor/web/) with uvicorn."""

from __future__ import annotations

import socket
from typing import Any

import click

from monitor.cli_options import rules_option, rules_path
from monitor.errors import MonitorError


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@click.command()
@click.option("--host", default=None, help="Address to listen on ([serve] host; 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Port ([serve] port; 8765).")
@rules_option
@click.pass_obj
def serve(app: Any, host: str | None, port: int | None, rules_arg: str | None) -> None:
    """Serve the review page: alerts to mark, search, rules to try, source health, Atom."""
    import uvicorn  # imported here: other commands start without the web stack

    from monitor.web.app import create_app
    from monitor.web.guard import check_bind

    config = app.config()
    host = host or config.serve.host
    port = port or config.serve.port
    token = config.serve.token
    check_bind(host, token)
    web_app = create_app(config, rules_path=rules_path(app, rules_arg))
    url = _url(host, port)
    try:  # bound here, so a busy port is one clear line and "serving on" is true when shown
        sock = socket.create_server((host, port), family=_family(host))
    except OSError as exc:
        raise MonitorError(
            f"cannot listen on {url}: {exc.strerror or exc}; pass --port with a free port "
            "(or set [serve] port)"
        ) from exc
    click.echo(f"serving on {url}" + (" (token required)" if token else ""))
    if token:
        click.echo(f"open {url}/?token=… once (the [serve] token) to sign this browser in",
                   err=True)
    server = uvicorn.Server(uvicorn.Config(
        web_app, log_level="info" if app.verbose else "warning", access_log=app.verbose,
        server_header=False,
    ))
    with sock:
        server.run(sockets=[sock])


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


COMMANDS = [serve]
