"""Numbered text lines from a file: encoding detected, every line ending read.

Encodings: UTF-8 (with or without BOM), UTF-16 LE/BE (with BOM, or without
one when every other byte is NUL), else Windows-1252 when the start of the
file is not UTF-8 at all. Lines end at LF, CRLF or a lone CR (old Mac
exports). Bytes that do not decode become U+FFFD and are reported with their
line; a line longer than :data:`MAX_LINE_CHARS` is reported and skipped
without holding it in memory. A whole document (:meth:`LineReader.text`: JSON,
BibTeX) has no line cap, only an overall one (:data:`MAX_DOCUMENT_BYTES`), so
a minified JSON array of any usual size is read.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from kg.readers.report import Problem

HEAD_BYTES = 64 * 1024
MAX_DECODE_REPORTS = 10  # per file; more bad lines are counted in one last problem
MAX_LINE_CHARS = 20_000_000
#: the largest file read as one document (a JSON parse holds several times its size in memory)
MAX_DOCUMENT_BYTES = 256 * 2**20
_MARK = "\ufdd0"  # a noncharacter standing in for undecodable bytes until reported
# a decode error handler gets a UnicodeDecodeError (typeshed types it as the UnicodeError base, without .end)
codecs.register_error("kg-mark", lambda err: (_MARK, err.end))  # type: ignore[attr-defined]
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def check_regular_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file (a FIFO, a device, a socket), or None."""
    mode = os.stat(path).st_mode
    if stat.S_ISREG(mode):
        return None
    kind = (
        "named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "socket"
        if stat.S_ISSOCK(mode)
        else "special file"
    )
    return f"not a regular file ({kind}); refused"


def sniff_encoding(head: bytes, truncated: bool = False) -> str:
    r"""The encoding of a file from its first bytes (``truncated``: the file goes on,
    so a multi-byte character may be cut at the end).

    >>> sniff_encoding(b"\xef\xbb\xbftitle"), sniff_encoding("tí".encode("utf-16")), sniff_encoding(b"caf\xe9")
    ('utf-8-sig', 'utf-16', 'cp1252')
    >>> sniff_encoding("caf\xe9 ok".encode()), sniff_encoding(b"t\x00i\x00t\x00l\x00e\x00")
    ('utf-8', 'utf-16-le')
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    if len(sample) >= 8:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        cut = truncated and err.start >= len(head) - 4 and err.reason == "unexpected end of data"
        if not cut and not _UTF8_MULTIBYTE.search(head):
            return "cp1252"
    return "utf-8"


def read_head(path: Path) -> tuple[str, str]:
    """``(encoding, decoded first bytes)`` of a file, BOM removed."""
    with open(path, "rb") as fh:
        raw = fh.read(HEAD_BYTES)
    encoding = sniff_encoding(raw, truncated=len(raw) == HEAD_BYTES)
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(raw)
    return encoding, text.removeprefix("\ufeff")


ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp1252": "Windows-1252",
}


class LineReader:
    """Iterate ``(line_number, text)`` over a file, keeping line endings.

    Problems (undecodable bytes, over-long lines, the encoding when it is not
    UTF-8) collect in ``self.problems`` for the caller to drain.
    """

    def __init__(self, path: Path, name: str, encoding: str | None = None) -> None:
        self.path = path
        self.name = name
        self.encoding = encoding or read_head(path)[0]
        self.problems: list[Problem] = []
        self._bad_lines = 0
        if self.encoding == "cp1252":
            self.problems.append(Problem(name, "not UTF-8 or UTF-16; read as Windows-1252"))

    def source(self, line: int) -> str:
        return f"{self.name}:{line}"

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return self._lines(MAX_LINE_CHARS)

    def _lines(self, cap: int) -> Iterator[tuple[int, str]]:
        """Numbered lines, each at most ``cap`` characters (-1: no cap)."""
        with open(self.path, "rb") as raw:
            fh = io.TextIOWrapper(raw, encoding=self.encoding, errors="kg-mark", newline="")
            number = 0
            while line := fh.readline(cap):
                number += 1
                if cap > 0 and len(line) >= cap and not line.endswith(("\n", "\r")):
                    while (more := fh.readline(MAX_LINE_CHARS)) and not more.endswith(("\n", "\r")):
                        pass
                    self.problems.append(
                        Problem(self.source(number), f"line longer than {MAX_LINE_CHARS:,} characters; skipped")
                    )
                    line = "\n"
                if number == 1:
                    line = line.removeprefix("\ufeff")
                if _MARK in line:
                    self._report_bad_bytes(number, line.index(_MARK) + 1)
                    line = line.replace(_MARK, "\ufffd")
                yield number, line

    def text(self) -> str | None:
        """The whole file as one string, every line ending made ``\\n`` (so line N of
        the string is line N of the file), lines of any length; None, with a problem,
        when the file is larger than :data:`MAX_DOCUMENT_BYTES`."""
        size = os.stat(self.path).st_size
        if size > MAX_DOCUMENT_BYTES:
            self.problems.append(
                Problem(
                    self.name,
                    f"file of {size / 2**20:,.1f} MB is larger than the "
                    f"{MAX_DOCUMENT_BYTES / 2**20:,.1f} MB read as one document; "
                    "split it or convert it to JSON Lines; file skipped",
                )
            )
            return None
        return "".join(line.rstrip("\r\n") + "\n" for _, line in self._lines(-1))

    def _report_bad_bytes(self, line: int, column: int) -> None:
        self._bad_lines += 1
        if self._bad_lines <= MAX_DECODE_REPORTS:
            self.problems.append(
                Problem(
                    self.source(line),
                    f"invalid {ENCODING_NAMES[self.encoding]} at character {column}, replaced with U+FFFD",
                )
            )
        elif self._bad_lines == MAX_DECODE_REPORTS + 1:
            self.problems.append(
                Problem(
                    self.source(line),
                    f"more lines with invalid {ENCODING_NAMES[self.encoding]}; not reported one by one",
                )
            )
