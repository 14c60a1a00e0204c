"""Getting at the files inside what the person hands over: one file, a zip, or a folder.

An export arrives as a path (a file, an unpacked folder, a zip), as bytes, or
as an uploaded file. ``Input`` gives every reader the same view of it: a list
of documents (the file itself, or the files inside the zip or folder), each
opened afresh as a binary stream, so that a 500 MB ``export.xml`` is streamed
from disk or from inside its zip and never read whole.
"""

from __future__ import annotations

import codecs
import io
import lzma
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

from ..csv.format import not_utf8
from ..storage.files import NotRegularFile
from .common import SourceError

SourceInput = Path | str | bytes | bytearray | memoryview | IO[bytes]
"""An export as a path (``str`` is a path), its bytes, or a binary file such as an upload."""

MAX_TEXT_BYTES = 100 * 1024 * 1024
"""A CSV or JSON document larger than this is refused (an XML export is streamed instead)."""
MAX_MEMBERS = 100_000
"""The most files a zip or folder may hold: a Google Takeout of twelve years of Fitbit data holds some 33,000."""
HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Document:
    """One file of the export: its name (inside the zip or folder) and how to open it."""

    name: str
    size: int | None
    opener: Callable[[], IO[bytes]]
    read: set[str] | None = field(default=None, compare=False)
    """The names of the documents of its zip or folder opened to be read (not only looked at): ``Input.unread``."""

    @property
    def basename(self) -> str:
        return PurePosixPath(self.name.replace("\\", "/")).name

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        """The document to be read (``head`` only looks at it)."""
        if self.read is not None:
            self.read.add(self.name)
        stream = self.opener()
        try:
            yield stream
        finally:
            stream.close()

    def head(self, size: int = HEAD_BYTES) -> bytes:
        stream = self.opener()
        try:
            return stream.read(size)
        finally:
            stream.close()

    def read_bytes(self, source: str) -> bytes:
        """The whole document, refused by its size beyond ``MAX_TEXT_BYTES``."""
        if self.size is not None and self.size > MAX_TEXT_BYTES:
            raise SourceError(
                source, f"{self.name} is {self.size // 2**20} MB, more than a CSV or JSON export can be."
            )
        with self.open() as stream:
            data = stream.read(MAX_TEXT_BYTES + 1)
        if len(data) > MAX_TEXT_BYTES:
            raise SourceError(source, f"{self.name} is more than {MAX_TEXT_BYTES // 2**20} MB.")
        return data


def fill_buffer(buffer: WriteableBuffer, read: Callable[[int], bytes]) -> int:
    """``readinto`` for a raw stream that reads bytes: as many as ``buffer`` holds, copied into it."""
    view = memoryview(buffer).cast("B")
    data = read(len(view))
    view[: len(data)] = data
    return len(data)


class _Borrowed(io.RawIOBase):
    """A caller's stream (an upload), handed out without letting a reader close it."""

    def __init__(self, stream: IO[bytes]):
        self._stream = stream

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def readinto(self, buffer: WriteableBuffer) -> int:
        return fill_buffer(buffer, self._stream.read)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._stream.seek(offset, whence)

    def tell(self) -> int:
        return self._stream.tell()


class Input:
    """What the person handed over, seen as a list of documents."""

    def __init__(self, source: SourceInput, name: str | None = None):
        self.path: Path | None = None
        self._data: bytes | None = None
        self._stream: IO[bytes] | None = None
        if isinstance(source, (str, os.PathLike)):
            self.path = Path(source)
            if not self.path.exists():
                raise SourceError(name or str(self.path), "there is no such file or folder.")
            mode = self.path.stat().st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # a pipe or a device: never waited on
                raise SourceError(name or str(self.path), NotRegularFile(self.path, mode).reason)
            self.name = name or self.path.name or str(self.path)
        elif isinstance(source, (bytes, bytearray, memoryview)):
            self._data = bytes(source)
            self.name = name or "The file"
        else:
            self.name = name or getattr(source, "name", None) or "The file"
            if _seekable(source):
                self._stream = source
            else:
                self._data = source.read()
        self.name = str(self.name)
        self._is_zip: bool | None = None
        self._documents: list[Document] | None = None
        self.passed_over = 0
        """Entries of a folder that are not regular files (pipes, devices, links to them): never opened."""
        self._archive: zipfile.ZipFile | None = None
        self._holds = 0
        self._read: set[str] = set()

    @contextmanager
    def held(self) -> Iterator[Input]:
        """Keep a zip open while its files are read one after another (its directory is read once)."""
        if self._holds == 0 and self.is_zip:
            stream = self._open_whole()
            try:
                self._archive = zipfile.ZipFile(stream)
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                stream.close()
                raise SourceError(self.name, _broken_zip(exc)) from None
        self._holds += 1
        try:
            yield self
        finally:
            self._holds -= 1
            if self._holds == 0 and self._archive is not None:
                archive, self._archive = self._archive, None
                outer = archive.fp
                archive.close()
                if outer is not None:
                    outer.close()

    # -- the whole input as one binary stream -------------------------------------

    def _open_whole(self) -> IO[bytes]:
        if self.path is not None:
            try:
                return self.path.open("rb")
            except OSError as exc:
                raise SourceError(self.name, f"it cannot be opened ({exc.strerror or exc}).") from None
        if self._stream is not None:
            self._stream.seek(0)
            return io.BufferedReader(_Borrowed(self._stream))
        return io.BytesIO(self._data or b"")

    def _size(self) -> int | None:
        if self.path is not None:
            return self.path.stat().st_size
        if self._data is not None:
            return len(self._data)
        return None

    @property
    def is_folder(self) -> bool:
        return self.path is not None and self.path.is_dir()

    @property
    def is_zip(self) -> bool:
        if self._is_zip is None:
            if self.is_folder:
                self._is_zip = False
            else:
                with self._open_whole() as stream:
                    self._is_zip = stream.read(4) == b"PK\x03\x04"
        return self._is_zip

    # -- documents ---------------------------------------------------------------

    def documents(self) -> list[Document]:
        """The file itself, or every file in the zip or folder (sorted by name)."""
        if self._documents is None:
            if self.is_folder:
                self._documents = self._folder_documents()
            elif self.is_zip:
                self._documents = self._zip_documents()
            else:
                self._documents = [Document(self.name, self._size(), self._open_whole)]
        return list(self._documents)

    def unread(self) -> list[Document]:
        """The documents of a zip or folder no reader opened to read (only looked at, or not at all)."""
        if not (self.is_zip or self.is_folder):
            return []
        return [d for d in self.documents() if d.name not in self._read]

    def _folder_documents(self) -> list[Document]:
        assert self.path is not None
        found: list[Document] = []
        for path in sorted(self.path.rglob("*")):
            if not path.is_file():
                self.passed_over += not path.is_dir()
                continue
            if len(found) >= MAX_MEMBERS:
                raise SourceError(self.name, _too_many_files("folder"))
            name = path.relative_to(self.path).as_posix()
            found.append(Document(name, path.stat().st_size, _file_opener(path), self._read))
        return found

    def _zip_documents(self) -> list[Document]:
        try:
            with self._open_whole() as stream, zipfile.ZipFile(stream) as archive:
                infos = [i for i in archive.infolist() if not i.is_dir()]
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise SourceError(self.name, _broken_zip(exc)) from None
        if len(infos) > MAX_MEMBERS:
            raise SourceError(self.name, _too_many_files("zip"))
        infos.sort(key=lambda i: i.filename)
        return [Document(i.filename, i.file_size, self._member_opener(i.filename), self._read) for i in infos]

    def _member_opener(self, member: str) -> Callable[[], IO[bytes]]:
        def opener() -> IO[bytes]:
            if self._archive is not None:  # held open: only the member is opened and closed
                inner = self._open_member(self._archive, member)
                return io.BufferedReader(_MemberStream(inner, (), self.name, member))
            stream = self._open_whole()
            try:
                archive = zipfile.ZipFile(stream)
                inner = self._open_member(archive, member)
            except BaseException:
                stream.close()
                raise
            return io.BufferedReader(_MemberStream(inner, (archive, stream), self.name, member))

        return opener

    def _open_member(self, archive: zipfile.ZipFile, member: str) -> IO[bytes]:
        try:
            return archive.open(member)
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as exc:
            raise SourceError(self.name, f"{member} inside it cannot be read ({exc}).") from None


class _MemberStream(io.RawIOBase):
    """A file inside a zip; closing it also closes what was opened only for it (the archive, its file)."""

    def __init__(
        self,
        inner: IO[bytes],
        also_close: tuple[zipfile.ZipFile | IO[bytes], ...],
        zip_name: str,
        member: str,
    ):
        self._inner, self._also_close = inner, also_close
        self._zip_name, self._member = zip_name, member

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        try:
            return self._inner.read(size)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
            # Its packed data does not unpack (zlib's, LZMA's or bzip2's error) or fails its check (CRC).
            raise SourceError(self._zip_name, _damaged_member(self._member, exc)) from None

    def readinto(self, buffer: WriteableBuffer) -> int:
        return fill_buffer(buffer, self.read)

    def close(self) -> None:
        if not self.closed:
            self._inner.close()
            for other in self._also_close:
                other.close()
        super().close()


def _file_opener(path: Path) -> Callable[[], IO[bytes]]:
    def opener() -> IO[bytes]:
        return path.open("rb")

    return opener


def _seekable(stream: IO[bytes]) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, OSError, ValueError):
        return False


def decode_text(data: bytes, source: str) -> str:
    """CSV or JSON bytes as text: UTF-8 (with or without a byte order mark) or UTF-16 with one."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            source,
            f"it is {not_utf8(data, exc)}. Export it again from the app without opening it in a spreadsheet "
            "first, or save it as CSV UTF-8.",
        ) from None


def head_text(data: bytes) -> str:
    """The first bytes of a document as text, for recognising its kind (never raises)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data[: len(data) // 2 * 2].decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="replace").lstrip("\ufeff")


def as_input(source: SourceInput | Input, name: str | None = None) -> Input:
    """What was handed over as an ``Input`` (an ``Input`` already made is used as it is)."""
    return source if isinstance(source, Input) else Input(source, name)


def _too_many_files(what: str) -> str:
    """A zip or folder past ``MAX_MEMBERS``: never read in part, which would leave files out unsaid."""
    return (
        f"it holds more than {MAX_MEMBERS:,} files, more than an export does. Choose the export itself "
        f"(export.zip, a Takeout's Fitbit or Google Health folder), not a {what} around it."
    )


def _damaged_member(member: str, exc: Exception) -> str:
    """A file inside a zip whose packed data is damaged: most often a download or copy gone wrong."""
    return (
        f"{member} inside it is damaged and cannot be unpacked; download or export it again. "
        f"(The zip reader said: {exc}.)"
    )


def _broken_zip(exc: Exception) -> str:
    """A file that starts as a zip file does but cannot be opened as one: most often a download cut short."""
    return (
        "it looks like a zip file but cannot be opened: it may be cut short (an unfinished download or copy); "
        f"download or copy it again. (The zip reader said: {exc}.)"
    )
