#!/usr/bin/env bash
# Page tests in a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium
# from PyPI in a venv this script makes). Needs .build/debug/junheng; screenshots go to
# test-artifacts/screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-browser
# The venv is made once and brought up to date whenever requirements.txt changes.
if [[ ! -x "$VENV/bin/pytest" ]]; then
  python3 -m venv "$VENV"
fi
if ! cmp -s Tests/Browser/requirements.txt "$VENV/installed-requirements.txt"; then
  "$VENV/bin/pip" install -q -r Tests/Browser/requirements.txt
  cp Tests/Browser/requirements.txt "$VENV/installed-requirements.txt"
fi
"$VENV/bin/pytest" -q -p no:cacheprovider Tests/Browser "$@"
