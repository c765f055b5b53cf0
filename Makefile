# Everything a fresh machine needs is installed by these targets: Debian packages (CJK fonts,
# Tesseract chi_sim for the benchmark baseline), the virtual environment and the package.
PY       ?= $(shell command -v python3.11 || command -v python3)
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
APT_PKGS := fonts-noto-cjk fonts-wqy-microhei fonts-wqy-zenhei fonts-arphic-ukai fonts-arphic-uming \
            fonts-lxgw-wenkai fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-droid-fallback \
            fonts-noto-core fonts-ukij-uyghur fonts-tibetan-machine fonts-nanum libfribidi0 libraqm0 \
            tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-osd chromium chromium-driver
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BENCH_N  ?= 200
BENCH_SEED ?= 2026
VERIFY_N ?= 20

.PHONY: setup sysdeps demo test lint bench-accuracy bench-verify bench-bulk bench-speed bench-ocr-knobs bench-load \
        bad-inputs clean screenshots

setup: sysdeps $(STAMP)

# The stamp names the package list, so adding a package installs it on a machine set up before.
SYSSTAMP := var/.sysdeps-$(shell echo "$(APT_PKGS)" | md5sum | cut -c1-8)

sysdeps: $(SYSSTAMP)

$(SYSSTAMP):
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi
	@mkdir -p var && touch $@

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY)"; exit 1; }
	[ -x $(BIN)/python ] || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

demo: setup
	$(BIN)/mchverify demo --outdir var/demo --per-problem 1

test: setup
	$(BIN)/python -m pytest -n 2 -q

lint: setup
	$(BIN)/ruff check mchverify tests scripts
	$(BIN)/mypy mchverify

# both parts of the generator side by side: tune (tests use it) and held-out (only benchmarks)
bench-accuracy: setup
	$(BIN)/python scripts/bench_accuracy.py --count $(BENCH_N) --seed $(BENCH_SEED) --parts tune,heldout --out var/bench-accuracy
	# the formats too few in that mix to measure: hand-filled and bilingual official sheets
	$(BIN)/python scripts/bench_accuracy.py --count 24 --seed 77 --parts tune,heldout --official-share 1.0 --hand-share 1.0 --copy-share 0 --tesseract 0 --out var/bench-accuracy-hand
	$(BIN)/python scripts/bench_accuracy.py --count 24 --seed 78 --parts tune,heldout --official-share 1.0 --bilingual-share 1.0 --copy-share 0 --tesseract 0 --out var/bench-accuracy-bilingual

bench-verify: setup
	$(BIN)/python scripts/bench_verify.py --per-problem $(VERIFY_N) --seed $(BENCH_SEED) --part tune --out var/bench-verify/tune
	$(BIN)/python scripts/bench_verify.py --per-problem $(VERIFY_N) --seed $(BENCH_SEED) --part heldout --out var/bench-verify/heldout

clean:
	rm -rf var/demo var/bench-* .pytest_cache

BULK_N ?= 48
SOAK_N ?= 192
bench-bulk: setup
	$(BIN)/python scripts/bench_bulk.py --count $(BULK_N) --seed $(BENCH_SEED) --out var/bench-bulk --soak $(SOAK_N)

# the screenshots in docs/screenshots, taken by the browser test on a fresh server
screenshots: setup
	MCHVERIFY_SCREENSHOT_DIR=docs/screenshots $(BIN)/python -m pytest tests/web/test_browser.py -q

# seconds per page, pipeline against raw RapidOCR on the same pages, and digital PDFs against
# their scanned twins, with the per-stage split (issue 6)
SPEED_N ?= 36
bench-speed: setup
	$(BIN)/python scripts/bench_speed.py --count $(SPEED_N) --seed $(BENCH_SEED) --out var/bench-speed

# the OCR engine's settings one against another on the same pages (detector size, batch, threads)
bench-ocr-knobs: setup
	$(BIN)/python scripts/bench_ocr_knobs.py --count 12 --seed $(BENCH_SEED) --out var/bench-speed

# the web application under concurrent uploads and reviews (locust, headless, on loopback)
LOAD_USERS ?= 8
LOAD_SECONDS ?= 60
bench-load: setup
	$(BIN)/python scripts/bench_load.py --users $(LOAD_USERS) --seconds $(LOAD_SECONDS) --out var/bench-load

# the catalogue of bad inputs (generated, never committed): tests/bad_inputs/make_catalogue.py
bad-inputs: setup
	$(BIN)/python -m tests.bad_inputs.make_catalogue var/bad-inputs
