import {
  type Embedder,
  jobStatus,
  type SearchResponse,
  searchDocuments,
  startReembedJob,
  type VectorSpaces,
  vectorSpaceOf,
} from "@docworker/core";
import { createHashingEmbedder } from "@docworker/local-models";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, openHarness } from "../support/pipeline-harness.ts";

const TENANT = "acme";
const TEXTS = [
  "Quarterly revenue grew strongly in Europe and the board approved the budget.",
  "Employees enjoyed the annual summer picnic by the lake.",
  "Revenue forecast for Asia next year, with a cautious budget.",
  "Minutes of the picnic committee: budget, revenue from tickets, weather.",
];
const docId = (n: number) => `doc_0123456789abcdef${String(n).padStart(2, "0")}`;
const key = (n: number) => `tenants/${TENANT}/documents/${docId(n)}/doc-${n}.txt`;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The vector spaces of the harness's data directory, for a process configured with `embedder`. */
function spacesOf(h: Harness, embedder: Embedder): VectorSpaces {
  return h.deps.spaces.withEmbedder(embedder, { searchStateTtlMs: 0 });
}

describe("changing the embedder", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("re-embeds every document into a space of its own through the queue, and switches searches when done, never mixing", async () => {
    const before = createHashingEmbedder({ dimension: 256 });
    h = await openHarness({ embedder: before, env: { REPROCESS_RATE_PER_SECOND: "20", REPROCESS_PAGE_SIZE: "2" } });
    h.deps.spaces = spacesOf(h, before);
    h.startConsuming();
    for (const [i, text] of TEXTS.entries()) await h.putRaw(key(i), text);
    await until("every document processed", async () => {
      const records = await Promise.all(
        TEXTS.map((_, i) => h.deps.metadata.get({ tenantId: TENANT, documentId: docId(i) })),
      );
      return records.every((r) => r?.status === "PROCESSED") ? true : undefined;
    });
    const oldSpace = vectorSpaceOf(before);
    const search = (spaces: VectorSpaces) =>
      searchDocuments(
        { spaces, index: h.deps.index, embedder: h.deps.embedder, rrfK: 60 },
        { tenantId: TENANT, query: "revenue budget picnic", k: 10, mode: "vector", filters: {} },
      );
    const answer = (response: SearchResponse) =>
      response.results
        .map((r) => `${r.chunkId}:${r.score.toFixed(5)}`)
        .sort()
        .join(" ");
    const expectedOld = answer(await search(h.deps.spaces));
    expect(expectedOld.split(" ")).toHaveLength(TEXTS.length);

    // The worker and the API restart with another embedder (another dimension).
    const after = createHashingEmbedder({ dimension: 128 });
    h.deps.embedder = after;
    h.deps.spaces = spacesOf(h, after);
    const job = await startReembedJob(
      { ...h.deps, queue: h.adapters.queue, jobs: h.adapters.jobs, spaces: h.deps.spaces },
      TENANT,
    );
    expect(job).toMatchObject({ jobId: `job_reembed_${vectorSpaceOf(after).key}`, status: "RUNNING" });
    // Started again (a restart, a second API process): the same job, not a second one.
    const again = await startReembedJob(
      { ...h.deps, queue: h.adapters.queue, jobs: h.adapters.jobs, spaces: h.deps.spaces },
      TENANT,
    );
    expect(again?.jobId).toBe(job?.jobId);

    const answers: string[] = [];
    const finished = await until("the re-embedding job", async () => {
      answers.push(answer(await search(h.deps.spaces)));
      const stored = await h.adapters.jobs.get(TENANT, job?.jobId as string);
      return stored && jobStatus(stored) === "SUCCEEDED" ? stored : undefined;
    });
    expect(finished).toMatchObject({ matched: TEXTS.length, processed: TEXTS.length, failed: 0, listed: true });
    const state = await h.deps.spaces.state();
    expect(state.active).toEqual(vectorSpaceOf(after));
    expect(state.next).toBeUndefined();
    expect(state.home).toEqual(oldSpace);
    const expectedNew = answer(await search(h.deps.spaces));
    expect(expectedNew.split(" ")).toHaveLength(TEXTS.length);
    expect(expectedNew).not.toBe(expectedOld);
    // Every search while the job ran read the whole old space or, after the switch, the whole new one.
    expect(answers.length).toBeGreaterThan(1);
    for (const seen of answers) expect([expectedOld, expectedNew]).toContain(seen);
    expect(answers).toContain(expectedOld);
    // The records name the embedder whose space they were last written for.
    const record = await h.deps.metadata.get({ tenantId: TENANT, documentId: docId(0) });
    expect(record?.embedder).toBe(after.model);
  });
});
