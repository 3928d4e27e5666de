#!/usr/bin/env bash
# Quickstart 2: install with test extras (and Debian's chromium), lint, run the whole test suite.
# Arguments go to pytest, e.g. the quick run: scripts/test.sh -m "not slow and not browser and not bolt and not harness"
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh test
bash scripts/lint.sh
exec .venv/bin/python -m pytest "$@"
