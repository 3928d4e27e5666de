"""CSV and TSV files with a header row (read with the csv module)."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from kg.readers.fields import has_field
from kg.readers.report import Problem, Record, Skip
from kg.readers.textio import LineReader


def read_table(lines: LineReader, delimiter: str) -> Iterator[Record | Skip | Problem]:
    """One record per data row, located at the row's first physical line."""
    texts = (text for _, text in lines)
    reader = csv.reader(texts, delimiter=delimiter)
    header: list[str] | None = None
    end = 0  # physical line where the previous row ended
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield Skip(lines.source(end + 1), "malformed CSV row", str(err))
            end = reader.line_num
            continue
        start, end = end + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip() for cell in row]
            missing = [name for name in ("title", "abstract") if not has_field(header, name)]
            if missing:
                yield Problem(lines.source(start), f"header has no {' or '.join(missing)} column "
                                                   f"(found: {', '.join(header)[:200]}); file skipped")
                return
            continue
        while len(row) > len(header) and not row[-1].strip():
            row.pop()  # trailing empty cells, as spreadsheets write them
        if len(row) != len(header):
            yield Skip(lines.source(start), "wrong column count",
                       f"expected {len(header)} columns, found {len(row)}")
            continue
        yield Record(lines.source(start), dict(zip(header, row)))
