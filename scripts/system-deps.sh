#!/usr/bin/env bash
# Installs the Debian packages the app and its tests need, when missing.
# Usage: scripts/system-deps.sh run|test|look
#   run  - what the app itself needs (WeasyPrint's libraries and fonts; cairo,
#          which turns the SVG charts into pictures for the Word report;
#          gettext, whose msgfmt compiles the translation catalogues)
#   test - also what the test suite drives (Chromium, pdftotext, docker-compose)
#   look - also LibreOffice without a screen, which `make look-deliverables`
#          uses to turn the Word report and the deck into PDF pages to look at.
#          Large (a few hundred MB), so only installed when asked for.
# Without root it prints the exact apt-get line and fails, so nothing is
# installed behind the user's back.
set -euo pipefail

run_pkgs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core libcairo2 gettext)
test_pkgs=(poppler-utils chromium docker-compose)
look_pkgs=(poppler-utils libreoffice-writer-nogui libreoffice-impress-nogui)

wanted=("${run_pkgs[@]}")
case "${1:-run}" in
  run) ;;
  test) wanted+=("${test_pkgs[@]}") ;;
  look) wanted+=("${look_pkgs[@]}") ;;
  *) echo "usage: $0 run|test|look" >&2; exit 2 ;;
esac

missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" != "0" ]; then
  echo "Missing system packages. Please run as root:" >&2
  echo "  apt-get update && $line" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$line
