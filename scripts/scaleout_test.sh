#!/usr/bin/env bash
# Two app processes on one PostgreSQL cluster behind Debian's nginx (deploy/nginx-secu4all.conf),
# driven through nginx by Chromium: tests/e2e/test_scaleout.py. Needs nginx, postgresql and
# chromium (scripts/run_tests.sh installs them) and the test requirements in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m pytest -n 0 -p no:cacheprovider tests/e2e/test_scaleout.py "$@"
