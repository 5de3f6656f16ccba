#!/usr/bin/env bash
# Regenerate requirements.lock and requirements-dev.lock (exact versions and hashes) from the
# inputs requirements.txt and requirements-dev.txt, with pip-tools in a virtual environment of its
# own. The dev lock is constrained by the runtime lock, so both install the same runtime versions.
# Run it after changing an input; tests/unit/test_locks.py fails until the locks agree with them.
# Extra arguments go to both pip-compile runs (e.g. --upgrade-package streamlit).
set -euo pipefail
cd "$(dirname "$0")/.."
tools="${LOCK_TOOLS_VENV:-.cache/lock-tools}"
[ -x "$tools/bin/pip-compile" ] || {
    python3 -m venv "$tools"
    "$tools/bin/python" -m pip install --quiet --upgrade pip
    "$tools/bin/python" -m pip install --quiet "pip-tools>=7.4,<8"
}
export CUSTOM_COMPILE_COMMAND="bash scripts/lock_requirements.sh"
compile=("$tools/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links "$@")
"${compile[@]}" --output-file requirements.lock requirements.txt
"${compile[@]}" --constraint requirements.lock --output-file requirements-dev.lock requirements-dev.txt
