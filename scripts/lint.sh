#!/usr/bin/env bash
# Lint: ruff check, ruff format --check and mypy (configured in pyproject.toml), with the
# tools of ./.venv (bash scripts/install.sh test installs them). Runs every check, then
# exits non-zero if any failed. Usage: scripts/lint.sh [PATHS...] (default: the whole tree)
set -uo pipefail
cd "$(dirname "$0")/.."
for tool in ruff mypy; do
  if [ ! -x ".venv/bin/$tool" ]; then
    echo "scripts/lint.sh: .venv/bin/$tool is missing; run: bash scripts/install.sh test" >&2
    exit 2
  fi
done
PATHS=("$@")
[ ${#PATHS[@]} -eq 0 ] && PATHS=(kg extract queries bench scripts tests)
status=0
echo "== ruff check"
.venv/bin/ruff check "${PATHS[@]}" || status=1
echo "== ruff format --check"
.venv/bin/ruff format --check "${PATHS[@]}" || status=1
echo "== mypy"  # the packages listed in [tool.mypy] files
.venv/bin/mypy || status=1
exit $status
