"""Opening a store's own files without following symbolic links, and naming why a write failed.

A store folder may arrive as an archive; a link planted in it (``.lock`` →
``~/notes.txt``) must never make a store write land outside the folder. Every
control file is opened with ``O_NOFOLLOW``, and a store whose control or
database files are links is refused before anything opens them
(:func:`refuse_links`). A full disk or a read-only store is one clear error
(:func:`write_failure`), never a traceback.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from kg.core.errors import DiskFull, LinkRefused, ReadOnlyStore, StoreError

#: the files of a store folder (beside the database's own ``graph.lbug.wal``/``.shadow``)
CONTROL_FILES = (
    ".lock",
    "format",
    "graph.lbug",
    "graph.lbug.wal",
    "graph.lbug.shadow",
    "graph.json",
    "extractions.sqlite",
    "extractions.sqlite-journal",
    "extractions.sqlite-wal",
    "extractions.sqlite-shm",
    "tags.json",
    ".tags.lock",
    "search.sqlite",
)
#: errno values that mean "this place cannot be written" (permissions, read-only mount, immutable file)
READ_ONLY_ERRORS = (errno.EACCES, errno.EPERM, errno.EROFS)


def link_message(path: Path) -> str:
    return (
        f"{path}: is a symbolic link; a store's files are never followed through links "
        "(remove the link, or copy the file it points to in its place)"
    )


def refuse_link(path: str | os.PathLike) -> None:
    """Raise :class:`LinkRefused` if ``path`` is a symbolic link."""
    if os.path.islink(path):
        raise LinkRefused(link_message(Path(path)))


def refuse_links(folder: str | os.PathLike, names=CONTROL_FILES) -> None:
    """Raise :class:`LinkRefused` naming the first of ``folder``'s store files that is a link."""
    for name in names:
        refuse_link(Path(folder) / name)


def open_nofollow(path: str | os.PathLike, flags: int, mode: int = 0o644) -> int:
    """``os.open`` that never follows a link at ``path``; raises :class:`LinkRefused` for one."""
    try:
        return os.open(path, flags | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP or os.path.islink(path):
            raise LinkRefused(link_message(Path(path))) from None
        raise


def write_text_nofollow(path: str | os.PathLike, text: str) -> None:
    """Replace the content of the small file ``path`` with ``text`` (ASCII), never through a link."""
    fd = open_nofollow(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        os.write(fd, text.encode("ascii"))
    finally:
        os.close(fd)


def read_text_nofollow(path: str | os.PathLike) -> str:
    """The ASCII text of the small file ``path``, never read through a link."""
    fd = open_nofollow(path, os.O_RDONLY)
    try:
        return os.read(fd, 4096).decode("ascii")
    finally:
        os.close(fd)


def fsync_path(path: str | os.PathLike) -> None:
    """Flush a file's (or a folder's) contents to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (``OSError``, ``sqlite3.Error``, a LadybugDB ``RuntimeError``) says the disk is full."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc).lower()
    return any(w in text for w in ("database or disk is full", "no space left on device", "disk quota exceeded"))


def is_read_only(exc: BaseException) -> bool:
    """Whether ``exc`` says a place cannot be written (permissions, read-only file system)."""
    if isinstance(exc, OSError) and exc.errno in READ_ONLY_ERRORS:
        return True
    text = str(exc).lower()
    return any(w in text for w in ("read-only file system", "permission denied", "operation not permitted"))


def write_failure(exc: BaseException, path: str | os.PathLike, what: str = "the store") -> StoreError:
    """The one-line error for a failed write of ``path``: disk full and read-only are named as such."""
    if isinstance(exc, (LinkRefused, DiskFull, ReadOnlyStore)):
        return exc
    if is_disk_full(exc):
        return DiskFull(
            f"disk full while writing {path}; nothing was changed in {what} (free some space and run it again)"
        )
    if is_read_only(exc):
        return ReadOnlyStore(f"{path}: cannot write ({_reason(exc)}); {what} is read-only, so nothing was changed")
    return StoreError(f"{path}: cannot write ({_reason(exc)})")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
