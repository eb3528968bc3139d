#!/usr/bin/env bash
# Compiles the translation catalogues (locale/<lang>/LC_MESSAGES/django.po)
# into the .mo files Django reads. The .mo files are build output, never
# committed: `make run`, `make test` and the Docker build run this script.
# msgfmt --check also refuses a translation whose placeholders do not match
# its English source, so a broken catalogue fails the build, not a page.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
for po in locale/*/LC_MESSAGES/*.po; do
  msgfmt --check --output-file="${po%.po}.mo" "$po"
done
