# The deployed shape on the emulated account: deploy/ applied with the dev tfvars to a moto server
# of its own, then API and worker as two processes from their task definitions, each with its
# task role and moto's IAM enforcement on. See docs/operations.md ("The deployed shape, emulated").

.PHONY: emulated-deploy run-deployed deployed-down chaos

DEPLOYED_STATE := $(CURDIR)/.docworker/deployed
DEPLOYED_MOTO = $$(TOOLS="$(TOOLS)" EMU_STATE="$(DEPLOYED_STATE)/moto" EMU_ENV_FILE="$(DEPLOYED_STATE)/moto.env" bash scripts/emulated/start-moto.sh | sed -n 's/^AWS_ENDPOINT_URL=//p')

emulated-deploy: install emulated-up ## Apply deploy/ (dev tfvars) to an emulated account (moto), with the mirrored AWS provider
	@endpoint="$(DEPLOYED_MOTO)"; \
	  DEPLOYED_AWS_ENDPOINT="$$endpoint" bash scripts/deployed/apply.sh

run-deployed: emulated-deploy ## Run API + worker as deployed: two processes from the applied task definitions (PORT, default 3000)
	@endpoint="$(DEPLOYED_MOTO)"; \
	  DEPLOYED_AWS_ENDPOINT="$$endpoint" node scripts/deployed/run-deployed.ts

chaos: emulated-deploy ## 1,000 events, duplicates, out-of-order versions and 30 worker SIGKILLs on the deployed shape
	@endpoint="$(DEPLOYED_MOTO)"; \
	  DEPLOYED_AWS_ENDPOINT="$$endpoint" node packages/deployed-shape/src/chaos.ts

deployed-down: ## Stop the deployed shape's moto server (its state goes with it)
	TOOLS="$(TOOLS)" EMU_STATE="$(DEPLOYED_STATE)/moto" EMU_ENV_FILE="$(DEPLOYED_STATE)/moto.env" bash scripts/emulated/down.sh
	rm -rf $(DEPLOYED_STATE)/tf/terraform.tfstate* $(DEPLOYED_STATE)/outputs.json

emulated-down: deployed-down
