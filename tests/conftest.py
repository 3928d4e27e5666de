"""Shared fixtures, and the markers that sort the tests by cost (registered in pyproject.toml):

* ``browser``: drives a headless Chromium (tests/test_*_browser.py);
* ``bolt``: needs the FalkorDB Bolt server (every test using the ``bolt_server`` fixture,
  marked here, and the few that start a :class:`BoltServer` themselves, marked in place);
* ``harness``: runs the adversarial harness (tests/test_adversarial.py, marked here);
* ``slow``: about a second or more alone on a 2-core machine: builds with spaCy, several
  ``kg`` processes, lock waits (marked in place; all of tests/test_store_crash.py).

The quick run leaves all four out, ``pytest -m "not slow and not browser and not bolt
and not harness"``; a plain ``pytest`` (what CI runs) runs everything.
"""

import pytest

from bench.support.bolt_server import PASSWORD, USER, BoltServer, clear_graph
from tests.fixtures.graphs import make_small_graph

#: test files all of whose tests get a marker, by file name (files other people edit)
FILE_MARKERS = {"test_adversarial.py": "harness"}
#: fixtures whose users get a marker
FIXTURE_MARKERS = {"bolt_server": "bolt"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in FILE_MARKERS:
            item.add_marker(FILE_MARKERS[item.path.name])
        for fixture, marker in FIXTURE_MARKERS.items():
            if fixture in item.fixturenames:  # also through other fixtures (bolt_env)
                item.add_marker(marker)


@pytest.fixture
def small_graph():
    """A five-paper graph in the paperkg schema (:func:`kg.core.examples.small_graph`)."""
    return make_small_graph()


@pytest.fixture(scope="session")
def extractor():
    """The spaCy pipeline with paperkg's components, loaded once per test session."""
    from extract import Extractor

    return Extractor()


@pytest.fixture
def reuse_extractor(extractor, monkeypatch):
    """Make :func:`kg.build.pipeline.build` use the session's extractor instead of loading the model again."""
    import kg.build.pipeline

    monkeypatch.setattr(kg.build.pipeline, "load_extractor", lambda model=None: extractor)
    return extractor


@pytest.fixture(scope="session")
def bolt_server():
    """A FalkorDB Bolt server on loopback for the whole test session (bench/support/bolt_server.py)."""
    server = BoltServer().start()
    undo = server.patch_driver()
    try:
        yield server
    finally:
        undo()
        server.stop()


@pytest.fixture
def bolt_env(bolt_server, monkeypatch):
    """NEO4J_* variables pointing at the test server, whose graph is emptied first.

    No ``NEO4J_DATABASE``: FalkorDB's Bolt server does not honour the
    database name consistently (managed transactions always use its default
    graph), so tests share that graph and start from an empty one.
    """
    clear_graph(bolt_server.uri)
    monkeypatch.setenv("NEO4J_URI", bolt_server.uri)
    monkeypatch.setenv("NEO4J_USER", USER)
    monkeypatch.setenv("NEO4J_PASSWORD", PASSWORD)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    yield {"uri": bolt_server.uri, "user": USER, "password": PASSWORD}
    if not bolt_server.alive():
        pytest.fail("the FalkorDB test server died during this test:\n" + bolt_server.log_tail())
