"""Run a snippet of Python under several string-hash seeds (for reproducibility tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def outputs_across_hash_seeds(code: str, seeds=("1", "2", "3")) -> list[str]:
    """The stdout of ``python -c code`` (run from the repository root) under each ``PYTHONHASHSEED``."""
    outs = []
    for seed in seeds:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=str(ROOT))
        assert r.returncode == 0, r.stderr
        outs.append(r.stdout)
    return outs
