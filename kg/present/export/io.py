"""Writing output files all-or-nothing (temp file in the same folder + rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kg.core.safe_text import no_lone_surrogates
from kg.core.errors import ExportError  # noqa: F401  (kg.present.export's error)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: str | os.PathLike, text: str, newline: str | None = None) -> int:
    """Write ``text`` to ``path`` via a temp file and a rename; a failure leaves no partial file.
    Return the size of the written file in bytes.

    Lone surrogates (UTF-8 cannot hold them) are written as U+FFFD.

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
    path = Path(path)
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
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError(f"{path}: cannot write ({exc.strerror or exc})") from exc
        raise
    return size
