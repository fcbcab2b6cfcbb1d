import { percentile, round } from "../stats.ts";

export interface LoadResult {
  concurrency: number;
  requests: number;
  errors: number;
  seconds: number;
  qps: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * Closed-loop load: `concurrency` clients, each sending its next request when the last answered,
 * until `maxRequests` are done or `maxSeconds` have passed. Latency is the client's: from
 * fetch() to the whole body read.
 */
export async function closedLoop(
  send: (i: number) => Promise<Response>,
  options: { concurrency: number; maxRequests: number; maxSeconds: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;
  const lane = async () => {
    while (issued < options.maxRequests && performance.now() < deadline) {
      const i = issued++;
      const t = performance.now();
      try {
        const response = await send(i);
        await response.arrayBuffer();
        if (!response.ok) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  return {
    concurrency: options.concurrency,
    requests: latencies.length,
    errors,
    seconds: round(seconds, 2),
    qps: round(latencies.length / seconds),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
  };
}
