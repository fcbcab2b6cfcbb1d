import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { containerEnv, containerNodeArgs, containerWorkdir } from "../src/container-command.ts";

const repoRoot = resolve(import.meta.dirname, "../../..");

function rootWith(apiDockerfile: string): string {
  const root = mkdtempSync(join(tmpdir(), "container-command-"));
  writeFileSync(join(root, "Dockerfile.api"), apiDockerfile);
  return root;
}

describe("containerNodeArgs", () => {
  it("reads each image's node flags and entry from its Dockerfile's CMD", () => {
    expect(containerNodeArgs(repoRoot, "api").at(-1)).toBe("services/api/src/main.ts");
    expect(containerNodeArgs(repoRoot, "api")).toContain("--max-semi-space-size=2");
    expect(containerNodeArgs(repoRoot, "worker")).toEqual(["services/worker/src/main.ts"]);
  });

  it("takes the CMD line, not the HEALTHCHECK's CMD", () => {
    const root = rootWith(
      'HEALTHCHECK --interval=30s \\\n  CMD ["node", "-e", "fetch(1)"]\nCMD ["node", "--flag", "main.ts"]\n',
    );
    expect(containerNodeArgs(root, "api")).toEqual(["--flag", "main.ts"]);
  });

  it("refuses a shell-form CMD or one that does not run node", () => {
    expect(() => containerNodeArgs(rootWith("CMD node main.ts\n"), "api")).toThrow(/exec-form/);
    expect(() => containerNodeArgs(rootWith('CMD ["bun", "main.ts"]\n'), "api")).toThrow(/not node/);
  });
});

describe("containerEnv and containerWorkdir", () => {
  it("read the final stage's ENV and WORKDIR, not the build stage's", () => {
    const root = rootWith(
      'FROM node AS build\nENV BUILD_ONLY=1\nWORKDIR /src\nFROM node\nENV A=1 \\\n    B=/app/x\nWORKDIR /app\nCMD ["node", "main.ts"]\n',
    );
    expect(containerEnv(root, "api")).toEqual({ A: "1", B: "/app/x" });
    expect(containerWorkdir(root, "api")).toBe("/app");
  });

  it("give the API image Node's compile cache inside its tree, in portable mode", () => {
    const env = containerEnv(repoRoot, "api");
    expect(env.NODE_COMPILE_CACHE?.startsWith(`${containerWorkdir(repoRoot, "api")}/`)).toBe(true);
    expect(env.NODE_COMPILE_CACHE_PORTABLE).toBe("1");
  });
});
