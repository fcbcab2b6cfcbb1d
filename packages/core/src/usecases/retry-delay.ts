/**
 * Exponential backoff with full jitter (the AWS Architecture Blog's recommendation): a random
 * delay between 0 and min(max, base * 2^(attempt-1)), so retries after an outage spread out.
 */
export function retryDelaySeconds(
  attempt: number,
  policy: { backoffBaseSeconds: number; backoffMaxSeconds: number },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.backoffMaxSeconds, policy.backoffBaseSeconds * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling * 1000) / 1000;
}
