# Deploy to AWS with Terraform (or OpenTofu) from deploy/, and build/push the images.
# ENV=dev|staging|prod|<custom> picks deploy/environments/$(ENV)/{terraform.tfvars,backend.hcl}.
# See README "Deploy to AWS" and docs/operations.md.

ENV ?= dev
DEPLOY_DIR := deploy
ENV_DIR := environments/$(ENV)
TFVARS := $(ENV_DIR)/terraform.tfvars
BACKEND := $(ENV_DIR)/backend.hcl
PLAN_FILE := $(ENV).tfplan
IMAGE_TAG ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo manual)
RESOURCE ?=

# terraform, else tofu on PATH, else the project-local tofu in .tools/ (make deploy-tools builds it).
TF := $(or $(shell command -v terraform 2>/dev/null),$(shell command -v tofu 2>/dev/null),$(wildcard $(TOOLS)/tofu/bin/tofu))
TFC = cd $(DEPLOY_DIR) && $(TF)

.PHONY: deploy-tools deploy-lint deploy-format deploy-clean require-tf require-env init validate plan apply \
  destroy deploy-dev deploy-staging deploy-prod plan-dev plan-staging plan-prod destroy-dev deploy-custom \
  state-list state-show backup-state security-scan cost-estimate package ecr-repos

require-tf:
	@if [ -z "$(TF)" ]; then \
	  echo "error: neither terraform nor tofu is installed." >&2; \
	  echo "  install Terraform >= 1.10 or OpenTofu >= 1.8, or run 'make deploy-tools' to build tofu into .tools/." >&2; \
	  exit 1; fi

require-env:
	@if [ ! -f "$(DEPLOY_DIR)/$(TFVARS)" ]; then \
	  echo "error: $(DEPLOY_DIR)/$(TFVARS) not found: create it from deploy/terraform.tfvars.example (ENV=$(ENV))." >&2; exit 1; fi

deploy-tools: ## Build tofu and TFLint (Go module proxy) and install Checkov (PyPI) into .tools/
	bash scripts/deploy/install-tools.sh

deploy-lint: ## Deploy checks: tofu fmt -check, TFLint, Checkov (part of lint and test)
	bash scripts/deploy/lint.sh

deploy-format: ## tofu fmt deploy/ in place (part of format)
	bash scripts/deploy/format.sh

# The repo's lint, format and test also cover deploy/ (test's recipe runs after its prerequisites).
lint: deploy-lint
format: deploy-format
test: deploy-lint

deploy-clean:
	rm -rf $(DEPLOY_DIR)/.terraform $(DEPLOY_DIR)/*.tfplan

clean: deploy-clean

init: require-tf require-env ## Initialise deploy/ for ENV (S3 backend from environments/ENV/backend.hcl)
	$(TFC) init -reconfigure -backend-config=$(BACKEND)

validate: require-tf ## Validate the Terraform configuration (needs init)
	$(TFC) validate

plan: require-tf require-env ## Plan ENV into deploy/ENV.tfplan
	$(TFC) plan -var-file=$(TFVARS) -var=image_tag=$(IMAGE_TAG) -out=$(PLAN_FILE)

apply: require-tf require-env ## Apply the saved plan of ENV (run plan first)
	@test -f $(DEPLOY_DIR)/$(PLAN_FILE) || { echo "error: no plan for ENV=$(ENV): run 'make plan ENV=$(ENV)' first" >&2; exit 1; }
	$(TFC) apply $(PLAN_FILE)
	rm -f $(DEPLOY_DIR)/$(PLAN_FILE)

destroy: require-tf require-env ## Destroy ENV (asks for confirmation)
	$(TFC) destroy -var-file=$(TFVARS)

plan-dev: ## init + plan dev
	$(MAKE) --no-print-directory init plan ENV=dev
plan-staging: ## init + plan staging
	$(MAKE) --no-print-directory init plan ENV=staging
plan-prod: ## init + plan prod
	$(MAKE) --no-print-directory init plan ENV=prod

# The images must be in ECR before the services start, so a deploy creates the repositories
# first (a targeted apply; a no-op once they exist), pushes, then applies everything.
ecr-repos: require-tf require-env
	$(TFC) apply -auto-approve -var-file=$(TFVARS) -target='aws_ecr_repository.service'

deploy-dev: ## init, create ECR repos, package the images, plan and apply dev
	$(MAKE) --no-print-directory init ecr-repos package plan apply ENV=dev
deploy-staging: ## init, create ECR repos, package the images, plan and apply staging
	$(MAKE) --no-print-directory init ecr-repos package plan apply ENV=staging
deploy-prod: ## as deploy-dev for prod, asking before the apply
	$(MAKE) --no-print-directory init ecr-repos package plan ENV=prod
	@read -r -p "apply this plan to prod? [y/N] " answer && [ "$$answer" = y ]
	$(MAKE) --no-print-directory apply ENV=prod
destroy-dev: ## Destroy dev
	$(MAKE) --no-print-directory init destroy ENV=dev

deploy-custom: ## ENV=name make deploy-custom: deploy environments/name/ (tfvars + backend.hcl)
	@if [ "$(ENV)" = dev ] && [ "$(origin ENV)" = file ]; then echo "error: set ENV, e.g. ENV=custom make deploy-custom" >&2; exit 1; fi
	$(MAKE) --no-print-directory init ecr-repos package plan apply ENV=$(ENV)

state-list: require-tf ## List the resources in ENV's state
	$(TFC) state list

state-show: require-tf ## Show one resource: make state-show RESOURCE=aws_sqs_queue.ingest
	@test -n "$(RESOURCE)" || { echo "error: set RESOURCE=<address> (see make state-list)" >&2; exit 1; }
	$(TFC) state show '$(RESOURCE)'

backup-state: require-tf ## Save ENV's state to deploy/backups/ENV-<time>.tfstate (git-ignored, keep it safe)
	@mkdir -p $(DEPLOY_DIR)/backups
	$(TFC) state pull > backups/$(ENV)-$$(date -u +%Y%m%dT%H%M%SZ).tfstate
	@ls -1t $(DEPLOY_DIR)/backups | head -1

security-scan: ## Checkov on deploy/ and the Dockerfiles (plus tofu fmt and TFLint)
	bash scripts/deploy/lint.sh

cost-estimate: install ## Monthly cost per environment from the tfvars and deploy/pricing.json
	node scripts/deploy/cost-estimate.ts

package: require-tf ## Build the worker and api images for linux/arm64 and push them to ECR (tag IMAGE_TAG)
	IMAGE_TAG=$(IMAGE_TAG) TF="$(TF)" bash scripts/deploy/package.sh
