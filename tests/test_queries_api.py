"""The query API over the embedded (LadybugDB) backend: names, top, show, papers, related, path."""

import networkx as nx
import pytest

from kg.core.graph import add_entity, add_paper, link_paper
from kg.core.papers import Paper
from queries import QueryBackend, api, open_backend
from queries.errors import NotFound, QueryError
from queries.names import NameIndex, entity_dict
from queries.paths import shortest_lexicographic_path
from tests.fixtures.graphs import graph_backend


@pytest.fixture
def graph(small_graph):
    """The small fixture graph plus a sparse autoencoder known by several surface forms."""
    add_paper(small_graph, Paper(id="p6", title="Sparse Autoencoders Find Features", abstract="", year=2024))
    sae = add_entity(
        small_graph,
        "Method",
        "sparse autoencoder",
        "sparse autoencoder",
        aliases=["sparse autoencoder", "SAE", "SAEs"],
        papers=1,
    )
    link_paper(small_graph, "Paper:p6", sae, "PROPOSES", evidence=["We train SAEs on activations."])
    return small_graph


@pytest.fixture
def backend(graph):
    return graph_backend(graph)


def test_backend_satisfies_protocol(backend):
    assert isinstance(backend, QueryBackend)


@pytest.mark.parametrize(
    "name",
    ["SAEs", "sparse autoencoder", "Sparse Autoencoders", "sparse-autoencoders", "sae", "Method:sparse autoencoder"],
)
@pytest.mark.slow  # about a second or more
def test_resolve_case_plural_hyphen_alias(backend, name):
    assert api.resolve(backend, name)["id"] == "Method:sparse autoencoder"


def test_a_name_typed_in_capitals_throughout_resolves(backend):
    assert api.resolve(backend, "SPARSE AUTOENCODERS")["id"] == "Method:sparse autoencoder"
    assert (
        NameIndex(
            [
                entity_dict(
                    "Concept:label noise",
                    {"label": "Concept", "key": "label noise", "name": "label noise", "aliases": [], "papers": 2},
                )
            ]
        ).resolve("LABEL NOISE")["key"]
        == "label noise"
    )


@pytest.mark.parametrize("name", ["CIFAR-10", "cifar10", "Cifar 10", "CIFAR_10"])
def test_resolve_letter_digit_joins(backend, name):
    assert api.resolve(backend, name)["id"] == "Dataset:cifar10"


def test_resolve_alias_of_other_surface_form(backend):
    assert api.resolve(backend, "Noisy Labels")["id"] == "Concept:label noise"


def test_unknown_name_suggests_closest(backend):
    with pytest.raises(NotFound) as err:
        api.resolve(backend, "difusion")
    assert err.value.suggestions[0] == "diffusion"
    assert "not found" in str(err.value) and "diffusion" in str(err.value)


def test_unknown_name_without_close_match_has_no_suggestions(backend):
    with pytest.raises(NotFound) as err:
        api.resolve(backend, "zzzzqqq")
    assert err.value.suggestions == []


def test_resolution_prefers_key_then_more_papers():
    ents = [
        {
            "id": "Concept:diffusion",
            "label": "Concept",
            "key": "diffusion",
            "name": "diffusion",
            "aliases": [],
            "papers": 1,
        },
        {
            "id": "Method:diffusion model",
            "label": "Method",
            "key": "diffusion model",
            "name": "Diffusion",
            "aliases": ["diffusion"],
            "papers": 9,
        },
        {
            "id": "Method:diffusion",
            "label": "Method",
            "key": "diffusion",
            "name": "diffusion",
            "aliases": [],
            "papers": 5,
        },
    ]
    index = NameIndex(ents)
    assert index.resolve("Diffusion")["id"] == "Method:diffusion"  # key match, more papers than the Concept
    assert index.resolve("diffusion", "Concept")["id"] == "Concept:diffusion"


def test_top_orders_by_papers_then_key(backend):
    rows = api.top(backend, n=4)
    assert [(r["name"], r["papers"]) for r in rows] == [
        ("ImageNet", 3),
        ("CIFAR-10", 2),
        ("diffusion", 2),
        ("invariance", 2),
    ]
    assert [r["name"] for r in api.top(backend, "method")] == ["NoiseNet", "BERT", "FlowNet", "sparse autoencoder"]
    assert api.top(backend, "Datasets", n=1)[0]["id"] == "Dataset:imagenet"


def test_top_rejects_unknown_type(backend):
    with pytest.raises(QueryError, match="unknown type"):
        api.top(backend, "gadget")


def test_show_card(backend):
    card = api.show(backend, "label-noise")
    assert card["entity"]["aliases"] == ["label noise", "noisy labels"]
    assert [p["id"] for p in card["papers"]] == ["Paper:p2", "Paper:p1"]  # newest first
    assert card["papers"][1]["evidence"] == ["We propose NoiseNet for label noise."]
    assert card["papers"][1]["rels"] == ["MENTIONS"]
    assert card["related"][0]["name"] == "CIFAR-10"  # strongest association


def test_papers_all_filters_must_match(backend):
    assert [p["id"] for p in api.papers(backend, dataset=["CIFAR-10"])] == ["Paper:p2", "Paper:p1"]
    both = api.papers(backend, dataset=["cifar10"], concept=["diffusion"])
    assert [p["id"] for p in both] == ["Paper:p2"]
    assert both[0]["rels"] == ["EVALUATES_ON", "MENTIONS"]
    assert both[0]["evidence"] == ["Diffusion models clean noisy labels on CIFAR-10 and ImageNet."]


def test_papers_year_range(backend):
    rows = api.papers(backend, dataset=["imagenet"], year_from=2024)
    assert [p["year"] for p in rows] == [2024]
    rows = api.papers(backend, year_from=2021, year_to=2021)
    assert [p["id"] for p in rows] == ["Paper:p1"]
    with pytest.raises(QueryError, match="after"):
        api.papers(backend, year_from=2025, year_to=2020)


def test_papers_filter_falls_back_to_any_label(backend):
    # "NoiseNet" is a Method, not a Concept: the filter still finds it
    assert {p["id"] for p in api.papers(backend, concept=["NoiseNet"])} == {"Paper:p1", "Paper:p5"}


def test_related_ranked_by_strength_then_shared(backend):
    rows = api.related(backend, "diffusion")
    assert [r["name"] for r in rows] == ["image classification", "ImageNet", "CIFAR-10", "invariance", "label noise"]
    assert rows[1]["shared"] == 2 and rows[1]["strength"] == pytest.approx(5 / 3)
    assert [r["name"] for r in api.related(backend, "diffusion", "concept")] == ["invariance", "label noise"]
    assert len(api.related(backend, "diffusion", n=2)) == 2


def test_shortest_paths_listed_out_of_order_are_not_trusted(backend, monkeypatch):
    """LadybugDB 0.22 lists the nodes of some undirected shortest paths out of order: the
    breadth-first search answers then (``path_strategy="shortest"`` says so)."""
    expected = api.path(backend, "flownet", "label noise")["nodes"]
    read = backend._read

    def scrambled(query, params=None):
        rows = read(query, params)
        return [{"ns": row["ns"][1:] + row["ns"][:1]} for row in rows] if "SHORTEST" in query else rows

    monkeypatch.setattr(backend, "_read", scrambled)
    assert api.path(backend, "flownet", "label noise")["nodes"] == expected
    assert backend.last_path_strategy == "bfs"
    backend.path_strategy = "shortest"
    with pytest.raises(QueryError, match="out of order"):
        api.path(backend, "flownet", "label noise")


def test_path_explained_through_papers(backend):
    result = api.path(backend, "flownet", "label noise")
    assert result["nodes"] == [
        "Method:flownet",
        "Paper:p4",
        "Concept:invariance",
        "Paper:p3",
        "Concept:diffusion",
        "Paper:p2",
        "Concept:label noise",
    ]
    first = result["hops"][0]
    assert first["paper"]["title"] == "FlowNet: Invariance for Forecasting"
    assert first["source_rels"] == ["PROPOSES"] and first["target_rels"] == ["MENTIONS"]
    assert first["source_evidence"] == ["We introduce FlowNet, enforcing invariance for time series forecasting."]
    lines = api.explain_path(result)
    assert lines[0].startswith("FlowNet (Method) → label noise (Concept) in 3 paper(s)")
    assert any("Invariant Features via Diffusion" in line for line in lines)
    assert [r["hop"] for r in api.path_rows(result)] == [1, 2, 3]


def test_path_same_entity_and_no_path(backend, graph):
    assert api.path(backend, "bert", "BERT")["hops"] == []
    add_entity(graph, "Concept", "island", "island")
    with pytest.raises(QueryError, match="no connection"):
        api.path(graph_backend(graph), "bert", "island")
    with pytest.raises(QueryError, match="within 1 papers"):
        api.path(backend, "flownet", "label noise", max_hops=1)


def test_shortest_path_is_lexicographically_smallest():
    H = nx.Graph([("s", "b"), ("s", "a"), ("a", "z"), ("b", "c"), ("z", "t"), ("c", "t"), ("s", "t2"), ("t2", "x")])
    assert shortest_lexicographic_path(H, "s", "t") == ["s", "a", "z", "t"]
    # insertion order does not matter
    H2 = nx.Graph(list(reversed(list(H.edges))))
    assert shortest_lexicographic_path(H2, "s", "t") == ["s", "a", "z", "t"]
    assert shortest_lexicographic_path(H, "s", "nowhere") is None


def test_results_do_not_depend_on_insertion_order(graph):
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    a, b = graph_backend(graph), graph_backend(shuffled)
    assert api.show(a, "diffusion") == api.show(b, "diffusion")
    assert api.papers(a, dataset=["imagenet"]) == api.papers(b, dataset=["imagenet"])
    assert api.path(a, "bert", "invariance") == api.path(b, "bert", "invariance")
    assert api.top(a) == api.top(b)


def test_parse_params():
    assert api.parse_params(["n=3", "s=label noise", "l=[1, 2]", "b=true", "x=NaN"]) == {
        "n": 3,
        "s": "label noise",
        "l": [1, 2],
        "b": True,
        "x": "NaN",
    }
    with pytest.raises(QueryError, match="NAME=VALUE"):
        api.parse_params(["novalue"])


def test_open_backend_reads_embedded_store(tmp_path, graph):
    from kg.store import open_store

    store = open_store(tmp_path / "s")
    store.write_graph(graph)
    backend = open_backend(store)
    assert api.resolve(backend, "SAEs")["name"] == "sparse autoencoder"
    assert backend.location == str(tmp_path / "s")


def test_entity_dict_shape(graph):
    assert entity_dict("Dataset:cifar10", graph.nodes["Dataset:cifar10"]) == {
        "id": "Dataset:cifar10",
        "label": "Dataset",
        "key": "cifar10",
        "name": "CIFAR-10",
        "aliases": ["CIFAR-10", "CIFAR10"],
        "papers": 2,
    }


def test_path_explanation_prefers_sentences_naming_both_ends():
    hop = {"source_evidence": ["A only.", "A and B together."], "target_evidence": ["B only.", "A and B together."]}
    assert api.link_sentences(hop) == ["A and B together."]
    assert api.link_sentences({"source_evidence": ["A only.", "A again."], "target_evidence": ["B only."]}) == [
        "A only.",
        "B only.",
    ]
