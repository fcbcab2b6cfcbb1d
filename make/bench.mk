# Benchmarks: retrieval quality on BEIR SciFact, ingest throughput, search latency,
# upload-to-searchable, peers (LlamaIndex.TS, LangChain.js) and footprint. Writes
# docs/benchmarks.md, docs/benchmarks.json and docs/benchmarks/*.png. Never part of `make test`.
# BENCH_QUICK=1: small samples (a few minutes). BENCH_SCIFACT_DIR: another copy of SciFact.
# BENCH_EMBED_CACHE=0: embed SciFact again instead of reusing .tools/bench-cache/.

.PHONY: bench

bench: install ## Run the benchmark suite (about 15-20 min; BENCH_QUICK=1 for a short run)
	@$(MAKE) --no-print-directory model-minilm
	node bench/src/main.ts
	$(PNPM) exec biome format --write docs/benchmarks.md docs/benchmarks.json
