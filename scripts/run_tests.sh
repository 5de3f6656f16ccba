#!/usr/bin/env bash
# Install everything the tests need and run the whole suite.
# Debian packages (chromium for browser tests, postgresql for storage tests,
# poppler-utils for PDF checks) are installed with apt-get when missing; this
# needs root, as on CI and the project's development machines.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(chromium postgresql poppler-utils fonts-dejavu-core)
missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
