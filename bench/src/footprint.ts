import { execFileSync } from "node:child_process";
import { chmodSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { containerEnv, containerNodeArgs } from "@docworker/deployed-shape/container-command";
import type { BenchConfig } from "./config.ts";
import { idleOnEmulatedAws } from "./footprint-aws.ts";
import { buildImageTree, type ImageTree, releaseImageTree } from "./footprint-images.ts";
import {
  apiHealthy,
  duMb,
  freePort,
  rssMb,
  type StartedService,
  startService,
  stopProcess,
  waitFor,
} from "./footprint-probes.ts";
import { percentile, round } from "./stats.ts";

/** The production install of one service, as a container image would hold it. */
function deploySize(cfg: BenchConfig, pkg: string) {
  const target = join(cfg.workDir, `deploy-${pkg.split("/")[1]}`);
  execFileSync("pnpm", ["deploy", "--prod", "--filter", pkg, target], { cwd: cfg.repoRoot, stdio: "ignore" });
  const store = join(target, "node_modules/.pnpm");
  const largest = readdirSync(store)
    .filter((d) => d !== "node_modules" && !d.startsWith("lock"))
    .map((d) => ({ package: d.replace(/@\d.*$/, "").replace(/\+/g, "/"), mb: duMb(join(store, d)) }))
    .sort((a, b) => b.mb - a.mb)
    .slice(0, 5);
  return { package: pkg, mb: duMb(target), largest };
}

/** Starts a service as its image does: the node flags and entry of its Dockerfile's CMD. */
function startFromWorkspace(
  cfg: BenchConfig,
  service: "api" | "worker",
  env: Record<string, string>,
  ready: (p: StartedService) => Promise<boolean> | boolean,
): Promise<StartedService> {
  return startService(
    service,
    containerNodeArgs(cfg.repoRoot, service),
    { cwd: cfg.repoRoot, env: { ...process.env, ...env } },
    ready,
  );
}

/** Samples a process's RSS every 100 ms while `work` runs; the peak. */
async function peakRss(pid: number, work: () => Promise<void>): Promise<number> {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {}
  }, 100);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, rssMb(pid));
}

type Service = "api" | "worker";

/**
 * Node's compile cache as the service's image holds it: filled by the image build's own step
 * (scripts/deploy/fill-compile-cache.ts, here over the workspace), read-only, and named by the
 * variables of the image's ENV. Empty when the image sets no cache.
 */
function imageCompileCache(cfg: BenchConfig, service: Service): Record<string, string> {
  const image = containerEnv(cfg.repoRoot, service);
  if (!image.NODE_COMPILE_CACHE) return {};
  const dir = join(cfg.workDir, `compile-cache-${service}`);
  execFileSync(process.execPath, ["scripts/deploy/fill-compile-cache.ts", service, cfg.repoRoot, dir], {
    cwd: cfg.repoRoot,
    stdio: "ignore",
  });
  return { NODE_COMPILE_CACHE: dir, NODE_COMPILE_CACHE_PORTABLE: image.NODE_COMPILE_CACHE_PORTABLE ?? "" };
}

/** Idle RSS of both services started together, with or without their images' compile caches. */
async function idleRss(
  cfg: BenchConfig,
  env: Record<string, string>,
  url: string,
  caches: Record<Service, Record<string, string>>,
): Promise<Record<Service, number>> {
  const api = await startFromWorkspace(cfg, "api", { ...env, ...caches.api }, () => apiHealthy(url));
  const worker = await startFromWorkspace(cfg, "worker", { ...env, ...caches.worker }, (p) =>
    p.output.includes("worker started"),
  );
  try {
    await new Promise((r) => setTimeout(r, 2000));
    return { api: rssMb(api.child.pid as number), worker: rssMb(worker.child.pid as number) };
  } finally {
    await stopProcess(worker.child);
    await stopProcess(api.child);
  }
}

/** The AWS images: their trees, and their processes idle on the emulated stack when it is there. */
async function awsImages(cfg: BenchConfig, log: (m: string) => void, emulated: Record<string, string> | undefined) {
  const trees: Record<Service, ImageTree> = { api: buildImageTree(cfg, "api"), worker: buildImageTree(cfg, "worker") };
  try {
    for (const t of Object.values(trees))
      log(
        `  ${t.service} image tree ${t.mb} MB (compile cache ${t.compileCacheMb} MB); embedded-only: ${t.embeddedOnly.map((e) => e.package).join(", ") || "none"}`,
      );
    const idle = emulated ? await idleOnEmulatedAws(cfg, emulated, trees) : undefined;
    if (idle) log(`  idle on the AWS adapters: API ${idle.idle.api} MB, worker ${idle.idle.worker} MB`);
    const imageTrees = Object.values(trees).map(({ dir: _dir, ...tree }) => tree);
    return { imageTrees, idle };
  } finally {
    for (const t of Object.values(trees)) releaseImageTree(t);
  }
}

export async function runFootprintSection(
  cfg: BenchConfig,
  log: (m: string) => void,
  emulated?: Record<string, string>,
) {
  const aws = await awsImages(cfg, log, emulated);
  const images = ["@docworker/worker", "@docworker/api"].map((pkg) => deploySize(cfg, pkg));
  const nodeDir = join(cfg.repoRoot, ".tools/node");
  const nodeMb = duMb(nodeDir);
  log(`  production installs: ${images.map((i) => `${i.package} ${i.mb} MB`).join(", ")}`);

  const dataDir = join(cfg.workDir, "footprint");
  const port = await freePort();
  const env = {
    DOCWORKER_DATA_DIR: dataDir,
    EMBEDDINGS_PROVIDER: "minilm",
    MINILM_MODEL_DIR: cfg.modelDir,
    PORT: String(port),
    LOG_LEVEL: "info",
  };
  const url = `http://127.0.0.1:${port}`;
  const caches = { api: imageCompileCache(cfg, "api"), worker: imageCompileCache(cfg, "worker") };
  // Idle, three starts each way, alternated: as the images run (their compile caches) and without.
  const withCache: Record<Service, number>[] = [];
  const withoutCache: Record<Service, number>[] = [];
  for (let i = 0; i < 3; i++) {
    withCache.push(await idleRss(cfg, env, url, caches));
    withoutCache.push(await idleRss(cfg, env, url, { api: {}, worker: {} }));
  }
  const medians = (runs: Record<Service, number>[]) => ({
    api: percentile(
      runs.map((r) => r.api),
      50,
    ),
    worker: percentile(
      runs.map((r) => r.worker),
      50,
    ),
  });
  const processes = await measureProcesses(cfg, env, url, caches);
  // Writable again, so that the bench's work directory can be removed.
  for (const cache of Object.values(caches).map((c) => c.NODE_COMPILE_CACHE))
    if (cache) for (const dir of [cache, ...readdirSync(cache).map((d) => join(cache, d))]) chmodSync(dir, 0o755);
  return {
    productionInstallMb: images,
    nodeRuntimeMb: nodeMb,
    imageEstimate: images.map((i) => ({
      package: i.package,
      mb: round(i.mb + nodeMb + 75),
      how: `production install ${i.mb} MB + Node 24 ${nodeMb} MB (as installed here) + ~75 MB Debian bookworm-slim base (published size, not measured)`,
    })),
    ...processes,
    compileCache: Object.values(caches).some((c) => c.NODE_COMPILE_CACHE)
      ? "each service with its image's compile cache (NODE_COMPILE_CACHE, NODE_COMPILE_CACHE_PORTABLE from its Dockerfile's ENV), filled by scripts/deploy/fill-compile-cache.ts as the image build does, read-only; these processes run the embedded adapters from the workspace; the AWS adapters' (rssMb.idleAws) run from the image trees"
      : "none (the images set no compile cache)",
    imageTrees: aws.imageTrees,
    ...(aws.idle
      ? { aws: { startToReadyMs: aws.idle.startToReadyMs, how: aws.idle.how } }
      : { aws: { skipped: "no emulated AWS stack (BENCH_EMULATED=0, or it did not start)" } }),
    rssMb: {
      idle: medians(withCache),
      ...(aws.idle ? { idleAws: aws.idle.idle } : {}),
      ...processes.rssMb,
      idleWithoutCompileCache: medians(withoutCache),
      idleRuns: {
        withCompileCache: withCache,
        withoutCompileCache: withoutCache,
        ...(aws.idle ? { aws: aws.idle.runs } : {}),
      },
    },
  };
}

/** Both services started from one data directory, each under its load. */
async function measureProcesses(
  cfg: BenchConfig,
  env: Record<string, string>,
  url: string,
  caches: Record<Service, Record<string, string>>,
) {
  const api = await startFromWorkspace(cfg, "api", { ...env, ...caches.api }, () => apiHealthy(url));
  const worker = await startFromWorkspace(cfg, "worker", { ...env, ...caches.worker }, (p) =>
    p.output.includes("worker started"),
  );
  try {
    // Load: 40 uploads through the API (the worker parses, embeds with MiniLM, indexes them),
    // then 8 concurrent hybrid searches for 5 s.
    const docs = readdirSync(cfg.documentsDir).filter(
      (f) => /\.(pdf|docx|html|txt|md|pptx|xlsx|eml)$/.test(f) && !f.startsWith("DA-619"),
    );
    const ids: string[] = [];
    const workerPeak = await peakRss(worker.child.pid as number, async () => {
      for (const [i, filename] of [...docs, ...docs].slice(0, cfg.quick ? 10 : 40).entries()) {
        const reg = (await (
          await fetch(`${url}/documents`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ filename: `${i}-${filename}` }),
          })
        ).json()) as { documentId: string; upload: { url: string; headers: Record<string, string> } };
        await fetch(reg.upload.url, {
          method: "PUT",
          headers: reg.upload.headers,
          body: readFileSync(join(cfg.documentsDir, filename)),
        });
        ids.push(reg.documentId);
      }
      await waitFor(async () => {
        for (const id of ids) {
          const doc = (await (await fetch(`${url}/documents/${id}`)).json()) as { status: string };
          if (!["PROCESSED", "FAILED"].includes(doc.status)) return false;
        }
        return true;
      }, 180_000);
    });
    const apiPeak = await peakRss(api.child.pid as number, async () => {
      const until = performance.now() + (cfg.quick ? 2000 : 5000);
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (performance.now() < until) {
            const r = await fetch(`${url}/search`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ query: "revenue of the company in the last quarter", k: 10, mode: "hybrid" }),
            });
            await r.arrayBuffer();
          }
        }),
      );
    });
    return {
      commands: {
        api: ["node", ...containerNodeArgs(cfg.repoRoot, "api")].join(" "),
        worker: ["node", ...containerNodeArgs(cfg.repoRoot, "worker")].join(" "),
      },
      startToReadyMs: { api: api.readyMs, worker: worker.readyMs },
      rssMb: { underLoad: { api: apiPeak, worker: workerPeak } },
      load: `worker: ${ids.length} uploads (shared documents) parsed, embedded with MiniLM, indexed; API: 8 concurrent hybrid searches for ${cfg.quick ? 2 : 5} s`,
      embedder:
        "all-MiniLM-L6-v2 (each process loads it on its first text: the worker to embed chunks, the API to embed a query; idle, neither holds it)",
    };
  } finally {
    await stopProcess(worker.child);
    await stopProcess(api.child);
  }
}
