# Two commands from a fresh clone: `make build`, then `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# apt-get needs root; use sudo only where we are not root already.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install build serve check test system fonts clean

install: $(VENV)/.installed

build: $(VENV)/.installed fonts
	$(BIN)/briefing build

serve: $(VENV)/.installed
	$(BIN)/briefing serve

check: $(VENV)/.installed
	$(BIN)/briefing check

test: $(VENV)/.installed-test system tests/node_modules/.installed
	$(BIN)/python -m pytest

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[import]'
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# axe-core, which the accessibility tests load into pages, pinned by the lock file.
tests/node_modules/.installed: tests/package.json tests/package-lock.json | system
	cd tests && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The fonts share cards are drawn in (generator/engine/cards.py): Latin, Greek, Cyrillic,
# Hebrew; Arabic, Devanagari, Thai; Chinese, Japanese, Korean. 13 MB in all, from Debian.
FONTS := /usr/share/fonts/truetype
fonts:
	@missing=""; \
	[ -e $(FONTS)/dejavu/DejaVuSans-Bold.ttf ] || missing="$$missing fonts-dejavu-core"; \
	[ -e $(FONTS)/noto/NotoSansArabicUI-Bold.ttf ] || missing="$$missing fonts-noto-ui-core"; \
	[ -e $(FONTS)/wqy/wqy-microhei.ttc ] || missing="$$missing fonts-wqy-microhei"; \
	[ -z "$$missing" ] || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; }

# Debian packages the tests use: chromium for browser tests (Playwright's own browser
# download is not used), a Java runtime for the Nu HTML checker, npm for axe-core.
system: fonts
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	[ -z "$$missing" ] || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; }

clean:
	rm -rf site $(VENV) tests/node_modules
