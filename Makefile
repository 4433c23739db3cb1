# Every target does its own set-up: a fresh clone needs only `make run` / `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench eval compiled clean

# The compiled build (README, "Performance"): the wheel with its pipeline stages compiled by
# mypyc, unpacked into $(COMPILED) and imported with PYTHONPATH=$(COMPILED). It is built
# from a copy of the tree: hatch-mypyc compiles in place, and .so files left in src/
# would be imported by the editable install in place of the code being edited.
# Its .py modules get their bytecode as pip writes it when it installs a wheel: else
# every process compiles them again at start-up when PYTHONDONTWRITEBYTECODE is set.
COMPILED := build/compiled
SOURCES := pyproject.toml README.md $(shell find src patterns -type f -not -path '*/__pycache__/*')

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY)"; exit 2; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,batch]'
	touch $(STAMP)

# The five samples are named one by one: a folder is read recursively, and
# samples/devset/articles/ holds the 40 dev-set articles.
SAMPLE_TXT := $(sort $(wildcard samples/*.txt))

run: $(STAMP)
	@mkdir -p out
	$(BIN)/cds-extract extract $(SAMPLE_TXT) -o out/claims.jsonl --print

# Both annotated sets: the five samples, then the 40 dev-set articles (README, "Scoring").
eval: $(STAMP)
	@echo "== samples (samples/ vs samples/gold)"
	$(BIN)/cds-extract eval samples samples/gold
	@echo
	@echo "== devset (samples/devset/articles vs samples/devset/gold)"
	$(BIN)/cds-extract eval samples/devset/articles samples/devset/gold

$(COMPILED)/.built: $(STAMP) $(SOURCES)
	rm -rf build/tree build/wheel $(COMPILED)
	mkdir -p build/tree
	cp -r pyproject.toml README.md src patterns build/tree/
	HATCH_BUILD_HOOK_ENABLE_MYPYC=1 $(BIN)/pip wheel -q --no-deps --no-build-isolation \
		-w build/wheel build/tree
	$(BIN)/python -m zipfile -e build/wheel/cds_extract-*.whl $(COMPILED)
	$(BIN)/python -m compileall -q $(COMPILED) >/dev/null
	touch $@

compiled: $(COMPILED)/.built

# The suite runs twice: on the source (plain Python), then on the compiled build. The
# doctests of src/ (the small parsers' examples) run with the source only.
test: $(STAMP) $(COMPILED)/.built
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q tests src/cds_extract
	CDS_EXTRACT_EXPECT_COMPILED=1 PYTHONPATH=$(COMPILED) $(BIN)/pytest -q -p no:cacheprovider

# All figures on the compiled build; each run of (a) is followed by one on plain Python.
bench: $(STAMP) $(COMPILED)/.built
	PYTHONPATH=$(COMPILED) $(BIN)/python benchmarks/throughput.py --plain-src src

clean:
	rm -rf $(VENV) out build .pytest_cache .mypy_cache .ruff_cache
