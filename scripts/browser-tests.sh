#!/usr/bin/env bash
# Page tests in a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium
# from PyPI in a venv this script makes). Needs .build/debug/junheng; screenshots go to
# test-artifacts/screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-browser
if [[ ! -x "$VENV/bin/pytest" ]]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r Tests/Browser/requirements.txt
fi
"$VENV/bin/pytest" -q -p no:cacheprovider Tests/Browser "$@"
