"""Numbered text lines from a file, decoded as UTF-8 with bad bytes replaced."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.readers.report import Problem

MAX_DECODE_REPORTS = 10  # per file; more bad lines are counted in one last problem


class LineReader:
    """Iterate ``(line_number, text)`` over a file, keeping line endings.

    Lines are read in binary and decoded one by one, so a huge line costs
    linear time and a bad byte is reported with its line number (the line is
    kept, with U+FFFD in place of the bad bytes). Problems collect in
    ``self.problems`` for the caller to drain.
    """

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        self.problems: list[Problem] = []
        self._bad_lines = 0

    def source(self, line: int) -> str:
        return f"{self.name}:{line}"

    def __iter__(self) -> Iterator[tuple[int, str]]:
        with open(self.path, "rb") as fh:
            for number, raw in enumerate(fh, 1):
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as err:
                    text = raw.decode("utf-8", errors="replace")
                    self._report_bad_bytes(number, err.start + 1)
                if number == 1:
                    text = text.removeprefix("\ufeff")
                yield number, text

    def _report_bad_bytes(self, line: int, byte: int) -> None:
        self._bad_lines += 1
        if self._bad_lines <= MAX_DECODE_REPORTS:
            self.problems.append(
                Problem(self.source(line), f"invalid UTF-8 at byte {byte}, replaced with U+FFFD")
            )
        elif self._bad_lines == MAX_DECODE_REPORTS + 1:
            self.problems.append(
                Problem(self.source(line), "more lines with invalid UTF-8; not reported one by one")
            )
