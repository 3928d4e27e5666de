"""Hostile Cypher through ``kg cypher`` and ``kg query``: every answer is rows or one clear
error line (exit 1), never a traceback or a hang, and the store is never changed.

Cheap cases run in-process (Typer's runner, a time limit each). Cases that
try to exhaust the machine (cartesian products, huge ranges, long
variable-length paths) run in a child process with a memory ceiling
(:data:`HEAVY_MEMORY`, ``RLIMIT_AS``) and a time limit, so a missing limit
shows as a counted failure, not as a dead harness.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

from bench.adversarial.frame import Context

#: bytes of address space a heavy case may use (``kg cypher`` must stop itself before that)
HEAVY_MEMORY = 3 * 1024**3
HEAVY_SECONDS = 90
ROOT = Path(__file__).resolve().parents[2]

#: (query, params) pairs: syntax errors, odd values, type errors, writes, escapes
QUERIES: list[tuple[str, list[str]]] = [
    ("", []),
    ("   ", []),
    ("MATCH", []),
    ("RETURN", []),
    ("MATCH (n RETURN n", []),
    ("))))((((", []),
    ("RETURN " + "(" * 3000 + "1" + ")" * 3000, []),
    ("RETURN " + "[" * 3000 + "]" * 3000, []),
    ("RETURN " + " + ".join(["1"] * 5000), []),
    ("RETURN " + "-" * 5000 + "1", []),
    ("RETURN " + "NOT " * 5000 + "true", []),
    ("RETURN 1e999999 AS x", []),
    ("RETURN 10 ^ 100000 AS x", []),
    ("RETURN 2 ^ 2 ^ 2 ^ 2 ^ 2 ^ 2 ^ 2 AS x", []),
    ("RETURN 9223372036854775807 + 1 AS x", []),
    ("RETURN -9223372036854775808 - 1 AS x", []),
    ("RETURN 99999999999999999999999999999999 AS x", []),
    ("RETURN " + "9" * 5000 + " AS x", []),
    ("RETURN 1 / 0 AS x", []),
    ("RETURN 1 % 0 AS x", []),
    ("RETURN 1.0 / 0 AS x", []),
    ("RETURN toInteger('NaN') AS x", []),
    ("RETURN toFloat('NaN') AS x", []),
    ("RETURN toInteger(toFloat('inf')) AS x", []),
    ("RETURN toInteger('" + "9" * 5000 + "') AS x", []),
    ("RETURN toFloat('1e400') AS x", []),
    ("RETURN 'a' + 1 AS x", []),
    ("RETURN [1] + 'a' AS x", []),
    ("RETURN {a: 1}.b.c.d AS x", []),
    ("RETURN substring('abc', -5, 2) AS x", []),
    ("RETURN range(1, 10, 0) AS x", []),
    ("RETURN [1,2,3][99999999999999] AS x", []),
    ("RETURN 'lone \ud83d surrogate' AS x", []),
    ("RETURN 'nul \x00 esc \x1b[2J' AS x", []),
    ("RETURN '\\u0000\\uD83D' AS x", []),
    ("RETURN '\\", []),
    ("RETURN 'unterminated", []),
    ("/* unclosed comment", []),
    ("// only a comment", []),
    ("RETURN `weird``name` AS `\x1b[31m`", []),
    ("RETURN $missing AS x", []),
    ("MATCH (n) WHERE n.key = $k RETURN n.name AS name", ["k=[[[[1]]]]"]),
    ("RETURN $x AS x", ["x=" + "[" * 3000 + "]" * 3000]),
    ("RETURN $x AS x", ["x=" + '{"a":' * 3000 + "1" + "}" * 3000]),
    ("RETURN $n AS x", ["n=" + "9" * 5000]),
    ("RETURN $n AS x", ["n=1e999"]),
    ("RETURN $n AS x", ["n=NaN"]),
    ("RETURN $n AS x", ["=5"]),
    ("RETURN $n AS x", ["n"]),
    ("RETURN $n AS x", ["n=\x00\ud83d"]),
    ("CREATE (n:Paper {key: 'x'}) RETURN n", []),
    ("MATCH (n) DETACH DELETE n", []),
    ("MATCH (n) SET n.name = 'pwned'", []),
    ("MERGE (n:Method {key: 'x'})", []),
    ("MATCH (n) REMOVE n.name RETURN count(n) AS c", []),
    ("CALL dbms.shutdown()", []),
    ("CALL db.labels()", []),
    ("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", []),
    ("MATCH (n) RETURN n ORDER BY n.nope.deeper SKIP -1 LIMIT -1", []),
    ("MATCH (n) RETURN n LIMIT 99999999999999999999", []),
    ("MATCH (n) WITH n, n AS n RETURN n", []),
    ("UNWIND [1, 'a', null, [1], {a: 1}] AS x RETURN x ORDER BY x", []),
    ("MATCH (n) RETURN n.name AS name UNION MATCH (m) RETURN m.key AS other", []),
    ("MATCH (n) WHERE n.name =~ '(a+)+$' RETURN count(n) AS c", []),
]

#: (query, params) that try to exhaust memory or time; run in a child process
HEAVY: list[tuple[str, list[str]]] = [
    ("MATCH (a), (b), (c) RETURN count(*) AS c", []),
    ("MATCH (a), (b), (c), (d) RETURN a, b, c, d", []),
    ("MATCH p = (a)-[*1..10]-(b) RETURN count(p) AS c", []),
    ("UNWIND range(1, 100000000) AS x RETURN count(x) AS c", []),
    ("RETURN range(1, 1000000000) AS x", []),
    ("RETURN size(reduce(s = '', x IN range(1, 100000) | s + 'xxxxxxxxxx')) AS n", []),
]


def _mutations(ctx: Context, n: int) -> list[tuple[str, list[str]]]:
    """Random edits of the good queries: deleted, doubled and swapped characters."""
    good = [
        "MATCH (p:Paper)-[r:USES]->(m:Method) WHERE p.year > $y RETURN m.name AS name, count(p) AS c ORDER BY c DESC LIMIT 5",
        "MATCH (a:Method)-[c:CO_OCCURS]-(b) RETURN a.name, b.name, c.strength ORDER BY c.strength DESC",
        "MATCH (p:Paper) WITH p.year AS y, count(*) AS n RETURN y, n ORDER BY y",
    ]
    out = []
    for _ in range(n):
        q = list(ctx.rng.choice(good))
        for _ in range(ctx.rng.randint(1, 6)):
            i = ctx.rng.randrange(len(q))
            op = ctx.rng.randrange(3)
            if op == 0:
                del q[i]
            elif op == 1:
                q.insert(i, ctx.rng.choice("()[]{}'\"`$:.,;-<>=*|\\/ \n\x00"))
            else:
                j = ctx.rng.randrange(len(q))
                q[i], q[j] = q[j], q[i]
        out.append(("".join(q), ["y=2020"]))
    return out


def run(ctx: Context) -> None:
    from typer.testing import CliRunner

    from bench.adversarial.hostile import hostile_graph
    from kg.build.pipeline import same_graph
    from kg.cli import app
    from kg.core.safe_text import no_lone_surrogates
    from kg.store import open_store

    store = ctx.workdir / "store"
    G = hostile_graph(
        [no_lone_surrogates(t) for t in ("alpha", "beta =1+1", "[/INST] gamma", "delta \x1b[2J", "epsilon")]
    )
    open_store(store).write_graph(G)
    runner = CliRunner()
    cases = QUERIES + _mutations(ctx, ctx.scale(20, 2000))
    for query, params in cases:
        args = ["cypher", "--store", str(store), *(a for p in params for a in ("--param", p)), "--json", "--", query]
        with ctx.case(f"kg cypher {query[:60]!r} {[p[:20] for p in params]}", seconds=20):
            result = runner.invoke(app, args)
            _check(ctx, query, result.exit_code, result.exception, result.stdout, result.stderr)
    for name in ("methods_on_dataset", "nope", "concept_timeline"):
        for params in ([], ["dataset=" + "[" * 3000], ["concept=\x1b[2J"], ["x=1", "x=2"]):
            with ctx.case(f"kg query {name} {params}", seconds=20):
                result = runner.invoke(
                    app, ["query", name, "--store", str(store), "--json", *(a for p in params for a in ("--param", p))]
                )
                _check(ctx, name, result.exit_code, result.exception, result.stdout, result.stderr)
    # heavy cases: on the small graph in the short mode; on a 2,000-paper synthetic graph in the long mode
    heavy_store = store
    if not ctx.short:
        from bench.synthetic import make_synthetic_graph

        heavy_store = ctx.workdir / "synthetic"
        open_store(heavy_store).write_graph(make_synthetic_graph(2000))
    for query, params in HEAVY[: ctx.scale(3, len(HEAVY))]:
        with ctx.case(f"heavy: kg cypher {query!r}", seconds=HEAVY_SECONDS + 30):
            heavy(ctx, heavy_store, query, params)
    file_access(ctx, store)
    if not same_graph(open_store(store).read_graph(), G):
        with ctx.case("store unchanged"):
            ctx.fail("store", "a query changed the store")


def _check(ctx: Context, query: str, code: int, exception, stdout: str, stderr: str) -> None:
    if exception is not None and not isinstance(exception, SystemExit):
        raise exception
    if code == 0:
        json.loads(stdout)
        ctx.count("rows")
    elif code == 1:
        lines = [ln for ln in stderr.splitlines() if ln.strip()]
        if len(lines) != 1 or not lines[0].startswith("error: "):
            ctx.fail(f"{query[:60]!r}", f"not one clear error line: {stderr[:300]!r}")
        ctx.count("clear_errors")
    else:
        ctx.fail(f"{query[:60]!r}", f"exit code {code}")


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (HEAVY_MEMORY, HEAVY_MEMORY))


def heavy(ctx: Context, store: Path, query: str, params: list[str]) -> None:
    """``kg cypher`` in a child process with a memory ceiling and a time limit."""
    args = [
        sys.executable,
        "-m",
        "kg",
        "cypher",
        "--store",
        str(store),
        "--json",
        *(a for p in params for a in ("--param", p)),
        "--",
        query,
    ]
    try:
        proc = subprocess.run(
            args, cwd=ROOT, capture_output=True, text=True, timeout=HEAVY_SECONDS, preexec_fn=_limit_memory
        )
    except subprocess.TimeoutExpired:
        ctx.fail(f"heavy {query!r}", f"still running after {HEAVY_SECONDS}s (no time limit?)")
    if "Traceback" in proc.stderr:
        ctx.fail(f"heavy {query!r}", f"traceback: {proc.stderr.strip().splitlines()[-1][:200]}")
    if "MemoryError" in proc.stderr:
        ctx.fail(
            f"heavy {query!r}",
            f"ran into the harness's {HEAVY_MEMORY >> 30} GB ceiling instead of its own "
            f"memory cap: {proc.stderr.strip()[:200]}",
        )
    _check(ctx, query, proc.returncode, None, proc.stdout, proc.stderr)
    ctx.count("heavy_stopped" if proc.returncode else "heavy_answered")


# -- file access through Cypher (issue 19): refused whatever hides it, even with --write -----------------
FILE_JUNK = [
    "/* a **/ '*/",
    "/* ***/",
    "/* ' */",
    '/* " */',
    "/* ; */",
    "// ; '\n",
    "//\r\n",
    "\u2028",
    "\u00a0",
    "\u180e",
    "\u3000",
    "\t",
    "\n",
    "'\\''",
    '"\\""',
    "'\\u0027'",
    "'\\x27;'",
    "`a``;b`",
    "'/*'",
    '"*/"',
    "`'`",
    "'é;ü'",
    "/**/",
    "/*/ */",
    "/* \\' */",
    "ｃｏｐｙ",
    "ſet",
]
FILE_ATTACKS = [
    "COPY (MATCH (p:Paper) RETURN p.title) TO '{out}'",
    "copy (RETURN 1 AS x) to '{out}'",
    "LOAD FROM '{secret}' (header=false, delim=':') RETURN *",
    "LOAD WITH HEADERS (a STRING) FROM '{secret}' RETURN *",
    "INSTALL json",
    "LOAD EXTENSION json",
    "ATTACH '{out}' AS other (dbtype lbug)",
    "EXPORT DATABASE '{outdir}'",
    "IMPORT DATABASE '{outdir}'",
    "CALL timeout=0",
    "CALL read_csv_serial('{secret}') RETURN *",
    "CALL file_info() RETURN *",
]
FILE_TEMPLATES = [
    "RETURN 1 AS a {j1} ; {attack} {j2}",
    "{j1}{attack}{j2}",
    "RETURN {j1} 1 AS a {j2};{attack}",
    "MATCH (p:Paper) WITH p LIMIT 1 {j1} {attack}",
    "RETURN 'x{j1}' AS s ; {j2} {attack} ; RETURN 2 AS b",
    "{j1};{j2}{attack}",
    "RETURN 1 AS one /* a **/ '*/ ; {attack} ; RETURN \"'\" AS q",
]
SECRET = "s3cr3t-marker-line"


def file_access(ctx: Context, store: Path) -> None:
    """Disguised COPY/LOAD/INSTALL/ATTACH/EXPORT/settings and second statements through ``kg cypher``
    (with and without ``--write``) and ``kg export --cypher``: one error line each, no file written or read."""
    from typer.testing import CliRunner

    from kg.cli import app

    secret, out = ctx.workdir / "secret.csv", ctx.workdir / "out"
    secret.write_text(f"{SECRET}:x:0\n", encoding="utf-8")
    out.mkdir(exist_ok=True)
    runner = CliRunner()
    for i in range(ctx.scale(40, 1500)):
        attack = ctx.rng.choice(FILE_ATTACKS).format(out=out / f"f{i}.csv", outdir=out / f"db{i}", secret=secret)
        query = ctx.rng.choice(FILE_TEMPLATES).format(
            j1="".join(ctx.rng.choices(FILE_JUNK, k=ctx.rng.randint(0, 3))),
            j2="".join(ctx.rng.choices(FILE_JUNK, k=ctx.rng.randint(0, 3))),
            attack=attack,
        )
        how = ctx.rng.choice(
            [["cypher", "--json"], ["cypher", "--json", "--write"], ["export", "-f", "json", "-o", str(out / "x.json")]]
        )
        with ctx.case(f"file access: kg {how[0]} {query[:80]!r}", seconds=60):
            args = [*how, "--store", str(store), *(["--cypher", query] if how[0] == "export" else ["--", query])]
            result = runner.invoke(app, args)
            if SECRET in result.stdout:
                ctx.fail(f"{query[:60]!r}", "the secret file was read")
            if how[0] == "export":
                (out / "x.json").unlink(missing_ok=True)
                if result.exit_code == 1:
                    ctx.count("file_access_refused")
                continue
            _check(ctx, query, result.exit_code, result.exception, result.stdout, result.stderr)
            if result.exit_code == 1 and "--allow-file-access" in result.stderr:
                ctx.count("file_access_refused")
    with ctx.case("file access: nothing written"):
        written = sorted(p.name for p in out.iterdir())
        if written:
            ctx.fail("file access", f"files written through Cypher: {written[:5]}")
