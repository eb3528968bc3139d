#!/usr/bin/env bash
# What the worker container runs (docker-compose.yml), and `make worker`.
# Needs REDIS_URL; reliability settings (late acks, prefetch 1, time
# limits, memory ceiling) come from assessor/settings.py.
set -euo pipefail
cd "$(dirname "$0")/.."
# The project's virtualenv on a checkout; the image installs into the system Python.
BIN=""
[ -x .venv/bin/python ] && BIN=.venv/bin/

if [ -z "${REDIS_URL:-}" ]; then
  echo "REDIS_URL is not set: without it tasks run in-process and no worker is needed." >&2
  exit 2
fi
# WORKER_BEAT=1 (`make worker`) also runs Celery beat in this process, so a
# laptop needs one command; servers run beat on its own (scripts/start-beat.sh).
BEAT=()
if [ "${WORKER_BEAT:-0}" = "1" ]; then
  BEAT=(--beat --schedule "${BEAT_SCHEDULE_FILE:-${TMPDIR:-/tmp}/assessor-beat-schedule}")
fi
exec "${BIN}celery" -A assessor worker \
  --loglevel "${WORKER_LOGLEVEL:-info}" \
  --concurrency "${WORKER_CONCURRENCY:-2}" \
  --hostname "${WORKER_NAME:-worker}@%h" \
  "${BEAT[@]}"
