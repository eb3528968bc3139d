#!/usr/bin/env bash
# What the beat container runs (docker-compose.yml): Celery beat, which sends
# the periodic tasks of CELERY_BEAT_SCHEDULE (assessor/settings.py) to the
# workers. Run exactly one per installation; `make worker` runs beat inside
# the worker instead (WORKER_BEAT=1), which suits a laptop.
set -euo pipefail
cd "$(dirname "$0")/.."
# The project's virtualenv on a checkout; the image installs into the system Python.
BIN=""
[ -x .venv/bin/python ] && BIN=.venv/bin/

if [ -z "${REDIS_URL:-}" ]; then
  echo "REDIS_URL is not set: beat needs the broker the workers read." >&2
  exit 2
fi
# Beat's own record of when each task last ran: a scratch file (losing it
# only means each task runs once at start-up).
exec "${BIN}celery" -A assessor beat \
  --loglevel "${WORKER_LOGLEVEL:-info}" \
  --schedule "${BEAT_SCHEDULE_FILE:-${TMPDIR:-/tmp}/assessor-beat-schedule}"
