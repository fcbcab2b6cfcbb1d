// README's configuration table, the code that reads the environment, and the environments that
// Terraform and docker compose give the services all name the same variables: the schemas'.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { loadTerraform, ROOT } from "../deploy/support/terraform.ts";
import { catalogNames, SETTINGS_CATALOG, settingsTable, withSettingsTable } from "../support/settings-catalog.ts";

/** The packages the service images load; dev tools (CLI, stand-ins, provisioning) have their own environments. */
const SERVICE_SOURCES = [
  "packages/core",
  "packages/parsing",
  "packages/parse-pool",
  "packages/embedded",
  "packages/local-models",
  "packages/tesseract-recognizer",
  "packages/api-contract",
  "packages/aws",
  "packages/runtime",
  "services/api",
  "services/worker",
  "services/standalone",
].map((dir) => join(dir, "src"));

/** Set by the parse pool for its own worker processes, never by an operator. */
const POOL_HANDOFF = new Set([
  "PARSE_WORKER_OCR_LANGUAGES",
  "PARSE_WORKER_OCR_THREADS",
  "PARSE_WORKER_OCR_SECOND_PASS",
]);

/** Read by Node or libraries, not by docworker's code. */
const NOT_DOCWORKER = new Set(["NODE_ENV"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

function variablesReadIn(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const names = [
    ...text.matchAll(/\benv\.([A-Z][A-Z0-9_]+)\b/g),
    ...text.matchAll(/\benv\[\s*["']([A-Z][A-Z0-9_]+)["']\s*\]/g),
  ];
  return names.map((match) => match[1] as string);
}

describe("the settings catalog", () => {
  it("is README's configuration table, row for row (make settings-table rewrites it)", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme).toBe(withSettingsTable(readme, settingsTable()));
  });

  it("declares each variable in one concern only, with a meaning and the services that read it", () => {
    const seen = new Map<string, string>();
    for (const concern of SETTINGS_CATALOG) {
      for (const [name, schema] of Object.entries(concern.schema.properties)) {
        expect(seen.get(name), `${name} is declared by ${seen.get(name)} and ${concern.title}`).toBeUndefined();
        seen.set(name, concern.title);
        expect((schema as { description?: string }).description, name).toBeTruthy();
        expect((schema as { readBy?: string[] }).readBy?.length, name).toBeGreaterThan(0);
      }
    }
    expect(seen.size).toBeGreaterThan(100);
  });

  it("names every variable the services' code reads", () => {
    const known = catalogNames();
    const unknown = SERVICE_SOURCES.flatMap(sourceFiles).flatMap((file) =>
      variablesReadIn(file)
        .filter((name) => !known.has(name) && !POOL_HANDOFF.has(name))
        .map((name) => `${name} (${file.slice(ROOT.length + 1)})`),
    );
    expect(unknown).toEqual([]);
  });

  it("names every variable the ECS task definitions set", async () => {
    const tf = await loadTerraform();
    const environments = [tf.locals.common_environment, ...Object.values(tf.locals.service_environment ?? {})];
    const names = environments.flatMap((environment) => Object.keys(mergedLiteral(environment)));
    expect(names).toContain("INGEST_QUEUE_URL");
    const known = catalogNames();
    expect(names.filter((name) => !known.has(name) && !NOT_DOCWORKER.has(name))).toEqual([]);
  });

  it("names every variable docker compose gives the API and the worker", () => {
    const compose = parseYaml(readFileSync(join(ROOT, "docker/compose.yaml"), "utf8"), { merge: true }) as {
      services: Record<string, { environment?: Record<string, string> }>;
    };
    const names = ["api", "worker"].flatMap((service) => Object.keys(compose.services[service]?.environment ?? {}));
    expect(names).toContain("DOCWORKER_ADAPTERS");
    const known = catalogNames();
    expect(names.filter((name) => !known.has(name))).toEqual([]);
  });
});

/**
 * hcl2json keeps `merge(a, {...})` as an expression string: the literal object's keys are the
 * variables it sets. A parsed object is taken as it is.
 */
function mergedLiteral(environment: unknown): Record<string, unknown> {
  if (typeof environment === "object" && environment !== null) return environment as Record<string, unknown>;
  const text = String(environment);
  return Object.fromEntries([...text.matchAll(/\b([A-Z][A-Z0-9_]+)\s*=/g)].map((match) => [match[1], true]));
}
