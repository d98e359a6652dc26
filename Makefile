# CoP Hub — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint format messages vendor clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## make run: install, migrate, load the demo, serve http://127.0.0.1:8000 with a job worker beside it
run: $(STAMP)
	$(BIN)/cophub migrate --noinput
	$(BIN)/cophub demo
	@echo "Open http://127.0.0.1:8000 and log in as organiser / cophub-demo"
	$(BIN)/cophub worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/cophub runserver 127.0.0.1:8000

## make test: install, lint, check the layers, run the whole suite on SQLite but the browser tests (their pass: .venv/bin/pytest -m browser)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/cophub makemigrations --check --dry-run
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

## make messages: refresh the translation catalogues after changing strings
messages: $(STAMP)
	cd cophub && ../$(BIN)/cophub makemessages -l th -l en --no-obsolete && ../$(BIN)/cophub compilemessages

## make vendor: the browser libraries we serve ourselves (no CDN) and the province map's
## shapes, from the npm registry as package-lock.json pins them, copied and committed
## (docs/decisions.md)
VENDOR := cophub/participants/static/participants/vendor
MAPDATA := cophub/dashboard/mapdata
vendor: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	mkdir -p $(VENDOR)
	cp node_modules/barcode-detector/dist/iife/ponyfill.js $(VENDOR)/barcode-detector.js
	cp node_modules/zxing-wasm/dist/reader/zxing_reader.wasm $(VENDOR)/zxing_reader.wasm
	cp node_modules/barcode-detector/LICENSE $(VENDOR)/LICENSE.barcode-detector
	cp node_modules/zxing-wasm/LICENSE $(VENDOR)/LICENSE.zxing-wasm
	node -p 'const v = n => require("./node_modules/" + n + "/package.json").version; JSON.stringify({"barcode-detector": v("barcode-detector"), "zxing-wasm": v("zxing-wasm")}, null, 2)' > $(VENDOR)/versions.json
	mkdir -p $(MAPDATA)
	cp node_modules/@svg-maps/thailand/thailand.svg $(MAPDATA)/thailand.svg
	cp node_modules/@svg-maps/thailand/LICENSE.md $(MAPDATA)/LICENSE.md
	node -p 'JSON.stringify({"@svg-maps/thailand": require("./node_modules/@svg-maps/thailand/package.json").version}, null, 2)' > $(MAPDATA)/versions.json

clean:
	rm -rf $(VENV) var
