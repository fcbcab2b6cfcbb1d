import { Session } from "node:inspector/promises";

/** The V8 CPU profile of this thread, as the inspector's Profiler.stop returns it. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface TimeShare {
  category: string;
  msPerDocument: number;
  share: number;
}

/** Runs `work` under the V8 sampling profiler of this thread (the pipeline's event loop). */
export async function profileMainThread<T>(work: () => Promise<T>): Promise<{ result: T; profile: CpuProfile }> {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 500 });
    await session.post("Profiler.start");
    const result = await work();
    const { profile } = (await session.post("Profiler.stop")) as { profile: CpuProfile };
    return { result, profile };
  } finally {
    session.disconnect();
  }
}

// First match wins: a frame's script decides its category.
const CATEGORIES: [string, RegExp][] = [
  ["language detection (franc, in the rules extractor)", /franc|trigram-utils|n-gram/],
  ["dates (chrono-node, in the rules extractor)", /chrono-node/],
  ["schema validation (ajv)", /\/ajv|fast-uri|schema-validator/],
  [
    "rules extraction, evidence, classification (the rest)",
    /local-models\/src\/rules|core\/src\/(evidence|classification|extraction)|understand-document/,
  ],
  ["chunking (token counts, sentences)", /gpt-tokenizer|core\/src\/chunking|prepare-document/],
  ["detection and decoding of the bytes", /packages\/parsing|file-type|chardet|iconv-lite|strtok3|token-types/],
  [
    "SQLite: records, queue, FTS5 + vectors",
    /better-sqlite3|embedded\/src\/(sqlite|group-commit|event-queue|document-row|search)/,
  ],
  ["parse pool round trips (IPC, structured clone)", /tinypool|parse-pool|child_process|serialization|node:v8/],
  ["files: blobs, processed JSON, fsync", /filesystem-blob-store|atomic-file|internal\/fs|node:fs/],
  ["pipeline code and embedding batcher", /core\/src\/(usecases|embedding)|services\/worker|bench\/src/],
  ["loading modules (a library's first use)", /node:internal\/modules/],
  ["the profiler itself", /node:inspector/],
];

/**
 * Self time by category, per document. A native frame (fsync, a SQLite step) has no script: it
 * counts for the nearest caller that has one. Idle is the event loop waiting (the parse pool, the
 * disk, timers); it is listed so the shares add up to the wall time the profile covers.
 */
export function whereTheTimeGoes(profile: CpuProfile, documents: number): TimeShare[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const memo = new Map<number, string>();
  const categoryOf = (id: number): string => {
    const known = memo.get(id);
    if (known) return known;
    const category = categorise(id);
    memo.set(id, category);
    return category;
  };
  const categorise = (id: number): string => {
    const name = byId.get(id)?.callFrame.functionName ?? "";
    if (name === "(idle)") return "idle: waiting for I/O, the parse pool, timers";
    if (name === "(garbage collector)") return "garbage collection";
    if (name === "(program)") return "V8 and Node natives outside JavaScript";
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const url = byId.get(at)?.callFrame.url ?? "";
      if (!url) continue;
      return CATEGORIES.find(([, pattern]) => pattern.test(url))?.[0] ?? "other JavaScript (Node internals, libraries)";
    }
    return "V8 and Node natives outside JavaScript";
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const category = categoryOf(id);
    totals.set(category, (totals.get(category) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const all = [...totals.values()].reduce((a, b) => a + b, 0) || 1;
  return [...totals.entries()]
    .map(([category, micros]) => ({ category, msPerDocument: micros / 1000 / documents, share: micros / all }))
    .sort((a, b) => b.msPerDocument - a.msPerDocument);
}
