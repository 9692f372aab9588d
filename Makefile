# The README's commands: make run, make demo, make test, make bench (and make fuzz).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONFIG ?= monitor.toml
# Two stamps: running needs the package and its dependencies; the test tools (pytest,
# playwright, …) come only with `make test` (and lint, fuzz).
STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: install install-test browser postgres run demo test test-slow lint bench fuzz clean

install: $(STAMP)

install-test: $(TEST_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(TEST_STAMP)

# The end-to-end test drives Debian's Chromium; install it where we can (root + apt),
# otherwise that one test is skipped and says why.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    (apt-get install -y -q chromium >/dev/null 2>&1 || \
	     (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1)) \
	    || echo "note: could not install chromium; the browser test will be skipped"; \
	  else echo "note: no chromium (apt-get install chromium); the browser test will be skipped"; fi; }

# The PostgreSQL storage tests start a throwaway cluster from Debian's server binaries;
# install them where we can (root + apt), otherwise those tests are skipped and say why.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    (apt-get install -y -q postgresql >/dev/null 2>&1 || \
	     (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q postgresql >/dev/null 2>&1)) \
	    || echo "note: could not install postgresql; the PostgreSQL tests will be skipped"; \
	  else echo "note: no PostgreSQL server (apt-get install postgresql); its tests will be skipped"; fi; }

# The daemon, in the foreground (Ctrl-C stops it).
run: install
	$(BIN)/monitor --config $(CONFIG) run

# Offline, in under a minute: bundled sample feeds served on 127.0.0.1, polled into ./demo,
# then the alerts, a digest and how to open the review page.
DEMO_DIR ?= demo
demo: install
	$(BIN)/python -m monitor.demo $(DEMO_DIR)

test: install-test browser postgres
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

test-slow: install-test
	$(BIN)/python -m pytest -q -p no:cacheprovider -m slow -o addopts= --timeout=0

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/run.py

# The fuzz tests of `make test`, with many more (random) examples each: FUZZ_EXAMPLES=N.
FUZZ_EXAMPLES ?= 5000
fuzz: install-test
	MONITOR_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider \
	  -o addopts= --timeout=0 tests/test_fuzz.py

clean:
	rm -rf $(VENV) .venv-bench .pytest_cache .ruff_cache .mypy_cache *.egg-info
