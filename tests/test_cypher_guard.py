"""The Cypher guard (queries.cypher_guard): typed-in queries never reach files, the network or
settings, nor run a second statement, whatever comment, string, escape or name tricks hide them;
its lexer cuts queries where LadybugDB's does (checked against the engine itself)."""

from __future__ import annotations

import random

import pytest

from kg.store import EmbeddedStore
from queries import CypherBackend
from queries.cypher_guard import check_query, classify, tokens
from queries.errors import CypherError, FileAccessError, ReadOnlyError

SECRET = "s3cr3t-marker-line"


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    """A store, a secret file beside it, and the folder a COPY … TO would write into."""
    from tests.fixtures.graphs import make_small_graph

    root = tmp_path_factory.mktemp("guard")
    store = EmbeddedStore(root / "store")
    store.write_graph(make_small_graph())
    (root / "secret.csv").write_text(f"{SECRET}:x:0\n", encoding="utf-8")
    (root / "out").mkdir()
    backend = CypherBackend(store)
    yield root, backend
    backend.close()


def test_the_issue_reproducer_is_one_error_line_and_writes_nothing(place, monkeypatch):
    from typer.testing import CliRunner

    from kg.cli import app

    root, backend = place
    monkeypatch.chdir(root / "out")
    for attack in [
        'COPY (MATCH (p:Paper) RETURN p.title) TO "x.csv"',
        f'LOAD FROM "{root / "secret.csv"}" (file_format="csv", header=false, delim=":") RETURN *',
    ]:
        query = f"""RETURN 1 AS one /* a **/ '*/ ; {attack} ; RETURN "'" AS q"""
        for extra in ([], ["--write"]):
            result = CliRunner().invoke(app, ["cypher", "--store", str(backend.location), *extra, "--json", query])
            lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
            assert result.exit_code == 1 and len(lines) == 1 and lines[0].startswith("error: "), result.stderr
            assert "--allow-file-access" in lines[0] and SECRET not in result.stdout
    assert list((root / "out").iterdir()) == []


# -- fuzz: every disguise of a file access is refused, and none reaches the engine ---------------------
JUNK = [
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
    " ",
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
]
ATTACKS = [
    "COPY (MATCH (p:Paper) RETURN p.title) TO '{out}'",
    "copy (RETURN 1 AS x) to '{out}'",
    "CoPy (RETURN 1 AS x) TO '{out}'",
    "LOAD FROM '{secret}' (header=false, delim=':') RETURN *",
    "load from '{secret}' (header=false, delim=':') RETURN *",
    "LOAD WITH HEADERS (a STRING) FROM '{secret}' RETURN *",
]
TEMPLATES = [
    "RETURN 1 AS a {j1} ; {attack} {j2}",
    "{j1}{attack}{j2}",
    "RETURN {j1} 1 AS a {j2};{attack}",
    "MATCH (p:Paper) WITH p LIMIT 1 {j1} {attack}",
    "RETURN 'x{j1}' AS s ; {j2} {attack} ; RETURN 2 AS b",
    "{j1};{j2}{attack}",
]


def _fuzz_queries(root, n: int, seed: int = 19) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        target = root / "out" / f"f{i}.csv"
        attack = rng.choice(ATTACKS).format(out=target, secret=root / "secret.csv")
        query = rng.choice(TEMPLATES).format(
            j1="".join(rng.choices(JUNK, k=rng.randint(0, 3))),
            j2="".join(rng.choices(JUNK, k=rng.randint(0, 3))),
            attack=attack,
        )
        out.append((query, str(target)))
    return out


def test_fuzzed_file_access_never_reaches_the_engine(place):
    """Each query is refused, or is something else once read like the engine reads it (the attack
    inside a string or comment): then it runs, and must neither write a file nor read the secret."""
    root, backend = place
    refused = ran = 0
    for query, _ in _fuzz_queries(root, 600):
        try:
            rows = backend.cypher(query, isolated=False)
        except FileAccessError:
            refused += 1
            with pytest.raises(FileAccessError):
                backend.cypher(query, write=True)
        except CypherError:
            pass
        else:
            ran += 1
            assert SECRET not in repr(rows), query
    assert refused > 500 and refused + ran <= 600
    assert list((root / "out").iterdir()) == []


def test_the_fuzzed_attacks_are_real_when_file_access_is_allowed(place):
    """The same disguises do reach files when the guard lets them: the fuzz above tests the guard, not a typo."""
    root, backend = place
    wrote = read = 0
    for query, target in _fuzz_queries(root, 80, seed=7):
        try:
            rows = backend.cypher(query, isolated=False, allow_file_access=True)
        except CypherError:
            continue
        read += SECRET in repr(rows)
        wrote += (root / "out" / target.rsplit("/", 1)[-1]).exists()
    assert wrote >= 5 and read >= 5
    for f in (root / "out").iterdir():
        f.unlink()


# -- the lexer agrees with LadybugDB's ---------------------------------------------------------------------
PIECES = [
    "/*",
    "*/",
    "*",
    "**",
    "/",
    "//",
    "'",
    '"',
    "\\",
    "\\'",
    '\\"',
    "\\n",
    "\\x4",
    "\\x41",
    "\\u00e9",
    "`",
    "``",
    ";",
    "\n",
    "\r",
    "\r\n",
    " ",
    "a",
    "é",
    "\u2028",
    "\u180e",
    "RETURN 2 AS b",
    "1",
]


def test_the_lexer_cuts_statements_where_ladybug_does(place):
    import ladybug

    root, backend = place
    db = ladybug.Database(str(backend.conn.graph_file), read_only=True)
    conn = ladybug.Connection(db)
    rng = random.Random(3)
    agreed_runs = 0
    try:
        for _ in range(3000):
            query = "RETURN 1 AS a " + "".join(rng.choices(PIECES, k=rng.randint(1, 8)))
            try:
                result = conn.execute(query)
            except RuntimeError:
                continue  # the engine refuses it: whatever the guard says is safe
            engine_statements = len(result) if isinstance(result, list) else 1
            verdict = classify(query)  # the engine read it: so must the guard, and cut it the same way
            assert verdict.statements == engine_statements, query
            agreed_runs += 1
    finally:
        conn.close()
        db.close()
    assert agreed_runs > 100


@pytest.mark.parametrize(
    "query, statements",
    [
        ("RETURN 1 AS x /* **/ ; RETURN 2 */", 1),  # an even run of stars does not close the comment
        ("RETURN 1 AS x /* ***/ ; RETURN 2", 2),  # an odd one does
        ("RETURN 'a\\'b;' AS x ; RETURN 2", 2),
        ("RETURN `a``;b` AS x", 1),
        ("RETURN 1 AS x;", 1),
        ("RETURN 1 AS x // ; RETURN 2\n", 1),
    ],
)
def test_statement_counts(query, statements):
    assert classify(query).statements == statements


@pytest.mark.parametrize(
    "query",
    [
        "RETURN '\\q' AS x; COPY (RETURN 1) TO 'x.csv'",
        "RETURN 'open",
        "RETURN `open",
        "RETURN 1 /* open",
        "RETURN '\\x4' AS x",
    ],
)
def test_what_the_lexer_cannot_read_is_refused(query):
    with pytest.raises(CypherError, match="cannot read the query"):
        tokens(query)


@pytest.mark.parametrize(
    "query, word",
    [
        ("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "LOAD"),
        ("CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value", "CALL apoc.load.json"),
        ("CALL apoc.export.csv.all('x.csv', {})", "CALL apoc.export.csv.all"),
        ("CALL dbms.setConfigValue('x', 'y')", "CALL dbms.setConfigValue"),
        ("CALL timeout = 0", "CALL timeout = …"),
        ("CALL read_csv_serial('/etc/passwd') RETURN *", "CALL read_csv_serial"),
        ("INSTALL json", "INSTALL"),
        ("ATTACH '/tmp/x.lbug' AS x (dbtype lbug)", "ATTACH"),
        ("EXPORT DATABASE '/tmp/x'", "EXPORT"),
        ("IMPORT DATABASE '/tmp/x'", "IMPORT"),
        ("RETURN 1COPY (RETURN 1) TO 'x'", "COPY"),
        ("RETURN 1 AS éx, 2 AS xé\u180eLOAD FROM 'x' RETURN *", "LOAD"),
    ],
)
def test_file_access_is_refused_even_with_write(query, word):
    assert classify(query).file_access[0] == word
    with pytest.raises(FileAccessError):
        check_query(query, write=True)
    check_query(query, write=True, allow_file_access=True)


@pytest.mark.parametrize(
    "query",
    [
        "CALL show_tables() RETURN *",
        "CALL db.labels()",
        "MATCH (n:Load) RETURN n.copy",
        "RETURN $load AS x, 'COPY' AS y, `install` AS z",
        "CALL { MATCH (n) RETURN n } RETURN 1",
    ],
)
def test_names_strings_and_read_only_procedures_pass(query):
    assert classify(query).file_access == [] and classify(query).writes == []


def test_writes_still_need_write_with_file_access_allowed():
    with pytest.raises(ReadOnlyError):
        check_query("MATCH (m:Method) SET m.name = 'x'", allow_file_access=True)
