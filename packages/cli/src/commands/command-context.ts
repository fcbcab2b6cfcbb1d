import type { DocworkerApiClient } from "../api-client.ts";
import type { CliIo } from "../cli-io.ts";
import type { Style } from "../render/style.ts";

/** What every command gets: the API client, where to write, and how. */
export interface CommandContext {
  client: DocworkerApiClient;
  io: CliIo;
  /** Print machine-readable JSON on stdout instead of tables. */
  json: boolean;
  /** Styling for stdout and for stderr; each is plain unless its stream is a colour terminal. */
  style: Style;
  errStyle: Style;
}

export function printJson(context: CommandContext, value: unknown): void {
  context.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
