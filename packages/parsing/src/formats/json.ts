import type { TextBlock } from "@docworker/core";
import type { FormatParser } from "../format-parser.ts";
import { parseError } from "../parse-error.ts";
import { decodeText } from "../text/decode-text.ts";
import { normaliseInline } from "../text/normalise-whitespace.ts";

/**
 * JSON as readable text: one "path: value" line per value, so that a chunk says what each value is.
 * A top-level array (or an array under a top-level key) gives one block per element, so records
 * are not cut apart.
 */
export const parseJson: FormatParser = async ({ bytes }) => {
  const value = parseOrCorrupt(decodeText(bytes).text, "JSON");
  return { blocks: valueToBlocks(value) };
};

/** NDJSON / JSON Lines: one block per record. */
export const parseNdjson: FormatParser = async ({ bytes }) => {
  const blocks: TextBlock[] = [];
  decodeText(bytes)
    .text.split(/\r?\n/)
    .forEach((line, index) => {
      if (!line.trim()) return;
      const text = valueLines(parseOrCorrupt(line, `NDJSON line ${index + 1}`), "").join("\n");
      if (text) blocks.push({ kind: "paragraph", text });
    });
  return { blocks };
};

function parseOrCorrupt(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw parseError("CORRUPT", `${what} is not valid: ${(error as Error).message}`, error);
  }
}

function valueToBlocks(value: unknown): TextBlock[] {
  const blocks: TextBlock[] = [];
  const push = (lines: string[]) => {
    if (lines.length > 0) blocks.push({ kind: "paragraph", text: lines.join("\n") });
  };
  if (Array.isArray(value) && value.some((element) => typeof element === "object" && element !== null)) {
    for (const element of value) push(valueLines(element, ""));
  } else if (isObject(value)) {
    let scalars: string[] = [];
    for (const [key, child] of Object.entries(value)) {
      if (Array.isArray(child) && child.some((element) => isObject(element) || Array.isArray(element))) {
        push(scalars);
        scalars = [];
        child.forEach((element, index) => {
          push(valueLines(element, `${key}[${index}]`));
        });
      } else {
        scalars.push(...valueLines(child, key));
      }
    }
    push(scalars);
  } else {
    push(valueLines(value, ""));
  }
  return blocks;
}

function valueLines(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((element, index) => valueLines(element, `${path}[${index}]`));
  if (isObject(value)) {
    return Object.entries(value).flatMap(([key, child]) => valueLines(child, path ? `${path}.${key}` : key));
  }
  if (value === null || value === "") return [];
  const text = normaliseInline(String(value));
  if (!text) return [];
  return [path ? `${path}: ${text}` : text];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
