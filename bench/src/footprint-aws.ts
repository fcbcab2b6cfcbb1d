import { join } from "node:path";
import { containerEnv, containerNodeArgs, containerWorkdir } from "@docworker/deployed-shape/container-command";
import { createPrivatePipeline } from "../../scripts/emulated/private-pipeline.ts";
import type { BenchConfig } from "./config.ts";
import type { ImageService, ImageTree } from "./footprint-images.ts";
import { apiHealthy, freePort, rssMb, type StartedService, startService, stopProcess } from "./footprint-probes.ts";
import { percentile } from "./stats.ts";

/**
 * Settings the private pipeline gives its tests that production leaves at their defaults: the
 * images' processes read those defaults (Cognito auth, metrics on, 20 s queue polls, Titan's
 * 1,024 dimensions).
 */
const TEST_ONLY = [
  "AUTH_MODE",
  "METRICS_ENABLED",
  "SQS_WAIT_TIME_SECONDS",
  "SQS_HANDLER_ERROR_DELAY_SECONDS",
  "WORKER_BACKOFF_BASE_SECONDS",
  "WORKER_BACKOFF_MAX_SECONDS",
  "TEXTRACT_POLL_MS",
  "BEDROCK_EMBEDDING_DIMENSION",
];

function startFromTree(
  tree: ImageTree,
  wiring: Record<string, string>,
  ready: (p: StartedService) => Promise<boolean> | boolean,
  repoRoot: string,
): Promise<StartedService> {
  const image = containerEnv(repoRoot, tree.service);
  // The image's paths under its WORKDIR are the tree's here.
  const workdir = containerWorkdir(repoRoot, tree.service);
  const env = Object.fromEntries(
    Object.entries(image).map(([k, v]) => [
      k,
      v.startsWith(`${workdir}/`) ? join(tree.dir, v.slice(workdir.length + 1)) : v,
    ]),
  );
  return startService(
    tree.service,
    containerNodeArgs(repoRoot, tree.service),
    { cwd: tree.dir, env: { PATH: process.env.PATH ?? "", HOME: tree.dir, ...env, ...wiring } },
    ready,
  );
}

export interface AwsIdle {
  idle: Record<ImageService, number>;
  runs: Record<ImageService, number>[];
  startToReadyMs: Record<ImageService, number>;
  how: string;
}

/** Three starts of both services together; RSS 2 s after each is ready, and their medians. */
export async function idleOnEmulatedAws(
  cfg: BenchConfig,
  emulated: Record<string, string>,
  trees: Record<ImageService, ImageTree>,
): Promise<AwsIdle> {
  if (!emulated.BEDROCK_ENDPOINT_URL) throw new Error("the emulated stack has no Bedrock stand-in");
  const pipeline = await createPrivatePipeline(emulated, {
    prefix: "footprint-",
    bedrockUrl: emulated.BEDROCK_ENDPOINT_URL,
  });
  const wiring = Object.fromEntries(Object.entries(pipeline.env).filter(([k]) => !TEST_ONLY.includes(k)));
  const runs: Record<ImageService, number>[] = [];
  const ready: Record<ImageService, number>[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // The API first: it creates the index the worker checks for, as on a fresh account.
    const api = await startFromTree(
      trees.api,
      { ...wiring, PORT: String(port), HOST: "127.0.0.1" },
      () => apiHealthy(url),
      cfg.repoRoot,
    );
    let worker: StartedService | undefined;
    try {
      worker = await startFromTree(trees.worker, wiring, (p) => p.output.includes("worker started"), cfg.repoRoot);
      await new Promise((r) => setTimeout(r, 2000));
      runs.push({ api: rssMb(api.child.pid as number), worker: rssMb(worker.child.pid as number) });
      ready.push({ api: api.readyMs, worker: worker.readyMs });
    } finally {
      if (worker) await stopProcess(worker.child);
      await stopProcess(api.child);
    }
  }
  const median = (pick: (r: Record<ImageService, number>) => number, rows: Record<ImageService, number>[]) =>
    percentile(rows.map(pick), 50);
  return {
    idle: { api: median((r) => r.api, runs), worker: median((r) => r.worker, runs) },
    runs,
    startToReadyMs: { api: median((r) => r.api, ready), worker: median((r) => r.worker, ready) },
    how: "each service from its image tree (scripts/deploy/build-image-tree.sh) with the compile cache its image build fills, its Dockerfile's ENV (DOCWORKER_ADAPTERS=aws, NODE_ENV=production, NODE_COMPILE_CACHE...) and CMD, no other variable of this machine; on a private pipeline of the emulated AWS stack (moto, OpenSearch, the Bedrock stand-in) with production's defaults: Cognito auth, Bedrock Titan embedder, extractor and classifier, Textract OCR, metrics on; RSS 2 s after ready, median of three starts of both",
  };
}
