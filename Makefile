# Two commands do everything on a fresh machine:
#   make serve   install the site's dependencies, then serve it on http://127.0.0.1:8000
#   make test    install the test dependencies and Chromium, then run every test
# `make build` writes the strict build to site/; `make validate` checks data/ alone.

VENV ?= .venv
PYTHON := $(VENV)/bin/python
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
# Material 9.8 prints a banner about MkDocs 2.0 on every run; it is noise in CI logs.
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve validate test browser clean

build: $(SITE_STAMP)
	$(PYTHON) -m mkdocs build --strict

serve: $(SITE_STAMP)
	$(PYTHON) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

validate: $(SITE_STAMP)
	$(PYTHON) -m macros validate

test: $(TEST_STAMP) browser
	$(PYTHON) -m pytest

$(VENV)/bin/python:
	python3 -m venv $(VENV)

$(SITE_STAMP): requirements.txt | $(VENV)/bin/python
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(TEST_STAMP): requirements.txt requirements-test.txt | $(VENV)/bin/python
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $(SITE_STAMP) $@

# Debian's Chromium and its driver for the browser tests, and pdftotext for printed pages.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! command -v pdftotext >/dev/null; then \
		apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver poppler-utils; \
	fi

clean:
	rm -rf site .pytest_cache
