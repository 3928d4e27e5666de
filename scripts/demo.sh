#!/usr/bin/env bash
# Quickstart 1: install, build a graph from the example corpus into the embedded
# store (./kg-store, or $KG_STORE), then print its summary and a few views.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export KG_STORE="${KG_STORE:-kg-store}"
kg() { .venv/bin/kg "$@"; }
kg build examples/*.jsonl examples/*.txt
kg top --n 10
kg show "label noise"
kg related CIFAR-10 --n 8
kg path invariance "label noise"
kg papers --dataset CIFAR-10
kg papers --search "label noise"
kg show "PrismSeg: Calibrated Semantic Segmentation under Label Noise"
kg query methods_on_dataset --param dataset=CIFAR-10
# what the extractor sees in one text: typed mentions, proposals, abbreviations
kg extract --title "QuickStep: Faster Sampling for Diffusion Models" \
  "We propose QuickStep, a sampler for latent diffusion models (LDMs), and report FID on CIFAR-10 and ImageNet."
