// Fills Node's module compile cache for one service's tree, so that the process the image starts
// finds every module it loads already stripped of its types and compiled: Node then never loads
// its TypeScript stripper (17-20 MB resident) nor compiles the modules again.
//   node scripts/deploy/fill-compile-cache.ts SERVICE TREE [CACHE]
// The cache goes to CACHE (default TREE/.node-compile-cache) in portable mode (paths relative to
// the cache), so a tree built in /out and copied to /app keeps it. Node keys the cache by Node
// version, CPU and user id: run this with the image's Node, as the image's user (the Dockerfiles do).
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { constants, enableCompileCache, flushCompileCache } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function workspacePackages(tree: string): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const group of ["packages", "services"]) {
    if (!existsSync(join(tree, group))) continue;
    for (const entry of readdirSync(join(tree, group))) {
      const manifest = join(tree, group, entry, "package.json");
      if (existsSync(manifest))
        dirs.set((JSON.parse(readFileSync(manifest, "utf8")) as Manifest).name, join(tree, group, entry));
    }
  }
  return dirs;
}

/**
 * The service's package and every workspace package it reaches that the tree holds: its
 * dependencies, and the development dependencies its source imports (what it loads on demand;
 * the others serve its tests).
 */
function packagesOf(service: string, all: Map<string, string>): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    const dir = all.get(name);
    if (!dir || seen.has(dir)) return;
    seen.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
    const source = modulesUnder(join(dir, "src")).map((file) => readFileSync(file, "utf8"));
    for (const [dep, spec] of Object.entries(manifest.dependencies ?? {}))
      if (spec.startsWith("workspace:")) visit(dep);
    for (const [dep, spec] of Object.entries(manifest.devDependencies ?? {}))
      if (spec.startsWith("workspace:") && source.some((text) => new RegExp(`["']${dep}["/]`).test(text))) visit(dep);
  };
  visit(`@docworker/${service}`);
  return [...seen];
}

function modulesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.endsWith(".test.ts"))
    .map((f) => join(dir, f));
}

const [service, treeArg, cacheArg] = process.argv.slice(2);
if (!service || !treeArg) throw new Error("usage: fill-compile-cache.ts SERVICE TREE [CACHE]");
const tree = resolve(treeArg);
const cache = resolve(cacheArg ?? join(tree, ".node-compile-cache"));
const enabled = enableCompileCache({ directory: cache, portable: true });
if (enabled.status !== constants.compileCacheStatus.ENABLED) throw new Error(`compile cache: ${enabled.message}`);

// Entry points run as far as their configuration, which is absent here: they stop there, after
// every static import. The other modules are imported too, for what the services load on demand.
for (const key of Object.keys(process.env)) if (key !== "PATH" && key !== "HOME") delete process.env[key];
process.env.DOCWORKER_ADAPTERS = "aws";
let modules = 0;
let refused = 0;
for (const dir of packagesOf(service, workspacePackages(tree))) {
  for (const file of modulesUnder(join(dir, "src"))) {
    modules += 1;
    // A module that needs what the tree leaves out (an optional peer) or its configuration throws: expected.
    await import(pathToFileURL(file).href).catch(() => {
      refused += 1;
    });
  }
}
flushCompileCache();
// Node writes its entries readable by their owner only; COPY into the final stage may change the
// owner. Readable by all, writable by none: the task's root filesystem is read-only besides.
chmodSync(cache, 0o555);
for (const entry of readdirSync(cache, { recursive: true, encoding: "utf8" }).map((e) => join(cache, e)))
  chmodSync(entry, statSync(entry).isDirectory() ? 0o555 : 0o444);
console.error(`compile cache for ${service}: ${modules} modules imported (${refused} stopped early) into ${cache}`);
// Whatever a module left open (none should, without configuration), the build goes on.
process.exit(0);
