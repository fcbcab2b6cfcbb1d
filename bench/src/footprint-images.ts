// The AWS images' file trees, built outside Docker by the script their Dockerfiles run
// (scripts/deploy/build-image-tree.sh) with the compile cache their build fills
// (scripts/deploy/fill-compile-cache.ts): their sizes, their largest packages, and any package
// of the embedded adapters found in them.
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { BenchConfig } from "./config.ts";
import { duMb } from "./footprint-probes.ts";

export type ImageService = "api" | "worker";

/** What the Docker build context holds (.dockerignore): manifests, lockfile and sources. */
const BUILD_CONTEXT = ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", "packages", "services", "scripts"];

/**
 * Packages only the embedded adapters (or only the worker) load, by their folder name in
 * node_modules/.pnpm (or a workspace package's folder), and the services in whose image each is
 * dead weight.
 */
const EMBEDDED_ONLY: { pattern: RegExp; what: string; services: ImageService[] }[] = [
  { pattern: /^onnxruntime-/, what: "ONNX Runtime (the local MiniLM embedder)", services: ["api", "worker"] },
  { pattern: /^@huggingface\+/, what: "Hugging Face tokenizers (the local embedder)", services: ["api", "worker"] },
  { pattern: /^better-sqlite3@/, what: "SQLite (the embedded stores)", services: ["api", "worker"] },
  { pattern: /^(hnswlib-node|usearch|sqlite-vec)/, what: "a local vector index", services: ["api", "worker"] },
  { pattern: /^(node-llama-cpp|@node-llama-cpp\+)/, what: "llama.cpp (the local LLM)", services: ["api", "worker"] },
  {
    pattern: /^packages\/(embedded|local-llm)$/,
    what: "an embedded-only workspace package",
    services: ["api", "worker"],
  },
  // The worker reads scans with Tesseract when OCR_ENGINE=tesseract (Textract is the AWS default);
  // the API never recognises text (the OCR settings are the worker's alone).
  {
    pattern: /^(tesseract\.js|tesseract\.js-core|@tesseract\.js-data\+)/,
    what: "Tesseract and its language data",
    services: ["api"],
  },
  // The API never parses a document either: the parse pool and its parsers are the worker's.
  {
    pattern: /^(packages\/(parse-pool|parsing|tesseract-recognizer)$|@napi-rs\+canvas|officeparser@|pdfjs-dist@)/,
    what: "the document parsers (the worker's)",
    services: ["api"],
  },
];

export interface ImageTree {
  service: ImageService;
  /** The tree as COPY --from=build /out /app takes it, its compile cache included. */
  mb: number;
  compileCacheMb: number;
  largest: { package: string; mb: number }[];
  /** Embedded-only packages found in the tree (empty: none). */
  embeddedOnly: { package: string; mb: number; what: string }[];
  /** Where the tree was built; removed with the bench's work directory. */
  dir: string;
}

function storePackages(tree: string): { name: string; dir: string }[] {
  const store = join(tree, "node_modules/.pnpm");
  const inStore = readdirSync(store)
    .filter((d) => d !== "node_modules" && !d.startsWith("lock"))
    .map((d) => ({ name: d, dir: join(store, d) }));
  const workspace = ["packages", "services"].flatMap((group) =>
    existsSync(join(tree, group))
      ? readdirSync(join(tree, group)).map((d) => ({ name: `${group}/${d}`, dir: join(tree, group, d) }))
      : [],
  );
  return [...inStore, ...workspace];
}

/** Builds one service's image tree in the work directory, as its Dockerfile's build stage does. */
export function buildImageTree(cfg: BenchConfig, service: ImageService): ImageTree {
  const src = join(cfg.workDir, `image-src-${service}`);
  const dir = join(cfg.workDir, `image-${service}`);
  for (const entry of BUILD_CONTEXT)
    cpSync(join(cfg.repoRoot, entry), join(src, entry), {
      recursive: true,
      filter: (path) => !/\/(node_modules|test|dist)(\/|$)|\.test\.ts$/.test(path.slice(cfg.repoRoot.length)),
    });
  execFileSync("bash", ["scripts/deploy/build-image-tree.sh", service, dir], { cwd: src, stdio: "ignore" });
  const cache = join(dir, ".node-compile-cache");
  mkdirSync(cache);
  // As the image build does, with this Node and as this user: the processes started from the
  // tree run as the same user, so Node finds the cache under its key.
  execFileSync(process.execPath, [join(cfg.repoRoot, "scripts/deploy/fill-compile-cache.ts"), service, dir], {
    stdio: "ignore",
    env: { PATH: process.env.PATH ?? "" },
  });
  const packages = storePackages(dir).map((p) => ({ ...p, mb: duMb(p.dir) }));
  // "@napi-rs+canvas@1.1.1_peer@2" is @napi-rs/canvas@1.1.1: the version kept, two of one package told apart.
  const name = (folder: string) => folder.replace(/(@\d[^_]*)_.*$/, "$1").replace(/\+/g, "/");
  return {
    service,
    mb: duMb(dir),
    compileCacheMb: duMb(cache),
    largest: packages
      .filter((p) => !p.name.startsWith("packages/") && !p.name.startsWith("services/"))
      .sort((a, b) => b.mb - a.mb)
      .slice(0, 6)
      .map((p) => ({ package: name(p.name), mb: p.mb })),
    embeddedOnly: packages.flatMap((p) => {
      const rule = EMBEDDED_ONLY.find((r) => r.services.includes(service) && r.pattern.test(p.name));
      return rule ? [{ package: name(p.name), mb: p.mb, what: rule.what }] : [];
    }),
    dir,
  };
}

/** The fill leaves the cache read-only, as the image holds it: writable again, to be removed. */
export function releaseImageTree(tree: ImageTree): void {
  const cache = join(tree.dir, ".node-compile-cache");
  if (!existsSync(cache)) return;
  for (const entry of [cache, ...readdirSync(cache, { recursive: true, encoding: "utf8" }).map((e) => join(cache, e))])
    chmodSync(entry, 0o755);
}
