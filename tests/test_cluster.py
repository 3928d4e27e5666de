"""`kg build --cluster`: extraction as Dask tasks (kg/build/cluster.py).

The parity test runs the real spaCy model in two LocalCluster worker processes and
compares the graph with a local build. The tcp:// tests start a scheduler of their own
(a LocalCluster reached by its address) whose workers extract with the fake extractor
and fail where tests/fixtures/cluster_plugins.py's control file says.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build.cache import ExtractionCache, decode_record
from kg.build.cluster import ClusterError, parse_cluster
from kg.build.pipeline import build, same_graph
from kg.cli import app
from kg.store import EmbeddedStore

runner = CliRunner()

#: twelve short abstracts (id, title, abstract) sharing methods, datasets and tasks
ABSTRACTS = [
    (
        "c01",
        "GraphMix: Mixing Node Features for Semi-Supervised Node Classification",
        "We propose GraphMix, a regularisation method for graph neural networks. GraphMix trains a "
        "graph convolutional network with mixed node features and improves node classification on Cora and PubMed.",
    ),
    (
        "c02",
        "Sparse Attention for Long Documents",
        "Transformers scale quadratically with sequence length. We introduce BlockSparse, a sparse attention "
        "mechanism, and evaluate it on document classification with the arXiv dataset and on question answering.",
    ),
    (
        "c03",
        "Contrastive Pretraining of Graph Encoders",
        "We present GraphCL, a contrastive learning framework for graph neural networks. Pretrained on "
        "molecular graphs, GraphCL improves node classification on Cora and graph classification on PROTEINS.",
    ),
    (
        "c04",
        "Label Noise in Image Classification",
        "Deep networks memorise noisy labels. We propose CoTeach, which trains two ResNet models that "
        "select clean samples for each other, and report image classification accuracy on CIFAR-10 and Clothing1M.",
    ),
    (
        "c05",
        "Efficient Transformers for Question Answering",
        "We study sparse attention for question answering on SQuAD and Natural Questions. BlockSparse "
        "matches the accuracy of BERT while using half the memory.",
    ),
    (
        "c06",
        "Self-Training with Noisy Students",
        "We propose Noisy Student, a self-training method for image classification. A ResNet teacher labels "
        "unlabelled images, and the student, trained with dropout and data augmentation, improves accuracy on ImageNet.",
    ),
    (
        "c07",
        "Benchmarking Graph Neural Networks",
        "We benchmark graph convolutional networks and graph attention networks on node classification. "
        "On Cora, PubMed and Citeseer, simple baselines match GraphMix when tuned carefully.",
    ),
    (
        "c08",
        "Data Augmentation for Robust Image Classification",
        "We introduce AugMax, a data augmentation method that combines diverse and adversarial transformations. "
        "AugMax improves the robustness of ResNet models on CIFAR-10 and ImageNet.",
    ),
    (
        "c09",
        "Retrieval-Augmented Question Answering",
        "We present RAGQA, which retrieves passages with a dense retriever and reads them with BERT. "
        "RAGQA improves question answering on Natural Questions and TriviaQA.",
    ),
    (
        "c10",
        "Molecular Property Prediction with Graph Transformers",
        "We propose MolFormer, a graph transformer for molecular property prediction. Contrastive pretraining "
        "with GraphCL helps MolFormer on graph classification benchmarks such as PROTEINS.",
    ),
    (
        "c11",
        "Calibration of Image Classifiers",
        "Modern ResNet models are overconfident. We propose TempScale, a post-hoc calibration method, and "
        "measure expected calibration error for image classification on CIFAR-10 and ImageNet.",
    ),
    (
        "c12",
        "Long-Context Summarisation",
        "We introduce LongSum, a sparse attention model for document summarisation. LongSum builds on "
        "BlockSparse and outperforms BERT baselines on the arXiv dataset.",
    ),
]


def write_papers(folder: Path, rows) -> Path:
    path = folder / "papers.jsonl"
    path.write_text("".join(json.dumps({"id": i, "title": t, "abstract": a}) + "\n" for i, t, a in rows))
    return path


def kg(*args):
    return runner.invoke(app, list(args))


# -- bad values, and no Dask without --cluster (fast) ------------------------------------
@pytest.mark.parametrize("value", ["local", "local:0", "local:-1", "local:two", "tcp://host", "http://h:8786", ""])
def test_a_bad_cluster_value_is_one_clear_error(value, tmp_path):
    with pytest.raises(ValueError, match=r"expected local:N .* or tcp://HOST:PORT"):
        parse_cluster(value)
    src = write_papers(tmp_path, ABSTRACTS[:1])
    result = kg("build", str(src), "--store", str(tmp_path / "st"), "--cluster", value)
    assert result.exit_code == 1
    assert f"--cluster {value!r}: expected local:N" in result.stderr
    assert not (tmp_path / "st").exists()  # failed before anything was read or written


def test_the_python_api_checks_the_value_before_reading(tmp_path):
    store = EmbeddedStore(tmp_path / "st")
    with pytest.raises(ValueError, match="`cluster` 'local:x'"):
        build([tmp_path / "missing.jsonl"], store, cluster="local:x")


def test_options_that_do_not_combine_with_cluster(tmp_path):
    src = write_papers(tmp_path, ABSTRACTS[:1])
    result = kg("build", str(src), "--store", str(tmp_path / "st"), "--cluster", "local:2", "--n-process", "2")
    assert result.exit_code == 1 and "--n-process and --cluster do not combine" in result.stderr
    result = kg("build", str(src), "--store", str(tmp_path / "st"), "--shards", str(tmp_path / "sh"))
    assert result.exit_code == 1 and "--shards needs --cluster" in result.stderr


@pytest.mark.slow
def test_no_dask_is_imported_without_cluster():
    code = (
        "import sys, kg.cli.build_cmds, kg.build.pipeline, kg.build.cluster\n"
        "kg.build.cluster.parse_cluster('local:2')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed', 'fsspec')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_missing_dask_names_the_install_command(tmp_path, monkeypatch):
    import kg.build.cluster as cluster

    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import fails as if not installed
    cache = ExtractionCache(tmp_path / "c.sqlite")
    with pytest.raises(
        ClusterError, match=r"needs the 'cluster' extra \(Dask is not installed\): pip install 'paperkg\[cluster\]'"
    ):
        cluster.extract_on_cluster([("h", "p", "T", "A")], cache, cluster="local:1", fingerprint="f")
    cache.close()


# -- one task and one shard, in this process (fast) ------------------------------------------
def test_a_task_writes_one_shard_keyed_by_hash_that_imports_into_the_cache(tmp_path, monkeypatch):
    from extract.fingerprint import fingerprint
    from kg.build import cluster
    from tests.fixtures.fake_extraction import FakeExtractor

    monkeypatch.setattr(cluster, "worker_extractor", lambda model=None: FakeExtractor())
    items = [("h1", "p1", "T1", "Method:Alpha | Dataset:CIFAR-10"), ("h2", "p2", "T2", "Task:image classification")]
    shard = str(tmp_path / "deep" / "s.parquet")
    assert cluster.extract_batch(items, None, 64, shard, fingerprint()) == (shard, 2)
    rows = cluster.read_shard(shard)
    assert [h for h, _ in rows] == ["h1", "h2"]
    cache = ExtractionCache(tmp_path / "c.sqlite")
    records = cluster.import_shard(shard, cache)
    assert [m.key for m in records["h1"].mentions] == ["alpha", "cifar-10"] and records["h2"].paper_id == "p2"
    assert {h: r.to_dict() for h, r in cache.get_many(["h1", "h2"]).items()} == {
        h: r.to_dict() for h, r in records.items()
    }
    cache.close()


def test_a_worker_with_another_extractor_refuses(tmp_path):
    from kg.build.cluster import extract_batch

    with pytest.raises(RuntimeError, match=r"differs from the client's \(0000\): install the same paperkg version"):
        extract_batch([("h", "p", "T", "A")], None, 64, str(tmp_path / "s.parquet"), "0000")
    assert not (tmp_path / "s.parquet").exists()


def test_a_missing_or_damaged_shard_is_one_clear_error(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from extract.record import Extraction
    from kg.build.cache import encode_record
    from kg.build.cluster import import_shard, read_shard

    with pytest.raises(
        ClusterError, match="is not there for the client: with workers on other machines, give `shards`"
    ):
        read_shard(str(tmp_path / "gone.parquet"))
    (tmp_path / "junk.parquet").write_bytes(b"not parquet")
    with pytest.raises(ClusterError, match="junk.parquet cannot be read"):
        read_shard(str(tmp_path / "junk.parquet"))
    stored = encode_record(Extraction("p", sentences=["Alpha."]))
    pq.write_table(pa.table({"hash": ["h"], "record": [stored.replace("Alpha", "Beta")]}), tmp_path / "bad.parquet")
    cache = ExtractionCache(tmp_path / "c.sqlite")
    with pytest.raises(ClusterError, match="the record of h is damaged"):
        import_shard(str(tmp_path / "bad.parquet"), cache)
    assert len(cache) == 0
    cache.close()


# -- a LocalCluster with the real model: the same graph as a local build ----------------------
@pytest.mark.slow
def test_local_cluster_builds_the_graph_of_a_local_build(tmp_path, monkeypatch, reuse_extractor):
    src = write_papers(tmp_path, ABSTRACTS)
    monkeypatch.setenv("KG_CACHE", str(tmp_path / "local-cache" / "extractions.sqlite"))
    assert kg("build", str(src), "--store", str(tmp_path / "local"), "--json").exit_code == 0
    monkeypatch.delenv("KG_CACHE")
    shards = tmp_path / "shards"
    result = kg(
        "build", str(src), "--store", str(tmp_path / "dask"), "--cluster", "local:2", "--shards", str(shards), "--json"
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["extracted"], report["cached"]) == (12, 0)

    stats = [kg("stats", "--store", str(tmp_path / name), "--json").stdout for name in ("local", "dask")]
    assert json.loads(stats[0])["nodes"]["Method"] > 3
    assert stats[0] == stats[1]
    one, two = EmbeddedStore(tmp_path / "local"), EmbeddedStore(tmp_path / "dask")
    assert same_graph(one.read_graph(), two.read_graph())
    one.close(), two.close()

    # 12 papers over 2 workers: tasks of 8 and 4, one Parquet shard each, keyed by content hash,
    # holding what the cache holds
    import pyarrow.parquet as pq

    tables = [pq.read_table(p) for p in sorted(shards.glob("*.parquet"))]
    assert sorted(t.num_rows for t in tables) == [4, 8]
    rows = {
        h: r for t in tables for h, r in zip(t.column("hash").to_pylist(), t.column("record").to_pylist(), strict=True)
    }
    cache = ExtractionCache(tmp_path / "dask" / "extractions.sqlite")
    assert len(cache) == 12
    assert {h: r.to_dict() for h, r in cache.get_many(rows).items()} == {
        h: decode_record(r).to_dict() for h, r in rows.items()
    }
    cache.close()

    # a second build takes every record from the imported cache: no cluster is started
    again = json.loads(
        kg("build", str(src), "--store", str(tmp_path / "dask"), "--cluster", "local:2", "--json").stdout
    )
    assert (again["extracted"], again["cached"], again["changed"]) == (0, 12, False)


# -- an existing scheduler reached by tcp://, workers with the fake extractor ------------------
FAKE = [
    (f"f{i:02d}", f"Paper {i}", f"Method+:Alpha{i} | Dataset:CIFAR-10 | Method:ResNet | Task:image classification")
    for i in range(12)
]


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """A scheduler at a tcp:// address with one worker process, its workers patched by
    :class:`tests.fixtures.cluster_plugins.FakeExtraction`; yields (address, control file)."""
    from distributed import Client, LocalCluster

    from tests.fixtures.cluster_plugins import FakeExtraction

    control = tmp_path_factory.mktemp("control") / "control.json"
    control.write_text(json.dumps({"fail": [], "times": 0}))
    with (
        LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(FakeExtraction(str(control)))
        yield cluster.scheduler_address, control


@pytest.fixture
def fake_local(monkeypatch):
    from kg.build import pipeline
    from tests.fixtures.fake_extraction import FakeExtractor

    monkeypatch.setattr(pipeline, "load_extractor", lambda model=None: FakeExtractor())


@pytest.mark.slow
def test_tcp_scheduler_retries_a_task_that_fails_once(scheduler, tmp_path, fake_local):
    address, control = scheduler
    assert address.startswith("tcp://127.0.0.1:")
    control.write_text(json.dumps({"fail": ["f03"], "times": 1}))
    src = write_papers(tmp_path, FAKE)
    local = EmbeddedStore(tmp_path / "local")
    build([src], local)
    store = EmbeddedStore(tmp_path / "dask")
    report = build([src], store, cluster=address, shards=str(tmp_path / "shards"))
    assert (report.extracted, report.cached) == (12, 0)
    assert (control.parent / "failed-f03-0").exists()  # it did fail once, and was run again
    assert same_graph(local.read_graph(), store.read_graph())
    local.close(), store.close()


@pytest.mark.slow
def test_a_task_that_keeps_failing_is_a_clear_error_and_the_others_are_imported(scheduler, tmp_path, fake_local):
    address, control = scheduler
    control.write_text(json.dumps({"fail": ["f11"], "times": -1}))
    src = write_papers(tmp_path, FAKE)
    store = EmbeddedStore(tmp_path / "dask")
    with pytest.raises(ClusterError) as caught:
        build([src], store, cluster=address, cache_path=tmp_path / "cache.sqlite")
    message = str(caught.value)
    # one worker: tasks of 8 and 4 papers; f11 is in the second
    assert (
        "1 of 2 extraction tasks failed after 2 retries (4 papers not extracted; the other 8 are in the extraction cache"
        in message
    )
    assert (
        "the task of papers.jsonl#f08 and 3 more papers: RuntimeError: injected failure for papers.jsonl#f11" in message
    )
    assert not store.exists()  # nothing written
    cache = ExtractionCache(tmp_path / "cache.sqlite")
    assert len(cache) == 8
    cache.close()
    assert list((tmp_path / "extraction-shards").glob("*.parquet"))  # beside the cache by default

    control.write_text(json.dumps({"fail": [], "times": 0}))  # the worker is mended: the rest goes through
    report = build([src], store, cluster=address, cache_path=tmp_path / "cache.sqlite")
    assert (report.extracted, report.cached, report.papers) == (4, 8, 12)


@pytest.mark.slow
def test_an_unreachable_scheduler_is_one_clear_error(tmp_path, monkeypatch, fake_local):
    from kg.build import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2)
    src = write_papers(tmp_path, FAKE[:2])
    result = kg("build", str(src), "--store", str(tmp_path / "st"), "--cluster", "tcp://127.0.0.1:9")
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
