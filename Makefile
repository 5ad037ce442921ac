# Two jobs: `make run` (install, then the main job on the embedded default) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install interview analyze bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev,voice]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/jobstory serve

interview: $(STAMP)
	$(BIN)/jobstory interview --guide jtbd-switch

analyze: $(STAMP)
	$(BIN)/jobstory analyze examples/transcripts --out report

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) report .pytest_cache
