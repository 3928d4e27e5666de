"""One writer at a time: an advisory lock file (``flock``) beside the data it guards.

The operating system releases the lock when the holding process ends, however
it ends (``kill -9`` included), so a crashed writer never blocks the next one.
The lock is re-entrant within one process: ``kg build`` holds it for the whole
read–extract–write cycle and the store's own write takes it again.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.store.base import StoreError
from kg.store.files import LinkRefused, open_nofollow, read_text_nofollow, write_failure

#: seconds a writer waits for another one before giving up (``KG_LOCK_TIMEOUT``)
DEFAULT_WAIT = 600.0
_POLL = 0.2


def lock_timeout() -> float:
    """``$KG_LOCK_TIMEOUT`` seconds, else :data:`DEFAULT_WAIT`."""
    try:
        return float(os.environ.get("KG_LOCK_TIMEOUT", DEFAULT_WAIT))
    except ValueError:
        return DEFAULT_WAIT


class WriterLock:
    """An exclusive lock on ``path`` (created if missing), re-entrant within this process."""

    def __init__(self, path: str | os.PathLike, what: str):
        self.path = Path(path)
        self.what = what
        self._fd: int | None = None
        self._depth = 0

    def _holder(self) -> str:
        try:
            pid = read_text_nofollow(self.path).strip()
        except (OSError, ValueError, LinkRefused):
            return ""
        return f" (process {pid})" if pid.isdigit() else ""

    def fileno(self) -> int:
        """The descriptor of the held lock (a child given it shares the lock: ``flock`` is per open file)."""
        if self._fd is None:
            raise StoreError(f"{self.what}: the writer lock is not held")
        return self._fd

    @contextmanager
    def hold(self, wait: float | None = None, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold the lock inside the block; wait up to ``wait`` seconds (default
        :func:`lock_timeout`) for another holder, telling ``on_wait`` once, then
        raise :class:`StoreError`."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = open_nofollow(self.path, os.O_RDWR | os.O_CREAT, 0o644)  # a planted link is refused
        except OSError as exc:
            raise write_failure(exc, self.path, self.what) from None
        try:
            self._acquire(fd, lock_timeout() if wait is None else wait, on_wait)
        except BaseException:
            os.close(fd)
            raise
        try:  # the holder's pid, for the waiting message only: a full disk does not stop the lock
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode("ascii"))
        except OSError:
            pass
        self._fd, self._depth = fd, 1
        try:
            yield
        finally:
            self._depth = 0
            self._fd = None
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _acquire(self, fd: int, wait: float, on_wait: Callable[[str], None] | None) -> None:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                pass
            holder = self._holder()
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"{self.what} is being written by another process{holder}; gave up after waiting {wait:g} s"
                )
            if not told and on_wait is not None:
                on_wait(f"{self.what} is being written by another process{holder}; waiting for it to finish…")
                told = True
            time.sleep(_POLL)
