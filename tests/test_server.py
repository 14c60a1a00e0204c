"""The dashboard's front door, against the real ``pain-diary run``: who gets in, and what every answer says.

- Only the dashboard's own origin (scheme, host and port) may open a session;
  a page on another local port may not (issue "Hardening", F2).
- A request under a foreign host name (DNS rebinding) gets nothing, not even
  the page shell or ``/_stcore/host-config``.
- Every answer forbids framing (F3).
- Turning a page away costs no connection to another machine (F4).
- Every connection sends its answers at once (Nagle's algorithm off), as
  Streamlit's own socket would not have it.
"""

from __future__ import annotations

import errno
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from diary.dashboard.server import CSP, FOREIGN_HOST, FOREIGN_ORIGIN, Policy, Visit

from .server_support import EXE, Answer, Server, serve, server_env

FRAMING = {
    "content-security-policy": "frame-ancestors 'none'; img-src 'self' data: blob:",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serve(tmp_path_factory.mktemp("front-door")) as running:
        yield running


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback here: no ::1 to take")
def test_no_other_program_can_answer_as_localhost_on_the_dashboards_port(server: Server) -> None:
    """Browsers try ::1 first for "localhost": the dashboard holds it, refusing at once (no page served there)."""
    with socket.socket(socket.AF_INET6) as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        with pytest.raises(OSError, match="in use") as taken:
            squatter.bind(("::1", server.port))
        assert taken.value.errno == errno.EADDRINUSE
    with socket.socket(socket.AF_INET6) as browser:
        browser.settimeout(5)
        with pytest.raises(ConnectionRefusedError):
            browser.connect(("::1", server.port))  # refused: the browser goes on to 127.0.0.1


@pytest.mark.slow
@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback here: no ::1 to take")
def test_the_dashboard_does_not_start_where_another_program_answers_as_localhost(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET6) as squatter:
        squatter.bind(("::1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        done = subprocess.run(
            [EXE, "run", "--port", str(port)],
            env=server_env(tmp_path),
            cwd=tmp_path,
            capture_output=True,
            timeout=60,
        )
    assert done.returncode == 1
    said = done.stderr.decode()
    assert f"localhost:{port} is taken already (on ::1" in said
    assert f"pain-diary run --port {port + 1}" in said


def own_origins(server: Server) -> list[str]:
    return [f"http://127.0.0.1:{server.port}", f"http://localhost:{server.port}"]


def assert_frames_nowhere(answer: Answer) -> None:
    for name, value in FRAMING.items():
        assert answer.header(name) == value, (name, answer.status, dict(answer.headers))
    assert answer.header("referrer-policy") in ("same-origin", "no-referrer")


# -- F2: the dashboard's own origin, and no other ----------------------------------------------------


@pytest.mark.slow
def test_only_the_dashboards_own_origin_opens_a_session(server: Server) -> None:
    for origin in own_origins(server):
        assert server.handshake(host=origin.split("//")[1], origin=origin) == 101, origin
    assert server.handshake(host=f"localhost:{server.port}", origin=f"http://localhost:{server.port}") == 101
    # A page from another program that took "localhost" on this port (the dashboard listens on 127.0.0.1
    # only) is another origin for a session opened on 127.0.0.1, though both names are this computer's.
    assert server.handshake(host=f"127.0.0.1:{server.port}", origin=f"http://localhost:{server.port}") == 403
    assert server.handshake() == 101  # no Origin: not a web page (browsers always send one here)

    for origin in (
        "http://localhost:3000",  # a dev server or any other program on this computer
        "http://127.0.0.1:3000",
        f"http://localhost:{server.port + 1}",
        f"https://127.0.0.1:{server.port}",  # another scheme is another origin
        "http://localhost",
        "http://evil.example",
        f"http://evil.example:{server.port}",
        "null",  # a sandboxed frame or a local file
    ):
        assert server.handshake(origin=origin) == 403, origin
    status, headers = server.handshake_answer(origin="http://localhost:3000")
    assert status == 403 and headers.get("content-security-policy") == CSP, headers
    assert headers.get("x-frame-options") == "DENY"  # the refusal too carries every answer's headers


@pytest.mark.slow
def test_other_origins_are_refused_on_every_request_not_only_the_websocket(server: Server) -> None:
    for path in ("/", "/_stcore/host-config", "/_stcore/health"):
        assert server.fetch(path).status == 200, path  # a same-origin GET sends no Origin
        assert server.fetch(path, origin=own_origins(server)[0]).status == 200, path
        refused = server.fetch(path, origin="http://localhost:3000")
        assert refused.status == 403, path
        assert b"streamlit" not in refused.body.lower()
    upload = server.fetch("/_stcore/upload_file/x/y", method="PUT", origin="http://localhost:3000")
    assert upload.status == 403


# -- DNS rebinding: a foreign host name gets nothing ---------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example:{port}"])
def test_a_foreign_host_name_gets_neither_the_page_nor_its_settings(server: Server, host: str) -> None:
    host = host.format(port=server.port)
    for path in ("/", "/_stcore/host-config", "/_stcore/health", "/index.html"):
        answer = server.fetch(path, host=host)
        assert answer.status == 403, (host, path, answer.status)
        assert b"<script" not in answer.body and b"allowedOrigins" not in answer.body
    assert server.handshake(host=host, origin=f"http://{host}") == 403
    assert server.handshake(host=host) == 403


@pytest.mark.slow
def test_the_dashboards_own_names_still_get_the_page(server: Server) -> None:
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}"):
        page = server.fetch("/", host=host)
        assert page.status == 200 and b"<script" in page.body
        assert server.fetch("/_stcore/host-config", host=host).status == 200


@pytest.mark.slow
def test_the_page_names_the_first_pages_browser_code_and_the_server_has_it(server: Server) -> None:
    from diary.dashboard.browser_code import FIRST_PAGE_PARTS, part_files

    page = server.fetch("/")
    named = re.findall(r'rel="modulepreload" crossorigin href="\.(/static/js/[^"]+)"', page.text)
    assert {f"/static/js/{name}" for name in part_files(FIRST_PAGE_PARTS)} <= set(named)
    assert int(page.header("content-length") or 0) == len(page.body)
    assert all(server.fetch(path).status == 200 for path in named)


# -- F3: no framing ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_answer_forbids_framing(server: Server) -> None:
    page = server.fetch("/")
    assert page.status == 200
    asset = next(
        part for part in page.text.split('"') if part.startswith("./static/") and part.endswith(".js")
    )
    answers = [
        page,
        server.fetch(asset[1:]),
        server.fetch("/_stcore/host-config"),
        server.fetch("/_stcore/health"),
        server.fetch("/no/such/page"),
        server.fetch("/", host="evil.example"),  # refusals too
        server.fetch("/", origin="http://localhost:3000"),
    ]
    assert [a.status for a in answers[:4]] == [200, 200, 200, 200]
    for answer in answers:
        assert_frames_nowhere(answer)


@pytest.mark.slow
def test_the_live_connections_answer_carries_every_answers_headers(server: Server) -> None:
    """The 101 that opens the page's live connection is an answer too: the same headers as the rest."""
    status, headers = server.handshake_answer(origin=own_origins(server)[0])
    assert status == 101
    for name, value in FRAMING.items():
        assert headers.get(name) == value, (name, headers)
    assert headers.get("sec-websocket-protocol") == "streamlit"  # Streamlit's own answer is kept


@pytest.mark.slow
def test_a_forwarded_scheme_does_not_change_which_origin_is_the_dashboards(server: Server) -> None:
    """The web server trusts X-Forwarded-Proto from this computer and reports its scheme: the origin is
    compared with the scheme the dashboard is served with, not that one."""
    forwarded = ("X-Forwarded-Proto: https",)
    assert server.handshake(origin=f"https://127.0.0.1:{server.port}", extra=forwarded) == 403
    assert server.handshake(origin=f"http://127.0.0.1:{server.port}", extra=forwarded) == 101


@pytest.mark.slow
def test_a_handshake_streamlit_turns_away_itself_carries_every_answers_headers(server: Server) -> None:
    """The door lets a name written with its trailing dot pass as the same name; Streamlit's own check, which
    compares them as written, then refuses the session: that refusal is an answer too."""
    status, headers = server.handshake_answer(
        host=f"localhost:{server.port}", origin=f"http://localhost.:{server.port}"
    )
    assert status == 403
    for name, value in FRAMING.items():
        assert headers.get(name) == value, (name, headers)


# -- F4: turning a page away reaches no other machine --------------------------------------------------


@pytest.mark.slow
def test_turning_a_page_away_connects_to_no_other_machine(server: Server) -> None:
    refused = [
        server.handshake(origin="http://evil.example"),
        server.handshake(origin="http://localhost:3000"),
        server.fetch("/_stcore/host-config", origin="http://evil.example").status,
    ]
    assert server.outbound() == []  # e.g. no UDP "connect" to 8.8.8.8 to learn its own address
    assert refused == [403, 403, 403]
    assert server.handshake(origin=own_origins(server)[0]) == 101
    assert server.outbound() == []


# -- the same rules, decided without a server -----------------------------------------------------------


def visit(host: str | None, origin: str | None = None, *, port: int = 8501, scheme: str = "http") -> Visit:
    headers = [(b"host", host.encode())] if host is not None else []
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    scope = {"type": "http", "scheme": scheme, "server": ("127.0.0.1", port), "headers": headers, "path": "/"}
    return Visit.from_scope(scope)


def test_the_rules_on_names_ports_and_listed_origins() -> None:
    policy = Policy.build(["localhost", "127.0.0.1"])
    assert policy.refusal(visit("127.0.0.1:8501", "http://127.0.0.1:8501")) is None
    assert policy.refusal(visit("LOCALHOST.:8501", "http://Localhost:8501")) is None  # names are case-blind
    # Both names are this computer's, but a page's origin is the name it was loaded from: the one asked for.
    assert policy.refusal(visit("127.0.0.1:8501", "http://localhost:8501")) == FOREIGN_ORIGIN
    assert policy.refusal(visit("localhost:8501", "http://127.0.0.1:8501")) == FOREIGN_ORIGIN
    assert policy.refusal(visit(None)) == FOREIGN_HOST  # no Host at all
    assert policy.refusal(visit("user@127.0.0.1:8501")) == FOREIGN_HOST
    assert policy.refusal(visit("127.0.0.1:99999")) == FOREIGN_HOST
    assert policy.refusal(visit("127.0.0.1:8501/x")) == FOREIGN_HOST
    # Through an SSH tunnel (local port 9000 to the dashboard's 8501) the page's origin names port 9000.
    assert policy.refusal(visit("127.0.0.1:9000", "http://127.0.0.1:9000")) is None
    assert policy.refusal(visit("127.0.0.1:9000", "http://127.0.0.1:3000")) == FOREIGN_ORIGIN
    assert policy.refusal(visit("127.0.0.1:8501", "http://127.0.0.1:8501/path")) == FOREIGN_ORIGIN
    assert policy.refusal(visit("127.0.0.1:8501", "ws://127.0.0.1:8501")) == FOREIGN_ORIGIN
    # Default ports: an https dashboard on 443 is its own origin without a port.
    served = Policy.build(["localhost"], tls=True)
    assert served.refusal(visit("localhost", "https://localhost", port=443, scheme="https")) is None
    assert served.refusal(visit("localhost", "http://localhost", port=443, scheme="https")) == FOREIGN_ORIGIN
    # The scheme is the dashboard's own, not the one a request's X-Forwarded-Proto made the web server report.
    assert policy.refusal(visit("127.0.0.1:8501", "https://127.0.0.1:8501", scheme="https")) == FOREIGN_ORIGIN
    assert served.refusal(visit("localhost:8501", "http://localhost:8501", scheme="http")) == FOREIGN_ORIGIN

    doubled = Visit.from_scope(
        {"type": "http", "server": ("127.0.0.1", 8501), "headers": [(b"host", b"localhost:8501")] * 2}
    )
    assert policy.refusal(doubled) == FOREIGN_HOST  # a Host header sent twice matches nothing

    assert Policy.build([]).allowed_hosts == ("localhost", "127.0.0.1")  # empty: this computer, not everyone
    listed = Policy.build(["localhost", "*.home.arpa"], ["https://diary.home.arpa/"])
    assert listed.refusal(visit("diary.home.arpa", "https://diary.home.arpa")) is None  # listed by the user
    assert listed.refusal(visit("diary.home.arpa", "https://other.home.arpa")) == FOREIGN_ORIGIN
    assert listed.refusal(visit("home.arpa.evil.example")) == FOREIGN_HOST


def test_a_process_knows_whether_it_serves_through_the_guard() -> None:
    """What the pages ask to say whether they were reached through the front door (plain ``streamlit run``: no)."""
    code = (
        "from diary.dashboard import server\n"
        "assert not server.guard_built()\n"
        "server.DashboardGuard(lambda scope, receive, send: None, server.Policy.build([]))\n"
        "assert server.guard_built()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parent.parent)


def test_what_a_page_hands_over_is_kept_in_no_cache() -> None:
    """The diary CSV, the report, a backup and the phone's QR code come from /media/: never cached, whatever
    Streamlit said; the pages themselves keep Streamlit's caching."""
    import asyncio

    from diary.dashboard.server import DashboardGuard

    async def app(scope, receive, send) -> None:  # Streamlit, answering with a cacheable file
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"cache-control", b"max-age=3600")]}
        )
        await send({"type": "http.response.body", "body": b"date,pain\n"})

    def answer(path: str) -> dict[bytes, bytes]:
        sent: list[dict] = []

        async def send(message) -> None:
            sent.append(message)

        async def receive() -> dict:
            return {"type": "http.request"}

        scope = {
            "type": "http", "method": "GET", "path": path, "query_string": b"", "scheme": "http",
            "headers": [(b"host", b"127.0.0.1:8501")], "server": ("127.0.0.1", 8501),
        }  # fmt: skip
        asyncio.run(DashboardGuard(app, Policy())(scope, receive, send))
        return dict(sent[0]["headers"])

    media = answer("/media/0123abcd.csv")
    assert media[b"cache-control"] == b"no-store" and media[b"x-frame-options"] == b"DENY"
    assert answer("/")[b"cache-control"] == b"max-age=3600"


def test_the_port_held_as_localhost_is_the_one_streamlit_is_given() -> None:
    from diary.dashboard.launch import DEFAULT_PORT, _port_in

    assert _port_in(["run", "app.py"]) == DEFAULT_PORT
    assert _port_in(["run", "app.py", "--server.port", "8600"]) == 8600
    assert _port_in(["run", "app.py", "--server.port", "8600", "--server.port=8700"]) == 8700  # the last wins


@pytest.mark.parametrize("written", ["abc", "70000", "0", "８６１６", "٨٦١٦", "8_616"])
def test_a_port_python_would_read_another_way_is_refused_before_the_server_starts(
    written: str, tmp_path: Path
) -> None:
    """Streamlit reads its port with int(), which takes "８６１６" and "8_616": it served there with ``::1`` not
    held. The value is refused instead, from ``--server.port`` or from STREAMLIT_SERVER_PORT."""
    from diary.dashboard.launch import _port_in
    from diary.errors import DiaryError

    for command in (
        ["run", "app.py", "--server.port", written],
        ["run", "app.py", f"--server.port={written}"],
    ):
        with pytest.raises(
            DiaryError, match=r"^--server\.port .*: a port is a whole number from 1 to 65535, "
        ):
            _port_in(command)
    done = subprocess.run(
        [EXE, "run"],
        env={**server_env(tmp_path), "STREAMLIT_SERVER_PORT": written},
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert f"STREAMLIT_SERVER_PORT '{written}': a port is a whole number" in done.stderr.decode()


def test_streamlit_is_given_the_port_it_would_take_so_the_one_held_is_the_one_served(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Left to itself, Streamlit moves on from a busy 8501, or takes STREAMLIT_SERVER_PORT: ``::1`` was then held
    on one port while the dashboard served on another."""
    import socket

    from diary.dashboard.launch import _port_in, with_fixed_port

    monkeypatch.delenv("STREAMLIT_SERVER_PORT", raising=False)
    assert with_fixed_port(["run", "app.py", "--server.port=8700"]) == ["run", "app.py", "--server.port=8700"]
    free = _port_in(with_fixed_port(["run", "app.py"]))
    assert free is not None and free >= 8501
    with socket.socket() as busy:  # that port taken on 127.0.0.1, as by another dashboard
        busy.bind(("127.0.0.1", free))
        busy.listen()
        moved = _port_in(with_fixed_port(["run", "app.py"]))
    assert moved is not None and moved > free
    monkeypatch.setenv("STREAMLIT_SERVER_PORT", "18610")
    assert with_fixed_port(["run", "app.py"]) == ["run", "app.py", "--server.port", "18610"]


def test_a_port_out_of_range_is_bad_usage_without_phone_too(tmp_path: Path) -> None:
    done = subprocess.run(
        [EXE, "run", "--port", "70000"],
        env=server_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--port 70000: a port is a whole number from 1 to 65535" in done.stderr.decode()


def test_a_session_refused_after_the_door_is_answered_with_every_answers_headers() -> None:
    """Streamlit closes a WebSocket it will not accept before accepting it (the server then answers 403): where
    the server lets the door answer the handshake itself, that 403 carries the headers every answer has."""
    import asyncio

    from diary.dashboard.server import DashboardGuard

    async def app(scope, receive, send) -> None:  # Streamlit, turning the session away
        await send({"type": "websocket.close", "code": 1008})

    def answer(extensions: dict) -> list[dict]:
        sent: list[dict] = []

        async def send(message) -> None:
            sent.append(message)

        async def receive() -> dict:
            return {"type": "websocket.connect"}

        scope = {
            "type": "websocket", "path": "/_stcore/stream", "query_string": b"", "scheme": "ws",
            "headers": [(b"host", b"127.0.0.1:8501")], "server": ("127.0.0.1", 8501), "extensions": extensions,
        }  # fmt: skip
        asyncio.run(DashboardGuard(app, Policy())(scope, receive, send))
        return sent

    start, body = answer({"websocket.http.response": {}})
    assert start["type"] == "websocket.http.response.start" and start["status"] == 403
    assert (b"x-frame-options", b"DENY") in start["headers"]
    assert (b"content-security-policy", CSP.encode()) in start["headers"]
    assert body["body"] == FOREIGN_ORIGIN.encode()
    assert answer({}) == [{"type": "websocket.close", "code": 1008}]  # a server that cannot: closed as before


def _nodelay_on_accepted(listening: socket.socket) -> int:
    """TCP_NODELAY on the connection asyncio's server accepts on ``listening`` (as uvicorn's does)."""
    import asyncio

    async def accept_one() -> int:
        accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            accepted.set_result(
                writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            )
            writer.close()

        server = await asyncio.start_server(connected, sock=listening)
        async with server:
            _, writer = await asyncio.open_connection(*listening.getsockname()[:2])
            value = await asyncio.wait_for(accepted, 10)
            writer.close()
        return value

    return asyncio.run(accept_one())


def test_a_socket_bound_as_streamlit_binds_it_is_handed_on_as_tcp_so_answers_go_at_once() -> None:
    """Streamlit's socket names no protocol; asyncio turns Nagle's algorithm off only where TCP is named, and
    the end of every short answer on a connection already used waited 40 ms for the browser's acknowledgement."""
    from diary.dashboard.launch import as_tcp

    plain = socket.socket(socket.AF_INET)  # as Streamlit's _bind_socket makes it
    plain.bind(("127.0.0.1", 0))
    plain.listen(8)
    plain.setblocking(False)
    address = plain.getsockname()
    tcp = as_tcp(plain)
    assert tcp.proto == socket.IPPROTO_TCP
    assert tcp.getsockname() == address and not tcp.getblocking()  # the same socket, still listening
    assert _nodelay_on_accepted(tcp) != 0
    named = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    assert as_tcp(named) is named  # named already: left as it is
    named.close()


def test_pain_diary_run_has_streamlit_bind_its_socket_as_tcp(monkeypatch: pytest.MonkeyPatch) -> None:
    """``answer_at_once`` (called by ``pain-diary run`` before Streamlit starts) reaches the socket Streamlit
    serves on, once however often it is called; a Streamlit that renamed the step fails here, not silently."""
    from streamlit.web.server.starlette import starlette_server

    from diary.dashboard.launch import answer_at_once

    monkeypatch.setattr(
        starlette_server, "_bind_socket", starlette_server._bind_socket
    )  # put back afterwards
    answer_at_once()
    mended = starlette_server._bind_socket
    answer_at_once()
    assert starlette_server._bind_socket is mended
    listening, _ = starlette_server._bind_server_socket("127.0.0.1", "127.0.0.1", 0, 8)
    with listening:
        assert listening.proto == socket.IPPROTO_TCP
        assert _nodelay_on_accepted(listening) != 0
