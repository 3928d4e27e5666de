#!/usr/bin/env bash
# Quickstart 1: install, build a graph from the example corpus into the embedded
# store, then print its summary and a few views.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export KG_STORE="${KG_STORE:-kg-store}"
.venv/bin/kg build examples/*.jsonl examples/*.txt
.venv/bin/kg stats
# what the extractor sees in one sentence: typed mentions, proposals, abbreviations
.venv/bin/kg extract --title "QuickStep: Faster Sampling for Diffusion Models" \
  "We propose QuickStep, a sampler for latent diffusion models (LDMs), and report FID on CIFAR-10 and ImageNet."
