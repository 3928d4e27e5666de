"""Printing results: rich tables by default, ``--json`` and ``--csv`` on request."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any, Iterable, Sequence

from rich.console import Console
from rich.table import Table

console = Console()
err_console = Console(stderr=True)


def to_jsonable(value: Any) -> Any:
    """Lists stay lists, sets become sorted lists, everything else via str()."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(to_jsonable(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return str(value)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(data), ensure_ascii=False, indent=2) + "\n")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, (list, tuple, set)):
        return "; ".join(_cell(v) for v in value)
    return "" if value is None else str(value)


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
        writer.writerow(columns)
        writer.writerows([_cell(r.get(c)) for c in columns] for r in rows)
        return
    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*(_cell(r.get(c)) for c in columns))
    console.print(table)


def print_counts(title: str, counts: dict[str, int], name: str = "label") -> None:
    table = Table(title=title)
    table.add_column(name)
    table.add_column("count", justify="right")
    for k, v in counts.items():
        table.add_row(k, str(v))
    console.print(table)


def fail(message: str, code: int = 1) -> "typer.Exit":
    """Print one clear error line on stderr and return an Exit to raise."""
    import typer
    from rich.text import Text

    err_console.print(Text.assemble(("error: ", "bold red"), message), highlight=False, soft_wrap=True)
    return typer.Exit(code)


def iter_lines(items: Iterable[str]) -> None:
    for item in items:
        console.print(item, highlight=False)
