# reportgen: `make` builds dist/ from source/; `make test` runs every test.
# Both install what is missing first: Debian packages (apt-get), the virtualenv in .venv/, and
# the Python packages. Safe to run again.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.reportgen-installed

# Debian packages the build needs (fonts, Pango for WeasyPrint, poppler for checks).
DEB_PACKAGES := libicu-dev pkg-config libgs-common fonts-paratype fonts-liberation2 fonts-noto-core poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 hunspell-kk libcairo2
# Extra Debian packages the tests need (real clients that read the outputs; LibreOffice Math to open
# the DOCX's equations as formulas; pandoc, whose HTML the constructs are compared with).
DEB_TEST_PACKAGES := libreoffice-writer-nogui libreoffice-math-nogui default-jre-headless chromium fontconfig pandoc

.PHONY: all build test deps system-deps test-deps bytecode clean
all: build

deps: system-deps $(STAMP)

system-deps:
	@scripts/ensure-deb $(DEB_PACKAGES)

# PyICU compiles against libicu-dev, so the Debian packages come first.
$(STAMP): pyproject.toml | system-deps
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $@

# reportgen's own bytecode, written now: with PYTHONDONTWRITEBYTECODE set (as on CI) every run
# would otherwise compile the package again (about 40 ms of each build)
bytecode: deps
	@$(BIN)/python -m compileall -q src/reportgen

build: deps bytecode
	$(BIN)/reportgen build

test-deps: deps
	@scripts/ensure-deb $(DEB_TEST_PACKAGES)

# -n auto: one test process per core (pytest-xdist); --dist loadfile keeps each test module (and
# its module-scoped builds) in one process. A single test file runs as `pytest tests/x.py`.
test: test-deps bytecode
	$(BIN)/python -m pytest -q -n auto --dist loadfile

clean:
	rm -rf dist
