"""Logging from the phone: ``pain-diary run --phone``, a sign-in by token in the manner of Jupyter's.

The dashboard then listens on this computer's home-network address, over
HTTPS with a certificate made here on first use, and lets in only a device
that shows the token: opening the address with ``?token=…`` (what the QR code
holds) signs the device in with a cookie, and every other request is turned
away (``diary.dashboard.server`` does the turning away). Each start makes a new token.

Nothing here reaches the network: the home address is read from this
computer's own interfaces (psutil), never learnt by connecting anywhere.
"""

from __future__ import annotations

import datetime as dt
import hmac
import io
import ipaddress
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DiaryError
from ..settings import config_folder
from ..storage.files import PRIVATE_FILE, atomic_write
from ..wording import APP_NAME

COOKIE = "__Host-pain-diary-phone"  # __Host-: only ever set by this origin, over HTTPS, for every path
TOKEN_PARAMETER = "token"
SIGNED_IN_DAYS = 30
CERTIFICATE_FILE = "phone-certificate.pem"
KEY_FILE = "phone-key.pem"
CERTIFICATE_DAYS = 825
DEFAULT_PORT = 8501

HOME_NETWORKS = tuple(ipaddress.IPv4Network(net) for net in ("192.168.0.0/16", "10.0.0.0/8", "172.16.0.0/12"))
"""The private ranges home routers hand out (RFC 1918), the most usual first."""
VIRTUAL_INTERFACES = ("docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "lxc", "lxd", "cni", "podman")

SIGN_IN_TITLE = f"Sign in to your {APP_NAME}"
SIGN_IN_TEXT = (
    "This diary is private. To open it on this device, scan the QR code that "
    "<code>pain-diary run --phone</code> shows in the terminal on the computer (or on the "
    "dashboard's Settings page there), or open the address with <code>?token=</code> printed "
    "beside it. Signing in keeps this device signed in with a cookie until the dashboard is "
    "started again, which makes a new code."
)
SETTINGS_HEADING = "Your phone"
QR_ALT = "QR code that opens the diary on your phone and signs it in"
SETTINGS_CAPTION = (
    "Scan this code with your phone's camera to open the diary there. It holds the sign-in token: "
    "anyone who has it can read and change your diary until the dashboard is started again. "
    "The phone warns once that the certificate is not trusted, because it was made on this computer."
)


@dataclass(frozen=True)
class PhoneAccess:
    """One run of ``--phone``: where the dashboard listens, its sign-in token and the cookie it hands out."""

    address: str
    port: int
    token: str = field(repr=False)
    session: str = field(repr=False)  # the cookie's value: never the token itself

    @classmethod
    def new(cls, address: str, port: int = DEFAULT_PORT) -> PhoneAccess:
        """A fresh token and cookie, 256 random bits each."""
        return cls(address, port, secrets.token_urlsafe(32), secrets.token_urlsafe(32))

    @property
    def url(self) -> str:
        return f"https://{self.address}:{self.port}/"

    @property
    def sign_in_url(self) -> str:
        """The address with the token: what the QR code holds."""
        return f"{self.url}?{TOKEN_PARAMETER}={self.token}"

    def token_matches(self, given: str) -> bool:
        return hmac.compare_digest(given.encode(), self.token.encode())

    def session_matches(self, given: str) -> bool:
        return hmac.compare_digest(given.encode(), self.session.encode())

    def set_cookie(self) -> str:
        """The ``Set-Cookie`` value that signs a device in: script-proof, HTTPS-only, never sent by other sites."""
        max_age = SIGNED_IN_DAYS * 24 * 3600
        return f"{COOKIE}={self.session}; Path=/; Max-Age={max_age}; HttpOnly; Secure; SameSite=Strict"


_active: PhoneAccess | None = None


def activate(access: PhoneAccess | None) -> None:
    """Make ``access`` the phone sign-in of the dashboard this process serves (None: phone mode off)."""
    global _active
    _active = access


def active_phone() -> PhoneAccess | None:
    """The phone sign-in of this process's dashboard, or None when it runs for this computer only."""
    return _active


# -- the home-network address ------------------------------------------------------------------------


def home_addresses(interfaces: Mapping[str, Sequence[Any]], up: Mapping[str, bool]) -> list[str]:
    """This computer's addresses on a home network, best first, from psutil's interface tables.

    Only IPv4 addresses in the private ranges a home router hands out count;
    loopback, link-local, public addresses and the virtual bridges of
    containers and virtual machines do not.
    """
    found: list[tuple[int, str]] = []
    for name, addresses in interfaces.items():
        if not up.get(name, False) or name.startswith(VIRTUAL_INTERFACES):
            continue
        for entry in addresses:
            try:
                address = ipaddress.IPv4Address(entry.address)
            except ValueError:
                continue  # IPv6 or a hardware address
            for rank, network in enumerate(HOME_NETWORKS):
                if address in network:
                    found.append((rank, str(address)))
    return [address for _, address in sorted(found)]


def _interfaces() -> tuple[dict[str, list[Any]], dict[str, bool]]:
    import psutil

    stats = {name: stat.isup for name, stat in psutil.net_if_stats().items()}
    return psutil.net_if_addrs(), stats


def find_home_address() -> str:
    """The address to serve the phone on, or ``DiaryError`` saying how to name one."""
    found = home_addresses(*_interfaces())
    if not found:
        raise DiaryError(
            "This computer has no address on a home network (192.168.x.x, 10.x.x.x or 172.16–31.x.x). "
            "Connect it to your home Wi-Fi, or name the address with --address."
        )
    return found[0]


def check_address(text: str) -> str:
    """An address given with ``--address``: one IPv4 address of this computer, never every network at once."""
    try:
        address = ipaddress.IPv4Address(text.strip())
    except ValueError:
        raise DiaryError(
            f"--address {text!r} is not an IPv4 address; give this computer's address on your home "
            "network, such as 192.168.1.20."
        ) from None
    if address.is_unspecified:
        raise DiaryError(
            f"--address {text} would listen on every network this computer is on; give its one address "
            "on your home network, such as 192.168.1.20."
        )
    interfaces, _ = _interfaces()
    own = sorted(
        {entry.address for entries in interfaces.values() for entry in entries if _is_ipv4(entry.address)}
    )
    if str(address) not in own:
        raise DiaryError(
            f"--address {text} is not an address of this computer; its addresses: {', '.join(own)}."
        )
    return str(address)


def _is_ipv4(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


# -- the certificate ---------------------------------------------------------------------------------


def ensure_certificate(address: str, folder: Path | None = None) -> tuple[Path, Path]:
    """The certificate and key files for HTTPS on ``address``: made on first use, reused after.

    A new pair is made when there is none, when the certificate does not name
    ``address`` (the home address changed), when it expires within a day, or
    when the two files do not belong together. Both are owner-only (0600) in
    an owner-only folder.
    """
    folder = folder or config_folder()
    certificate, key = folder / CERTIFICATE_FILE, folder / KEY_FILE
    if _usable(certificate, key, address):
        for path in (certificate, key):
            if path.stat().st_mode & 0o077:
                os.chmod(path, PRIVATE_FILE)
        return certificate, key
    key_pem, certificate_pem = _make_certificate(address)
    atomic_write(key, key_pem)
    atomic_write(certificate, certificate_pem)
    return certificate, key


def _usable(certificate: Path, key: Path, address: str) -> bool:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        cert = x509.load_pem_x509_certificate(certificate.read_bytes())
        private = serialization.load_pem_private_key(key.read_bytes(), password=None)
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        named = names.get_values_for_type(x509.IPAddress)
    except (OSError, ValueError, x509.ExtensionNotFound):
        return False
    fresh = cert.not_valid_after_utc > dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    same_key = private.public_key() == cert.public_key()
    return fresh and same_key and ipaddress.IPv4Address(address) in named


def _make_certificate(address: str) -> tuple[bytes, bytes]:
    """A new P-256 key and a self-signed certificate for ``address`` (PEM), valid for CERTIFICATE_DAYS."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, address),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"{APP_NAME} on this computer"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=CERTIFICATE_DAYS))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.IPv4Address(address))]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)


def fingerprint(certificate: Path) -> str:
    """The certificate's SHA-256 fingerprint as phones show it (AB:CD:…), to compare before accepting it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    digest = x509.load_pem_x509_certificate(certificate.read_bytes()).fingerprint(hashes.SHA256())
    return ":".join(f"{byte:02X}" for byte in digest)


# -- the QR code ---------------------------------------------------------------------------------------


def _qr_matrix(text: str) -> list[list[bool]]:
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_text(text: str, *, colour: bool = False) -> str:
    """``text`` as a QR code drawn with half blocks, two rows of modules per line, quiet zone included.

    With ``colour`` (a terminal), each line is black on white whatever the
    terminal's own colours, so cameras read it on dark themes too.
    """
    matrix = _qr_matrix(text)
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))
    blocks = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
    lines = []
    for top, bottom in zip(matrix[::2], matrix[1::2], strict=True):
        line = "".join(blocks[pair] for pair in zip(top, bottom, strict=True))
        lines.append(f"\x1b[30;107m{line}\x1b[0m" if colour else line)
    return "\n".join(lines)


def qr_png(text: str) -> bytes:
    """``text`` as a QR code picture (PNG), for the Settings page."""
    import qrcode
    from qrcode.image.pil import PilImage

    image = qrcode.make(
        text, image_factory=PilImage, error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4
    )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def announcement(access: PhoneAccess, certificate: Path, *, colour: bool = False, code: bool = True) -> str:
    """What ``pain-diary run --phone`` prints in the terminal before the dashboard starts.

    Without ``code``, no QR code: the address alone, for a terminal that cannot draw it.
    """
    return "\n".join(
        [
            "",
            f"  Phone mode: the diary listens on your home network at {access.url}",
            "  and lets in only a device signed in with this start's token.",
            "  Scan this code with the phone's camera, or open this address on it:"
            if code
            else "  Open this address on the phone (its QR code is on the Settings page):",
            "",
            f"  {access.sign_in_url}",
            "",
            *([qr_text(access.sign_in_url, colour=colour), ""] if code else []),
            "  The phone warns once that the certificate is not trusted: it was made on this computer.",
            f"  Its SHA-256 fingerprint is {fingerprint(certificate)}.",
            "  Anyone with the code or the address above can read and change your diary: keep it to yourself.",
            "",
        ]
    )
