#!/usr/bin/env bash
# Install paperkg into ./.venv (created if missing). Usage: scripts/install.sh [base|viz|cluster|test]
#   base  the package alone: build, query, export, Neo4j (no concept-map page)
#   viz   (default) also the `viz` extra: pyvis and scipy for `kg viz`
#   cluster  also the `cluster` extra: Dask for `kg build --cluster`
#   test  also the test extras and the system packages the tests drive
#         (Debian's chromium + chromium-driver for the browser test); waits for
#         another apt-get/dpkg to release its lock (APT_LOCK_WAIT seconds, default 600)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
WHAT=${1:-viz}
case "$WHAT" in
  base) SPEC="." ;;
  viz) SPEC=".[viz]" ;;
  cluster) SPEC=".[viz,cluster]" ;;
  test) SPEC=".[test]" ;;
  *) echo "usage: scripts/install.sh [base|viz|cluster|test]" >&2; exit 2 ;;
esac
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$SPEC"
if [ "$WHAT" = "test" ] && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; }; then
  # shellcheck source=scripts/apt_wait.sh
  source scripts/apt_wait.sh
  APT_SUDO=""; [ "$(id -u)" -ne 0 ] && APT_SUDO="sudo"
  echo "installing chromium + chromium-driver (Debian packages) for the browser test..."
  apt_get update -qq >/dev/null
  apt_get install -y -qq chromium chromium-driver >/dev/null
fi
