import { afterEach, describe, expect, it, vi } from "vitest";
import { createEmfPipelineMetrics } from "../../src/metrics/emf-pipeline-metrics.ts";

describe("EMF pipeline metrics", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes one EMF document per handled message, with tokens, stages and the outcome", () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const metrics = createEmfPipelineMetrics({ service: "worker" });
    metrics.messageHandled({
      kind: "ingest",
      outcome: "processed",
      durationMs: 420,
      stages: { parse: 12, embed: 300 },
      usage: { inputTokens: 1000, outputTokens: 200, embeddingTokens: 900 },
    });
    metrics.messageHandled({ kind: "ingest", outcome: "retry", errorCode: "THROTTLED", durationMs: 5 });
    vi.restoreAllMocks();

    const docs = lines.filter((line) => line.includes("_aws")).map((line) => JSON.parse(line));
    expect(docs).toHaveLength(2);
    const [processed, throttled] = docs;
    const names = (doc: any) => doc._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name);
    expect(processed._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: "docworker" });
    expect(processed._aws.CloudWatchMetrics[0].Dimensions[0]).toEqual(expect.arrayContaining(["service", "Outcome"]));
    expect(processed).toMatchObject({
      service: "worker",
      Outcome: "ingest:processed",
      DocumentsProcessed: 1,
      HandlingLatency: 420,
      BedrockInputTokens: 1000,
      StageEmbedLatency: 300,
    });
    expect(names(processed)).toEqual(
      expect.arrayContaining(["MessagesHandled", "DocumentsProcessed", "BedrockOutputTokens"]),
    );
    expect(throttled).toMatchObject({ Outcome: "ingest:retry", Throttles: 1, ErrorCode: "THROTTLED" });
    expect(names(throttled)).not.toContain("DocumentsProcessed");
  });
});
