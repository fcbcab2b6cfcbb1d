// Variables are typed and described, outputs documented, and every environment's tfvars sets
// every required variable and nothing undeclared.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DEPLOY, loadTerraform, loadTfvars, type Terraform } from "./support/terraform.ts";

let tf: Terraform;
beforeAll(async () => {
  tf = await loadTerraform();
});

const environments = readdirSync(join(DEPLOY, "environments"));

describe("variables and outputs", () => {
  it("gives every variable a type and a description", () => {
    expect(Object.keys(tf.variable).length).toBeGreaterThan(20);
    for (const [name, variable] of Object.entries(tf.variable)) {
      expect(variable.type, `${name}.type`).toBeTruthy();
      expect(String(variable.description ?? ""), `${name}.description`).toMatch(/\w{3,}/);
    }
  });

  it("documents every output", () => {
    for (const [name, output] of Object.entries(tf.output)) {
      expect(String(output.description ?? ""), `${name}.description`).toMatch(/\w{3,}/);
    }
  });

  it("has dev, staging and prod", () => {
    expect(environments).toEqual(expect.arrayContaining(["dev", "staging", "prod"]));
  });

  for (const file of [
    ...environments.map((env) => `environments/${env}/terraform.tfvars`),
    "terraform.tfvars.example",
  ]) {
    it(`${file} sets every required variable and only declared ones`, async () => {
      const values = await loadTfvars(join(DEPLOY, file));
      const required = Object.entries(tf.variable)
        .filter(([, v]) => !("default" in v))
        .map(([name]) => name);
      expect(required.sort()).toEqual(["certificate_arn", "environment", "region"]);
      for (const name of required) expect(values[name], `${file}: ${name}`).toBeDefined();
      for (const name of Object.keys(values)) expect(tf.variable[name], `${file}: undeclared ${name}`).toBeDefined();
      if (file.startsWith("environments/")) expect(values.environment).toBe(file.split("/")[1]);
    });
  }

  it("keeps prod protected and redundant", async () => {
    const prod = await loadTfvars(join(DEPLOY, "environments/prod/terraform.tfvars"));
    expect(prod).toMatchObject({
      deletion_protection: true,
      opensearch_standby_replicas: true,
      opensearch_private: true,
      enable_interface_endpoints: true,
    });
    expect(prod.api_min_tasks).toBeGreaterThanOrEqual(2);
  });
});
