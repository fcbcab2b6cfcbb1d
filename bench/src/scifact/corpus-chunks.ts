import { type Chunk, type ChunkingOptions, chunkBlocks } from "@docworker/core";
import type { SciFactDoc } from "./dataset.ts";

/**
 * SciFact through docworker's real chunker, one document per SciFact entry: the title as a
 * heading (so every chunk of the document starts with it, as for any parsed document) and the
 * abstract as a paragraph. The parser is skipped: the input is already plain text.
 */
export function chunkSciFact(corpus: readonly SciFactDoc[], options: ChunkingOptions): Chunk[] {
  return corpus.flatMap((doc) =>
    chunkBlocks(
      doc.id,
      [
        ...(doc.title ? [{ kind: "heading" as const, text: doc.title, level: 1 }] : []),
        { kind: "paragraph" as const, text: doc.text },
      ],
      options,
    ),
  );
}
