import pytest

from tests.fixtures.graphs import make_small_graph


@pytest.fixture
def small_graph():
    """A five-paper graph in the paperkg schema (see tests/fixtures/graphs.py)."""
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
