# The few commands people type. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers for the two cores CI has; `make test PYTEST_ARGS=tests/chat` runs a part.
PYTEST_ARGS ?= -n 2
HEAVY_ARGS ?=

.PHONY: run test test-heavy install lint typecheck fmt messages check-deploy bench-import clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_taxonomies
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_challenge_content
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py demo
	DEBUG=$${DEBUG:-1} $(BIN)/daphne -b $(HOST) -p $(PORT) --websocket-max-message-size $$(( $${WEBSOCKET_MAX_MESSAGE_BYTES:-65536} * 4 )) config.asgi:application

# The whole suite on real PostgreSQL and Redis: the ones in DATABASE_URL/REDIS_URL, or
# throwaway servers started from the installed binaries and removed afterwards.
test: $(STAMP)
	$(BIN)/python tests/services.py -- $(BIN)/python -m pytest $(PYTEST_ARGS)

# Fault injection (PostgreSQL restarted under HTTP traffic, …) on servers each test starts
# itself; left out of `make test` by the `heavy` marker. .ci/run runs both.
test-heavy: $(STAMP)
	$(BIN)/python tests/services.py -- $(BIN)/python -m pytest -m heavy $(HEAVY_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)
	DEBUG=1 $(BIN)/mypy .

messages: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py makemessages -l nl -l en -l fr --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*'
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore '.venv/*'

check-deploy: $(STAMP)
	DEBUG=0 SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=kruispunt.example $(BIN)/python manage.py check --deploy --fail-level WARNING

bench-import: $(STAMP)
	$(BIN)/python bench/import_organisations.py

clean:
	rm -rf $(VENV) staticfiles var db.sqlite3
