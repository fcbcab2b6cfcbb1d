// README's "Try it" commands, as written, in a clean environment — a new terminal on a fresh
// machine: no pnpm or Node 24 on PATH, no variables but those that keep the test apart from a
// developer's own stack (PORT, and where the data and the local stack's settings live).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

/** The commands of the first ```sh block under "## Try it", comments dropped. */
function tryItCommands(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Try it"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter(Boolean);
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

const work = mkdtempSync(join(tmpdir(), "docworker-readme-"));
let env: Record<string, string>;
let stack: ChildProcess;
let banner = "";

beforeAll(async () => {
  env = {
    PATH: "/usr/bin:/bin",
    HOME: join(work, "home"),
    PORT: String(await freePort()),
    DOCWORKER_DATA_DIR: join(work, "data"),
    DOCWORKER_LOCAL_DIR: join(work, "local"),
    // The lexical embedder: this test is about the commands, not the model.
    EMBEDDINGS_PROVIDER: "hashing",
  };
  const [first] = tryItCommands();
  expect(first).toBe("make run");
  stack = spawn("bash", ["-c", `exec ${first}`], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  stack.stdout?.on("data", (chunk) => {
    banner += chunk;
  });
  stack.stderr?.on("data", (chunk) => {
    banner += chunk;
  });
  const deadline = Date.now() + 150_000;
  while (!banner.includes("docworker is running at")) {
    if (stack.exitCode !== null) throw new Error(`make run exited: ${banner}`);
    if (Date.now() > deadline) throw new Error(`make run did not start: ${banner}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 180_000);

afterAll(async () => {
  if (stack?.pid && stack.exitCode === null) {
    process.kill(-stack.pid, "SIGINT");
    await new Promise((r) => stack.once("exit", r));
  }
  rmSync(work, { recursive: true, force: true });
});

describe("README: Try it", () => {
  it("make run prints commands that use the same launcher", () => {
    const printed = banner.split("\n").filter((line) => /^\s+(ingest|search|login):/.test(line));
    expect(printed.length).toBeGreaterThanOrEqual(2);
    for (const line of printed) expect(line.trim().split(/\s+/)[1]).toBe("./docworker");
  });

  it("every command runs as written in a new terminal", () => {
    const folder = join(work, "some-folder");
    const files = { "office-move.txt": "Minutes. It was decided that the office move happens in May, to the harbour." };
    spawnSync("mkdir", ["-p", folder]);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    let documentId = "";
    for (const written of tryItCommands().slice(1)) {
      const command = written.replace("./some/folder", folder).replace("doc_...", documentId);
      const run = spawnSync("bash", ["-c", command], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });
      expect(run.status, `${written}\n${run.stdout}\n${run.stderr}`).toBe(0);
      documentId ||= /doc_[0-9a-z]{8,}/.exec(run.stdout)?.[0] ?? "";
      if (written.includes("search")) expect(run.stdout).toContain("office");
    }
    expect(documentId).not.toBe("");
  }, 240_000);
});
