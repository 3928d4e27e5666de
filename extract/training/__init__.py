"""Training the statistical span component (``scripts/train.sh``): SciERC → DocBin, spaCy config."""
