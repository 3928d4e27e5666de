"""The README's Python API loop over a node's edges runs on a stored graph (CO_OCCURS edges included)."""

from kg.store import open_store


def test_the_readme_loop_over_a_nodes_edges_works(tmp_path, small_graph):
    store = open_store(tmp_path / "kg-store")
    store.write_graph(small_graph)
    G = store.read_graph()
    lines = []
    assert any(k == "CO_OCCURS" for *_, k in G.in_edges("Concept:label noise", keys=True))  # the edges that broke it
    for source, _, rel, data in G.in_edges("Concept:label noise", keys=True, data=True):
        if G.nodes[source]["label"] == "Paper":
            lines.append((G.nodes[source]["title"], rel, data["evidence"][0]))
    assert sorted(lines) == [
        (
            "Diffusion Models for Label Noise",
            "MENTIONS",
            "Diffusion models clean noisy labels on CIFAR-10 and ImageNet.",
        ),
        ("NoiseNet: Robust Training under Label Noise", "MENTIONS", "We propose NoiseNet for label noise."),
    ]
