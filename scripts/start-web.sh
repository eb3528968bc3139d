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
# gunicorn's worker processes each write their metrics to files here, and
# /metrics adds them up (prometheus_client's multiprocess mode).
if [ -z "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
  PROMETHEUS_MULTIPROC_DIR="$(mktemp -d "${TMPDIR:-/tmp}/assessor-metrics.XXXXXX")"
  export PROMETHEUS_MULTIPROC_DIR
fi
rm -f "${PROMETHEUS_MULTIPROC_DIR}"/*.db
# Threads in each worker process: a phone that is slow to read its answer or
# to hang up ties up one thread, not a whole process; and a phone polling
# every 2 s keeps its connection (keep-alive 5 s) instead of opening one per
# poll. The CPU work is the same; the processes are what use the cores.
exec "${BIN}gunicorn" assessor.wsgi:application \
  --bind "${BIND:-0.0.0.0:8000}" \
  --workers "${WEB_WORKERS:-3}" \
  --worker-class gthread \
  --threads "${WEB_THREADS:-2}" \
  --keep-alive "${WEB_KEEPALIVE:-5}" \
  --timeout "${WEB_TIMEOUT:-60}" \
  --access-logfile - \
  --forwarded-allow-ips="${FORWARDED_ALLOW_IPS:-127.0.0.1}"
