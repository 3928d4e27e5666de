"""The catalogue of named Cypher queries: the ``queries/*.cypher`` files.

Each file starts with a header of ``//`` comment lines::

    // name: methods_on_dataset
    // description: Methods used by the papers that evaluate on a dataset.
    // param: dataset: Dataset — the dataset, by name, alias or key (resolved to its key)
    // param: since: integer = null — first year counted (null: all)

A ``param`` line gives NAME: TYPE [= DEFAULT] — DESCRIPTION. TYPE is an entity
label (Method, Dataset, Task, Metric, Concept: the value is a name resolved
with name resolution to the node's ``key`` before the query runs) or one of
string, integer, float, boolean, list. DEFAULT is JSON. The query text is
portable Cypher (Neo4j 5, FalkorDB) and runs unchanged on the embedded store.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from queries.schema import ENTITY_LABELS
from queries.backend import QueryBackend
from queries.errors import NotFound, QueryError

SCALAR_TYPES = ("string", "integer", "float", "boolean", "list")
_PARAM = re.compile(r"^(\w+)\s*:\s*(\w+)\s*(?:=\s*(.+?))?\s*(?:—|\s-\s)\s*(.*)$")
_NO_DEFAULT = object()


@dataclass
class Param:
    name: str
    type: str
    description: str
    default: Any = _NO_DEFAULT

    @property
    def required(self) -> bool:
        return self.default is _NO_DEFAULT

    def describe(self) -> str:
        default = "" if self.required else f" = {json.dumps(self.default)}"
        return f"{self.name}: {self.type}{default}"


@dataclass
class NamedQuery:
    name: str
    description: str
    text: str
    path: str
    params: list[Param] = field(default_factory=list)


def parse_query_file(text: str, path: str = "<text>") -> NamedQuery:
    """Read the header and body of one ``.cypher`` file (errors name the file and line)."""
    meta: dict[str, str] = {}
    params: list[Param] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped.startswith("//"):
            if stripped:
                break
            continue
        key, sep, value = stripped[2:].strip().partition(":")
        key, value = key.strip().lower(), value.strip()
        if not sep or key not in ("name", "description", "param"):
            continue
        if key != "param":
            meta[key] = value
            continue
        m = _PARAM.match(value)
        if not m:
            raise QueryError(f"{path}:{lineno}: expected '// param: NAME: TYPE [= DEFAULT] — DESCRIPTION'")
        pname, ptype, default, desc = m.groups()
        if ptype not in ENTITY_LABELS and ptype not in SCALAR_TYPES:
            raise QueryError(f"{path}:{lineno}: unknown parameter type {ptype!r}")
        p = Param(pname, ptype, desc)
        if default is not None:
            try:
                p.default = json.loads(default)
            except ValueError:
                raise QueryError(f"{path}:{lineno}: default {default!r} is not JSON") from None
        params.append(p)
    if "name" not in meta:
        raise QueryError(f"{path}:1: missing '// name:' header")
    return NamedQuery(meta["name"], meta.get("description", ""), text, path, params)


def catalogue_dir() -> Path:
    return Path(str(resources.files("queries")))


def load_catalogue(folder: str | Path | None = None) -> dict[str, NamedQuery]:
    """All named queries in ``folder`` (default: the installed ``queries`` package), by name."""
    folder = Path(folder) if folder else catalogue_dir()
    out: dict[str, NamedQuery] = {}
    for path in sorted(folder.glob("*.cypher")):
        q = parse_query_file(path.read_text(encoding="utf-8"), str(path))
        if q.name in out:
            raise QueryError(f"{path}: query name {q.name!r} is also used by {out[q.name].path}")
        out[q.name] = q
    return out


def list_queries(folder: str | Path | None = None) -> list[dict]:
    """Rows describing the catalogue: name, description, params."""
    return [
        {"name": q.name, "description": q.description, "params": [p.describe() for p in q.params]}
        for q in load_catalogue(folder).values()
    ]


def get_query(name: str, folder: str | Path | None = None) -> NamedQuery:
    queries = load_catalogue(folder)
    if name not in queries:
        import difflib

        close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.4)
        raise NotFound(name, close, "query")
    return queries[name]


def _coerce(p: Param, value: Any) -> Any:
    if value is None:
        return None
    types: dict[str, type | tuple[type, ...]] = {"string": str, "integer": int, "float": (int, float), "boolean": bool,
                                                 "list": list}
    want = types[p.type]
    if p.type == "string" and not isinstance(value, str):
        return json.dumps(value) if isinstance(value, (list, dict)) else str(value)
    if isinstance(value, want) and not (p.type in ("integer", "float") and isinstance(value, bool)):
        return value
    raise QueryError(f"parameter {p.name} must be {'an' if p.type[0] in 'aeiou' else 'a'} {p.type}, got {value!r}")


def bind_params(backend: QueryBackend, q: NamedQuery, given: dict[str, Any]) -> dict[str, Any]:
    """Parameters for running ``q``: defaults filled, entity names resolved to keys, types checked."""
    declared = {p.name: p for p in q.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise QueryError(f"query {q.name} has no parameter {unknown[0]!r}; it takes: "
                         f"{', '.join(p.describe() for p in q.params) or 'no parameters'}")
    out: dict[str, Any] = {}
    for p in q.params:
        if p.name in given:
            value = given[p.name]
        elif not p.required:
            value = p.default
        else:
            raise QueryError(f"query {q.name} needs parameter {p.name} ({p.description})")
        if p.type in ENTITY_LABELS:
            if not isinstance(value, str):
                value = str(value)
            hit = backend.resolve(value, p.type)
            if hit is None:
                raise NotFound(value, backend.suggest(value, 5, p.type), p.type)
            value = hit["key"]
        else:
            value = _coerce(p, value)
        out[p.name] = value
    return out


def run_named(backend: QueryBackend, name: str, params: dict[str, Any] | None = None,
              folder: str | Path | None = None) -> list[dict]:
    """Run catalogue query ``name`` with ``params`` (names resolved first) on ``backend``."""
    q = get_query(name, folder)
    return backend.cypher(q.text, bind_params(backend, q, params or {}), isolated=False)
