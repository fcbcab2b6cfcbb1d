import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.ts";
import { captureIo } from "./support/capture-io.ts";
import { type RealApi, settled, startRealApi, uploadDocument } from "./support/real-api.ts";

const QUERY = "office move";
const MINUTES = 'The board decided the office move happens in May; costs < $5k & "approved".';
const LEASE = "Moving the office requires a new lease <mark>not a tag</mark>.";

let api: RealApi;
let ids: { minutes: string; lease: string };
beforeAll(async () => {
  api = await startRealApi();
  ids = {
    minutes: await uploadDocument(api, "minutes.txt", MINUTES),
    // Plain text: a Markdown parser would take the document's own <mark> for markup.
    lease: await uploadDocument(api, "lease.txt", LEASE),
  };
  for (const id of Object.values(ids)) expect((await settled(api, id)).status).toBe("PROCESSED");
});
afterAll(() => api.close());

describe("search", () => {
  it("renders rank, score, filename and the snippet with the API's marks in bold on a terminal", async () => {
    const { io, stdout } = captureIo({ tty: true });
    const code = await runCli(["--api", api.url, "search", "office", "move"], io);
    expect(code).toBe(0);
    const bold = (text: string) => `\x1b[1m${text}\x1b[22m`;
    expect(stdout.text).toContain(`${bold("1")}  `);
    expect(stripVTControlCharacters(stdout.text)).toMatch(/^1 {2}\d\.\d{5} {2}minutes\.txt$/m);
    expect(stdout.text).toContain(`The board decided the ${bold("office")} ${bold("move")} happens in May`);
    // the document's own "<mark>" stays text: only the API's marks become bold
    expect(stdout.text).toContain("<mark>not a tag</mark>");
    expect(stdout.text).toContain(`${bold("office")} requires a new lease`);
    expect(stdout.text).toMatch(/2 results in [\d.]+ ms \(hybrid\)/);
  });

  it("prints plain text when stdout is not a terminal", async () => {
    const { io, stdout } = captureIo();
    await runCli(["--api", api.url, "search", QUERY], io);
    expect(stdout.text).not.toContain("\x1b");
    const [heading, snippet] = stdout.text.split("\n");
    expect(heading).toMatch(/^1 {2}\d\.\d{5} {2}minutes\.txt$/);
    expect(snippet).toBe(`   ${MINUTES}`);
  });

  it("sends k, mode and every filter in the request body, and the API applies them", async () => {
    api.requests.length = 0;
    const { io, stdout } = captureIo();
    const code = await runCli(
      [
        "--json",
        "--api",
        api.url,
        "search",
        "lease",
        "--k",
        "1",
        "--mode",
        "keyword",
        "--filter",
        "contentType=application/pdf,text/plain",
        "--filter",
        "contentType=text/markdown",
        "--filter",
        "createdAfter=2024-05-01",
        "--filename-prefix",
        "lea",
      ],
      io,
    );
    expect(code).toBe(0);
    expect(JSON.parse(api.requests.at(-1)?.body ?? "")).toEqual({
      query: "lease",
      k: 1,
      mode: "keyword",
      filters: {
        contentType: ["application/pdf", "text/plain", "text/markdown"],
        createdAfter: "2024-05-01T00:00:00.000Z",
        filenamePrefix: "lea",
      },
    });
    const output = JSON.parse(stdout.text) as { mode: string; results: { documentId: string }[] };
    expect(output.mode).toBe("keyword");
    expect(output.results.map((r) => r.documentId)).toEqual([ids.lease]);
  });

  it("sends metadata filters, and a document without that metadata is not found", async () => {
    api.requests.length = 0;
    const { io, stdout } = captureIo();
    const args = ["--api", api.url, "search", QUERY, "--metadata", "team=finance", "--metadata", "year=2024"];
    expect(await runCli(args, io)).toBe(0);
    expect(JSON.parse(api.requests.at(-1)?.body ?? "").filters).toEqual({
      metadata: { team: "finance", year: "2024" },
    });
    expect(stdout.text).toMatch(/^no results\n0 results in [\d.]+ ms \(hybrid\)\n$/);
  });

  it("prints the API's response with --json", async () => {
    const { io, stdout } = captureIo({ tty: true });
    await runCli(["--api", api.url, "search", QUERY, "--json"], io);
    const output = JSON.parse(stdout.text) as { mode: string; tookMs: number; results: Record<string, unknown>[] };
    expect(output.mode).toBe("hybrid");
    expect(typeof output.tookMs).toBe("number");
    expect(output.results.map((r) => r.documentId).sort()).toEqual([ids.minutes, ids.lease].sort());
    expect(output.results[0]).toMatchObject({ filename: "minutes.txt", contentType: "text/plain", text: MINUTES });
  });

  it("rejects an unknown filter or mode as a usage error (exit 2) without calling the API", async () => {
    const before = api.requests.length;
    const bad = captureIo();
    expect(await runCli(["--api", api.url, "search", "x", "--filter", "colour=red"], bad.io)).toBe(2);
    expect(bad.stderr.text).toContain('unknown filter "colour"');
    const mode = captureIo();
    expect(await runCli(["--api", api.url, "search", "x", "--mode", "fuzzy"], mode.io)).toBe(2);
    expect(mode.stderr.text).toContain("Allowed choices are keyword, vector, hybrid");
    expect(api.requests.length).toBe(before);
  });
});
