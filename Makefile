# The README's commands: make run, make test, make bench (and make fuzz).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONFIG ?= monitor.toml
STAMP := $(VENV)/.installed

.PHONY: install browser postgres run test test-slow lint bench fuzz clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

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

run: install
	$(BIN)/monitor --config $(CONFIG) run

# `make test` skips the tests marked slow (the long crash-consistency run); `make test-slow`
# runs only those.
test: install browser postgres
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

test-slow: install
	$(BIN)/python -m pytest -q -p no:cacheprovider -m slow -o addopts= --timeout=0

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/run.py

# The fuzz tests of `make test`, with many more (random) examples each: FUZZ_EXAMPLES=N.
FUZZ_EXAMPLES ?= 5000
fuzz: install
	MONITOR_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider \
	  -o addopts= --timeout=0 tests/test_fuzz.py

clean:
	rm -rf $(VENV) .venv-bench .pytest_cache .ruff_cache .mypy_cache *.egg-info
