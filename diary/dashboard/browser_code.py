"""Streamlit's browser code comes in parts: which files a page needs, so the browser can fetch them ahead.

Streamlit's page (``index.html``) loads its main script and names the parts
that script imports at once (``<link rel="modulepreload">``). Each kind of
element (a button, a check box, a table, a chart) is a further part, fetched
only when a page first shows one, and each part then asks for the parts it
imports, one round after another. On the first page of a new browser tab
that chain came after the page's own run: about 0.3 s in which the page was
still being drawn although the server had sent everything.

:class:`FirstPageCode` is an ASGI middleware that names, in that same
``index.html``, the parts the first page (the Log page) draws with and
everything they import (:data:`FIRST_PAGE_PARTS`). The browser then fetches
and compiles them while it loads Streamlit's own scripts and connects, and
the first page is drawn as soon as its run is over. The parts other pages
need (a table, a chart: much larger) are loaded later, once that page is
drawn (``pages/_browser.py``).

The files are found by name in Streamlit's own ``static`` folder (a part's
name, then a hash); what a part imports is read from its ``import`` lines.
A Streamlit that names its parts otherwise gets its page unchanged.

The same middleware tells the server how wide the browser's window is, which
Streamlit never says: a line of script in ``index.html``, run before Streamlit
connects, puts the width in a cookie (:data:`SCREEN_COOKIE`) that is sent with
the connection, so a page can open in a phone's layout (History's columns) on
any narrow screen, not only when the browser calls itself a phone. It is read
with :func:`screen_width`; it never leaves this computer.

A plain ASGI middleware: it imports neither Streamlit nor Starlette.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from ..entry.numbers import whole_or_none
from .server import ASGIApp, Message, Receive, Scope, Send

FIRST_PAGE_PARTS = ("Button", "ButtonGroup", "Checkbox", "TextInput", "Html")
"""The element parts the Log page draws with: its buttons, the pain scale, the warning symptoms' check
boxes, the date box, and the dashboard's own style and scripts (``pages/_browser.py``)."""

NOT_MODIFIED = 304
"""The answer to a browser whose own copy of what it asked for is current (a page, or the code of one)."""

PAGE_LIMIT = 1 << 20
"""Bytes: an HTML answer said to be larger is not Streamlit's page (about 8 KB) and passes untouched."""

_IMPORT = re.compile(r'(?:\bfrom|\bimport)\s*"\./([\w.\-]+\.js)"')
"""A static import between two parts: ``import{a as b}from"./Part.hash.js"`` or ``import"./Part.hash.js"``."""

SCREEN_COOKIE = "pain-diary-screen-width"
"""The cookie that holds the browser window's width in CSS pixels, set by the page before it connects."""

_SCREEN_SCRIPT = f'<script>document.cookie="{SCREEN_COOKIE}="+Math.round(window.innerWidth)+";path=/;SameSite=Strict"</script>'
"""Run as the page is read, before Streamlit's own (deferred) script opens its connection."""

_WIDEST_SCREEN = 100_000
"""CSS pixels: a width beyond this (or below 1) is not a window's, and is not believed."""

_WIDTH = re.compile(r"[0-9]{1,6}")
"""A width as the script writes it: ASCII digits only."""

_MAIN_SCRIPT = re.compile(r'src="([^"]*?)index\.[\w\-]+\.js"')
"""Where the page loads its main script from (``./static/js/``): the parts are named the same way."""


def code_folder() -> Path | None:
    """Streamlit's folder of browser code, found without importing Streamlit (None if it is not installed)."""
    spec = importlib.util.find_spec("streamlit")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "static" / "static" / "js"


def part_files(parts: Iterable[str], folder: Path | None = None) -> tuple[str, ...]:
    """The file names of ``parts`` in ``folder`` (Streamlit's own by default), in order; unknown ones left out."""
    folder = folder or code_folder()
    if folder is None:
        return ()
    found = []
    for part in parts:
        files = sorted(folder.glob(f"{part}.*.js"))
        if len(files) == 1:  # one part of that name (a hash after it), or it is not known here
            found.append(files[0].name)
    return tuple(found)


def with_imports(files: Iterable[str], folder: Path, loaded: Iterable[str] = ()) -> tuple[str, ...]:
    """``files`` and every part they import, directly or not, in the order met; none of ``loaded``.

    The parts in ``loaded`` (and what they import) are loaded by the page
    already: they are not read, nor named again.
    """
    skip = set(loaded)  # loaded by the page, or met already
    found: list[str] = []
    waiting = list(files)
    while waiting:
        name = waiting.pop(0)
        if name in skip:
            continue
        skip.add(name)
        try:
            text = (folder / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # not one of Streamlit's parts after all: left out
        found.append(name)
        waiting.extend(_IMPORT.findall(text))
    return tuple(found)


def first_page_files(folder: Path, loaded: Iterable[str] = ()) -> tuple[str, ...]:
    """The first page's parts (``FIRST_PAGE_PARTS``) and every part they import, none of ``loaded``."""
    return with_imports(part_files(FIRST_PAGE_PARTS, folder), folder, loaded)


def _streamlit_head(page: str) -> tuple[str, int] | None:
    """Where Streamlit's ``page`` loads its scripts from and where its head ends; None when it is not Streamlit's."""
    main = _MAIN_SCRIPT.search(page)
    head_end = page.find("</head>")
    if main is None or head_end < 0:
        return None
    return main.group(1), head_end


@functools.lru_cache(maxsize=4)
def with_first_page_code(page: str, folder: Path | None = None) -> str:
    """Streamlit's ``page`` (``index.html``) naming the first page's parts too, for the browser to fetch ahead.

    Unchanged when the page has no main script or no ``</head>``, or when no part is found.
    """
    folder = folder or code_folder()
    head = _streamlit_head(page)
    if folder is None or head is None:
        return page
    prefix, head_end = head
    loaded = set(re.findall(rf'{re.escape(prefix)}([\w.\-]+\.js)"', page))
    parts = first_page_files(folder, loaded)
    links = "".join(f'<link rel="modulepreload" crossorigin href="{prefix}{name}">' for name in parts)
    return page[:head_end] + links + page[head_end:]


def with_screen_width(page: str) -> str:
    """``page`` with the line of script that puts the window's width in :data:`SCREEN_COOKIE`.

    Unchanged when it is not Streamlit's page (no main script) or has no ``</head>``.
    """
    head = _streamlit_head(page)
    if head is None:
        return page
    head_end = head[1]
    return page[:head_end] + _SCREEN_SCRIPT + page[head_end:]


def screen_width(cookies: Mapping[str, object]) -> int | None:
    """The browser window's width in CSS pixels, from the connection's cookies; None when it did not say.

    Anything but a cookie's text (no browser behind the session, as under AppTest) says nothing.
    """
    value = cookies.get(SCREEN_COOKIE)
    if not isinstance(value, str) or not _WIDTH.fullmatch(value) or not 0 < int(value) <= _WIDEST_SCREEN:
        return None
    return int(value)


class FirstPageCode:
    """ASGI middleware: every HTML page Streamlit answers with names the first page's parts and sets the width cookie.

    See the module. ``on_page`` is called each time the browser has been given
    its page: the page sent whole, or a "not modified" answer (its own copy is
    current). The server has nothing to do for a second after that, while the
    browser loads Streamlit's scripts: ``dashboard_app`` starts the first
    page's own work then, not sooner, when it would have held up this answer.
    """

    def __init__(self, app: ASGIApp, on_page: Callable[[], object] = lambda: None) -> None:
        self.app = app
        self.on_page = on_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []  # an HTML answer's start and body, until the body is complete

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start" and _is_page(message):
                held.append(message)
                return
            if not held:
                await send(message)
                if message["type"] == "http.response.start" and message.get("status") == NOT_MODIFIED:
                    self.on_page()
                return
            held.append(message)
            if not message.get("more_body", False):
                for whole in _with_code(held):
                    await send(whole)
                held.clear()
                self.on_page()

        await self.app(scope, receive, sending)


def _headers(message: Message) -> dict[bytes, bytes]:
    return {name.lower(): value for name, value in message.get("headers", ())}


def _is_page(start: Message) -> bool:
    headers = _headers(start)
    length = headers.get(b"content-length", b"0")
    return (
        start.get("status") == 200
        and headers.get(b"content-type", b"").startswith(b"text/html")
        and headers.get(b"content-encoding", b"identity") in (b"identity", b"gzip")
        and (whole_or_none(length.decode("ascii", "replace")) or 0) <= PAGE_LIMIT
    )


def _with_code(held: list[Message]) -> list[Message]:
    """The held answer (its start, then its body in parts) as one start and one body: parts named, width cookie set."""
    start, body = held[0], b"".join(message.get("body", b"") for message in held[1:])
    headers = _headers(start)
    try:
        raw = gzip.decompress(body) if headers.get(b"content-encoding") == b"gzip" else body
        page = raw.decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError):
        return held  # not a page this can read: sent as it came
    changed = with_screen_width(with_first_page_code(page)).encode("utf-8")
    kept = [
        (name, value)
        for name, value in start.get("headers", ())
        if name.lower() not in (b"content-length", b"content-encoding", b"etag")
    ]
    kept.append((b"content-length", str(len(changed)).encode()))
    return [{**start, "headers": kept}, {"type": "http.response.body", "body": changed}]
