"""A full backup's ZIP as a hostile file: sizes its header does not tell truly, encryption, odd compression."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile

import pytest

from diary.csv.format import MAX_CSV_BYTES
from diary.errors import DiaryError
from diary.exchange.backup import DIARY_MEMBER, RECORDS_MEMBER, read_backup

CSV = b"date,pain\n2025-03-01,3\n"


def _zip(members: dict[str, bytes | int]) -> bytes:
    """A ZIP of ``members``: bytes as they are, or a number of bytes of diary rows written a chunk at a time."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            row = b"2025-03-01,3\n"
            chunk = row * (2**20 // len(row))
            with archive.open(name, "w") as stream:
                stream.write(b"date,pain\n")
                for _ in range(content // len(chunk)):
                    stream.write(chunk)
    return out.getvalue()


def _patched(
    data: bytes, member: str, *, size: int | None = None, flags: int = 0, method: int | None = None
) -> bytes:
    """``data`` with ``member``'s headers (local and central) saying ``size``, or with ``flags`` set, or ``method``."""
    patched = bytearray(data)
    name = member.encode()
    central = 0
    while (central := patched.find(b"PK\x01\x02", central)) >= 0:
        length = struct.unpack_from("<H", patched, central + 28)[0]
        if patched[central + 46 : central + 46 + length] == name:
            local = struct.unpack_from("<I", patched, central + 42)[0]
            for header, flag_at, method_at, size_at in ((central, 8, 10, 24), (local, 6, 8, 22)):
                old_flags = struct.unpack_from("<H", patched, header + flag_at)[0]
                struct.pack_into("<H", patched, header + flag_at, old_flags | flags)
                if method is not None:
                    struct.pack_into("<H", patched, header + method_at, method)
                if size is not None:
                    struct.pack_into("<I", patched, header + size_at, size)
            return bytes(patched)
        central += 4
    raise AssertionError(f"{member} is not in the ZIP")


def _peak_while_refused(data: bytes) -> tuple[str, int]:
    tracemalloc.start()
    try:
        with pytest.raises(DiaryError) as refused:
            read_backup(data, name="backup.zip")
        return str(refused.value), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_diary_csv_larger_than_its_header_says_is_never_read_whole() -> None:
    """A ZIP's sizes are its writer's word: 150 MB of rows saying 30 bytes, read no further than the limit."""
    lying = _patched(_zip({DIARY_MEMBER: 150 * 2**20}), DIARY_MEMBER, size=30)
    assert len(lying) < 2**20
    message, peak = _peak_while_refused(lying)
    assert message.startswith("backup.zip is not a full backup of this diary (Bad CRC-32")
    assert "nothing was imported" in message
    assert peak < 3 * MAX_CSV_BYTES, f"{peak / 2**20:.0f} MiB held while refusing it"


def test_a_diary_csv_over_the_limit_is_refused_naming_the_limit() -> None:
    message, peak = _peak_while_refused(_zip({DIARY_MEMBER: MAX_CSV_BYTES + 2**20}))
    assert (
        message
        == "backup.zip: its diary.csv is larger than 20 MB, more than any diary holds; nothing was imported."
    )
    assert peak < 3 * MAX_CSV_BYTES


def test_records_over_the_limit_are_refused_not_read_whole() -> None:
    padding = b"{" + b" " * (60 * 2**20) + b"}"
    message, peak = _peak_while_refused(_zip({DIARY_MEMBER: CSV, RECORDS_MEMBER: padding}))
    assert message == (
        "backup.zip: its records.json is larger than 20 MB, more than any diary holds; nothing was imported."
    )
    assert peak < 3 * MAX_CSV_BYTES  # 60 MB of it, not read whole


@pytest.mark.parametrize(
    ("change", "what"),
    [
        ({"flags": 0x1}, "encrypted"),
        ({"method": 1}, "shrunk (PKZIP 1)"),
        ({"method": 99}, "AES (WinZip)"),
    ],
)
def test_an_encrypted_or_oddly_compressed_backup_is_a_named_error(change: dict[str, int], what: str) -> None:
    data = _patched(_zip({DIARY_MEMBER: CSV}), DIARY_MEMBER, **change)
    with pytest.raises(DiaryError) as refused:
        read_backup(data, name="backup.zip")
    assert str(refused.value) == (
        "backup.zip cannot be read: it is encrypted or compressed in a way the diary does not know. "
        "A full backup is a plain ZIP, as the Export page or `pain-diary backup` makes it; nothing was imported."
    ), what
