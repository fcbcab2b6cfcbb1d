import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openRuntime } from "../src/open-runtime.ts";

const dataDir = mkdtempSync(join(tmpdir(), "docworker-runtime-parse-pool-"));
const env = { DOCWORKER_DATA_DIR: dataDir, EMBEDDINGS_PROVIDER: "hashing", OCR_ENGINE: "none", LOG_LEVEL: "silent" };
// What a production install without the package gives the runtime's import.
const notInstalled = () => import(["@docworker", "parse-pool-left-out"].join("/"));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the parse pool is loaded by a process that serves the worker only", () => {
  it("an API alone starts without loading it, and has no parse worker", async () => {
    const runtime = await openRuntime({ env, serves: ["api"], loadParsePool: notInstalled });
    try {
      expect(runtime.deps.preparer.processCount).toBe(0);
      expect(runtime.deps.preparer.pids).toEqual([]);
    } finally {
      await runtime.close();
    }
  });

  it("a worker installed without it is refused at start, naming the package", async () => {
    await expect(openRuntime({ env, serves: ["worker"], loadParsePool: notInstalled })).rejects.toThrow(
      "invalid configuration: serving the worker needs @docworker/parse-pool, which this installation leaves out",
    );
  });

  it("a worker loads it through the service's import", async () => {
    let loaded = 0;
    const runtime = await openRuntime({
      env,
      serves: ["worker"],
      loadParsePool: () => {
        loaded += 1;
        return import("@docworker/parse-pool");
      },
    });
    await runtime.close();
    expect(loaded).toBe(1);
  });
});
