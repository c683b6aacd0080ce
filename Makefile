# Two commands on a fresh machine: `make build` and `make test` (both install what they need).
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9

.PHONY: install build test docs bench robustness unit-patterns clean

$(BIN)/uv:
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet uv==$(UV_VERSION)

# uv installs the locked set (uv.lock) in seconds; the stamp re-syncs when the lock changes.
# --compile-bytecode: every library's .pyc is written once, here. Where Python may not write
# them itself (PYTHONDONTWRITEBYTECODE=1, a read-only install), each build would otherwise
# compile dbt and Great Expectations from source again: ~6 s more for dbt's import, ~7 s for GX's.
$(VENV)/.synced: $(BIN)/uv uv.lock pyproject.toml Makefile
	$(BIN)/uv sync --frozen --all-extras --quiet --compile-bytecode
	touch $@

install: $(VENV)/.synced

build: install
	$(BIN)/taskmarts build

# compileall: the project's own .pyc, read by every process a test starts (each build starts three:
# the CLI, dbt and the GX worker; many tests run the CLI). Where Python may not write them
# (PYTHONDONTWRITEBYTECODE=1) each process would compile pipeline/ from source again (~0.1 s)
test: install
	$(BIN)/python -m compileall -q pipeline tests
	$(BIN)/pytest

docs: install
	cd dbt_project && TASKMARTS_WAREHOUSE=$(abspath data/warehouse.duckdb) ../$(BIN)/dbt docs generate --profiles-dir .
	@echo "dbt docs: dbt_project/target/index.html (serve with: cd dbt_project && ../$(BIN)/dbt docs serve --profiles-dir .)"

bench: install
	$(BIN)/python benchmarks/bench_build.py

# Rendering suite (issue 20): gold structures written back in every shape x axis value, each
# rendering parsed and compared with the structure it came from; prints the matrix and ends with
# "robustness: N renderings, min axis rate R". Under a minute; see tests/renderings/check.py.
robustness: install
	$(BIN)/python -m tests.renderings.check

# the dbt seed of unit identity words, written from pipeline/rules/vocabulary.yaml (edit the words there)
unit-patterns: install
	$(BIN)/python -m pipeline.warehouse.unit_patterns_seed

clean:
	rm -rf build data/warehouse.duckdb data/marts/*.parquet data/validation dbt_project/target dbt_project/logs
