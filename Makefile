# 신경망 들여다보기 / Inside Neural Networks — see README.md.
#   make site      build the book into site/ (Korean at /, English at /en/)
#   make pdf       build the site, then print it into one PDF per language (into site/)
#   make test      run every test
#   make node      install the outside checkers from npm (axe-core, Lighthouse; package-lock.json)
#   make figures   rebuild stale figures (FORCE=1: all; ONLY=<name>: one)
#   make serve     build, then preview at http://127.0.0.1:8000/
#   make bench     print performance measurements
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum requirements.lock | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
export OMP_WAIT_POLICY := PASSIVE

.PHONY: venv node site pdf serve test figures bench check lock clean

venv: $(STAMP)

# The venv is rebuilt whenever requirements.lock changes (the stamp name holds its checksum).
$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"' \
		|| (echo "make: needs Python 3.11 as $(PYTHON) (set PYTHON=...)"; exit 1)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

# npm packages the tests and the bench drive (pinned in package-lock.json) into node_modules/.
# Without npm the accessibility test skips itself and `make bench` leaves Lighthouse out,
# saying so; CI (.ci/run) installs npm. package.json overrides third-party-web: a dependency of
# Lighthouse asks for its "latest", which would break `npm ci` whenever a new one appears.
NODE_STAMP := node_modules/.installed-$(shell cksum package-lock.json | cut -d' ' -f1)
node: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "make: npm not found: install Node.js (Debian: apt-get install nodejs npm) for the accessibility test"; fi

site: venv
	$(VENV)/bin/mkdocs build --strict --quiet -f mkdocs.yml
	$(VENV)/bin/mkdocs build --strict --quiet -f mkdocs.en.yml
	@echo "built site/ (ko) and site/en/ (en)"

# The print edition. Its site build links each front page to the PDF (book/pdf/print_link.py),
# which only this target produces; it needs Debian's chromium, fonts-nanum and poppler-utils.
pdf: export BOOK_PRINT_EDITION := 1
pdf: site
	$(PY) -m book pdf

serve: site
	$(PY) -m http.server --directory site --bind 127.0.0.1 8000

figures: venv
	$(PY) -m book figures $(if $(FORCE),--force) $(if $(ONLY),--only $(ONLY))

check: venv
	$(PY) -m book check

test: venv node
	$(PY) -m pytest

bench: venv node
	$(PY) -m book bench

# Re-resolve requirements.in into requirements.lock (torch pinned to the CPU wheel).
lock:
	rm -rf /tmp/book-lock && $(PYTHON) -m venv /tmp/book-lock
	/tmp/book-lock/bin/pip install --quiet -r requirements.in
	/tmp/book-lock/bin/pip freeze | sed 's/^torch==\(.*\)+cpu$$/torch==\1/' > requirements.lock

clean:
	rm -rf site .cache .pytest_cache node_modules
