"""The reader fuzz harness (bench/fuzz_readers.py) in its short mode: mutated files of
every reader give no traceback and no hang, and partly bad files lose no good record."""

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kg.readers

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "fuzz_readers.py"


def load_harness():
    spec = importlib.util.spec_from_file_location("fuzz_readers", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_readers"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_short_fuzz_run_has_no_crash_hang_or_lost_record():
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--short", "--json", "--seed", "3"], capture_output=True, text=True, timeout=600
    )
    report = json.loads(out.stdout)
    readers = {r["reader"] for r in report["results"]}
    assert len(readers) == 17 and {"bibtex", "ris", "pubmed_xml", "wos", "openalex"} <= readers
    assert all(r["files"] == 45 and r["partly_bad_files"] == 5 for r in report["results"])
    assert report["total"] == {"files": 765, "crashes": 0, "hangs": 0, "good_records_lost": 0}, report
    assert out.returncode == 0


@pytest.mark.slow
def test_the_harness_counts_crashes_hangs_and_lost_records(monkeypatch):
    """A reader that raises, hangs or drops records is caught (the harness can fail)."""
    harness = load_harness()

    def broken(paths, **kw):
        name = Path(paths[0]).name
        if name.startswith("jsonl-1."):
            raise ValueError("boom")
        if name.startswith("jsonl-2."):
            time.sleep(30)
        return kg.readers.ReadReport()

    monkeypatch.setattr(kg.readers, "read_sources", broken)
    (res,) = harness.run(files_per_reader=3, readers=["jsonl"], limit=2.0)
    assert (res.files, res.crashes, res.hangs) == (8, 1, 1)
    assert res.partly_bad_files == 5 and res.good_records_lost == 20  # the 4 good records of each partly bad file
    assert "ValueError: boom" in res.examples[0]
