/**
 * The ARN partition of a region. ARNs built from a bare id ("amazon.rerank-v1:0") must name it:
 * `arn:aws:` does not exist in AWS GovCloud or China, where the call would be refused.
 */
const PARTITIONS: [prefix: string, partition: string][] = [
  ["cn-", "aws-cn"],
  ["us-gov-", "aws-us-gov"],
  ["us-isob-", "aws-iso-b"],
  ["us-isof-", "aws-iso-f"],
  ["eu-isoe-", "aws-iso-e"],
  ["us-iso-", "aws-iso"],
];

export function partitionOf(region: string): string {
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "aws";
}
