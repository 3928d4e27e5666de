"""Printing results: rich tables by default, ``--json`` and ``--csv`` on request.

Data never drives the terminal or a spreadsheet: the consoles print every
string as plain text (no rich markup, no ``:emoji:`` codes) with control
characters shown as escapes (:func:`kg.core.safe_text.visible`); JSON escapes the
characters :mod:`json` leaves raw; ``--csv`` cells get OWASP's formula guard.
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from kg.core.safe_text import json_text, one_line, spreadsheet_cell, visible

if TYPE_CHECKING:
    import typer  # imported by fail() when it runs (fast start)
    from rich.console import Console


class OnDemandConsole:
    """A :class:`kg.cli.console.SafeConsole` made on first use: rich takes a tenth of a second
    to import, which ``--json`` and ``--csv`` output never need. Attribute access reaches the
    console; :meth:`get` hands it over where rich wants the object itself (a progress bar)."""

    def __init__(self, stderr: bool = False) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def get(self) -> Console:
        if self._console is None:
            from kg.cli.console import SafeConsole

            self._console = SafeConsole(stderr=self._stderr)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


console = OnDemandConsole()
err_console = OnDemandConsole(stderr=True)


def to_jsonable(value: Any) -> Any:
    """Lists stay lists, sets become sorted lists, everything else via str(); a float that is
    not a number (NaN, ±Infinity) becomes None, JSON ``null``, as JavaScript's ``JSON.stringify``
    writes it: JSON has no such numbers, and ``jq`` and ``pandas.read_json`` read ``null`` as missing.

    >>> to_jsonable({"x": float("inf"), "y": [float("nan"), 1.5]})
    {'x': None, 'y': [None, 1.5]}
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(to_jsonable(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return str(value)


def print_json(data: Any) -> None:
    """Print ``data`` as strict JSON (see :func:`to_jsonable`: NaN and ±Infinity are ``null``)."""
    sys.stdout.write(json_text(json.dumps(to_jsonable(data), ensure_ascii=False, indent=2, allow_nan=False)) + "\n")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, (list, tuple, set)):
        return "; ".join(_cell(v) for v in value)
    return "" if value is None else str(value)


def csv_cell(value: Any) -> str:
    """A ``--csv`` cell: numbers as they are, text guarded against formulas and escape sequences.

    >>> csv_cell(-1), csv_cell("-1"), csv_cell(["=a", "b"]), csv_cell("x\\x1b[2J")
    ('-1', "'-1", "'=a; b", 'x\\\\x1b[2J')
    """
    text = _cell(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return text
    return spreadsheet_cell(visible(text))


def print_rows(
    rows: Sequence[dict],
    columns: Sequence[str] | None = None,
    *,
    title: str | None = None,
    as_json: bool = False,
    as_csv: bool = False,
) -> None:
    """Print a list of row dicts as a table, JSON array or CSV."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if as_json:
        print_json([{c: r.get(c) for c in columns} for r in rows])
        return
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow([csv_cell(c) for c in columns])
        writer.writerows([csv_cell(r.get(c)) for c in columns] for r in rows)
        return
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*(_cell(r.get(c)) for c in columns))
    console.print(table)


def print_counts(title: str, counts: dict[str, int], name: str = "label") -> None:
    from rich.table import Table

    table = Table(title=title)
    table.add_column(name)
    table.add_column("count", justify="right")
    for k, v in counts.items():
        table.add_row(str(k), str(v))
    console.print(table)


def warn(message: str) -> None:
    """Print one warning line on stderr (the message shown as plain text)."""
    from rich.text import Text

    err_console.print(Text.assemble(("warning: ", "yellow"), one_line(message)), highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one clear error line on stderr and return an Exit to raise."""
    import typer
    from rich.text import Text

    err_console.print(Text.assemble(("error: ", "bold red"), one_line(message)), highlight=False, soft_wrap=True)
    return typer.Exit(code)


def with_flags(message: str, flags: dict[str, str]) -> str:
    """A library error in command-line terms: each backquoted parameter name the library
    uses (`` `min_papers` ``) becomes the command's flag (``--min-papers``); other text stays.

    >>> with_flags("`view` must be one of clusters, density (check `types`)", {"view": "--view", "types": "--type"})
    '--view must be one of clusters, density (check --type)'
    """
    return re.sub(r"`(\w+)`", lambda m: flags.get(m.group(1), m.group(0)), message)


def iter_lines(items: Iterable[str]) -> None:
    for item in items:
        console.print(item, highlight=False)


def missing_extra(exc: ImportError, command: str) -> typer.Exit:
    """The error for a command whose optional packages (the ``viz`` extra) are not installed."""
    package = (exc.name or str(exc)).split(".")[0]
    return fail(
        f"{command} needs the 'viz' extra ({package} is not installed): "
        "pip install 'paperkg[viz]', or bash scripts/install.sh"
    )
