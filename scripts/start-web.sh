#!/usr/bin/env bash
# What the web container runs (docker-compose.yml), and `make serve`:
# migrate, load the built-in question banks, collect static files, then
# serve with gunicorn. Tests run this same script.
set -euo pipefail
cd "$(dirname "$0")/.."
# The project's virtualenv on a checkout; the image installs into the system Python.
BIN=""
[ -x .venv/bin/python ] && BIN=.venv/bin/

"${BIN}python" manage.py migrate --noinput
"${BIN}python" manage.py sync_frameworks
"${BIN}python" manage.py collectstatic --noinput --verbosity 0
exec "${BIN}gunicorn" assessor.wsgi:application \
  --bind "${BIND:-0.0.0.0:8000}" \
  --workers "${WEB_WORKERS:-3}" \
  --timeout "${WEB_TIMEOUT:-60}" \
  --access-logfile - \
  --forwarded-allow-ips="${FORWARDED_ALLOW_IPS:-127.0.0.1}"
