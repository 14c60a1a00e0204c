"""Privacy and exposure: the dashboard listens on this computer only and reports to nobody, errors
show no details that could echo the diary, and the diary's files are its owner's alone.

README.md "Privacy" promises exactly what these tests check, with tests/test_server.py (who gets in
through the dashboard's front door) and tests/test_phone.py (``pain-diary run --phone``).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import streamlit as st
from pypdf import PdfReader
from streamlit import config as streamlit_config
from streamlit.testing.v1 import AppTest

from diary import cli
from diary.cli.commands import APP_FILE
from diary.entry import parse_entry
from diary.sample import sample_entries
from diary.settings import Settings, save_settings
from diary.storage import CSVDiary, SQLiteDiary, open_diary
from diary.storage import files as storage_files
from diary.storage.sqlite import MIGRATIONS

from .apptest_support import texts

ROOT = Path(__file__).resolve().parent.parent
EXE = shutil.which("pain-diary", path=str(Path(sys.executable).parent)) or "pain-diary"
SECRET = "slept at Anna's, told nobody"  # a note that must never show up in an error


def private_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a user with no Streamlit settings of their own, and a temporary diary."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env.update(HOME=str(tmp_path / "home"), PAIN_DIARY_DATA=str(tmp_path / "diary.sqlite3"), **extra)
    env.pop("PAIN_DIARY_DEBUG", None)
    return env


# -- the configuration the dashboard really runs with --------------------------------------------


@pytest.fixture
def app_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Streamlit's options as ``pain-diary run`` loads them: from the app's folder, no user config."""
    assert APP_FILE.parent == ROOT  # ``pain-diary run`` starts Streamlit from this folder
    for name in [k for k in os.environ if k.startswith("STREAMLIT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(ROOT)
    streamlit_config.get_config_options(force_reparse=True)
    yield
    monkeypatch.undo()
    streamlit_config.get_config_options(force_reparse=True)


def test_streamlit_is_configured_private_by_default(app_config: None) -> None:
    get = streamlit_config.get_option
    assert get("server.address") == "127.0.0.1"
    assert get("browser.serverAddress") == "127.0.0.1"
    assert get("browser.gatherUsageStats") is False
    assert get("server.enableXsrfProtection") is True
    assert get("server.enableCORS") is True
    assert get("server.enableAgentApi") is False  # no HTTP API for programs to drive the app
    assert get("server.enableStaticServing") is False
    assert get("client.showErrorDetails") not in ("full", "stacktrace", "type", True, "true", "True")
    assert get("client.showErrorLinks") is False  # no "search this error" links carrying its text away
    assert get("server.maxUploadSize") == 1000  # MB: room for an Apple Health export.zip
    assert get("server.allowedHosts") == ["localhost", "127.0.0.1"]  # no DNS rebinding
    assert get("server.fileWatcherType") == "none"  # no scan of every loaded module after each page's run
    assert get("runner.magicEnabled") is False  # no rewriting of each page's script on its first run


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def own_address() -> str | None:
    """This machine's address on its network (no packet is sent), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing only, never reached
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def _proc_sockets(table: str) -> list[tuple[str, str, str, str]]:
    """(local, remote, state, inode) rows of /proc/net/<table>."""
    path = Path("/proc/net") / table
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines()[1:]:
        parts = line.split()
        rows.append((parts[1], parts[2], parts[3], parts[9]))
    return rows


def _hex_ipv4(address: str) -> str:
    return socket.inet_aton(address)[::-1].hex().upper()


def _is_loopback(hex_address: str) -> bool:
    address, _ = hex_address.split(":")
    if len(address) == 8:  # IPv4, little-endian
        return address.endswith("7F") or address == "00000000"
    return address in ("00000000000000000000000001000000", "00000000000000000000000000000000") or (
        address.startswith("0000000000000000FFFF0000") and address.endswith("7F")
    )


def listening_on(port: int) -> list[str]:
    """The local addresses (hex, as /proc shows them) with a socket listening on ``port``."""
    hex_port = f":{port:04X}"
    return [
        local
        for table in ("tcp", "tcp6")
        for local, _, state, _ in _proc_sockets(table)
        if state == "0A" and local.endswith(hex_port)
    ]


class RequestTrap:
    """A stand-in web proxy on 127.0.0.1: every HTTP(S) request the dashboard tries lands here.

    The dashboard is started with HTTP_PROXY / HTTPS_PROXY pointing at it, so
    a request to any other host (usage statistics, an address lookup, an
    update check) shows up in ``seen`` instead of leaving the machine.
    """

    def __init__(self) -> None:
        self.seen: list[str] = []
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                with contextlib.suppress(OSError):
                    self.seen.append(conn.recv(200).split(b"\r\n")[0].decode(errors="replace"))

    def env(self) -> dict[str, str]:
        names = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
        return dict.fromkeys(names, self.url)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._socket.close()


@dataclass
class Dashboard:
    server: subprocess.Popen[bytes]
    port: int
    address: str
    trap: RequestTrap

    def url(self, path: str) -> str:
        return f"http://{self.address}:{self.port}{path}"


@contextlib.contextmanager
def dashboard(tmp_path: Path, *streamlit_args: str, address: str = "127.0.0.1") -> Iterator[Dashboard]:
    """``pain-diary run`` on a free port, started from another folder as a user would, output checked at the end."""
    port = free_port()
    (tmp_path / "home").mkdir(exist_ok=True)
    trap = RequestTrap()
    env = private_env(tmp_path, **trap.env())
    for name in ("NO_PROXY", "no_proxy"):
        env.pop(name, None)
    extra = ["--", *streamlit_args] if streamlit_args else []
    server = subprocess.Popen(
        [EXE, "run", "--port", str(port), *extra],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    running = Dashboard(server, port, address, trap)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(running.url("/_stcore/health"), timeout=2) as answer:
                    assert answer.read() == b"ok"
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    out = server.communicate(timeout=10)[0].decode(errors="replace")
                    pytest.fail(f"pain-diary run did not start:\n{out}")
                time.sleep(0.1)
        yield running
    finally:
        server.terminate()
        try:
            output = server.communicate(timeout=20)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            server.kill()
            output = server.communicate()[0].decode(errors="replace")
        trap.close()
    assert "Traceback" not in output, output
    assert "External URL" not in output, output  # that line costs a lookup at checkip.amazonaws.com


def websocket_handshake(running: Dashboard, host: str, origin: str | None = None) -> int:
    """The HTTP status of opening the dashboard's WebSocket as ``host`` would (101 = let in)."""
    key = base64.b64encode(os.urandom(16)).decode()
    origin = origin or f"http://{host}:{running.port}"
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}:{running.port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: {origin}\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n"
    )
    with socket.create_connection((running.address, running.port), timeout=5) as conn:
        conn.sendall(request.encode())
        status = conn.recv(200).split(b"\r\n")[0].decode()
    return int(status.split()[1])


def assert_no_outside_connections(running: Dashboard) -> None:
    """The server holds no socket to another host, and has tried no web request."""
    inodes = set()
    for fd in Path(f"/proc/{running.server.pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    remote = [
        (table, remote)
        for table in ("tcp", "tcp6", "udp", "udp6")
        for _, remote, _, inode in _proc_sockets(table)
        if inode in inodes and not _is_loopback(remote) and not remote.startswith(_hex_ipv4(running.address))
    ]
    assert remote == []
    assert running.trap.seen == []


needs_proc = pytest.mark.skipif(
    not Path("/proc/net/tcp").exists(), reason="reads the socket tables of Linux's /proc"
)


@pytest.mark.slow
@needs_proc
def test_the_running_dashboard_is_for_this_computer_only(tmp_path: Path) -> None:
    with dashboard(tmp_path) as running:
        port = running.port
        assert listening_on(port) == [f"0100007F:{port:04X}"], "must listen on 127.0.0.1 only"
        address = own_address()
        if address is not None:  # from the network side, nobody answers
            with (
                pytest.raises((ConnectionRefusedError, TimeoutError)),
                socket.create_connection((address, port), timeout=2),
            ):
                pass

        # The page's own files come from the dashboard; usage statistics have nowhere to go.
        with urllib.request.urlopen(running.url("/"), timeout=5) as answer:
            page = answer.read().decode()
        assert re.findall(r"""(?:src|href)\s*=\s*["']((?:https?:)?//[^"']+)""", page) == []
        with urllib.request.urlopen(running.url("/_stcore/host-config"), timeout=5) as answer:
            assert json.loads(answer.read())["metricsUrl"] in ("", None)

        # The browser on this computer gets in; a web page posing under another name
        # (DNS rebinding: evil.example resolving to 127.0.0.1) does not.
        assert websocket_handshake(running, "127.0.0.1") == 101
        assert websocket_handshake(running, "localhost") == 101
        assert websocket_handshake(running, "evil.example") == 403
        # Another site's page connecting from the browser here is refused as well, without
        # Streamlit looking up the public address on the internet to decide.
        assert websocket_handshake(running, "127.0.0.1", origin="http://evil.example") == 403
        assert_no_outside_connections(running)


# -- errors on the page and on the command line --------------------------------------------------


def damaged_sqlite(path: Path) -> bytes:
    diary = SQLiteDiary(path)
    for day in range(1, 21):
        diary.add(parse_entry({"date": f"2025-03-{day:02d}", "pain": 4, "notes": SECRET}))
    diary.close()
    data = bytearray(path.read_bytes())
    for offset in range(4096 + 100, len(data), 61):
        data[offset] ^= 0x3C
    path.write_bytes(bytes(data))
    return bytes(data)


def bad_csv(path: Path) -> bytes:
    data = f'date,pain,notes\r\n2025-03-01,4,"{SECRET}"\r\n2025-03-02,eleven,"{SECRET}"\r\n'.encode()
    path.write_bytes(data)
    return data


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.mark.parametrize("name", ["diary.sqlite3", "diary.csv"])
def test_a_broken_diary_is_named_on_the_page_without_details(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app_config: None, fresh_caches: None
) -> None:
    path = tmp_path / name
    data = damaged_sqlite(path) if name.endswith(".sqlite3") else bad_csv(path)
    monkeypatch.setenv("PAIN_DIARY_DATA", str(path))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    assert not at.exception
    errors = texts(at.error)
    assert len(errors) == 1 and str(path) in errors[0] and "not changed" in errors[0]
    assert "Restore a backup" in errors[0] or "PAIN_DIARY_DATA" in errors[0]  # what to do
    everything = "\n".join(str(e.value) for e in [*at.error, *at.markdown, *at.caption, *at.code, *at.text])
    assert "Traceback" not in everything and 'File "' not in everything
    assert SECRET not in everything
    assert path.read_bytes() == data


def test_an_unexpected_error_is_redacted_on_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app_config: None, fresh_caches: None
) -> None:
    """Whatever goes wrong, the page does not print the error's text or its traceback."""
    import pages._shared as shared

    def broken() -> None:
        raise RuntimeError(f"while reading the notes: {SECRET}")

    monkeypatch.setattr(shared, "current_diary", broken)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    assert len(at.exception) == 1
    shown = at.exception[0]
    assert SECRET not in shown.message and "RuntimeError" not in shown.message
    assert "redacted" in shown.message
    assert not shown.stack_trace


def run_cli(tmp_path: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [EXE, *args], input=stdin, capture_output=True, env=private_env(tmp_path), cwd=tmp_path, timeout=60
    )


def test_the_command_line_never_prints_a_traceback(tmp_path: Path) -> None:
    sqlite_path, csv_path = tmp_path / "damaged.sqlite3", tmp_path / "bad.csv"
    damaged_sqlite(sqlite_path)
    bad_csv(csv_path)
    newer = tmp_path / "newer.sqlite3"
    open_diary(newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("date,pain\n2025-03-01,3\n".encode("utf-16"))
    calls = [
        ("export", "--data", str(sqlite_path)),
        ("add", "--date", "2025-03-01", "--pain", "3", "--data", str(csv_path)),
        ("export", "--data", str(newer)),
        ("import", str(utf16), "--data", str(tmp_path / "fresh.sqlite3")),
        ("import", "-", "--data", str(tmp_path / "fresh.csv")),
        ("import", str(tmp_path / "missing.csv")),
        ("add", "--date", "2025-03-01", "--pain", "1e999", "--notes", "a\x01b"),
    ]
    for call in calls:
        result = run_cli(tmp_path, *call, stdin=b"\xff\xfe\x00garbage" if "-" in call else None)
        err = result.stderr.decode("utf-8", errors="replace")
        assert result.returncode in (1, 2), (call, err)
        assert "Traceback" not in err and "Traceback" not in result.stdout.decode(errors="replace"), err
        assert SECRET not in err
        assert err.startswith("pain-diary") or err.startswith("usage:"), err


# -- owner-only files ---------------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """Even a permissive umask (000: everything world-readable) must not open the diary up."""
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_a_new_sqlite_diary_is_owner_only(tmp_path: Path, umask: int) -> None:
    folder = tmp_path / "new" / "pain-diary"
    diary = SQLiteDiary(folder / "diary.sqlite3")
    diary.add(parse_entry({"date": "2025-03-01", "pain": 3, "notes": SECRET}))
    assert mode(folder) == 0o700 and mode(folder.parent) == 0o700
    files = sorted(folder.iterdir())
    assert [p.name for p in files] == ["diary.sqlite3", "diary.sqlite3-shm", "diary.sqlite3-wal"]
    assert all(mode(p) == 0o600 for p in files), {p.name: oct(mode(p)) for p in files}
    diary.close()


def test_a_migration_backup_is_owner_only(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "diary.sqlite3"
    with sqlite3.connect(path) as conn:  # a diary of the first schema, made by hand
        for statement in MIGRATIONS[0].statements:
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
    os.chmod(path, 0o600)
    SQLiteDiary(path).close()
    (backup,) = tmp_path.glob("diary.sqlite3.schema1-backup-*")
    assert mode(backup) == 0o600


def test_a_new_csv_diary_and_its_lock_and_temporary_files_are_owner_only(
    tmp_path: Path, umask: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, int] = {}
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:  # look at the temporary file just before it is swapped in
        seen[Path(src).name] = mode(Path(src))
        real_replace(src, dst)

    monkeypatch.setattr(storage_files.os, "replace", replace)
    folder = tmp_path / "new" / "pain-diary"
    diary = CSVDiary(folder / "diary.csv")
    diary.add(parse_entry({"date": "2025-03-01", "pain": 3, "notes": SECRET}))
    assert mode(folder) == 0o700 and mode(folder.parent) == 0o700
    files = sorted(folder.iterdir())
    assert [p.name for p in files] == ["diary.csv", "diary.csv.lock"]
    assert all(mode(p) == 0o600 for p in files), {p.name: oct(mode(p)) for p in files}
    assert seen and all(name.startswith(".diary.csv.") for name in seen)
    assert set(seen.values()) == {0o600}


def test_an_existing_folder_is_left_as_the_person_set_it(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    diary = open_diary(shared / "diary.csv")
    diary.add(parse_entry({"date": "2025-03-01", "pain": 3}))
    assert mode(shared) == 0o755 and mode(diary.path) == 0o600


def test_exports_reports_and_settings_are_written_owner_only(tmp_path: Path, umask: int) -> None:
    diary_path = tmp_path / "diary.sqlite3"
    diary = open_diary(diary_path)
    diary.import_entries([e.replace(notes=SECRET) for e in sample_entries()[:40]])
    out = tmp_path / "export" / "diary-export.csv"
    assert cli.main(["export", "-o", str(out), "--data", str(diary_path)]) == 0
    assert mode(out) == 0o600 and mode(out.parent) == 0o700
    without = tmp_path / "export" / "no-notes.csv"
    assert cli.main(["export", "-o", str(without), "--no-notes", "--data", str(diary_path)]) == 0
    assert SECRET in out.read_text(encoding="utf-8") and SECRET not in without.read_text(encoding="utf-8")
    report = tmp_path / "report" / "report.pdf"
    assert cli.main(["report", "-o", str(report), "--data", str(diary_path)]) == 0
    assert mode(report) == 0o600 and mode(report.parent) == 0o700
    text = "".join(page.extract_text() for page in PdfReader(report).pages)
    assert "Anna" not in text  # the report has no notes
    settings = tmp_path / "config" / "settings.json"
    save_settings(Settings(emergency_number="112"), settings)
    assert mode(settings) == 0o600
