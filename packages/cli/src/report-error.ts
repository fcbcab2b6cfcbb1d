import { ApiProblemError, ApiUnreachableError } from "./api-errors.ts";
import { UsageError } from "./cli-errors.ts";
import type { CliIo } from "./cli-io.ts";
import { sanitize } from "./render/text.ts";

/** Prints a failed command's error the way a person can act on it; returns the exit code. */
export function reportError(error: unknown, io: CliIo, apiUrl: string | undefined): number {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  if (error instanceof UsageError) {
    say(`error: ${error.message}`);
    return 2;
  }
  if (error instanceof ApiProblemError) {
    say(`error: ${sanitize(error.code)}: ${sanitize(error.detail)}`);
    if (error.status === 401)
      say("hint: sign in with `docworker login --user you@example.com`, or pass --token / set DOCWORKER_TOKEN");
    return 1;
  }
  if (error instanceof ApiUnreachableError) {
    say(`error: ${unreachableMessage(error, apiUrl)}`);
    return 1;
  }
  say(`error: ${error instanceof Error ? error.message : String(error)}`);
  if (io.env.DOCWORKER_DEBUG && error instanceof Error && error.stack) say(error.stack);
  return 1;
}

function unreachableMessage(error: ApiUnreachableError, apiUrl: string | undefined): string {
  if (error.url !== apiUrl) return `cannot reach ${error.url}: ${error.message}`;
  switch (error.reason) {
    case "refused":
      return [
        `the docworker API is not running at ${error.url} (connection refused).`,
        "Start it with `make run` in the repository root (it listens on $PORT, default 3000),",
        "or point --api / DOCWORKER_API_URL at a running docworker API.",
      ].join("\n");
    case "unknown-host":
      return `cannot reach the docworker API at ${error.url}: ${error.message}; check --api / DOCWORKER_API_URL`;
    case "timeout":
      return `the docworker API at ${error.url} did not answer: ${error.message}`;
    default:
      return `cannot reach the docworker API at ${error.url}: ${error.message}`;
  }
}
