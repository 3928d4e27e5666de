"""JSON Lines (one object per line) and JSON (an array, or an object holding one)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from kg.readers.report import Problem, Record, Skip
from kg.readers.textio import LineReader

LIST_KEYS = ("papers", "records", "data", "items", "results", "entries", "rows")


def read_jsonl(lines: LineReader) -> Iterator[Record | Skip]:
    """One record per non-blank line; a bad line is skipped, the rest go on."""
    for number, line in lines:
        if not line.strip():
            continue
        source = lines.source(number)
        try:
            obj = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as err:
            yield Skip(source, "malformed JSON", f"{err.msg} at column {err.colno}")
            continue
        except RecursionError:
            yield Skip(source, "malformed JSON", "nested too deeply")
            continue
        if isinstance(obj, dict):
            yield Record(source, obj)
        else:
            yield Skip(source, "not a JSON object", f"found {type(obj).__name__}")


def read_json(lines: LineReader) -> Iterator[Record | Skip | Problem]:
    """Records of a JSON document; each is located as ``file:record N``."""
    text = "".join(line for _, line in lines)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        yield Problem(lines.source(err.lineno), f"malformed JSON: {err.msg} at column {err.colno}; file skipped")
        return
    except RecursionError:
        yield Problem(lines.name, "malformed JSON: nested too deeply; file skipped")
        return
    items = records_in(data)
    if items is None:
        yield Problem(lines.name, "no list of records found (expected an array of objects, "
                                  f"or an object with a list under one of: {', '.join(LIST_KEYS)})")
        return
    for number, obj in enumerate(items, 1):
        source = f"{lines.name}:record {number}"
        if isinstance(obj, dict):
            yield Record(source, obj)
        else:
            yield Skip(source, "not a JSON object", f"found {type(obj).__name__}")


def records_in(data) -> list | None:
    """The list of records in a JSON document, or None.

    >>> records_in([{"title": "a"}]), records_in({"Papers": [1]}), records_in({"title": "a"})
    ([{'title': 'a'}], [1], [{'title': 'a'}])
    >>> records_in({"meta": {}, "hits": [{"title": "a"}]}), records_in(3)
    ([{'title': 'a'}], None)
    """
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return None
    lowered = {str(k).lower(): v for k, v in data.items()}
    for key in LIST_KEYS:
        if isinstance(lowered.get(key), list):
            return lowered[key]
    if "title" in lowered:
        return [data]
    lists = [v for v in data.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
    return lists[0] if len(lists) == 1 else None
