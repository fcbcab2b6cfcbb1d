import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const PEER_PACKAGES = ["llamaindex", "langchain", "@langchain/classic", "@langchain/core", "@langchain/textsplitters"];

/** Installed versions of the peers, read from bench/node_modules/<name>/package.json. */
export function peerVersions(): Record<string, string> {
  const modules = resolve(import.meta.dirname, "../../node_modules");
  const versions: Record<string, string> = {};
  for (const name of PEER_PACKAGES) {
    try {
      versions[name] = (
        JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")) as { version: string }
      ).version;
    } catch {
      versions[name] = "not installed";
    }
  }
  return versions;
}
