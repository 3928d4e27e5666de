"""Fast start: `kg --help` and the query commands load no builder, no spaCy, no pyvis, no Neo4j driver.

Each case runs the CLI in a fresh interpreter (``python -c``), in-process, and then
lists which of the heavy modules ended up in ``sys.modules``: a command that
imports one of them at start-up fails here, whatever the machine's speed.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]

#: modules only building, drawing, exporting, evaluating or a Neo4j server need
HEAVY = (
    "networkx",
    "spacy",
    "thinc",
    "pyvis",
    "scipy",
    "numpy",
    "pyarrow",
    "dask",
    "distributed",
    "fsspec",
    "kg.build.cluster",
    "neo4j",
    "bibtexparser",
    "rispy",
    "extract.pipeline",
    "extract.model",
    "extract.fingerprint",
    "importlib.metadata",
    "kg.build.builder",
    "kg.build.pipeline",
    "kg.build.curation",
    "kg.build.termhood",
    "extract.vocab",
    "kg.readers",
    "kg.build.cache",
    "kg.quality.evaluate",
    "kg.present.select",
    "kg.present.viz",
    "kg.present.termmap",
    "kg.present.export",
    "kg.store.neo4j_store",
    "rich.progress",
    "rich.markdown",
    "rich.syntax",
    "pygments",
)

_RUN = """
import json, sys
from kg.cli import app
args, heavy = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["kg", *args]
try:
    app()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
loaded = sorted(m for m in heavy if m in sys.modules or any(n.startswith(m + ".") for n in sys.modules))
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def loaded_by(args: list[str]) -> list[str]:
    """The heavy modules a fresh interpreter has loaded after running ``kg ARGS`` in-process."""
    out = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps(args), json.dumps(HEAVY)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(out.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), out.stdout + out.stderr
    return report["loaded"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from tests.fixtures.graphs import make_small_graph

    path = tmp_path_factory.mktemp("fast") / "store"
    open_store(path).write_graph(make_small_graph())
    return str(path)


def test_help_loads_no_heavy_module():
    assert loaded_by(["--help"]) == []
    assert loaded_by(["build", "--help"]) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["top"],
        ["top", "--type", "concept", "--json"],
        ["show", "label noise"],
        ["related", "label noise"],
        ["papers", "--concept", "label noise"],
        ["stats"],
        ["query", "emerging_concepts"],
        ["cypher", "MATCH (n:Concept) RETURN n.name AS name ORDER BY name"],
    ],
)
def test_query_commands_on_a_small_store_load_no_heavy_module(store, args):
    assert loaded_by([*args, "--store", store]) == []


def test_the_check_sees_a_heavy_import():
    """The check is real: a command that builds does load the builder."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            _RUN.replace("from kg.cli import app", "import kg.build.builder\nfrom kg.cli import app"),
            json.dumps(["--help"]),
            json.dumps(HEAVY),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    loaded = json.loads(out.stderr.strip().splitlines()[-1])["loaded"]
    assert {"kg.build.builder", "networkx"} <= set(loaded)
