#!/usr/bin/env node
import { runCli } from "./cli.ts";
import { withLocalStackSettings } from "./config/local-stack.ts";

// `docworker … | head` closes stdout early: that is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // The running local stack's API URL and Cognito client, unless flags or the environment say otherwise.
  env: withLocalStackSettings(process.env),
});
