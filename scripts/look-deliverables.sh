#!/usr/bin/env bash
# Renders the demo organization's newest assessment in every report format into
# a folder, converts the Word report and the deck to PDF with LibreOffice
# (headless) and every PDF to PNG pages with pdftoppm, so the documents can be
# looked at page by page. `make look-deliverables` installs what it needs first
# (scripts/system-deps.sh look) and runs this; LOOK_DIR chooses the folder.
# Usage: scripts/look-deliverables.sh FOLDER [render_deliverables options]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: $0 FOLDER}
shift
mkdir -p "$out"
rm -f "$out"/*.png
.venv/bin/python manage.py render_deliverables --out "$out" "$@"
# LibreOffice keeps its profile in HOME; a throwaway one avoids a first-run
# dialog and a lock held by another LibreOffice of the same user.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for office in "$out"/*.docx "$out"/*.pptx; do
  soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf \
    --outdir "$out" "$office" >/dev/null
done
for document in "$out"/*.pdf; do
  pdftoppm -r "${LOOK_DPI:-60}" -png "$document" "${document%.*}"
done
echo "Pages to look at: $(ls "$out"/*.png | wc -l) PNG files in $out"
