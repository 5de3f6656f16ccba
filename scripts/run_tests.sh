#!/usr/bin/env bash
# Install everything the tests need, run the gates (ruff, mypy) and the whole suite.
# Debian packages (chromium for browser tests and chart images, postgresql for
# storage tests, poppler-utils for PDF checks, Pango for PDF reports) are installed with apt-get when missing; this
# needs root, as on CI and the project's development machines.
set -euo pipefail
cd "$(dirname "$0")/.."

# Report rendering needs Pango (WeasyPrint) and chromium (chart images) as well.
scripts/debian_packages.sh chromium postgresql nginx poppler-utils fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0

# axe-core, which tests/e2e/test_accessibility.py runs in Chromium, comes from the npm registry
# into a git-ignored folder of the checkout (npm itself is needed only here, not by the app).
command -v npm >/dev/null || scripts/debian_packages.sh nodejs npm
npm install --prefix .cache/node --no-save --no-audit --no-fund --loglevel=error axe-core@4.14.1

# Debian's python3 makes virtual environments only with python3-venv installed.
python3 -c "import ensurepip" 2>/dev/null || scripts/debian_packages.sh python3-venv
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --require-hashes -r requirements-dev.lock

# The locked runtime versions against PyPI's advisories: fails on an advisory not reviewed in
# audit-ignore.txt, says so plainly (and goes on) when the database cannot be reached.
.venv/bin/python scripts/audit_dependencies.py requirements.lock

# The gates, configured in pyproject.toml: lint, formatting, then types of the package.
.venv/bin/python -m ruff check .
.venv/bin/python -m ruff format --check .
.venv/bin/python -m mypy
# Two workers, whatever the machine: the browser tests keep to one of them (tests/conftest.py), the
# unit and AppTest suites share both. More workers would start more PostgreSQL servers and chart
# renderers than the tests gain from.
exec .venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
