import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { checkScenarioTests, declaredTestNames, readSpec } from "./scenario-tests.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);

describe("openspec/", () => {
  it("passes `openspec validate --all --strict`", async () => {
    const { stdout } = await run(
      "node_modules/.bin/openspec",
      ["validate", "--all", "--strict", "--json", "--no-color"],
      {
        cwd: root,
        env: { ...process.env, OPENSPEC_TELEMETRY: "0" },
      },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`openspec validate failed:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
    });
    const report = JSON.parse(stdout) as { summary: { totals: { items: number; failed: number } } };
    expect(report.summary.totals.failed).toBe(0);
    expect(report.summary.totals.items).toBeGreaterThanOrEqual(8);
  });

  it("names, in every scenario, tests that exist", () => {
    expect(checkScenarioTests(root)).toEqual([]);
  });
});

describe("the scenario → test check", () => {
  const spec = (tests: string) =>
    readSpec("x/spec.md", `## Requirements\n### Requirement: R\nIt SHALL.\n\n#### Scenario: S\n- **WHEN** a\n${tests}`);

  it("reads a reference's file and every quoted name", () => {
    const { scenarios, problems } = spec('- **Test:** `a.test.ts` › "outer" › "it says \\"hi\\""\n');
    expect(problems).toEqual([]);
    expect(scenarios[0]?.tests[0]).toMatchObject({ file: "a.test.ts", names: ["outer", 'it says "hi"'] });
  });

  it("refuses a scenario without a test, and a reference it cannot read", () => {
    expect(spec("- **THEN** b\n").problems.map((p) => p.message)).toEqual(['scenario "S" names no test']);
    expect(spec("- **Test:** a.test.ts › name\n").problems[0]?.message).toMatch(/not of the form/);
  });

  it("finds it, test, describe and .each names, and not skipped or todo tests or other strings", () => {
    const names = declaredTestNames(`
      describe("suite", () => {
        it("plain", async () => { expect("not a test").toBe("not a test"); });
        test.concurrent('single quoted', () => {});
        it.each([["a", 1], ["b", 2]] as const)("each %s", () => {});
        describe.each(Object.entries({ x: 1 }))("%s suite", () => {});
        it.skip("skipped", () => {});
        it.todo("todo");
        fit("not vitest");
      });`);
    expect([...names].sort()).toEqual(["%s suite", "each %s", "plain", "single quoted", "suite"]);
  });

  describe("on a tree", () => {
    let dir: string | undefined;
    afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

    it("reports a test file that does not exist and a test name the file does not have", () => {
      dir = mkdtempSync(join(tmpdir(), "openspec-check-"));
      mkdirSync(join(dir, "openspec/specs/cap"), { recursive: true });
      writeFileSync(join(dir, "a.test.ts"), 'it("is here", () => {});\n');
      writeFileSync(
        join(dir, "openspec/specs/cap/spec.md"),
        [
          "#### Scenario: S",
          '- **Test:** `a.test.ts` › "is here"',
          '- **Test:** `a.test.ts` › "is not here"',
          '- **Test:** `gone.test.ts` › "anything"',
        ].join("\n"),
      );
      expect(checkScenarioTests(dir).map((p) => `${p.line} ${p.message}`)).toEqual([
        '3 a.test.ts has no test "is not here"',
        "4 gone.test.ts does not exist",
      ]);
    });
  });
});
