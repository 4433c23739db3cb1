# Every target does its own set-up: a fresh clone needs only `make run` / `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench eval clean

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY)"; exit 2; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,batch]'
	touch $(STAMP)

run: $(STAMP)
	@mkdir -p out
	$(BIN)/cds-extract extract samples --glob '*.txt' -o out/claims.jsonl --print

eval: $(STAMP)
	$(BIN)/cds-extract eval samples samples/gold

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
