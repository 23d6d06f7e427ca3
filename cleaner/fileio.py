"""Reading and writing text files strictly: UTF-8 or a clear error, never a guess.

Reading keeps what a rewrite must preserve (``TextFile``: BOM, dominant line
ending, the original bytes and their ``stat``); writing is atomic
(``atomic_write``): a temporary file in the same folder, written, flushed and
fsynced, then ``os.replace``-d over the target and the folder fsynced. A crash
at any moment leaves either the whole old file or the whole new one; at worst
a clearly named temporary file (``.NAME.cleaner-tmp-XXXXXXXX``) stays behind.
"""

from __future__ import annotations

import gzip
import os
import stat as stat_mod
import sys
import tempfile
import unicodedata
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from . import errors, limits
from .errors import FILE_TOO_LARGE
from .limits import read_bounded

#: How many leading bytes are inspected to decide that a file is binary.
SNIFF_BYTES = 8192
#: The UTF-8 byte order mark.
BOM = b"\xef\xbb\xbf"
#: Marks the temporary files of ``atomic_output``: ``.NAME.cleaner-tmp-XXXXXXXX``.
TEMP_MARK = ".cleaner-tmp-"


#: Escapes ``ls`` writes for these control characters (its ``shell-escape`` style).
_NAMED_ESCAPES = {"\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r"}


def unprintable(c: str) -> bool:
    """Control characters (C0, DEL, C1), the line and paragraph separators, and
    the lone surrogates that stand for bytes that are not UTF-8 (``os.fsdecode``)."""
    return unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp")


def display(name: str | os.PathLike[str]) -> str:
    r"""A file name as it can be printed to a terminal, quoted as ``ls`` quotes it.

    A name with a control character (an escape sequence, a line break) or a
    byte that is not UTF-8 is written in ``ls``'s ``shell-escape`` style: the
    printable runs in single quotes, the others as ``$'\n'`` or as octal bytes
    (``$'\033'``), so that nothing reaches the terminal raw and the name can be
    pasted back into a shell. Any other name is printed as it is.

    >>> display("corpus/a b.txt")
    'corpus/a b.txt'
    >>> print(display("x\x1b[31mred.txt"), display("a\nb.txt"), display("q'\tz"))
    'x'$'\033''[31mred.txt' 'a'$'\n''b.txt' 'q'\'''$'\t''z'
    >>> print(display("caf\udce9.txt"), display("c1\x85.txt"))
    'caf'$'\351''.txt' 'c1'$'\302\205''.txt'
    """
    name = os.fspath(name)
    if not any(map(unprintable, name)):
        return name
    out: list[str] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            out.append("'" + "".join(run).replace("'", "'\\''") + "'")
            run.clear()

    for c in name:
        if not unprintable(c):
            run.append(c)
            continue
        close_run()
        if c in _NAMED_ESCAPES:
            out.append(f"$'\\{_NAMED_ESCAPES[c]}'")
        else:
            raw = (
                os.fsencode(c) if "\udc80" <= c <= "\udcff" else c.encode("utf-8", "surrogatepass")
            )
            out.append("$'" + "".join(f"\\{b:03o}" for b in raw) + "'")
    close_run()
    return "".join(out)


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 (a BOM is allowed); binary or invalid data is an ``InputError``.

    >>> decode(b"caf\\xc3\\xa9", "x")
    'café'
    >>> decode(b"caf\\xe9", "x")
    Traceback (most recent call last):
    ...
    cleaner.errors.InputError: x: not valid UTF-8 text (byte 3); left untouched
    """
    if b"\x00" in data[:SNIFF_BYTES]:
        raise errors.InputError(errors.LOOKS_BINARY.format(path=display(name)))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise errors.InputError(errors.NOT_UTF8.format(path=display(name), pos=exc.start)) from None


# -- compressed files ----------------------------------------------------------------

#: Name endings of files read and written compressed: gzip, and zstd where the
#: standard library has it (``compression.zstd``, Python 3.14 and later).
COMPRESSED: dict[str, str] = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd"}
#: gzip's level for what cleaner writes (gzip's own default; 9 is much slower for little).
GZIP_LEVEL = 6


def compression(path: str | os.PathLike[str]) -> str | None:
    """``"gzip"``, ``"zstd"`` or ``None``, by the name's ending (any case).

    >>> compression("crawl.jsonl.gz"), compression("a.ZST"), compression("a.jsonl")
    ('gzip', 'zstd', None)
    """
    name = os.fspath(path).lower()
    return next((kind for end, kind in COMPRESSED.items() if name.endswith(end)), None)


def _zstd(path: str | os.PathLike[str]) -> Any:
    """The standard library's zstd module, or an ``InputError`` naming ``path``."""
    try:
        from compression import zstd  # type: ignore[import-not-found]
    except ImportError:
        raise errors.InputError(errors.NEEDS_ZSTD.format(path=display(path))) from None
    return zstd


#: What a damaged compressed stream raises while it is read.
_DAMAGED = (OSError, EOFError, zlib.error, ValueError)


class _Inflating:
    """A file read through its decompressor: reading fails with an ``InputError``
    naming the file (damaged, cut short), never with the codec's own error."""

    def __init__(self, stream: Any, raw: BinaryIO, path: str | os.PathLike[str]) -> None:
        self._stream = stream
        self._raw = raw
        self._path = path

    def _failed(self, exc: BaseException) -> errors.InputError:
        error = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return errors.InputError(errors.CANNOT_READ.format(path=display(self._path), error=error))

    def read(self, size: int = -1) -> bytes:
        try:
            return self._stream.read(size)
        except _DAMAGED as exc:
            raise self._failed(exc) from None

    def readline(self, size: int = -1) -> bytes:
        try:
            return self._stream.readline(size)
        except _DAMAGED as exc:
            raise self._failed(exc) from None

    def close(self) -> None:
        try:
            self._stream.close()
        except _DAMAGED:
            pass
        finally:
            self._raw.close()

    def __enter__(self) -> _Inflating:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_input(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened to read bytes, decompressed when its name says so
    (``.gz``; ``.zst`` with a standard library that has zstd). ``OSError`` as
    ``open`` raises it."""
    raw = open(path, "rb")
    kind = compression(path)
    if kind is None:
        return raw
    try:
        if kind == "gzip":
            stream: Any = gzip.GzipFile(fileobj=raw, mode="rb")
        else:
            stream = _zstd(path).ZstdFile(raw, "rb")
    except BaseException:
        raw.close()
        raise
    return _Inflating(stream, raw, path)  # type: ignore[return-value]


def _deflating(path: str | os.PathLike[str], fh: BinaryIO) -> Any:
    """A compressor writing into ``fh`` for an output named ``path``, or ``None``."""
    kind = compression(path)
    if kind == "gzip":  # no name, no time in the header: the same bytes for the same rows
        return gzip.GzipFile(filename="", mode="wb", fileobj=fh, compresslevel=GZIP_LEVEL, mtime=0)
    if kind == "zstd":
        try:
            return _zstd(path).ZstdFile(fh, "wb")
        except errors.InputError as exc:
            raise errors.OutputError(str(exc)) from None
    return None


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a file, a pipe (``<(cmd)``) or ``-`` (standard input), at most
    ``limits.MAX_FILE_BYTES`` of them (more is an ``InputError``); a folder or a
    missing file is an ``InputError`` too. A compressed file (``.gz``, see
    ``COMPRESSED``) gives its content, and the bound counts that."""
    if str(path) == "-":
        return read_bounded(sys.stdin.buffer, limits.MAX_FILE_BYTES, "<stdin>", FILE_TOO_LARGE)
    try:
        if stat_mod.S_ISDIR(os.stat(path).st_mode):
            raise errors.InputError(errors.NOT_A_FILE.format(path=display(path)))
        with open_input(path) as fh:  # a compressed file: its content, bounded alike
            return read_bounded(fh, limits.MAX_FILE_BYTES, display(path), FILE_TOO_LARGE)
    except FileNotFoundError:
        raise errors.InputError(errors.NO_SUCH_FILE.format(path=display(path))) from None
    except OSError as exc:
        raise errors.InputError(
            errors.CANNOT_READ.format(path=display(path), error=exc.strerror)
        ) from None


def read_text(path: str | Path) -> str:
    """Read a file, a pipe or ``-`` (standard input) as UTF-8 text (see ``read_bytes``)."""
    return decode(read_bytes(path), "<stdin>" if str(path) == "-" else str(path))


def detect_newline(text: str) -> str:
    """The dominant line ending of ``text``: ``"\\r\\n"``, ``"\\r"`` or ``"\\n"``.

    Ties and text without any line break give ``"\\n"``.

    >>> detect_newline("a\\r\\nb\\r\\nc\\n")
    '\\r\\n'
    >>> detect_newline("a\\nb\\r\\n"), detect_newline("one line")
    ('\\n', '\\n')
    >>> detect_newline("old\\rmac\\r")
    '\\r'
    """
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    best = max(lf, crlf, cr)
    if best == 0 or lf == best:
        return "\n"
    return "\r\n" if crlf == best else "\r"


def encode(text: str, newline: str = "\n", bom: bool = False) -> bytes:
    """Bytes for ``text`` (``\\n`` line breaks) with ``newline`` and an optional BOM.

    >>> encode("a\\nb\\n", "\\r\\n", bom=True)
    b'\\xef\\xbb\\xbfa\\r\\nb\\r\\n'
    """
    if newline != "\n":
        text = text.replace("\n", newline)
    data = text.encode("utf-8")
    return BOM + data if bom else data


@dataclass(frozen=True)
class TextFile:
    """A text file as read, with what a faithful rewrite must keep.

    ``text`` is the decoded content without the BOM and with the file's own
    line endings; ``newline`` is its dominant line ending; ``raw`` the exact
    bytes; ``stat`` the file's status when it was read (``None`` for a stream).

    >>> f = TextFile.parse(b"\\xef\\xbb\\xbfa\\r\\nb\\r\\n", "x.txt")
    >>> f.text, f.bom, f.newline, f.encode("a\\n") == b"\\xef\\xbb\\xbfa\\r\\n"
    ('a\\r\\nb\\r\\n', True, '\\r\\n', True)
    """

    path: Path
    text: str
    raw: bytes
    bom: bool
    newline: str
    stat: os.stat_result | None = None

    @classmethod
    def parse(cls, raw: bytes, path: str | Path, stat: os.stat_result | None = None) -> TextFile:
        """Decode ``raw`` (see ``decode``) and note its BOM and line ending."""
        text = decode(raw, str(path))
        return cls(Path(path), text, raw, raw.startswith(BOM), detect_newline(text), stat)

    def encode(self, text: str) -> bytes:
        """``text`` (``\\n`` line breaks) as bytes in this file's newline and BOM."""
        return encode(text, self.newline, self.bom)


def load(path: str | Path) -> TextFile:
    """Read ``path`` as UTF-8 text, keeping its BOM, line ending and status.

    A missing file, a folder, binary data or invalid UTF-8 is an ``InputError``.
    """
    p = Path(path)
    try:
        if not stat_mod.S_ISREG(os.stat(p).st_mode):  # never open a FIFO or device
            raise errors.InputError(errors.NOT_A_FILE.format(path=display(path)))
        with open(p, "rb") as fh:
            st = os.fstat(fh.fileno())
            raw = read_bounded(fh, limits.MAX_FILE_BYTES, display(path), FILE_TOO_LARGE)
    except FileNotFoundError:
        raise errors.InputError(errors.NO_SUCH_FILE.format(path=display(path))) from None
    except OSError as exc:
        raise errors.InputError(
            errors.CANNOT_READ.format(path=display(path), error=exc.strerror)
        ) from None
    return TextFile.parse(raw, path, st)


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is a temporary file left by ``atomic_output``.

    >>> is_temp_name(".a.txt.cleaner-tmp-x1y2z3"), is_temp_name("a.txt")
    (True, False)
    """
    return name.startswith(".") and TEMP_MARK in name


def _fsync_dir(folder: str) -> None:
    """Make a rename in ``folder`` durable (POSIX); a no-op where unsupported."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot fsync a directory
        pass
    finally:
        os.close(fd)


#: The longest file name most file systems take (bytes).
NAME_MAX = 255
#: Bytes that ``tempfile.mkstemp`` adds after the prefix.
_RANDOM_CHARS = 8


def _temp_prefix(name: str) -> str:
    """``.NAME.cleaner-tmp-``, with NAME cut so the temporary name fits in ``NAME_MAX``.

    >>> len(os.fsencode(_temp_prefix("x" * 250))) + _RANDOM_CHARS <= NAME_MAX
    True
    >>> _temp_prefix("a.txt")
    '.a.txt.cleaner-tmp-'
    """
    room = NAME_MAX - _RANDOM_CHARS - len(TEMP_MARK) - 1
    raw = os.fsencode(name)
    if len(raw) > room:
        name = os.fsdecode(raw[:room])
    return f".{name}{TEMP_MARK}"


def check_output(path: str | os.PathLike[str]) -> None:
    """Raise ``OutputError`` now if ``path`` cannot be an output file: it is a
    folder, or the folder it names does not exist. Called before any input is read."""
    p = os.fspath(path)
    if os.path.isdir(p):
        raise errors.OutputError(errors.OUTPUT_IS_FOLDER.format(path=display(p)))
    folder = os.path.dirname(os.path.abspath(p))
    if not os.path.isdir(folder):
        raise errors.OutputError(
            errors.OUTPUT_NO_FOLDER.format(path=display(p), folder=display(folder))
        )


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name the same file (after links), existing or not.

    >>> same_file("/tmp/x/../y.txt", "/tmp/y.txt"), same_file("a.txt", "b.txt")
    (True, False)
    """
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def is_regular_or_new(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a regular file (after links) or does not exist yet."""
    try:
        return stat_mod.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True


class _Output:
    """The file handed out by ``atomic_output``: a write that fails (no space
    left, file too large) raises ``OutputError`` naming the target. With a
    compressor (``sink``) writes go through it into ``fh``; ``finish`` writes
    its last bytes."""

    def __init__(self, fh: BinaryIO, path: str, sink: Any = None):
        self._fh = sink if sink is not None else fh
        self._raw = fh
        self._path = path

    def finish(self) -> None:
        """End the compressed stream, if any (its last bytes go to the file),
        and flush the file."""
        try:
            if self._fh is not self._raw:
                self._fh.close()  # the compressor only: the file stays open
                self._fh = self._raw
            self._raw.flush()
        except OSError as exc:
            raise self._failed(exc) from None

    def _failed(self, exc: OSError) -> errors.OutputError:
        return errors.OutputError(
            errors.CANNOT_WRITE_OUTPUT.format(path=display(self._path), error=exc.strerror or exc)
        )

    def write(self, data: bytes) -> int:
        try:
            return self._fh.write(data)
        except OSError as exc:
            raise self._failed(exc) from None

    def flush(self) -> None:
        try:
            self._fh.flush()
        except OSError as exc:
            raise self._failed(exc) from None

    def fileno(self) -> int:
        return self._fh.fileno()


@contextmanager
def atomic_output(
    path: str | os.PathLike[str],
    *,
    expect: os.stat_result | None = None,
    compress: bool = False,
) -> Iterator[BinaryIO]:
    """A binary file that replaces ``path`` only once the block ends without error.

    Writes go to ``.NAME.cleaner-tmp-XXXXXXXX`` in the same folder (NAME cut
    short when the whole would pass ``NAME_MAX``); at the end the file is
    flushed, fsynced, given the old file's owner, permission bits (setuid and
    setgid too) and extended attributes (where allowed; the usual mode under
    the umask for a new file), then ``os.replace`` puts it in place and the
    folder is fsynced. A symbolic link is followed: its target is replaced, the
    link stays. Only a regular file is ever replaced: anything else that exists
    (a FIFO, a terminal, ``/dev/null``, ``/dev/stdout``) is written straight
    to, and a folder is an ``OutputError``. If ``expect`` is given and the
    file's size, mtime or inode no longer match it when the block ends, the
    file changed since it was read: nothing is replaced and an ``InputError``
    is raised. A write that fails (no space left) raises ``OutputError``. On
    any exception the temporary file is removed and ``path`` is left as it
    was. The one writer behind ``check --fix``, ``clean -o``/``--errors`` and
    ``learn``. With ``compress``, a name that ends in ``.gz`` (or ``.zst``, see
    ``COMPRESSED``) gets what is written compressed.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_output(folder / "out.jsonl") as fh:
    ...     _ = fh.write(b"{}\\n")
    >>> (folder / "out.jsonl").read_bytes(), sorted(p.name for p in folder.iterdir())
    (b'{}\\n', ['out.jsonl'])
    """
    check_output(path)
    if not is_regular_or_new(path):
        try:
            raw = open(path, "wb")
        except OSError as exc:
            raise errors.OutputError(
                errors.CANNOT_WRITE_OUTPUT.format(path=display(path), error=exc.strerror or exc)
            ) from None
        out = _Output(raw, os.fspath(path), _deflating(path, raw) if compress else None)
        try:
            yield out  # type: ignore[misc]
            out.finish()
        except BaseException:
            with suppress(OSError):  # closing flushes what is buffered: it may fail again
                raw.close()
            raise
        try:
            raw.close()
        except OSError as exc:
            raise out._failed(exc) from None
        return
    target = os.path.realpath(path)
    folder, name = os.path.split(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(name), dir=folder)
    except OSError as exc:
        raise errors.OutputError(
            errors.CANNOT_WRITE_OUTPUT.format(path=display(path), error=exc.strerror or exc)
        ) from None
    fh = os.fdopen(fd, "wb", buffering=1 << 20)
    try:
        out = _Output(fh, os.fspath(path), _deflating(path, fh) if compress else None)
        yield out  # type: ignore[misc]
        out.finish()
        try:
            old = os.stat(target)
        except FileNotFoundError:
            old = None
        if expect is not None and (
            old is None
            or (old.st_size, old.st_mtime_ns, old.st_ino)
            != (expect.st_size, expect.st_mtime_ns, expect.st_ino)
        ):
            raise errors.InputError(errors.CHANGED_WHILE_CLEANING.format(path=display(path)))
        _copy_mode(fh.fileno(), tmp, old, target)
        try:
            os.fsync(fh.fileno())
            fh.close()
        except OSError as exc:
            raise out._failed(exc) from None
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):  # closing flushes what is buffered: it may fail again
            fh.close()
        with suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)


def atomic_write(path: str | Path, data: bytes, *, expect: os.stat_result | None = None) -> None:
    """Replace the file at ``path`` with ``data`` atomically (``atomic_output``).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write(folder / "a.txt", b"new\\n")
    >>> (folder / "a.txt").read_bytes(), sorted(p.name for p in folder.iterdir())
    (b'new\\n', ['a.txt'])
    """
    with atomic_output(path, expect=expect) as fh:
        fh.write(data)


def _copy_mode(fd: int, tmp: str, old: os.stat_result | None, target: str = "") -> None:
    """Give the new file the old one's owner, mode and extended attributes, or a
    new file's usual mode. The owner goes first: ``chown`` clears setuid/setgid."""
    if old is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    else:
        mode = stat_mod.S_IMODE(old.st_mode)
        if hasattr(os, "fchown"):
            with suppress(OSError):  # only root may give a file away; keep what we can
                os.fchown(fd, old.st_uid, old.st_gid)
        _copy_xattrs(target, fd)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # pragma: no cover - Windows
        os.chmod(tmp, mode)


def _copy_xattrs(source: str, fd: int) -> None:
    """Copy the extended attributes of ``source`` to ``fd`` (Linux; best effort:
    a file system or attribute namespace that refuses one is skipped)."""
    if not source or not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(source)
    except OSError:
        return
    for name in names:
        with suppress(OSError):
            os.setxattr(fd, name, os.getxattr(source, name))
