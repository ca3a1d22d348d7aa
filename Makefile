# Outlet Lens: `make report` and `make test` are all a fresh machine needs
# (Python 3.11 with pip and venv; Debian's libpango for the PDFs).
# The venv is built from requirements.lock (exact versions, sha256 hashes) and
# rebuilt only when the lock changes.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.outlet-lens-installed
NBVAL  := --nbval --sanitize-with tests/nbval_sanitize.cfg

.PHONY: all venv report test unit nbval notebooks bench lock clean

all: test

venv: $(STAMP)

# The lock changed (or there is no venv): build it from scratch, so nothing
# left over from an older lock survives.  pyproject.toml alone changed:
# reinstall the package itself.
$(STAMP): requirements.lock pyproject.toml
	@if [ ! -f $(STAMP) ] || [ requirements.lock -nt $(STAMP) ]; then \
		echo "building $(VENV) from requirements.lock"; \
		rm -rf $(VENV) && $(PYTHON) -m venv $(VENV) && \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
			-r requirements.lock; \
	fi
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

report: $(STAMP)
	$(BIN)/python -m analysis report --config reports.yml

test: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL) tests notebooks

unit: $(STAMP)
	$(BIN)/python -m pytest tests

nbval: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL) notebooks

# Re-execute the stored notebooks against seeds/ (deliberately: nbval compares
# against what this writes).  No timing metadata, so the files only change
# when what they show changes.
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=900 notebooks/*.ipynb

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Re-pin requirements.lock from pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 -o requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
