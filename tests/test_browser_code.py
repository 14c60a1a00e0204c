"""What Streamlit's page gets (diary.dashboard.browser_code): the first page's code named ahead, the window's width in a cookie."""

from __future__ import annotations

import asyncio
import gzip
import re
from pathlib import Path

import pytest

from diary.dashboard.browser_code import (
    FIRST_PAGE_PARTS,
    PAGE_LIMIT,
    SCREEN_COOKIE,
    FirstPageCode,
    code_folder,
    part_files,
    screen_width,
    with_first_page_code,
    with_imports,
    with_screen_width,
)
from diary.dashboard.server import Message, Receive, Scope, Send

PAGE = (
    "<!DOCTYPE html><html><head><title>Streamlit</title>"
    '<script type="module" crossorigin src="./static/js/index.main1.js"></script>'
    '<link rel="modulepreload" crossorigin href="./static/js/react.r1.js">'
    "</head><body></body></html>"
)

PRELOADED = re.compile(r'<link rel="modulepreload" crossorigin href="\./static/js/([^"]+)">')


def parts_folder(folder: Path) -> Path:
    """A small build: Button imports Icon and the main script; Checkbox imports Icon, React and Label."""
    files = {
        "index.main1.js": 'import"./react.r1.js";',
        "react.r1.js": "",
        "Button.b1.js": 'import{a as b}from"./Icon.i1.js";import{c}from"./index.main1.js";var x=1;',
        "Checkbox.c1.js": 'import{a}from"./Icon.i1.js";import"./react.r1.js";import{l}from"./Label.l1.js";',
        "Icon.i1.js": "export const a=1;",
        "Label.l1.js": 'import{q}from "./Icon.i1.js";',
        "Html.h1.js": 'import{a}from"./Gone.g1.js";',  # an import that is not there
        "Chart.v1.js": 'import{a}from"./Icon.i1.js";',  # not a first-page part
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_part_comes_with_everything_it_imports_once_and_nothing_the_page_loads(tmp_path: Path) -> None:
    folder = parts_folder(tmp_path)
    found = with_imports(["Button.b1.js", "Checkbox.c1.js"], folder, loaded=["index.main1.js", "react.r1.js"])
    assert found == ("Button.b1.js", "Checkbox.c1.js", "Icon.i1.js", "Label.l1.js")
    assert with_imports(["Html.h1.js"], folder) == ("Html.h1.js",)  # the missing import is left out
    assert with_imports(["Nothing.n1.js"], folder) == ()


def test_streamlits_page_names_the_first_pages_parts_before_its_head_ends(tmp_path: Path) -> None:
    folder = parts_folder(tmp_path)
    page = with_first_page_code(PAGE, folder)
    head, _, rest = page.partition("</head>")
    assert rest == "<body></body></html>" and head.startswith(PAGE.split("</head>")[0])
    named = PRELOADED.findall(page)
    # The page's own (react) once; the first page's parts with their imports; no other part, no main script.
    assert named == [
        "react.r1.js",
        "Button.b1.js",
        "Checkbox.c1.js",
        "Html.h1.js",
        "Icon.i1.js",
        "Label.l1.js",
    ]


@pytest.mark.parametrize(
    "page",
    [
        PAGE.replace("</head>", ""),  # nowhere to put them
        PAGE.replace("index.main1.js", "main.js"),  # not Streamlit's page: no main script of its
        "<p>Refused</p>",
    ],
)
def test_a_page_that_is_not_streamlits_is_left_as_it_is(tmp_path: Path, page: str) -> None:
    assert with_first_page_code(page, parts_folder(tmp_path)) == page


def test_a_streamlit_without_those_parts_gets_its_page_unchanged(tmp_path: Path) -> None:
    assert with_first_page_code(PAGE, tmp_path) == PAGE


def test_this_streamlits_page_names_every_first_page_part_and_only_files_it_has() -> None:
    folder = code_folder()
    assert folder is not None
    page = (folder.parent.parent / "index.html").read_text(encoding="utf-8")
    named = PRELOADED.findall(with_first_page_code(page))
    tops = part_files(FIRST_PAGE_PARTS)
    assert [name.split(".")[0] for name in tops] == list(FIRST_PAGE_PARTS)  # a rename would stop it quietly
    assert set(tops) <= set(named)
    assert len(named) == len(set(named))  # none named twice, the page's own ones included
    assert all((folder / name).is_file() for name in named)
    main = re.search(r'src="\./static/js/([^"]+)"', page)
    assert main is not None and main.group(1) not in named  # the page's main script is loaded, not named


# -- the window's width ---------------------------------------------------------------------------------


def test_the_page_puts_the_windows_width_in_a_cookie_before_streamlits_script_runs() -> None:
    page = with_screen_width(PAGE)
    head, _, rest = page.partition("</head>")
    assert rest == "<body></body></html>"
    script = re.search(r"<script>(.*?)</script>", head)
    assert script is not None and head.index(script.group(0)) > head.index("index.main1.js")
    # A plain (not deferred) script: it runs as the page is read, before the module script connects.
    assert f'document.cookie="{SCREEN_COOKIE}="+Math.round(window.innerWidth)' in script.group(1)
    assert "SameSite=Strict" in script.group(1)
    assert with_screen_width("<p>Refused</p>") == "<p>Refused</p>"
    assert with_screen_width(PAGE.replace("index.main1.js", "main.js")) == PAGE.replace(
        "index.main1.js", "main.js"
    )


@pytest.mark.parametrize(
    ("value", "width"),
    [
        ("390", 390),
        ("1280", 1280),
        ("0", None),
        ("-5", None),
        ("", None),
        ("wide", None),
        ("3.5e2", None),
        ("²", None),
        (" 390", None),
        ("9" * 400, None),
        ("100001", None),
    ],
)
def test_the_width_is_believed_only_when_it_is_a_windows(value: str, width: int | None) -> None:
    assert screen_width({SCREEN_COOKIE: value}) == width
    assert screen_width({}) is None
    assert screen_width({"other": "390"}) is None
    assert screen_width({SCREEN_COOKIE: 390}) is None  # not a cookie's text: no browser said it


# -- the middleware -------------------------------------------------------------------------------------


def answered(scope: Scope, messages: list[Message], pages: list[int] | None = None) -> list[Message]:
    """What ``FirstPageCode`` sends for an app that answers ``scope`` with ``messages``.

    ``pages``: for each time the middleware says the browser has its page, how many messages it had sent by then.
    """

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        for message in messages:
            await send(message)

    async def receive() -> Message:
        return {"type": "http.request"}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    def on_page() -> None:
        if pages is not None:
            pages.append(len(sent))

    asyncio.run(FirstPageCode(app, on_page=on_page)(scope, receive, send))
    return sent


def start(content_type: bytes, *more: tuple[bytes, bytes], status: int = 200) -> Message:
    headers = [(b"content-type", content_type), (b"content-length", b"123"), (b"etag", b'"x"'), *more]
    return {"type": "http.response.start", "status": status, "headers": headers}


def body(data: bytes, more: bool = False) -> Message:
    return {"type": "http.response.body", "body": data, "more_body": more}


GET: Scope = {"type": "http", "method": "GET", "path": "/"}
HTML = b"text/html; charset=utf-8"


def the_page(sent: list[Message]) -> tuple[dict[bytes, bytes], str]:
    first, second = sent
    headers = dict(first["headers"])
    assert int(headers[b"content-length"]) == len(second["body"])
    assert b"etag" not in headers  # the page differs from the file the tag names
    return headers, second["body"].decode("utf-8")


def test_the_page_is_sent_whole_with_the_parts_named_even_when_it_came_in_pieces() -> None:
    raw = PAGE.encode()
    sent = answered(GET, [start(HTML), body(raw[:40], more=True), body(raw[40:])])
    headers, page = the_page(sent)
    assert page == with_screen_width(with_first_page_code(PAGE))
    assert headers[b"content-type"] == HTML


def test_a_compressed_page_is_sent_uncompressed_with_the_parts_named() -> None:
    sent = answered(GET, [start(HTML, (b"content-encoding", b"gzip")), body(gzip.compress(PAGE.encode()))])
    headers, page = the_page(sent)
    assert b"content-encoding" not in headers
    assert page == with_screen_width(with_first_page_code(PAGE))


@pytest.mark.parametrize(
    ("scope", "messages"),
    [
        (GET, [start(b"application/javascript"), body(b"var a=1;")]),  # not a page
        (GET, [start(HTML, status=304), body(b"")]),  # the browser's copy is current
        (GET, [start(HTML, (b"content-encoding", b"br")), body(b"\x8b\x00")]),  # unknown encoding
        ({**GET, "method": "HEAD"}, [start(HTML), body(b"")]),
        (GET, [start(HTML, (b"content-length", b"%d" % (PAGE_LIMIT + 1))), body(b"<p>", more=True)]),
        ({"type": "lifespan"}, [{"type": "lifespan.startup.complete"}]),
    ],
)
def test_everything_else_passes_untouched(scope: Scope, messages: list[Message]) -> None:
    assert answered(scope, messages) == messages


def test_the_browser_is_said_to_have_its_page_once_the_page_is_sent_whole() -> None:
    raw = PAGE.encode()
    pages: list[int] = []
    sent = answered(GET, [start(HTML), body(raw[:40], more=True), body(raw[40:])], pages)
    assert pages == [len(sent)] == [2]  # after its last part, not before


def test_a_browser_told_its_own_copy_of_the_page_is_current_has_its_page() -> None:
    pages: list[int] = []
    not_modified = {"type": "http.response.start", "status": 304, "headers": [(b"etag", b'"x"')]}
    assert answered({**GET, "path": "/history"}, [not_modified, body(b"")], pages) == [
        not_modified,
        body(b""),
    ]
    assert pages == [1]


@pytest.mark.parametrize(
    ("scope", "messages"),
    [
        (GET, [start(b"application/javascript"), body(b"var a=1;")]),  # the page's code, not the page
        ({**GET, "path": "/_stcore/health"}, [start(b"text/plain"), body(b"ok")]),  # is the server up
        ({**GET, "method": "HEAD"}, [start(HTML), body(b"")]),
        ({"type": "lifespan"}, [{"type": "lifespan.startup.complete"}]),
    ],
)
def test_nothing_else_says_the_browser_has_its_page(scope: Scope, messages: list[Message]) -> None:
    pages: list[int] = []
    answered(scope, messages, pages)
    assert pages == []


def test_an_unreadable_page_is_sent_as_it_came() -> None:
    messages = [start(HTML, (b"content-encoding", b"gzip")), body(b"not gzip at all")]
    assert answered(GET, messages) == messages
