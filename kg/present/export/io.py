"""Writing output files all-or-nothing (temp file in the same folder + rename).

Only a regular file or a new path is written (:func:`output_target`): a folder,
FIFO, socket or device is an :class:`ExportError`, never replaced by a file; a
symbolic link is written through to the file it points to when that is a
regular file (the link stays), and refused otherwise (dangling, or to a FIFO, …).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from kg.core.errors import ExportError
from kg.core.safe_text import no_lone_surrogates


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_KINDS = (
    (stat.S_ISDIR, "a folder; give a file name"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    for test, what in _KINDS:
        if test(mode):
            return what
    return "not a regular file"


def output_target(path: str | os.PathLike) -> Path:
    """The file an output for ``path`` replaces: ``path`` itself when it is new or a regular file,
    the file a symbolic link points to when that is a regular file; else :class:`ExportError`.

    >>> import tempfile, pathlib
    >>> output_target(pathlib.Path(tempfile.mkdtemp()))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.core.errors.ExportError: ...: is a folder; give a file name
    """
    path = Path(path)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise ExportError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    if stat.S_ISLNK(mode):
        target = Path(os.path.realpath(path))
        try:
            mode = os.stat(target).st_mode
        except OSError:
            raise ExportError(
                f"{path}: is a symbolic link to {target}, which does not exist; "
                "outputs are written only through links to regular files"
            ) from None
        problem = _not_regular(mode)
        if problem:
            raise ExportError(
                f"{path}: is a symbolic link to {problem.split(';')[0]} ({target}); "
                "outputs are written only to regular files or new paths"
            )
        return target
    problem = _not_regular(mode)
    if problem:
        suffix = "" if stat.S_ISDIR(mode) else "; outputs are written only to regular files or new paths"
        raise ExportError(f"{path}: is {problem}{suffix}")
    return path


def atomic_write_text(path: str | os.PathLike, text: str, newline: str | None = None) -> int:
    """Write ``text`` to ``path`` via a temp file and a rename; a failure leaves no partial file.
    Return the size of the written file in bytes.

    Lone surrogates (UTF-8 cannot hold them) are written as U+FFFD. Only regular files and new
    paths are written; a link to a regular file is written through (:func:`output_target`).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> atomic_write_text(p, "hello")
    5
    >>> p.read_text(), oct(p.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    ('hello', True)
    """
    if newline is None and os.linesep != "\n":
        text = text.replace("\n", os.linesep)
    return atomic_write_bytes(path, no_lone_surrogates(text).encode("utf-8"))


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> int:
    """Write ``data`` to ``path`` via a temp file and a rename (see :func:`atomic_write_text`); return its size."""
    named = Path(path)
    path = output_target(named)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual mode
        size = os.path.getsize(tmp)
        if output_target(named) != path:  # swapped for a link or a FIFO while writing
            raise ExportError(f"{named}: changed while it was being written; nothing written")
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError(f"{path}: cannot write ({exc.strerror or exc})") from exc
        raise
    return size
