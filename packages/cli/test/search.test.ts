import { buildSnippet } from "@docworker/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SearchHit } from "../src/api-types.ts";
import { runCli } from "../src/cli.ts";
import { captureIo } from "./support/capture-io.ts";
import { type StandInApi, startStandInApi } from "./support/stand-in-api.ts";

const QUERY = "office move";
const TEXTS = [
  'The board decided the office move happens in May; costs < $5k & "approved".',
  "Moving the office requires a new lease <mark>not a tag</mark>.",
];
const HITS: SearchHit[] = [
  {
    documentId: "doc_0123456789abcdef01",
    chunkId: "doc_0123456789abcdef01#0",
    score: 0.0327868,
    text: TEXTS[0] ?? "",
    snippet: buildSnippet(TEXTS[0] ?? "", QUERY),
    page: 3,
    headingPath: ["Minutes"],
    filename: "minutes.pdf",
    contentType: "application/pdf",
    metadata: {},
  },
  {
    documentId: "doc_abcdef0123456789ab",
    chunkId: "doc_abcdef0123456789ab#4",
    score: 0.0161,
    text: TEXTS[1] ?? "",
    snippet: buildSnippet(TEXTS[1] ?? "", QUERY),
    page: 1,
    pageEnd: 2,
    headingPath: [],
    filename: "lease\u001b[31m.docx",
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  },
];

let api: StandInApi;
beforeAll(async () => {
  api = await startStandInApi({ searchResults: HITS });
});
afterAll(() => api.close());

describe("search", () => {
  it("renders rank, score, filename, page and a decoded snippet with marks in bold on a terminal", async () => {
    const { io, stdout } = captureIo({ tty: true });
    const code = await runCli(["--api", api.url, "search", "office", "move"], io);
    expect(code).toBe(0);
    const bold = (text: string) => `\x1b[1m${text}\x1b[22m`;
    expect(stdout.text).toContain(`${bold("1")}  0.03279  minutes.pdf  \x1b[2mp. 3\x1b[22m`);
    expect(stdout.text).toContain(
      `The board decided the ${bold("office")} ${bold("move")} happens in May; costs < $5k & "approved".`,
    );
    // the document's own "<mark>" stays text: only the API's marks become bold
    expect(stdout.text).toContain(`Moving the ${bold("office")} requires a new lease <mark>not a tag</mark>.`);
    expect(stdout.text).toContain("pp. 1-2");
    // control characters from a document never reach the terminal
    expect(stdout.text).toContain("lease [31m.docx");
    expect(stdout.text).toContain("2 results in 4.2 ms (hybrid)");
  });

  it("prints plain text when stdout is not a terminal", async () => {
    const { io, stdout } = captureIo();
    await runCli(["--api", api.url, "search", QUERY], io);
    expect(stdout.text).not.toContain("\x1b");
    expect(stdout.text.split("\n").slice(0, 2)).toEqual([
      "1  0.03279  minutes.pdf  p. 3",
      '   The board decided the office move happens in May; costs < $5k & "approved".',
    ]);
  });

  it("sends k, mode and every filter in the request body", async () => {
    const { io } = captureIo();
    const code = await runCli(
      [
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
        "min",
        "--metadata",
        "team=finance",
        "--metadata",
        "year=2024",
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
        filenamePrefix: "min",
        metadata: { team: "finance", year: "2024" },
      },
    });
  });

  it("prints the raw response with --json", async () => {
    const { io, stdout } = captureIo({ tty: true });
    await runCli(["--api", api.url, "search", QUERY, "--json"], io);
    expect(JSON.parse(stdout.text)).toEqual({ mode: "hybrid", tookMs: 4.2, results: HITS });
  });

  it("says so when nothing matches", async () => {
    const empty = await startStandInApi({ searchResults: [] });
    const { io, stdout } = captureIo();
    expect(await runCli(["--api", empty.url, "search", "nothing"], io)).toBe(0);
    expect(stdout.text).toBe("no results\n0 results in 4.2 ms (hybrid)\n");
    await empty.close();
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
