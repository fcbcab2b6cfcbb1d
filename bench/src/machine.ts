import { execFileSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import type { BenchConfig } from "./config.ts";

function git(cfg: BenchConfig, args: string[]): string {
  try {
    return execFileSync("git", args, {
      cwd: cfg.repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "unknown";
  }
}

/** What the numbers were measured on. */
export function machineInfo(cfg: BenchConfig) {
  const dirty = git(cfg, ["status", "--porcelain", "--untracked-files=no"]) !== "";
  return {
    date: new Date().toISOString(),
    commit: git(cfg, ["rev-parse", "--short", "HEAD"]) + (dirty ? " (with uncommitted changes)" : ""),
    node: process.version,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`,
    quick: cfg.quick,
  };
}
