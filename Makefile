# SOP Surat — two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# Debian packages WeasyPrint needs: Pango, HarfBuzz subsetting (4x faster PDFs) and
# Liberation fonts (metric-compatible with Arial and Times New Roman).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2

.PHONY: run test install install-test system-deps system-deps-test lint format clean bench

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 diperlukan ($(PYTHON) tidak ditemukan)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

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

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

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

bench: system-deps install-test
	$(BIN)/python bench/documents.py
