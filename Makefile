# SOP Surat — two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# Debian packages WeasyPrint needs: Pango, HarfBuzz subsetting (4x faster PDFs) and
# Liberation fonts (metric-compatible with Arial and Times New Roman).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2

.PHONY: run test install install-test lock system-deps system-deps-test lint format clean bench dokumen

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 diperlukan ($(PYTHON) tidak ditemukan)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Dependencies come only from the lock files (exact versions, checked against their hashes);
# the project itself is installed on top without touching them. `make lock` rewrites the
# lock files from pyproject.toml.
$(VENV)/.installed: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.installed-test: requirements/test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.txt
	@touch $@

# Lock for the machines this runs on: Python 3.11, Linux x86_64. Without LOCK_ARGS the
# versions already locked are kept where pyproject.toml still allows them; to move
# everything to the newest allowed versions: make lock LOCK_ARGS=--upgrade (or
# LOCK_ARGS="--upgrade-package django" for one package). test.txt is resolved first and
# base.txt is constrained by it, so both hold the same version of every shared package.
UV_VERSION ?= 0.13.9
LOCK_ARGS ?=
UV_COMPILE = $(BIN)/uv pip compile --quiet --python $(BIN)/python --python-version 3.11 \
	--python-platform x86_64-unknown-linux-gnu --generate-hashes \
	--custom-compile-command "make lock" $(LOCK_ARGS) pyproject.toml --group pyproject.toml:build

lock: | $(BIN)/python
	$(BIN)/pip install --quiet "uv==$(UV_VERSION)"
	$(UV_COMPILE) --extra test -o requirements/test.txt
	$(UV_COMPILE) -c requirements/test.txt -o requirements/base.txt

system-deps:
	@if dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Memasang paket sistem: $(SYSTEM_PACKAGES)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	else \
		echo "Paket sistem belum lengkap. Jalankan sebagai root: apt-get install $(SYSTEM_PACKAGES)"; exit 1; \
	fi

# The tests also drive Debian's Chromium (pages on a phone-sized screen); without root
# to install it, those tests are skipped with a notice (CI makes them mandatory).
system-deps-test: system-deps
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Memasang Chromium untuk tes peramban"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
		|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; \
	else \
		echo "Chromium tidak terpasang: tes tampilan ponsel dilewati (apt-get install chromium)"; \
	fi
	@if command -v pdfsig >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Memasang poppler-utils (pdfsig) untuk tes tanda tangan PAdES"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null \
		|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }; \
	else \
		echo "pdfsig tidak terpasang: pemeriksaan pdfsig dilewati (apt-get install poppler-utils)"; \
	fi

# axe-core for the accessibility tests, from the npm registry by tests/js/package-lock.json
# (exact version, checked against its hash); installed here, never committed. Without npm
# those tests are skipped with a notice (CI makes them mandatory).
tests/js/node_modules/.installed: tests/js/package-lock.json tests/js/package.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/js --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm tidak terpasang: tes aksesibilitas (axe-core) dilewati (apt-get install npm)"; \
	fi

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test tests/js/node_modules/.installed

run: system-deps install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py muat_demo
	@echo "Buka http://$(HOST):$(PORT)/ (hentikan dengan Ctrl+C)"
	@trap 'kill 0' INT TERM EXIT; \
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload --verbosity 0 & \
	DEBUG=1 $(BIN)/python manage.py pengingat --ulang 60 & \
	DEBUG=1 $(BIN)/python manage.py kirim_surel --ulang 60 & \
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: system-deps-test install-test
	DJANGO_SETTINGS_MODULE=sop_surat.settings_tes $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# The page, load and numbering benchmarks need PostgreSQL (BENCH_POSTGRES, default
# postgres://postgres@127.0.0.1:5432/postgres); the synthetic databases are built once.
bench: system-deps install-test
	$(BIN)/python bench/documents.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/beban.py
	$(BIN)/python bench/nomor.py

# One KONSEP and one signed example of every jenis naskah into galeri/ (ignored by git),
# and their thumbnails into docs/galeri/ for docs/GALERI.md.
dokumen: system-deps-test install-test
	$(BIN)/python bench/galeri.py
	$(BIN)/python bench/panduan.py
