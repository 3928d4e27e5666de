"""JSON Lines (one object per line) and JSON (an array, or an object holding one).

Records of known services (OpenAlex, Semantic Scholar, the arXiv snapshot,
CSL-JSON) are mapped by :mod:`kg.readers.json_profiles`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from kg.readers.json_profiles import to_fields
from kg.readers.report import Problem, Record, Skip
from kg.readers.textio import LineReader

LIST_KEYS = ("papers", "records", "data", "items", "results", "entries", "rows")


def read_jsonl(lines: LineReader) -> Iterator[Record | Skip]:
    """One record per non-blank line; a bad line is skipped, the rest go on."""
    for number, line in lines:
        if not line.strip():
            continue
        obj, error, _ = parse_json(line.rstrip("\r\n"))
        if error:
            yield Skip(lines.source(number), "malformed JSON", error)
        else:
            yield _record(lines.source(number), obj)


def read_json(lines: LineReader) -> Iterator[Record | Skip | Problem]:
    """Records of a JSON document; each is located as ``file:record N``."""
    text = lines.text()
    if text is None:  # too large to read whole (reported by the reader)
        return
    data, error, line = parse_json(text)
    if error:
        yield Problem(lines.source(line) if line else lines.name, f"malformed JSON: {error}; file skipped")
        return
    items = records_in(data)
    if items is None:
        yield Problem(
            lines.name,
            "no list of records found (expected an array of objects, "
            f"or an object with a list under one of: {', '.join(LIST_KEYS)})",
        )
        return
    for number, obj in enumerate(items, 1):
        yield _record(f"{lines.name}:record {number}", obj)


def _record(source: str, obj) -> Record | Skip:
    if not isinstance(obj, dict):
        return Skip(source, "not a JSON object", f"found {type(obj).__name__}")
    huge = _huge_number(obj)
    if huge:
        return Skip(source, "number too long", f"{huge.digits:,} digits")
    return Record(source, to_fields(obj))


class HugeNumber:
    """Stands in for an integer too long to convert (over :data:`MAX_INT_DIGITS` digits)."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


MAX_INT_DIGITS = 1000


def _parse_int(text: str):
    return int(text) if len(text) <= MAX_INT_DIGITS else HugeNumber(len(text.lstrip("-")))


def _huge_number(obj) -> HugeNumber | None:
    """The first HugeNumber anywhere inside ``obj`` (walked without recursion)."""
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, HugeNumber):
            return item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def parse_json(text: str):
    """``(value, None, 0)`` or ``(None, why not, line or 0)``. Deep nesting is an
    error, not an exception; an integer over 1,000 digits becomes a
    :class:`HugeNumber`, so only the record holding it is skipped.

    >>> parse_json('{"a": 1}'), parse_json('{"a": ' + '9' * 5000 + '}')[0]["a"].digits
    (({'a': 1}, None, 0), 5000)
    """
    try:
        return json.loads(text, parse_int=_parse_int), None, 0
    except json.JSONDecodeError as err:
        return None, f"{err.msg} at column {err.colno}", err.lineno
    except ValueError:
        return None, "number too long", 0
    except RecursionError:
        return None, "nested too deeply", 0


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
