#!/usr/bin/env python3
"""Check, end to end, what the emulated OpenSearch can do for docworker's vector store.

Uses the mapping the app uses on OpenSearch Serverless (faiss / hnsw / innerproduct, no custom
document IDs) and reports each capability as OK, UNAVAILABLE (known and expected here) or FAIL.
Standard library only. Exit code 0 when nothing FAILs.
  python3 scripts/emulated/check-opensearch.py            # URL from .docworker/emulated.env
  OPENSEARCH_URL=http://127.0.0.1:9200 python3 scripts/emulated/check-opensearch.py
"""

import json
import os
import pathlib
import sys
import urllib.error
import urllib.request
import uuid

ROOT = pathlib.Path(__file__).resolve().parents[2]


def opensearch_url() -> str:
    if os.environ.get("OPENSEARCH_URL"):
        return os.environ["OPENSEARCH_URL"]
    env_file = ROOT / ".docworker" / "emulated.env"
    if env_file.exists():
        for line in env_file.read_text().splitlines():
            if line.startswith("OPENSEARCH_URL="):
                return line.split("=", 1)[1]
    sys.exit("OPENSEARCH_URL is not set and .docworker/emulated.env is missing: run scripts/emulated/up.sh")


BASE = opensearch_url()


def call(method: str, path: str, body=None) -> tuple[int, dict]:
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("Content-Type", "application/x-ndjson" if isinstance(body, bytes) else "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


results: list[tuple[str, str, str]] = []


def record(name: str, status: str, detail: str = "") -> None:
    results.append((name, status, detail))
    print(f"{status:<11} {name}{(': ' + detail) if detail else ''}")


def hit_ids(resp: dict) -> list[str]:
    return [h["_source"]["chunk_id"] for h in resp.get("hits", {}).get("hits", [])]


def main() -> int:
    index = f"check-knn-{uuid.uuid4().hex[:8]}"

    _, nodes = call("GET", "/_nodes/plugins")
    node = next(iter(nodes["nodes"].values()))
    plugins = {p["name"]: p["version"] for p in node["plugins"]}
    modules = sorted(m["name"] for m in node["modules"])
    record("plugins", "OK" if "opensearch-knn" in plugins else "FAIL", f"plugins={plugins} modules={modules}")

    status, resp = call(
        "PUT",
        f"/{index}",
        {
            "settings": {"index.knn": True},
            "mappings": {
                "properties": {
                    "document_id": {"type": "keyword"},
                    "chunk_id": {"type": "keyword"},
                    "text": {"type": "text"},
                    "embedding": {
                        "type": "knn_vector",
                        "dimension": 4,
                        "method": {"engine": "faiss", "name": "hnsw", "space_type": "innerproduct"},
                    },
                }
            },
        },
    )
    record("create faiss/hnsw/innerproduct index", "OK" if status == 200 else "FAIL", "" if status == 200 else str(resp))
    if status != 200:
        return 1

    # Serverless assigns the IDs: index without _id, as the app must.
    docs = [
        ("doc-a", "a1", "the quarterly invoice total is due in march", [1.0, 0.0, 0.0, 0.0]),
        ("doc-a", "a2", "payment terms thirty days net", [0.8, 0.6, 0.0, 0.0]),
        ("doc-b", "b1", "vector search ranks chunks by similarity", [0.0, 0.0, 1.0, 0.0]),
        ("doc-b", "b2", "hybrid retrieval mixes keyword and vector scores", [0.0, 0.6, 0.8, 0.0]),
    ]
    bulk = "".join(
        json.dumps({"index": {"_index": index}})
        + "\n"
        + json.dumps({"document_id": d, "chunk_id": c, "text": t, "embedding": v})
        + "\n"
        for d, c, t, v in docs
    ).encode()
    status, resp = call("POST", "/_bulk?refresh=true", bulk)
    ok = status == 200 and not resp.get("errors")
    record("bulk index without _id", "OK" if ok else "FAIL", "" if ok else json.dumps(resp)[:300])

    status, resp = call(
        "POST", f"/{index}/_search", {"size": 2, "query": {"knn": {"embedding": {"vector": [1, 0, 0, 0], "k": 2}}}}
    )
    ids = hit_ids(resp)
    scores = [h["_score"] for h in resp.get("hits", {}).get("hits", [])]
    record("knn query", "OK" if ids == ["a1", "a2"] else "FAIL", f"ids={ids} scores={scores}")

    status, resp = call(
        "POST",
        f"/{index}/_search",
        {
            "size": 2,
            "query": {
                "knn": {"embedding": {"vector": [1, 0, 0, 0], "k": 2, "filter": {"term": {"document_id": "doc-b"}}}}
            },
        },
    )
    ids = hit_ids(resp)
    record("knn query with filter", "OK" if ids and set(ids) <= {"b1", "b2"} else "FAIL", f"ids={ids}")

    status, resp = call("POST", f"/{index}/_search", {"size": 2, "query": {"match": {"text": "invoice payment"}}})
    ids = hit_ids(resp)
    record("BM25 match query", "OK" if ids and ids[0] in {"a1", "a2"} else "FAIL", f"ids={ids}")

    pipeline = {
        "phase_results_processors": [
            {
                "normalization-processor": {
                    "normalization": {"technique": "min_max"},
                    "combination": {"technique": "arithmetic_mean", "parameters": {"weights": [0.3, 0.7]}},
                }
            }
        ]
    }
    status, resp = call("PUT", f"/_search/pipeline/{index}-hybrid", pipeline)
    reason = resp.get("error", {}).get("reason", "")
    if status == 200:
        record("search pipeline with normalization-processor", "OK")
        status, resp = call(
            "POST",
            f"/{index}/_search?search_pipeline={index}-hybrid",
            {
                "size": 2,
                "query": {
                    "hybrid": {
                        "queries": [
                            {"match": {"text": "hybrid vector"}},
                            {"knn": {"embedding": {"vector": [0, 0, 1, 0], "k": 2}}},
                        ]
                    }
                },
            },
        )
        record("hybrid query", "OK" if status == 200 else "FAIL", f"ids={hit_ids(resp)}")
        call("DELETE", f"/_search/pipeline/{index}-hybrid")
    else:
        # normalization-processor and the hybrid query live in the neural-search plugin, which is not
        # published to Maven Central. Client-side fusion is the fallback (see aws-facts.md).
        record("search pipeline with normalization-processor", "UNAVAILABLE", reason)
        status, resp = call("POST", f"/{index}/_search", {"query": {"hybrid": {"queries": [{"match_all": {}}]}}})
        record("hybrid query", "UNAVAILABLE", resp.get("error", {}).get("reason", f"status {status}"))

    # Replacing a document's chunks the Serverless way: find the hits by document_id, bulk-delete by _id.
    _, resp = call("POST", f"/{index}/_search", {"size": 100, "query": {"term": {"document_id": "doc-a"}}})
    deletes = "".join(json.dumps({"delete": {"_index": index, "_id": h["_id"]}}) + "\n" for h in resp["hits"]["hits"])
    status, resp = call("POST", "/_bulk?refresh=true", deletes.encode())
    _, resp = call("POST", f"/{index}/_count", {"query": {"term": {"document_id": "doc-a"}}})
    record("bulk delete by _id", "OK" if resp.get("count") == 0 else "FAIL", f"left={resp.get('count')}")

    status, resp = call("POST", "/_scripts/painless/_execute", {"script": {"source": "params.a + 1", "params": {"a": 41}}})
    record("painless (module k-NN extends)", "OK" if resp.get("result") == "42" else "FAIL", str(resp)[:200])

    status, resp = call("POST", "/_analyze", {"analyzer": "english", "text": "The invoices are running"})
    tokens = [t["token"] for t in resp.get("tokens", [])]
    record("english analyzer (analysis-common)", "OK" if tokens == ["invoic", "run"] else "FAIL", f"tokens={tokens}")

    call("DELETE", f"/{index}")
    status, resp = call("GET", "/_cluster/health")
    record("node still healthy", "OK" if resp.get("status") in {"green", "yellow"} else "FAIL", resp.get("status", ""))

    failed = [r for r in results if r[1] == "FAIL"]
    ok = sum(1 for r in results if r[1] == "OK")
    unavailable = sum(1 for r in results if r[1] == "UNAVAILABLE")
    print(f"opensearch: {ok} ok, {len(failed)} failed, {unavailable} unavailable")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
