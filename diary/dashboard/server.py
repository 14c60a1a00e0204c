"""The dashboard's front door: which requests reach Streamlit, and the headers every answer carries.

``pain-diary run`` serves the dashboard through Streamlit's ASGI ``App``
(``dashboard_app.py``) with :class:`DashboardGuard` as its outermost
middleware. For every HTTP request and every WebSocket handshake it checks,
before Streamlit sees anything:

- **Host.** The name the browser asked for must be one of
  ``server.allowedHosts``: a web page under another name that points at this
  computer (DNS rebinding) gets neither the page nor its settings.
- **Origin.** A request a web page makes carries ``Origin``; it is let in only
  from the dashboard's own origin: the same scheme, the allowed host name the
  request was sent to (``Host``), and the dashboard's port (or the port in
  ``Host``, as through an SSH tunnel).
  A page on another port of this computer is another origin and is refused,
  and so is ``Origin: null``. Origins the user lists in
  ``server.corsAllowedOrigins`` are let in too. A request without ``Origin``
  (a browser's same-origin GET, a program) passes this check.
- **Phone sign-in** (``pain-diary run --phone``): the token in the address
  signs the device in with a cookie and redirects to the clean address; any
  request with neither is turned away with a page saying how to sign in.

Every answer, refusals included, forbids framing and sniffing and keeps the
address to the dashboard itself (:data:`SECURITY_HEADERS`).

A plain ASGI middleware: it imports neither Streamlit nor Starlette.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from .phone import COOKIE, SIGN_IN_TEXT, SIGN_IN_TITLE, TOKEN_PARAMETER, PhoneAccess

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = "frame-ancestors 'none'; img-src 'self' data: blob:"
"""The page's content security policy."""

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    # No other page may frame the dashboard; and no image comes from anywhere else: a note or a mattress name
    # holding Markdown's ![](https://…) must not make the browser fetch from another host.
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),  # the same, for browsers that predate frame-ancestors
    (b"x-content-type-options", b"nosniff"),
    # Addresses go only to the dashboard itself. ("no-referrer" would make browsers send
    # "Origin: null" on the dashboard's own uploads.)
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),  # other sites' pages cannot load its files
)
_OWN_HEADERS = {name for name, _ in SECURITY_HEADERS}
_DEFAULT_PORTS = {"http": 80, "https": 443}
_LOCAL_NAMES = ("localhost", "127.0.0.1")

FOREIGN_HOST = (
    "Refused: this dashboard answers only under the names it was started for "
    "(server.allowedHosts); a page under another name pointing at this computer gets nothing."
)
FOREIGN_ORIGIN = (
    "Refused: a page from another site, or from another program on this computer, "
    "may not use this dashboard. Open the dashboard's own address instead."
)


@dataclass(frozen=True)
class Visit:
    """What the guard looks at in one request or handshake."""

    scheme: str  # "http" or "https", also for WebSockets (ws, wss)
    host: str | None  # the Host header, as sent
    origin: str | None  # the Origin header, as sent
    port: int | None  # the port the dashboard listens on, where the request arrived
    path: str = "/"  # as sent, percent-escapes kept
    query: str = ""
    cookies: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_scope(cls, scope: Scope) -> Visit:
        headers: dict[str, str] = {}
        cookies: dict[str, str] = {}
        for raw_name, raw_value in scope.get("headers", ()):
            name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
            if name == "cookie":
                cookies.update(_cookies(value))
            elif name in ("host", "origin") and name in headers:
                headers[name] = "\0"  # sent twice: matches nothing
            else:
                headers[name] = value
        server = scope.get("server")
        sent_scheme = str(scope.get("scheme") or "http")
        scheme = {"ws": "http", "wss": "https"}.get(sent_scheme, sent_scheme)
        return cls(
            scheme=scheme,
            host=headers.get("host"),
            origin=headers.get("origin"),
            port=server[1] if server else None,
            path=scope.get("raw_path", b"").decode("latin-1") or scope.get("path", "/"),
            query=scope.get("query_string", b"").decode("latin-1"),
            cookies=cookies,
        )


def _cookies(header: str) -> Iterable[tuple[str, str]]:
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            yield name, value


def _split_authority(authority: str) -> tuple[str, int | None] | None:
    """``host[:port]`` as (lower-case host name, port), or None when it is not a plain authority."""
    try:
        parts = urlsplit(f"//{authority}")
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname or parts.username is not None or parts.password is not None:
        return None
    if parts.path or parts.query or parts.fragment:
        return None
    return parts.hostname.lower().rstrip("."), port


@dataclass(frozen=True)
class Policy:
    """Who may use the dashboard: its host names, origins listed by the user, and the phone sign-in."""

    allowed_hosts: tuple[str, ...] = _LOCAL_NAMES
    extra_origins: frozenset[str] = frozenset()
    phone: PhoneAccess | None = None
    scheme: str = "http"
    """How the dashboard is served: "https" when it has a certificate (``--phone``). A page's origin must name
    it: the scheme the web server reports for a request can be changed by the request's own
    ``X-Forwarded-Proto``, which it trusts from this computer."""

    @classmethod
    def build(
        cls,
        allowed_hosts: Iterable[str],
        cors_allowed_origins: Iterable[str] = (),
        phone: PhoneAccess | None = None,
        *,
        tls: bool = False,
    ) -> Policy:
        """The policy for Streamlit's ``server.allowedHosts`` and ``server.corsAllowedOrigins``, served over
        TLS or not.

        An empty host list means this computer's own names (localhost, 127.0.0.1), not everyone.
        """
        hosts = tuple(h.strip().lower().rstrip(".") for h in allowed_hosts if h.strip()) or _LOCAL_NAMES
        origins = frozenset(o.strip().lower().rstrip("/") for o in cors_allowed_origins if o.strip())
        return cls(hosts, origins, phone, "https" if tls else "http")

    def host_allowed(self, hostname: str) -> bool:
        """Whether ``hostname`` is one of the allowed names (``*`` and ``*.suffix`` as in Streamlit)."""
        for pattern in self.allowed_hosts:
            if pattern == "*" or hostname == pattern:
                return True
            if pattern.startswith("*.") and hostname.endswith(pattern[1:]):
                return True
        return False

    def refusal(self, visit: Visit) -> str | None:
        """Why ``visit`` is turned away at the door (host or origin), or None when it may go on."""
        host = _split_authority(visit.host) if visit.host else None
        if host is None or not self.host_allowed(host[0]):
            return FOREIGN_HOST
        if visit.origin is not None and not self.own_origin(visit.origin, visit, host):
            return FOREIGN_ORIGIN
        return None

    def own_origin(self, origin: str, visit: Visit, host: tuple[str, int | None]) -> bool:
        """Whether ``origin`` is the dashboard itself: scheme, host name and port.

        The name must be the one the request itself was sent to (``Host``), not
        merely an allowed one: a page served by another program that took
        ``localhost`` on this port (the dashboard listens on 127.0.0.1 only)
        must not open a session on ``127.0.0.1``.
        """
        if origin.lower().rstrip("/") in self.extra_origins:
            return True
        scheme, sep, authority = origin.partition("://")
        if not sep or scheme.lower() != self.scheme:
            return False
        parts = _split_authority(authority)
        if parts is None or parts[0] != host[0] or not self.host_allowed(parts[0]):
            return False
        default = _DEFAULT_PORTS[self.scheme]
        return (parts[1] or default) in {visit.port, host[1] or default}


_GUARD_BUILT = threading.Event()


def guard_built() -> bool:
    """Whether this process serves the dashboard through a :class:`DashboardGuard` (``pain-diary run``).

    False under a plain ``streamlit run streamlit_app.py``, which has none of
    the checks above: the pages then say so (Streamlit builds its middleware
    before the first request reaches it, so a page never runs before this).
    """
    return _GUARD_BUILT.is_set()


class DashboardGuard:
    """ASGI middleware: the checks of :class:`Policy` on every request, and :data:`SECURITY_HEADERS` on every answer."""

    def __init__(self, app: ASGIApp, policy: Policy) -> None:
        self.app = app
        self.policy = policy
        _GUARD_BUILT.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        visit = Visit.from_scope(scope)
        reason = self.policy.refusal(visit)
        if reason is not None:
            await _refuse(scope, send, reason)
            return
        phone = self.policy.phone
        if phone is not None:
            token = dict(parse_qsl(visit.query)).get(TOKEN_PARAMETER)
            right = token is not None and phone.token_matches(token)
            if not right and not phone.session_matches(visit.cookies.get(COOKIE, "")):
                await _refuse(scope, send, _sign_in_page(), content_type=b"text/html; charset=utf-8")
                return
            if token is not None and scope["type"] == "http":  # signed in: the token never stays in view
                await _sign_in(send, visit, phone if right else None)
                return
        if scope["type"] == "websocket":
            await self.app(scope, receive, _websocket_with_security_headers(scope, send))
        else:
            private = scope.get("path", "").startswith(MEDIA_PATH)
            await self.app(scope, receive, _with_security_headers(send, private=private))


MEDIA_PATH = "/media/"
"""Where Streamlit serves what a page hands over: the diary CSV, the report, a backup, the phone's QR code."""


def _with_security_headers(
    send: Send, *, private: bool = False, opening: str = "http.response.start"
) -> Send:
    """``send`` with :data:`SECURITY_HEADERS` on the answer; ``private``: diary data, kept in no cache.

    ``opening`` is the message that carries the answer's headers: for a WebSocket, the 101 that accepts it.
    """
    extra = [(b"cache-control", b"no-store")] if private else []
    own = _OWN_HEADERS | ({b"cache-control"} if private else set())

    async def sending(message: Message) -> None:
        if message["type"] == opening:
            headers = [(n, v) for n, v in message.get("headers", ()) if n.lower() not in own]
            message = {**message, "headers": [*headers, *SECURITY_HEADERS, *extra]}
        await send(message)

    return sending


def _websocket_with_security_headers(scope: Scope, send: Send) -> Send:
    """``send`` for a WebSocket: :data:`SECURITY_HEADERS` on the 101 that accepts it, and on the 403 when
    Streamlit turns the handshake away itself (its own origin check closes it before accepting).

    That 403 is answered here, as the door's own refusals are, where the server lets the handshake be
    answered (``websocket.http.response``); elsewhere the close goes on, and the server says 403 bare.
    """
    accepting = _with_security_headers(send, opening="websocket.accept")
    can_answer = "websocket.http.response" in scope.get("extensions", {})
    first = True

    async def sending(message: Message) -> None:
        nonlocal first
        refused = first and can_answer and message["type"] == "websocket.close"
        first = False
        if refused:
            await _refuse(scope, send, FOREIGN_ORIGIN)
        else:
            await accepting(message)

    return sending


async def _answer(
    send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes, *, prefix: str = ""
) -> None:
    """An HTTP answer with the security headers (``prefix`` "websocket." answers a WebSocket handshake)."""
    headers = [*headers, (b"content-length", str(len(body)).encode()), (b"cache-control", b"no-store")]
    start = {
        "type": f"{prefix}http.response.start",
        "status": status,
        "headers": [*headers, *SECURITY_HEADERS],
    }
    await send(start)
    await send({"type": f"{prefix}http.response.body", "body": body})


async def _refuse(
    scope: Scope, send: Send, text: str, content_type: bytes = b"text/plain; charset=utf-8"
) -> None:
    if scope["type"] == "websocket":
        if "websocket.http.response" not in scope.get("extensions", {}):
            await send({"type": "websocket.close", "code": 1008})  # before the handshake: HTTP 403
            return
        # the server can answer the handshake itself: a 403 with the headers every answer has
        await _answer(send, 403, [(b"content-type", content_type)], text.encode("utf-8"), prefix="websocket.")
        return
    await _answer(send, 403, [(b"content-type", content_type)], text.encode("utf-8"))


def _sign_in_page() -> str:
    title = html.escape(SIGN_IN_TITLE)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head>"
        '<body style="font-family: sans-serif; max-width: 36em; margin: 2em auto; padding: 0 1em; line-height: 1.5">'
        f"<h1>{title}</h1><p>{SIGN_IN_TEXT}</p></body></html>"
    )


async def _sign_in(send: Send, visit: Visit, phone: PhoneAccess | None) -> None:
    """Send the device to the same address without the token (out of the address bar, its history and the
    ``Referer``), handing out the cookie when the token was right (``phone``); ``None``: signed in already."""
    rest = [(k, v) for k, v in parse_qsl(visit.query, keep_blank_values=True) if k != TOKEN_PARAMETER]
    # Absolute, on the Host already checked, so a path like //elsewhere stays on the dashboard.
    location = f"{visit.scheme}://{visit.host}{visit.path}" + (f"?{urlencode(rest)}" if rest else "")
    headers = [(b"location", location.encode("latin-1", errors="replace"))]
    if phone is not None:
        headers.append((b"set-cookie", phone.set_cookie().encode("latin-1")))
    headers.append((b"content-type", b"text/plain; charset=utf-8"))
    await _answer(send, 303, headers, b"Signed in.")
