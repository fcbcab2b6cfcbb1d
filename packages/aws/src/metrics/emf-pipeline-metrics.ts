import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { MessageHandled, PipelineMetrics } from "@docworker/core";

/**
 * CloudWatch metrics as Embedded Metric Format lines on stdout (Powertools' EMF writer): the
 * awslogs driver ships them and CloudWatch extracts the metrics, so the worker needs neither
 * PutMetricData nor an agent. Namespace `docworker`, dimensions service and Outcome.
 */
export function createEmfPipelineMetrics(options: { service: string; namespace?: string }): PipelineMetrics {
  const metrics = new Metrics({ namespace: options.namespace ?? "docworker", serviceName: options.service });
  return {
    // Synchronous from first metric to publish, so concurrent messages never mix their metrics.
    messageHandled(event: MessageHandled) {
      metrics.addDimension("Outcome", `${event.kind}:${event.outcome}`);
      metrics.addMetric("MessagesHandled", MetricUnit.Count, 1);
      metrics.addMetric("HandlingLatency", MetricUnit.Milliseconds, event.durationMs);
      if (event.kind === "ingest" && event.outcome === "processed")
        metrics.addMetric("DocumentsProcessed", MetricUnit.Count, 1);
      if (event.kind === "ingest" && event.outcome === "failed")
        metrics.addMetric("DocumentsFailed", MetricUnit.Count, 1);
      if (event.errorCode === "THROTTLED") metrics.addMetric("Throttles", MetricUnit.Count, 1);
      if (event.usage) {
        metrics.addMetric("BedrockInputTokens", MetricUnit.Count, event.usage.inputTokens);
        metrics.addMetric("BedrockOutputTokens", MetricUnit.Count, event.usage.outputTokens);
        metrics.addMetric("EmbeddingTokens", MetricUnit.Count, event.usage.embeddingTokens);
      }
      for (const [stage, ms] of Object.entries(event.stages ?? {})) {
        metrics.addMetric(`Stage${stage[0]?.toUpperCase()}${stage.slice(1)}Latency`, MetricUnit.Milliseconds, ms);
      }
      if (event.errorCode) metrics.addMetadata("ErrorCode", event.errorCode);
      metrics.publishStoredMetrics();
    },
  };
}
