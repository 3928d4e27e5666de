#!/usr/bin/env bash
# Reproduce the span proposer shipped in extract/models/scierc_ner from SciERC (../shared).
#   bash scripts/train.sh                  # default recipe (see extract/training/train.py)
#   bash scripts/train.sh --init none      # options of extract.training.train
# Installs paperkg into ./.venv first (PyPI only); about 10-15 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/python -m extract.training.train "$@"
