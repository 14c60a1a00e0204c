"""How ``pain-diary run`` starts Streamlit's web server: its port, ``localhost`` held, nothing looked up
on the network, and every connection's answers sent at once.

Here too is ``mend``, the one way the dashboard changes a step of Streamlit's own (the socket here, the
answers and the tab's icon in ``dashboard_app.py``). The front door that checks each request once the
server runs is ``diary.dashboard.server``.
"""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Callable, Sequence
from typing import Any

from ..entry.numbers import ASCII_DIGITS, whole_or_none
from ..errors import DiaryError
from ..wording import PORT_ALLOWED
from .phone import DEFAULT_PORT


def mend(owner: object, name: str, mended: Callable[[Any], Any]) -> None:
    """Put ``mended(original)`` in the place of ``owner.name``, once: a second call, or a missing original,
    changes nothing. How the dashboard changes a step of Streamlit's own (here, and in ``dashboard_app.py``)."""
    original = getattr(owner, name, None)
    if original is None or getattr(original, "mended_here", False):
        return
    replacement = mended(original)
    replacement.mended_here = True
    setattr(owner, name, replacement)


def answer_at_once() -> None:
    """Have every connection of the dashboard send its answers at once (Nagle's algorithm off).

    Streamlit binds the socket it listens on without naming TCP as its
    protocol, and asyncio turns Nagle's algorithm off only on the connections of
    a socket that names it. With it on, the end of a short answer waited for
    the browser's delayed acknowledgement of its start (40 ms on Linux): every
    small file of the browser code fetched on a connection already used, so the
    first page was drawn about 0.2 s later on the development machine. The
    socket Streamlit binds is handed on named as TCP (``as_tcp``). A Streamlit
    that binds another way needs nothing.
    """
    try:
        from streamlit.web.server.starlette import starlette_server
    except ImportError:  # pragma: no cover - a Streamlit without its Starlette server
        return

    def as_tcp_socket(
        bind: Callable[[str, int, int], socket.socket],
    ) -> Callable[[str, int, int], socket.socket]:
        def binding(address: str, port: int, backlog: int) -> socket.socket:
            return as_tcp(bind(address, port, backlog))

        return binding

    mend(starlette_server, "_bind_socket", as_tcp_socket)


def as_tcp(sock: socket.socket) -> socket.socket:
    """``sock`` (an IPv4 or IPv6 stream socket made without naming its protocol) as one that names TCP.

    The same socket underneath, bound and listening as it was, blocking or not
    as it was; asyncio then turns Nagle's algorithm off on each connection it
    accepts. Any other socket is returned as it is.
    """
    if (
        sock.proto != 0
        or sock.type != socket.SOCK_STREAM
        or sock.family not in (socket.AF_INET, socket.AF_INET6)
    ):
        return sock
    blocking, inheritable = sock.getblocking(), sock.get_inheritable()
    tcp = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
    tcp.setblocking(blocking)
    tcp.set_inheritable(inheritable)
    return tcp


def no_address_lookups() -> None:
    """Keep Streamlit from looking up this computer's addresses over the network.

    Streamlit asks checkip.amazonaws.com for the public address, and opens a
    UDP socket towards 8.8.8.8 for the local one, when a page from another
    site tries to connect (to decide whether to let it in) and when it
    listens on every network. The diary never needs either, and nothing may
    leave the machine, so the answers are given here: both then count as this
    computer, which is let in already. (The front door, ``diary.dashboard.server``,
    turns such pages away before Streamlit looks.)
    """
    from streamlit import net_util

    for name in ("_external_ip", "_internal_ip"):
        if hasattr(net_util, name):
            setattr(net_util, name, "127.0.0.1")


_HELD: list[socket.socket] = []  # kept open for as long as the dashboard runs


class LocalhostTaken(DiaryError):
    """``localhost``'s IPv6 address on the dashboard's port is held already: by a dashboard started before,
    or by another program, whose page could then pass for the dashboard's."""

    def __init__(self, port: int):
        super().__init__(
            f"localhost:{port} is taken already (on ::1, the address browsers try first for localhost): the "
            f"dashboard may be running there already (open http://localhost:{port}), or another program "
            f"holds it, and a page it serves could pass for the dashboard's. Start on another port "
            f"(pain-diary run --port {port + 1}), or stop what runs there."
        )


def hold_localhost(command: Sequence[str]) -> None:
    """Take ``localhost``'s IPv6 address (``::1``) on the dashboard's port, without listening on it.

    The dashboard listens on ``127.0.0.1``; browsers try ``::1`` first for
    ``localhost``. Another program that took ``[::1]:port`` could serve a page
    as ``http://localhost:port`` and then, having stopped, let that page's
    connection fall through to the dashboard with the dashboard's own origin.
    Held (bound, never listening), the address is nobody's: the browser's try
    there is refused at once and it goes on to ``127.0.0.1``. ``LocalhostTaken``
    when another program has it already; nothing on a computer without IPv6.
    """
    port = _port_in(command)
    try:
        holder = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    except OSError:
        return  # no IPv6 here: nothing to take
    try:
        holder.bind(("::1", port))
    except OSError as exc:
        holder.close()
        if exc.errno == errno.EADDRINUSE:
            raise LocalhostTaken(port) from None
        return  # no ::1 on this computer
    _HELD.append(holder)


def with_fixed_port(command: Sequence[str]) -> list[str]:
    """``command`` naming the port Streamlit will listen on, so that it cannot move to another.

    Left to itself, Streamlit takes its port from the environment or a
    config file, and moves on from a busy default (8501) to the next free one:
    ``localhost``'s IPv6 address would then be held on one port
    (``hold_localhost``) while the dashboard served on another. So the port is
    worked out here as Streamlit would, and given to it.
    """
    if any(part == "--server.port" or part.startswith("--server.port=") for part in command):
        return list(command)
    chosen = os.environ.get("STREAMLIT_SERVER_PORT", "").strip()  # read by Streamlit's command line
    if chosen:
        return [*command, "--server.port", str(_checked_port(chosen, "STREAMLIT_SERVER_PORT"))]
    from streamlit import config

    config.get_config_options()  # the config files and STREAMLIT_SERVER_PORT, as Streamlit reads them
    port = int(config.get_option("server.port"))
    if not config.is_manually_set("server.port"):
        address = config.get_option("server.address") or "127.0.0.1"
        while port < 65535 and not _free(address, port):
            port += 1
    return [*command, "--server.port", str(port)]


def _free(address: str, port: int) -> bool:
    """Whether a server could listen on ``address``:``port`` now (as Streamlit's would, reusing the address)."""
    try:
        family = socket.getaddrinfo(address, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((address, port))
    except OSError:
        return False
    return True


def _port_in(command: Sequence[str]) -> int:
    """The port Streamlit will listen on: the last ``--server.port N`` or ``--server.port=N`` (``DEFAULT_PORT``
    without one)."""
    port = str(DEFAULT_PORT)
    for i, part in enumerate(command):
        if part == "--server.port" and i + 1 < len(command):
            port = command[i + 1]
        elif part.startswith("--server.port="):
            port = part.partition("=")[2]
    return _checked_port(port, "--server.port")


def _checked_port(text: str, where: str) -> int:
    """A port written with 0-9, from 1 to 65535; ``DiaryError`` naming ``where`` for anything else.

    Streamlit reads its port with ``int()``, which also takes "８６１６" or
    "8_616": the dashboard would serve on a port whose IPv6 address nobody
    held. Such a value is refused before the server starts.
    """
    number = whole_or_none(text)
    if number is None or not 1 <= number <= 65535:
        raise DiaryError(f"{where} {text.strip()!r}: {PORT_ALLOWED}, {ASCII_DIGITS}.")
    return number
