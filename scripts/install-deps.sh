#!/usr/bin/env bash
# Installs the Debian packages Junheng needs, only those that are missing.
#   scripts/install-deps.sh build   # to build and run: OpenCC (traditional→simplified conversion),
#                                   # Chromium and a CJK font (reports printed to PDF), poppler-utils
#                                   # (pdftotext reads PDF plans), libreoffice-writer-nogui (converts
#                                   # .doc and .wps plans to DOCX)
#   scripts/install-deps.sh test    # also PostgreSQL (the tests run on both engines),
#                                   # Chromium's driver (page tests), sqlite3, python3-venv (the
#                                   # page tests' Selenium venv), libreoffice-calc-nogui (opens the
#                                   # written workbooks to check them)
set -euo pipefail

purpose=${1:-build}
packages=(libopencc-dev pkg-config chromium fonts-wqy-microhei poppler-utils libreoffice-writer-nogui)
if [[ "$purpose" == "test" ]]; then
  packages+=(postgresql sqlite3 chromium-driver python3-venv libreoffice-calc-nogui)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
SUDO=()
[[ $(id -u) -ne 0 ]] && SUDO=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
