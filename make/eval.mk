# Extraction and classification accuracy: SROIE receipts through the real upload path, and the
# committed labelled set. Writes docs/evaluation.md and docs/evaluation.json. Never part of
# `make test`. EVAL_LIMIT=n: the first n receipts; EVAL_SKIP_BEDROCK=1: the embedded default only;
# EVAL_BEDROCK_MODEL_ID=... with AWS credentials: the Bedrock run against real Bedrock.
# The local LLM runs (EXTRACTOR=local-llm and rules+local-llm) need `make model-llm` and are
# left out without it; EVAL_LLM_LIMIT=n (default 4): the receipts and generated documents per class
# they read, as the model takes up to a minute a document on a loaded two-core machine (all: every
# document); EVAL_LLM_EXTRACTORS=rules+local-llm: only that one; EVAL_SKIP_LLM=1: none.
# EVAL_EMBEDDINGS=hashing|minilm: the embedder of the embedded runs. EVAL_KEEP_RUNS=1: the runs of
# the previous docs/evaluation.json this one does not repeat are kept, marked with when they ran.

.PHONY: eval

eval: install ## Measure classification and field extraction (P/R/F1) on labelled documents
	nice -n 10 node bench/src/evaluation/main.ts
	$(PNPM) exec biome format --write docs/evaluation.md docs/evaluation.json
