# The web UI (packages/web-ui): built by Vite into packages/web-ui/dist, served by the API at /.
# `make run`, `make run-emulated` and `make test` build it when a source changed; the API image
# builds it in scripts/deploy/build-image-tree.sh. The browser tests need Chromium (Debian's).

.PHONY: ui browser-deps ui-screenshots

UI_DIR := packages/web-ui
UI_INDEX := $(UI_DIR)/dist/index.html
UI_SOURCES := $(shell find $(UI_DIR)/src -type f 2>/dev/null) $(UI_DIR)/vite.config.ts $(UI_DIR)/package.json $(UI_DIR)/tsconfig.json

ui: $(UI_INDEX) ## Build the web UI into packages/web-ui/dist (the API serves it at /)

$(UI_INDEX): $(UI_SOURCES) | install
	$(PNPM) --filter @docworker/web-ui run build

browser-deps: ## Install Debian's Chromium for the browser tests when it is missing
	@bash scripts/browser/ensure-chromium.sh

ui-screenshots: install ui browser-deps ## Refresh docs/ui/{embedded,aws}/*.png from the browser tests
	UI_SCREENSHOT_DIR=$(CURDIR)/docs/ui $(PNPM) exec vitest run tests/browser tests/aws/ui-on-emulated-aws.aws.test.ts

run: ui
run-emulated: ui
test: ui browser-deps
test-unit: ui browser-deps
