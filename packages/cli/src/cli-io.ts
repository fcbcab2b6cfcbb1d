/** Where a command writes. process.stdout/stderr in the real CLI; string buffers in tests. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
}

/** Colour follows the usual conventions: NO_COLOR turns it off, FORCE_COLOR on, else only on a TTY. */
export function colorEnabled(stream: OutputStream, env: CliIo["env"]): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "") return env.FORCE_COLOR !== "0";
  return stream.isTTY === true;
}
