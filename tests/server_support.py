"""``pain-diary run`` in a subprocess, spoken to with raw HTTP(S) and WebSocket handshakes.

Shared by the tests of the dashboard's front door (``tests/test_server.py``).
Every request names its own ``Host`` and ``Origin``, as a browser, a web page
on another port or a DNS-rebinding page would send them. The server runs with
an audit hook (a ``sitecustomize`` on its ``PYTHONPATH``) that writes down
every connection, datagram or name lookup it attempts towards anything but
this computer's loopback addresses.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

from .browser_support import stop_server

EXE = shutil.which("pain-diary", path=str(Path(sys.executable).parent)) or "pain-diary"

AUDIT_HOOK = textwrap.dedent(
    '''
    """Test-only: record every attempt of this process to reach another machine."""
    import ipaddress
    import os
    import sys

    _LOG = os.environ.get("PAIN_DIARY_TEST_OUTBOUND_LOG")


    def _is_local(host):
        if host in (None, "", "localhost"):
            return True
        if isinstance(host, bytes):
            host = host.decode(errors="replace")
        try:
            address = ipaddress.ip_address(str(host).split("%")[0])
        except ValueError:
            return False
        return address.is_loopback or address.is_unspecified


    def _record(event, host, port):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{event} {host} {port}\\n")


    def _hook(event, args):
        if event in ("socket.connect", "socket.sendto"):
            address = args[1]
            if isinstance(address, tuple) and not _is_local(address[0]):
                _record(event, address[0], address[1])
        elif event == "socket.getaddrinfo":
            if not _is_local(args[0]):
                _record(event, args[0], args[1])


    if _LOG:
        sys.addaudithook(_hook)
    '''
)


@dataclass
class Answer:
    status: int
    headers: Message
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Server:
    """A running ``pain-diary run``: where it listens, how (http or https) and what it has said."""

    process: subprocess.Popen[bytes]
    address: str
    port: int
    scheme: str
    log: Path
    outbound_log: Path
    certificate: Path | None = None
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def authority(self) -> str:
        return f"{self.address}:{self.port}"

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.authority}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def outbound(self) -> list[str]:
        """What the server tried to reach beyond this computer (``event host port`` lines)."""
        if not self.outbound_log.exists():
            return []
        return self.outbound_log.read_text().splitlines()

    def tls(self) -> ssl.SSLContext:
        """A client context that trusts exactly the dashboard's own certificate."""
        assert self.certificate is not None
        return ssl.create_default_context(cafile=str(self.certificate))

    def _connection(self, timeout: float = 10) -> http.client.HTTPConnection:
        if self.scheme == "https":
            return http.client.HTTPSConnection(self.address, self.port, timeout=timeout, context=self.tls())
        return http.client.HTTPConnection(self.address, self.port, timeout=timeout)

    def fetch(
        self,
        path: str = "/",
        *,
        host: str | None = None,
        origin: str | None = None,
        cookie: str | None = None,
        method: str = "GET",
    ) -> Answer:
        """One request with exactly these ``Host``, ``Origin`` and ``Cookie`` headers (none when None)."""
        headers = {"Host": host or self.authority}
        if origin is not None:
            headers["Origin"] = origin
        if cookie is not None:
            headers["Cookie"] = cookie
        connection = self._connection()
        try:
            connection.request(method, path, headers=headers)
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()

    def handshake(
        self,
        *,
        host: str | None = None,
        origin: str | None = None,
        cookie: str | None = None,
        extra: tuple[str, ...] = (),
    ) -> int:
        """The HTTP status of opening the dashboard's WebSocket with these headers (101 = let in)."""
        return self.handshake_answer(host=host, origin=origin, cookie=cookie, extra=extra)[0]

    def handshake_answer(
        self,
        *,
        host: str | None = None,
        origin: str | None = None,
        cookie: str | None = None,
        extra: tuple[str, ...] = (),
    ) -> tuple[int, dict[str, str]]:
        """The status and headers (lower-case names) of the answer to opening the dashboard's WebSocket."""
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            "GET /_stcore/stream HTTP/1.1",
            f"Host: {host or self.authority}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
            "Sec-WebSocket-Protocol: streamlit",
        ]
        if origin is not None:
            lines.append(f"Origin: {origin}")
        if cookie is not None:
            lines.append(f"Cookie: {cookie}")
        lines.extend(extra)  # further headers, written "Name: value"
        request = ("\r\n".join(lines) + "\r\n\r\n").encode()
        with socket.create_connection((self.address, self.port), timeout=10) as raw:
            conn = (
                self.tls().wrap_socket(raw, server_hostname=self.address) if self.scheme == "https" else raw
            )
            with conn:
                conn.sendall(request)
                head = b""
                while b"\r\n\r\n" not in head and (chunk := conn.recv(4096)):
                    head += chunk
        status, *lines = head.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
        headers = {
            name.strip().lower(): value.strip() for name, _, value in (h.partition(":") for h in lines)
        }
        return int(status.split()[1]), headers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(folder: Path) -> dict[str, str]:
    """A user with no Streamlit settings of their own, a temporary home, and the audit hook loaded."""
    hook = folder / "audit-hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(AUDIT_HOOK, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STREAMLIT_", "XDG_", "PAIN_DIARY_"))}
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        env.pop(name, None)
    env.update(
        HOME=str(folder / "home"),
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_DATA_HOME=str(folder / "data"),
        PAIN_DIARY_DATA=str(folder / "diary.sqlite3"),
        PYTHONPATH=str(hook),
        PAIN_DIARY_TEST_OUTBOUND_LOG=str(folder / "outbound.log"),
    )
    (folder / "home").mkdir(exist_ok=True)
    return env


def _answers(server: Server) -> bool:
    try:
        server.fetch("/_stcore/health")
    except (OSError, ssl.SSLError, http.client.HTTPException):
        return False
    return True


@contextlib.contextmanager
def serve(folder: Path, *args: str, address: str = "127.0.0.1", timeout: float = 90) -> Iterator[Server]:
    """``pain-diary run --port <free port> <args>`` with a temporary diary and home, answering; stopped on leaving.

    With ``--phone`` among ``args`` the server speaks HTTPS, with the
    certificate it made in the temporary config folder.
    """
    folder.mkdir(parents=True, exist_ok=True)
    env = server_env(folder)
    phone = "--phone" in args
    port = free_port()
    log = folder / f"run-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [EXE, "run", "--port", str(port), *args],
            env=env,
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(
        process,
        address,
        port,
        "https" if phone else "http",
        log,
        folder / "outbound.log",
        certificate=folder / "config" / "pain-diary" / "phone-certificate.pem" if phone else None,
    )
    try:
        deadline = time.monotonic() + timeout
        while not (server.certificate is None or server.certificate.exists()) or not _answers(server):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"pain-diary run did not start:\n{server.output()}")
            time.sleep(0.2)
        yield server
    finally:
        stop_server(process)
    said = server.output()
    assert "Traceback" not in said, said


def sign_in_url(server: Server) -> str:
    """The address with the token that ``pain-diary run --phone`` printed for the phone."""
    found = re.findall(rf"https://{re.escape(server.authority)}/\?token=[A-Za-z0-9_-]+", server.output())
    assert found, server.output()
    return found[0]
