import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIo, OutputStream } from "../../src/cli-io.ts";

export interface CapturedStream extends OutputStream {
  text: string;
}

/**
 * In-memory stdout/stderr, and an env whose config dir does not exist (a test that needs a
 * credentials file creates it), so the user's real credentials are never read.
 */
export function captureIo(options: { tty?: boolean; env?: Record<string, string> } = {}) {
  const stream = (): CapturedStream => ({
    text: "",
    isTTY: options.tty ?? false,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  });
  const stdout = stream();
  const stderr = stream();
  const io: CliIo = {
    stdout,
    stderr,
    env: { XDG_CONFIG_HOME: join(tmpdir(), `docworker-cli-config-${randomUUID()}`), ...options.env },
  };
  return { io, stdout, stderr };
}
