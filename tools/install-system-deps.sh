#!/usr/bin/env bash
# Install what the tests need beyond Python: LibreOffice (render to PDF), poppler (pdftoppm, pdftotext), the
# Norwegian hunspell dictionaries and enchant (`make-deck check` spells nb and nn),
# Carlito (metric-compatible with Calibri, the theme font), Node.js and the OOXML validator (tools/validator),
# Chromium and its WebDriver (the browser tests of `make-deck serve`, through Selenium); python3-uno lets the
# harvest tests edit decks in LibreOffice Impress through its own API (tests/office_edit.py).
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(libreoffice-impress python3-uno poppler-utils fonts-crosextra-carlito fonts-liberation2 hunspell-no
  libenchant-2-2 chromium chromium-driver)
# Node.js may come from elsewhere (NodeSource, nvm): Debian's is installed only when the command is missing,
# as NodeSource's nodejs conflicts with Debian's npm. Debian 12's Node 18 runs the validator.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ -f tools/validator/package.json ]; then
  # The exact versions in package-lock.json; the package carries the SDK as WebAssembly and downloads nothing more.
  (cd tools/validator && npm ci --no-audit --no-fund --loglevel=error)
fi
