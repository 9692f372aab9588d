"""Who may use the review page, and proof that a form was posted from it.

- Bound to a loopback address with no token: only requests whose Host is a loopback
  name pass (a web page elsewhere cannot reach it by DNS rebinding).
- With a token ([serve] token): every request carries it, as `Authorization: Bearer`, as
  the cookie set after opening `/?token=…` once, or (for feed readers) as `?token=`.
- Every state change is a POST whose Origin (or Referer) is this server and whose form
  carries a CSRF token: an HMAC, under a secret made when the process starts, of a
  random cookie. Anything else gets 403.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode, urlsplit

from starlette.datastructures import URL
from starlette.exceptions import HTTPException
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp

from monitor.errors import ConfigError

TOKEN_COOKIE = "monitor_token"
CSRF_COOKIE = "monitor_csrf"
CSRF_FIELD = "csrf"
LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token."""
    if not is_loopback(host) and not token:
        raise ConfigError(
            f"serving on {host} lets other machines in: set [serve] token = \"…\" "
            "(16 characters or more) in monitor.toml, or serve on 127.0.0.1"
        )


def session_value(token: str) -> str:
    """What the token cookie holds: derived from the token, so the cookie never holds it."""
    return hmac.new(token.encode(), b"monitor serve session", hashlib.sha256).hexdigest()


def _hostname(netloc: str) -> str:
    return (urlsplit("//" + netloc).hostname or "").lower()


class Guard(BaseHTTPMiddleware):
    """Token, Host and Origin checks on every request; the CSRF cookie; security headers."""

    def __init__(self, app: ASGIApp, *, token: str | None, secret: bytes) -> None:
        super().__init__(app)
        self.token = token
        self.secret = secret

    def csrf_token(self, cookie: str) -> str:
        return hmac.new(self.secret, cookie.encode(), hashlib.sha256).hexdigest()

    def _authorised(self, request: Request) -> bool:
        assert self.token is not None
        header = request.headers.get("authorization", "")
        if header[:7].lower() == "bearer " and hmac.compare_digest(
            header[7:].strip().encode(), self.token.encode()
        ):
            return True
        cookie = request.cookies.get(TOKEN_COOKIE, "")
        return hmac.compare_digest(cookie.encode(), session_value(self.token).encode())

    def _query_token(self, request: Request) -> bool:
        given = request.query_params.get("token")
        return given is not None and self.token is not None and hmac.compare_digest(
            given.encode(), self.token.encode()
        )

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await self._checked(request, call_next)
        for key, value in HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    async def _checked(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if self.token is None and not is_loopback(_hostname(request.headers.get("host", ""))):
            return PlainTextResponse(
                "monitor serve answers only to localhost: open http://127.0.0.1:PORT/", 400
            )
        set_session = False
        if self.token is not None and not self._authorised(request):
            if not self._query_token(request):
                return PlainTextResponse(
                    "this monitor needs its token: open /?token=YOUR_TOKEN once (the [serve] "
                    "token in monitor.toml), or send Authorization: Bearer YOUR_TOKEN", 401
                )
            set_session = True
            if request.method == "GET" and not request.url.path.startswith("/atom/"):
                # Take the token out of the address bar (and history) once the cookie is set.
                query = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
                clean = URL(str(request.url)).replace(query=urlencode(query))
                path = clean.path.lstrip("/\\\t\r\n ")  # "//host" would leave this site
                response: Response = RedirectResponse(
                    "/" + path + (f"?{clean.query}" if clean.query else ""), 303
                )
                self._set_session(response, request)
                return response
        if request.method not in SAFE_METHODS and not self._same_origin(request):
            return PlainTextResponse(
                "refused: this form was not posted from the monitor's own page", 403
            )
        cookie = request.cookies.get(CSRF_COOKIE)
        fresh = not cookie
        if fresh:
            cookie = secrets.token_urlsafe(24)
        request.state.csrf = self.csrf_token(cookie or "")
        response = await call_next(request)
        if fresh:
            response.set_cookie(CSRF_COOKIE, cookie or "", httponly=True, samesite="lax",
                                secure=request.url.scheme == "https")
        if set_session:
            self._set_session(response, request)
        return response

    def _set_session(self, response: Response, request: Request) -> None:
        assert self.token is not None
        response.set_cookie(TOKEN_COOKIE, session_value(self.token), httponly=True,
                            samesite="lax", secure=request.url.scheme == "https")

    @staticmethod
    def _same_origin(request: Request) -> bool:
        host = request.headers.get("host", "").lower()
        origin = request.headers.get("origin")
        if origin and origin != "null":
            return urlsplit(origin).netloc.lower() == host
        referer = request.headers.get("referer")
        return bool(referer) and urlsplit(referer).netloc.lower() == host


def verify_csrf(request: Request, form_token: object) -> None:
    """403 unless the form's token is the HMAC of this browser's CSRF cookie."""
    cookie = request.cookies.get(CSRF_COOKIE)
    guard_secret: bytes = request.app.state.secret
    if not cookie or not isinstance(form_token, str):
        raise HTTPException(403, "refused: the form has no valid token; reload the page and "
                                 "try again")
    expected = hmac.new(guard_secret, cookie.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), form_token.encode()):
        raise HTTPException(403, "refused: the form's token is stale or wrong; reload the "
                                 "page and try again")
