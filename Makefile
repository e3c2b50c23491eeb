# EADR Station. `make run` and `make test` set everything up on first use.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEMO   := .demo-workspace

.PHONY: run test test-fast bench package sysdeps screenshots help-screenshots lint clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

sysdeps:
	@bash scripts/sysdeps.sh

## Open the app on the demo workspace (passphrase: demo), building it the first time.
run: sysdeps $(STAMP)
	@[ -f $(DEMO)/workspace.json ] || $(PY) -m desktop demo --workspace $(DEMO)
	$(PY) -m desktop gui --workspace $(DEMO)

## The whole suite, GUI tests offscreen, plus the architecture contracts.
test: sysdeps $(STAMP)
	$(VENV)/bin/ruff check desktop tests scripts
	$(VENV)/bin/lint-imports --no-cache
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

## The same without the tests marked slow (real printing, the wheel install, the big fault suites).
test-fast: sysdeps $(STAMP)
	$(VENV)/bin/ruff check desktop tests scripts
	$(VENV)/bin/lint-imports --no-cache
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m "not slow"

## Benchmarks on realistic data sizes; prints a table of medians. First installs headless
## LibreOffice Writer if missing (the print group's yardstick; the bench runs without it).
bench: sysdeps $(STAMP)
	@bash tests/perf/libreoffice.sh
	QT_QPA_PLATFORM=offscreen $(PY) tests/perf/bench.py

## Build the onedir app with PyInstaller and run the built binary's self-test.
package: sysdeps $(STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN build.spec
	QT_QPA_PLATFORM=offscreen dist/eadr-station/eadr-station self-test

## PNGs of every screen at 1366x768, to look at.
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py screenshots-local

## The user guide's pictures (resources/help/images/), from the real app on a fresh demo. Look, then commit.
help-screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) scripts/help_screenshots.py

clean:
	rm -rf build dist $(VENV) .pytest_cache
