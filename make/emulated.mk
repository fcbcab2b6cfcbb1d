# Emulated AWS stack for integration tests: moto server + OpenSearch with k-NN on 127.0.0.1,
# no Docker. Endpoints land in .docworker/emulated.env. See scripts/emulated/README.md.

.PHONY: emulated-up emulated-down emulated-check

emulated-up: install ## Start moto + OpenSearch (k-NN) on 127.0.0.1, write .docworker/emulated.env
	TOOLS="$(TOOLS)" bash scripts/emulated/up.sh

emulated-down: ## Stop the emulated stack started by emulated-up
	TOOLS="$(TOOLS)" bash scripts/emulated/down.sh

emulated-check: install ## Start the emulated stack (if needed) and check every service it offers
	TOOLS="$(TOOLS)" EMULATED_CHECK=1 bash scripts/emulated/up.sh

# `make clean` deletes .docworker/ and with it the pid files: stop the stack first, or its
# processes would be left running with nothing to find them by.
clean: emulated-down

.PHONY: run-emulated
run-emulated: install emulated-up ## Run API + worker on the AWS adapters against the emulated stack (PORT, default 3000)
	@set -a; . .docworker/emulated.env; set +a; \
	  DOCWORKER_ADAPTERS=aws S3_FORCE_PATH_STYLE=true OPENSEARCH_AUTH=none OPENSEARCH_SERVERLESS=false \
	  SQS_WAIT_TIME_SECONDS=2 node services/standalone/src/main.ts
