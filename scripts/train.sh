#!/usr/bin/env bash
# Reproduce the span proposer (extract/models/scierc_ner) and the relation classifier
# (extract/models/scierc_rel) shipped in the package, from SciERC (../shared).
#   bash scripts/train.sh                  # default recipe (see extract/training/train.py)
#   bash scripts/train.sh --init none      # options of extract.training.train
#   bash scripts/train.sh --relations-only # only the relation classifier (a few minutes once the two
#                                          # held-out span models are in build/train/folds; they take longer)
# Installs paperkg with the `train` extra (scikit-learn) into ./.venv first (PyPI only);
# about 10-15 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[train]"
exec .venv/bin/python -m extract.training.train "$@"
