"""Evaluate parsed Cypher expressions and projections (WITH / RETURN) in Python.

Semantics follow Neo4j: three-valued logic with null, grouping by the
non-aggregate items of a projection, ``count``/``collect``/``sum``/``avg``/
``min``/``max`` with optional DISTINCT, ORDER BY over columns, aliases or
aggregates, nulls sorting last ascending and first descending.
"""

from __future__ import annotations

import copy
import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable, Iterable

from queries.cypher_parse import AGGREGATES, Projection
from queries.errors import CypherError


class Node:
    """A matched node: its id and the stored attribute dict (read, never written)."""

    __slots__ = ("id", "data")

    def __init__(self, nid: str, data: dict):
        self.id = nid
        self.data = data

    def __eq__(self, other):
        return isinstance(other, Node) and other.id == self.id

    def __hash__(self):
        return hash(("node", self.id))


class Rel:
    """A matched relationship: its attribute dict; equal only to itself."""

    __slots__ = ("data",)

    def __init__(self, data: dict):
        self.data = data

    def __eq__(self, other):
        return isinstance(other, Rel) and other.data is self.data

    def __hash__(self):
        return id(self.data)


HIDDEN = "__labels__"


def output(value: Any) -> Any:
    """A JSON-able deep copy of a result value: nodes and relationships become property dicts."""
    if isinstance(value, Node):
        return {k: copy.deepcopy(v) for k, v in value.data.items() if k != HIDDEN}
    if isinstance(value, Rel):
        return {k: copy.deepcopy(v) for k, v in value.data.items() if k != HIDDEN}
    if isinstance(value, (list, tuple)):
        return [output(v) for v in value]
    if isinstance(value, dict):
        return {k: output(v) for k, v in value.items()}
    return value


# -- comparison, ordering, hashing --------------------------------------------

def _num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def equal(a, b):
    """Cypher ``=``: None when either side is null."""
    if a is None or b is None:
        return None
    if _num(a) and _num(b):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return False
        results = [equal(x, y) for x, y in zip(a, b)]
        if False in results:
            return False
        return None if None in results else True
    if type(a) is not type(b) and not (isinstance(a, dict) and isinstance(b, dict)):
        return False
    return a == b


def compare(op: str, a, b):
    if op == "=":
        return equal(a, b)
    if op == "<>":
        eq = equal(a, b)
        return None if eq is None else not eq
    if a is None or b is None:
        return None
    if not ((_num(a) and _num(b)) or (isinstance(a, str) and isinstance(b, str)) or (isinstance(a, bool) and isinstance(b, bool))):
        return None
    return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


def order_key(v) -> tuple:
    """Neo4j's ascending order across types: map, node, relationship, list, string, boolean, number, null."""
    if v is None:
        return (9,)
    if isinstance(v, bool):
        return (5, v)
    if _num(v):
        return (6, v)
    if isinstance(v, str):
        return (4, v)
    if isinstance(v, (list, tuple)):
        return (3, tuple(order_key(x) for x in v))
    if isinstance(v, Node):
        return (1, v.id)
    if isinstance(v, Rel):
        return (2, tuple(sorted((k, repr(x)) for k, x in v.data.items() if k != HIDDEN)))
    if isinstance(v, dict):
        return (0, tuple(sorted((k, order_key(x)) for k, x in v.items())))
    return (8, repr(v))


def hashable(v):
    """A hashable stand-in with Cypher equality, for DISTINCT and grouping."""
    if isinstance(v, (list, tuple)):
        return ("list", tuple(hashable(x) for x in v))
    if isinstance(v, dict):
        return ("map", tuple(sorted((k, hashable(x)) for k, x in v.items())))
    if isinstance(v, bool):
        return ("bool", v)
    return v


def sort_rows(rows: list, keys: list[tuple[Callable[[Any], Any], bool]]) -> list:
    """Stable multi-key sort; each key is (function of a row, descending)."""
    for fn, desc in reversed(keys):
        rows.sort(key=lambda r: order_key(fn(r)), reverse=desc)
    return rows


# -- scalar functions ----------------------------------------------------------

def _s(fn):
    """Wrap a one-string function: null in, null out; a clear error for other types."""

    def run(name, args):
        v = args[0]
        if v is None:
            return None
        if not isinstance(v, str):
            raise CypherError(f"{name}() expects a string, got {_type(v)}")
        return fn(v, *args[1:])

    return run


def _type(v) -> str:
    if isinstance(v, Node):
        return "a node"
    if isinstance(v, Rel):
        return "a relationship"
    return {bool: "a boolean", int: "an integer", float: "a float", str: "a string", list: "a list", dict: "a map"}.get(type(v), type(v).__name__)


def _size(name, args):
    v = args[0]
    if v is None:
        return None
    if isinstance(v, (str, list)):
        return len(v)
    raise CypherError(f"size() expects a string or a list, got {_type(v)}")


def _to_string(name, args):
    v = args[0]
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if _num(v):
        return str(v)
    raise CypherError(f"toString() cannot convert {_type(v)}")


def _to_integer(name, args):
    v = args[0]
    if v is None:
        return None
    if isinstance(v, bool):
        return int(v)
    if _num(v):
        return int(v)
    if isinstance(v, str):
        try:
            return int(float(v)) if any(c in v for c in ".eE") else int(v)
        except ValueError:
            return None
    raise CypherError(f"toInteger() cannot convert {_type(v)}")


def _to_float(name, args):
    v = args[0]
    if v is None:
        return None
    if _num(v):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            return None
    raise CypherError(f"toFloat() cannot convert {_type(v)}")


def _to_boolean(name, args):
    v = args[0]
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, str):
        return {"true": True, "false": False}.get(v.strip().lower())
    raise CypherError(f"toBoolean() cannot convert {_type(v)}")


def _numeric(fn):
    def run(name, args):
        if any(a is None for a in args):
            return None
        if not all(_num(a) for a in args):
            raise CypherError(f"{name}() expects numbers")
        return fn(*args)

    return run


def _round(x, precision=0):
    q = Decimal(1).scaleb(-int(precision))
    return float(Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP))


def _list_fn(fn):
    def run(name, args):
        v = args[0]
        if v is None:
            return None
        if not isinstance(v, list):
            raise CypherError(f"{name}() expects a list, got {_type(v)}")
        return fn(v)

    return run


def _labels(name, args):
    v = args[0]
    if v is None:
        return None
    if not isinstance(v, Node):
        raise CypherError(f"labels() expects a node, got {_type(v)}")
    return [v.data["label"]] if v.data.get("label") else []


def _type_fn(name, args):
    v = args[0]
    if v is None:
        return None
    if not isinstance(v, Rel):
        raise CypherError(f"type() expects a relationship, got {_type(v)}")
    return v.data.get("type")


def _keys(name, args):
    v = args[0]
    if v is None:
        return None
    if isinstance(v, (Node, Rel)):
        return sorted(k for k in v.data if k != HIDDEN)
    if isinstance(v, dict):
        return list(v)
    raise CypherError(f"keys() expects a node, relationship or map, got {_type(v)}")


def _properties(name, args):
    v = args[0]
    if v is None:
        return None
    if isinstance(v, (Node, Rel, dict)):
        return output(v)
    raise CypherError(f"properties() expects a node, relationship or map, got {_type(v)}")


def _substring(s, start, length=None):
    return s[start:] if length is None else s[start : start + length]


def _range(name, args):
    if not all(isinstance(a, int) and not isinstance(a, bool) for a in args):
        raise CypherError("range() expects integers")
    start, end, *step = args
    step = step[0] if step else 1
    if step == 0:
        raise CypherError("range() step must not be 0")
    return list(range(start, end + (1 if step > 0 else -1), step))


def _reverse(name, args):
    v = args[0]
    if v is None:
        return None
    if isinstance(v, (str, list)):
        return v[::-1]
    raise CypherError(f"reverse() expects a string or a list, got {_type(v)}")


SCALAR_FUNCTIONS: dict[str, Callable[[str, list], Any]] = {
    "tolower": _s(str.lower),
    "toupper": _s(str.upper),
    "trim": _s(str.strip),
    "ltrim": _s(str.lstrip),
    "rtrim": _s(str.rstrip),
    "size": _size,
    "coalesce": lambda name, args: next((a for a in args if a is not None), None),
    "type": _type_fn,
    "labels": _labels,
    "keys": _keys,
    "properties": _properties,
    "tostring": _to_string,
    "tointeger": _to_integer,
    "tofloat": _to_float,
    "toboolean": _to_boolean,
    "round": _numeric(_round),
    "abs": _numeric(abs),
    "ceil": _numeric(lambda x: float(math.ceil(x))),
    "floor": _numeric(lambda x: float(math.floor(x))),
    "sqrt": _numeric(lambda x: math.sqrt(x) if x >= 0 else float("nan")),
    "head": _list_fn(lambda v: v[0] if v else None),
    "last": _list_fn(lambda v: v[-1] if v else None),
    "tail": _list_fn(lambda v: v[1:]),
    "substring": _s(_substring),
    "left": _s(lambda s, n: s[:n]),
    "right": _s(lambda s, n: s[-n:] if n else ""),
    "split": _s(lambda s, d: s.split(d) if d else list(s)),
    "replace": _s(lambda s, a, b: s.replace(a, b)),
    "reverse": _reverse,
    "range": _range,
}

_DISPLAY = {"tolower": "toLower", "toupper": "toUpper", "tostring": "toString", "tointeger": "toInteger",
            "tofloat": "toFloat", "toboolean": "toBoolean"}


def display(name: str) -> str:
    """A function's name as Cypher spells it, for messages."""
    return _DISPLAY.get(name, name)


_ARITY = {"coalesce": (1, 99), "round": (1, 2), "substring": (2, 3), "left": (2, 2), "right": (2, 2),
          "split": (2, 2), "replace": (3, 3), "range": (2, 3)}


def check_arity(expr: tuple) -> None:
    """Raise for a scalar function called with the wrong number of arguments (anywhere in ``expr``)."""
    for node in walk(expr):
        if node[0] == "call" and node[1] in SCALAR_FUNCTIONS:
            lo, hi = _ARITY.get(node[1], (1, 1))
            if not lo <= len(node[3]) <= hi:
                want = str(lo) if lo == hi else f"{lo} to {hi}"
                raise CypherError(f"{display(node[1])}() takes {want} argument(s), got {len(node[3])}")


def walk(expr: tuple) -> Iterable[tuple]:
    """Every sub-expression of ``expr`` (pre-order)."""
    yield expr
    for part in expr[1:]:
        if isinstance(part, tuple) and part and isinstance(part[0], str):
            yield from walk(part)
        elif isinstance(part, (tuple, list)):
            for p in part:
                if isinstance(p, tuple) and p and isinstance(p[0], str):
                    yield from walk(p)
                elif isinstance(p, tuple) and len(p) == 2 and isinstance(p[1], tuple):  # map entry
                    yield from walk(p[1])


def has_aggregate(expr: tuple) -> bool:
    return any(n[0] == "call" and n[1] in AGGREGATES for n in walk(expr))


def free_vars(expr: tuple) -> set[str]:
    return {n[1] for n in walk(expr) if n[0] == "var"}


# -- expression evaluation -----------------------------------------------------

def _truth(v, what: str):
    if v is None or isinstance(v, bool):
        return v
    raise CypherError(f"{what} expects a boolean, got {_type(v)}")


def _arith(op: str, a, b):
    if a is None or b is None:
        return None
    if op == "+":
        if _num(a) and _num(b):
            return a + b
        if isinstance(a, list):
            return a + (b if isinstance(b, list) else [b])
        if isinstance(b, list):
            return [a] + b
        if isinstance(a, str) and (isinstance(b, str) or _num(b)):
            return a + _to_string("+", [b])
        if isinstance(b, str) and _num(a):
            return _to_string("+", [a]) + b
    elif _num(a) and _num(b):
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "^":
            return float(a) ** float(b)
        if op in ("/", "%"):
            if isinstance(a, int) and isinstance(b, int):
                if b == 0:
                    raise CypherError("division by zero")
                return int(a / b) if op == "/" else int(math.fmod(a, b))
            if b == 0:
                return float("nan") if op == "%" or a == 0 else math.copysign(float("inf"), a) * math.copysign(1, b)
            return a / b if op == "/" else math.fmod(a, b)
    raise CypherError(f"cannot apply {op} to {_type(a)} and {_type(b)}")


def _prop(target, key: str):
    if target is None:
        return None
    if isinstance(target, (Node, Rel)):
        return None if key == HIDDEN else target.data.get(key)
    if isinstance(target, dict):
        return target.get(key)
    raise CypherError(f"cannot read property {key!r} of {_type(target)}")


def evaluate(expr: tuple, env: dict, group: list[dict] | None = None) -> Any:
    """Value of ``expr`` for one row ``env``; aggregates are computed over ``group`` rows."""
    kind = expr[0]
    if kind == "lit":
        return expr[1]
    if kind == "var":
        try:
            return env[expr[1]]
        except KeyError:
            raise CypherError(f"variable `{expr[1]}` is not defined") from None
    if kind == "prop":
        return _prop(evaluate(expr[1], env, group), expr[2])
    if kind == "bin":
        op = expr[1]
        a, b = evaluate(expr[2], env, group), evaluate(expr[3], env, group)
        if op in ("=", "<>", "<", ">", "<=", ">="):
            return compare(op, a, b)
        return _arith(op, a, b)
    if kind == "and":
        a = _truth(evaluate(expr[1], env, group), "AND")
        if a is False:
            return False
        b = _truth(evaluate(expr[2], env, group), "AND")
        return False if b is False else (None if a is None or b is None else True)
    if kind == "or":
        a = _truth(evaluate(expr[1], env, group), "OR")
        if a is True:
            return True
        b = _truth(evaluate(expr[2], env, group), "OR")
        return True if b is True else (None if a is None or b is None else False)
    if kind == "xor":
        a, b = _truth(evaluate(expr[1], env, group), "XOR"), _truth(evaluate(expr[2], env, group), "XOR")
        return None if a is None or b is None else a != b
    if kind == "not":
        a = _truth(evaluate(expr[1], env, group), "NOT")
        return None if a is None else not a
    if kind == "neg":
        a = evaluate(expr[1], env, group)
        if a is None:
            return None
        if not _num(a):
            raise CypherError(f"cannot negate {_type(a)}")
        return -a
    if kind == "isnull":
        v = evaluate(expr[1], env, group)
        return (v is not None) if expr[2] else (v is None)
    if kind == "in":
        x, lst = evaluate(expr[1], env, group), evaluate(expr[2], env, group)
        if lst is None:
            return None
        if not isinstance(lst, list):
            raise CypherError(f"IN expects a list on the right, got {_type(lst)}")
        results = [equal(x, y) for y in lst]
        return True if True in results else (None if None in results else False)
    if kind == "strop":
        a, b = evaluate(expr[2], env, group), evaluate(expr[3], env, group)
        if not isinstance(a, str) or not isinstance(b, str):
            return None
        return b in a if expr[1] == "contains" else a.startswith(b) if expr[1] == "starts" else a.endswith(b)
    if kind == "haslabel":
        v = evaluate(expr[1], env, group)
        if v is None:
            return None
        if not isinstance(v, Node):
            raise CypherError(f"a label check needs a node, got {_type(v)}")
        return v.data.get("label") in expr[2]
    if kind == "list":
        return [evaluate(e, env, group) for e in expr[1]]
    if kind == "map":
        return {k: evaluate(e, env, group) for k, e in expr[1]}
    if kind == "index":
        target, idx = evaluate(expr[1], env, group), evaluate(expr[2], env, group)
        if target is None or idx is None:
            return None
        if isinstance(target, list) and isinstance(idx, int) and not isinstance(idx, bool):
            return target[idx] if -len(target) <= idx < len(target) else None
        if isinstance(target, (dict, Node, Rel)) and isinstance(idx, str):
            return _prop(target, idx)
        raise CypherError(f"cannot index {_type(target)} with {_type(idx)}")
    if kind == "call":
        name, distinct, args = expr[1], expr[2], expr[3]
        if name in AGGREGATES:
            if group is None:
                raise CypherError(f"{name}() is only allowed in WITH, RETURN and ORDER BY")
            return aggregate(name, distinct, args[0], group)
        return SCALAR_FUNCTIONS[name](display(name), [evaluate(a, env, group) for a in args])
    if kind == "star":
        raise CypherError("* is only allowed in count(*)")
    raise CypherError(f"cannot evaluate {kind}")  # pragma: no cover - the parser makes no other kinds


def aggregate(name: str, distinct: bool, arg: tuple, group: list[dict]) -> Any:
    if arg[0] == "star":
        return len(group)
    if has_aggregate(arg):
        raise CypherError(f"aggregate functions cannot be nested ({name}(…) contains another)")
    values = [v for v in (evaluate(arg, env) for env in group) if v is not None]
    if distinct:
        seen, unique = set(), []
        for v in values:
            h = hashable(v)
            if h not in seen:
                seen.add(h)
                unique.append(v)
        values = unique
    if name == "count":
        return len(values)
    if name == "collect":
        return values
    if name in ("min", "max"):
        if not values:
            return None
        pick = min if name == "min" else max
        return pick(values, key=order_key)
    if not all(_num(v) for v in values):
        raise CypherError(f"{name}() expects numbers")
    if name == "sum":
        return sum(values)
    return sum(values) / len(values) if values else None


# -- projections -----------------------------------------------------------------

def project(rows: list[dict], proj: Projection, star_vars: list[str]) -> list[dict]:
    """Apply one WITH or RETURN: grouping/aggregation, DISTINCT, ORDER BY, SKIP, LIMIT, WITH … WHERE.

    Returns the output rows as dicts keyed by column name, in column order.
    """
    items = proj.items
    if items is None:
        from queries.cypher_parse import Item

        items = [Item(("var", v), v) for v in star_vars]
        if not items:
            raise CypherError(f"{proj.kind} * needs at least one named variable")
    for item in items:
        check_arity(item.expr)
    for e, _ in proj.order:
        check_arity(e)
    names = [it.name for it in items]
    if len(set(names)) != len(names):
        raise CypherError(f"{proj.kind} has two columns named the same; use AS to rename one")
    # an aggregate in ORDER BY makes the projection aggregating too (RETURN m ORDER BY count(p))
    aggregating = any(has_aggregate(it.expr) for it in items) or any(has_aggregate(e) for e, _ in proj.order)
    # each output row keeps (values, a representative env, the group of envs)
    out: list[tuple[dict, dict, list[dict] | None]] = []
    if aggregating:
        keys = [it for it in items if not has_aggregate(it.expr)]
        groups: dict[tuple, list[dict]] = {}
        for env in rows:
            k = tuple(hashable(evaluate(it.expr, env)) for it in keys)
            groups.setdefault(k, []).append(env)
        if not groups and not keys:
            groups[()] = []
        for group in groups.values():
            first = group[0] if group else {}
            values = {it.name: evaluate(it.expr, first, group) for it in items}
            out.append((values, first, group))
    else:
        for env in rows:
            out.append(({it.name: evaluate(it.expr, env) for it in items}, env, None))
    if proj.distinct:
        seen, unique = set(), []
        for row in out:
            h = tuple(hashable(v) for v in row[0].values())
            if h not in seen:
                seen.add(h)
                unique.append(row)
        out = unique
    if proj.order:
        by_expr = {repr(it.expr): it.name for it in items}  # repr: literals may hold lists
        keys_fns = []
        for e, desc in proj.order:
            col = by_expr.get(repr(e)) or (e[1] if e[0] == "var" and e[1] in names else None)
            if col is not None:
                keys_fns.append((lambda r, c=col: r[0][c], desc))
            else:
                keys_fns.append((lambda r, e=e: evaluate(e, {**r[1], **r[0]}, r[2] if r[2] is not None else None), desc))
        sort_rows(out, keys_fns)
    if proj.skip:
        out = out[proj.skip :]
    if proj.limit is not None:
        out = out[: proj.limit]
    result = [row[0] for row in out]
    if proj.where is not None:
        check_arity(proj.where)
        if has_aggregate(proj.where):
            raise CypherError("aggregate functions are not allowed in WHERE")
        result = [r for r in result if evaluate(proj.where, r) is True]
    return result
