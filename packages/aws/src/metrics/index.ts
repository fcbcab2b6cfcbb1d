export { createEmfPipelineMetrics } from "./emf-pipeline-metrics.ts";
