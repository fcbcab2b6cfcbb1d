import { stripVTControlCharacters } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.ts";
import { captureIo } from "./support/capture-io.ts";
import { type RealApi, settled, startRealApi, uploadDocument } from "./support/real-api.ts";

let api: RealApi;

beforeEach(async () => {
  api = await startRealApi();
});
afterEach(() => api.close());

const text = (s: string) => new TextEncoder().encode(s);

describe("reprocess", () => {
  it("follows a job over a filter with a progress bar redrawn in place, and prints its counts", async () => {
    const contract = await uploadDocument(
      api,
      "terms.txt",
      text("SERVICES AGREEMENT between Acme LLC and Initech Ltd. WHEREAS the parties agree. Governing law: Ohio."),
      { contentType: "text/plain" },
    );
    const note = await uploadDocument(api, "note.txt", text("Bring cake on Friday."), { contentType: "text/plain" });
    const [before] = await Promise.all([settled(api, contract), settled(api, note)]);
    const { io, stdout, stderr } = captureIo({ tty: true });
    const code = await runCli(["--api", api.url, "reprocess", "--class", "contract", "--poll-interval", "20ms"], io);
    expect(code, stderr.text).toBe(0);
    const progress = stripVTControlCharacters(stderr.text);
    expect(progress).toContain(`reprocess [${"#".repeat(24)}] 1/1 processed 1 failed 0 skipped 0`);
    expect(stdout.text).toMatch(/^job_[a-f0-9]{20} done: 1 matched, 1 processed, 0 failed, 0 skipped\n$/);
    const after = await settled(api, contract);
    expect(String(after.processedAt) > String(before?.processedAt)).toBe(true);
  });

  it("sends one document, or starts a job without following it, and answers --json", async () => {
    const id = await uploadDocument(api, "a.txt", text("A short note."), { contentType: "text/plain" });
    await settled(api, id);
    const one = captureIo();
    expect(await runCli(["--api", api.url, "reprocess", id], one.io)).toBe(0);
    expect(one.stdout.text).toBe(`reprocessing ${id}: follow it with docworker status ${id}\n`);
    const started = captureIo();
    expect(await runCli(["--api", api.url, "--json", "reprocess", "--status", "FAILED", "--no-wait"], started.io)).toBe(
      0,
    );
    expect(JSON.parse(started.stdout.text)).toMatchObject({ status: "RUNNING", filter: { status: "FAILED" } });
  });
});
