#!/usr/bin/env bash
# Install the locked runtime requirements (requirements.lock: exact versions and hashes) into .venv and start the app on http://localhost:8501
# (embedded SQLite storage under data/, nothing else to set up).
set -euo pipefail
cd "$(dirname "$0")/.."
# PDF reports need Pango and fonts; chart images in reports need chromium.
scripts/debian_packages.sh chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0
# Debian's python3 makes virtual environments only with python3-venv installed.
python3 -c "import ensurepip" 2>/dev/null || scripts/debian_packages.sh python3-venv
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --require-hashes -r requirements.lock
# The package is compiled once here: a start that compiles its modules is 0.2 s slower, and
# nothing is cached where PYTHONDONTWRITEBYTECODE is set. (Streamlit compiles app.py and the
# page scripts from source at every run, whatever is cached.)
.venv/bin/python -m compileall -q secu4all_ethics
exec .venv/bin/python -m streamlit run app.py --browser.gatherUsageStats false "$@"
