# Two commands: `make demo` and `make test`. Both build what they need and are idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: demo test deps lint bench clean messages screenshots

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

staticfiles/.built: $(BIN)/.installed node_modules/.installed $(shell find static -type f 2>/dev/null)
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	touch $@

deps: $(BIN)/.installed node_modules/.installed staticfiles/.built

demo: deps
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_data
	@echo "Serving on http://$(HOST)/ (Ctrl-C to stop)"
	$(BIN)/python manage.py runserver $(HOST) --noreload

test: deps
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

screenshots: deps
	REFRESH_SCREENSHOTS=1 $(BIN)/pytest tests/browser/test_journeys.py

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: $(BIN)/.installed
	$(BIN)/python manage.py makemessages -l es --ignore=.venv --ignore=node_modules
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

bench: deps
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 media
