# Entry points named in README.md. `make run` and `make test` set up
# everything they need on a fresh Debian machine with Python 3.11.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test worker bench lint format lock serve sysdeps-run sysdeps-test install install-dev setup-db clean look-deliverables messages compile-messages

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Stamps make re-installs happen only when a lock file changes.
$(VENV)/.base-installed: requirements/base.lock | $(UV)
	$(UV) pip sync --quiet --python $(PY) requirements/base.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@rm -f $(VENV)/.dev-installed
	@touch $@

$(VENV)/.dev-installed: requirements/dev.lock | $(UV)
	$(UV) pip sync --quiet --python $(PY) requirements/dev.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@rm -f $(VENV)/.base-installed
	@touch $@

install: $(VENV)/.base-installed
install-dev: $(VENV)/.dev-installed

sysdeps-run:
	@scripts/system-deps.sh run

sysdeps-test:
	@scripts/system-deps.sh test

# The German and French catalogues, compiled for Django (never committed).
compile-messages:
	scripts/compile-messages.sh

# After marking new text in templates or Python: adds its msgids to both
# catalogues (and drops the ones no longer used), to be translated there.
messages: install-dev
	$(PY) manage.py makemessages --locale de --locale fr --no-obsolete --add-location file \
	  --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'staticfiles/*' \
	  --ignore 'media/*' --ignore 'look/*' --ignore 'docs/*'

# Migrate, load the built-in question banks, make the demo login.
setup-db:
	$(PY) manage.py migrate --noinput
	$(PY) manage.py sync_frameworks
	$(PY) manage.py ensure_demo

# The laptop default: SQLite and in-process tasks, no other servers.
run: sysdeps-run
	@# A checkout that already ran `make test` keeps its dev packages.
	@if [ -f $(VENV)/.dev-installed ]; then $(MAKE) --no-print-directory install-dev; \
	  else $(MAKE) --no-print-directory install; fi
	scripts/compile-messages.sh
	env -u DATABASE_URL -u REDIS_URL $(MAKE) --no-print-directory setup-db
	env -u DATABASE_URL -u REDIS_URL $(PY) manage.py runserver $(HOST):$(PORT)

test: sysdeps-test install-dev
	scripts/compile-messages.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	SECRET_KEY=compose-config-check docker-compose -f docker-compose.yml config --quiet
	SECRET_KEY=compose-config-check docker-compose -f docker-compose.yml --profile minio config --quiet
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# A Celery worker for REDIS_URL, with Celery beat inside it for the periodic
# tasks (containers run beat as a service of its own: scripts/start-beat.sh).
worker: install
	WORKER_BEAT=1 scripts/start-worker.sh

# gunicorn as in production (migrations and framework sync first), the same
# script the web container runs.
serve: install
	scripts/start-web.sh

# Needs PostgreSQL on 127.0.0.1:5432 (BENCH_PG to point elsewhere) for the
# HTTP benchmarks; each makes and drops its own scratch database.
bench: install-dev
	$(PY) bench/brain.py
	$(PY) bench/report.py
	$(PY) bench/answer_save.py
	$(PY) bench/workshop_cpu.py
	$(PY) bench/workshop_load.py --participants 100 1000
	$(PY) bench/workshop_load.py --participants 1000 --votes stress --seconds 30
	$(PY) bench/api_results.py
	$(PY) bench/plan_page.py

# Every report format of the demo's newest assessment as PNG pages in LOOK_DIR,
# to look at (LibreOffice converts the Word report and the deck; installed
# here only, it is large). Uses the laptop database, like `make run`.
LOOK_DIR ?= look
look-deliverables: install-dev
	@scripts/system-deps.sh look
	env -u DATABASE_URL -u REDIS_URL $(MAKE) --no-print-directory setup-db
	env -u DATABASE_URL -u REDIS_URL scripts/look-deliverables.sh $(LOOK_DIR)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Re-resolve the locked versions after editing pyproject.toml.
lock: $(UV)
	$(UV) pip compile pyproject.toml --python-version 3.11 --generate-hashes -q -o requirements/base.lock
	$(UV) pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -q -o requirements/dev.lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
