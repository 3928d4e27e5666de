import pytest

from kg.present.select import Selection, SelectionError, neighbourhood, resolve_name, select
from queries.schema import CO_OCCURS, PAPER


def test_whole_graph_by_default_is_a_copy(small_graph):
    sub = select(small_graph)
    assert set(sub) == set(small_graph)
    assert sub.number_of_edges() == small_graph.number_of_edges()
    sub.nodes["Method:bert"]["name"] = "changed"
    sub.nodes["Concept:label noise"]["aliases"].append("x")
    assert small_graph.nodes["Method:bert"]["name"] == "BERT"
    assert "x" not in small_graph.nodes["Concept:label noise"]["aliases"]


def test_resolve_by_alias_name_key_and_id(small_graph):
    assert resolve_name(small_graph, "CIFAR10") == "Dataset:cifar10"
    assert resolve_name(small_graph, "noisenet") == "Method:noisenet"
    assert resolve_name(small_graph, "Label Noise") == "Concept:label noise"
    assert resolve_name(small_graph, "Method:bert") == "Method:bert"


def test_unknown_name_suggests(small_graph):
    with pytest.raises(SelectionError, match="closest: diffusion"):
        select(small_graph, Selection(around=["difusion"]))


def test_around_through_papers(small_graph):
    sub = select(small_graph, Selection(around=["invariance"], via="papers"))
    assert set(sub) == {
        "Concept:invariance",
        "Paper:p3",
        "Paper:p4",
        "Concept:diffusion",
        "Dataset:imagenet",
        "Task:image classification",
        "Method:flownet",
        "Task:time series forecasting",
    }
    # evidence edges come along
    assert sub.edges["Paper:p3", "Concept:invariance", "MENTIONS"]["evidence"]


def test_around_depth_zero_keeps_seed_and_its_papers(small_graph):
    assert neighbourhood(small_graph, ["Method:flownet"], 0, "papers") == {"Method:flownet", "Paper:p4"}
    assert neighbourhood(small_graph, ["Method:flownet"], 0, "cooccurs") == {"Method:flownet"}


def test_around_depth_two_reaches_further(small_graph):
    one = set(select(small_graph, Selection(around=["time series forecasting"], via="cooccurs", depth=1)))
    two = set(select(small_graph, Selection(around=["time series forecasting"], via="cooccurs", depth=2)))
    assert one == {"Task:time series forecasting", "Method:flownet", "Concept:invariance"}
    assert two - one == {"Concept:diffusion", "Dataset:imagenet", "Task:image classification"}


def test_several_seeds(small_graph):
    sub = select(small_graph, Selection(around=["bert", "flownet"], depth=0, via="papers"))
    assert set(sub) == {"Method:bert", "Method:flownet", "Paper:p4", "Paper:p5"}


def test_types(small_graph):
    sub = select(small_graph, Selection(types=["Dataset", "Concept"]))
    assert {d["label"] for _, d in sub.nodes(data=True)} == {"Dataset", "Concept"}
    assert {k for _, _, k in sub.edges(keys=True)} == {CO_OCCURS}
    with pytest.raises(SelectionError, match="unknown type"):
        select(small_graph, Selection(types=["Gadget"]))


def test_min_strength_and_shared(small_graph):
    co = [(u, v, d) for u, v, k, d in small_graph.edges(keys=True, data=True) if k == CO_OCCURS]
    threshold = sorted(d["strength"] for _, _, d in co)[len(co) // 2]
    sub = select(small_graph, Selection(min_strength=threshold))
    kept = [d for _, _, k, d in sub.edges(keys=True, data=True) if k == CO_OCCURS]
    assert kept and all(d["strength"] >= threshold for d in kept)
    assert len(kept) == sum(1 for _, _, d in co if d["strength"] >= threshold)
    sub = select(small_graph, Selection(min_shared=2, types=["Concept", "Dataset", "Method", "Task", "Metric"]))
    assert all(d["papers"] >= 2 for _, _, d in sub.edges(data=True))


def test_min_papers(small_graph):
    sub = select(small_graph, Selection(min_papers=2))
    entities = {n for n, d in sub.nodes(data=True) if d["label"] != PAPER}
    assert entities == {n for n, d in small_graph.nodes(data=True) if d["label"] != PAPER and d["papers"] >= 2}


def test_year_range(small_graph):
    sub = select(small_graph, Selection(year_from=2022, year_to=2023))
    assert {n for n in sub if n.startswith("Paper:")} == {"Paper:p2", "Paper:p3"}
    assert "Method:flownet" not in sub  # only in a 2024 paper
    assert "Concept:label noise" in sub  # also in p2 (2023)
    with pytest.raises(SelectionError, match="empty"):
        select(small_graph, Selection(year_from=2024, year_to=2020))


def test_seed_filtered_out_is_an_error(small_graph):
    with pytest.raises(SelectionError, match="filtered out"):
        select(small_graph, Selection(around=["flownet"], year_to=2022))


def test_top_keeps_seeds_and_best_connected(small_graph):
    sub = select(small_graph, Selection(around=["accuracy"], via="both", depth=2, top=4))
    assert len(sub) == 4
    assert "Metric:accuracy" in sub
    full = select(small_graph, Selection(around=["accuracy"], via="both", depth=2))
    others = sorted((n for n in full if n != "Metric:accuracy"), key=lambda n: -full.degree(n))
    assert full.degree(others[0]) >= max(full.degree(n) for n in full if n not in sub)
    assert all(sub.degree(n) > 0 for n in sub)


def test_max_edges_keeps_strongest_cooccurrences(small_graph):
    sub = select(small_graph, Selection(max_edges=3))
    co = sorted(
        (d["strength"] for _, _, k, d in small_graph.edges(keys=True, data=True) if k == CO_OCCURS), reverse=True
    )
    kept = sorted((d["strength"] for _, _, k, d in sub.edges(keys=True, data=True) if k == CO_OCCURS), reverse=True)
    assert kept == co[:3]


def test_bad_options(small_graph):
    for spec in (
        Selection(via="air"),
        Selection(depth=-1),
        Selection(top=0),
        Selection(cypher="MATCH (n) RETURN n", query="x"),
    ):
        with pytest.raises(SelectionError):
            select(small_graph, spec)


def test_cypher_selection_keeps_returned_nodes(small_graph):
    sub = select(
        small_graph,
        Selection(cypher="MATCH (p:Paper)-[:PROPOSES]->(m:Method) WHERE p.year >= $y RETURN p, m", params={"y": 2022}),
    )
    assert set(sub) == {"Paper:p4", "Method:flownet"}
    assert list(sub.edges(keys=True)) == [("Paper:p4", "Method:flownet", "PROPOSES")]


def test_named_query_selection(small_graph):
    sub = select(small_graph, Selection(query="methods_on_dataset", params={"dataset": "ImageNet"}))
    assert set(sub) == {"Method:bert", "Method:noisenet"}
    assert [k for _, _, k in sub.edges(keys=True)] == [CO_OCCURS]


def test_query_errors_are_selection_errors(small_graph):
    with pytest.raises(SelectionError, match="write clause"):
        select(small_graph, Selection(cypher="MATCH (n) DETACH DELETE n"))
    with pytest.raises(SelectionError, match="needs parameter dataset"):
        select(small_graph, Selection(query="methods_on_dataset"))
    assert small_graph.number_of_nodes() == 16  # untouched


# -- selections fetched from the embedded store by Cypher ------------------------------------

STORE_SPECS = [
    Selection(around=["label noise"]),
    Selection(around=["noisy labels", "FlowNet"], depth=2, via="papers"),
    Selection(around=["invariance"], depth=1, via="cooccurs", types=("Concept", "Method", "Dataset")),
    Selection(around=["ImageNet"], depth=2, year_from=2023, top=6),
    Selection(cypher="MATCH (m:Method)<-[:USES]-(p:Paper) RETURN m, p.key AS paper"),
    Selection(query="methods_on_dataset", params={"dataset": "ImageNet"}),
]


@pytest.mark.slow
@pytest.mark.parametrize("spec", STORE_SPECS)
def test_a_selection_fetched_from_the_store_equals_one_on_the_whole_graph(tmp_path, small_graph, spec):
    from kg.present.select import graph_for_selection, select_from_store
    from kg.store import EmbeddedStore

    store = EmbeddedStore(tmp_path / "s")
    store.write_graph(small_graph)
    whole = select(store.read_graph(), spec)
    part, _ = graph_for_selection(store, spec)
    got = select_from_store(store, spec)
    assert list(got.nodes(data=True)) == list(whole.nodes(data=True))
    assert list(got.edges(keys=True, data=True)) == list(whole.edges(keys=True, data=True))
    assert got.graph["seeds"] == whole.graph["seeds"]
    if spec.around:
        assert part.number_of_nodes() < small_graph.number_of_nodes() or spec.depth > 1  # not the whole graph
