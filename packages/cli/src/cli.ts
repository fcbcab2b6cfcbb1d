import { Command, CommanderError, Option } from "commander";
import packageJson from "../package.json" with { type: "json" };
import { DocworkerApiClient } from "./api-client.ts";
import { DOCUMENT_STATUS_NAMES, SEARCH_MODE_NAMES } from "./api-types.ts";
import { type CliIo, colorEnabled } from "./cli-io.ts";
import type { CommandContext } from "./commands/command-context.ts";
import { deleteCommand } from "./commands/delete.ts";
import { ingestCommand } from "./commands/ingest.ts";
import { listCommand } from "./commands/list.ts";
import { loginCommand } from "./commands/login.ts";
import { type ReprocessOptions, reprocessCommand } from "./commands/reprocess.ts";
import { searchCommand } from "./commands/search.ts";
import { statusCommand } from "./commands/status.ts";
import { tokenCommand } from "./commands/token.ts";
import { resolveConnection } from "./config/connection.ts";
import {
  collectFilter,
  collectKeyValue,
  FILTER_KEYS,
  integerBetween,
  isoDate,
  parseDuration,
} from "./option-parsers.ts";
import { createStyle } from "./render/style.ts";
import { reportError } from "./report-error.ts";

interface GlobalFlags {
  api?: string;
  token?: string;
  json?: boolean;
}

/**
 * Runs the docworker CLI on `argv` (the arguments after the script) and returns the exit code:
 * 0 success, 1 an API error or a failed document, 2 a usage error. Never calls process.exit, so
 * tests can drive it in-process.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = new Command("docworker");
  program
    .description("Upload, follow, search and delete documents through the docworker HTTP API.")
    .version(packageJson.version)
    .option("--api <url>", "API base URL (env DOCWORKER_API_URL; default http://127.0.0.1:$PORT, PORT=3000)")
    .option("--token <token>", "bearer token (env DOCWORKER_TOKEN; else ~/.config/docworker/credentials.json)")
    .option("--json", "print machine-readable JSON on stdout instead of tables")
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError("(add --help for usage)")
    .exitOverride();

  /** Wraps a command body: builds its context, reports its error, records its exit code. */
  const action =
    <A extends unknown[]>(body: (context: CommandContext, ...args: A) => Promise<number>) =>
    async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const flags = command.optsWithGlobals<GlobalFlags>();
      let apiUrl: string | undefined;
      try {
        const connection = await resolveConnection(flags, io.env);
        apiUrl = connection.apiUrl;
        const context: CommandContext = {
          client: new DocworkerApiClient({
            baseUrl: connection.apiUrl,
            ...(connection.token ? { token: connection.token } : {}),
          }),
          io,
          json: flags.json === true,
          style: createStyle(colorEnabled(io.stdout, io.env)),
          errStyle: createStyle(colorEnabled(io.stderr, io.env)),
        };
        exitCode = await body(context, ...(args.slice(0, -1) as A));
      } catch (error) {
        exitCode = reportError(error, io, apiUrl);
      }
    };

  /** Wraps a command that calls no docworker API (login, token): reports its error, records its exit code. */
  const localAction =
    <O>(body: (flags: GlobalFlags & O) => Promise<number>) =>
    async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      try {
        exitCode = await body(command.optsWithGlobals<GlobalFlags & O>());
      } catch (error) {
        exitCode = reportError(error, io, undefined);
      }
    };

  program
    .command("ingest")
    .description("upload files (directories recursively, hidden files skipped); --wait follows them to the end")
    .argument("<paths...>", "files or directories")
    .option(
      "--wait",
      "wait until every document is PROCESSED, FAILED or DELETED; exit 1 if any ends FAILED or unfinished",
    )
    .addOption(
      new Option("--concurrency <n>", "uploads (and status requests) at once")
        .argParser(integerBetween(1, 64))
        .default(4),
    )
    .option("--metadata <key=value>", "metadata for every document (repeatable)", collectKeyValue)
    .addOption(
      new Option("--timeout <duration>", "with --wait: give up after this long (e.g. 90s, 10m)")
        .argParser(parseDuration)
        .default(600_000, "10m"),
    )
    .addOption(
      new Option("--poll-interval <duration>", "with --wait: time between status checks of a document")
        .argParser(parseDuration)
        .default(1000, "1s"),
    )
    .action(
      action(
        (
          context,
          paths: string[],
          options: {
            wait?: boolean;
            concurrency: number;
            metadata?: Record<string, string>;
            timeout: number;
            pollInterval: number;
          },
        ) =>
          ingestCommand(context, paths, {
            wait: options.wait === true,
            concurrency: options.concurrency,
            metadata: options.metadata ?? {},
            timeoutMs: options.timeout,
            pollIntervalMs: options.pollInterval,
          }),
      ),
    );

  program
    .command("search")
    .description("search the documents: keyword (BM25), vector, or hybrid (both, fused)")
    .argument("<query...>", "what to look for")
    .addOption(new Option("-k, --k <n>", "number of results (API default 10)").argParser(integerBetween(1, 100)))
    .addOption(new Option("--mode <mode>", "retrieval mode (API default hybrid)").choices(SEARCH_MODE_NAMES))
    .option("--filter <key=value>", `filter (repeatable): ${FILTER_KEYS.join(", ")}`, collectFilter)
    .option("--filename-prefix <prefix>", "only documents whose filename starts with this")
    .option("--metadata <key=value>", "only documents with this metadata (repeatable)", collectKeyValue)
    .option("--created-after <date>", "only documents created after this ISO 8601 date", isoDate)
    .option("--created-before <date>", "only documents created before this ISO 8601 date", isoDate)
    .action(action(searchCommand));

  program
    .command("status")
    .description("show a document's record: status, error, pages, chunks, usage, extraction")
    .argument("<documentId>")
    .action(action(statusCommand));

  program
    .command("list")
    .description("list documents, most recently changed first")
    .addOption(new Option("--status <status>", "only documents with this status").choices(DOCUMENT_STATUS_NAMES))
    .addOption(new Option("--limit <n>", "at most this many").argParser(integerBetween(1, 10_000)).default(20))
    .action(action(listCommand));

  program
    .command("delete")
    .description("delete a document (its chunks and outputs follow through the delete event)")
    .argument("<documentId>")
    .action(action(deleteCommand));

  program
    .command("reprocess")
    .description(
      "process documents again under the current classes, schemas and models: one by id, or every one a filter takes (with progress)",
    )
    .argument("[documentId]", "one document; without it, a job over the filter")
    .addOption(new Option("--status <status>", "only documents with this status").choices(["PROCESSED", "FAILED"]))
    .option("--class <class>", "only documents of this class, e.g. receipt")
    .option("--schema <schemaId>", "only documents extracted under this schema, e.g. receipt/v1")
    .option("--extractor <name>", "only documents extracted by this extractor, e.g. rules or bedrock")
    .option("--created-after <date>", "only documents created after this ISO 8601 date", isoDate)
    .option("--created-before <date>", "only documents created before this ISO 8601 date", isoDate)
    .option("--no-wait", "start the job and return its id without following it")
    .addOption(
      new Option("--timeout <duration>", "give up waiting after this long (e.g. 90s, 10m)")
        .argParser(parseDuration)
        .default(1_800_000, "30m"),
    )
    .addOption(
      new Option("--poll-interval <duration>", "time between progress checks")
        .argParser(parseDuration)
        .default(1000, "1s"),
    )
    .action(
      action(
        (
          context,
          documentId: string | undefined,
          options: Omit<ReprocessOptions, "timeoutMs" | "pollIntervalMs"> & { timeout: number; pollInterval: number },
        ) =>
          reprocessCommand(context, documentId, {
            ...options,
            wait: options.wait !== false,
            timeoutMs: options.timeout,
            pollIntervalMs: options.pollInterval,
          }),
      ),
    );

  program
    .command("login")
    .description("sign in through Cognito (USER_PASSWORD_AUTH) and store the token the other commands send")
    .requiredOption("--user <name>", "the user name (the e-mail address)")
    .option("--password <password>", "the password (env DOCWORKER_PASSWORD, which stays out of the process list)")
    .option("--client-id <id>", "the user pool's app client id (env COGNITO_CLIENT_ID)")
    .option("--region <region>", "the user pool's region (env AWS_REGION)")
    .option("--endpoint <url>", "a Cognito endpoint other than AWS's, e.g. the emulated stack (env AWS_ENDPOINT_URL)")
    .action(
      localAction<{ user: string; password?: string; clientId?: string; region?: string; endpoint?: string }>((flags) =>
        loginCommand(io, {
          user: flags.user,
          json: flags.json === true,
          ...(flags.password ? { password: flags.password } : {}),
          ...(flags.clientId ? { clientId: flags.clientId } : {}),
          ...(flags.region ? { region: flags.region } : {}),
          ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
          ...(flags.api ? { api: flags.api } : {}),
        }),
      ),
    );

  program
    .command("token")
    .description("print the bearer token the other commands send (a stored one is refreshed when it has expired)")
    .action(
      localAction((flags) =>
        tokenCommand(io, { json: flags.json === true, ...(flags.token ? { token: flags.token } : {}) }),
      ),
    );

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return exitCode;
}
