// `make cost-estimate` prices every environment from its tfvars and deploy/pricing.json.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/terraform.ts";

interface Result {
  lines: { item: string; monthly: number }[];
  total: number;
  dominant: string;
}

describe("scripts/deploy/cost-estimate.ts", () => {
  const results = JSON.parse(
    execFileSync(process.execPath, [join(ROOT, "scripts/deploy/cost-estimate.ts"), "--json"], { encoding: "utf8" }),
  ) as Record<string, Result>;

  it("estimates dev, staging and prod, every line priced", () => {
    expect(Object.keys(results).sort()).toEqual(["dev", "prod", "staging"]);
    for (const [env, result] of Object.entries(results)) {
      expect(result.lines.length, env).toBeGreaterThanOrEqual(10);
      for (const line of result.lines) expect(Number.isFinite(line.monthly), `${env} ${line.item}`).toBe(true);
      expect(result.total).toBeCloseTo(
        result.lines.reduce((sum, l) => sum + l.monthly, 0),
        6,
      );
    }
  });

  it("shows the OpenSearch Serverless floor dominating a small deployment, and halving without standby", () => {
    expect(results.dev?.dominant).toBe("OpenSearch Serverless");
    const ocu = (env: string) => results[env]?.lines.find((l) => l.item === "OpenSearch Serverless")?.monthly ?? 0;
    expect(ocu("prod") / ocu("dev")).toBeCloseTo(2, 1);
  });
});
