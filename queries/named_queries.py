"""The catalogue of named Cypher queries: the ``queries/*.cypher`` files.

Each file starts with a header of ``//`` comment lines::

    // name: methods_on_dataset
    // description: Methods used by the papers that evaluate on a dataset.
    // param: dataset: Dataset — the dataset, by name, alias or key (resolved to its key)
    // param: since: integer = null — first year counted (null: all)

A ``param`` line gives NAME: TYPE [= DEFAULT] — DESCRIPTION. TYPE is an entity
label (Method, Dataset, Task, Metric, Concept: the value is a name resolved
with name resolution to the node's ``key`` before the query runs) or one of
string, integer, float, boolean, list, or ``any`` (the value as given). DEFAULT is JSON.
The query text is portable Cypher (Neo4j 5, FalkorDB) and runs unchanged on the
embedded store.

Besides the built-in catalogue, a user keeps queries in folders of their own
(:func:`user_query_dirs`: ``$KG_QUERIES``, else ``./queries/`` in the working
directory and ``queries/`` beside the store); a user query with a built-in
name shadows it (``--list`` marks it). :func:`save_query` writes one.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from queries.backend import QueryBackend
from queries.errors import NotFound, QueryError
from queries.schema import ENTITY_LABELS

SCALAR_TYPES = ("string", "integer", "float", "boolean", "list", "any")
#: where a query's source is shown: the installed catalogue
BUILT_IN = "built-in"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_PARAM_USE = re.compile(r"\$([A-Za-z_]\w*)")
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
    #: ``"built-in"`` or the user folder it came from
    source: str = BUILT_IN
    #: a user query that hides the built-in query of the same name
    shadows: bool = False


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


def user_query_dirs(store_path: str | os.PathLike | None = None) -> list[Path]:
    """The folders of the user's own queries, first wins: ``$KG_QUERIES`` (several separated by
    ``os.pathsep``) when set, else ``./queries`` in the working directory and ``queries/`` beside
    the store folder ``store_path``. Folders that do not exist and the built-in catalogue are left out."""
    env = os.environ.get("KG_QUERIES")
    if env:
        candidates = [Path(p) for p in env.split(os.pathsep) if p]
    else:
        candidates = [Path("queries")] + ([Path(os.path.abspath(store_path)).parent / "queries"] if store_path else [])
    out: list[Path] = []
    seen = {catalogue_dir().resolve()}
    for folder in candidates:
        real = folder.resolve()
        if real not in seen and folder.is_dir():
            seen.add(real)
            out.append(folder)
    return out


def load_all(user_dirs: Sequence[str | os.PathLike] = ()) -> tuple[dict[str, NamedQuery], list[str]]:
    """The built-in catalogue and the user's queries in ``user_dirs`` (see :func:`user_query_dirs`),
    by name, and one line per user file that could not be read (the others still load). A user
    query shadows a built-in one of the same name; between user folders the first wins."""
    out = load_catalogue()
    problems: list[str] = []
    users: dict[str, NamedQuery] = {}
    for folder in user_dirs:
        for path in sorted(Path(folder).glob("*.cypher")):
            try:
                q = parse_query_file(path.read_text(encoding="utf-8"), str(path))
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(f"{path}: cannot read ({exc.__class__.__name__}); skipped")
                continue
            except QueryError as exc:
                problems.append(f"{exc}; skipped")
                continue
            if q.name in users:
                problems.append(f"{path}: query name {q.name!r} is also used by {users[q.name].path}; skipped")
                continue
            q.source, q.shadows = str(folder), q.name in out
            users[q.name] = q
    out.update(users)
    return dict(sorted(out.items())), problems


def list_queries(folder: str | Path | None = None, user_dirs: Sequence[str | os.PathLike] = ()) -> list[dict]:
    """Rows describing the catalogue: name, description, params, source (``built-in`` or the user
    folder, ``(shadows built-in)`` added when it hides a built-in query)."""
    queries = load_catalogue(folder) if folder else load_all(user_dirs)[0]
    return [
        {
            "name": q.name,
            "description": q.description,
            "params": [p.describe() for p in q.params],
            "source": q.source + (" (shadows built-in)" if q.shadows else ""),
        }
        for q in queries.values()
    ]


def get_query(name: str, folder: str | Path | None = None, user_dirs: Sequence[str | os.PathLike] = ()) -> NamedQuery:
    queries = load_catalogue(folder) if folder else load_all(user_dirs)[0]
    if name not in queries:
        import difflib

        close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.4)
        raise NotFound(name, close, "query")
    return queries[name]


def query_file_text(name: str, text: str, description: str = "") -> str:
    """A ``.cypher`` file for ``text``: the header (``name``, ``description``, one ``any`` parameter per
    ``$name`` the query uses) and the query.

    >>> print(query_file_text("recent", "MATCH (p:Paper) WHERE p.year >= $y RETURN p.title LIMIT $n"))
    // name: recent
    // description: (a saved query)
    // param: y: any — the value of $y, as given
    // param: n: any — the value of $n, as given
    MATCH (p:Paper) WHERE p.year >= $y RETURN p.title LIMIT $n
    <BLANKLINE>
    """
    from queries.dialect import _SKIP

    params = list(dict.fromkeys(_PARAM_USE.findall(_SKIP.sub(" ", text))))
    lines = [f"// name: {name}", f"// description: {' '.join(description.split()) or '(a saved query)'}"]
    lines += [f"// param: {p}: any — the value of ${p}, as given" for p in params]
    return "\n".join(lines) + "\n" + text.strip() + "\n"


def save_query(name: str, text: str, folder: str | os.PathLike, description: str = "", force: bool = False) -> Path:
    """Write ``text`` as the user query ``name`` into ``folder`` (created if missing) and return the file.

    The query must be read-only (the guard of `kg cypher`); a name already in use (a user file,
    or a built-in query it would shadow) needs ``force``. The file is written whole or not at all."""
    from queries.dialect import shape_problem, write_clause

    if not _NAME.match(name or ""):
        raise QueryError(f"query name {name!r}: use letters, digits and _ (not starting with a digit), at most 64")
    if not text or not text.strip():
        raise QueryError("the query to save is empty")
    problem = shape_problem(text)
    if problem:
        raise QueryError(problem)
    clause = write_clause(text)
    if clause:
        raise QueryError(f"{clause} is a write clause; only read-only queries can be saved")
    folder = Path(folder)
    if folder.resolve() == catalogue_dir().resolve():
        raise QueryError(f"{folder} is the installed catalogue; save into a folder of your own (set KG_QUERIES)")
    target = folder / f"{name}.cypher"
    if not force:
        if target.exists():
            raise QueryError(f"{target} exists; give `force` to replace it")
        if name in load_catalogue():
            raise QueryError(f"{name!r} is a built-in query; give `force` to shadow it with yours")
    body = query_file_text(name, text, description)
    parse_query_file(body, str(target))  # the header reads back
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _coerce(p: Param, value: Any) -> Any:
    if value is None:
        return None
    if p.type == "any":
        return value
    types: dict[str, type | tuple[type, ...]] = {
        "string": str,
        "integer": int,
        "float": (int, float),
        "boolean": bool,
        "list": list,
    }
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
        raise QueryError(
            f"query {q.name} has no parameter {unknown[0]!r}; it takes: "
            f"{', '.join(p.describe() for p in q.params) or 'no parameters'}"
        )
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


def run_named(
    backend: QueryBackend,
    name: str,
    params: dict[str, Any] | None = None,
    folder: str | Path | None = None,
    user_dirs: Sequence[str | os.PathLike] = (),
) -> list[dict]:
    """Run catalogue query ``name`` (a user query in ``user_dirs`` first) with ``params``
    (names resolved first) on ``backend``."""
    q = get_query(name, folder, user_dirs)  # a user's query runs like `kg cypher`, apart from this process
    return backend.cypher(q.text, bind_params(backend, q, params or {}), isolated=q.source != BUILT_IN)
