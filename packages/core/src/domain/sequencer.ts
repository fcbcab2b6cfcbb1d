/**
 * S3 sequencers are hexadecimal strings that order events for one key. Values of different
 * lengths compare as numbers: pad the shorter one with leading zeros, then compare as strings.
 */
export function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const left = a.toUpperCase().padStart(width, "0");
  const right = b.toUpperCase().padStart(width, "0");
  return left < right ? -1 : left > right ? 1 : 0;
}

/** A sequencer for sources that have none (the embedded store): milliseconds, then a counter. */
export function sequencerFromTime(epochMs: number, counter = 0): string {
  return epochMs.toString(16).toUpperCase().padStart(12, "0") + counter.toString(16).toUpperCase().padStart(6, "0");
}
