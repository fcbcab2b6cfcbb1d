import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { containerNodeArgs } from "../src/container-command.ts";

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
