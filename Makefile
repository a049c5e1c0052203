# izagis: two commands, `make run` and `make test`; everything they need is set up here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PG_PACKAGES      := postgresql-15 postgresql-15-postgis-3
# WeasyPrint's libraries and a font that carries Vietnamese, for the PDF sheets.
DOC_PACKAGES     := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
BROWSER_PACKAGES := chromium
# ogr2ogr, the import benchmark's baseline.
BENCH_PACKAGES   := gdal-bin

.PHONY: run test setup python-venv database-packages document-packages browser-packages bench-packages lint bench bench-import screenshot clean messages

run: setup
	$(BIN)/izagis db upgrade
	$(BIN)/izagis load --if-empty
	$(BIN)/izagis serve

test: setup browser-packages lint
	$(BIN)/pytest

# The pre-commit hooks are the one list of checks: ruff, ruff format, mypy (all packages and
# the tests), lint-imports, files ending in one newline, no large files.
lint: setup
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

setup: $(BIN)/.installed database-packages document-packages

$(BIN)/.installed: pyproject.toml | python-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Debian splits venv and ensurepip out of python3.
python-venv:
	@if $(PYTHON) -c "import ensurepip, venv" 2>/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	    echo "installing python3-venv"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv; \
	else \
	    echo "Python's venv module is missing; install it with:"; \
	    echo "  sudo apt-get update && sudo apt-get install -y python3-venv"; exit 1; \
	fi

# PostgreSQL 15 + PostGIS 3 from Debian's packages: installed when missing and we are root,
# otherwise stop with the exact command to run.
database-packages:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && \
	    ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	    echo "installing $(PG_PACKAGES)"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(PG_PACKAGES); \
	else \
	    echo "PostgreSQL + PostGIS are missing; install them with:"; \
	    echo "  sudo apt-get update && sudo apt-get install -y $(PG_PACKAGES)"; exit 1; \
	fi

document-packages:
	@if ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 && \
	    ls /usr/lib/*/libpangoft2-1.0.so.0 >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	    echo "installing $(DOC_PACKAGES)"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(DOC_PACKAGES); \
	else \
	    echo "The PDF sheets need Pango and DejaVu fonts; install them with:"; \
	    echo "  sudo apt-get update && sudo apt-get install -y $(DOC_PACKAGES)"; exit 1; \
	fi

browser-packages:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	    echo "installing $(BROWSER_PACKAGES)"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(BROWSER_PACKAGES); \
	else \
	    echo "Chromium is missing for the browser tests; install it with:"; \
	    echo "  sudo apt-get update && sudo apt-get install -y $(BROWSER_PACKAGES)"; exit 1; \
	fi

bench-packages:
	@if command -v ogr2ogr >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	    echo "installing $(BENCH_PACKAGES)"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(BENCH_PACKAGES); \
	else \
	    echo "The import benchmark compares with ogr2ogr; install it with:"; \
	    echo "  sudo apt-get update && sudo apt-get install -y $(BENCH_PACKAGES)"; exit 1; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# With `make run` serving in another terminal: the README's screenshots (the desktop with the
# car-parts search explained, re-opened from its link; the phone at first load).
SHOT_URL = http://$${IZAGIS_HOST:-127.0.0.1}:$${IZAGIS_PORT:-8000}
screenshot: setup browser-packages
	$(BIN)/python -m web.browser --url "$(SHOT_URL)/en#find=1&amin=10&amax=20&vsic=2930&ic=15" --out docs/investor-map.png
	$(BIN)/python -m web.browser --url "$(SHOT_URL)/vi" --size 390x844 --out docs/investor-map-phone.png

# Benchmarks at scale (synthetic plots in a database of their own); ratios against baselines,
# tipg among them (the bench extra).
bench: setup $(BIN)/.bench-installed
	$(BIN)/python -m bench.run --plots $${PLOTS:-100000}

$(BIN)/.bench-installed: pyproject.toml $(BIN)/.installed
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

# izagis import of the benchmark's plots from a GeoPackage, side by side with ogr2ogr.
bench-import: setup bench-packages
	$(BIN)/python -m bench.import_vs_ogr2ogr --plots $${PLOTS:-100000}

# The pages' words: extract them from the code (babel.cfg) into web/locale/messages.pot and
# merge that into each language's catalogue, web/locale/<lang>/LC_MESSAGES/messages.po, for a
# translator to fill in (tests/test_i18n.py fails while a message is missing or untranslated).
messages: $(BIN)/.installed
	$(BIN)/pybabel extract -F babel.cfg -o web/locale/messages.pot --project izagis \
	    --copyright-holder "Ninh Binh Industrial Zones Authority" --add-comments Translators: \
	    --sort-by-file --width 100 .
	$(BIN)/pybabel update -i web/locale/messages.pot -d web/locale -D messages --ignore-obsolete \
	    --width 100
	@# Babel ends the files with a blank line; text files here end in exactly one newline.
	$(BIN)/python -c "import pathlib; [p.write_text(p.read_text('utf-8').rstrip('\\n') + '\\n', 'utf-8') for p in pathlib.Path('web/locale').rglob('*.po*')]"
