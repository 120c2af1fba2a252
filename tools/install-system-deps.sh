#!/usr/bin/env bash
# Install what the tests need beyond Python: LibreOffice (render to PDF), poppler (pdftoppm, pdftotext),
# Carlito (metric-compatible with Calibri, the theme font) and Node.js (the OOXML validator).
set -euo pipefail
packages=(libreoffice-impress poppler-utils fonts-crosextra-carlito nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ] && ! { command -v node >/dev/null && [ "${missing[*]}" = "nodejs npm" ]; }; then
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ -f tools/validator/package.json ]; then
  (cd tools/validator && npm ci --no-audit --no-fund --loglevel=error)
fi
