"""``pain-diary run --phone``: HTTPS on the home network, and only a device signed in with the token gets in.

The server tests run ``pain-diary run --phone --address 127.0.0.1`` (this
computer's loopback stands in for the home address, so no test traffic goes
near a real network); the home address itself is found from interface tables
given to :func:`diary.dashboard.phone.home_addresses`.
"""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
import os
import re
import socket
import ssl
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography import x509

from diary.cli.commands import _phone_options, build_parser
from diary.dashboard import phone
from diary.dashboard.phone import COOKIE, PhoneAccess, ensure_certificate, home_addresses, qr_text
from diary.storage import Diary

from . import apptest_support
from .apptest_support import open_app, shown
from .browser_support import CHROMIUM, CHROMIUM_FLAGS, PAGES, WAIT_MS, problems, require_browser, settle
from .server_support import EXE, Server, serve, server_env, sign_in_url

app_diary = apptest_support.app_diary


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- the certificate ---------------------------------------------------------------------------------


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0)  # everything world-readable unless the code says otherwise
    yield
    os.umask(old)


def test_the_certificate_is_made_once_owner_only_and_reused(tmp_path: Path, loose_umask: None) -> None:
    folder = tmp_path / "config" / "pain-diary"
    certificate, key = ensure_certificate("192.168.1.20", folder)
    assert mode(folder) == 0o700 and mode(certificate) == 0o600 and mode(key) == 0o600
    made = certificate.read_bytes(), key.read_bytes()
    cert = x509.load_pem_x509_certificate(made[0])
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.IPAddress) == [ipaddress.IPv4Address("192.168.1.20")]
    assert cert.not_valid_after_utc > dt.datetime.now(dt.UTC) + dt.timedelta(days=365)

    assert ensure_certificate("192.168.1.20", folder) == (certificate, key)
    reused = certificate.read_bytes(), key.read_bytes()
    assert reused == made  # the phone warned only the first time

    os.chmod(key, 0o644)  # loosened by hand: tightened again, kept
    ensure_certificate("192.168.1.20", folder)
    assert mode(key) == 0o600 and key.read_bytes() == made[1]


def test_a_new_address_or_a_broken_pair_gets_a_new_certificate(tmp_path: Path) -> None:
    certificate, key = ensure_certificate("192.168.1.20", tmp_path)
    first = certificate.read_bytes()
    ensure_certificate("10.0.0.5", tmp_path)  # the home address changed
    moved = x509.load_pem_x509_certificate(certificate.read_bytes())
    names = moved.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.IPAddress) == [ipaddress.IPv4Address("10.0.0.5")]
    assert certificate.read_bytes() != first

    key.write_bytes(b"not a key")
    ensure_certificate("10.0.0.5", tmp_path)
    again = x509.load_pem_x509_certificate(certificate.read_bytes())
    assert again.serial_number != moved.serial_number and b"PRIVATE KEY" in key.read_bytes()


# -- the home address, from the interfaces alone --------------------------------------------------------


def addresses(*values: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(address=value) for value in values]


def test_the_home_address_comes_from_the_interfaces_never_from_a_connection() -> None:
    interfaces = {
        "lo": addresses("127.0.0.1", "::1"),
        "docker0": addresses("172.17.0.1"),
        "eth0": addresses("10.1.2.3", "fe80::1", "00:11:22:33:44:55"),
        "wlan0": addresses("192.168.1.20"),
        "wwan0": addresses("203.0.113.7"),  # a public address: never offered
        "tun0": addresses("172.20.0.2"),
        "eth1": addresses("192.168.7.7"),
    }
    up = dict.fromkeys(interfaces, True) | {"eth1": False}
    assert home_addresses(interfaces, up) == ["192.168.1.20", "10.1.2.3", "172.20.0.2"]
    assert home_addresses({"lo": addresses("127.0.0.1")}, {"lo": True}) == []


def test_a_wrong_address_option_is_refused_with_what_to_give() -> None:
    for given, said in [
        ("0.0.0.0", "every network"),
        ("192.168.1.300", "not an IPv4 address"),
        ("fe80::1", "not an IPv4 address"),
        ("203.0.113.7", "not an address of this computer"),
    ]:
        with pytest.raises(phone.DiaryError, match=said):
            phone.check_address(given)
    assert phone.check_address("127.0.0.1") == "127.0.0.1"


def test_run_refuses_a_wrong_address_and_an_address_without_phone(tmp_path: Path) -> None:
    env = server_env(tmp_path)
    alone = subprocess.run([EXE, "run", "--address", "127.0.0.1"], env=env, capture_output=True, timeout=60)
    assert alone.returncode == 2 and b"--phone" in alone.stderr
    wildcard = subprocess.run(
        [EXE, "run", "--phone", "--address", "0.0.0.0"], env=env, capture_output=True, timeout=60
    )
    assert wildcard.returncode == 1 and b"every network" in wildcard.stderr
    assert b"Traceback" not in wildcard.stderr
    assert not (tmp_path / "config" / "pain-diary" / phone.KEY_FILE).exists()  # nothing made for nothing


# -- the QR code ---------------------------------------------------------------------------------------


def test_the_qr_code_in_the_terminal_draws_every_module() -> None:
    url = PhoneAccess.new("192.168.1.20").sign_in_url
    matrix = phone._qr_matrix(url)
    drawn = qr_text(url).splitlines()
    assert len(drawn) == (len(matrix) + 1) // 2 and {len(line) for line in drawn} == {len(matrix)}
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            cell = drawn[y // 2][x]
            assert dark == (cell == "█" or cell == ("▀" if y % 2 == 0 else "▄")), (x, y)
    coloured = qr_text(url, colour=True).splitlines()
    assert all(line.startswith("\x1b[30;107m") and line.endswith("\x1b[0m") for line in coloured)
    assert phone.qr_png(url).startswith(b"\x89PNG")


# -- the running server ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def phone_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serve(tmp_path_factory.mktemp("phone"), "--phone", "--address", "127.0.0.1") as running:
        yield running


def sign_in(server: Server) -> str:
    """Open the token address as the phone does; the cookie it hands out, as a Cookie header."""
    url = sign_in_url(server)
    answer = server.fetch(url.removeprefix(server.origin))
    assert answer.status == 303, answer.status
    cookie = answer.header("set-cookie")
    assert cookie is not None
    return cookie.split(";")[0]


@pytest.mark.slow
def test_without_the_token_nothing_gets_in(phone_server: Server) -> None:
    for path in ("/", "/_stcore/health", "/_stcore/host-config", "/static/app.js", "/?token="):
        answer = phone_server.fetch(path)
        assert answer.status == 403, path
        assert answer.header("set-cookie") is None
        assert "scan the QR code" in answer.text and "pain-diary run --phone" in answer.text
        assert answer.header("x-frame-options") == "DENY"
    wrong = phone_server.fetch("/?token=" + "A" * 43)
    assert wrong.status == 403 and wrong.header("set-cookie") is None
    assert phone_server.fetch("/", cookie=f"{COOKIE}={'A' * 43}").status == 403
    assert phone_server.handshake(origin=phone_server.origin) == 403
    assert phone_server.handshake(origin=phone_server.origin, cookie=f"{COOKIE}=guess") == 403


@pytest.mark.slow
def test_the_token_signs_the_phone_in_with_a_strict_cookie(phone_server: Server) -> None:
    url = sign_in_url(phone_server)
    token = url.rsplit("=", 1)[1]
    assert len(token) >= 43  # 256 random bits
    answer = phone_server.fetch(f"/?token={token}")
    assert answer.status == 303
    assert answer.header("location") == f"{phone_server.origin}/"  # the clean address: no token left in view
    cookie = answer.header("set-cookie") or ""
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "secure", "path", "samesite"} <= attributes
    assert "SameSite=Strict" in cookie and cookie.startswith(f"{COOKIE}=")
    assert token not in cookie  # the cookie is not the token

    signed_in = cookie.split(";")[0]
    page = phone_server.fetch("/", cookie=signed_in)
    assert page.status == 200 and b"<script" in page.body
    # The token's address opened again on a device signed in already: still sent to the clean address.
    again = phone_server.fetch(f"/trends?token={token}", cookie=signed_in)
    assert again.status == 303 and again.header("location") == f"{phone_server.origin}/trends"
    stale = phone_server.fetch("/?token=an-old-one&x=1", cookie=signed_in)  # a token of an earlier run
    assert stale.status == 303 and stale.header("location") == f"{phone_server.origin}/?x=1"
    assert stale.header("set-cookie") is None  # a wrong token signs nothing in
    assert phone_server.fetch("/_stcore/host-config", cookie=signed_in).status == 200
    assert phone_server.handshake(origin=phone_server.origin, cookie=signed_in) == 101
    # The cookie does not open the door to other pages or names.
    assert phone_server.handshake(origin="https://evil.example", cookie=signed_in) == 403
    assert phone_server.fetch("/", host="evil.example", cookie=signed_in).status == 403


@pytest.mark.slow
def test_the_phone_is_served_only_encrypted_with_the_certificate_made_here(phone_server: Server) -> None:
    with socket.create_connection((phone_server.address, phone_server.port), timeout=5) as plain:
        plain.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        try:
            said = plain.recv(4096)
        except OSError:
            said = b""
        assert b"<script" not in said and b"HTTP/1.1 200" not in said  # no page over plain HTTP
    served = ssl.get_server_certificate((phone_server.address, phone_server.port))
    assert phone_server.certificate is not None
    kept = phone_server.certificate.read_text()
    assert x509.load_pem_x509_certificate(served.encode()) == x509.load_pem_x509_certificate(kept.encode())
    assert mode(phone_server.certificate) == 0o600 and mode(phone_server.certificate.parent) == 0o700
    assert "SHA-256 fingerprint is " + phone.fingerprint(phone_server.certificate) in phone_server.output()
    assert "▀" in phone_server.output() or "▄" in phone_server.output()  # the QR code was drawn
    assert phone_server.outbound() == []


@pytest.mark.slow
def test_a_restart_keeps_the_certificate_and_makes_a_new_token(tmp_path: Path) -> None:
    with serve(tmp_path, "--phone", "--address", "127.0.0.1") as first:
        assert first.certificate is not None
        made = first.certificate.read_bytes(), first.certificate.stat().st_mtime_ns
        old_url, old_cookie = sign_in_url(first), sign_in(first)
    with serve(tmp_path, "--phone", "--address", "127.0.0.1") as second:
        assert second.certificate is not None
        assert (second.certificate.read_bytes(), second.certificate.stat().st_mtime_ns) == made
        new_url = sign_in_url(second)
        assert new_url != old_url
        old_token = old_url.rsplit("=", 1)[1]
        assert second.fetch(f"/?token={old_token}").status == 403
        assert second.fetch("/", cookie=old_cookie).status == 403
        assert second.fetch("/", cookie=sign_in(second)).status == 200


# -- the Settings page ---------------------------------------------------------------------------------


def test_the_settings_page_shows_the_phone_code_in_phone_mode_only(
    app_diary: Diary, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_app("pages/settings.py")
    assert phone.SETTINGS_HEADING not in [h.value for h in at.header]
    assert not at.get("image")

    access = PhoneAccess.new("192.168.1.20", 8501)
    monkeypatch.setattr(phone, "_active", access)
    at.run()
    assert not at.exception
    assert phone.SETTINGS_HEADING in [h.value for h in at.header]
    assert access.url in shown(at) and phone.SETTINGS_CAPTION in shown(at)
    assert access.token not in shown(at)  # the token is in the picture only
    [image] = at.get("image")
    assert [picture.alt for picture in image.proto.imgs] == [phone.QR_ALT]  # read out, not an unnamed image


# -- the README's instructions ----------------------------------------------------------------------------


def test_the_readme_phone_commands_are_real() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("### Logging from your phone")
    section = readme[start : readme.index("\n## ", start)]
    commands = {line.strip("` ").rstrip("`.,:") for line in re.findall(r"`?pain-diary run[^`\n]*`?", section)}
    assert {"pain-diary run --phone", "pain-diary run --phone --address 192.168.1.20"} <= commands
    for command in commands:
        args = build_parser().parse_args(command.split()[1:])
        assert args.phone
    assert "-- --server.address" not in readme  # the old recipe without a sign-in is gone


# -- a real browser -------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
def test_a_phone_browser_signs_in_with_the_qr_address_and_uses_the_diary(tmp_path: Path) -> None:
    require_browser()
    from playwright.sync_api import sync_playwright

    with serve(tmp_path, "--phone", "--address", "127.0.0.1") as running, sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            tmp_path / "profile",
            executable_path=CHROMIUM,
            headless=True,
            args=list(CHROMIUM_FLAGS),
            viewport={"width": 390, "height": 844},
            ignore_https_errors=True,  # the person accepting the certificate warning once
            service_workers="block",
        )
        context.set_default_timeout(WAIT_MS)
        try:
            page = context.new_page()
            refused = page.goto(running.origin + "/")
            assert refused is not None and refused.status == 403
            assert page.title() == phone.SIGN_IN_TITLE

            page.goto(sign_in_url(running))
            assert page.url == running.origin + "/"  # the token is out of the address bar
            settle(page, PAGES["Log"])  # the page is up and its live connection CONNECTED
            (cookie,) = [c for c in context.cookies() if c["name"] == COOKIE]
            assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Strict"

            page.goto(running.origin + "/settings")  # the cookie is sent on the next visit, too
            settle(page, PAGES["Settings"])
            page.get_by_role("heading", name=phone.SETTINGS_HEADING).wait_for()
            assert page.get_by_text(running.origin + "/").count() >= 1
            page.get_by_role("img", name=phone.QR_ALT).wait_for()
            assert problems(page, "Settings with the phone's code") == []
        finally:
            context.close()
    assert running.outbound() == []


def test_a_terminal_that_cannot_draw_the_code_still_gets_the_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(phone, "_active", None)  # restored after the test
    raw = io.BytesIO()
    terminal = io.TextIOWrapper(raw, encoding="ascii")
    monkeypatch.setattr(sys, "stdout", terminal)
    options = _phone_options(build_parser().parse_args(["run", "--phone", "--address", "127.0.0.1"]))
    terminal.flush()
    said = raw.getvalue().decode("ascii")
    access = phone.active_phone()
    assert access is not None and access.sign_in_url in said and "Settings page" in said
    assert options[options.index("--server.sslCertFile") + 1] == str(
        tmp_path / "config" / "pain-diary" / phone.CERTIFICATE_FILE
    )
