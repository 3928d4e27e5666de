import pytest

from tests.fixtures.graphs import make_small_graph


@pytest.fixture
def small_graph():
    """A five-paper graph in the paperkg schema (see tests/fixtures/graphs.py)."""
    return make_small_graph()
