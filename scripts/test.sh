#!/usr/bin/env bash
# Quickstart 2: install with test extras (and Debian's chromium), run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh test
exec .venv/bin/python -m pytest "$@"
